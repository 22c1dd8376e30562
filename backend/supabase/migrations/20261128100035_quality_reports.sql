-- Quality reports (issue 13): the department's quality report for a period and a radiographer's personal report for
-- the yearly appraisal, each one JSON document that the page, the print/PDF renderer and `npx iqs report` share.
--
--   department_report(period_from, period_to)                  quality officers and admins (else 42501)
--   personal_report(person, period_from, period_to)            the person themself, quality officers and admins
--   department_report_for_site(site, …), personal_report_for_site(site, person, …)   the service role (iqs report)
--   save_report_recommendations(kind, person, period_from, period_to, text)          the recommendations' text
--
-- Every figure comes from the analysis that owns it, so that the report and the analysis pages agree:
--   - rejects: private.reject_rows (migration 21) over the period, the same function and filter reject_analysis runs
--     (dimensions all, procedure, room and reason; mammography and CT left out of rates as there);
--   - dose: private.dose_rows (migration 25) per room × procedure × view (department) or per procedure × view (own
--     next to department), accepted adult doses, with the applicable DRN and streefwaarde and the status;
--   - evaluation results: the answers the department may count (migration 31's department row: quality analyses,
--     open or closed, and peer reviews once closed) on images whose study date is in the period, by criterion code,
--     with the share met (private.answer_met) and the change against the previous period. Closed self-evaluations
--     are counted as evaluations done (how many), never in the shares: a self-evaluation's answers are its
--     evaluator's (privacy rule b of migration 26, kept by 27 and 31), so they appear only in the evaluator's own
--     personal report;
--   - follow-up actions: public.quality_actions (migration 33) alive in the period, with their state now.
-- The previous period: the same number of whole calendar months before `from` when the period is whole months
-- (a month, a quarter, a year), else the same number of days just before `from`.
--
-- The personal report names the person it is about and nobody else: no reviewer, no colleague; the department's
-- figures beside their own are the department's totals. A quality officer or admin reading someone's personal report
-- is written to the audit log (report.read_personal).

------------------------------------------------------------------------------------------------------------------
-- the recommendations: free text per report (kind, person, period)
------------------------------------------------------------------------------------------------------------------
create table public.report_recommendations (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null default private.current_site_id() references public.sites (id),
  kind text not null,
  -- the person of a personal report; null for the department's
  subject_person_id uuid,
  period_from date not null,
  period_to date not null,
  text text not null default '',
  updated_by uuid,
  updated_at timestamptz not null default now(),
  foreign key (site_id, subject_person_id) references public.people (site_id, id),
  foreign key (site_id, updated_by) references public.people (site_id, id),
  constraint report_recommendations_kind check (kind in ('department', 'personal')),
  -- (input_limits, migration 29: every text column users write has a named length limit)
  constraint report_recommendations_kind_length check (char_length(kind) <= 16),
  constraint report_recommendations_subject check ((kind = 'personal') = (subject_person_id is not null)),
  constraint report_recommendations_period_order check (period_from <= period_to),
  constraint report_recommendations_text_length check (char_length(text) <= 8000),
  -- one text per report (the department's has no person: nulls count as equal here)
  constraint report_recommendations_one unique nulls not distinct (site_id, kind, subject_person_id, period_from, period_to)
);
comment on table public.report_recommendations is
  'The recommendations of a department or personal quality report, per period: free text by quality officers (and the person, for their own).';

create trigger report_recommendations_keep_site before update on public.report_recommendations
  for each row execute function private.keep_site();

-- who and when are the database's for a signed-in person (the service role keeps what it sends)
create function private.fill_report_recommendation() returns trigger
language plpgsql set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if me is not null then
    new.updated_by := me;
    new.updated_at := now();
  elsif tg_op = 'UPDATE' and new.updated_at is not distinct from old.updated_at then
    new.updated_at := now();
  end if;
  return new;
end
$$;
create trigger report_recommendations_fill before insert or update on public.report_recommendations
  for each row execute function private.fill_report_recommendation();

alter table public.report_recommendations enable row level security;
-- the department's: quality officers and admins; a personal report's: its person too
create policy report_recommendations_select on public.report_recommendations for select to authenticated
  using (site_id = (select private.current_site_id())
         and ((select private.has_role('quality_officer', 'admin'))
              or (kind = 'personal' and subject_person_id = (select private.current_person_id()))));
create policy report_recommendations_insert on public.report_recommendations for insert to authenticated
  with check (site_id = (select private.current_site_id())
              and ((select private.has_role('quality_officer', 'admin'))
                   or (kind = 'personal' and subject_person_id = (select private.current_person_id()))));
create policy report_recommendations_update on public.report_recommendations for update to authenticated
  using (site_id = (select private.current_site_id())
         and ((select private.has_role('quality_officer', 'admin'))
              or (kind = 'personal' and subject_person_id = (select private.current_person_id()))))
  with check (site_id = (select private.current_site_id())
              and ((select private.has_role('quality_officer', 'admin'))
                   or (kind = 'personal' and subject_person_id = (select private.current_person_id()))));
create policy report_recommendations_delete on public.report_recommendations for delete to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('quality_officer', 'admin')));
revoke all on public.report_recommendations from anon;
grant select, insert, update, delete on public.report_recommendations to authenticated;
grant all on public.report_recommendations to service_role;

-- Save (create or replace) a report's recommendations, with the caller's rights: the policies above decide.
create function public.save_report_recommendations(kind text, person uuid, period_from date, period_to date, text text)
returns public.report_recommendations
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  saved public.report_recommendations;
begin
  if kind is null or kind not in ('department', 'personal') then
    raise exception 'kind must be department or personal, not %', coalesce(kind, 'null') using errcode = '22023';
  end if;
  if (kind = 'personal') <> (person is not null) then
    raise exception 'a personal report''s recommendations name its person; the department''s none' using errcode = '22023';
  end if;
  perform private.check_report_period(period_from, period_to);
  update public.report_recommendations r set text = coalesce($5, '')
  where r.site_id = private.current_site_id() and r.kind = $1 and r.subject_person_id is not distinct from $2
    and r.period_from = $3 and r.period_to = $4
  returning r.* into saved;
  if not found then
    insert into public.report_recommendations (kind, subject_person_id, period_from, period_to, text)
    values ($1, $2, $3, $4, coalesce($5, ''))
    returning * into saved;
  end if;
  return saved;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the period and its predecessor
------------------------------------------------------------------------------------------------------------------
create function private.check_report_period(period_from date, period_to date) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if period_from is null or period_to is null then
    raise exception 'a report needs period_from and period_to (YYYY-MM-DD)' using errcode = '22023';
  end if;
  if period_from > period_to then
    raise exception 'period_from (%) is after period_to (%)', period_from, period_to using errcode = '22023';
  end if;
  if period_to - period_from > 3660 then
    raise exception 'a report covers at most ten years, not % to %', period_from, period_to using errcode = '22023';
  end if;
end
$$;

-- whole calendar months: the same number of months before; else the same number of days before
create function private.report_previous_period(period_from date, period_to date, out previous_from date, out previous_to date)
language plpgsql immutable set search_path = ''
as $$
declare
  months integer;
begin
  previous_to := period_from - 1;
  if period_from = date_trunc('month', period_from::timestamp)::date
     and period_to = (date_trunc('month', period_to::timestamp) + interval '1 month - 1 day')::date then
    months := (extract(year from period_to)::integer * 12 + extract(month from period_to)::integer)
            - (extract(year from period_from)::integer * 12 + extract(month from period_from)::integer) + 1;
    previous_from := (period_from - make_interval(months => months))::date;
  else
    previous_from := period_from - (period_to - period_from + 1);
  end if;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the sections, as JSON
------------------------------------------------------------------------------------------------------------------
-- Reject analysis rows (private.reject_rows, as reject_analysis) of one dimension over the whole period; person: only
-- the images they made (their own rows), else the department's.
create function private.report_reject_rows(site uuid, dimension text, period_from date, period_to date, person uuid)
returns jsonb
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  f private.reject_filter := private.parse_reject_filter(site, jsonb_build_object('date_from', period_from, 'date_to', period_to));
begin
  if person is not null then
    f.radiographers := array[person::text];
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
             'key', r.key,
             'label_nl', case dimension when 'procedure' then p.name_nl when 'reason' then rr.label_nl else r.label end,
             'label_en', case dimension when 'procedure' then p.name_en when 'reason' then rr.label_en else r.label end,
             'images', r.total, 'rejected', r.rejected, 'rate', r.reject_rate, 'without_reason', r.without_reason,
             'reasons', r.reasons, 'wasted_dap_gy_cm2', r.wasted_dap_gy_cm2, 'flag', r.flag)
           order by case when dimension = 'reason' then r.rejected end desc nulls last, r.label nulls last, r.key nulls last)
    from private.reject_rows(site, dimension, 'all', f) r
    left join public.procedures p on dimension = 'procedure' and p.site_id = site and p.code = r.key
    left join lateral (select x.label_nl, x.label_en from public.reject_reasons x
                       where dimension = 'reason' and x.site_id = site and x.code = r.key
                       order by x.coding_scheme desc limit 1) rr on true
  ), '[]'::jsonb);
end
$$;

create function private.report_rejects(site uuid, period_from date, period_to date, person uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  total jsonb;
begin
  perform private.refresh_reject_rollup(site);
  total := private.report_reject_rows(site, 'all', period_from, period_to, person) -> 0;
  return jsonb_build_object(
    'images', coalesce((total ->> 'images')::integer, 0),
    'rejected', coalesce((total ->> 'rejected')::integer, 0),
    'rate', total -> 'rate',
    'without_reason', coalesce((total ->> 'without_reason')::integer, 0),
    'wasted_dap_gy_cm2', total -> 'wasted_dap_gy_cm2',
    'flag', total -> 'flag',
    'reasons', case when person is null then private.report_reject_rows(site, 'reason', period_from, period_to, null) end,
    'by_procedure', private.report_reject_rows(site, 'procedure', period_from, period_to, person),
    'by_room', case when person is null then private.report_reject_rows(site, 'room', period_from, period_to, null) end);
end
$$;

-- Dose rows (private.dose_rows, as dose_analysis) of every quantity with doses in the period: accepted adult doses,
-- per room × procedure × view for the department, per procedure × view for a person's own (person) or the department
-- beside them (dimension 'procedure', person null).
create function private.report_dose(site uuid, dimension text, period_from date, period_to date, person uuid)
returns jsonb
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  f private.dose_filter := (private.parse_dose_filter(site, jsonb_build_object('from', period_from, 'to', period_to))).f;
  q public.dose_quantity;
  out jsonb := '[]'::jsonb;
begin
  perform private.refresh_dose_rollup(site);
  if person is not null then
    f.radiographers := array[person::text];
  end if;
  foreach q in array array['dap', 'ctdivol', 'dlp', 'organ_dose']::public.dose_quantity[] loop
    out := out || coalesce((
      select jsonb_agg(jsonb_build_object(
               'quantity', q::text, 'unit', private.dose_unit(q),
               'room_key', case when dimension = 'room' then r.key end,
               'room', case when dimension = 'room' then r.label end,
               'procedure_code', r.procedure_code, 'procedure_nl', p.name_nl, 'procedure_en', p.name_en,
               'view_position', r.view_position, 'n', r.n, 'median', r.median, 'p25', r.p25, 'p75', r.p75,
               'drl', r.drl, 'target', r.target, 'status', r.status, 'reference_set', r.reference_set)
             order by r.label nulls last, r.procedure_code nulls last, r.view_position nulls last)
      from private.dose_rows(site, q, dimension, 'all', f) r
      left join public.procedures p on p.site_id = site and p.code = r.procedure_code
      where r.n > 0
    ), '[]'::jsonb);
  end loop;
  return out;
end
$$;

-- Per criterion code: the answers the department may count (migration 31: quality analyses, open or closed, and
-- closed peer reviews; items not skipped; criteria with a met/not met answer) on images with a study date in the
-- period: answered (met is known) and met.
create function private.report_department_answers(site uuid, period_from date, period_to date)
returns table (code text, label_nl text, label_en text, answered integer, met integer)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  f private.sample_filter;
begin
  f.date_from := period_from;
  f.date_to := period_to;
  return query execute
    'select b.code, (array_agg(c.label_nl order by c.position, c.id))[1], (array_agg(c.label_en order by c.position, c.id))[1], '
    || '  (count(b.met))::integer, (count(*) filter (where b.met))::integer '
    || 'from (' || private.score_rows_sql(f, false, true) || ') b '
    || 'join public.scoring_criteria c on c.id = b.criterion_id '
    || 'group by b.code'
    using null::uuid, null::text, null::uuid, null::uuid[], null::text[], null::uuid[], f.date_from, f.date_to,
          null::public.evaluation_use, site;
end
$$;

create function private.report_evaluations(site uuid, period_from date, period_to date) returns jsonb
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  previous record := private.report_previous_period(period_from, period_to);
begin
  return jsonb_build_object(
    'previous_from', previous.previous_from,
    'previous_to', previous.previous_to,
    -- what was done in the period: evaluations started and closed, by use (self-evaluations counted, not read)
    'by_use', (
      select jsonb_agg(jsonb_build_object(
               'use', u.use,
               'started', (select count(*) from public.evaluations e
                           where e.site_id = site and e.use = u.use and e.created_at::date between period_from and period_to),
               'closed', (select count(*) from public.evaluations e
                          where e.site_id = site and e.use = u.use and e.status = 'closed'
                            and e.closed_at::date between period_from and period_to))
             order by u.ord)
      from (values ('quality'::public.evaluation_use, 1), ('peer', 2), ('self', 3)) as u(use, ord)),
    -- what the shares are made of: counted evaluations and the images scored in them (study date in the period)
    'evaluations_counted', (
      select count(distinct it.evaluation_id)
      from public.evaluation_items it
      join public.evaluations e on e.id = it.evaluation_id
      join public.images i on i.id = it.image_id
      where e.site_id = site and it.state = 'scored' and (e.use = 'quality' or (e.use = 'peer' and e.status = 'closed'))
        and i.study_date between period_from and period_to),
    'images_scored', (
      select count(distinct it.image_id)
      from public.evaluation_items it
      join public.evaluations e on e.id = it.evaluation_id
      join public.images i on i.id = it.image_id
      where e.site_id = site and it.state = 'scored' and (e.use = 'quality' or (e.use = 'peer' and e.status = 'closed'))
        and i.study_date between period_from and period_to),
    'criteria', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', coalesce(n.code, o.code),
               'label_nl', coalesce(n.label_nl, o.label_nl), 'label_en', coalesce(n.label_en, o.label_en),
               'answered', coalesce(n.answered, 0), 'met', coalesce(n.met, 0),
               'share', case when n.answered > 0 then n.met::numeric / n.answered end,
               'previous_answered', coalesce(o.answered, 0), 'previous_met', coalesce(o.met, 0),
               'previous_share', case when o.answered > 0 then o.met::numeric / o.answered end,
               'change', case when n.answered > 0 and o.answered > 0
                              then n.met::numeric / n.answered - o.met::numeric / o.answered end)
             order by coalesce(n.code, o.code))
      from private.report_department_answers(site, period_from, period_to) n
      full join private.report_department_answers(site, previous.previous_from, previous.previous_to) o on o.code = n.code
      -- criteria of the previous period only are listed too (answered 0 now), so a drop to nothing shows
    ), '[]'::jsonb));
end
$$;

-- Follow-up actions alive in the period: created by its end and not finished (done or cancelled) before its start;
-- their state now. Overdue and on time as migration 33 defines them. (Read only when migration 33 is there.)
create function private.report_actions(site uuid, period_from date, period_to date) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  items jsonb;
begin
  if to_regclass('public.quality_actions') is null then
    return jsonb_build_object('available', false, 'items', '[]'::jsonb);
  end if;
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', a.id, 'title', a.title, 'finding_kind', a.finding_kind::text, 'finding_label', a.finding_label,
           'owner', p.display_name, 'due_date', a.due_date, 'state', a.state::text, 'outcome', a.outcome,
           'completed_at', a.completed_at,
           'overdue', a.state not in ('done', 'cancelled') and a.due_date < current_date,
           'on_time', a.state = 'done' and a.completed_at::date <= a.due_date)
         order by a.due_date, a.title, a.id), '[]'::jsonb)
    into items
  from public.quality_actions a
  left join public.people p on p.id = a.owner_id
  where a.site_id = site and a.created_at::date <= period_to
    and (a.state not in ('done', 'cancelled') or coalesce(a.completed_at, a.updated_at)::date >= period_from);
  return jsonb_build_object(
    'available', true,
    'open', (select count(*) from jsonb_array_elements(items) x where x ->> 'state' not in ('done', 'cancelled')),
    'overdue', (select count(*) from jsonb_array_elements(items) x where (x ->> 'overdue')::boolean),
    'done', (select count(*) from jsonb_array_elements(items) x where x ->> 'state' = 'done'),
    'done_on_time', (select count(*) from jsonb_array_elements(items) x where (x ->> 'on_time')::boolean),
    'items', items);
end
$$;

create function private.report_recommendation_text(site uuid, kind text, person uuid, period_from date, period_to date)
returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce((
    select jsonb_build_object('text', r.text, 'updated_at', r.updated_at)
    from public.report_recommendations r
    where r.site_id = $1 and r.kind = $2 and r.subject_person_id is not distinct from $3
      and r.period_from = $4 and r.period_to = $5
  ), jsonb_build_object('text', '', 'updated_at', null))
$$;

------------------------------------------------------------------------------------------------------------------
-- the reports
------------------------------------------------------------------------------------------------------------------
create function private.build_department_report(site uuid, period_from date, period_to date, author text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.check_report_period(period_from, period_to);
  return jsonb_build_object(
    'kind', 'department',
    'site', (select jsonb_build_object('code', s.code, 'name', s.name) from public.sites s where s.id = site),
    'period_from', period_from,
    'period_to', period_to,
    'author', author,
    'generated_at', now(),
    'rejects', private.report_rejects(site, period_from, period_to, null),
    'evaluations', private.report_evaluations(site, period_from, period_to),
    'dose', private.report_dose(site, 'room', period_from, period_to, null),
    'actions', private.report_actions(site, period_from, period_to),
    'recommendations', private.report_recommendation_text(site, 'department', null, period_from, period_to));
end
$$;

-- Answers of the given evaluations (ids) on items not skipped, by criterion code, and by the images' procedure
create function private.report_own_answers(evaluation_ids uuid[]) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with a as (
    select it.evaluation_id, it.image_id, it.state, i.procedure_id, c.code, c.label_nl, c.label_en, c.position, c.id as criterion_id,
           private.answer_met(c.kind, c.options, sc.value) as met
    from public.evaluation_items it
    join public.images i on i.id = it.image_id
    left join public.scores sc on sc.evaluation_item_id = it.id
    left join public.scoring_criteria c on c.id = sc.criterion_id and c.kind in ('yes_no_na', 'scale', 'choice')
    where it.evaluation_id = any ($1) and it.state <> 'skipped'
  )
  select jsonb_build_object(
    'evaluations', cardinality($1),
    'images_scored', (select count(distinct a.image_id) from a where a.state = 'scored'),
    'by_procedure', coalesce((
      select jsonb_agg(jsonb_build_object(
               'procedure_code', p.code, 'procedure_nl', p.name_nl, 'procedure_en', p.name_en,
               'evaluations', x.evaluations, 'images_scored', x.images, 'answered', x.answered, 'met', x.met,
               'share', case when x.answered > 0 then x.met::numeric / x.answered end)
             order by p.code nulls last)
      from (select a.procedure_id, count(distinct a.evaluation_id) filter (where a.state = 'scored') as evaluations,
                   count(distinct a.image_id) filter (where a.state = 'scored') as images,
                   count(a.met) as answered, count(*) filter (where a.met) as met
            from a group by a.procedure_id) x
      left join public.procedures p on p.id = x.procedure_id
      where x.images > 0 or x.answered > 0), '[]'::jsonb),
    'criteria', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', x.code, 'label_nl', x.label_nl, 'label_en', x.label_en, 'answered', x.answered, 'met', x.met,
               'share', case when x.answered > 0 then x.met::numeric / x.answered end)
             order by x.code)
      from (select a.code, (array_agg(a.label_nl order by a.position, a.criterion_id))[1] as label_nl,
                   (array_agg(a.label_en order by a.position, a.criterion_id))[1] as label_en,
                   count(a.met) as answered, count(*) filter (where a.met) as met
            from a where a.code is not null group by a.code) x), '[]'::jsonb))
$$;

create function private.build_personal_report(site uuid, person uuid, period_from date, period_to date, author text)
returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  name text;
  own_dose jsonb;
  department_dose jsonb;
begin
  perform private.check_report_period(period_from, period_to);
  select p.display_name into name from public.people p where p.id = person and p.site_id = site;
  if name is null then
    raise exception 'no person % in this site', coalesce(person::text, 'null') using errcode = '22023';
  end if;
  own_dose := private.report_dose(site, 'procedure', period_from, period_to, person);
  department_dose := private.report_dose(site, 'procedure', period_from, period_to, null);
  return jsonb_build_object(
    'kind', 'personal',
    'site', (select jsonb_build_object('code', s.code, 'name', s.name) from public.sites s where s.id = site),
    'person', jsonb_build_object('id', person, 'display_name', name),
    'period_from', period_from,
    'period_to', period_to,
    'author', author,
    'generated_at', now(),
    -- their own self-evaluations closed in the period (the coverage plan's definition: closed_at in the period)
    'self_evaluations', private.report_own_answers(array(
      select e.id from public.evaluations e
      where e.site_id = site and e.use = 'self' and e.evaluator_id = person and e.status = 'closed'
        and e.closed_at::date between period_from and period_to order by e.id)),
    -- peer reviews of them, once closed (privacy rule c); the reviewer is not named
    'peer_reviews', private.report_own_answers(array(
      select e.id from public.evaluations e
      where e.site_id = site and e.use = 'peer' and e.subject_person_id = person and e.status = 'closed'
        and e.closed_at::date between period_from and period_to order by e.id)),
    'rejects', jsonb_build_object(
      'own', private.report_rejects(site, period_from, period_to, person),
      'department', private.report_rejects(site, period_from, period_to, null) - 'by_room' - 'reasons'),
    -- own medians per procedure and view, each beside the department's for the same procedure and view
    'dose', coalesce((
      select jsonb_agg(o.value || jsonb_build_object(
               'department_n', d.value -> 'n', 'department_median', d.value -> 'median', 'department_status', d.value -> 'status')
             order by o.ord)
      from jsonb_array_elements(own_dose) with ordinality o(value, ord)
      left join jsonb_array_elements(department_dose) d(value)
        on d.value ->> 'quantity' = o.value ->> 'quantity'
       and d.value ->> 'procedure_code' is not distinct from o.value ->> 'procedure_code'
       and d.value ->> 'view_position' is not distinct from o.value ->> 'view_position'), '[]'::jsonb),
    'recommendations', private.report_recommendation_text(site, 'personal', person, period_from, period_to));
end
$$;

create function private.department_report(period_from date, period_to date) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if me is null or not private.has_role('quality_officer', 'admin') then
    raise exception 'the department report is for quality officers and admins' using errcode = '42501';
  end if;
  return private.build_department_report(private.current_site_id(), period_from, period_to,
                                         (select p.display_name from public.people p where p.id = me));
end
$$;

create function private.personal_report(person uuid, period_from date, period_to date) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  site uuid := private.current_site_id();
  report jsonb;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if person is distinct from me and not private.has_role('quality_officer', 'admin') then
    raise exception 'a personal report is for its person, quality officers and admins' using errcode = '42501';
  end if;
  report := private.build_personal_report(site, person, period_from, period_to,
                                          (select p.display_name from public.people p where p.id = me));
  if person <> me then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (site, me, 'report.read_personal', 'people', person,
            jsonb_build_object('period_from', period_from, 'period_to', period_to));
  end if;
  return report;
end
$$;

create function private.department_report_for_site(site uuid, period_from date, period_to date) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
begin
  if site is null or not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', coalesce(site::text, 'null') using errcode = 'P0001';
  end if;
  return private.build_department_report(site, period_from, period_to, null);
end
$$;

create function private.personal_report_for_site(site uuid, person uuid, period_from date, period_to date) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  report jsonb;
begin
  if site is null or not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', coalesce(site::text, 'null') using errcode = 'P0001';
  end if;
  report := private.build_personal_report(site, person, period_from, period_to, null);
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (site, null, 'report.read_personal', 'people', person,
          jsonb_build_object('function', 'personal_report_for_site', 'period_from', period_from, 'period_to', period_to));
  return report;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the API: security-invoker wrappers
------------------------------------------------------------------------------------------------------------------
create function public.department_report(period_from date, period_to date) returns jsonb
language sql volatile security invoker set search_path = ''
as $$ select private.department_report($1, $2) $$;

create function public.personal_report(person uuid, period_from date, period_to date) returns jsonb
language sql volatile security invoker set search_path = ''
as $$ select private.personal_report($1, $2, $3) $$;

create function public.department_report_for_site(site uuid, period_from date, period_to date) returns jsonb
language sql volatile security invoker set search_path = ''
as $$ select private.department_report_for_site($1, $2, $3) $$;

create function public.personal_report_for_site(site uuid, person uuid, period_from date, period_to date) returns jsonb
language sql volatile security invoker set search_path = ''
as $$ select private.personal_report_for_site($1, $2, $3, $4) $$;

------------------------------------------------------------------------------------------------------------------
-- privileges
------------------------------------------------------------------------------------------------------------------
revoke all on function private.fill_report_recommendation(), private.report_previous_period(date, date),
  private.report_reject_rows(uuid, text, date, date, uuid), private.report_rejects(uuid, date, date, uuid),
  private.report_dose(uuid, text, date, date, uuid), private.report_department_answers(uuid, date, date),
  private.report_evaluations(uuid, date, date), private.report_actions(uuid, date, date),
  private.report_recommendation_text(uuid, text, uuid, date, date),
  private.build_department_report(uuid, date, date, text), private.report_own_answers(uuid[]),
  private.build_personal_report(uuid, uuid, date, date, text)
  from public, anon, authenticated, service_role;
revoke all on function private.check_report_period(date, date) from public, anon;
grant execute on function private.check_report_period(date, date) to authenticated, service_role;

revoke all on function private.department_report(date, date), private.personal_report(uuid, date, date),
  public.department_report(date, date), public.personal_report(uuid, date, date),
  public.save_report_recommendations(text, uuid, date, date, text)
  from public, anon, service_role;
grant execute on function private.department_report(date, date), private.personal_report(uuid, date, date),
  public.department_report(date, date), public.personal_report(uuid, date, date),
  public.save_report_recommendations(text, uuid, date, date, text)
  to authenticated;
revoke all on function private.department_report_for_site(uuid, date, date), private.personal_report_for_site(uuid, uuid, date, date),
  public.department_report_for_site(uuid, date, date), public.personal_report_for_site(uuid, uuid, date, date)
  from public, anon, authenticated;
grant execute on function private.department_report_for_site(uuid, date, date), private.personal_report_for_site(uuid, uuid, date, date),
  public.department_report_for_site(uuid, date, date), public.personal_report_for_site(uuid, uuid, date, date)
  to service_role;
