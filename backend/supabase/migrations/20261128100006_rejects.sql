-- Reject analysis: the reasons a department uses (DICOM CID 7011 codes plus local categories, in Dutch and English)
-- and, for each rejected image, the reason its radiographer gave.

create table public.reject_reasons (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  -- 'DCM' for DICOM CID 7011 codes, 'IQS' for the local categories
  coding_scheme text not null check (coding_scheme in ('DCM', 'IQS')),
  code text not null,
  label_nl text not null,
  label_en text not null,
  -- a coarse grouping for charts: positioning, exposure, motion, artefact, equipment, other
  category text not null,
  -- test/QC images are excluded from reject rates (AAPM TG-305)
  counts_as_reject boolean not null default true,
  sort_order integer not null default 0,
  active boolean not null default true,
  unique (site_id, coding_scheme, code),
  unique (site_id, id)
);
comment on table public.reject_reasons is 'Reject-reason taxonomy of a site: DICOM CID 7011 plus local categories.';

create table public.rejects (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null,
  image_id uuid not null,
  reason_id uuid not null,
  comment text,
  recorded_by uuid not null,
  recorded_at timestamptz not null default now(),
  unique (image_id),
  foreign key (site_id, image_id) references public.images (site_id, id) on delete cascade,
  foreign key (site_id, reason_id) references public.reject_reasons (site_id, id),
  foreign key (site_id, recorded_by) references public.people (site_id, id)
);
create index rejects_site_idx on public.rejects (site_id, recorded_at);
comment on table public.rejects is 'The reason a rejected image was retaken, as its radiographer recorded it.';

create trigger reject_reasons_keep_site before update on public.reject_reasons
  for each row execute function private.keep_site();
create trigger rejects_keep_site before update on public.rejects
  for each row execute function private.keep_site();

revoke all on public.reject_reasons, public.rejects from anon, authenticated;
grant select, insert, update, delete on public.reject_reasons, public.rejects to authenticated;
alter table public.reject_reasons enable row level security;
alter table public.rejects enable row level security;

create policy reject_reasons_select on public.reject_reasons for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy reject_reasons_write on public.reject_reasons for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));

-- A radiographer reads and records the reasons for their own images only; quality officers and admins, the site's.
-- Nobody records a reason in someone else's name.
create policy rejects_select on public.rejects for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or private.is_operator_of(image_id))
  );
create policy rejects_insert on public.rejects for insert to authenticated
  with check (
    site_id = (select private.current_site_id())
    and recorded_by = (select private.current_person_id())
    and ((select private.has_role('quality_officer', 'admin')) or private.is_operator_of(image_id))
  );
create policy rejects_update on public.rejects for update to authenticated
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or private.is_operator_of(image_id))
  )
  with check (
    site_id = (select private.current_site_id())
    and recorded_by = (select private.current_person_id())
    and ((select private.has_role('quality_officer', 'admin')) or private.is_operator_of(image_id))
  );
create policy rejects_delete on public.rejects for delete to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('quality_officer', 'admin')));
