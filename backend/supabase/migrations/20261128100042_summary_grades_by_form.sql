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
-- The shares met were already right and stay as they are: per criterion they count the answers answer_met decides, so a
-- marked grade counts like a choice and an unmarked one not at all (score_statistics, the reports and indicators too).
-- Same signature, owner (iqs_score_reader), audit on read and grants as migration 27.

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
