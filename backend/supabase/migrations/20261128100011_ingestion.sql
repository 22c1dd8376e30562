-- Ingestion: how DICOM objects reach the image index. The `iqs` CLI and `npm start` read files or a PACS, turn each
-- object into a record with the domain core's code, and hand batches to ingest_records() here, which resolves the
-- department's mappings (rooms, procedures, operators) and applies rejection notes in either order, in one
-- transaction per batch. Everything here is written by the service role; admins read what needs their attention.

-- what the procedure aliases can also match on
alter table public.images add column protocol_name text, add column series_description text;

------------------------------------------------------------------------------------------------------------------
-- IHE IOCM rejection notes (KOS), kept so that an image ingested after its note is still marked rejected
------------------------------------------------------------------------------------------------------------------
create table public.rejection_notes (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  sop_instance_uid text not null,
  study_instance_uid text,
  -- the KOS document title: 113001 quality (a reject), 113037 patient safety, 113038 worklist, 113039 retention
  title_code text not null check (title_code in ('113001', '113037', '113038', '113039')),
  referenced_sop_uids text[] not null,
  source public.image_source not null,
  source_ref text,
  ingested_at timestamptz not null default now(),
  unique (site_id, sop_instance_uid)
);
create index rejection_notes_refs_idx on public.rejection_notes using gin (referenced_sop_uids);
comment on table public.rejection_notes is 'IOCM rejection notes; 113001 marks the referenced images rejected.';

------------------------------------------------------------------------------------------------------------------
-- radiation dose structured reports (RDSR), linked to their study
------------------------------------------------------------------------------------------------------------------
create table public.dose_reports (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  sop_instance_uid text not null,
  study_instance_uid text,
  series_instance_uid text,
  study_date date,
  station_id uuid,
  station_name text,
  procedure_id uuid,
  study_description text,
  operator_names text[],
  patient_age_years smallint check (patient_age_years between 0 and 130),
  dap_gy_cm2 double precision check (dap_gy_cm2 > 0),
  dlp_mgy_cm double precision check (dlp_mgy_cm > 0),
  ctdivol_mgy double precision check (ctdivol_mgy > 0),
  exposure_index double precision check (exposure_index > 0),
  target_exposure_index double precision check (target_exposure_index > 0),
  deviation_index double precision,
  source public.image_source not null,
  source_ref text,
  ingested_at timestamptz not null default now(),
  unique (site_id, sop_instance_uid),
  foreign key (site_id, station_id) references public.stations (site_id, id),
  foreign key (site_id, procedure_id) references public.procedures (site_id, id)
);
create index dose_reports_study_idx on public.dose_reports (site_id, study_instance_uid);
comment on table public.dose_reports is 'Dose reports (RDSR): DAP total, DLP total and the largest CTDIvol of a study.';

------------------------------------------------------------------------------------------------------------------
-- files that could not be read, with the reason; and what a harvest of a PACS has done so far
------------------------------------------------------------------------------------------------------------------
create table public.ingest_quarantine (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  -- a file path or a DICOMweb URL
  source_ref text not null,
  reason text not null,
  first_seen timestamptz not null default now(),
  last_seen timestamptz not null default now(),
  attempts integer not null default 1,
  unique (site_id, source_ref)
);
comment on table public.ingest_quarantine is 'DICOM input that could not be read, with the reason; cleared when it reads later.';

create table public.harvest_progress (
  site_id uuid not null references public.sites (id),
  -- the PACS's DICOMweb root URL
  source text not null,
  study_instance_uid text not null,
  instances integer not null,
  harvested_at timestamptz not null default now(),
  primary key (site_id, source, study_instance_uid)
);
comment on table public.harvest_progress is 'Studies a harvest has read completely, so that a re-run continues where it stopped.';

create trigger rejection_notes_keep_site before update on public.rejection_notes
  for each row execute function private.keep_site();
create trigger dose_reports_keep_site before update on public.dose_reports
  for each row execute function private.keep_site();
create trigger ingest_quarantine_keep_site before update on public.ingest_quarantine
  for each row execute function private.keep_site();
create trigger harvest_progress_keep_site before update on public.harvest_progress
  for each row execute function private.keep_site();

------------------------------------------------------------------------------------------------------------------
-- the department's mappings, as ingestion resolves them
------------------------------------------------------------------------------------------------------------------
-- (parameters are qualified with the function's name: in SQL functions a column of the same name would win)
create function private.station_for(site uuid, name text) returns uuid
language sql stable set search_path = ''
as $$
  select s.id from public.stations s
  where s.site_id = station_for.site and lower(btrim(s.station_name)) = lower(btrim(station_for.name))
$$;

-- the alias of highest priority that matches; among equals the longest (most specific) pattern
create function private.procedure_for(site uuid, study_description text, protocol_name text, series_description text) returns uuid
language sql stable set search_path = ''
as $$
  select a.procedure_id
  from public.procedure_aliases a
  where a.site_id = procedure_for.site
    and case a.field
          when 'study_description' then procedure_for.study_description ilike a.pattern
          when 'protocol_name' then procedure_for.protocol_name ilike a.pattern
          when 'series_description' then procedure_for.series_description ilike a.pattern
        end
  order by a.priority desc, length(a.pattern) desc
  limit 1
$$;

create function private.person_for_alias(site uuid, raw_name text) returns uuid
language sql stable set search_path = ''
as $$
  select a.person_id from public.operator_aliases a
  where a.site_id = person_for_alias.site and lower(btrim(a.raw_name)) = lower(btrim(person_for_alias.raw_name))
$$;

create function private.rejected_by_note(site uuid, sop_instance_uid text) returns boolean
language sql stable set search_path = ''
as $$
  select exists (
    select 1 from public.rejection_notes n
    where n.site_id = rejected_by_note.site and n.title_code = '113001'
      and n.referenced_sop_uids @> array[rejected_by_note.sop_instance_uid]
  )
$$;

revoke all on function private.station_for(uuid, text), private.procedure_for(uuid, text, text, text),
  private.person_for_alias(uuid, text), private.rejected_by_note(uuid, text) from public, anon, authenticated;
grant execute on function private.station_for(uuid, text), private.procedure_for(uuid, text, text, text),
  private.person_for_alias(uuid, text), private.rejected_by_note(uuid, text) to service_role;

------------------------------------------------------------------------------------------------------------------
-- ingest_records: one batch of records (the JSON Lines contract of `iqs ingest`), in one transaction
------------------------------------------------------------------------------------------------------------------
create function public.ingest_records(site uuid, records jsonb) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  rec jsonb;
  new_image_id uuid;
  refs text[];
  counts jsonb := '{"images":0,"rejection_notes":0,"dose_reports":0,"other":0}'::jsonb;
  kind text;
begin
  if not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', site using errcode = 'P0001';
  end if;
  for rec in select value from jsonb_array_elements(records) loop
    kind := coalesce(rec ->> 'object', 'other');
    if kind = 'image' then
      insert into public.images as i (
        site_id, sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, modality, study_date,
        station_id, station_name, procedure_id, study_description, protocol_name, series_description, view_position,
        patient_age_years, dap_gy_cm2, organ_dose_mgy, body_part_thickness_mm, ctdivol_mgy, dlp_mgy_cm,
        exposure_index, target_exposure_index, deviation_index, rejected, source, source_ref, ingested_at)
      values (
        site, rec ->> 'sop_instance_uid', rec ->> 'study_instance_uid', rec ->> 'series_instance_uid',
        rec ->> 'sop_class_uid', rec ->> 'modality', (rec ->> 'study_date')::date,
        private.station_for(site, rec ->> 'station_name'), rec ->> 'station_name',
        private.procedure_for(site, rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description'),
        rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description', rec ->> 'view_position',
        (rec ->> 'patient_age_years')::smallint, (rec ->> 'dap_gy_cm2')::double precision,
        (rec ->> 'organ_dose_mgy')::double precision, (rec ->> 'body_part_thickness_mm')::double precision,
        (rec ->> 'ctdivol_mgy')::double precision, (rec ->> 'dlp_mgy_cm')::double precision,
        (rec ->> 'exposure_index')::double precision, (rec ->> 'target_exposure_index')::double precision,
        (rec ->> 'deviation_index')::double precision,
        coalesce((rec ->> 'rejected')::boolean, false) or private.rejected_by_note(site, rec ->> 'sop_instance_uid'),
        (rec ->> 'source')::public.image_source, rec ->> 'source_ref', now())
      on conflict (site_id, sop_instance_uid) do update set
        study_instance_uid = excluded.study_instance_uid, series_instance_uid = excluded.series_instance_uid,
        sop_class_uid = excluded.sop_class_uid, modality = excluded.modality, study_date = excluded.study_date,
        station_id = excluded.station_id, station_name = excluded.station_name, procedure_id = excluded.procedure_id,
        study_description = excluded.study_description, protocol_name = excluded.protocol_name,
        series_description = excluded.series_description, view_position = excluded.view_position,
        patient_age_years = excluded.patient_age_years, dap_gy_cm2 = excluded.dap_gy_cm2,
        organ_dose_mgy = excluded.organ_dose_mgy, body_part_thickness_mm = excluded.body_part_thickness_mm,
        ctdivol_mgy = excluded.ctdivol_mgy, dlp_mgy_cm = excluded.dlp_mgy_cm, exposure_index = excluded.exposure_index,
        target_exposure_index = excluded.target_exposure_index, deviation_index = excluded.deviation_index,
        -- once rejected by a note, an image stays rejected when it is read again
        rejected = excluded.rejected or i.rejected, source = excluded.source, source_ref = excluded.source_ref,
        ingested_at = excluded.ingested_at
      returning i.id into new_image_id;

      delete from public.image_operators o where o.image_id = new_image_id;
      insert into public.image_operators (site_id, image_id, position, raw_name, person_id)
      select site, new_image_id, (t.ordinality - 1)::smallint, t.name, private.person_for_alias(site, t.name)
      from jsonb_array_elements_text(coalesce(nullif(rec -> 'operator_names', 'null'::jsonb), '[]'::jsonb)) with ordinality as t (name, ordinality);
      counts := jsonb_set(counts, '{images}', to_jsonb((counts ->> 'images')::int + 1));

    elsif kind = 'rejection_note' then
      refs := array(select jsonb_array_elements_text(coalesce(rec -> 'rejects', '[]'::jsonb)));
      insert into public.rejection_notes (site_id, sop_instance_uid, study_instance_uid, title_code, referenced_sop_uids, source, source_ref)
      values (site, rec ->> 'sop_instance_uid', rec ->> 'study_instance_uid', rec ->> 'rejection_code', refs,
              (rec ->> 'source')::public.image_source, rec ->> 'source_ref')
      on conflict (site_id, sop_instance_uid) do update set
        title_code = excluded.title_code, referenced_sop_uids = excluded.referenced_sop_uids,
        study_instance_uid = excluded.study_instance_uid, source = excluded.source, source_ref = excluded.source_ref,
        ingested_at = now();
      if rec ->> 'rejection_code' = '113001' then
        update public.images i set rejected = true
        where i.site_id = site and i.sop_instance_uid = any (refs) and not i.rejected;
      end if;
      counts := jsonb_set(counts, '{rejection_notes}', to_jsonb((counts ->> 'rejection_notes')::int + 1));

    elsif kind = 'dose_report' then
      insert into public.dose_reports (
        site_id, sop_instance_uid, study_instance_uid, series_instance_uid, study_date, station_id, station_name,
        procedure_id, study_description, operator_names, patient_age_years, dap_gy_cm2, dlp_mgy_cm, ctdivol_mgy,
        exposure_index, target_exposure_index, deviation_index, source, source_ref)
      values (
        site, rec ->> 'sop_instance_uid', rec ->> 'study_instance_uid', rec ->> 'series_instance_uid',
        (rec ->> 'study_date')::date, private.station_for(site, rec ->> 'station_name'), rec ->> 'station_name',
        private.procedure_for(site, rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description'),
        rec ->> 'study_description',
        array(select jsonb_array_elements_text(coalesce(nullif(rec -> 'operator_names', 'null'::jsonb), '[]'::jsonb))),
        (rec ->> 'patient_age_years')::smallint, (rec ->> 'dap_gy_cm2')::double precision,
        (rec ->> 'dlp_mgy_cm')::double precision, (rec ->> 'ctdivol_mgy')::double precision,
        (rec ->> 'exposure_index')::double precision, (rec ->> 'target_exposure_index')::double precision,
        (rec ->> 'deviation_index')::double precision, (rec ->> 'source')::public.image_source, rec ->> 'source_ref')
      on conflict (site_id, sop_instance_uid) do update set
        study_instance_uid = excluded.study_instance_uid, series_instance_uid = excluded.series_instance_uid,
        study_date = excluded.study_date, station_id = excluded.station_id, station_name = excluded.station_name,
        procedure_id = excluded.procedure_id, study_description = excluded.study_description,
        operator_names = excluded.operator_names, patient_age_years = excluded.patient_age_years,
        dap_gy_cm2 = excluded.dap_gy_cm2, dlp_mgy_cm = excluded.dlp_mgy_cm, ctdivol_mgy = excluded.ctdivol_mgy,
        exposure_index = excluded.exposure_index, target_exposure_index = excluded.target_exposure_index,
        deviation_index = excluded.deviation_index, source = excluded.source, source_ref = excluded.source_ref,
        ingested_at = now();
      counts := jsonb_set(counts, '{dose_reports}', to_jsonb((counts ->> 'dose_reports')::int + 1));

    else
      counts := jsonb_set(counts, '{other}', to_jsonb((counts ->> 'other')::int + 1));
    end if;

    -- what reads now is no longer in quarantine
    if rec ->> 'source_ref' is not null then
      delete from public.ingest_quarantine q where q.site_id = site and q.source_ref = rec ->> 'source_ref';
    end if;
  end loop;
  return counts;
end
$$;

-- unreadable input, with the reason (counted when seen again)
create function public.quarantine_files(site uuid, entries jsonb) returns integer
language sql security invoker set search_path = ''
as $$
  with added as (
    insert into public.ingest_quarantine as q (site_id, source_ref, reason)
    select quarantine_files.site, e ->> 'source_ref', e ->> 'reason' from jsonb_array_elements(quarantine_files.entries) as e
    on conflict (site_id, source_ref) do update set reason = excluded.reason, last_seen = now(), attempts = q.attempts + 1
    returning 1
  )
  select count(*)::integer from added
$$;

-- after an admin changed a mapping: resolve rooms, procedures and operators of the whole index again
create function public.remap_site(site uuid) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  images_changed integer;
  operators_changed integer;
  reports_changed integer;
begin
  update public.images i set
    station_id = private.station_for(site, i.station_name),
    procedure_id = private.procedure_for(site, i.study_description, i.protocol_name, i.series_description)
  where i.site_id = site
    and (i.station_id is distinct from private.station_for(site, i.station_name)
      or i.procedure_id is distinct from private.procedure_for(site, i.study_description, i.protocol_name, i.series_description));
  get diagnostics images_changed = row_count;
  update public.image_operators o set person_id = private.person_for_alias(site, o.raw_name)
  where o.site_id = site and o.person_id is distinct from private.person_for_alias(site, o.raw_name);
  get diagnostics operators_changed = row_count;
  update public.dose_reports r set
    station_id = private.station_for(site, r.station_name),
    procedure_id = private.procedure_for(site, r.study_description, null, null)
  where r.site_id = site
    and (r.station_id is distinct from private.station_for(site, r.station_name)
      or r.procedure_id is distinct from private.procedure_for(site, r.study_description, null, null));
  get diagnostics reports_changed = row_count;
  return jsonb_build_object('images', images_changed, 'operators', operators_changed, 'dose_reports', reports_changed);
end
$$;

revoke all on function public.ingest_records(uuid, jsonb), public.quarantine_files(uuid, jsonb), public.remap_site(uuid) from public, anon, authenticated;
grant execute on function public.ingest_records(uuid, jsonb), public.quarantine_files(uuid, jsonb), public.remap_site(uuid) to service_role;

------------------------------------------------------------------------------------------------------------------
-- what needs the admin's attention: operator names and study descriptions no mapping matched
------------------------------------------------------------------------------------------------------------------
create view public.unmatched_operator_names with (security_invoker = true) as
  select o.site_id, o.raw_name, count(*)::integer as images, min(i.study_date) as first_study, max(i.study_date) as last_study
  from public.image_operators o join public.images i on i.id = o.image_id
  where o.person_id is null
  group by o.site_id, o.raw_name;

create view public.unmatched_procedures with (security_invoker = true) as
  select i.site_id, i.study_description, i.protocol_name, count(*)::integer as images, min(i.study_date) as first_study, max(i.study_date) as last_study
  from public.images i
  where i.procedure_id is null
  group by i.site_id, i.study_description, i.protocol_name;

------------------------------------------------------------------------------------------------------------------
-- privileges and Row Level Security
------------------------------------------------------------------------------------------------------------------
revoke all on public.rejection_notes, public.dose_reports, public.ingest_quarantine, public.harvest_progress,
  public.unmatched_operator_names, public.unmatched_procedures from anon, authenticated;
grant select on public.rejection_notes, public.dose_reports, public.ingest_quarantine, public.harvest_progress,
  public.unmatched_operator_names, public.unmatched_procedures to authenticated;
alter table public.rejection_notes enable row level security;
alter table public.dose_reports enable row level security;
alter table public.ingest_quarantine enable row level security;
alter table public.harvest_progress enable row level security;

create policy rejection_notes_select on public.rejection_notes for select to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('quality_officer', 'admin')));
create policy dose_reports_select on public.dose_reports for select to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('reviewer', 'quality_officer', 'admin')));
create policy ingest_quarantine_select on public.ingest_quarantine for select to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
create policy harvest_progress_select on public.harvest_progress for select to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
