-- evaluation_answer_rows for the service role (the CLI's `iqs report evaluation`): the same rows for one evaluation of
-- one site, computed by the same SQL. evaluation_answer_rows (migration 39) is for signed-in people (its worklist and
-- its scores check the caller); the CLI has no person, so it read the tables and decided "met" again in TypeScript.
-- Now both functions build their rows in one place, private.answer_rows, from the items and answers each may read:
--   evaluation_answer_rows(evaluation)                 as before: evaluation_worklist + evaluation_scores (the caller's
--                                                      checks, the audit row unless the caller is the evaluator)
--   evaluation_answer_rows_for_site(site, evaluation)  the service role only (the _for_site pattern of migration 34):
--                                                      every item and answer of the site's evaluation; the read is
--                                                      written to the audit log as scores.read (actor: none).

------------------------------------------------------------------------------------------------------------------
-- the rows, built once
------------------------------------------------------------------------------------------------------------------
-- what a row needs of an item (and its image) and of an answer
create type private.answer_row_item as (
  item_id uuid, item_position integer, state public.item_state, form_id uuid, study_date date, modality text,
  view_position text, procedure_code text, procedure_name_nl text, procedure_name_en text, station_name text
);
create type private.answer_row_score as (evaluation_item_id uuid, criterion_id uuid, value text, comment text);

-- Security invoker: criteria and stations are read as the caller reads them (migration 39's rule); site names the
-- stations' site (the caller's own for signed-in people, which their policy gives anyway).
create function private.answer_rows(site uuid, items private.answer_row_item[], answers private.answer_row_score[])
returns table (
  item_id uuid, item_position integer, item_state public.item_state, study_date date, modality text, view_position text,
  procedure_code text, procedure_name_nl text, procedure_name_en text, room text,
  criterion_code text, criterion_position integer, criterion_kind public.criterion_kind,
  criterion_label_nl text, criterion_label_en text,
  value text, answer_label_nl text, answer_label_en text, met boolean, remark text
)
language sql stable security invoker set search_path = ''
as $$
  select w.item_id, w.item_position, w.state, w.study_date, w.modality, w.view_position,
         w.procedure_code, w.procedure_name_nl, w.procedure_name_en,
         -- the room as every page names it: the station's display name, else the name the modality sends
         coalesce(st.display_name, w.station_name),
         c.code, c.position, c.kind, c.label_nl, c.label_en,
         s.value, a.label_nl, a.label_en,
         -- a skipped image has no answers that count (as in evaluation_summary)
         case when w.state <> 'skipped' then private.answer_met(c.kind, c.options, s.value) end,
         s.comment
  from unnest($2) w
  join public.scoring_criteria c on c.form_id = w.form_id
  left join unnest($3) s on s.evaluation_item_id = w.item_id and s.criterion_id = c.id
  left join public.stations st on st.site_id = $1 and st.station_name = w.station_name
  -- the answer's label: a choice's or grade's option, or a scale's value label ({"labels": [{value, label_nl, label_en}]})
  left join lateral (
    select o ->> 'label_nl' as label_nl, o ->> 'label_en' as label_en
    from jsonb_array_elements(case when jsonb_typeof(c.options) = 'array' then c.options
                                   when jsonb_typeof(c.options -> 'labels') = 'array' then c.options -> 'labels'
                                   else '[]'::jsonb end) o
    where o ->> 'value' = s.value
    limit 1
  ) a on true
  order by w.item_position, c.position, c.code
$$;

------------------------------------------------------------------------------------------------------------------
-- evaluation_answer_rows (migration 39): the same checks and audit, its rows from private.answer_rows
------------------------------------------------------------------------------------------------------------------
create or replace function public.evaluation_answer_rows(evaluation uuid)
returns table (
  item_id uuid, item_position integer, item_state public.item_state, study_date date, modality text, view_position text,
  procedure_code text, procedure_name_nl text, procedure_name_en text, room text,
  criterion_code text, criterion_position integer, criterion_kind public.criterion_kind,
  criterion_label_nl text, criterion_label_en text,
  value text, answer_label_nl text, answer_label_en text, met boolean, remark text
)
language sql volatile security invoker set search_path = ''
as $$
  with w as materialized (select * from public.evaluation_worklist($1)),
       s as materialized (select * from public.evaluation_scores($1))
  select * from private.answer_rows(
    private.current_site_id(),
    array(select row(w.item_id, w.position, w.state, w.form_id, w.study_date, w.modality, w.view_position,
                     w.procedure_code, w.procedure_name_nl, w.procedure_name_en, w.station_name)::private.answer_row_item
          from w),
    array(select row(s.evaluation_item_id, s.criterion_id, s.value, s.comment)::private.answer_row_score from s))
$$;

------------------------------------------------------------------------------------------------------------------
-- evaluation_answer_rows_for_site: the service role's (the CLI): one site, any of its evaluations
------------------------------------------------------------------------------------------------------------------
create function private.evaluation_answer_rows_for_site(site uuid, evaluation uuid)
returns table (
  item_id uuid, item_position integer, item_state public.item_state, study_date date, modality text, view_position text,
  procedure_code text, procedure_name_nl text, procedure_name_en text, room text,
  criterion_code text, criterion_position integer, criterion_kind public.criterion_kind,
  criterion_label_nl text, criterion_label_en text,
  value text, answer_label_nl text, answer_label_en text, met boolean, remark text
)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  facts record;
  items private.answer_row_item[];
  answers private.answer_row_score[];
begin
  select e.use, e.subject_person_id into facts
  from public.evaluations e
  where e.id = evaluation_answer_rows_for_site.evaluation and e.site_id = evaluation_answer_rows_for_site.site;
  if not found then
    raise exception 'no evaluation % in site %', coalesce(evaluation_answer_rows_for_site.evaluation::text, 'null'),
      coalesce(evaluation_answer_rows_for_site.site::text, 'null') using errcode = 'P0001';
  end if;
  -- the items as evaluation_worklist gives them, the answers as evaluation_scores (every one: no caller to limit them)
  items := array(
    select row(it.id, it.position, it.state, it.form_id, i.study_date, i.modality, i.view_position,
               p.code, p.name_nl, p.name_en, i.station_name)::private.answer_row_item
    from public.evaluation_items it
    join public.images i on i.id = it.image_id
    left join public.procedures p on p.id = i.procedure_id
    where it.evaluation_id = evaluation_answer_rows_for_site.evaluation
    order by it.position);
  answers := array(
    select row(s.evaluation_item_id, s.criterion_id, s.value, s.comment)::private.answer_row_score
    from public.evaluation_items it
    join public.scores s on s.evaluation_item_id = it.id
    where it.evaluation_id = evaluation_answer_rows_for_site.evaluation);
  -- reading the answers is audited, as evaluation_scores does for anyone but the evaluator (migration 27)
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (evaluation_answer_rows_for_site.site, null, 'scores.read', 'evaluations', evaluation_answer_rows_for_site.evaluation::text,
          jsonb_build_object('function', 'evaluation_answer_rows_for_site', 'evaluation_id', evaluation_answer_rows_for_site.evaluation,
                             'use', facts.use, 'subject_person_id', facts.subject_person_id,
                             'scores', coalesce(array_length(answers, 1), 0)));
  return query select * from private.answer_rows(evaluation_answer_rows_for_site.site, items, answers);
end
$$;

-- the API: a security-invoker wrapper (no security definer in public)
create function public.evaluation_answer_rows_for_site(site uuid, evaluation uuid)
returns table (
  item_id uuid, item_position integer, item_state public.item_state, study_date date, modality text, view_position text,
  procedure_code text, procedure_name_nl text, procedure_name_en text, room text,
  criterion_code text, criterion_position integer, criterion_kind public.criterion_kind,
  criterion_label_nl text, criterion_label_en text,
  value text, answer_label_nl text, answer_label_en text, met boolean, remark text
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.evaluation_answer_rows_for_site($1, $2) $$;

comment on function public.evaluation_answer_rows_for_site(uuid, uuid) is
  'evaluation_answer_rows for the service role: one evaluation of one site, the same rows (private.answer_rows); audited as scores.read.';

------------------------------------------------------------------------------------------------------------------
-- privileges: the row builder to signed-in people (evaluation_answer_rows runs as them); the _for_site functions to
-- the service role only
------------------------------------------------------------------------------------------------------------------
revoke all on function private.answer_rows(uuid, private.answer_row_item[], private.answer_row_score[])
  from public, anon, service_role;
grant execute on function private.answer_rows(uuid, private.answer_row_item[], private.answer_row_score[]) to authenticated;

revoke all on function private.evaluation_answer_rows_for_site(uuid, uuid), public.evaluation_answer_rows_for_site(uuid, uuid)
  from public, anon, authenticated;
grant execute on function private.evaluation_answer_rows_for_site(uuid, uuid), public.evaluation_answer_rows_for_site(uuid, uuid)
  to service_role;
