-- The form editor on /iqs (issue 14, item 2): an admin changes a scoring form without SQL. A changed form is a NEW
-- version (scoring_forms.version + 1); the old version is set inactive and keeps its criteria, so the evaluation items
-- and scores given on it keep the wording they were given on (evaluation_items.form_id still names it). The
-- procedures and views the form scores move to the new version, so the next evaluation samples onto it
-- (private.form_for_image takes active forms only).
--
-- Options, as the editor writes them and the scoring panel shows them:
--   scale:          {"min":1,"max":5,"met_from":4,"labels":[{"value":"1","label_nl":"…","label_en":"…"},…]}
--   choice, grade:  [{"value":"…","label_nl":"…","label_en":"…","met":true},…]  (met marks the answers that meet)
-- Every kind says which answers meet, and private.answer_met stays the one rule that decides it.

------------------------------------------------------------------------------------------------------------------
-- who made a version: filled by the database, never by the client
------------------------------------------------------------------------------------------------------------------
alter table public.scoring_forms add column created_by uuid references public.people (id);
comment on column public.scoring_forms.created_by is 'The person who saved this version (null: seeded).';

create function private.fill_scoring_form_author() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.created_by := private.current_person_id();
  new.created_at := now();
  return new;
end
$$;
create trigger scoring_forms_fill_author before insert on public.scoring_forms
  for each row execute function private.fill_scoring_form_author();

-- and nobody rewrites them afterwards (an admin may only switch a version off, which save_scoring_form does)
create function private.keep_scoring_form_author() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.created_by := old.created_by;
  new.created_at := old.created_at;
  return new;
end
$$;
create trigger scoring_forms_keep_author before update on public.scoring_forms
  for each row execute function private.keep_scoring_form_author();

------------------------------------------------------------------------------------------------------------------
-- when an answer meets its criterion (still the only place this is decided)
------------------------------------------------------------------------------------------------------------------
-- As migration 14, and a grade now counts like a choice when its options mark which grades meet (a mammography
-- PGMI grade: P and G meet, M and I do not): an M or I is then an answer that does not meet, a fault in the summary
-- and the lessons' picks. A grade without such marks (the 1–3 overall grade) is not counted. The shares met (summary,
-- statistics, indicators, reports) stay over yes/no, scale and choice criteria: grades have their own distribution.
create or replace function private.answer_met(kind public.criterion_kind, options jsonb, value text) returns boolean
language sql immutable set search_path = ''
as $$
  select case
    when $3 is null then null
    when $1 = 'yes_no_na' then case $3 when 'yes' then true when 'no' then false end
    when $1 = 'scale' then
      case when $3 ~ '^-?[0-9]+$' and jsonb_typeof($2) = 'object'
           then $3::numeric >= coalesce(($2 ->> 'met_from')::numeric, ($2 ->> 'max')::numeric - 1) end
    when $1 in ('choice', 'grade') then
      case when jsonb_typeof($2) = 'array'
                and exists (select 1 from jsonb_array_elements($2) o where o -> 'met' = 'true'::jsonb)
           then exists (select 1 from jsonb_array_elements($2) o where o ->> 'value' = $3 and o -> 'met' = 'true'::jsonb) end
  end
$$;

------------------------------------------------------------------------------------------------------------------
-- what a well-formed criterion is (the editor checks the same in the browser, in the user's language; this is the
-- backstop for every other client)
------------------------------------------------------------------------------------------------------------------
create function private.scoring_criterion_problem(c jsonb) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  kind text := c ->> 'kind';
  o jsonb := c -> 'options';
  lo numeric;
  hi numeric;
  met numeric;
begin
  if coalesce(c ->> 'code', '') !~ '^[a-z0-9][a-z0-9_]*$' then
    return format('criterion code %L: lower-case letters, digits and _ only', c ->> 'code');
  end if;
  if kind is null or kind not in ('yes_no_na', 'scale', 'choice', 'comment', 'grade') then
    return format('criterion %s: unknown kind %L', c ->> 'code', kind);
  end if;
  if btrim(coalesce(c ->> 'label_nl', '')) = '' or btrim(coalesce(c ->> 'label_en', '')) = '' then
    return format('criterion %s: a Dutch and an English label are needed', c ->> 'code');
  end if;
  if kind in ('yes_no_na', 'comment') then
    if o is not null and jsonb_typeof(o) <> 'null' then
      return format('criterion %s: a %s criterion has no options', c ->> 'code', kind);
    end if;
    return null;
  end if;
  if kind = 'scale' then
    if jsonb_typeof(o) is distinct from 'object' or jsonb_typeof(o -> 'min') is distinct from 'number'
       or jsonb_typeof(o -> 'max') is distinct from 'number' then
      return format('criterion %s: a scale needs a whole-number min and max', c ->> 'code');
    end if;
    lo := (o ->> 'min')::numeric;
    hi := (o ->> 'max')::numeric;
    if lo <> trunc(lo) or hi <> trunc(hi) or lo >= hi or hi - lo > 9 then
      return format('criterion %s: a scale runs from a whole number to a larger one, at most 10 steps', c ->> 'code');
    end if;
    if jsonb_typeof(o -> 'met_from') is distinct from 'number' then
      return format('criterion %s: say from which value the scale meets (met_from)', c ->> 'code');
    end if;
    met := (o ->> 'met_from')::numeric;
    if met < lo or met > hi then
      return format('criterion %s: met_from lies outside the scale', c ->> 'code');
    end if;
    if o ? 'labels' and (jsonb_typeof(o -> 'labels') is distinct from 'array' or exists (
         select 1 from jsonb_array_elements(o -> 'labels') l
         where coalesce(l ->> 'value', '') !~ '^-?[0-9]+$' or (l ->> 'value')::numeric < lo or (l ->> 'value')::numeric > hi
            or btrim(coalesce(l ->> 'label_nl', '')) = '' or btrim(coalesce(l ->> 'label_en', '')) = '')) then
      return format('criterion %s: every scale label needs a value on the scale and a Dutch and an English text', c ->> 'code');
    end if;
    return null;
  end if;
  -- choice and grade
  if jsonb_typeof(o) is distinct from 'array' or jsonb_array_length(o) < 2 then
    return format('criterion %s: a %s needs at least two answers', c ->> 'code', kind);
  end if;
  if exists (select 1 from jsonb_array_elements(o) x
             where coalesce(x ->> 'value', '') !~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'
                or btrim(coalesce(x ->> 'label_nl', '')) = '' or btrim(coalesce(x ->> 'label_en', '')) = '') then
    return format('criterion %s: every answer needs a value (letters, digits, - or _) and a Dutch and an English label', c ->> 'code');
  end if;
  if (select count(distinct x ->> 'value') from jsonb_array_elements(o) x) <> jsonb_array_length(o) then
    return format('criterion %s: two answers have the same value', c ->> 'code');
  end if;
  if kind = 'choice' and not exists (select 1 from jsonb_array_elements(o) x where x -> 'met' = 'true'::jsonb) then
    return format('criterion %s: mark at least one answer that meets', c ->> 'code');
  end if;
  return null;
end
$$;
revoke all on function private.scoring_criterion_problem(jsonb) from public, anon;
grant execute on function private.scoring_criterion_problem(jsonb) to authenticated;

------------------------------------------------------------------------------------------------------------------
-- save_scoring_form: a new form, or a new version of an active one
------------------------------------------------------------------------------------------------------------------
-- form: {"replaces": <the active version's id, or absent for a new form>, "code": "…" (new forms only),
--        "title_nl", "title_en", "source",
--        "criteria": [{"code","kind","label_nl","label_en","help_nl","help_en","required","options"}, …] in order,
--        "procedures": [{"procedure_id": uuid, "view_position": "PA" | null}, …]}
-- Returns the id of the version now active: the new one, or the same one when nothing changed (saving twice makes
-- no empty version). Security invoker: the tables' policies (admin writes, migration 7) apply; the role check first
-- only gives a clear message.
create function public.save_scoring_form(form jsonb) returns uuid
language plpgsql set search_path = ''
as $$
declare
  site uuid := private.current_site_id();
  previous public.scoring_forms;
  form_code text;
  next_version integer;
  new_id uuid;
  problem text;
  taken text;
  same boolean;
begin
  if not coalesce(private.has_role('admin'), false) then
    raise exception 'only an admin may change scoring forms' using errcode = '42501';
  end if;
  if form is null or jsonb_typeof(form) <> 'object' then
    raise exception 'a form is a JSON object' using errcode = '22023';
  end if;
  if btrim(coalesce(form ->> 'title_nl', '')) = '' or btrim(coalesce(form ->> 'title_en', '')) = '' then
    raise exception 'a form needs a Dutch and an English title' using errcode = '22023';
  end if;
  if jsonb_typeof(form -> 'criteria') is distinct from 'array' or jsonb_array_length(form -> 'criteria') = 0 then
    raise exception 'a form needs at least one criterion' using errcode = '22023';
  end if;
  select p into problem
  from jsonb_array_elements(form -> 'criteria') c cross join lateral private.scoring_criterion_problem(c) p
  where p is not null limit 1;
  if problem is not null then
    raise exception '%', problem using errcode = '22023';
  end if;
  if (select count(distinct c ->> 'code') from jsonb_array_elements(form -> 'criteria') c) <> jsonb_array_length(form -> 'criteria') then
    raise exception 'two criteria have the same code' using errcode = '22023';
  end if;
  if form ? 'procedures' and jsonb_typeof(form -> 'procedures') <> 'array' then
    raise exception 'procedures is a list' using errcode = '22023';
  end if;

  if form ->> 'replaces' is not null then
    select * into previous from public.scoring_forms f where f.id = (form ->> 'replaces')::uuid and f.site_id = site;
    if not found then
      raise exception 'no scoring form %', form ->> 'replaces' using errcode = '22023';
    end if;
    if not previous.active then
      -- someone saved a newer version meanwhile: the editor reloads rather than overwrite it unseen
      raise exception 'form % version % is no longer the active version', previous.code, previous.version using errcode = '40001';
    end if;
    form_code := previous.code;
  else
    form_code := form ->> 'code';
    if coalesce(form_code, '') !~ '^[a-z0-9][a-z0-9-]*$' then
      raise exception 'form code %: lower-case letters, digits and - only', form_code using errcode = '22023';
    end if;
    if exists (select 1 from public.scoring_forms f where f.site_id = site and f.code = form_code) then
      raise exception 'a form with code % exists already', form_code using errcode = '23505';
    end if;
  end if;

  -- a procedure and view scores on one form: refuse one another active form already holds
  select coalesce(p.code, '?') || coalesce(' ' || nullif(upper(btrim(m ->> 'view_position')), ''), '') || ' (' || f.code || ')'
  into taken
  from jsonb_array_elements(coalesce(form -> 'procedures', '[]')) m
  join public.scoring_form_procedures sp
    on sp.procedure_id = (m ->> 'procedure_id')::uuid
   and upper(coalesce(nullif(btrim(sp.view_position), ''), '')) = upper(coalesce(nullif(btrim(m ->> 'view_position'), ''), ''))
  join public.scoring_forms f on f.id = sp.form_id and f.active and f.code <> form_code
  left join public.procedures p on p.id = sp.procedure_id
  where sp.site_id = site
  limit 1;
  if taken is not null then
    raise exception 'another form already scores %', taken using errcode = '23505';
  end if;

  if previous.id is not null then
    select previous.title_nl = btrim(form ->> 'title_nl') and previous.title_en = btrim(form ->> 'title_en')
       and previous.source = coalesce(nullif(btrim(form ->> 'source'), ''), previous.source)
       and (select coalesce(jsonb_agg(jsonb_build_object('code', c.code, 'kind', c.kind, 'label_nl', c.label_nl,
                'label_en', c.label_en, 'help_nl', c.help_nl, 'help_en', c.help_en, 'required', c.required,
                'options', c.options) order by c.position), '[]')
            from public.scoring_criteria c where c.form_id = previous.id)
         = (select jsonb_agg(jsonb_build_object('code', c ->> 'code', 'kind', c ->> 'kind', 'label_nl', btrim(c ->> 'label_nl'),
                'label_en', btrim(c ->> 'label_en'), 'help_nl', nullif(btrim(c ->> 'help_nl'), ''),
                'help_en', nullif(btrim(c ->> 'help_en'), ''), 'required', coalesce((c ->> 'required')::boolean, true),
                'options', case when jsonb_typeof(c -> 'options') = 'null' then null else c -> 'options' end) order by n)
            from jsonb_array_elements(form -> 'criteria') with ordinality as t (c, n))
       and (select coalesce(array_agg(sp.procedure_id::text || '/' || upper(coalesce(sp.view_position, ''))
                order by sp.procedure_id::text || '/' || upper(coalesce(sp.view_position, ''))), '{}')
            from public.scoring_form_procedures sp where sp.form_id = previous.id)
         = (select coalesce(array_agg(k order by k), '{}')
            from (select distinct (m ->> 'procedure_id') || '/' || upper(coalesce(nullif(btrim(m ->> 'view_position'), ''), '')) as k
                  from jsonb_array_elements(coalesce(form -> 'procedures', '[]')) m) keys)
    into same;
    if same then
      return previous.id;
    end if;
    -- first off, then the new one on: one active generic form per site (scoring_forms_one_generic)
    update public.scoring_forms set active = false where id = previous.id;
    delete from public.scoring_form_procedures where form_id = previous.id;
  end if;

  select coalesce(max(f.version), 0) + 1 into next_version from public.scoring_forms f where f.site_id = site and f.code = form_code;
  insert into public.scoring_forms (site_id, code, version, title_nl, title_en, source, is_generic, active)
  values (site, form_code, next_version, btrim(form ->> 'title_nl'), btrim(form ->> 'title_en'),
          coalesce(nullif(btrim(form ->> 'source'), ''), previous.source, 'IQS form editor'),
          coalesce(previous.is_generic, false), true)
  returning id into new_id;

  insert into public.scoring_criteria (site_id, form_id, position, code, kind, label_nl, label_en, help_nl, help_en, required, options)
  select site, new_id, t.n::integer, c ->> 'code', (c ->> 'kind')::public.criterion_kind, btrim(c ->> 'label_nl'),
         btrim(c ->> 'label_en'), nullif(btrim(c ->> 'help_nl'), ''), nullif(btrim(c ->> 'help_en'), ''),
         coalesce((c ->> 'required')::boolean, true),
         case when jsonb_typeof(c -> 'options') = 'null' then null else c -> 'options' end
  from jsonb_array_elements(form -> 'criteria') with ordinality as t (c, n);

  insert into public.scoring_form_procedures (site_id, form_id, procedure_id, view_position)
  select distinct site, new_id, (m ->> 'procedure_id')::uuid, nullif(upper(btrim(m ->> 'view_position')), '')
  from jsonb_array_elements(coalesce(form -> 'procedures', '[]')) m;

  return new_id;
end
$$;
revoke all on function public.save_scoring_form(jsonb) from public, anon;
grant execute on function public.save_scoring_form(jsonb) to authenticated;
comment on function public.save_scoring_form(jsonb) is
  'Admin: saves a scoring form as a new version (the old one inactive, its procedures moved); returns the active id.';
