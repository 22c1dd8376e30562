-- Scoring form changes in the audit log, written by the database (issue 14 leftovers): which form a department
-- scores its images on decides what counts as a fault, so who changed a form, and when, must be answerable from the
-- log alone, like the reference values (migration 22) and the evaluations (migration 28). Triggers on
-- public.scoring_forms write, however the change is made (public.save_scoring_form or the table itself):
--   scoring_form.created         a form's first version (version 1 of a new code)
--   scoring_form.version_saved   a new version of a form; details name the version it replaces
--   scoring_form.switched_off    an active version switched off without a newer version taking over in the same
--                                transaction (a save's switch-off is part of the new version's row, not a row of its own)
--   scoring_form.switched_on     an inactive version switched on again (only through the table: the editor never does)
--   scoring_form.deleted         a version removed (only through the table)
-- Details: form_id, code, title_nl, title_en, version, and for a new version previous_version and previous_form_id.
-- The actor is the signed-in person (private.audit_actor_is_caller, migration 28); null for the service role and
-- the seed. Nobody writes audit rows through the API (migration 28): these functions run as their owner.

create function private.scoring_form_audit_value(f public.scoring_forms) returns jsonb
language sql immutable set search_path = ''
as $$
  select jsonb_build_object('form_id', f.id, 'code', f.code, 'title_nl', f.title_nl, 'title_en', f.title_en,
                            'version', f.version)
$$;

-- A new version: written at once (save_scoring_form switched the previous version off just before).
create function private.audit_scoring_form_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  previous public.scoring_forms;
begin
  select * into previous from public.scoring_forms f
  where f.site_id = new.site_id and f.code = new.code and f.version < new.version
  order by f.version desc limit 1;
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (new.site_id, private.current_person_id(),
          case when previous.id is null then 'scoring_form.created' else 'scoring_form.version_saved' end,
          'scoring_forms', new.id::text,
          private.scoring_form_audit_value(new)
            || jsonb_build_object('previous_version', previous.version, 'previous_form_id', previous.id));
  return null;
end
$$;
create trigger scoring_forms_audit_insert after insert on public.scoring_forms
  for each row execute function private.audit_scoring_form_insert();

-- Switched off or on: at commit, so that a switch-off followed by the new version in the same transaction (a save)
-- is told by the new version's row alone. A newer version of the same code created in this transaction (created_at
-- is set to now(), the transaction's start, by scoring_forms_fill_author) means the form was replaced, not dropped.
create function private.audit_scoring_form_active() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  now_row public.scoring_forms;
begin
  -- the row as it is at commit: a later statement of the transaction may have changed it back
  select * into now_row from public.scoring_forms f where f.id = new.id;
  if not found or now_row.active is not distinct from old.active then
    return null;
  end if;
  if not now_row.active and exists (
       select 1 from public.scoring_forms f
       where f.site_id = now_row.site_id and f.code = now_row.code and f.version > now_row.version and f.created_at >= now()) then
    return null;
  end if;
  -- once per version and transaction, however often the row was updated
  if exists (select 1 from public.audit_log a
             where a.site_id = now_row.site_id and a.at >= now() and a.target_table = 'scoring_forms'
               and a.target_id = now_row.id::text
               and a.action in ('scoring_form.switched_off', 'scoring_form.switched_on')) then
    return null;
  end if;
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (now_row.site_id, private.current_person_id(),
          case when now_row.active then 'scoring_form.switched_on' else 'scoring_form.switched_off' end,
          'scoring_forms', now_row.id::text, private.scoring_form_audit_value(now_row));
  return null;
end
$$;
create constraint trigger scoring_forms_audit_active after update on public.scoring_forms
  deferrable initially deferred
  for each row when (old.active is distinct from new.active)
  execute function private.audit_scoring_form_active();

-- Deleted: what it was.
create function private.audit_scoring_form_delete() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (old.site_id, private.current_person_id(), 'scoring_form.deleted', 'scoring_forms', old.id::text,
          private.scoring_form_audit_value(old) || jsonb_build_object('active', old.active));
  return old;
end
$$;
create trigger scoring_forms_audit_delete before delete on public.scoring_forms
  for each row execute function private.audit_scoring_form_delete();

revoke all on function private.scoring_form_audit_value(public.scoring_forms), private.audit_scoring_form_insert(),
  private.audit_scoring_form_active(), private.audit_scoring_form_delete() from public, anon, authenticated;
