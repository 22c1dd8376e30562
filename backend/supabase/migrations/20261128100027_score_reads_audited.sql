-- Reading scores one did not give is audited (issue 12, finding 5) and statistics never name a colleague (finding 6).
--
-- Through the table (GET /rest/v1/scores) everyone reads only the answers they gave themselves: their own
-- evaluations. Everything else — a quality officer's or admin's reading of the site's scores, a radiographer's reading
-- of the peer reviews and quality analyses of their images — goes through these functions, which write 'scores.read'
-- to the audit log with what was read:
--
--   evaluation_scores(evaluation)             the answers of one evaluation (audited unless one is its evaluator)
--   evaluation_summary(evaluation)            as before (migration 14); now audited unless one is its evaluator
--   score_statistics(dimension, period, f)    as before (migration 15); audited when answers of others are counted
--
-- How: the functions are security definer, owned by the role iqs_score_reader (no login; a member of authenticated,
-- so every policy of authenticated applies to it as well), which has one more policy on scores: the answers the
-- caller may read (private.readable_score_items: rules b and c of migration 26; quality officers and admins the
-- site's). So the same Row Level Security decides what they count, and nobody reaches that policy but through them.
-- Their audit rows are written by private.write_scores_read (security definer, for iqs_score_reader only).
--
-- Statistics by person (rule a): quality officers and admins read every radiographer and group by name (as before);
-- anyone else gets, by radiographer, their own row (key: their person id) and the department's (key null: every
-- answer they may read), and by group the department's row only; a filter on a colleague or a group is refused
-- (42501), as in the reject and dose analyses (migrations 21 and 25).

------------------------------------------------------------------------------------------------------------------
-- the reader role
------------------------------------------------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'iqs_score_reader') then
    create role iqs_score_reader nologin inherit;
  end if;
end
$$;
grant authenticated to iqs_score_reader;
-- the role that runs the migrations hands its functions to iqs_score_reader (needed where it is not a superuser)
do $$
begin
  if not pg_has_role(current_user, 'iqs_score_reader', 'member') then
    execute format('grant iqs_score_reader to %I', current_user);
  end if;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- scores: one's own answers through the table, the readable ones through the audited functions
------------------------------------------------------------------------------------------------------------------
alter policy scores_select on public.scores
  using (site_id = (select private.current_site_id()) and scored_by = (select private.current_person_id()));

create policy scores_select_audited on public.scores for select to iqs_score_reader
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or evaluation_item_id in (select private.readable_score_items()))
  );

-- the audit row of a read (security definer: written whatever the audit log's grants)
create function private.write_scores_read(target_table text, target_id text, details jsonb) returns void
language sql volatile security definer set search_path = ''
as $$
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (private.current_site_id(), private.current_person_id(), 'scores.read', $1, $2, $3)
$$;
revoke all on function private.write_scores_read(text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.write_scores_read(text, text, jsonb) to iqs_score_reader;

------------------------------------------------------------------------------------------------------------------
-- evaluation_scores
------------------------------------------------------------------------------------------------------------------
create function private.evaluation_scores(evaluation uuid)
returns table (id uuid, evaluation_item_id uuid, form_id uuid, criterion_id uuid, value text, comment text,
               created_at timestamptz, updated_at timestamptz)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  facts record;
  n integer;
begin
  if private.current_person_id() is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  select * into facts from private.evaluation_facts(evaluation_scores.evaluation);
  if not found then
    raise exception 'no evaluation % whose scores you may read', evaluation_scores.evaluation using errcode = '42501';
  end if;
  return query
    select s.id, s.evaluation_item_id, s.form_id, s.criterion_id, s.value, s.comment, s.created_at, s.updated_at
    from public.evaluation_items it
    join public.scores s on s.evaluation_item_id = it.id
    where it.evaluation_id = evaluation_scores.evaluation
    order by it.position, s.criterion_id;
  get diagnostics n = row_count;
  if not facts.is_evaluator then
    perform private.write_scores_read('evaluations', evaluation_scores.evaluation::text,
      jsonb_build_object('function', 'evaluation_scores', 'evaluation_id', evaluation_scores.evaluation, 'use', facts.use,
                         'subject_person_id', facts.subject_person_id, 'scores', n));
  end if;
end
$$;

create function public.evaluation_scores(evaluation uuid)
returns table (id uuid, evaluation_item_id uuid, form_id uuid, criterion_id uuid, value text, comment text,
               created_at timestamptz, updated_at timestamptz)
language sql volatile security invoker set search_path = ''
as $$ select * from private.evaluation_scores($1) $$;

------------------------------------------------------------------------------------------------------------------
-- evaluation_summary: as migration 14, in private, audited unless the caller is the evaluator
------------------------------------------------------------------------------------------------------------------
drop function public.evaluation_summary(uuid);

create function private.evaluation_summary(evaluation uuid) returns jsonb
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

  if not facts.is_evaluator then
    perform private.write_scores_read('evaluations', evaluation_summary.evaluation::text,
      jsonb_build_object('function', 'evaluation_summary', 'evaluation_id', evaluation_summary.evaluation,
                         'use', facts.use, 'subject_person_id', facts.subject_person_id,
                         'items', result -> 'items', 'faults', jsonb_array_length(result -> 'faults')));
  end if;
  return result;
end
$$;

create function public.evaluation_summary(evaluation uuid) returns jsonb
language sql volatile security invoker set search_path = ''
as $$ select private.evaluation_summary($1) $$;

------------------------------------------------------------------------------------------------------------------
-- score_statistics: as migration 15, in private; statistics by person for quality officers and admins only
------------------------------------------------------------------------------------------------------------------
drop function public.score_statistics(text, text, jsonb);

create function private.score_statistics(dimension text, period text, filter jsonb)
returns table (
  period_start date, group_key text, group_label text, criterion_code text, criterion_label_nl text,
  criterion_label_en text, answered integer, met integer, share_met numeric
)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  my_name text;
  named boolean := private.has_role('quality_officer', 'admin');
  f private.sample_filter;
  only_use public.evaluation_use;
  base_sql text;
  period_sql text;
  operator_match text;
  group_sql text;
  others record;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if dimension is null or dimension not in ('radiographer', 'procedure', 'modality', 'room', 'group', 'criterion') then
    raise exception 'dimension must be one of radiographer, procedure, modality, room, group, criterion, not %', coalesce(dimension, 'null')
      using errcode = '22023';
  end if;
  if period is null or period not in ('month', 'quarter', 'year', 'all') then
    raise exception 'period must be one of month, quarter, year, all, not %', coalesce(period, 'null') using errcode = '22023';
  end if;
  if jsonb_typeof(filter) = 'object' and filter ? 'use' then
    if filter -> 'use' <> 'null'::jsonb then
      if jsonb_typeof(filter -> 'use') <> 'string' or filter ->> 'use' not in ('self', 'peer', 'quality') then
        raise exception 'filter.use must be self, peer or quality, not %', filter -> 'use' using errcode = '22023';
      end if;
      only_use := (filter ->> 'use')::public.evaluation_use;
    end if;
    filter := filter - 'use';
  end if;
  f := private.parse_filter(filter);
  -- no colleague by name: not through a filter either (a group may stand for a single colleague)
  if not named then
    if f.operator_person_id is not null and f.operator_person_id <> me then
      raise exception 'filter.operator_person_id may name only yourself: statistics of colleagues by name are for quality officers and admins'
        using errcode = '42501';
    end if;
    if f.group_kind is not null then
      raise exception 'filter.group is for quality officers and admins: a group may stand for a single colleague'
        using errcode = '42501';
    end if;
  end if;
  select p.display_name into my_name from public.people p where p.id = me;

  -- The answers counted, one row per score ($1..$8: the filter, as in private.filter_condition; $9 the use). Driven
  -- by the scores (those the caller may read: the policies of iqs_score_reader), with the item and the image looked up
  -- by key for each (offset 0 keeps those lookups as they are written).
  base_sql := 'select sc.id as score_id, it.evaluation_id, im.id as image_id, im.study_date, im.procedure_id, im.modality, im.station_id, im.station_name, '
    || 'c.id as criterion_id, c.code, private.answer_met(c.kind, c.options, sc.value) as met '
    || 'from public.scores sc '
    || 'cross join lateral (select it.image_id, it.evaluation_id from public.evaluation_items it '
    || '  where it.id = sc.evaluation_item_id and it.state <> ''skipped'''
    || case when only_use is not null then ' and private.evaluation_use_of(it.evaluation_id) = $9' else '' end
    || '  offset 0) it '
    || 'cross join lateral (select i.id, i.study_date, i.procedure_id, i.modality, i.station_id, i.station_name from public.images i '
    || '  where i.id = it.image_id and ' || private.filter_condition(f) || ' offset 0) im '
    || 'join public.scoring_criteria c on c.id = sc.criterion_id '
    || 'where c.kind in (''yes_no_na'', ''scale'', ''choice'')';

  period_sql := case period
    when 'all' then 'null::date'
    else format('date_trunc(%L, b.study_date::timestamp)::date', period) end;

  -- which operators of an image a radiographer or group row is about: those the filter names, when it names any
  operator_match := '';
  if f.operator_person_id is not null then
    operator_match := operator_match || ' and o.person_id = $1';
  end if;
  if f.group_kind = 'service_years' then
    operator_match := operator_match || ' and private.service_years_band(p.employment_start, b.study_date) = $2';
  elsif f.group_kind = 'custom' then
    operator_match := operator_match || ' and exists (select 1 from public.person_group_members m where m.person_id = o.person_id and m.group_id = $3)';
  end if;

  -- the group of each counted answer (an image made by two radiographers counts for both)
  group_sql := case
    when dimension = 'radiographer' and not named then
      -- the caller's own row ($10, named $11) for the images they made, and the department's (key null) for every answer
      'cross join lateral (select $10::text as key, $11::text as label '
      || '  where exists (select 1 from public.image_operators o where o.image_id = b.image_id and o.person_id = $10) '
      || '  union all select null::text, null::text) g'
    when dimension = 'group' and not named then
      'left join lateral (select null::text as key, null::text as label) g on true'
    when dimension = 'radiographer' then
      'left join lateral (select distinct coalesce(o.person_id::text, ''raw:'' || o.raw_name) as key, coalesce(p.display_name, o.raw_name) as label '
      || 'from public.image_operators o left join public.people p on p.id = o.person_id where o.image_id = b.image_id' || operator_match || ') g on true'
    when dimension = 'group' then
      case when f.group_kind = 'custom' then
        'left join lateral (select pg.id::text as key, pg.name as label from public.person_groups pg where pg.id = $3) g on true'
      else
        'left join lateral (select distinct private.service_years_band(p.employment_start, b.study_date) as key, '
        || 'private.service_years_band(p.employment_start, b.study_date) as label '
        || 'from public.image_operators o left join public.people p on p.id = o.person_id where o.image_id = b.image_id' || operator_match || ') g on true'
      end
    when dimension = 'procedure' then
      'left join lateral (select b.procedure_id::text as key, pr.name_nl as label from (select 1) one '
      || 'left join public.procedures pr on pr.id = b.procedure_id) g on true'
    when dimension = 'modality' then
      'left join lateral (select b.modality as key, b.modality as label) g on true'
    when dimension = 'room' then
      'left join lateral (select coalesce(b.station_id::text, ''raw:'' || b.station_name) as key, coalesce(st.display_name, b.station_name) as label '
      || 'from (select 1) one left join public.stations st on st.id = b.station_id) g on true'
    else
      'left join lateral (select null::text as key, null::text as label) g on true'
  end;

  return query execute
    'with base as materialized (' || base_sql || '), '
    || 'labels as (select distinct on (c.code) c.code, c.label_nl, c.label_en, c.position '
    || '  from public.scoring_criteria c join public.scoring_forms sf on sf.id = c.form_id '
    || '  where c.id in (select b.criterion_id from base b) order by c.code, c.position, sf.code, sf.version), '
    || 'counted as (select distinct b.score_id, b.code, b.met, ' || period_sql || ' as period_start, g.key, g.label '
    || '  from base b ' || group_sql || ') '
    || 'select x.period_start, x.key, x.label, x.code, l.label_nl, l.label_en, '
    || '  (count(*) filter (where x.met is not null))::integer, (count(*) filter (where x.met))::integer, '
    || '  case when count(*) filter (where x.met is not null) > 0 '
    || '       then (count(*) filter (where x.met))::numeric / count(*) filter (where x.met is not null) end '
    || 'from counted x join labels l on l.code = x.code '
    || 'group by x.period_start, x.key, x.label, x.code, l.label_nl, l.label_en, l.position '
    || 'order by x.period_start nulls first, x.label nulls last, x.key nulls last, l.position, x.code'
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to, only_use,
          me, my_name;

  -- reading answers the caller did not give (evaluations of others) is written to the audit log
  execute 'select count(*)::integer as scores, count(distinct b.image_id)::integer as images, '
       || '  coalesce(jsonb_agg(distinct b.evaluation_id), ''[]''::jsonb) as evaluations from (' || base_sql || ') b '
       || 'where b.evaluation_id not in (select private.my_evaluation_ids())'
    into others
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to, only_use;
  if others.scores > 0 then
    perform private.write_scores_read('scores', null,
      jsonb_build_object('function', 'score_statistics', 'dimension', dimension, 'period', period,
                         'filter', coalesce(filter, '{}'::jsonb), 'use', only_use, 'scores', others.scores, 'images', others.images,
                         'evaluation_ids', others.evaluations));
  end if;
end
$$;

create function public.score_statistics(dimension text, period text, filter jsonb)
returns table (
  period_start date, group_key text, group_label text, criterion_code text, criterion_label_nl text,
  criterion_label_en text, answered integer, met integer, share_met numeric
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.score_statistics($1, $2, $3) $$;

------------------------------------------------------------------------------------------------------------------
-- owners and privileges
------------------------------------------------------------------------------------------------------------------
alter function private.evaluation_scores(uuid) owner to iqs_score_reader;
alter function private.evaluation_summary(uuid) owner to iqs_score_reader;
alter function private.score_statistics(text, text, jsonb) owner to iqs_score_reader;

revoke all on function private.evaluation_scores(uuid), private.evaluation_summary(uuid), private.score_statistics(text, text, jsonb),
  public.evaluation_scores(uuid), public.evaluation_summary(uuid), public.score_statistics(text, text, jsonb)
  from public, anon, service_role;
grant execute on function private.evaluation_scores(uuid), private.evaluation_summary(uuid), private.score_statistics(text, text, jsonb),
  public.evaluation_scores(uuid), public.evaluation_summary(uuid), public.score_statistics(text, text, jsonb)
  to authenticated;
