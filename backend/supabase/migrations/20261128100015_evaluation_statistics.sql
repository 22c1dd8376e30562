-- Statistics over the scores (StatisticsRow in extensions/iqs-scoring/src/domain/evaluation.ts): how often each
-- criterion was met, per period of study date and per radiographer, procedure, modality, room, group or overall.
-- Over the answers the caller may read (RLS) on the images the filter selects; answers on skipped items and answers
-- that cannot be met or not (grades, comments, not applicable) do not count towards answered. The filter is an
-- EvaluationFilter, plus "use" (self, peer or quality) to count the answers of one use only.

-- the use of an evaluation whose answers the caller reads (the subject of a peer review does not see its row)
create function private.evaluation_use_of(evaluation uuid) returns public.evaluation_use
language sql stable security definer set search_path = ''
as $$
  select e.use from public.evaluations e where e.id = $1 and e.site_id = private.current_site_id()
$$;
revoke all on function private.evaluation_use_of(uuid) from public, anon;
grant execute on function private.evaluation_use_of(uuid) to authenticated;

create function public.score_statistics(dimension text, period text, filter jsonb)
returns table (
  period_start date, group_key text, group_label text, criterion_code text, criterion_label_nl text,
  criterion_label_en text, answered integer, met integer, share_met numeric
)
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
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

  -- The answers counted, one row per score ($1..$8: the filter, as in private.filter_condition; $9 the use). Driven
  -- by the scores, with the item and the image looked up by key for each (offset 0 keeps those lookups as they are
  -- written): the policies of these tables call functions per row, and a plan that scans one table again for every
  -- row of another — which the planner picks when it lacks statistics — costs seconds instead of milliseconds.
  base_sql := 'select sc.id as score_id, im.id as image_id, im.study_date, im.procedure_id, im.modality, im.station_id, im.station_name, '
    || 'c.id as criterion_id, c.code, private.answer_met(c.kind, c.options, sc.value) as met '
    || 'from public.scores sc '
    || 'cross join lateral (select it.image_id from public.evaluation_items it '
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
  group_sql := case dimension
    when 'radiographer' then
      'left join lateral (select distinct coalesce(o.person_id::text, ''raw:'' || o.raw_name) as key, coalesce(p.display_name, o.raw_name) as label '
      || 'from public.image_operators o left join public.people p on p.id = o.person_id where o.image_id = b.image_id' || operator_match || ') g on true'
    when 'group' then
      case when f.group_kind = 'custom' then
        'left join lateral (select pg.id::text as key, pg.name as label from public.person_groups pg where pg.id = $3) g on true'
      else
        'left join lateral (select distinct private.service_years_band(p.employment_start, b.study_date) as key, '
        || 'private.service_years_band(p.employment_start, b.study_date) as label '
        || 'from public.image_operators o left join public.people p on p.id = o.person_id where o.image_id = b.image_id' || operator_match || ') g on true'
      end
    when 'procedure' then
      'left join lateral (select b.procedure_id::text as key, pr.name_nl as label from (select 1) one '
      || 'left join public.procedures pr on pr.id = b.procedure_id) g on true'
    when 'modality' then
      'left join lateral (select b.modality as key, b.modality as label) g on true'
    when 'room' then
      'left join lateral (select coalesce(b.station_id::text, ''raw:'' || b.station_name) as key, coalesce(st.display_name, b.station_name) as label '
      || 'from (select 1) one left join public.stations st on st.id = b.station_id) g on true'
    else
      'left join lateral (select null::text as key, null::text as label) g on true'
  end;

  return query execute
    'with base as (' || base_sql || '), '
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
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to, only_use;

  -- reading scores on images the caller did not make is written to the audit log
  execute 'select count(*)::integer as scores, count(distinct b.image_id)::integer as images from (' || base_sql || ') b '
       || 'where not private.is_operator_of(b.image_id)'
    into others
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to, only_use;
  if others.scores > 0 then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (private.current_site_id(), me, 'scores.read', 'scores', null,
            jsonb_build_object('function', 'score_statistics', 'dimension', dimension, 'period', period,
                               'filter', coalesce(filter, '{}'::jsonb), 'use', only_use, 'scores', others.scores, 'images', others.images));
  end if;
end
$$;

revoke all on function public.score_statistics(text, text, jsonb) from public, anon, service_role;
grant execute on function public.score_statistics(text, text, jsonb) to authenticated;
