-- Follow-up actions (issue 13): plan–do–check–act. A finding of IQS (a reject analysis, a dose analysis, an
-- evaluation's summary, a lesson, a report, an indicator) leads to an action: a title, an owner, a due date, a state
-- and, once done, an outcome. Quality officers and admins keep the department's list; everyone else sees and moves
-- the actions they own. Reports and the visitatie indicator (actions closed on time) read this table.
--
-- What the database decides, not the client: who created it and when, when it was last changed, when it was done
-- (completed_at follows the state), that the owner is an active person of the site, and the audit of every change.

-- planned = Plan, in_progress = Do, checking = Check, done = Act/closed; cancelled ends it without an outcome needed
create type public.action_state as enum ('planned', 'in_progress', 'checking', 'done', 'cancelled');
create type public.finding_kind as enum ('reject_analysis', 'dose_analysis', 'evaluation', 'lesson', 'report', 'indicator', 'other');

create table public.quality_actions (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null default private.current_site_id() references public.sites (id),
  title text not null,
  description text,
  finding_kind public.finding_kind not null default 'other',
  -- an evaluation id, a lesson id, or the analysis's filter (a query string of /iqs)
  finding_ref text,
  -- how the finding reads in lists and reports
  finding_label text,
  owner_id uuid not null,
  due_date date not null,
  state public.action_state not null default 'planned',
  outcome text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  foreign key (site_id, owner_id) references public.people (site_id, id),
  foreign key (site_id, created_by) references public.people (site_id, id),
  constraint quality_actions_title_length check (length(btrim(title)) between 1 and 200),
  constraint quality_actions_description_length check (char_length(description) <= 4000),
  constraint quality_actions_finding_ref_length check (char_length(finding_ref) <= 2000),
  constraint quality_actions_finding_label_length check (char_length(finding_label) <= 500),
  constraint quality_actions_outcome_length check (char_length(outcome) <= 4000),
  -- a date someone meant: not a typo of a year (0202, 20266)
  constraint quality_actions_due_date_sane check (due_date between date '2000-01-01' and date '2099-12-31'),
  -- Act: what was done and what it changed is the point of closing an action
  constraint quality_actions_outcome_when_done check (state <> 'done' or length(btrim(coalesce(outcome, ''))) > 0),
  constraint quality_actions_completed_when_done check ((state = 'done') = (completed_at is not null))
);
create index quality_actions_site_state_idx on public.quality_actions (site_id, state, due_date);
create index quality_actions_owner_idx on public.quality_actions (owner_id);
comment on table public.quality_actions is 'Follow-up actions (plan–do–check–act) answering a finding: owner, due date, state, outcome.';

create trigger quality_actions_keep_site before update on public.quality_actions
  for each row execute function private.keep_site();

------------------------------------------------------------------------------------------------------------------
-- filled and checked by the database
------------------------------------------------------------------------------------------------------------------
-- Who and when: for a signed-in person always the database's (the service role, seeding or importing history, keeps
-- what it sends). completed_at is set when the state becomes done and cleared when it leaves done.
create function private.fill_quality_action() returns trigger
language plpgsql set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if tg_op = 'INSERT' then
    if me is not null then
      new.created_by := me;
      new.created_at := now();
      new.updated_at := now();
      new.completed_at := case when new.state = 'done' then now() end;
    else
      new.completed_at := case when new.state = 'done' then coalesce(new.completed_at, now()) end;
    end if;
  else
    new.created_by := old.created_by;
    new.created_at := old.created_at;
    if me is not null or new.updated_at is not distinct from old.updated_at then
      new.updated_at := now();
    end if;
    if new.state <> 'done' then
      new.completed_at := null;
    elsif old.state <> 'done' then
      new.completed_at := case when me is null then coalesce(new.completed_at, now()) else now() end;
    elsif me is not null then
      new.completed_at := old.completed_at;
    end if;
  end if;
  return new;
end
$$;
create trigger quality_actions_fill before insert or update on public.quality_actions
  for each row execute function private.fill_quality_action();

-- The owner is an active person of the site (the foreign key gives the site); a person who left cannot be given new
-- work, though their past actions keep their name. Someone who is not a quality officer or admin changes only the
-- state and outcome of an action someone else gave them (RLS already keeps them to their own actions); what they
-- created themselves they may also retitle, relink or reschedule.
create function private.check_quality_action() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if (tg_op = 'INSERT' or new.owner_id is distinct from old.owner_id)
     and not exists (select 1 from public.people p where p.id = new.owner_id and p.site_id = new.site_id and p.active) then
    raise exception 'the owner of an action must be an active person of the site' using errcode = '23514';
  end if;
  if tg_op = 'UPDATE' and me is not null and not private.has_role('quality_officer', 'admin')
     and old.created_by is distinct from me
     and (new.title, new.description, new.finding_kind, new.finding_ref, new.finding_label, new.due_date)
         is distinct from (old.title, old.description, old.finding_kind, old.finding_ref, old.finding_label, old.due_date) then
    raise exception 'only the quality officer changes the title, finding or due date of an action they gave you'
      using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger quality_actions_check before insert or update on public.quality_actions
  for each row execute function private.check_quality_action();

------------------------------------------------------------------------------------------------------------------
-- audit: every creation, change and removal, written by the database
------------------------------------------------------------------------------------------------------------------
-- Runs with the caller's rights and writes through the unexposed writer (migration 28), which sets the actor to the
-- signed-in person. A change lists each changed column with its old and new value (not the ones the database fills).
create function private.audit_quality_action() returns trigger
language plpgsql set search_path = ''
as $$
declare
  changes jsonb;
begin
  if tg_op = 'INSERT' then
    insert into private.audit_log_writer (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, new.created_by, 'quality_action.created', 'quality_actions', new.id::text,
            jsonb_build_object('title', new.title, 'finding_kind', new.finding_kind, 'finding_ref', new.finding_ref,
                               'owner_id', new.owner_id, 'due_date', new.due_date, 'state', new.state));
    return null;
  elsif tg_op = 'UPDATE' then
    select coalesce(jsonb_object_agg(o.key, jsonb_build_object('old', o.value, 'new', n.value)), '{}'::jsonb)
    into changes
    from jsonb_each(to_jsonb(old)) o join jsonb_each(to_jsonb(new)) n using (key)
    where o.value is distinct from n.value and o.key not in ('updated_at', 'completed_at');
    if changes <> '{}'::jsonb then
      insert into private.audit_log_writer (site_id, actor_id, action, target_table, target_id, details)
      values (new.site_id, null, 'quality_action.changed', 'quality_actions', new.id::text, changes);
    end if;
    return null;
  else
    insert into private.audit_log_writer (site_id, actor_id, action, target_table, target_id, details)
    values (old.site_id, null, 'quality_action.deleted', 'quality_actions', old.id::text, to_jsonb(old) - 'id' - 'site_id');
    return null;
  end if;
end
$$;
create trigger quality_actions_audit after insert or update or delete on public.quality_actions
  for each row execute function private.audit_quality_action();

revoke all on function private.fill_quality_action(), private.check_quality_action(), private.audit_quality_action()
  from public, anon, authenticated;

------------------------------------------------------------------------------------------------------------------
-- privileges and Row Level Security
------------------------------------------------------------------------------------------------------------------
revoke all on public.quality_actions from anon, authenticated;
grant select, insert, update, delete on public.quality_actions to authenticated;
alter table public.quality_actions enable row level security;

-- Quality officers and admins: the whole site's actions. Anyone else: the actions they own, and new ones only for
-- themselves (a radiographer cannot hand work to a colleague). Removing is the quality officer's (cancel otherwise).
create policy quality_actions_select on public.quality_actions for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or owner_id = (select private.current_person_id()))
  );
create policy quality_actions_insert on public.quality_actions for insert to authenticated
  with check (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or owner_id = (select private.current_person_id()))
  );
create policy quality_actions_update on public.quality_actions for update to authenticated
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or owner_id = (select private.current_person_id()))
  )
  with check (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or owner_id = (select private.current_person_id()))
  );
create policy quality_actions_delete on public.quality_actions for delete to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('quality_officer', 'admin')));

------------------------------------------------------------------------------------------------------------------
-- the list as IQS shows it: overdue and on time decided here, once, for the page, reports and indicators
------------------------------------------------------------------------------------------------------------------
-- Overdue: still open (not done, not cancelled) after its due date. On time: done on or before its due date.
-- security_invoker: the caller's policies decide which rows it shows.
create view public.quality_action_overview with (security_invoker = true) as
  select a.*,
         o.display_name as owner_name,
         (a.state not in ('done', 'cancelled') and a.due_date < current_date) as overdue,
         (a.state = 'done' and a.completed_at::date <= a.due_date) as on_time
  from public.quality_actions a
  join public.people o on o.id = a.owner_id;
comment on view public.quality_action_overview is 'Follow-up actions with owner name and the overdue / on-time flags (RLS of quality_actions applies).';
revoke all on public.quality_action_overview from anon, authenticated;
grant select on public.quality_action_overview to authenticated;
