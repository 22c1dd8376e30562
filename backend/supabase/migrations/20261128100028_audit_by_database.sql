-- The audit written by the database (issue 12). Until now a signed-in person could insert audit rows in their own
-- name through the API (POST /rest/v1/audit_log: one request stored 52,000 rows that nobody can remove), and what
-- people did to evaluations through the tables (POST/PATCH/DELETE /rest/v1/evaluations) left no row at all: only
-- the RPCs wrote one. From here on:
--   - nobody inserts into audit_log through the API: audit rows are written by triggers and by functions only;
--   - the functions that run with the caller's rights and write a row (start_evaluation, close_evaluation,
--     record_evaluation_export, evaluation_summary, score_statistics, and any such function an earlier migration
--     defined) write it through private.audit_log_writer, which the API does not expose;
--   - the actor of a row written in a signed-in request is always that person, whatever a function passes;
--   - triggers on evaluations and evaluation_items write the lifecycle of an evaluation however it is changed:
--     evaluation.start, evaluation.changed, evaluation.items_added / items_removed, evaluation.close,
--     evaluation.deleted. Scores are not audited row by row (reading colleagues' scores is, see migration 27).
-- Who did what can be reconstructed from the log alone: actor, action, target, time.

------------------------------------------------------------------------------------------------------------------
-- nobody writes through the API
------------------------------------------------------------------------------------------------------------------
drop policy audit_log_insert on public.audit_log;
revoke insert, update, delete, truncate on public.audit_log from anon, authenticated;

-- The way a function running with the caller's rights writes its row: a write-only view over the log, in the
-- unexposed schema, owned by the migration's owner (so the insert reaches the table past its policies). It shows
-- no rows. The API exposes only schema public: no request reaches it.
create view private.audit_log_writer as
  select site_id, actor_id, action, target_table, target_id, details from public.audit_log where false;
revoke all on private.audit_log_writer from public, anon;
grant insert on private.audit_log_writer to authenticated, service_role;

-- Every function with the caller's rights that inserts into public.audit_log now inserts through the writer. Found
-- in the catalogue rather than restated here, so that a function's body stays the one its own migration (or a later
-- privacy migration) gave it: only the insert's target changes. The functions that run as their owner (the reject,
-- marking and reference-value triggers, the analyses in private) write the table as before.
do $$
declare
  f record;
  definition text;
begin
  for f in
    select p.oid, p.oid::regprocedure as signature
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private') and not p.prosecdef and p.prosrc ~* 'insert\s+into\s+public\.audit_log'
  loop
    definition := regexp_replace(pg_get_functiondef(f.oid), 'insert\s+into\s+public\.audit_log', 'insert into private.audit_log_writer', 'gi');
    execute definition;
    raise notice 'audit rows of % now written through private.audit_log_writer', f.signature;
  end loop;
end
$$;

-- The actor is the signed-in person who made the request, whatever a function passes (the service role, with no
-- person, keeps what it gives: null for the ingestion and tools).
create function private.audit_actor_is_caller() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if me is not null then
    new.actor_id := me;
  end if;
  return new;
end
$$;
create trigger audit_log_actor_is_caller before insert on public.audit_log
  for each row execute function private.audit_actor_is_caller();

------------------------------------------------------------------------------------------------------------------
-- the lifecycle of an evaluation, however it is changed
------------------------------------------------------------------------------------------------------------------
-- Was this action on this evaluation already written in the current transaction (by the RPC that did it)? Rows of
-- this transaction carry its start time (audit_log.at defaults to now()).
create function private.audited_in_this_transaction(site uuid, evaluation uuid, what text) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.audit_log a
    where a.site_id = site and a.at >= now() and a.action = what
      and a.target_table = 'evaluations' and a.target_id = evaluation::text
  )
$$;

-- Created: written at commit, when start_evaluation has drawn the items and written its own row (with what was
-- available), so that it is written once; an evaluation inserted through the table gets its row here.
create function private.audit_evaluation_start() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not private.audited_in_this_transaction(new.site_id, new.id, 'evaluation.start') then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'evaluation.start', 'evaluations', new.id::text,
            jsonb_build_object('use', new.use, 'name', new.name, 'subject_person_id', new.subject_person_id,
                               'filter', new.filter, 'seed', new.seed, 'blind', new.blind, 'requested', new.sample_size,
                               'drawn', (select count(*) from public.evaluation_items i where i.evaluation_id = new.id)));
  end if;
  return null;
end
$$;
create constraint trigger evaluations_audit_start after insert on public.evaluations
  deferrable initially deferred
  for each row execute function private.audit_evaluation_start();

-- Closed: at commit too (close_evaluation writes its own row after the update). A closed evaluation is never
-- reopened (evaluations_keep_closed), so there is no reopening to audit.
create function private.audit_evaluation_close() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not private.audited_in_this_transaction(new.site_id, new.id, 'evaluation.close') then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    select new.site_id, private.current_person_id(), 'evaluation.close', 'evaluations', new.id::text,
           jsonb_build_object('items', count(*), 'scored', count(*) filter (where it.state = 'scored'),
                              'skipped', count(*) filter (where it.state = 'skipped'))
    from public.evaluation_items it where it.evaluation_id = new.id;
  end if;
  return null;
end
$$;
create constraint trigger evaluations_audit_close after update on public.evaluations
  deferrable initially deferred
  for each row when (old.status = 'open' and new.status = 'closed')
  execute function private.audit_evaluation_close();

-- Changed (renamed, another filter, sample size, subject, blind…): each changed column with its old and new value.
create function private.audit_evaluation_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  changes jsonb;
begin
  select coalesce(jsonb_object_agg(o.key, jsonb_build_object('old', o.value, 'new', n.value)), '{}'::jsonb)
  into changes
  from jsonb_each(to_jsonb(old)) o join jsonb_each(to_jsonb(new)) n using (key)
  where o.value is distinct from n.value and o.key not in ('status', 'closed_at');
  if changes <> '{}'::jsonb then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'evaluation.changed', 'evaluations', new.id::text, changes);
  end if;
  return null;
end
$$;
create trigger evaluations_audit_change after update on public.evaluations
  for each row execute function private.audit_evaluation_change();

-- Deleted: what it was and what it held (before the items and their scores go with it).
create function private.audit_evaluation_delete() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (old.site_id, private.current_person_id(), 'evaluation.deleted', 'evaluations', old.id::text,
          (to_jsonb(old) - 'id' - 'site_id')
          || jsonb_build_object(
               'items', (select count(*) from public.evaluation_items i where i.evaluation_id = old.id),
               'scores', (select count(*) from public.scores s join public.evaluation_items i on i.id = s.evaluation_item_id
                          where i.evaluation_id = old.id)));
  return old;
end
$$;
create trigger evaluations_audit_delete before delete on public.evaluations
  for each row execute function private.audit_evaluation_delete();

-- Items added to or removed from an evaluation after it was started change its sample: one row per statement and
-- evaluation, with the images. The items start_evaluation draws (in the transaction that created the evaluation)
-- are part of its start; items that go with a deleted evaluation are part of its deletion.
create function private.audit_evaluation_items() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    select e.site_id, private.current_person_id(), 'evaluation.items_added', 'evaluations', e.id::text,
           jsonb_build_object('image_ids', array_agg(x.image_id order by x.position))
    from added x join public.evaluations e on e.id = x.evaluation_id
    where e.created_at < now()
    group by e.site_id, e.id;
  else
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    select e.site_id, private.current_person_id(), 'evaluation.items_removed', 'evaluations', e.id::text,
           jsonb_build_object('image_ids', array_agg(x.image_id order by x.position))
    from removed x join public.evaluations e on e.id = x.evaluation_id
    group by e.site_id, e.id;
  end if;
  return null;
end
$$;
create trigger evaluation_items_audit_added after insert on public.evaluation_items
  referencing new table as added
  for each statement execute function private.audit_evaluation_items();
create trigger evaluation_items_audit_removed after delete on public.evaluation_items
  referencing old table as removed
  for each statement execute function private.audit_evaluation_items();

revoke all on function private.audit_actor_is_caller(), private.audited_in_this_transaction(uuid, uuid, text),
  private.audit_evaluation_start(), private.audit_evaluation_close(), private.audit_evaluation_change(),
  private.audit_evaluation_delete(), private.audit_evaluation_items() from public, anon, authenticated;
