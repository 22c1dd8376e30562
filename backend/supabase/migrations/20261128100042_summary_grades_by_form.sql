-- The evaluation summary's grades follow the form's own rule (issue 14 leftovers). Since migration 37 a grade
-- criterion may mark which answers meet (mammography's PGMI: P and G meet, M and I do not), and private.answer_met is
-- the one rule for met / not met. evaluation_summary (latest: migration 27) still
--   a) listed an image as faulty when its grade was not the best one (private.best_grade): a PGMI "G" was a fault;
--   b) built one grade distribution from the options of every grade criterion of every form in the evaluation: a mixed
--      evaluation (a chest's 1–3, a mammogram's PGMI) merged unrelated options into one list.
-- Now:
--   a) a grade fails an image by answer_met where its options mark which grades meet; a grade without marks (the 1–3
--      overall grade, for which answer_met says null) keeps the old rule: anything but the best grade is a fault;
--   b) 'grades' is replaced by 'grade_criteria': one distribution per grade criterion of the forms used (form code,
--      title and version, the criterion's code and label, its options in the form's order each with its mark and count);
--   each fault also carries its grade's label ('grade_label_nl', 'grade_label_en'), which the merged list gave before.
--   c) the shares met count a grade by answer_met where its form marks which grades meet, like every other kind, and
--      an unmarked grade not at all (answer_met: null). The summary did so already; the statistics
--      (private.score_rows_sql, migration 31: by criterion and the department row, and the department report built on
--      it), the personal report (private.report_own_answers, 35) and the indicator criteria_met_share
--      (private.quality_indicator_values, 36) counted yes/no, scale and choice only. They are recreated as they were
--      with that one condition widened: the PGMI grade's share shows in the statistics as in the summary.
-- Same signatures, owners (evaluation_summary: iqs_score_reader), audit on read and grants as before.

create or replace function private.evaluation_summary(evaluation uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  facts record;
  f private.sample_filter;
  procedure_ids uuid[];
  with_unknown_procedure boolean;
  previous_items uuid[];
  subject_name text;
  result jsonb;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  select * into facts from private.evaluation_facts(evaluation_summary.evaluation);
  if not found then
    raise exception 'no evaluation % whose scores you may read', evaluation_summary.evaluation using errcode = '42501';
  end if;

  -- The queries below look rows up by key from the rows before them (lateral … offset 0): the policies call
  -- functions per row, and a plan that scans a table again for every row of another (which the planner picks when it
  -- lacks statistics) costs seconds.

  -- the procedures of this evaluation's images (null: images of no known procedure)
  select coalesce(array_agg(distinct i.procedure_id) filter (where i.procedure_id is not null), '{}'),
         coalesce(bool_or(i.procedure_id is null), false)
  into procedure_ids, with_unknown_procedure
  from public.evaluation_items it
  cross join lateral (select x.procedure_id from public.images x where x.id = it.image_id offset 0) i
  where it.evaluation_id = evaluation_summary.evaluation;

  -- the earlier items it is compared with: the same subject's images, or what the same filter selects
  if facts.use = 'quality' then
    f := private.parse_filter(facts.filter);
  else
    f := private.parse_filter('{}');
    f.operator_person_id := facts.subject_person_id;
  end if;
  execute 'select coalesce(array_agg(it.id), ''{}'') from public.evaluation_items it '
       || 'cross join lateral (select 1 from public.images i where i.id = it.image_id '
       || '  and (i.procedure_id = any ($10) or ($11 and i.procedure_id is null)) and ' || private.filter_condition(f) || ' offset 0) i '
       || 'where it.evaluation_id <> $9 and it.state <> ''skipped'' and private.evaluation_created_at(it.evaluation_id) < $12'
    into previous_items
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to,
          evaluation_summary.evaluation, procedure_ids, with_unknown_procedure, facts.created_at;

  select p.display_name into subject_name from public.people p where p.id = facts.subject_person_id;

  with items as (
    select it.id, it.position, it.state, it.image_id, it.form_id
    from public.evaluation_items it
    where it.evaluation_id = evaluation_summary.evaluation
  ),
  answers as (
    select s.evaluation_item_id as item_id, c.id as criterion_id, c.code, c.kind, c.position, c.options, s.value,
           private.answer_met(c.kind, c.options, s.value) as met
    from items it
    cross join lateral (select x.criterion_id, x.value, x.evaluation_item_id from public.scores x where x.evaluation_item_id = it.id offset 0) s
    join public.scoring_criteria c on c.id = s.criterion_id
    where it.state <> 'skipped'
  ),
  previous as (
    select c.code, private.answer_met(c.kind, c.options, s.value) as met
    from public.scores s join public.scoring_criteria c on c.id = s.criterion_id
    where s.evaluation_item_id = any (previous_items)
  ),
  -- every criterion of the forms used, once per code, worded as the one of the lowest position
  criteria as (
    select distinct on (c.code) c.code, c.label_nl, c.label_en, c.position, c.kind
    from public.scoring_criteria c join public.scoring_forms sf on sf.id = c.form_id
    where c.form_id in (select it.form_id from items it)
    order by c.code, c.position, sf.code, sf.version
  ),
  per_criterion as (
    select cr.code, cr.label_nl, cr.label_en, cr.position, cr.kind,
           (select count(*) from answers a where a.code = cr.code and a.met is not null) as answered,
           (select count(*) from answers a where a.code = cr.code and a.met) as met,
           (select count(*) from answers a where a.code = cr.code and a.kind = 'yes_no_na' and a.value = 'na') as not_applicable,
           (select count(*) from previous p where p.code = cr.code and p.met is not null) as previous_answered,
           (select count(*) from previous p where p.code = cr.code and p.met) as previous_met
    from criteria cr
  ),
  -- every grade criterion of the forms used, each with its own options (a chest's 1–3 and a mammogram's PGMI are
  -- different scales and are never merged); one per form version, as the answers refer to it
  grade_criteria as (
    select c.id, c.code, c.label_nl, c.label_en, c.position, c.options,
           sf.code as form_code, sf.title_nl as form_title_nl, sf.title_en as form_title_en, sf.version as form_version
    from public.scoring_criteria c
    join public.scoring_forms sf on sf.id = c.form_id
    where c.form_id in (select it.form_id from items it) and c.kind = 'grade'
  ),
  -- an item's grades that fail it: by the form's marks (answer_met, migration 37) when the grade has them, else the
  -- rule of migration 14 (anything but the best grade); a marked grade that fails is among the criteria not met too
  grade_faults as (
    select a.item_id, bool_or(case when a.met is not null then not a.met
                                   else a.value is distinct from private.best_grade(a.options) end) as faulty
    from answers a
    where a.kind = 'grade' and a.value is not null
    group by a.item_id
  ),
  item_faults as (
    select it.id, it.position, it.image_id, i.study_instance_uid, i.series_instance_uid, i.sop_instance_uid,
           coalesce((select jsonb_agg(a.code order by a.position, a.code) from answers a where a.item_id = it.id and a.met = false), '[]'::jsonb) as criteria,
           g.value as grade, g.label_nl as grade_label_nl, g.label_en as grade_label_en,
           coalesce(gf.faulty, false) as grade_faulty
    from items it
    left join lateral (
      select x.study_instance_uid, x.series_instance_uid, x.sop_instance_uid from public.images x where x.id = it.image_id offset 0
    ) i on true
    left join lateral (
      select a.value, lab.label_nl, lab.label_en
      from answers a
      left join lateral (
        select o ->> 'label_nl' as label_nl, o ->> 'label_en' as label_en
        from jsonb_array_elements(case when jsonb_typeof(a.options) = 'array' then a.options else '[]'::jsonb end) o
        where o ->> 'value' = a.value limit 1
      ) lab on true
      where a.item_id = it.id and a.kind = 'grade' order by a.position limit 1
    ) g on true
    left join grade_faults gf on gf.item_id = it.id
    where it.state <> 'skipped'
  )
  select jsonb_build_object(
    'evaluation_id', evaluation_summary.evaluation,
    'items', (select count(*) from items),
    'scored', (select count(*) from items it where it.state = 'scored'),
    'skipped', (select count(*) from items it where it.state = 'skipped'),
    'criteria', coalesce((
      select jsonb_agg(jsonb_build_object(
               'criterion_code', pc.code, 'label_nl', pc.label_nl, 'label_en', pc.label_en, 'position', pc.position,
               'kind', pc.kind, 'answered', pc.answered, 'met', pc.met, 'not_applicable', pc.not_applicable,
               'share_met', case when pc.answered > 0 then pc.met::numeric / pc.answered end,
               'previous_share_met', case when pc.previous_answered > 0 then pc.previous_met::numeric / pc.previous_answered end,
               'previous_answered', pc.previous_answered)
             order by pc.position, pc.code)
      from per_criterion pc), '[]'::jsonb),
    'grade_criteria', coalesce((
      select jsonb_agg(jsonb_build_object(
               'criterion_id', gc.id, 'criterion_code', gc.code, 'label_nl', gc.label_nl, 'label_en', gc.label_en,
               'position', gc.position, 'form_code', gc.form_code, 'form_title_nl', gc.form_title_nl,
               'form_title_en', gc.form_title_en, 'form_version', gc.form_version,
               'options', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'value', o ->> 'value', 'label_nl', o ->> 'label_nl', 'label_en', o ->> 'label_en',
                          -- true or false where the form marks which grades meet; null where it does not
                          'met', private.answer_met('grade', gc.options, o ->> 'value'),
                          'count', (select count(*) from answers a where a.criterion_id = gc.id and a.value = o ->> 'value'))
                        order by t.n)
                 from jsonb_array_elements(case when jsonb_typeof(gc.options) = 'array' then gc.options else '[]'::jsonb end)
                      with ordinality as t (o, n)), '[]'::jsonb))
             order by gc.form_code, gc.form_version, gc.position, gc.code)
      from grade_criteria gc), '[]'::jsonb),
    'faults', coalesce((
      select jsonb_agg(jsonb_build_object(
               'item_id', x.id, 'position', x.position, 'image_id', x.image_id,
               'study_instance_uid', x.study_instance_uid, 'series_instance_uid', x.series_instance_uid,
               'sop_instance_uid', x.sop_instance_uid, 'criteria', x.criteria, 'grade', x.grade,
               'grade_label_nl', x.grade_label_nl, 'grade_label_en', x.grade_label_en)
             order by x.position)
      from item_faults x where jsonb_array_length(x.criteria) > 0 or x.grade_faulty), '[]'::jsonb),
    'compared_with', case
      when not exists (select 1 from previous p where p.met is not null) then null
      when facts.use = 'quality' then 'earlier evaluations of images matching the same filter, same procedures'
      else 'earlier evaluations of ' || coalesce(subject_name, 'the same person') || ', same procedures'
    end)
  into result;

  if not facts.is_evaluator then
    perform private.write_scores_read('evaluations', evaluation_summary.evaluation::text,
      jsonb_build_object('function', 'evaluation_summary', 'evaluation_id', evaluation_summary.evaluation,
                         'use', facts.use, 'subject_person_id', facts.subject_person_id,
                         'items', result -> 'items', 'faults', jsonb_array_length(result -> 'faults')));
  end if;
  return result;
end
$$;

create or replace function public.evaluation_summary(evaluation uuid) returns jsonb
language sql volatile security invoker set search_path = ''
as $$ select private.evaluation_summary($1) $$;

alter function private.evaluation_summary(uuid) owner to iqs_score_reader;
revoke all on function private.evaluation_summary(uuid), public.evaluation_summary(uuid) from public, anon, service_role;
grant execute on function private.evaluation_summary(uuid), public.evaluation_summary(uuid) to authenticated;

------------------------------------------------------------------------------------------------------------------
-- c) the shares met elsewhere: a marked grade counts (as migrations 31, 35 and 36 otherwise)
------------------------------------------------------------------------------------------------------------------
create or replace function private.score_rows_sql(f private.sample_filter, by_use boolean, department boolean) returns text
language sql immutable set search_path = ''
as $$
  select 'select sc.id as score_id, it.evaluation_id, im.id as image_id, im.study_date, im.procedure_id, im.modality, im.station_id, im.station_name, '
    || 'c.id as criterion_id, c.code, private.answer_met(c.kind, c.options, sc.value) as met '
    || 'from public.scores sc '
    || case when department then
         'cross join lateral (select it.image_id, it.evaluation_id from public.evaluation_items it '
         || '  join public.evaluations e on e.id = it.evaluation_id '
         || '  where it.id = sc.evaluation_item_id and it.state <> ''skipped'' and e.site_id = $10 '
         || '  and (e.use = ''quality'' or (e.use = ''peer'' and e.status = ''closed''))'
         || case when by_use then ' and e.use = $9' else '' end
       else
         'cross join lateral (select it.image_id, it.evaluation_id from public.evaluation_items it '
         || '  where it.id = sc.evaluation_item_id and it.state <> ''skipped'''
         || case when by_use then ' and private.evaluation_use_of(it.evaluation_id) = $9' else '' end
       end
    || '  offset 0) it '
    || 'cross join lateral (select i.id, i.study_date, i.procedure_id, i.modality, i.station_id, i.station_name from public.images i '
    || '  where i.id = it.image_id and ' || private.filter_condition(f) || ' offset 0) im '
    || 'join public.scoring_criteria c on c.id = sc.criterion_id '
    -- a grade counts where its form marks which grades meet (answer_met not null), as in the summary
    || 'where (c.kind in (''yes_no_na'', ''scale'', ''choice'') '
    || '  or (c.kind = ''grade'' and private.answer_met(c.kind, c.options, sc.value) is not null))'
    || case when department then ' and sc.site_id = $10' else '' end
$$;

create or replace function private.report_own_answers(evaluation_ids uuid[]) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with a as (
    select it.evaluation_id, it.image_id, it.state, i.procedure_id, c.code, c.label_nl, c.label_en, c.position, c.id as criterion_id,
           private.answer_met(c.kind, c.options, sc.value) as met
    from public.evaluation_items it
    join public.images i on i.id = it.image_id
    left join public.scores sc on sc.evaluation_item_id = it.id
    -- a grade counts where its form marks which grades meet (answer_met not null), as in the summary
    left join public.scoring_criteria c on c.id = sc.criterion_id
      and (c.kind in ('yes_no_na', 'scale', 'choice') or (c.kind = 'grade' and private.answer_met(c.kind, c.options, sc.value) is not null))
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

create or replace function private.quality_indicator_values(site uuid, first_day date, last_day date)
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
      -- a grade counts where its form marks which grades meet (answer_met not null), as in the summary
      and (c.kind in ('yes_no_na', 'scale', 'choice') or (c.kind = 'grade' and private.answer_met(c.kind, c.options, sc.value) is not null))
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
