-- The yearly coverage plan (issue 13): each radiographer self-evaluates each procedure type they performed, and is
-- peer-reviewed, a number of times a year. The department sets the numbers (coverage_targets); the functions below
-- say, for a period, who has done what and what is still to do.
--
-- Definitions, for a period [from, to] (the page uses a calendar year):
--   performed(person, procedure)        accepted images (rejected = false) with study_date in the period and that
--                                       procedure, of which the person is an operator (image_operators.person_id);
--   self_evaluations(person, procedure) the person's evaluations with use 'self', closed, closed_at::date in the
--                                       period, holding at least one scored item whose image has that procedure;
--   covered(person, procedure)          performed >= 1 and self_evaluations >= target (target 0: always covered);
--   radiographers in scope              active people of the site who performed >= 1 accepted image in the period;
--   peer_reviews(person)                evaluations with use 'peer' about the person, closed, closed_at::date in
--                                       the period;
--   due for peer review                 in scope and peer_reviews < target.

------------------------------------------------------------------------------------------------------------------
-- the department's targets
------------------------------------------------------------------------------------------------------------------
create table public.coverage_targets (
  site_id uuid primary key references public.sites (id),
  -- each radiographer, each procedure type they performed in the year: closed self-evaluations needed
  self_evaluations_per_procedure integer not null default 1
    constraint coverage_targets_self_evaluations_range check (self_evaluations_per_procedure between 0 and 52),
  -- each radiographer: closed peer reviews of them needed in the year
  peer_reviews_per_radiographer integer not null default 1
    constraint coverage_targets_peer_reviews_range check (peer_reviews_per_radiographer between 0 and 52),
  -- filled by the database (who changed the targets, and when), whatever the client sends
  updated_by uuid references public.people (id),
  updated_at timestamptz not null default now()
);
comment on table public.coverage_targets is 'The yearly coverage plan''s targets of a site; no row = the defaults (1 and 1).';

-- who and when from the session; the service role (tools, seeds) keeps what it sends for updated_by
create function private.fill_coverage_targets() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.updated_at := now();
  new.updated_by := coalesce(private.current_person_id(), case when tg_op = 'INSERT' then new.updated_by end);
  return new;
end
$$;
create trigger coverage_targets_fill before insert or update on public.coverage_targets
  for each row execute function private.fill_coverage_targets();
create trigger coverage_targets_keep_site before update on public.coverage_targets
  for each row execute function private.keep_site();

-- a change of the plan is audited by the database (old and new numbers)
create function private.audit_coverage_targets() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (new.site_id, private.current_person_id(), 'coverage_targets.changed', 'coverage_targets', new.site_id::text,
          jsonb_build_object(
            'old', case when tg_op = 'UPDATE' then to_jsonb(old) - 'updated_at' - 'updated_by' end,
            'new', to_jsonb(new) - 'updated_at' - 'updated_by'));
  return new;
end
$$;
create trigger coverage_targets_audit after insert or update on public.coverage_targets
  for each row execute function private.audit_coverage_targets();

revoke all on function private.fill_coverage_targets(), private.audit_coverage_targets() from public, anon, authenticated;

revoke all on public.coverage_targets from anon, authenticated;
grant select, insert, update on public.coverage_targets to authenticated;
alter table public.coverage_targets enable row level security;

-- everyone in the site reads the plan (a radiographer sees what is asked of them); admins and quality officers set it
create policy coverage_targets_select on public.coverage_targets for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy coverage_targets_insert on public.coverage_targets for insert to authenticated
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin', 'quality_officer')));
create policy coverage_targets_update on public.coverage_targets for update to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin', 'quality_officer')))
  with check (site_id = (select private.current_site_id()));
