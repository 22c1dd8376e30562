-- DICOM OperatorsName values are free text: full names, initials, a login name. An alias maps one raw value to
-- the person it stands for; unmatched values are listed for the admin by the ingestion.

create table public.operator_aliases (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null,
  -- as written in DICOM, e.g. "Jansen^Petra" or "PJ"
  raw_name text not null check (length(btrim(raw_name)) > 0),
  person_id uuid not null,
  foreign key (site_id, person_id) references public.people (site_id, id) on delete cascade
);
-- matching ignores case and surrounding spaces, so "jansen^petra " and "Jansen^Petra" are one alias
create unique index operator_aliases_raw_name_key on public.operator_aliases (site_id, lower(btrim(raw_name)));
comment on table public.operator_aliases is 'Raw OperatorsName values → the person they stand for.';

create trigger operator_aliases_keep_site before update on public.operator_aliases
  for each row execute function private.keep_site();

revoke all on public.operator_aliases from anon, authenticated;
grant select, insert, update, delete on public.operator_aliases to authenticated;
alter table public.operator_aliases enable row level security;

create policy operator_aliases_select on public.operator_aliases for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy operator_aliases_write on public.operator_aliases for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
