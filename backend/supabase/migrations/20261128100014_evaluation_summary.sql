-- The summary of an evaluation (EvaluationSummary in extensions/iqs-scoring/src/domain/evaluation.ts): per criterion
-- how often it was met, compared with earlier scores; the grades; the images with faults. And the one rule that says
-- whether an answer meets its criterion, which the summary and the statistics both use.

------------------------------------------------------------------------------------------------------------------
-- when an answer meets its criterion (the only place this is decided)
------------------------------------------------------------------------------------------------------------------
-- yes_no_na: yes met, no not met, na not counted. scale: met from options.met_from (default max - 1). choice: met
-- when the chosen option has "met": true, not met when another option has it, not counted when no option has it.
-- grade and comment: not counted (grades have their own distribution).
create function private.answer_met(kind public.criterion_kind, options jsonb, value text) returns boolean
language sql immutable set search_path = ''
as $$
  select case
    when $3 is null then null
    when $1 = 'yes_no_na' then case $3 when 'yes' then true when 'no' then false end
    when $1 = 'scale' then
      case when $3 ~ '^-?[0-9]+$' and jsonb_typeof($2) = 'object'
           then $3::numeric >= coalesce(($2 ->> 'met_from')::numeric, ($2 ->> 'max')::numeric - 1) end
    when $1 = 'choice' then
      case when jsonb_typeof($2) = 'array'
                and exists (select 1 from jsonb_array_elements($2) o where o -> 'met' = 'true'::jsonb)
           then exists (select 1 from jsonb_array_elements($2) o where o ->> 'value' = $3 and o -> 'met' = 'true'::jsonb) end
  end
$$;

-- The best grade of a grade criterion: the highest value when every value is a number, else the last option listed
-- (forms list their grades from worst to best).
create function private.best_grade(options jsonb) returns text
language plpgsql immutable set search_path = ''
as $$
begin
  if options is null or jsonb_typeof(options) <> 'array' or jsonb_array_length(options) = 0 then
    return null;
  end if;
  if not exists (select 1 from jsonb_array_elements(options) o where coalesce(o ->> 'value', '') !~ '^-?[0-9]+(\.[0-9]+)?$') then
    return (select o ->> 'value' from jsonb_array_elements(options) o order by (o ->> 'value')::numeric desc limit 1);
  end if;
  return options -> -1 ->> 'value';
end
$$;

revoke all on function private.answer_met(public.criterion_kind, jsonb, text), private.best_grade(jsonb) from public, anon;
grant execute on function private.answer_met(public.criterion_kind, jsonb, text), private.best_grade(jsonb) to authenticated, service_role;

------------------------------------------------------------------------------------------------------------------
-- what the caller may know about an evaluation whose scores they may read
------------------------------------------------------------------------------------------------------------------
-- The evaluator, the site's quality officers and admins, and the people whose images are in it (the subject of a peer
-- review does not see the evaluation row, which names the reviewer) get its facts; the evaluator's id stays inside.
create function private.evaluation_facts(evaluation uuid)
returns table (site_id uuid, use public.evaluation_use, subject_person_id uuid, filter jsonb, created_at timestamptz,
               status public.evaluation_status, is_evaluator boolean)
language sql stable security definer set search_path = ''
as $$
  select e.site_id, e.use, e.subject_person_id, e.filter, e.created_at, e.status, e.evaluator_id = private.current_person_id()
  from public.evaluations e
  where e.id = $1
    and e.site_id = private.current_site_id()
    and (e.evaluator_id = private.current_person_id()
         or private.has_role('quality_officer', 'admin')
         or exists (select 1 from public.evaluation_items it where it.evaluation_id = e.id and private.is_operator_of(it.image_id)))
$$;

-- when an evaluation was created (for "earlier evaluations"; asked only for items the caller can already see)
create function private.evaluation_created_at(evaluation uuid) returns timestamptz
language sql stable security definer set search_path = ''
as $$
  select e.created_at from public.evaluations e where e.id = $1 and e.site_id = private.current_site_id()
$$;

revoke all on function private.evaluation_facts(uuid), private.evaluation_created_at(uuid) from public, anon;
grant execute on function private.evaluation_facts(uuid), private.evaluation_created_at(uuid) to authenticated;

------------------------------------------------------------------------------------------------------------------
-- evaluation_summary
------------------------------------------------------------------------------------------------------------------
-- Counts are over the items and answers the caller may read (RLS). Answers on skipped items are left out. "Previous":
-- answers given in evaluations created before this one, on images of the same subject (self-evaluation and peer
-- review) or on images the same filter selects (quality analysis), of the procedures in this evaluation.
-- Reading it as neither the evaluator nor the subject is written to the audit log ('scores.read').
create function public.evaluation_summary(evaluation uuid) returns jsonb
language plpgsql volatile security invoker set search_path = ''
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
    select s.evaluation_item_id as item_id, c.code, c.kind, c.position, c.options, s.value,
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
  grade_options as (
    select distinct on (o ->> 'value') o ->> 'value' as value, o ->> 'label_nl' as label_nl, o ->> 'label_en' as label_en,
           c.position, t.n
    from public.scoring_criteria c
    join public.scoring_forms sf on sf.id = c.form_id
    cross join lateral jsonb_array_elements(c.options) with ordinality as t (o, n)
    where c.form_id in (select it.form_id from items it) and c.kind = 'grade'
    order by o ->> 'value', c.position, sf.code, sf.version
  ),
  item_faults as (
    select it.id, it.position, it.image_id, i.study_instance_uid, i.series_instance_uid, i.sop_instance_uid,
           coalesce((select jsonb_agg(a.code order by a.position, a.code) from answers a where a.item_id = it.id and a.met = false), '[]'::jsonb) as criteria,
           g.value as grade,
           g.value is not null and g.value is distinct from private.best_grade(g.options) as grade_below_best
    from items it
    left join lateral (
      select x.study_instance_uid, x.series_instance_uid, x.sop_instance_uid from public.images x where x.id = it.image_id offset 0
    ) i on true
    left join lateral (
      select a.value, a.options from answers a where a.item_id = it.id and a.kind = 'grade' order by a.position limit 1
    ) g on true
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
    'grades', coalesce((
      select jsonb_agg(jsonb_build_object(
               'value', g.value, 'label_nl', g.label_nl, 'label_en', g.label_en,
               'count', (select count(*) from answers a where a.kind = 'grade' and a.value = g.value))
             order by g.n, g.value)
      from grade_options g), '[]'::jsonb),
    'faults', coalesce((
      select jsonb_agg(jsonb_build_object(
               'item_id', x.id, 'position', x.position, 'image_id', x.image_id,
               'study_instance_uid', x.study_instance_uid, 'series_instance_uid', x.series_instance_uid,
               'sop_instance_uid', x.sop_instance_uid, 'criteria', x.criteria, 'grade', x.grade)
             order by x.position)
      from item_faults x where jsonb_array_length(x.criteria) > 0 or x.grade_below_best), '[]'::jsonb),
    'compared_with', case
      when not exists (select 1 from previous p where p.met is not null) then null
      when facts.use = 'quality' then 'earlier evaluations of images matching the same filter, same procedures'
      else 'earlier evaluations of ' || coalesce(subject_name, 'the same person') || ', same procedures'
    end)
  into result;

  if not (facts.is_evaluator or facts.subject_person_id is not distinct from me) then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (facts.site_id, me, 'scores.read', 'evaluations', evaluation_summary.evaluation::text,
            jsonb_build_object('function', 'evaluation_summary', 'evaluation_id', evaluation_summary.evaluation,
                               'use', facts.use, 'subject_person_id', facts.subject_person_id,
                               'items', result -> 'items', 'faults', jsonb_array_length(result -> 'faults')));
  end if;
  return result;
end
$$;

revoke all on function public.evaluation_summary(uuid) from public, anon, service_role;
grant execute on function public.evaluation_summary(uuid) to authenticated;
