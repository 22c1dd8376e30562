-- The department's row of a radiographer's statistics is the department's (issue 12: "a radiographer sees their own
-- figures next to the department's, never a colleague's by name").
--
-- Migration 27 gave anyone but a quality officer or admin, by radiographer, their own row (key: their person id) and a
-- row with key null called the department's, and by group that row only. But that row counted the answers the caller
-- may read — for a radiographer mostly their own work — so it was not the department's figure, and it differed from
-- one person to the next. From here on the department's row counts, for everyone alike:
--
--   every answer in the caller's site that the filter selects (period, dates, procedures, modalities, rooms, use;
--   a filter on a person may name only oneself, as before), of
--     - a quality analysis, open or closed, and
--     - a peer review once it is closed,
--   never a self-evaluation and never a peer review still open.
--
-- Why these: they are the results that reach the people whose images they are about (privacy rules b and c of
-- migration 26: the operators of an image read the quality-analysis results on it, and a peer review's once the
-- reviewer closes it). A self-evaluation is its evaluator's (rule b): one's own shows in one's own row, nobody's in
-- the department's — so the department's row is the same for every radiographer and reviewer who asks, and with a
-- filter on quality analyses it equals the quality officer's department total for the same filter. A peer review
-- still open has not reached its subject yet; it does not move the department's figure either. The row names no one
-- (key and label null); a colleague's figures by name stay for quality officers and admins.
--
-- How: the answers of the department are read by private.department_scores, security definer as the tables' owner
-- (the policies of iqs_score_reader give only the answers the caller may read) and executable by iqs_score_reader
-- alone, so that only private.score_statistics reaches them, and only as aggregates. Reading them writes
-- 'scores.read' as before (private.write_scores_read), naming the evaluations counted. The other dimensions
-- (criterion, procedure, modality, room) are unchanged: the answers the caller may read, without a department's row
-- (the result has no column to tell such a row from the caller's own; reject_analysis has one, 'scope').

------------------------------------------------------------------------------------------------------------------
-- the answers counted, as SQL: one row per answer
------------------------------------------------------------------------------------------------------------------
-- ($1..$8: the filter, as in private.filter_condition; $9 the use; $10 the site, for the department's answers.)
-- Driven by the scores, with the item and the image looked up by key for each (offset 0 keeps those lookups as they
-- are written). department: only the answers of quality analyses and closed peer reviews of site $10 (for a caller
-- that reads them past the policies); else whatever the policies let the caller read.
create function private.score_rows_sql(f private.sample_filter, by_use boolean, department boolean) returns text
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
    || 'where c.kind in (''yes_no_na'', ''scale'', ''choice'')'
    || case when department then ' and sc.site_id = $10' else '' end
$$;
revoke all on function private.score_rows_sql(private.sample_filter, boolean, boolean) from public, anon, authenticated, service_role;
grant execute on function private.score_rows_sql(private.sample_filter, boolean, boolean) to iqs_score_reader;

-- The department's answers (see above) that the filter selects, in the caller's site. Security definer as the owner
-- of the tables: it reads past their policies, so it is for private.score_statistics only (iqs_score_reader), which
-- returns them as the department's figures without a name.
create function private.department_scores(f private.sample_filter, only_use public.evaluation_use)
returns table (score_id uuid, evaluation_id uuid, image_id uuid, study_date date, criterion_id uuid, code text, met boolean)
language plpgsql stable security definer set search_path = ''
as $$
declare
  site uuid := private.current_site_id();
begin
  if site is null then
    return;
  end if;
  return query execute
    'select b.score_id, b.evaluation_id, b.image_id, b.study_date, b.criterion_id, b.code, b.met from ('
    || private.score_rows_sql(f, only_use is not null, true) || ') b'
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to,
          only_use, site;
end
$$;
revoke all on function private.department_scores(private.sample_filter, public.evaluation_use) from public, anon, authenticated, service_role;
grant execute on function private.department_scores(private.sample_filter, public.evaluation_use) to iqs_score_reader;

------------------------------------------------------------------------------------------------------------------
-- score_statistics: as migration 27, with the department's row of the department
------------------------------------------------------------------------------------------------------------------
create or replace function private.score_statistics(dimension text, period text, filter jsonb)
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
  period_sql text;
  operator_match text;
  group_sql text;
  counted_sql text;
  x record;
  others_scores integer;
  others_images integer;
  others_evaluations jsonb;
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

  -- the group of each answer of base (an image made by two radiographers counts for both)
  group_sql := case
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

  -- The answers counted, each with its period and group: score_id, evaluation_id, image_id, criterion_id, code, met,
  -- period_start, key, label. base: the answers the caller may read (the policies of iqs_score_reader).
  if not named and dimension in ('radiographer', 'group') then
    -- by person: the caller's own row ($10, named $11) for the images they made, among the answers they may read
    -- (radiographer only), and the department's (key null): the department's answers ($12 the filter)
    counted_sql := case when dimension = 'radiographer' then
        'select b.score_id, b.evaluation_id, b.image_id, b.criterion_id, b.code, b.met, ' || period_sql || ' as period_start, '
        || '  $10::text as key, $11::text as label from base b '
        || 'where exists (select 1 from public.image_operators o where o.image_id = b.image_id and o.person_id = $10) '
        || 'union all '
      else '' end
      || 'select b.score_id, b.evaluation_id, b.image_id, b.criterion_id, b.code, b.met, ' || period_sql || ' as period_start, '
      || '  null::text as key, null::text as label from private.department_scores($12, $9) b';
  else
    counted_sql := 'select b.score_id, b.evaluation_id, b.image_id, b.criterion_id, b.code, b.met, ' || period_sql || ' as period_start, '
      || '  g.key, g.label from base b ' || group_sql;
  end if;

  -- One statement gives the rows and, on each, what the audit needs (the answers of others among those counted), so
  -- that the answers are read once.
  others_scores := 0;
  for x in execute
    'with base as materialized (' || private.score_rows_sql(f, only_use is not null, false) || '), '
    || 'answers as materialized (' || counted_sql || '), '
    || 'labels as (select distinct on (c.code) c.code, c.label_nl, c.label_en, c.position '
    || '  from public.scoring_criteria c join public.scoring_forms sf on sf.id = c.form_id '
    || '  where c.id in (select a.criterion_id from answers a) order by c.code, c.position, sf.code, sf.version), '
    || 'counted as (select distinct a.score_id, a.code, a.met, a.period_start, a.key, a.label from answers a), '
    || 'others as (select count(distinct a.score_id)::integer as scores, count(distinct a.image_id)::integer as images, '
    || '  coalesce(jsonb_agg(distinct a.evaluation_id), ''[]''::jsonb) as evaluations from answers a '
    || '  where a.evaluation_id not in (select private.my_evaluation_ids())) '
    || 'select x.period_start, x.key, x.label, x.code, l.label_nl, l.label_en, '
    || '  (count(*) filter (where x.met is not null))::integer as answered, (count(*) filter (where x.met))::integer as met, '
    || '  case when count(*) filter (where x.met is not null) > 0 '
    || '       then (count(*) filter (where x.met))::numeric / count(*) filter (where x.met is not null) end as share_met, '
    || '  (select o.scores from others o) as others_scores, (select o.images from others o) as others_images, '
    || '  (select o.evaluations from others o) as others_evaluations '
    || 'from counted x join labels l on l.code = x.code '
    || 'group by x.period_start, x.key, x.label, x.code, l.label_nl, l.label_en, l.position '
    || 'order by x.period_start nulls first, x.label nulls last, x.key nulls last, l.position, x.code'
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to, only_use,
          me, my_name, f
  loop
    period_start := x.period_start;
    group_key := x.key;
    group_label := x.label;
    criterion_code := x.code;
    criterion_label_nl := x.label_nl;
    criterion_label_en := x.label_en;
    answered := x.answered;
    met := x.met;
    share_met := x.share_met;
    others_scores := x.others_scores;
    others_images := x.others_images;
    others_evaluations := x.others_evaluations;
    return next;
  end loop;

  -- reading answers the caller did not give (evaluations of others) is written to the audit log: those counted
  if others_scores > 0 then
    perform private.write_scores_read('scores', null,
      jsonb_build_object('function', 'score_statistics', 'dimension', dimension, 'period', period,
                         'filter', coalesce(filter, '{}'::jsonb), 'use', only_use, 'scores', others_scores, 'images', others_images,
                         'evaluation_ids', others_evaluations));
  end if;
end
$$;
