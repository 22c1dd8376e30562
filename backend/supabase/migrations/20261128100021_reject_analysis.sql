-- Reject analysis (issue 10): reject rates, reasons, completeness, wasted dose and exposure per procedure, view,
-- modality, room, radiographer, group, age band and reason, per week, month, quarter, year or the whole period.
--
--   reject_analysis(dimension, period, filter)                  the signed-in person's figures (scope rules below)
--   reject_analysis_for_site(site, dimension, period, filter)   the department's, named (service role: iqs analyze)
--   reject_images(filter, rejected_only, max_rows)              the images behind a figure (drill-down)
--   reject_exposure(filter)                                     median deviation index, rejected vs accepted
--
-- Who sees what: quality officers and admins get the department's rows, named (reading them by radiographer is
-- written to the audit log as rejects.read_named). Everyone else gets their own rows (scope 'own': the images they
-- made) next to the department's (scope 'department'), and by radiographer or group the department is one row with
-- key null: no colleague's figures by name, through any argument (a filter on a colleague or a group is refused).
-- The work is done by security-definer functions in private (they read the private rollup and apply these rules
-- themselves); the API's functions in public are security-invoker wrappers around them, as everywhere in IQS.
--
-- Where the numbers come from (private.reject_plan): the rollup of migration 20 when the question fits it (periods
-- of whole months, filters and dimension it holds), else the same computation over the rows. Either way the same
-- aggregation runs over "cells" with the same columns, so the figures are equal (backend/test/db/rejectAnalysis).

------------------------------------------------------------------------------------------------------------------
-- the filter, parsed and checked once (22023 naming the field)
------------------------------------------------------------------------------------------------------------------
create type private.reject_filter as (
  procedure_ids uuid[],
  views text[],
  modalities text[],
  rooms text[],
  radiographers text[],
  group_kind text,
  group_band text,
  group_id uuid,
  age_bands text[],
  reason_ids uuid[],
  date_from date,
  date_to date,
  include_mammography boolean
);

-- a list of non-empty strings; an empty list is no restriction, as an absent one
create function private.filter_texts(value jsonb, field text) returns text[]
language plpgsql immutable set search_path = ''
as $$
begin
  if value is null or value = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(value) <> 'array'
     or exists (select 1 from jsonb_array_elements(value) as e where jsonb_typeof(e) <> 'string' or length(btrim(e #>> '{}')) = 0) then
    raise exception 'filter.% must be a list of non-empty strings, not %', field, value using errcode = '22023';
  end if;
  return nullif(array(select e from jsonb_array_elements_text(value) as e), '{}');
end
$$;

create function private.parse_reject_filter(site uuid, filter jsonb) returns private.reject_filter
language plpgsql stable set search_path = ''
as $$
declare
  known constant text[] := array['procedures', 'views', 'modalities', 'rooms', 'radiographers', 'group', 'age_bands',
                                 'reasons', 'date_from', 'date_to', 'include_mammography'];
  f private.reject_filter;
  extra text;
  grp jsonb;
  codes text[];
  missing text;
begin
  if filter is null or filter = 'null'::jsonb then
    filter := '{}'::jsonb;
  end if;
  if jsonb_typeof(filter) <> 'object' then
    raise exception 'the filter must be a JSON object, not %', filter using errcode = '22023';
  end if;
  select string_agg(k, ', ' order by k) into extra from jsonb_object_keys(filter) as k where k <> all (known);
  if extra is not null then
    raise exception 'unknown filter field(s): %', extra
      using errcode = '22023', hint = 'known fields: ' || array_to_string(known, ', ');
  end if;

  codes := private.filter_texts(filter -> 'procedures', 'procedures');
  if codes is not null then
    select string_agg(c, ', ') into missing from unnest(codes) as c
    where not exists (select 1 from public.procedures p where p.site_id = site and p.code = c);
    if missing is not null then
      raise exception 'filter.procedures: no procedure with the code(s) %', missing using errcode = '22023';
    end if;
    f.procedure_ids := array(select p.id from public.procedures p where p.site_id = site and p.code = any (codes));
  end if;

  f.views := private.filter_texts(filter -> 'views', 'views');
  f.modalities := array(select upper(btrim(m)) from unnest(private.filter_texts(filter -> 'modalities', 'modalities')) as m);
  f.modalities := nullif(f.modalities, '{}');
  f.rooms := private.filter_texts(filter -> 'rooms', 'rooms');

  f.radiographers := private.filter_texts(filter -> 'radiographers', 'radiographers');
  select string_agg(r, ', ') into missing from unnest(f.radiographers) as r
  where r !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' and r !~ '^raw:.';
  if missing is not null then
    raise exception 'filter.radiographers must hold person ids (or raw:<OperatorsName>), not %', missing using errcode = '22023';
  end if;
  f.radiographers := array(select case when r like 'raw:%' then r else lower(r) end from unnest(f.radiographers) as r);
  f.radiographers := nullif(f.radiographers, '{}');

  grp := filter -> 'group';
  if grp is not null and grp <> 'null'::jsonb then
    if jsonb_typeof(grp) <> 'object' then
      raise exception 'filter.group must be an object, not %', grp using errcode = '22023';
    end if;
    f.group_kind := grp ->> 'kind';
    if f.group_kind = 'service_years' then
      f.group_band := grp ->> 'band';
      if f.group_band is null or f.group_band not in ('0-2', '2-5', '5-10', '10+') then
        raise exception 'filter.group.band must be one of 0-2, 2-5, 5-10, 10+, not %', coalesce(grp -> 'band', 'null'::jsonb)
          using errcode = '22023';
      end if;
    elsif f.group_kind = 'custom' then
      f.group_id := private.filter_uuid(grp -> 'id', 'group.id');
      if f.group_id is null then
        raise exception 'filter.group.id is required for a custom group' using errcode = '22023';
      end if;
      if not exists (select 1 from public.person_groups g where g.id = f.group_id and g.site_id = site) then
        raise exception 'filter.group.id: no group %', f.group_id using errcode = '22023';
      end if;
    else
      raise exception 'filter.group.kind must be service_years or custom, not %', coalesce(grp -> 'kind', 'null'::jsonb)
        using errcode = '22023';
    end if;
  end if;

  f.age_bands := private.filter_texts(filter -> 'age_bands', 'age_bands');
  select string_agg(b, ', ') into missing from unnest(f.age_bands) as b where b not in ('child', 'adult', 'unknown');
  if missing is not null then
    raise exception 'filter.age_bands must hold child, adult or unknown, not %', missing using errcode = '22023';
  end if;

  codes := private.filter_texts(filter -> 'reasons', 'reasons');
  if codes is not null then
    select string_agg(c, ', ') into missing from unnest(codes) as c
    where not exists (select 1 from public.reject_reasons r where r.site_id = site and r.code = c);
    if missing is not null then
      raise exception 'filter.reasons: no reject reason with the code(s) %', missing using errcode = '22023';
    end if;
    f.reason_ids := array(select r.id from public.reject_reasons r where r.site_id = site and r.code = any (codes));
  end if;

  f.date_from := private.filter_date(filter -> 'date_from', 'date_from');
  f.date_to := private.filter_date(filter -> 'date_to', 'date_to');
  if f.date_from > f.date_to then
    raise exception 'filter.date_from (%) is after filter.date_to (%)', f.date_from, f.date_to using errcode = '22023';
  end if;
  -- mammography is left out of rates (TG-305 scope) unless asked for, or named among the modalities. CT is left out
  -- too unless named: TG-305's scope is radiography, and a CT series holds one image per slice, not per exposure, so
  -- its slices would swamp the denominator of a department's rate
  f.include_mammography := private.filter_boolean(filter -> 'include_mammography', 'include_mammography', false)
                           or coalesce('MG' = any (f.modalities), false);
  return f;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- where the cells come from: 'images:<grain>', 'operators:<grain>', 'bands:<grain>' (the rollup) or 'scan'
------------------------------------------------------------------------------------------------------------------
create function private.reject_plan(dimension text, period text, f private.reject_filter) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  whole_months boolean := period <> 'week'
    and (f.date_from is null or f.date_from = date_trunc('month', f.date_from::timestamp)::date)
    and (f.date_to is null or f.date_to = (date_trunc('month', f.date_to::timestamp) + interval '1 month - 1 day')::date);
  by_procedure boolean := dimension = 'procedure' or f.procedure_ids is not null;
  by_room boolean := dimension = 'room' or f.rooms is not null;
  by_view boolean := dimension = 'view' or f.views is not null;
  by_age boolean := dimension = 'age_band' or f.age_bands is not null;
  whole_years boolean := period in ('year', 'all')
    and (f.date_from is null or f.date_from = date_trunc('year', f.date_from::timestamp)::date)
    and (f.date_to is null or f.date_to = (date_trunc('year', f.date_to::timestamp) + interval '1 year - 1 day')::date);
  -- the rollups per operator and per band hold procedure and room (grain 0) or neither (grain 1); the operator rollup
  -- also per year (grain 2)
  operator_grain text := case when by_procedure or by_room then '0' when whole_years then '2' else '1' end;
begin
  if not whole_months or (dimension = 'group' and f.group_kind = 'custom') then
    return 'scan';
  end if;
  if dimension = 'radiographer' then
    return case when by_view or by_age then 'scan' else 'operators:' || operator_grain end;
  end if;
  if dimension = 'group' then
    return case when by_view or by_age or f.radiographers is not null or f.group_kind = 'custom' then 'scan'
                else 'bands:' || case when by_procedure or by_room then '0' else '1' end end;
  end if;
  if f.group_kind is not null then
    return 'scan';
  end if;
  if f.radiographers is not null then
    -- one radiographer's images, once each: their rows of the operator rollup
    return case when cardinality(f.radiographers) = 1 and not by_view and not by_age then 'operators:' || operator_grain
                else 'scan' end;
  end if;
  return 'images:' || case
    when (by_procedure::int + by_room::int + by_view::int + by_age::int) > 1 then '0'
    when by_room then '1'
    when by_procedure then '2'
    when by_view then '3'
    when by_age then '4'
    else '5' end;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the rows of one analysis, for one site, without scope: counts, reasons, wasted DAP, rate and flag
------------------------------------------------------------------------------------------------------------------
-- The cells ($1 site; $2 procedure ids, $3 views, $4 modalities, $5 rooms, $6 radiographers, $7 band, $8 custom group,
-- $9 age bands, $10 reason ids, $11 from, $12 to): columns d (a month in the rollup, the study date in a scan),
-- procedure_id, view_position, modality, station_name, age_band, operator_key, service_band, rejected, reason_id,
-- images, without_reason, dap_gy_cm2. Made of fixed text only: no value of the filter is put into the SQL.
create function private.reject_cells_sql(dimension text, plan text, f private.reject_filter) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  source text := split_part(plan, ':', 1);
  grain text := split_part(plan, ':', 2);
  operator_match text[] := array['true'];
  image_conditions text[] := array['true'];
  cell_conditions text[] := array['true'];
  sql text;
begin
  -- which operators an operator row (radiographer, band) is about: those the filter names
  if f.radiographers is not null then
    operator_match := operator_match || 'private.operator_key(o.person_id, o.raw_name) = any ($6)'::text;
  end if;
  if f.group_kind = 'service_years' then
    operator_match := operator_match || 'private.reject_service_band(p.employment_start, x.study_date) = $7'::text;
  elsif f.group_kind = 'custom' then
    operator_match := operator_match || 'o.person_id in (select m.person_id from public.person_group_members m where m.group_id = $8)'::text;
  end if;

  if source = 'scan' then
    sql := 'select x.study_date as d, x.procedure_id, x.view_position, x.modality, x.station_name, x.age_band, '
      || 'k.operator_key, k.service_band, x.rejected, x.reason_id, 1 as images, x.without_reason::integer as without_reason, x.dap_gy_cm2 '
      || 'from private.reject_image_facts x ';
    if dimension = 'radiographer' then
      sql := sql || 'left join lateral (select distinct private.operator_key(o.person_id, o.raw_name) as operator_key, '
        || 'private.reject_service_band(p.employment_start, x.study_date) as service_band '
        || 'from public.image_operators o left join public.people p on p.id = o.person_id '
        || 'where o.image_id = x.image_id and ' || array_to_string(operator_match, ' and ') || ') k on true ';
    elsif dimension = 'group' and f.group_kind is distinct from 'custom' then
      sql := sql || 'left join lateral (select distinct null::text as operator_key, '
        || 'private.reject_service_band(p.employment_start, x.study_date) as service_band '
        || 'from public.image_operators o left join public.people p on p.id = o.person_id '
        || 'where o.image_id = x.image_id and ' || array_to_string(operator_match, ' and ') || ') k on true ';
    else
      sql := sql || 'cross join (select null::text as operator_key, null::text as service_band) k ';
    end if;
    image_conditions := image_conditions || 'x.site_id = $1'::text;
    if cardinality(operator_match) > 1 then
      image_conditions := image_conditions || ('exists (select 1 from public.image_operators o left join public.people p on p.id = o.person_id '
        || 'where o.image_id = x.image_id and ' || array_to_string(operator_match, ' and ') || ')');
    end if;
    sql := sql || 'where ' || array_to_string(image_conditions, ' and ');
  elsif source = 'images' then
    sql := 'select r.month as d, r.procedure_id, r.view_position, r.modality, r.station_name, r.age_band, '
      || 'null::text as operator_key, null::text as service_band, r.rejected, r.reason_id, r.images, r.without_reason, r.dap_gy_cm2 '
      || 'from private.reject_rollup_images r where r.site_id = $1 and r.grain = ' || grain::integer;
  elsif source = 'operators' then
    sql := 'select r.month as d, r.procedure_id, null::text as view_position, r.modality, r.station_name, null::text as age_band, '
      || 'r.operator_key, r.service_band, r.rejected, r.reason_id, r.images, r.without_reason, r.dap_gy_cm2 '
      || 'from private.reject_rollup_operators r where r.site_id = $1 and r.grain = ' || grain::integer;
    if f.radiographers is not null then
      sql := sql || ' and r.operator_key = any ($6)';
    end if;
    if f.group_kind = 'service_years' then
      sql := sql || ' and r.service_band = $7';
    elsif f.group_kind = 'custom' then
      sql := sql || ' and r.operator_key in (select m.person_id::text from public.person_group_members m where m.group_id = $8)';
    end if;
  elsif source = 'bands' then
    sql := 'select r.month as d, r.procedure_id, null::text as view_position, r.modality, r.station_name, null::text as age_band, '
      || 'null::text as operator_key, r.service_band, r.rejected, r.reason_id, r.images, r.without_reason, r.dap_gy_cm2 '
      || 'from private.reject_rollup_bands r where r.site_id = $1 and r.grain = ' || grain::integer;
    if f.group_kind = 'service_years' then
      sql := sql || ' and r.service_band = $7';
    end if;
  else
    raise exception 'unknown plan %', plan;
  end if;

  -- the filters every source holds the columns for (the plan made sure)
  if f.procedure_ids is not null then
    cell_conditions := cell_conditions || 'c.procedure_id = any ($2)'::text;
  end if;
  if f.views is not null then
    cell_conditions := cell_conditions || 'c.view_position = any ($3)'::text;
  end if;
  if f.modalities is not null then
    cell_conditions := cell_conditions || 'c.modality = any ($4)'::text;
  end if;
  if not f.include_mammography then
    cell_conditions := cell_conditions || 'c.modality is distinct from ''MG'''::text;
  end if;
  -- CT is left out unless named among the modalities (private.parse_reject_filter says why)
  if f.modalities is null then
    cell_conditions := cell_conditions || 'c.modality is distinct from ''CT'''::text;
  end if;
  if f.rooms is not null then
    cell_conditions := cell_conditions || 'c.station_name = any ($5)'::text;
  end if;
  if f.age_bands is not null then
    cell_conditions := cell_conditions || 'c.age_band = any ($9)'::text;
  end if;
  -- (months of the rollup: the plan only uses it when from is a first and to a last day of a month; 'infinity' is the
  -- month of images without a study date, which a date range leaves out)
  if f.date_from is not null then
    cell_conditions := cell_conditions || 'c.d >= $11 and c.d < ''infinity''::date'::text;
  end if;
  if f.date_to is not null then
    cell_conditions := cell_conditions || 'c.d <= $12'::text;
  end if;
  return 'select c.* from (' || sql || ') c where ' || array_to_string(cell_conditions, ' and ');
end
$$;

create function private.reject_rows(site uuid, dimension text, period text, f private.reject_filter)
returns table (
  period_start date, period_label text, key text, label text, rejected integer, total integer, reject_rate numeric,
  without_reason integer, reasons jsonb, wasted_dap_gy_cm2 double precision, flag text
)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  plan text := private.reject_plan(dimension, period, f);
  period_sql text;
  key_sql text;
  counted text := 'c.rejected' || case when f.reason_ids is not null then ' and c.reason_id = any ($10)' else '' end;
  grouped text;
  final_sql text;
  label_join text := '';
  key_out text := 'x.raw_key';
  label_out text := 'x.raw_key';
begin
  period_sql := case period
    when 'all' then 'null::date'
    else format('date_trunc(%L, nullif(c.d, ''infinity''::date)::timestamp)::date', period) end;
  key_sql := case dimension
    when 'all' then 'null::text'
    when 'procedure' then 'c.procedure_id::text'
    when 'view' then 'c.view_position'
    when 'modality' then 'c.modality'
    when 'room' then 'c.station_name'
    when 'radiographer' then 'c.operator_key'
    when 'group' then case when f.group_kind = 'custom' then '$8::text' else 'c.service_band' end
    when 'age_band' then 'c.age_band'
    when 'reason' then 'null::text'
  end;

  -- per period, raw key and reason code: what was counted
  grouped := 'select ' || period_sql || ' as period_start, ' || key_sql || ' as raw_key, rr.code, '
    || 'coalesce(sum(c.images) filter (where ' || counted || '), 0) as rejected, '
    || 'sum(c.images) as total, '
    || 'coalesce(sum(c.without_reason) filter (where ' || counted || '), 0) as without_reason, '
    || 'sum(c.dap_gy_cm2) filter (where ' || counted || ') as dap '
    || 'from (' || private.reject_cells_sql(dimension, plan, f) || ') c '
    || 'left join public.reject_reasons rr on rr.id = c.reason_id '
    || 'group by 1, 2, 3';

  if dimension = 'reason' then
    -- a row per reason (and key null: rejected without a reason) over all patient images of the period
    final_sql := 'with g as (' || grouped || '), '
      || 't as (select g.period_start, sum(g.total) as total from g group by 1) '
      || 'select g.period_start, g.code as raw_key, sum(g.rejected)::bigint as rejected, t.total::bigint as total, '
      || '  sum(g.without_reason)::bigint as without_reason, '
      || '  case when g.code is null then ''{}''::jsonb else jsonb_build_object(g.code, sum(g.rejected)) end as reasons, '
      || '  sum(g.dap) as dap '
      || 'from g join t on t.period_start is not distinct from g.period_start '
      || 'where g.rejected > 0 group by g.period_start, g.code, t.total';
  else
    final_sql := 'with g as (' || grouped || ') '
      || 'select g.period_start, g.raw_key, sum(g.rejected)::bigint as rejected, sum(g.total)::bigint as total, '
      || '  sum(g.without_reason)::bigint as without_reason, '
      || '  coalesce(jsonb_object_agg(g.code, g.rejected) filter (where g.code is not null and g.rejected > 0), ''{}''::jsonb) as reasons, '
      || '  sum(g.dap) as dap '
      || 'from g group by g.period_start, g.raw_key';
  end if;

  -- a row's key and label from its raw key: the procedure's code and Dutch name, the room's StationName and display
  -- name, the radiographer's person id (or raw:<OperatorsName>) and name, the reason's code and Dutch label, the
  -- custom group's id and name; the value itself otherwise (joined here, once per row: no function call per row)
  if dimension = 'all' then
    label_out := 'null::text';
  elsif dimension = 'procedure' then
    label_join := 'left join public.procedures kp on kp.id = x.raw_key::uuid ';
    key_out := 'kp.code';
    label_out := 'kp.name_nl';
  elsif dimension = 'room' then
    label_join := 'left join lateral (select coalesce(s.display_name, s.station_name) as label from public.stations s '
      || 'where s.site_id = $1 and lower(btrim(s.station_name)) = lower(btrim(x.raw_key)) '
      || 'order by (s.station_name = x.raw_key) desc limit 1) ks on true ';
    label_out := 'coalesce(ks.label, x.raw_key)';
  elsif dimension = 'radiographer' then
    label_join := 'left join public.people kp on kp.id::text = x.raw_key ';
    label_out := 'case when x.raw_key like ''raw:%'' then substr(x.raw_key, 5) else kp.display_name end';
  elsif dimension = 'reason' then
    label_join := 'left join lateral (select r.label_nl from public.reject_reasons r where r.site_id = $1 and r.code = x.raw_key '
      || 'order by r.coding_scheme desc limit 1) kr on true ';
    label_out := 'kr.label_nl';
  elsif dimension = 'group' and f.group_kind = 'custom' then
    label_join := 'left join public.person_groups kg on kg.id::text = x.raw_key ';
    label_out := 'kg.name';
  end if;

  return query execute
    'with x as (' || final_sql || '), '
    || 's as (select s.reject_target_rate, s.reject_investigate_above, s.reject_investigate_below, s.reject_flag_min_images '
    || '  from public.sites s where s.id = $1) '
    || 'select x.period_start, '
    || '  case when ' || quote_literal(period) || ' = ''all'' then ''all'' '
    || '       when x.period_start is null then null '
    || '       when ' || quote_literal(period) || ' = ''week'' then to_char(x.period_start, ''IYYY-"W"IW'') '
    || '       when ' || quote_literal(period) || ' = ''month'' then to_char(x.period_start, ''YYYY-MM'') '
    || '       when ' || quote_literal(period) || ' = ''quarter'' then to_char(x.period_start, ''YYYY-"Q"Q'') '
    || '       else to_char(x.period_start, ''YYYY'') end, '
    || '  ' || key_out || ', ' || label_out || ', x.rejected::integer, x.total::integer, '
    || '  case when x.total > 0 then x.rejected::numeric / x.total end, '
    || '  x.without_reason::integer, x.reasons, x.dap, '
    || '  case when ' || quote_literal(dimension) || ' = ''reason'' or x.total = 0 or x.total < s.reject_flag_min_images then null '
    || '       when x.rejected::numeric / x.total > s.reject_investigate_above then ''above_investigation'' '
    || '       when x.rejected::numeric / x.total < s.reject_investigate_below then ''below_investigation'' '
    || '       when x.rejected::numeric / x.total > s.reject_target_rate then ''above_target'' end '
    || 'from x cross join s ' || label_join
    || 'order by 1 nulls first, 4 nulls last, 3 nulls last'
    using site, f.procedure_ids, f.views, f.modalities, f.rooms, f.radiographers, f.group_band, f.group_id, f.age_bands,
          f.reason_ids, f.date_from, f.date_to;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the public functions
------------------------------------------------------------------------------------------------------------------
create function private.check_reject_arguments(dimension text, period text) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if dimension is null or dimension not in ('all', 'procedure', 'view', 'modality', 'room', 'radiographer', 'group', 'reason', 'age_band') then
    raise exception 'dimension must be one of all, procedure, view, modality, room, radiographer, group, reason, age_band, not %',
      coalesce(dimension, 'null') using errcode = '22023';
  end if;
  if period is null or period not in ('week', 'month', 'quarter', 'year', 'all') then
    raise exception 'period must be one of week, month, quarter, year, all, not %', coalesce(period, 'null') using errcode = '22023';
  end if;
end
$$;

-- A radiographer (or reviewer) filters department figures on no colleague: radiographers may name only the caller,
-- and groups (which may hold one person) are for quality officers and admins.
create function private.check_reject_scope(f private.reject_filter, me uuid, named boolean) returns void
language plpgsql stable set search_path = ''
as $$
begin
  if named then
    return;
  end if;
  if f.radiographers is not null and f.radiographers <> array[me::text] then
    raise exception 'filter.radiographers may name only yourself: figures of colleagues by name are for quality officers and admins'
      using errcode = '42501';
  end if;
  if f.group_kind is not null then
    raise exception 'filter.group is for quality officers and admins: a group may stand for a single colleague'
      using errcode = '42501';
  end if;
end
$$;

create function private.reject_analysis(dimension text, period text, filter jsonb)
returns table (
  scope text, period_start date, period_label text, key text, label text, rejected integer, total integer,
  reject_rate numeric, without_reason integer, reasons jsonb, wasted_dap_gy_cm2 double precision, flag text
)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  site uuid := private.current_site_id();
  named boolean := private.has_role('quality_officer', 'admin');
  f private.reject_filter;
  own private.reject_filter;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  perform private.check_reject_arguments(dimension, period);
  f := private.parse_reject_filter(site, filter);
  perform private.check_reject_scope(f, me, named);
  perform private.refresh_reject_rollup(site);

  if named then
    return query select 'department'::text, r.* from private.reject_rows(site, dimension, period, f) r;
    if dimension = 'radiographer' or exists (select 1 from unnest(f.radiographers) as k where k <> me::text) then
      insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
      values (site, me, 'rejects.read_named', 'images', null,
              jsonb_build_object('function', 'reject_analysis', 'dimension', dimension, 'period', period,
                                 'filter', coalesce(filter, '{}'::jsonb)));
    end if;
    return;
  end if;

  -- own rows: the images the caller made (under radiographer: only the caller's key)
  own := f;
  own.radiographers := array[me::text];
  return query select 'own'::text, r.* from private.reject_rows(site, dimension, period, own) r;
  -- the department's, by radiographer or group as one row without a key
  return query select 'department'::text, r.*
    from private.reject_rows(site, case when dimension in ('radiographer', 'group') then 'all' else dimension end, period, f) r;
end
$$;

create function private.reject_analysis_for_site(site uuid, dimension text, period text, filter jsonb)
returns table (
  scope text, period_start date, period_label text, key text, label text, rejected integer, total integer,
  reject_rate numeric, without_reason integer, reasons jsonb, wasted_dap_gy_cm2 double precision, flag text
)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  f private.reject_filter;
begin
  if site is null or not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', coalesce(site::text, 'null') using errcode = 'P0001';
  end if;
  perform private.check_reject_arguments(dimension, period);
  f := private.parse_reject_filter(site, filter);
  perform private.refresh_reject_rollup(site);
  return query select 'department'::text, r.* from private.reject_rows(site, dimension, period, f) r;
  if dimension = 'radiographer' or f.radiographers is not null then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (site, null, 'rejects.read_named', 'images', null,
            jsonb_build_object('function', 'reject_analysis_for_site', 'dimension', dimension, 'period', period,
                               'filter', coalesce(filter, '{}'::jsonb)));
  end if;
end
$$;

-- The images behind a figure: the filter plus the row's key and period. Radiographers: only the images they made.
create function private.reject_images(filter jsonb, rejected_only boolean default true, max_rows integer default 500)
returns table (
  image_id uuid, sop_instance_uid text, study_instance_uid text, series_instance_uid text, study_date date,
  modality text, procedure_code text, procedure_nl text, procedure_en text, view_position text, station_name text,
  room_label text, age_band text, rejected boolean, reason_code text, reason_nl text, reason_en text,
  reason_source text, deviation_index double precision, dap_gy_cm2 double precision
)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  me uuid := private.current_person_id();
  site uuid := private.current_site_id();
  named boolean := private.has_role('quality_officer', 'admin');
  f private.reject_filter;
  counted text;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if rejected_only is null then
    raise exception 'rejected_only must be true or false' using errcode = '22023';
  end if;
  if max_rows is null or max_rows < 1 or max_rows > 10000 then
    raise exception 'max_rows must be between 1 and 10000, not %', coalesce(max_rows::text, 'null') using errcode = '22023';
  end if;
  f := private.parse_reject_filter(site, filter);
  perform private.check_reject_scope(f, me, named);
  if not named then
    f.radiographers := array[me::text];
  end if;
  counted := case when rejected_only then ' and c.rejected' || case when f.reason_ids is not null then ' and c.reason_id = any ($10)' else '' end
                  else '' end;

  return query execute
    'select x.image_id, x.sop_instance_uid, i.study_instance_uid, i.series_instance_uid, x.study_date, x.modality, '
    || '  pr.code, pr.name_nl, pr.name_en, x.view_position, x.station_name, '
    || '  coalesce((select coalesce(s.display_name, s.station_name) from public.stations s where s.site_id = $1 '
    || '           and lower(btrim(s.station_name)) = lower(btrim(x.station_name)) order by (s.station_name = x.station_name) desc limit 1), x.station_name), '
    || '  x.age_band, x.rejected, rr.code, rr.label_nl, rr.label_en, x.reason_source, x.deviation_index, x.dap_gy_cm2 '
    || 'from (select x.*, c.d from private.reject_image_facts x '
    || '      cross join lateral (select x.study_date as d, x.procedure_id, x.view_position, x.modality, x.station_name, '
    || '        x.age_band, x.rejected, x.reason_id) c '
    || '      where x.site_id = $1 ' || private.reject_image_conditions(f) || counted || ') x '
    || 'join public.images i on i.id = x.image_id '
    || 'left join public.procedures pr on pr.id = x.procedure_id '
    || 'left join public.reject_reasons rr on rr.id = x.reason_id '
    || 'order by x.study_date nulls last, x.sop_instance_uid limit $13'
    using site, f.procedure_ids, f.views, f.modalities, f.rooms, f.radiographers, f.group_band, f.group_id, f.age_bands,
          f.reason_ids, f.date_from, f.date_to, max_rows;

  if named and exists (select 1 from unnest(f.radiographers) as k where k <> me::text) then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (site, me, 'rejects.read_named', 'images', null,
            jsonb_build_object('function', 'reject_images', 'filter', coalesce(filter, '{}'::jsonb)));
  end if;
end
$$;

-- The filter as conditions on one image row `x` of private.reject_image_facts (with `c` its cell columns), for the
-- drill-down and the exposure: the same clauses as the scan of reject_rows, with the same parameters.
create function private.reject_image_conditions(f private.reject_filter) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  operator_match text[] := array['true'];
  parts text := '';
begin
  if f.radiographers is not null then
    operator_match := operator_match || 'private.operator_key(o.person_id, o.raw_name) = any ($6)'::text;
  end if;
  if f.group_kind = 'service_years' then
    operator_match := operator_match || 'private.reject_service_band(p.employment_start, x.study_date) = $7'::text;
  elsif f.group_kind = 'custom' then
    operator_match := operator_match || 'o.person_id in (select m.person_id from public.person_group_members m where m.group_id = $8)'::text;
  end if;
  if cardinality(operator_match) > 1 then
    parts := parts || ' and exists (select 1 from public.image_operators o left join public.people p on p.id = o.person_id '
      || 'where o.image_id = x.image_id and ' || array_to_string(operator_match, ' and ') || ')';
  end if;
  if f.procedure_ids is not null then parts := parts || ' and c.procedure_id = any ($2)'; end if;
  if f.views is not null then parts := parts || ' and c.view_position = any ($3)'; end if;
  if f.modalities is not null then parts := parts || ' and c.modality = any ($4)'; end if;
  if not f.include_mammography then parts := parts || ' and c.modality is distinct from ''MG'''; end if;
  if f.modalities is null then parts := parts || ' and c.modality is distinct from ''CT'''; end if;
  if f.rooms is not null then parts := parts || ' and c.station_name = any ($5)'; end if;
  if f.age_bands is not null then parts := parts || ' and c.age_band = any ($9)'; end if;
  if f.date_from is not null then parts := parts || ' and c.d >= $11'; end if;
  if f.date_to is not null then parts := parts || ' and c.d <= $12'; end if;
  return parts;
end
$$;

-- Median deviation index of rejected and accepted images per room (StationName) and reason; reason_code null: all
-- rejected images of the room. The department's (no names), on the same filter and scope rules as reject_analysis.
create function private.reject_exposure(filter jsonb)
returns table (
  room_key text, room_label text, reason_code text, rejected integer, median_di_rejected double precision,
  accepted integer, median_di_accepted double precision
)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  me uuid := private.current_person_id();
  site uuid := private.current_site_id();
  named boolean := private.has_role('quality_officer', 'admin');
  f private.reject_filter;
  counted text;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  f := private.parse_reject_filter(site, filter);
  perform private.check_reject_scope(f, me, named);
  counted := 'x.rejected' || case when f.reason_ids is not null then ' and x.reason_id = any ($10)' else '' end;

  return query execute
    'with x as (select x.*, c.d from private.reject_image_facts x '
    || '  cross join lateral (select x.study_date as d, x.procedure_id, x.view_position, x.modality, x.station_name, '
    || '    x.age_band) c '
    || '  where x.site_id = $1 ' || private.reject_image_conditions(f) || '), '
    || 'rooms as (select x.station_name, '
    || '  (count(*) filter (where not x.rejected))::integer as accepted, '
    || '  percentile_cont(0.5) within group (order by x.deviation_index) filter (where not x.rejected) as median_accepted '
    || '  from x group by x.station_name), '
    || 'rej as (select x.station_name, rr.code, (count(*))::integer as rejected, '
    || '  percentile_cont(0.5) within group (order by x.deviation_index) as median_rejected '
    || '  from x left join public.reject_reasons rr on rr.id = x.reason_id where ' || counted || ' '
    || '  group by grouping sets ((x.station_name), (x.station_name, rr.code)) '
    || '  having grouping(rr.code) = 1 or rr.code is not null) '
    || 'select r.station_name, '
    || '  coalesce((select coalesce(s.display_name, s.station_name) from public.stations s where s.site_id = $1 '
    || '           and lower(btrim(s.station_name)) = lower(btrim(r.station_name)) order by (s.station_name = r.station_name) desc limit 1), r.station_name), '
    || '  j.code, coalesce(j.rejected, 0), j.median_rejected, r.accepted, r.median_accepted '
    || 'from rooms r left join rej j on j.station_name is not distinct from r.station_name '
    || 'order by r.station_name nulls last, j.code nulls first'
    using site, f.procedure_ids, f.views, f.modalities, f.rooms, f.radiographers, f.group_band, f.group_id, f.age_bands,
          f.reason_ids, f.date_from, f.date_to;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the API: security-invoker wrappers (no security definer in public), the same arguments and columns
------------------------------------------------------------------------------------------------------------------
create function public.reject_analysis(dimension text, period text, filter jsonb)
returns table (
  scope text, period_start date, period_label text, key text, label text, rejected integer, total integer,
  reject_rate numeric, without_reason integer, reasons jsonb, wasted_dap_gy_cm2 double precision, flag text
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.reject_analysis($1, $2, $3) $$;

create function public.reject_analysis_for_site(site uuid, dimension text, period text, filter jsonb)
returns table (
  scope text, period_start date, period_label text, key text, label text, rejected integer, total integer,
  reject_rate numeric, without_reason integer, reasons jsonb, wasted_dap_gy_cm2 double precision, flag text
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.reject_analysis_for_site($1, $2, $3, $4) $$;

create function public.reject_images(filter jsonb, rejected_only boolean default true, max_rows integer default 500)
returns table (
  image_id uuid, sop_instance_uid text, study_instance_uid text, series_instance_uid text, study_date date,
  modality text, procedure_code text, procedure_nl text, procedure_en text, view_position text, station_name text,
  room_label text, age_band text, rejected boolean, reason_code text, reason_nl text, reason_en text,
  reason_source text, deviation_index double precision, dap_gy_cm2 double precision
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.reject_images($1, $2, $3) $$;

create function public.reject_exposure(filter jsonb)
returns table (
  room_key text, room_label text, reason_code text, rejected integer, median_di_rejected double precision,
  accepted integer, median_di_accepted double precision
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.reject_exposure($1) $$;

------------------------------------------------------------------------------------------------------------------
-- privileges: the functions to signed-in people (reject_analysis_for_site to the service role); the helpers
-- to nobody but the functions' owner
------------------------------------------------------------------------------------------------------------------
revoke all on function private.filter_texts(jsonb, text), private.parse_reject_filter(uuid, jsonb),
  private.reject_plan(text, text, private.reject_filter), private.reject_cells_sql(text, text, private.reject_filter),
  private.reject_rows(uuid, text, text, private.reject_filter),
  private.check_reject_arguments(text, text), private.check_reject_scope(private.reject_filter, uuid, boolean),
  private.reject_image_conditions(private.reject_filter) from public, anon, authenticated;

revoke all on function private.reject_analysis(text, text, jsonb), private.reject_images(jsonb, boolean, integer),
  private.reject_exposure(jsonb), public.reject_analysis(text, text, jsonb), public.reject_images(jsonb, boolean, integer),
  public.reject_exposure(jsonb) from public, anon, service_role;
grant execute on function private.reject_analysis(text, text, jsonb), private.reject_images(jsonb, boolean, integer),
  private.reject_exposure(jsonb), public.reject_analysis(text, text, jsonb), public.reject_images(jsonb, boolean, integer),
  public.reject_exposure(jsonb) to authenticated;
revoke all on function private.reject_analysis_for_site(uuid, text, text, jsonb), public.reject_analysis_for_site(uuid, text, text, jsonb)
  from public, anon, authenticated;
grant execute on function private.reject_analysis_for_site(uuid, text, text, jsonb), public.reject_analysis_for_site(uuid, text, text, jsonb)
  to service_role;
