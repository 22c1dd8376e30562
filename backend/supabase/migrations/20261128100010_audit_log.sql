-- The audit log: who started, closed or exported an evaluation, who read another person's scores. Append-only:
-- rows are added, never changed or removed (not even by the service role).

create table public.audit_log (
  id bigint generated always as identity primary key,
  site_id uuid not null references public.sites (id),
  -- the person who acted; null for the service role (ingestion, tools)
  actor_id uuid,
  action text not null check (action ~ '^[a-z][a-z_.]*$'),
  target_table text,
  target_id text,
  details jsonb not null default '{}'::jsonb,
  at timestamptz not null default now(),
  foreign key (site_id, actor_id) references public.people (site_id, id)
);
create index audit_log_site_at_idx on public.audit_log (site_id, at);
comment on table public.audit_log is 'Append-only record of sensitive actions.';

create function private.append_only() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = '42501';
end
$$;
create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function private.append_only();

revoke all on public.audit_log from anon, authenticated;
grant select, insert on public.audit_log to authenticated;
alter table public.audit_log enable row level security;

-- a person writes entries in their own name, in their own site; quality officers and admins read the site's,
-- everyone reads their own
create policy audit_log_insert on public.audit_log for insert to authenticated
  with check (site_id = (select private.current_site_id()) and actor_id = (select private.current_person_id()));
create policy audit_log_select on public.audit_log for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and (actor_id = (select private.current_person_id()) or (select private.has_role('quality_officer', 'admin')))
  );
