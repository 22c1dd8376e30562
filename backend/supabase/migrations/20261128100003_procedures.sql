-- Procedures (kinds of examination) and the patterns that recognise them in StudyDescription or ProtocolName,
-- which every hospital writes differently ("X-Thorax PA/LAT", "THORAX 2R", "Chest PA+lat").

create table public.procedures (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name_nl text not null,
  name_en text not null,
  modality text check (modality ~ '^[A-Z]{2,4}$'),
  body_part text,
  active boolean not null default true,
  unique (site_id, code),
  unique (site_id, id)
);
comment on table public.procedures is 'Kinds of examination; images are mapped to one through procedure_aliases.';

create type public.alias_field as enum ('study_description', 'protocol_name', 'series_description');

create table public.procedure_aliases (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null,
  procedure_id uuid not null,
  field public.alias_field not null default 'study_description',
  -- a case-insensitive LIKE pattern: % for any text, _ for one character
  pattern text not null check (length(pattern) > 0),
  -- when several patterns match, the highest priority wins
  priority integer not null default 0,
  foreign key (site_id, procedure_id) references public.procedures (site_id, id) on delete cascade,
  unique (site_id, field, pattern)
);
comment on table public.procedure_aliases is 'StudyDescription/ProtocolName patterns (ILIKE) that map an image to a procedure.';

create trigger procedures_keep_site before update on public.procedures
  for each row execute function private.keep_site();
create trigger procedure_aliases_keep_site before update on public.procedure_aliases
  for each row execute function private.keep_site();

revoke all on public.procedures, public.procedure_aliases from anon, authenticated;
grant select, insert, update, delete on public.procedures, public.procedure_aliases to authenticated;
alter table public.procedures enable row level security;
alter table public.procedure_aliases enable row level security;

create policy procedures_select on public.procedures for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy procedures_write on public.procedures for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));

create policy procedure_aliases_select on public.procedure_aliases for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy procedure_aliases_write on public.procedure_aliases for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
