-- An evaluation's answers one row per image and criterion (issue 14, item 5): what the summary's CSV and its print
-- sheet list. Each row is an item of the evaluation and a criterion of the item's form, with the image's procedure,
-- view, study date and room, the answer, the label of the answer where the form gives one, whether it meets the
-- criterion and the remark. Criteria left unanswered have a row too (value null): a spreadsheet shows the gap.
--
-- Why in SQL: whether an answer meets its criterion is decided in one place, private.answer_met (migration 14);
-- the CSV must say "met" exactly as the summary and the statistics count it.
--
-- Who reads what: nothing new. It is a security-invoker function over two that already decide it:
--   evaluation_worklist  the evaluator and the site's quality officers and admins (the operators are not read here);
--   evaluation_scores    the answers the caller may read, written to the audit log ('scores.read') unless the caller
--                        is the evaluator (migration 27).
-- The criteria and stations are read under their own policies (the caller's site).
--
-- This migration holds number 39, which the issue's plan kept for "peer_review_by_quality_officer": that needed no
-- SQL (the evaluations_insert policy of migration 8 already lets quality officers start peer reviews; only the IQS
-- page did not offer it), so the number serves the export instead.

create function public.evaluation_answer_rows(evaluation uuid)
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
  select w.item_id, w.position, w.state, w.study_date, w.modality, w.view_position,
         w.procedure_code, w.procedure_name_nl, w.procedure_name_en,
         -- the room as every page names it: the station's display name, else the name the modality sends
         coalesce(st.display_name, w.station_name),
         c.code, c.position, c.kind, c.label_nl, c.label_en,
         s.value, a.label_nl, a.label_en,
         -- a skipped image has no answers that count (as in evaluation_summary)
         case when w.state <> 'skipped' then private.answer_met(c.kind, c.options, s.value) end,
         s.comment
  from w
  join public.scoring_criteria c on c.form_id = w.form_id
  left join s on s.evaluation_item_id = w.item_id and s.criterion_id = c.id
  left join public.stations st on st.station_name = w.station_name
  -- the answer's label: a choice's or grade's option, or a scale's value label ({"labels": [{value, label_nl, label_en}]})
  left join lateral (
    select o ->> 'label_nl' as label_nl, o ->> 'label_en' as label_en
    from jsonb_array_elements(case when jsonb_typeof(c.options) = 'array' then c.options
                                   when jsonb_typeof(c.options -> 'labels') = 'array' then c.options -> 'labels'
                                   else '[]'::jsonb end) o
    where o ->> 'value' = s.value
    limit 1
  ) a on true
  order by w.position, c.position, c.code
$$;

comment on function public.evaluation_answer_rows(uuid) is
  'One row per item and criterion of an evaluation: procedure, view, date, room, criterion, answer and its label, met (private.answer_met), remark.';

revoke all on function public.evaluation_answer_rows(uuid) from public, anon, service_role;
grant execute on function public.evaluation_answer_rows(uuid) to authenticated;
