-- Whether a radiographer learns who peer-reviewed them is the site's choice (sites.reviewer_visible_to_subject).
-- The subject already reads the scores on their images; scores.scored_by would name the reviewer (every member of a
-- site can look a person id up in people), so it is not readable through the API. It is filled in from the signed-in
-- person when a client leaves it out (the data layer upserts answers without it), and the reviewer's name is given by
-- evaluation_reviewer() only to those who may know it.

create function private.fill_scored_by() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.scored_by is null then
    new.scored_by := private.current_person_id();
  end if;
  return new;
end
$$;
-- (before the insert policy is checked: scores_insert still requires scored_by to be the signed-in person)
create trigger scores_fill_scored_by before insert on public.scores
  for each row execute function private.fill_scored_by();

-- every column but scored_by may be read; writing it stays allowed (the insert and update policies keep it the
-- signed-in person's), so clients that send their own id keep working
revoke select on public.scores from authenticated;
grant select (id, site_id, evaluation_item_id, form_id, criterion_id, value, comment, created_at, updated_at)
  on public.scores to authenticated;

-- The person who scored an evaluation (its evaluator: only the evaluator scores their evaluation), for the evaluator,
-- the site's quality officers and admins, and for the people whose images it holds when it is their own
-- self-evaluation or the site shows reviewers to the people they reviewed. Otherwise no row.
create function private.evaluation_reviewer(evaluation uuid) returns table (person_id uuid, display_name text)
language sql stable security definer set search_path = ''
as $$
  select p.id, p.display_name
  from public.evaluations e
  join public.people p on p.id = e.evaluator_id
  join public.sites st on st.id = e.site_id
  where e.id = $1
    and e.site_id = private.current_site_id()
    and (e.evaluator_id = private.current_person_id()
         or private.has_role('quality_officer', 'admin')
         or ((e.use = 'self' or st.reviewer_visible_to_subject)
             and (e.subject_person_id = private.current_person_id()
                  or exists (select 1 from public.evaluation_items it where it.evaluation_id = e.id and private.is_operator_of(it.image_id)))))
$$;
revoke all on function private.evaluation_reviewer(uuid) from public, anon;
grant execute on function private.evaluation_reviewer(uuid) to authenticated;

create function public.evaluation_reviewer(evaluation uuid) returns table (person_id uuid, display_name text)
language sql stable security invoker set search_path = ''
as $$
  select r.person_id, r.display_name from private.evaluation_reviewer($1) r
$$;
revoke all on function public.evaluation_reviewer(uuid) from public, anon, service_role;
grant execute on function public.evaluation_reviewer(uuid) to authenticated;
