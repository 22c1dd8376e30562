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

------------------------------------------------------------------------------------------------------------------
-- the computation, shared with the indicators (migration 36): private, security definer, for one site
------------------------------------------------------------------------------------------------------------------
-- The site's targets: its row, or the defaults.
create function private.coverage_target_values(site uuid)
returns table (self_evaluations_per_procedure integer, peer_reviews_per_radiographer integer)
language sql stable security definer set search_path = ''
as $$
  select coalesce(t.self_evaluations_per_procedure, 1), coalesce(t.peer_reviews_per_radiographer, 1)
  from (select 1) as one
  left join public.coverage_targets t on t.site_id = site
$$;

-- A period is two days, in order, at most ten years apart (a year is what the page asks).
create function private.check_coverage_period(period_from date, period_to date) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if period_from is null or period_to is null or period_from > period_to then
    raise exception 'a period runs from one day to a later or the same day (got % to %)',
      coalesce(period_from::text, 'null'), coalesce(period_to::text, 'null') using errcode = '22023';
  end if;
  if period_to > period_from + 3660 then
    raise exception 'a coverage period is at most ten years' using errcode = '22023';
  end if;
end
$$;

-- One row per (radiographer in scope, procedure type they performed in the period): performed images, closed
-- self-evaluations holding a scored image of that procedure, the target and whether it is met. person null = every
-- radiographer of the site. The SQL is run with EXECUTE so that each call is planned for its own values: for one
-- person the images are reached through the person's operator rows (index image_operators (person_id, image_id)),
-- for the site through the images' (site_id, study_date) index that carries rejected and procedure_id. A site's year
-- (80,000 images a month: 960,000 images and operator rows) is one hash join and one aggregate: with the default
-- work_mem (4 MB) both spill to disk in batches, so these two functions get 64 MB; JIT compiling the query cost
-- 0.4 s of 4 and is left off.
create function private.coverage_pairs(site uuid, period_from date, period_to date, person uuid default null)
returns table (person_id uuid, procedure_id uuid, performed integer, self_evaluations integer, target integer, covered boolean)
language plpgsql stable security definer set search_path = '' set work_mem = '64MB' set jit = off
as $$
begin
  perform private.check_coverage_period(period_from, period_to);
  return query execute format($q$
    with made as (
      -- an image counts once per person, however many of its operator names map to them
      select distinct o.person_id, i.id as image_id, i.procedure_id
      from public.images i
      join public.image_operators o on o.image_id = i.id and o.site_id = i.site_id
      join public.people p on p.id = o.person_id and p.active
      where i.site_id = $1 and not i.rejected and i.study_date between $2 and $3 and i.procedure_id is not null
        %s
    ),
    performed as (
      select m.person_id, m.procedure_id, count(*)::integer as performed from made m group by 1, 2
    ),
    evaluated as (
      select e.evaluator_id as person_id, i.procedure_id, count(distinct e.id)::integer as self_evaluations
      from public.evaluations e
      join public.evaluation_items it on it.evaluation_id = e.id and it.state = 'scored'
      join public.images i on i.id = it.image_id
      where e.site_id = $1 and e.use = 'self' and e.status = 'closed'
        and e.closed_at::date between $2 and $3 and i.procedure_id is not null
        %s
      group by 1, 2
    )
    select pf.person_id, pf.procedure_id, pf.performed, coalesce(ev.self_evaluations, 0),
           t.self_evaluations_per_procedure, coalesce(ev.self_evaluations, 0) >= t.self_evaluations_per_procedure
    from performed pf
    cross join private.coverage_target_values($1) t
    left join evaluated ev on ev.person_id = pf.person_id and ev.procedure_id = pf.procedure_id
  $q$,
    case when person is null then '' else 'and o.person_id = $4' end,
    case when person is null then '' else 'and e.evaluator_id = $4' end)
  using site, period_from, period_to, person;
end
$$;

-- One row per radiographer in scope: accepted images performed in the period (any procedure), closed peer reviews
-- of them closed in the period, the last closed peer review of them up to the period's end (also before the
-- period: when they were last reviewed), the target and whether a review is due.
create function private.peer_review_pairs(site uuid, period_from date, period_to date, person uuid default null)
returns table (person_id uuid, performed integer, peer_reviews integer, last_review date, target integer, due boolean)
language plpgsql stable security definer set search_path = '' set work_mem = '64MB' set jit = off
as $$
begin
  perform private.check_coverage_period(period_from, period_to);
  return query execute format($q$
    with made as (
      select distinct o.person_id, i.id as image_id
      from public.images i
      join public.image_operators o on o.image_id = i.id and o.site_id = i.site_id
      join public.people p on p.id = o.person_id and p.active
      where i.site_id = $1 and not i.rejected and i.study_date between $2 and $3
        %s
    ),
    performed as (
      select m.person_id, count(*)::integer as performed from made m group by 1
    ),
    reviewed as (
      select e.subject_person_id as person_id,
             (count(*) filter (where e.closed_at::date >= $2))::integer as peer_reviews,
             max(e.closed_at::date) as last_review
      from public.evaluations e
      where e.site_id = $1 and e.use = 'peer' and e.status = 'closed' and e.closed_at::date <= $3
        %s
      group by 1
    )
    select pf.person_id, pf.performed, coalesce(r.peer_reviews, 0), r.last_review,
           t.peer_reviews_per_radiographer, coalesce(r.peer_reviews, 0) < t.peer_reviews_per_radiographer
    from performed pf
    cross join private.coverage_target_values($1) t
    left join reviewed r on r.person_id = pf.person_id
  $q$,
    case when person is null then '' else 'and o.person_id = $4' end,
    case when person is null then '' else 'and e.subject_person_id = $4' end)
  using site, period_from, period_to, person;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- who sees what: a radiographer or reviewer their own rows; a quality officer or admin the site's, named (audited)
------------------------------------------------------------------------------------------------------------------
-- the caller's person, and whether they see the whole site; 42501 without an IQS profile
create function private.coverage_caller(out me uuid, out site uuid, out everyone boolean)
language plpgsql stable security definer set search_path = ''
as $$
begin
  me := private.current_person_id();
  site := private.current_site_id();
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  everyone := private.has_role('quality_officer', 'admin');
end
$$;

create function private.coverage_matrix_rows(site uuid, period_from date, period_to date, person uuid)
returns table (
  person_id uuid, display_name text, procedure_id uuid, procedure_code text, procedure_name_nl text,
  procedure_name_en text, performed integer, self_evaluations integer, target integer, covered boolean
)
language sql stable security definer set search_path = ''
as $$
  select c.person_id, p.display_name, c.procedure_id, pr.code, pr.name_nl, pr.name_en, c.performed,
         c.self_evaluations, c.target, c.covered
  from private.coverage_pairs(site, period_from, period_to, person) c
  join public.people p on p.id = c.person_id
  join public.procedures pr on pr.id = c.procedure_id
  order by p.display_name, p.id, pr.code
$$;

create function private.peer_review_rows(site uuid, period_from date, period_to date, person uuid)
returns table (
  person_id uuid, display_name text, performed integer, peer_reviews integer, last_review date, target integer,
  due boolean
)
language sql stable security definer set search_path = ''
as $$
  select c.person_id, p.display_name, c.performed, c.peer_reviews, c.last_review, c.target, c.due
  from private.peer_review_pairs(site, period_from, period_to, person) c
  join public.people p on p.id = c.person_id
  order by p.display_name, p.id
$$;

create function private.coverage_matrix(period_from date, period_to date)
returns table (
  person_id uuid, display_name text, procedure_id uuid, procedure_code text, procedure_name_nl text,
  procedure_name_en text, performed integer, self_evaluations integer, target integer, covered boolean
)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  c record;
begin
  select * into c from private.coverage_caller();
  return query select * from private.coverage_matrix_rows(c.site, period_from, period_to,
                                                          case when c.everyone then null else c.me end);
  if c.everyone then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (c.site, c.me, 'coverage.read_named', 'evaluations', null,
            jsonb_build_object('function', 'coverage_matrix', 'from', period_from, 'to', period_to));
  end if;
end
$$;

create function private.peer_review_coverage(period_from date, period_to date)
returns table (
  person_id uuid, display_name text, performed integer, peer_reviews integer, last_review date, target integer,
  due boolean
)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  c record;
begin
  select * into c from private.coverage_caller();
  return query select * from private.peer_review_rows(c.site, period_from, period_to,
                                                      case when c.everyone then null else c.me end);
  if c.everyone then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (c.site, c.me, 'coverage.read_named', 'evaluations', null,
            jsonb_build_object('function', 'peer_review_coverage', 'from', period_from, 'to', period_to));
  end if;
end
$$;

-- the service role's (the CLI, reports): one site, everyone, named
create function private.check_coverage_site(site uuid) returns void
language plpgsql stable security definer set search_path = ''
as $$
begin
  if site is null or not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', coalesce(site::text, 'null') using errcode = 'P0001';
  end if;
end
$$;

create function private.coverage_matrix_for_site(site uuid, period_from date, period_to date)
returns table (
  person_id uuid, display_name text, procedure_id uuid, procedure_code text, procedure_name_nl text,
  procedure_name_en text, performed integer, self_evaluations integer, target integer, covered boolean
)
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.check_coverage_site(site);
  return query select * from private.coverage_matrix_rows(site, period_from, period_to, null);
end
$$;

create function private.peer_review_coverage_for_site(site uuid, period_from date, period_to date)
returns table (
  person_id uuid, display_name text, performed integer, peer_reviews integer, last_review date, target integer,
  due boolean
)
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.check_coverage_site(site);
  return query select * from private.peer_review_rows(site, period_from, period_to, null);
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the API: security-invoker wrappers (no security definer in public), the same arguments and columns
------------------------------------------------------------------------------------------------------------------
create function public.coverage_matrix(period_from date, period_to date)
returns table (
  person_id uuid, display_name text, procedure_id uuid, procedure_code text, procedure_name_nl text,
  procedure_name_en text, performed integer, self_evaluations integer, target integer, covered boolean
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.coverage_matrix($1, $2) $$;

create function public.peer_review_coverage(period_from date, period_to date)
returns table (
  person_id uuid, display_name text, performed integer, peer_reviews integer, last_review date, target integer,
  due boolean
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.peer_review_coverage($1, $2) $$;

create function public.coverage_matrix_for_site(site uuid, period_from date, period_to date)
returns table (
  person_id uuid, display_name text, procedure_id uuid, procedure_code text, procedure_name_nl text,
  procedure_name_en text, performed integer, self_evaluations integer, target integer, covered boolean
)
language sql stable security invoker set search_path = ''
as $$ select * from private.coverage_matrix_for_site($1, $2, $3) $$;

create function public.peer_review_coverage_for_site(site uuid, period_from date, period_to date)
returns table (
  person_id uuid, display_name text, performed integer, peer_reviews integer, last_review date, target integer,
  due boolean
)
language sql stable security invoker set search_path = ''
as $$ select * from private.peer_review_coverage_for_site($1, $2, $3) $$;

------------------------------------------------------------------------------------------------------------------
-- privileges: the helpers to nobody but their owner (and the service role, for the indicators' _for_site
-- functions, which run as their owner anyway); the functions to signed-in people; the _for_site ones to the
-- service role
------------------------------------------------------------------------------------------------------------------
revoke all on function private.coverage_target_values(uuid), private.check_coverage_period(date, date),
  private.coverage_pairs(uuid, date, date, uuid), private.peer_review_pairs(uuid, date, date, uuid),
  private.coverage_caller(), private.coverage_matrix_rows(uuid, date, date, uuid),
  private.peer_review_rows(uuid, date, date, uuid), private.check_coverage_site(uuid)
  from public, anon, authenticated, service_role;

revoke all on function private.coverage_matrix(date, date), private.peer_review_coverage(date, date),
  public.coverage_matrix(date, date), public.peer_review_coverage(date, date)
  from public, anon, service_role;
grant execute on function private.coverage_matrix(date, date), private.peer_review_coverage(date, date),
  public.coverage_matrix(date, date), public.peer_review_coverage(date, date)
  to authenticated;

revoke all on function private.coverage_matrix_for_site(uuid, date, date), private.peer_review_coverage_for_site(uuid, date, date),
  public.coverage_matrix_for_site(uuid, date, date), public.peer_review_coverage_for_site(uuid, date, date)
  from public, anon, authenticated;
grant execute on function private.coverage_matrix_for_site(uuid, date, date), private.peer_review_coverage_for_site(uuid, date, date),
  public.coverage_matrix_for_site(uuid, date, date), public.peer_review_coverage_for_site(uuid, date, date)
  to service_role;
