-- The image index: every acquired image's IQS facts, as the ingestion reads them from DICOM (the same code as the
-- viewer's panel). Reject rates need every image as their denominator, samples are drawn from the accepted ones,
-- dose comparisons need every dose. No patient names, IDs or birth dates: only the age at the study.
--
-- Units are canonical and in the column names (shared/reference/domain.md §4.4): DAP in Gy·cm², doses in mGy,
-- DLP in mGy·cm, thickness in mm. Null means unknown, never zero.

create type public.image_source as enum ('file', 'dicomweb', 'demo');

create table public.images (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  sop_instance_uid text not null check (sop_instance_uid ~ '^[0-9.]{1,64}$'),
  study_instance_uid text not null check (study_instance_uid ~ '^[0-9.]{1,64}$'),
  series_instance_uid text not null check (series_instance_uid ~ '^[0-9.]{1,64}$'),
  sop_class_uid text,
  modality text,
  study_date date,
  station_id uuid,
  station_name text,
  procedure_id uuid,
  study_description text,
  view_position text,
  patient_age_years smallint check (patient_age_years between 0 and 130),
  dap_gy_cm2 double precision check (dap_gy_cm2 > 0),
  organ_dose_mgy double precision check (organ_dose_mgy > 0),
  body_part_thickness_mm double precision check (body_part_thickness_mm > 0),
  ctdivol_mgy double precision check (ctdivol_mgy > 0),
  dlp_mgy_cm double precision check (dlp_mgy_cm > 0),
  exposure_index double precision check (exposure_index > 0),
  target_exposure_index double precision check (target_exposure_index > 0),
  deviation_index double precision,
  -- marked by an IHE IOCM rejection note 113001 "Rejected for Quality Reasons"
  rejected boolean not null default false,
  source public.image_source not null,
  -- where it came from: a file path or a DICOMweb URL
  source_ref text,
  ingested_at timestamptz not null default now(),
  unique (site_id, sop_instance_uid),
  unique (site_id, id),
  foreign key (site_id, station_id) references public.stations (site_id, id),
  foreign key (site_id, procedure_id) references public.procedures (site_id, id)
);
create index images_site_date_idx on public.images (site_id, study_date);
create index images_site_procedure_idx on public.images (site_id, procedure_id, study_date);
create index images_site_station_idx on public.images (site_id, station_id, study_date);
comment on table public.images is 'One row per acquired image: IQS facts in canonical units, accepted or rejected. No patient identity.';

-- The operators of an image (all values of OperatorsName), each resolved to a person where an alias exists.
create table public.image_operators (
  site_id uuid not null,
  image_id uuid not null,
  position smallint not null check (position >= 0),
  raw_name text not null,
  person_id uuid,
  primary key (image_id, position),
  foreign key (site_id, image_id) references public.images (site_id, id) on delete cascade,
  foreign key (site_id, person_id) references public.people (site_id, id)
);
create index image_operators_person_idx on public.image_operators (person_id);

create trigger images_keep_site before update on public.images
  for each row execute function private.keep_site();
create trigger image_operators_keep_site before update on public.image_operators
  for each row execute function private.keep_site();

-- Is the signed-in person one of the operators of this image? (security definer: operators of images the caller
-- cannot see are not revealed, only this yes/no)
create function private.is_operator_of(image uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.image_operators o
    where o.image_id = image and o.person_id = private.current_person_id()
  )
$$;
revoke all on function private.is_operator_of(uuid) from public, anon;
grant execute on function private.is_operator_of(uuid) to authenticated, service_role;

revoke all on public.images, public.image_operators from anon, authenticated;
grant select, update on public.images to authenticated;
grant select, update on public.image_operators to authenticated;
alter table public.images enable row level security;
alter table public.image_operators enable row level security;

-- A radiographer sees the images they made; reviewers (who sample colleagues' images), quality officers and
-- admins see the site's. Images are written by the ingestion (service role); an admin corrects mappings.
create policy images_select on public.images for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('reviewer', 'quality_officer', 'admin')) or private.is_operator_of(id))
  );
create policy images_update on public.images for update to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()));

-- Operators are visible with their image (the subquery runs under the images policy).
create policy image_operators_select on public.image_operators for select to authenticated
  using (exists (select 1 from public.images i where i.id = image_id));
create policy image_operators_update on public.image_operators for update to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()));
