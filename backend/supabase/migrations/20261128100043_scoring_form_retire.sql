-- Taking a scoring form out of use, and putting it back (issue 14 leftovers). An admin switches a form's active
-- version off through the table (the policies of migration 7 let only an admin update scoring_forms; migration 40
-- audits it as scoring_form.switched_off / switched_on). A retired version keeps its criteria, its procedures and
-- views (scoring_form_procedures) and every evaluation item and score given on it; private.form_for_image takes
-- active forms only, so new evaluations score its images on the generic form, and save_scoring_form lets another
-- form take its views (it counts active forms only). Two rules the database keeps, whoever writes the table:
--
--   * a version is switched on again only when no other active form holds one of its procedures and views (the
--     rule save_scoring_form applies to a save: same procedure, same view, compared trimmed and upper-case; null is
--     "every view"), and no other version of its code is active; refused with 23505 and a message naming the view
--     as save_scoring_form's does ("another form already scores hand LAT (hand-lateral)");
--   * the site keeps an active generic form: private.form_for_image falls back on it and public.start_evaluation
--     refuses an evaluation when a drawn image has no form ("no scoring form for image … and no active generic
--     form"). Checked at commit, since a save of the generic form switches its version off before the new one is
--     inserted (one active generic form per site, scoring_forms_one_generic); refused with 23514.

create function private.refuse_taken_form_views() returns trigger
language plpgsql set search_path = ''
as $$
declare
  taken text;
begin
  if exists (select 1 from public.scoring_forms f
             where f.site_id = new.site_id and f.code = new.code and f.id <> new.id and f.active) then
    raise exception 'another version of form % is in use', new.code using errcode = '23505';
  end if;
  select coalesce(p.code, '?') || coalesce(' ' || nullif(upper(btrim(mine.view_position)), ''), '') || ' (' || f.code || ')'
  into taken
  from public.scoring_form_procedures mine
  join public.scoring_form_procedures other
    on other.site_id = mine.site_id
   and other.procedure_id = mine.procedure_id
   and upper(coalesce(nullif(btrim(other.view_position), ''), '')) = upper(coalesce(nullif(btrim(mine.view_position), ''), ''))
   and other.form_id <> mine.form_id
  join public.scoring_forms f on f.id = other.form_id and f.active and f.code <> new.code
  left join public.procedures p on p.id = mine.procedure_id
  where mine.form_id = new.id
  order by 1
  limit 1;
  if taken is not null then
    raise exception 'another form already scores %', taken using errcode = '23505';
  end if;
  return new;
end
$$;
create trigger scoring_forms_restore_free_views before update of active on public.scoring_forms
  for each row when (not old.active and new.active)
  execute function private.refuse_taken_form_views();

create function private.keep_generic_form() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if not exists (select 1 from public.scoring_forms f where f.site_id = old.site_id and f.is_generic and f.active) then
    raise exception 'the generic form % scores every procedure without a form of its own and cannot be taken out of use', old.code
      using errcode = '23514';
  end if;
  return null;
end
$$;
create constraint trigger scoring_forms_keep_generic after update of active on public.scoring_forms
  deferrable initially deferred
  for each row when (old.is_generic and old.active and not new.active)
  execute function private.keep_generic_form();

revoke all on function private.refuse_taken_form_views(), private.keep_generic_form() from public, anon, authenticated;
