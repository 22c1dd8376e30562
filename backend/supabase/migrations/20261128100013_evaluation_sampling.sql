-- Evaluation sampling: which accepted images an evaluation draws from (EvaluationFilter in
-- extensions/iqs-scoring/src/domain/evaluation.ts), the reproducible draw, starting an evaluation with its items and
-- their forms, the worklist, closing and exporting. Everything runs as the caller (security invoker): Row Level
-- Security decides which images each caller counts and samples from.
--
-- The draw: every candidate gets the key md5(seed || ':' || image id) and the sample is the n smallest keys. md5 is
-- a good enough hash for a uniform draw, is the same on every engine and version, and the test suite can recompute it,
-- so a stored seed reproduces the sample for as long as the candidates are the same.

------------------------------------------------------------------------------------------------------------------
-- indexes the filters use
------------------------------------------------------------------------------------------------------------------
-- "images this person made": from a person to their images without touching the heap
create index image_operators_person_image_idx on public.image_operators (person_id, image_id);
drop index public.image_operators_person_idx;
create index images_site_modality_idx on public.images (site_id, modality, study_date);

------------------------------------------------------------------------------------------------------------------
-- years of service, the groups of the statistics and of the sampling filter
------------------------------------------------------------------------------------------------------------------
-- completed years between employment_start and the day: '0-2' is [0, 2), '2-5' [2, 5), '5-10' [5, 10), '10+';
-- null when either date is unknown or the day is before the start
create function private.service_years_band(employment_start date, on_day date) returns text
language sql immutable set search_path = ''
as $$
  select case
    when $1 is null or $2 is null or $2 < $1 then null
    when extract(year from age($2::timestamp, $1::timestamp)) < 2 then '0-2'
    when extract(year from age($2::timestamp, $1::timestamp)) < 5 then '2-5'
    when extract(year from age($2::timestamp, $1::timestamp)) < 10 then '5-10'
    else '10+'
  end
$$;

------------------------------------------------------------------------------------------------------------------
-- the filter, parsed and checked once: bad input is refused with the field named (22023, HTTP 400)
------------------------------------------------------------------------------------------------------------------
create type private.sample_filter as (
  operator_person_id uuid,
  group_kind text,
  group_band text,
  group_id uuid,
  procedure_ids uuid[],
  modalities text[],
  station_ids uuid[],
  date_from date,
  date_to date,
  exclude_evaluated boolean,
  spread_over_procedures boolean
);

create function private.filter_uuid(value jsonb, field text) returns uuid
language plpgsql immutable set search_path = ''
as $$
begin
  if value is null or value = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(value) <> 'string'
     or value #>> '{}' !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
    raise exception 'filter.% must be a UUID, not %', field, value using errcode = '22023';
  end if;
  return (value #>> '{}')::uuid;
end
$$;

-- a list of UUIDs; an empty list is no restriction, as an absent one
create function private.filter_uuids(value jsonb, field text) returns uuid[]
language plpgsql immutable set search_path = ''
as $$
declare
  ids uuid[] := '{}';
  element jsonb;
begin
  if value is null or value = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(value) <> 'array' then
    raise exception 'filter.% must be a list of UUIDs, not %', field, value using errcode = '22023';
  end if;
  for element in select e from jsonb_array_elements(value) as e loop
    ids := ids || private.filter_uuid(element, field);
  end loop;
  return nullif(ids, '{}');
end
$$;

create function private.filter_date(value jsonb, field text) returns date
language plpgsql immutable set search_path = ''
as $$
begin
  if value is null or value = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(value) = 'string' and value #>> '{}' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
    begin
      return (value #>> '{}')::date;
    exception when others then
      -- e.g. 2026-02-30: falls through to the error below
    end;
  end if;
  raise exception 'filter.% must be a date (YYYY-MM-DD), not %', field, value using errcode = '22023';
end
$$;

create function private.filter_boolean(value jsonb, field text, default_value boolean) returns boolean
language plpgsql immutable set search_path = ''
as $$
begin
  if value is null or value = 'null'::jsonb then
    return default_value;
  end if;
  if jsonb_typeof(value) <> 'boolean' then
    raise exception 'filter.% must be true or false, not %', field, value using errcode = '22023';
  end if;
  return value::text::boolean;
end
$$;

create function private.parse_filter(filter jsonb) returns private.sample_filter
language plpgsql immutable set search_path = ''
as $$
declare
  known constant text[] := array['operator_person_id', 'group', 'procedure_ids', 'modalities', 'station_ids', 'from', 'to',
                                 'exclude_evaluated', 'spread_over_procedures'];
  f private.sample_filter;
  extra text;
  grp jsonb;
  element jsonb;
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

  f.operator_person_id := private.filter_uuid(filter -> 'operator_person_id', 'operator_person_id');

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
      f.group_id := private.filter_uuid(grp -> 'group_id', 'group.group_id');
      if f.group_id is null then
        raise exception 'filter.group.group_id is required for a custom group' using errcode = '22023';
      end if;
    else
      raise exception 'filter.group.kind must be service_years or custom, not %', coalesce(grp -> 'kind', 'null'::jsonb)
        using errcode = '22023';
    end if;
  end if;

  f.procedure_ids := private.filter_uuids(filter -> 'procedure_ids', 'procedure_ids');
  f.station_ids := private.filter_uuids(filter -> 'station_ids', 'station_ids');

  element := filter -> 'modalities';
  if element is not null and element <> 'null'::jsonb then
    if jsonb_typeof(element) <> 'array'
       or exists (select 1 from jsonb_array_elements(element) as m where jsonb_typeof(m) <> 'string') then
      raise exception 'filter.modalities must be a list of modality codes, not %', element using errcode = '22023';
    end if;
    -- DICOM writes modalities in capitals
    f.modalities := nullif(array(select upper(btrim(m)) from jsonb_array_elements_text(element) as m), '{}');
  end if;

  f.date_from := private.filter_date(filter -> 'from', 'from');
  f.date_to := private.filter_date(filter -> 'to', 'to');
  if f.date_from > f.date_to then
    raise exception 'filter.from (%) is after filter.to (%)', f.date_from, f.date_to using errcode = '22023';
  end if;
  f.exclude_evaluated := private.filter_boolean(filter -> 'exclude_evaluated', 'exclude_evaluated', true);
  f.spread_over_procedures := private.filter_boolean(filter -> 'spread_over_procedures', 'spread_over_procedures', false);
  return f;
end
$$;

-- The images a filter selects, as a condition on `i` (public.images) with the filter's values as the parameters
-- $1 operator, $2 years-of-service band, $3 custom group, $4 procedures, $5 modalities, $6 rooms, $7 from, $8 to.
-- Only the clauses the filter uses are included, so the planner sees a plain query and can use the indexes. Made of
-- fixed text only: no value of the filter is ever put into the SQL.
create function private.filter_condition(f private.sample_filter) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  parts text[] := array['true'];
begin
  if f.operator_person_id is not null then
    parts := parts || 'exists (select 1 from public.image_operators o where o.image_id = i.id and o.person_id = $1)'::text;
  end if;
  if f.group_kind = 'service_years' then
    parts := parts || ('exists (select 1 from public.image_operators o join public.people p on p.id = o.person_id '
      || 'where o.image_id = i.id and private.service_years_band(p.employment_start, i.study_date) = $2)');
  elsif f.group_kind = 'custom' then
    parts := parts || ('exists (select 1 from public.image_operators o join public.person_group_members m on m.person_id = o.person_id '
      || 'where o.image_id = i.id and m.group_id = $3)');
  end if;
  if f.procedure_ids is not null then
    parts := parts || 'i.procedure_id = any ($4)'::text;
  end if;
  if f.modalities is not null then
    parts := parts || 'i.modality = any ($5)'::text;
  end if;
  if f.station_ids is not null then
    parts := parts || 'i.station_id = any ($6)'::text;
  end if;
  if f.date_from is not null then
    parts := parts || 'i.study_date >= $7'::text;
  end if;
  if f.date_to is not null then
    parts := parts || 'i.study_date <= $8'::text;
  end if;
  return array_to_string(parts, ' and ');
end
$$;

------------------------------------------------------------------------------------------------------------------
-- candidates: accepted images the filter selects, visible to the caller, not yet evaluated in the same use
------------------------------------------------------------------------------------------------------------------
-- Images already in an evaluation of this use: the site's for peer review and quality analysis (an image is
-- reviewed once), the caller's own for self-evaluation (a colleague's self-evaluation of an image made together does
-- not take it away). Security definer: evaluations of other evaluators are not visible to the caller, and only
-- this yes/no per image leaves the function.
create function private.evaluated_images(use public.evaluation_use) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select distinct it.image_id
  from public.evaluation_items it
  join public.evaluations e on e.id = it.evaluation_id
  where e.site_id = private.current_site_id()
    and e.use = $1
    and ($1 <> 'self' or e.evaluator_id = private.current_person_id())
$$;

-- The filter with its operator made what the use says: self-evaluation is of the caller's own images whatever the
-- filter names; peer review is of the colleague reviewed (subject_person_id, else the filter's operator).
create function private.sampling_filter(use public.evaluation_use, subject_person_id uuid, filter jsonb) returns private.sample_filter
language plpgsql stable set search_path = ''
as $$
declare
  f private.sample_filter := private.parse_filter(filter);
begin
  if private.current_person_id() is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if use is null then
    raise exception 'use must be self, peer or quality' using errcode = '22023';
  elsif use = 'self' then
    f.operator_person_id := private.current_person_id();
  elsif use = 'peer' then
    f.operator_person_id := coalesce(subject_person_id, f.operator_person_id);
  end if;
  return f;
end
$$;

-- the SELECT of the candidates (image_id, procedure_id); parameters $1..$8 as filter_condition, $9 the use
create function private.candidates_sql(f private.sample_filter) returns text
language sql immutable set search_path = ''
as $$
  select 'select i.id as image_id, i.procedure_id from public.images i where not i.rejected and '
    || private.filter_condition(f)
    || case when f.exclude_evaluated then ' and i.id not in (select private.evaluated_images($9))' else '' end
$$;

revoke all on function private.service_years_band(date, date), private.filter_uuid(jsonb, text), private.filter_uuids(jsonb, text),
  private.filter_date(jsonb, text), private.filter_boolean(jsonb, text, boolean), private.parse_filter(jsonb),
  private.filter_condition(private.sample_filter), private.evaluated_images(public.evaluation_use),
  private.sampling_filter(public.evaluation_use, uuid, jsonb), private.candidates_sql(private.sample_filter) from public, anon;
grant execute on function private.service_years_band(date, date), private.filter_uuid(jsonb, text), private.filter_uuids(jsonb, text),
  private.filter_date(jsonb, text), private.filter_boolean(jsonb, text, boolean), private.parse_filter(jsonb),
  private.filter_condition(private.sample_filter), private.evaluated_images(public.evaluation_use),
  private.sampling_filter(public.evaluation_use, uuid, jsonb), private.candidates_sql(private.sample_filter) to authenticated;

------------------------------------------------------------------------------------------------------------------
-- count_sample_candidates and draw_sample
------------------------------------------------------------------------------------------------------------------
-- how many accepted images a draw with this filter chooses from (the start form's "N images match")
create function public.count_sample_candidates(use public.evaluation_use, subject_person_id uuid, filter jsonb)
returns integer
language plpgsql stable security invoker set search_path = ''
as $$
declare
  f private.sample_filter := private.sampling_filter(use, subject_person_id, filter);
  n integer;
begin
  execute 'select count(*)::integer from (' || private.candidates_sql(f) || ') c' into n
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to, use;
  return n;
end
$$;

-- The pure draw: the sample_size candidates with the smallest md5(seed:image id); spread over procedures, first the
-- smallest of every procedure, then the second smallest, and so on. Positions 1..n.
create function public.draw_sample(use public.evaluation_use, subject_person_id uuid, filter jsonb, sample_size integer, seed bigint)
returns table (image_id uuid, "position" integer)
language plpgsql stable security invoker set search_path = ''
as $$
declare
  f private.sample_filter := private.sampling_filter(use, subject_person_id, filter);
  rank_sql text;
begin
  if sample_size is null or sample_size < 1 then
    raise exception 'sample_size must be 1 or more, not %', coalesce(sample_size::text, 'null') using errcode = '22023';
  end if;
  if seed is null then
    raise exception 'a draw needs a seed' using errcode = '22023';
  end if;
  rank_sql := case when f.spread_over_procedures
    then 'row_number() over (partition by h.procedure_id order by h.k, h.image_id)'
    else '1' end;
  return query execute
    'with c as (' || private.candidates_sql(f) || '), '
    || 'h as (select c.image_id, c.procedure_id, md5($10::text || '':'' || c.image_id::text) collate "C" as k from c), '
    || 'r as (select h.image_id, h.k, ' || rank_sql || ' as r from h) '
    || 'select s.image_id, (row_number() over (order by s.r, s.k, s.image_id))::integer '
    || 'from (select r.image_id, r.k, r.r from r order by r.r, r.k, r.image_id limit $11) s order by 2'
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to,
          use, seed, sample_size;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- start_evaluation
------------------------------------------------------------------------------------------------------------------
-- The form an image is scored on: its procedure's form for its view (a form without a view covers every view of the
-- procedure; one for the exact view wins), newest active version first; otherwise the site's active generic form.
create function private.form_for_image(image uuid) returns uuid
language sql stable set search_path = ''
as $$
  select coalesce(
    (select m.form_id
     from public.images i
     join public.scoring_form_procedures m on m.procedure_id = i.procedure_id
     join public.scoring_forms sf on sf.id = m.form_id and sf.active
     where i.id = $1
       and (m.view_position is null or upper(btrim(m.view_position)) = upper(btrim(i.view_position)))
     order by (m.view_position is null), sf.version desc, sf.code
     limit 1),
    (select sf.id
     from public.images i
     join public.scoring_forms sf on sf.site_id = i.site_id and sf.is_generic and sf.active
     where i.id = $1)
  )
$$;
revoke all on function private.form_for_image(uuid) from public, anon;
grant execute on function private.form_for_image(uuid) to authenticated;

create function public.start_evaluation(
  use public.evaluation_use,
  name text,
  subject_person_id uuid,
  filter jsonb,
  sample_size integer,
  blind boolean default false,
  seed bigint default null
)
returns table (evaluation_id uuid, requested integer, drawn integer, available integer)
language plpgsql volatile security invoker set search_path = ''
as $$
#variable_conflict use_column
declare
  me uuid := private.current_person_id();
  subject uuid := start_evaluation.subject_person_id;
  the_seed bigint := start_evaluation.seed;
  f private.sample_filter;
  n_available integer;
  n_drawn integer;
  new_id uuid;
  drawn_images uuid[];
  drawn_forms uuid[];
  formless integer;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if start_evaluation.name is null or length(btrim(start_evaluation.name)) = 0 then
    raise exception 'an evaluation needs a name' using errcode = '22023';
  end if;
  if start_evaluation.sample_size is null or start_evaluation.sample_size not between 1 and 500 then
    raise exception 'sample_size must be between 1 and 500, not %', coalesce(start_evaluation.sample_size::text, 'null')
      using errcode = '22023';
  end if;
  f := private.parse_filter(start_evaluation.filter);
  if start_evaluation.use = 'self' then
    subject := coalesce(subject, me);
    if subject <> me then
      raise exception 'a self-evaluation is of one''s own images: subject_person_id must be empty or yourself'
        using errcode = '42501';
    end if;
  elsif start_evaluation.use = 'peer' then
    subject := coalesce(subject, f.operator_person_id);
    if subject is null then
      raise exception 'a peer review needs the colleague reviewed (subject_person_id)' using errcode = '22023';
    end if;
    if subject = me then
      raise exception 'a peer review is of a colleague: use self-evaluation for your own images' using errcode = '22023';
    end if;
  elsif start_evaluation.use = 'quality' then
    if subject is not null then
      raise exception 'a quality analysis has no subject person: name radiographers in the filter' using errcode = '22023';
    end if;
  else
    raise exception 'use must be self, peer or quality' using errcode = '22023';
  end if;

  n_available := public.count_sample_candidates(start_evaluation.use, subject, start_evaluation.filter);
  if n_available = 0 then
    raise exception 'no accepted images match this filter' using errcode = 'P0001';
  end if;
  -- JavaScript reads numbers exactly up to 2^53: a seed the client can show and send back
  the_seed := coalesce(the_seed, floor(random() * 9007199254740991)::bigint);

  -- the insert policy decides who may start which use
  insert into public.evaluations (site_id, use, name, evaluator_id, subject_person_id, filter, seed, sample_size, blind)
  values (private.current_site_id(), start_evaluation.use, btrim(start_evaluation.name), me, subject,
          coalesce(start_evaluation.filter, '{}'::jsonb), the_seed, start_evaluation.sample_size, coalesce(start_evaluation.blind, false))
  returning id into new_id;

  select array_agg(d.image_id order by d.position), array_agg(private.form_for_image(d.image_id) order by d.position)
  into drawn_images, drawn_forms
  from public.draw_sample(start_evaluation.use, subject, start_evaluation.filter, start_evaluation.sample_size, the_seed) d;
  formless := array_position(drawn_forms, null);
  if formless is not null then
    raise exception 'no scoring form for image % and no active generic form', drawn_images[formless] using errcode = 'P0001';
  end if;

  insert into public.evaluation_items (site_id, evaluation_id, image_id, form_id, position)
  select private.current_site_id(), new_id, d.image_id, d.form_id, d.n::integer
  from unnest(drawn_images, drawn_forms) with ordinality as d (image_id, form_id, n);
  get diagnostics n_drawn = row_count;

  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (private.current_site_id(), me, 'evaluation.start', 'evaluations', new_id::text,
          jsonb_build_object('use', start_evaluation.use, 'name', btrim(start_evaluation.name), 'subject_person_id', subject,
                             'filter', coalesce(start_evaluation.filter, '{}'::jsonb), 'seed', the_seed, 'blind', coalesce(start_evaluation.blind, false),
                             'requested', start_evaluation.sample_size, 'drawn', n_drawn, 'available', n_available));

  return query select new_id, start_evaluation.sample_size, n_drawn, n_available;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- worklist, close, export
------------------------------------------------------------------------------------------------------------------
create function public.evaluation_worklist(evaluation uuid)
returns table (
  item_id uuid, "position" integer, state public.item_state, image_id uuid, form_id uuid,
  sop_instance_uid text, series_instance_uid text, study_instance_uid text, study_date date, modality text,
  view_position text, procedure_code text, procedure_name_nl text, procedure_name_en text, station_name text,
  operator_names text[]
)
language plpgsql stable security invoker set search_path = ''
as $$
begin
  -- the evaluator, quality officers and admins see the evaluation (RLS)
  if not exists (select 1 from public.evaluations e where e.id = evaluation_worklist.evaluation) then
    raise exception 'no evaluation % that you may see', evaluation_worklist.evaluation using errcode = '42501';
  end if;
  return query
  select it.id, it.position, it.state, it.image_id, it.form_id,
         i.sop_instance_uid, i.series_instance_uid, i.study_instance_uid, i.study_date, i.modality, i.view_position,
         p.code, p.name_nl, p.name_en, i.station_name,
         case when e.blind and e.status = 'open' then null::text[]
              else array(select coalesce(pe.display_name, o.raw_name)
                         from public.image_operators o left join public.people pe on pe.id = o.person_id
                         where o.image_id = i.id order by o.position) end
  from public.evaluations e
  join public.evaluation_items it on it.evaluation_id = e.id
  join public.images i on i.id = it.image_id
  left join public.procedures p on p.id = i.procedure_id
  where e.id = evaluation_worklist.evaluation
  order by it.position;
end
$$;

-- closes the caller's own evaluation; closing a closed one again changes nothing (a retried request from an offline
-- client is not an error)
create function public.close_evaluation(evaluation uuid) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  e public.evaluations;
begin
  select * into e from public.evaluations x where x.id = close_evaluation.evaluation;
  if not found then
    raise exception 'no evaluation % that you may see', close_evaluation.evaluation using errcode = '42501';
  end if;
  if e.evaluator_id is distinct from private.current_person_id() then
    raise exception 'only its evaluator closes evaluation %', e.id using errcode = '42501';
  end if;
  if e.status = 'closed' then
    return;
  end if;
  update public.evaluations x set status = 'closed' where x.id = e.id;
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  select e.site_id, private.current_person_id(), 'evaluation.close', 'evaluations', e.id::text,
         jsonb_build_object('items', count(*), 'scored', count(*) filter (where it.state = 'scored'),
                            'skipped', count(*) filter (where it.state = 'skipped'))
  from public.evaluation_items it where it.evaluation_id = e.id;
end
$$;

create function public.record_evaluation_export(evaluation uuid, format text) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  e public.evaluations;
begin
  if format is null or format not in ('csv', 'print') then
    raise exception 'format must be csv or print, not %', coalesce(format, 'null') using errcode = '22023';
  end if;
  select * into e from public.evaluations x where x.id = record_evaluation_export.evaluation;
  if not found then
    raise exception 'no evaluation % that you may see', record_evaluation_export.evaluation using errcode = '42501';
  end if;
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (e.site_id, private.current_person_id(), 'evaluation.export', 'evaluations', e.id::text,
          jsonb_build_object('format', format, 'use', e.use, 'subject_person_id', e.subject_person_id));
end
$$;

revoke all on function public.count_sample_candidates(public.evaluation_use, uuid, jsonb),
  public.draw_sample(public.evaluation_use, uuid, jsonb, integer, bigint),
  public.start_evaluation(public.evaluation_use, text, uuid, jsonb, integer, boolean, bigint),
  public.evaluation_worklist(uuid), public.close_evaluation(uuid), public.record_evaluation_export(uuid, text)
  from public, anon, service_role;
grant execute on function public.count_sample_candidates(public.evaluation_use, uuid, jsonb),
  public.draw_sample(public.evaluation_use, uuid, jsonb, integer, bigint),
  public.start_evaluation(public.evaluation_use, text, uuid, jsonb, integer, boolean, bigint),
  public.evaluation_worklist(uuid), public.close_evaluation(uuid), public.record_evaluation_export(uuid, text)
  to authenticated;

------------------------------------------------------------------------------------------------------------------
-- integrity of what was drawn
------------------------------------------------------------------------------------------------------------------
-- An item is an accepted image of the evaluation's subject (self: the evaluator's own; peer: the colleague's), or
-- any accepted image of the site for a quality analysis: a self-evaluation cannot take in a colleague's image.
create function private.image_fits_evaluation(evaluation uuid, image uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1
    from public.evaluations e
    join public.images i on i.id = $2 and i.site_id = e.site_id
    where e.id = $1
      and not i.rejected
      and (e.use = 'quality'
           or exists (select 1 from public.image_operators o where o.image_id = i.id and o.person_id = e.subject_person_id))
  )
$$;
revoke all on function private.image_fits_evaluation(uuid, uuid) from public, anon;
grant execute on function private.image_fits_evaluation(uuid, uuid) to authenticated, service_role;

drop policy evaluation_items_insert on public.evaluation_items;
create policy evaluation_items_insert on public.evaluation_items for insert to authenticated
  with check (
    site_id = (select private.current_site_id())
    and private.is_my_open_evaluation(evaluation_id)
    and private.image_fits_evaluation(evaluation_id, image_id)
  );

-- What was drawn stays as drawn: after the start only the name and the status of an evaluation change, and only the
-- state of an item (its answers are in scores).
revoke update on public.evaluations, public.evaluation_items from authenticated;
grant update (name, status) on public.evaluations to authenticated;
grant update (state, updated_at) on public.evaluation_items to authenticated;
