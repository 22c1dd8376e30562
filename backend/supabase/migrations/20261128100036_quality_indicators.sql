-- The visitatie indicators (issue 13): ten department figures a peer visit asks about, each a numerator, a
-- denominator and a value, per period. No professional society publishes an indicator set for diagnostic
-- radiographers (analysis.md §3), so IQS defines its own, openly. The names and definitions the page, the CSV, the CLI
-- and the README show live in one place: packages/domain/src/qualityIndicators.ts (the ids below are its ids).
--
--   quality_indicators(period_from, period_to, per)             the signed-in person's site
--   quality_indicators_for_site(site, period_from, period_to, per)   any site (service role: iqs report indicators)
--
-- per: 'all' (one period, from..to), 'year', 'quarter' or 'month' (the calendar periods that overlap from..to, cut to
-- it). A period reads 'YYYY-MM-DD/YYYY-MM-DD'. Without dates: the current calendar year; with one: its calendar year.
--
-- For one period [a, b] (a value is numerator / denominator, null when the denominator is 0):
--   self_evaluation_coverage  (radiographer, procedure type) pairs covered / pairs performed — the coverage plan's
--                             definitions (migration 34): performed = accepted images with study_date in [a, b] of
--                             that procedure, the active person an operator; covered = the person's closed
--                             self-evaluations (closed_at::date in [a, b]) holding a scored image of that procedure
--                             reach the site's target (coverage_targets, default 1; target 0: always covered)
--   peer_review_coverage      radiographers in scope (active, >= 1 accepted image in [a, b]) with closed peer reviews
--                             about them (closed_at::date in [a, b]) reaching the target / radiographers in scope
--   evaluated_images          distinct images with a scored item in an evaluation of any use closed in [a, b] /
--                             accepted images with study_date in [a, b] (a count of images looked at, no result)
--   criteria_met_share        answers that meet their criterion (private.answer_met, migration 14) / answers with a
--                             met-or-not meaning, of evaluations closed in [a, b] that are quality analyses or peer
--                             reviews (items not skipped) — the department's answers of migration 31: a
--                             self-evaluation is its evaluator's and never counts in a department figure
--   reject_rate               rejected / all patient images of [a, b], as reject_analysis counts them (its
--                             private.reject_rows: radiography, without mammography and CT, test/QC rejects left out)
--   reject_rate_change        this period's reject rate (numerator) against the previous period's (denominator):
--                             value = numerator − denominator (negative: fewer rejects), null when either has no
--                             images. The previous period: as many whole months just before when [a, b] is whole
--                             months (a quarter: the quarter before; a year: the year before), else as many days
--   reject_reasons_recorded   rejected images with a recorded reason / rejected images (reject_rows again)
--   dose_medians_under_drn    typical doses (the median per room × procedure × view, per quantity: DAP, CTDIvol, DLP,
--                             organ dose) at or below their DRN / those with a DRN and enough doses (at least
--                             sites.dose_min_images) — dose_analysis's rows by room (private.dose_rows): accepted
--                             images, adults, the reference that applies on b
--   dose_medians_under_target the same rows with a streefwaarde: at or below it / those rows
--   actions_closed_on_time    follow-up actions (migration 33) due in [a, b] that are done, completed_at::date on or
--                             before due_date / actions due in [a, b] that were not cancelled (a cancelled action
--                             needed no doing; one not yet done counts as not on time)
--
-- Who sees what: department figures that name nobody, so any signed-in person of the site reads them (a
-- radiographer's own figures are in the analyses and the coverage plan, not here); never another site's. The
-- computation reads past the tables' policies (security definer in private, as the analyses), returns aggregates
-- only, and writes 'scores.read' to the audit log when answers were counted (as the statistics' department row).

------------------------------------------------------------------------------------------------------------------
-- periods
------------------------------------------------------------------------------------------------------------------
create function private.indicator_periods(first_day date, last_day date, per text)
returns table (period_from date, period_to date)
language plpgsql immutable set search_path = ''
as $$
declare
  step interval;
begin
  if per = 'all' then
    return query select first_day, last_day;
    return;
  end if;
  step := case per when 'year' then interval '1 year' when 'quarter' then interval '3 months' else interval '1 month' end;
  return query
    select greatest(g::date, first_day), least((g + step - interval '1 day')::date, last_day)
    from generate_series(date_trunc(per, first_day::timestamp), last_day::timestamp, step) as g
    order by 1;
end
$$;

-- The period before [a, b] of the same length: whole months when [a, b] is whole months, else days.
create function private.indicator_previous_period(first_day date, last_day date, out period_from date, out period_to date)
language plpgsql immutable set search_path = ''
as $$
declare
  a constant date := $1;
  b constant date := $2;
  months integer;
begin
  if a = date_trunc('month', a::timestamp)::date and b = (date_trunc('month', b::timestamp) + interval '1 month - 1 day')::date then
    months := (extract(year from b) * 12 + extract(month from b)) - (extract(year from a) * 12 + extract(month from a)) + 1;
    period_from := (a - make_interval(months => months))::date;
  else
    period_from := a - (b - a + 1);
  end if;
  period_to := a - 1;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the figures of one period for one site
------------------------------------------------------------------------------------------------------------------
create function private.quality_indicator_values(site uuid, first_day date, last_day date)
returns table (indicator text, numerator numeric, denominator numeric, value numeric)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  a constant date := $2;
  b constant date := $3;
  previous record;
  now_rejects record;
  before_rejects record;
  q public.dose_quantity;
  f private.dose_filter;
  drn_n integer := 0;
  drn_d integer := 0;
  target_n integer := 0;
  target_d integer := 0;
  dose_row record;
begin
  -- the coverage plan: part C's own computation (migration 34), so that the figures are the plan's
  return query
  select 'self_evaluation_coverage', (count(*) filter (where c.covered))::numeric, count(*)::numeric, null::numeric
  from private.coverage_pairs(site, a, b) c
  union all
  select 'peer_review_coverage', (count(*) filter (where not c.due))::numeric, count(*)::numeric, null::numeric
  from private.peer_review_pairs(site, a, b) c
  union all
  select 'evaluated_images',
         (select count(distinct it.image_id) from public.evaluation_items it
          join public.evaluations e on e.id = it.evaluation_id
          where e.site_id = site and e.status = 'closed' and e.closed_at::date between a and b and it.state = 'scored')::numeric,
         (select count(*) from public.images i where i.site_id = site and not i.rejected and i.study_date between a and b)::numeric,
         null::numeric
  union all
  select 'criteria_met_share', (count(*) filter (where m.met))::numeric, count(m.met)::numeric, null::numeric
  from (
    select private.answer_met(c.kind, c.options, sc.value) as met
    from public.evaluations e
    join public.evaluation_items it on it.evaluation_id = e.id and it.state <> 'skipped'
    join public.scores sc on sc.evaluation_item_id = it.id
    join public.scoring_criteria c on c.id = sc.criterion_id
    where e.site_id = site and e.use in ('quality', 'peer') and e.status = 'closed' and e.closed_at::date between a and b
      and c.kind in ('yes_no_na', 'scale', 'choice')
  ) m;

  -- rejects: the reject analysis's own rows for the department (dimension all, one period)
  perform private.refresh_reject_rollup(site);
  select coalesce(sum(r.rejected), 0) as rejected, coalesce(sum(r.total), 0) as total,
         coalesce(sum(r.without_reason), 0) as without_reason
    into now_rejects
  from private.reject_rows(site, 'all', 'all',
                           private.parse_reject_filter(site, jsonb_build_object('date_from', a, 'date_to', b))) r;
  select * into previous from private.indicator_previous_period(a, b);
  select coalesce(sum(r.rejected), 0) as rejected, coalesce(sum(r.total), 0) as total
    into before_rejects
  from private.reject_rows(site, 'all', 'all',
                           private.parse_reject_filter(site, jsonb_build_object('date_from', previous.period_from,
                                                                                'date_to', previous.period_to))) r;
  return query
  select 'reject_rate', now_rejects.rejected::numeric, now_rejects.total::numeric, null::numeric
  union all
  select 'reject_rate_change',
         case when now_rejects.total > 0 then now_rejects.rejected::numeric / now_rejects.total end,
         case when before_rejects.total > 0 then before_rejects.rejected::numeric / before_rejects.total end,
         case when now_rejects.total > 0 and before_rejects.total > 0
              then now_rejects.rejected::numeric / now_rejects.total - before_rejects.rejected::numeric / before_rejects.total end
  union all
  select 'reject_reasons_recorded', (now_rejects.rejected - now_rejects.without_reason)::numeric, now_rejects.rejected::numeric,
         null::numeric;

  -- dose: dose_analysis's rows by room (accepted images, adults: its defaults) for every quantity
  perform private.refresh_dose_rollup(site);
  f := (private.parse_dose_filter(site, jsonb_build_object('from', a, 'to', b))).f;
  foreach q in array enum_range(null::public.dose_quantity) loop
    for dose_row in select r.status, r.median, r.target from private.dose_rows(site, q, 'room', 'all', f) r
                    where r.status in ('above_drl', 'above_target', 'at_or_below_target') loop
      drn_d := drn_d + 1;
      drn_n := drn_n + (dose_row.status <> 'above_drl')::integer;
      if dose_row.target is not null then
        target_d := target_d + 1;
        target_n := target_n + (dose_row.median <= dose_row.target)::integer;
      end if;
    end loop;
  end loop;
  return query
  select 'dose_medians_under_drn', drn_n::numeric, drn_d::numeric, null::numeric
  union all
  select 'dose_medians_under_target', target_n::numeric, target_d::numeric, null::numeric;

  -- follow-up actions
  return query
  select 'actions_closed_on_time',
         (count(*) filter (where qa.state = 'done' and qa.completed_at::date <= qa.due_date))::numeric,
         count(*)::numeric, null::numeric
  from public.quality_actions qa
  where qa.site_id = site and qa.due_date between a and b and qa.state <> 'cancelled';
end
$$;

-- A row of quality_indicators (a type rather than `returns table`: the columns period_from and period_to have the
-- names of the arguments, which PostgreSQL does not allow for a function's own columns)
create type public.quality_indicator_row as (
  -- the stable id (packages/domain/src/qualityIndicators.ts names and defines it)
  indicator text,
  -- 'YYYY-MM-DD/YYYY-MM-DD'
  period text,
  period_from date,
  period_to date,
  numerator numeric,
  denominator numeric,
  -- numerator / denominator (null when the denominator is 0); reject_rate_change: numerator − denominator
  value numeric
);

-- Every period of the question, the indicators in their fixed order. Answers counted: written to the audit log as
-- 'scores.read' (actor: the signed-in person, none for the service role), as the statistics' department row does.
create function private.quality_indicator_rows(site uuid, first_day date, last_day date, per text)
returns setof public.quality_indicator_row
language plpgsql volatile security definer set search_path = ''
as $$
declare
  a date := first_day;
  b date := last_day;
  order_of constant text[] := array['self_evaluation_coverage', 'peer_review_coverage', 'evaluated_images',
    'criteria_met_share', 'reject_rate', 'reject_rate_change', 'reject_reasons_recorded', 'dose_medians_under_drn',
    'dose_medians_under_target', 'actions_closed_on_time'];
  p record;
  r public.quality_indicator_row;
  answers numeric := 0;
begin
  if per is null or per not in ('all', 'year', 'quarter', 'month') then
    raise exception 'per must be one of all, year, quarter, month, not %', coalesce(per, 'null') using errcode = '22023';
  end if;
  -- without dates: the current calendar year; with one date: that date's calendar year
  if a is null then
    a := date_trunc('year', coalesce(b, current_date)::timestamp)::date;
  end if;
  if b is null then
    b := (date_trunc('year', a::timestamp) + interval '1 year - 1 day')::date;
  end if;
  if a > b then
    raise exception 'period_from (%) is after period_to (%)', a, b using errcode = '22023';
  end if;
  if (select count(*) from private.indicator_periods(a, b, per)) > 120 then
    raise exception 'at most 120 periods at a time: choose a shorter range or longer periods' using errcode = '22023';
  end if;
  for p in select * from private.indicator_periods(a, b, per) loop
    for r in
      select v.indicator, p.period_from::text || '/' || p.period_to::text, p.period_from, p.period_to, v.numerator,
             v.denominator,
             case when v.indicator = 'reject_rate_change' then v.value
                  when v.denominator > 0 then v.numerator / v.denominator end
      from private.quality_indicator_values(site, p.period_from, p.period_to) v
      order by array_position(order_of, v.indicator)
    loop
      if r.indicator = 'criteria_met_share' then
        answers := answers + r.denominator;
      end if;
      return next r;
    end loop;
  end loop;
  if answers > 0 then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (site, private.current_person_id(), 'scores.read', 'evaluations', null,
            jsonb_build_object('function', 'quality_indicators', 'period_from', a, 'period_to', b, 'per', per,
                               'answers', answers));
  end if;
end
$$;

-- the signed-in person's site; anyone with an IQS profile (department figures, named nobody)
create function private.quality_indicators(period_from date, period_to date, per text)
returns setof public.quality_indicator_row
language plpgsql volatile security definer set search_path = ''
as $$
declare
  site uuid := private.current_site_id();
begin
  if private.current_person_id() is null or site is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  return query select * from private.quality_indicator_rows(site, $1, $2, $3);
end
$$;

create function private.quality_indicators_for_site(site uuid, period_from date, period_to date, per text)
returns setof public.quality_indicator_row
language plpgsql volatile security definer set search_path = ''
as $$
begin
  if site is null or not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', coalesce(site::text, 'null') using errcode = 'P0001';
  end if;
  return query select * from private.quality_indicator_rows(site, $2, $3, $4);
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the API: security-invoker wrappers (no security definer in public)
------------------------------------------------------------------------------------------------------------------
create function public.quality_indicators(period_from date default null, period_to date default null, per text default 'all')
returns setof public.quality_indicator_row
language sql volatile security invoker set search_path = ''
as $$ select * from private.quality_indicators($1, $2, $3) $$;

create function public.quality_indicators_for_site(site uuid, period_from date default null, period_to date default null,
                                                   per text default 'all')
returns setof public.quality_indicator_row
language sql volatile security invoker set search_path = ''
as $$ select * from private.quality_indicators_for_site($1, $2, $3, $4) $$;

------------------------------------------------------------------------------------------------------------------
-- privileges: quality_indicators to signed-in people, _for_site to the service role; the helpers to nobody but
-- the functions' owner
------------------------------------------------------------------------------------------------------------------
revoke all on function private.indicator_periods(date, date, text), private.indicator_previous_period(date, date),
  private.quality_indicator_values(uuid, date, date), private.quality_indicator_rows(uuid, date, date, text)
  from public, anon, authenticated, service_role;
revoke all on function private.quality_indicators(date, date, text), public.quality_indicators(date, date, text)
  from public, anon, service_role;
grant execute on function private.quality_indicators(date, date, text), public.quality_indicators(date, date, text)
  to authenticated;
revoke all on function private.quality_indicators_for_site(uuid, date, date, text),
  public.quality_indicators_for_site(uuid, date, date, text) from public, anon, authenticated;
grant execute on function private.quality_indicators_for_site(uuid, date, date, text),
  public.quality_indicators_for_site(uuid, date, date, text) to service_role;
