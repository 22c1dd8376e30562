-- Who is who: departments (sites), their people and groups, and the helpers that every Row Level Security policy
-- of IQS asks: which person is signed in, in which site, with which role.
--
-- Every IQS row belongs to one site, so that one Supabase project can serve several hospitals. A person signs in
-- through Supabase Auth (auth.users); their IQS profile (role, site) is a row in people. Roles are not taken from
-- the JWT: they live in the database, where an admin changes them and RLS reads them.

create type public.iqs_role as enum ('radiographer', 'reviewer', 'quality_officer', 'admin');

-- Helper functions live in a schema that PostgREST does not expose.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

------------------------------------------------------------------------------------------------------------------
-- sites: a department (one hospital's radiology)
------------------------------------------------------------------------------------------------------------------
create table public.sites (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
  name text not null check (length(btrim(name)) > 0),
  -- whether a radiographer sees the name of the colleague who peer-reviewed their images
  reviewer_visible_to_subject boolean not null default false,
  created_at timestamptz not null default now()
);
comment on table public.sites is 'A department using IQS; every other row belongs to one site.';

------------------------------------------------------------------------------------------------------------------
-- people: IQS profiles, linked to Supabase Auth users
------------------------------------------------------------------------------------------------------------------
create table public.people (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  -- null for a radiographer who has no IQS login (their images are still attributed to them)
  auth_user_id uuid unique references auth.users (id) on delete set null,
  display_name text not null check (length(btrim(display_name)) > 0),
  role public.iqs_role not null default 'radiographer',
  -- start of employment, for years-of-service groups in the statistics
  employment_start date,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (site_id, id)
);
create index people_site_idx on public.people (site_id);
comment on table public.people is 'IQS profiles: role and site of each person; operator aliases map DICOM OperatorsName values to them.';

create table public.person_groups (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  name text not null check (length(btrim(name)) > 0),
  unique (site_id, name),
  unique (site_id, id)
);
comment on table public.person_groups is 'Custom groups of people (e.g. a team), besides the years-of-service groups computed from employment_start.';

create table public.person_group_members (
  site_id uuid not null,
  group_id uuid not null,
  person_id uuid not null,
  primary key (group_id, person_id),
  -- both ends must be in the member row's site
  foreign key (site_id, group_id) references public.person_groups (site_id, id) on delete cascade,
  foreign key (site_id, person_id) references public.people (site_id, id) on delete cascade
);

------------------------------------------------------------------------------------------------------------------
-- helpers for the policies (security definer: they read people whatever the caller may see)
------------------------------------------------------------------------------------------------------------------
create function private.current_person_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select p.id from public.people p where p.auth_user_id = (select auth.uid()) and p.active
$$;

create function private.current_site_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select p.site_id from public.people p where p.auth_user_id = (select auth.uid()) and p.active
$$;

create function private.current_iqs_role() returns public.iqs_role
language sql stable security definer set search_path = ''
as $$
  select p.role from public.people p where p.auth_user_id = (select auth.uid()) and p.active
$$;

-- true when the signed-in person has one of these roles
create function private.has_role(variadic roles public.iqs_role[]) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.current_iqs_role() = any (roles), false)
$$;

revoke all on all functions in schema private from public, anon;
grant execute on all functions in schema private to authenticated, service_role;

-- Rows never move between sites: not by a user, not by a bug in a tool running as the service role.
create function private.keep_site() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.site_id is distinct from old.site_id then
    raise exception 'a row cannot move to another site (% %)', tg_table_name, old.site_id
      using errcode = '42501';
  end if;
  return new;
end
$$;

create trigger people_keep_site before update on public.people
  for each row execute function private.keep_site();
create trigger person_groups_keep_site before update on public.person_groups
  for each row execute function private.keep_site();
create trigger person_group_members_keep_site before update on public.person_group_members
  for each row execute function private.keep_site();

------------------------------------------------------------------------------------------------------------------
-- privileges and Row Level Security
------------------------------------------------------------------------------------------------------------------
revoke all on public.sites, public.people, public.person_groups, public.person_group_members from anon, authenticated;
grant select, update on public.sites to authenticated;
grant select, insert, update, delete on public.people, public.person_groups, public.person_group_members to authenticated;

alter table public.sites enable row level security;
alter table public.people enable row level security;
alter table public.person_groups enable row level security;
alter table public.person_group_members enable row level security;

-- sites: members see their own site; its admin changes its settings. Sites are created by the service role.
create policy sites_select on public.sites for select to authenticated
  using (id = (select private.current_site_id()));
create policy sites_update on public.sites for update to authenticated
  using (id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (id = (select private.current_site_id()));

-- people: everyone in a site sees its people (names, roles), so colleagues can be chosen for peer review;
-- only the site's admin adds, changes or removes them.
create policy people_select on public.people for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy people_insert on public.people for insert to authenticated
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
create policy people_update on public.people for update to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()));
create policy people_delete on public.people for delete to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')));

create policy person_groups_select on public.person_groups for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy person_groups_write on public.person_groups for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));

create policy person_group_members_select on public.person_group_members for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy person_group_members_write on public.person_group_members for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
