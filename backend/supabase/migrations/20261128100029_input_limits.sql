-- Limits on what users write (issue 12, finding 7). Until now a 5 MB evaluation name was stored; an admin could date
-- and sign a marking in someone else's name; a statement could run as long as it liked.
--   - every free-text (and JSON) column a signed-in user may write has a length limit, as a named CHECK constraint
--     <table>_<column>_length: a longer value is refused with check_violation (23514), which the API answers 400;
--   - who did it and when is filled by the database from the session for signed-in users, whatever the client sends
--     (the service role, used by the ingestion and tools, keeps what it sends);
--   - the API roles get a statement timeout.

------------------------------------------------------------------------------------------------------------------
-- lengths
------------------------------------------------------------------------------------------------------------------
-- Limits in characters: names and titles 200, labels of criteria 500, codes 64, comments and notes 4000 (a reject's
-- comment 2000, as record_reject_reason already said), addresses 2000, sources 500. Columns the ingestion fills from
-- DICOM (at most 64 characters per value in the standard) 1024, so that no real file is refused; a file path 4096.
-- JSON settings (a sampling filter, a station's tag mapping, a criterion's options) 16000 as text.
do $$
declare
  l record;
begin
  for l in
    select * from (values
      ('evaluations', 'name', 200), ('evaluations', 'filter', 16000),
      ('scores', 'comment', 4000), ('scores', 'value', 64),
      ('rejects', 'comment', 2000), ('rejects', 'source', 64),
      ('people', 'display_name', 200), ('person_groups', 'name', 200),
      ('sites', 'name', 200), ('sites', 'code', 64),
      ('stations', 'display_name', 200), ('stations', 'station_name', 64), ('stations', 'modality', 64),
      ('stations', 'manufacturer', 200), ('stations', 'model', 200), ('stations', 'tag_mapping', 16000),
      ('procedures', 'code', 64), ('procedures', 'name_nl', 200), ('procedures', 'name_en', 200),
      ('procedures', 'body_part', 64), ('procedures', 'modality', 64), ('procedures', 'reference_exam', 64),
      ('procedure_aliases', 'pattern', 200), ('operator_aliases', 'raw_name', 200),
      ('reject_reasons', 'code', 64), ('reject_reasons', 'coding_scheme', 64), ('reject_reasons', 'category', 64),
      ('reject_reasons', 'label_nl', 200), ('reject_reasons', 'label_en', 200),
      ('scoring_forms', 'code', 64), ('scoring_forms', 'title_nl', 200), ('scoring_forms', 'title_en', 200),
      ('scoring_forms', 'source', 500),
      ('scoring_criteria', 'code', 64), ('scoring_criteria', 'label_nl', 500), ('scoring_criteria', 'label_en', 500),
      ('scoring_criteria', 'help_nl', 4000), ('scoring_criteria', 'help_en', 4000), ('scoring_criteria', 'options', 16000),
      ('scoring_form_procedures', 'view_position', 64),
      ('drls', 'label', 200), ('drls', 'notes', 4000), ('drls', 'source', 500), ('drls', 'source_url', 2000),
      ('drls', 'reference_set', 200), ('drls', 'unit', 64), ('drls', 'published_unit', 64), ('drls', 'view_position', 64),
      ('image_operators', 'raw_name', 1024),
      ('images', 'sop_instance_uid', 1024), ('images', 'series_instance_uid', 1024), ('images', 'study_instance_uid', 1024),
      ('images', 'sop_class_uid', 1024), ('images', 'modality', 1024), ('images', 'view_position', 1024),
      ('images', 'station_name', 1024), ('images', 'study_description', 1024), ('images', 'series_description', 1024),
      ('images', 'protocol_name', 1024), ('images', 'aec_mode', 1024), ('images', 'filter_material', 1024),
      ('images', 'grid', 1024), ('images', 'iocm_title', 1024), ('images', 'reject_source', 64),
      ('images', 'source_ref', 4096)
    ) as v (table_name, column_name, max_length)
  loop
    execute format(
      'alter table public.%I add constraint %I check (char_length(%I%s) <= %s)',
      l.table_name, l.table_name || '_' || l.column_name || '_length', l.column_name,
      case when (select data_type from information_schema.columns c
                 where c.table_schema = 'public' and c.table_name = l.table_name and c.column_name = l.column_name) = 'jsonb'
           then '::text' else '' end,
      l.max_length);
  end loop;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- who and when, filled by the database
------------------------------------------------------------------------------------------------------------------
-- (drls.updated_by and updated_at are filled so since migration 22; scores.scored_by is filled when left out and
-- must be the signed-in person's, migration 16; rejects.recorded_by likewise, below.)

-- An image marked rejected (or its marking changed) by a signed-in person: by them, now.
create function private.fill_image_marking() returns trigger
language plpgsql set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if me is not null and (new.rejected_by, new.rejected_at) is distinct from (old.rejected_by, old.rejected_at)
     and (new.rejected_by is not null or new.rejected_at is not null) then
    new.rejected_by := me;
    new.rejected_at := now();
  end if;
  return new;
end
$$;
create trigger images_fill_marking before update on public.images
  for each row when ((new.rejected_by, new.rejected_at) is distinct from (old.rejected_by, old.rejected_at))
  execute function private.fill_image_marking();

-- A reason recorded by a signed-in person: in their name when the client leaves it out (another's name stays refused
-- by the policies), at the database's time.
create function private.fill_reject_recording() returns trigger
language plpgsql set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if me is not null and new.source = 'person' then
    new.recorded_by := coalesce(new.recorded_by, me);
    if tg_op = 'INSERT' then
      new.recorded_at := now();
    elsif (new.reason_id, new.comment, new.recorded_by) is distinct from (old.reason_id, old.comment, old.recorded_by) then
      new.recorded_at := now();
    else
      new.recorded_at := old.recorded_at;
    end if;
  end if;
  return new;
end
$$;
create trigger rejects_fill_recording before insert or update on public.rejects
  for each row execute function private.fill_reject_recording();

-- An evaluation is created at the database's time (the audit of items added later relies on it, migration 28); an
-- item's state is changed now.
create function private.fill_created_at() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if private.current_person_id() is not null then
    new.created_at := case when tg_op = 'INSERT' then now() else old.created_at end;
  end if;
  return new;
end
$$;
create trigger evaluations_fill_created_at before insert or update on public.evaluations
  for each row execute function private.fill_created_at();

create function private.fill_updated_at() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
create trigger evaluation_items_fill_updated_at before update on public.evaluation_items
  for each row execute function private.fill_updated_at();

revoke all on function private.fill_image_marking(), private.fill_reject_recording(), private.fill_created_at(),
  private.fill_updated_at() from public, anon, authenticated;

------------------------------------------------------------------------------------------------------------------
-- statement timeouts of the API roles
------------------------------------------------------------------------------------------------------------------
-- Supabase sets 8 s for authenticated and 3 s for anon. IQS's heaviest requests are a quality officer's analyses
-- over a year of a department (reject, dose and score statistics) and the start of an evaluation drawing 500 images:
-- well under a second on the demo, a few seconds on a large site. 15 s leaves room for those on a slow server while
-- still ending a runaway request; a signed-out request only signs in or reads the public configuration: 5 s.
-- (PostgREST, and the stand-in, apply a role's settings to each request.)
alter role authenticated set statement_timeout = '15s';
alter role anon set statement_timeout = '5s';
