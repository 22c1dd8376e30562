-- Recording rejects (issue 10, pillar 1): which images are rejected and by whom, and the reason for each.
--
-- A reject reaches IQS in two ways: an IHE IOCM rejection note (KOS) from the modality titled 113001 (reject_source
-- 'iocm'), or a radiographer or quality officer marking an accepted image as rejected in IQS afterwards, for consoles
-- that never send rejects (reject_source 'iqs'; nothing is changed in the PACS). The note may already carry the reason
-- as a TID 2010 Document Title Modifier (113011) holding a CID 7011 code: the ingestion records it as the reason from
-- the modality (rejects.source 'modality', no person), which the radiographer confirms or changes (then it is theirs,
-- source 'person'). Every recorded, changed or removed reason and every marking in IQS is written to the audit log by
-- the database itself, with the earlier value, so that no client can leave it out or write it for someone else.
--
-- What the other IOCM titles say (113037 patient safety, 113038 worklist, 113039 retention) is kept too
-- (images.iocm_title): those images are shown as such but are not quality rejects.

------------------------------------------------------------------------------------------------------------------
-- images: where a reject came from, and the IOCM note that names the image
------------------------------------------------------------------------------------------------------------------
alter table public.images
  -- null when not rejected; 'iocm': a 113001 note from the modality; 'iqs': marked rejected in IQS
  add column reject_source text check (reject_source in ('iocm', 'iqs')),
  -- who marked it rejected in IQS, and when (kept when a note from the modality later rejects it too)
  add column rejected_by uuid,
  add column rejected_at timestamptz,
  -- the title of the latest IOCM note naming the image (113001 quality, 113037, 113038, 113039), and that note's
  -- ContentDate (else the day it was ingested)
  add column iocm_title text check (iocm_title in ('113001', '113037', '113038', '113039')),
  add column iocm_note_date date,
  add foreign key (site_id, rejected_by) references public.people (site_id, id);

update public.images set reject_source = 'iocm' where rejected;
alter table public.images
  add constraint images_rejected_source_check check (rejected = (reject_source is not null));

-- Writers that only know `rejected` (tools, tests, an admin's correction) keep working: a rejected image without a
-- source was rejected outside IQS (as the rows before this migration), an image no longer rejected has none.
create function private.fill_reject_source() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.rejected and new.reject_source is null then
    new.reject_source := 'iocm';
  elsif not new.rejected then
    new.reject_source := null;
  end if;
  return new;
end
$$;
revoke all on function private.fill_reject_source() from public, anon, authenticated;
create trigger images_fill_reject_source before insert or update of rejected, reject_source on public.images
  for each row execute function private.fill_reject_source();

------------------------------------------------------------------------------------------------------------------
-- rejection notes: the reason the modality gave, and the note's date
------------------------------------------------------------------------------------------------------------------
alter table public.rejection_notes
  -- the CID 7011 code of the note's Document Title Modifier (113011), when it has one (only with title 113001)
  add column reason_code text,
  -- the note's ContentDate
  add column note_date date;

-- what the notes already ingested say of their images (before this migration: no reason codes, no dates)
update public.images i set iocm_title = n.title_code, iocm_note_date = n.ingested_at::date
from (
  select distinct on (r.site_id, u.uid) r.site_id, u.uid, r.title_code, r.ingested_at
  from public.rejection_notes r cross join lateral unnest(r.referenced_sop_uids) as u (uid)
  order by r.site_id, u.uid, r.ingested_at desc, r.sop_instance_uid desc
) n
where i.site_id = n.site_id and i.sop_instance_uid = n.uid;

------------------------------------------------------------------------------------------------------------------
-- rejects: a reason from a person or from the modality
------------------------------------------------------------------------------------------------------------------
alter table public.rejects
  -- 'modality': read from the rejection note, nobody recorded it; 'person': recorded (or confirmed) by recorded_by
  add column source text not null default 'person' check (source in ('modality', 'person')),
  alter column recorded_by drop not null,
  add constraint rejects_recorded_by_source_check check ((source = 'modality') = (recorded_by is null));
comment on table public.rejects is
  'The reason a rejected image was retaken: as its radiographer (or a quality officer) recorded it, or as the modality gave it in its rejection note.';

-- A reason belongs to a rejected image. (security definer: the check reads the image whatever the writer may see)
create function private.check_reject_on_rejected_image() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (select 1 from public.images i where i.id = new.image_id and i.rejected) then
    raise exception 'image % is not rejected: a reject reason is only recorded for a rejected image (mark it rejected first)', new.image_id
      using errcode = '22023';
  end if;
  return new;
end
$$;
create trigger rejects_on_rejected_image before insert or update of image_id, reason_id on public.rejects
  for each row execute function private.check_reject_on_rejected_image();

-- A reason as the audit log keeps it.
create function private.reject_audit_value(r public.rejects) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'reason_id', r.reason_id,
    'reason_code', (select rr.code from public.reject_reasons rr where rr.id = r.reason_id),
    'comment', r.comment,
    'source', r.source,
    'recorded_by', r.recorded_by,
    'recorded_at', r.recorded_at)
$$;

-- The audit log of reasons, written by the database: recorded, changed (with the earlier and the new value) or
-- removed. An update that changes neither the reason, the comment nor the source is not a change.
create function private.audit_reject() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'reject.reason_recorded', 'images', new.image_id::text,
            jsonb_build_object('image_id', new.image_id, 'new', private.reject_audit_value(new)));
    return new;
  elsif tg_op = 'UPDATE' then
    if (old.reason_id, old.comment, old.source, old.image_id) is not distinct from (new.reason_id, new.comment, new.source, new.image_id) then
      return new;
    end if;
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'reject.reason_changed', 'images', new.image_id::text,
            jsonb_build_object('image_id', new.image_id, 'earlier', private.reject_audit_value(old), 'new', private.reject_audit_value(new)));
    return new;
  else
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (old.site_id, private.current_person_id(), 'reject.reason_removed', 'images', old.image_id::text,
            jsonb_build_object('image_id', old.image_id, 'earlier', private.reject_audit_value(old)));
    return old;
  end if;
end
$$;
create trigger rejects_audit after insert or update or delete on public.rejects
  for each row execute function private.audit_reject();

-- Marking in IQS (and undoing it), written by the database too. A note from the modality is not audited here: it is
-- kept in rejection_notes.
create function private.audit_image_marking() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.reject_source = 'iqs' and old.reject_source is distinct from 'iqs' then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'image.marked_rejected', 'images', new.id::text,
            jsonb_build_object('image_id', new.id, 'sop_instance_uid', new.sop_instance_uid,
                               'rejected_by', new.rejected_by, 'rejected_at', new.rejected_at));
  elsif old.reject_source = 'iqs' and new.reject_source is null then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'image.unmarked_rejected', 'images', new.id::text,
            jsonb_build_object('image_id', new.id, 'sop_instance_uid', new.sop_instance_uid,
                               'earlier', jsonb_build_object('rejected_by', old.rejected_by, 'rejected_at', old.rejected_at)));
  end if;
  return new;
end
$$;
-- (no column list: reject_source also changes through images_fill_reject_source when only `rejected` is set)
create trigger images_audit_marking after update on public.images
  for each row when (old.reject_source is distinct from new.reject_source)
  execute function private.audit_image_marking();

-- An image that is no longer rejected (undone in IQS, or corrected by an admin) keeps no reason: removed, and audited
-- as such by rejects_audit.
create function private.drop_reason_of_accepted_image() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  delete from public.rejects r where r.image_id = new.id;
  return new;
end
$$;
create trigger images_drop_reason_when_accepted after update on public.images
  for each row when (old.rejected and not new.rejected)
  execute function private.drop_reason_of_accepted_image();

revoke all on function private.check_reject_on_rejected_image(), private.reject_audit_value(public.rejects),
  private.audit_reject(), private.audit_image_marking(), private.drop_reason_of_accepted_image() from public, anon, authenticated;

-- Only the database writes the audit rows of rejects and markings: nobody writes one in their own name.
alter policy audit_log_insert on public.audit_log
  with check (
    site_id = (select private.current_site_id())
    and actor_id = (select private.current_person_id())
    and action !~ '^reject\.'
    and action not in ('image.marked_rejected', 'image.unmarked_rejected')
  );

-- A person records a reason in their own name (source 'person'); a reason from the modality is written by the
-- ingestion (service role). A radiographer still reads and records reasons only on images they made.
alter policy rejects_insert on public.rejects
  with check (
    site_id = (select private.current_site_id())
    and source = 'person'
    and recorded_by = (select private.current_person_id())
    and ((select private.has_role('quality_officer', 'admin')) or private.is_operator_of(image_id))
  );
alter policy rejects_update on public.rejects
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('quality_officer', 'admin')) or private.is_operator_of(image_id))
  )
  with check (
    site_id = (select private.current_site_id())
    and source = 'person'
    and recorded_by = (select private.current_person_id())
    and ((select private.has_role('quality_officer', 'admin')) or private.is_operator_of(image_id))
  );

------------------------------------------------------------------------------------------------------------------
-- ingestion: what the notes naming an image say of it, in either arrival order
------------------------------------------------------------------------------------------------------------------
-- Applies every note naming the image: the latest note's title and date; rejected (source 'iocm') when any 113001
-- note names it; and the reason of the latest 113001 note that carries one, as the reason from the modality, unless
-- the image already has a reason (a person's reason is never overwritten; an earlier modality reason gives way to a
-- later note's). Changes nothing when nothing is new, so re-reading the same notes writes no row.
create function private.apply_rejection_notes(site uuid, image uuid) returns void
language plpgsql volatile set search_path = ''
as $$
declare
  sop text;
  latest_title text;
  latest_date date;
  any_quality boolean;
  modality_reason uuid;
  now_rejected boolean;
begin
  select i.sop_instance_uid into sop from public.images i where i.id = apply_rejection_notes.image and i.site_id = apply_rejection_notes.site;
  if sop is null then
    return;
  end if;
  select n.title_code, coalesce(n.note_date, n.ingested_at::date)
  into latest_title, latest_date
  from public.rejection_notes n
  where n.site_id = apply_rejection_notes.site and n.referenced_sop_uids @> array[sop]
  order by coalesce(n.note_date, n.ingested_at::date) desc, n.ingested_at desc, n.sop_instance_uid desc
  limit 1;
  if not found then
    return;
  end if;
  any_quality := private.rejected_by_note(apply_rejection_notes.site, sop);

  update public.images i set
    iocm_title = latest_title,
    iocm_note_date = latest_date,
    rejected = i.rejected or any_quality,
    reject_source = case when any_quality then 'iocm' else i.reject_source end
  where i.id = apply_rejection_notes.image
    and (i.iocm_title is distinct from latest_title or i.iocm_note_date is distinct from latest_date
         or (any_quality and (not i.rejected or i.reject_source is distinct from 'iocm')));

  select i.rejected into now_rejected from public.images i where i.id = apply_rejection_notes.image;
  if not now_rejected or not any_quality then
    return;
  end if;
  select rr.id into modality_reason
  from public.rejection_notes n
  join public.reject_reasons rr
    on rr.site_id = n.site_id and rr.coding_scheme = 'DCM' and rr.code = n.reason_code
  where n.site_id = apply_rejection_notes.site and n.title_code = '113001' and n.reason_code is not null
    and n.referenced_sop_uids @> array[sop]
  order by coalesce(n.note_date, n.ingested_at::date) desc, n.ingested_at desc, n.sop_instance_uid desc
  limit 1;
  if modality_reason is null then
    return;
  end if;
  insert into public.rejects as r (site_id, image_id, reason_id, comment, recorded_by, source)
  values (apply_rejection_notes.site, apply_rejection_notes.image, modality_reason, null, null, 'modality')
  on conflict (image_id) do update set reason_id = excluded.reason_id, recorded_at = now()
  where r.source = 'modality' and r.reason_id is distinct from excluded.reason_id;
end
$$;
revoke all on function private.apply_rejection_notes(uuid, uuid) from public, anon, authenticated;
grant execute on function private.apply_rejection_notes(uuid, uuid) to service_role;

-- ingest_records as before (20261128100011_ingestion.sql), with: an image rejected by a note (or by the record) has
-- reject_source 'iocm'; a rejection note carries reason_code and note_date; notes are applied to their images by
-- apply_rejection_notes in either order; re-reading an unchanged note changes nothing (not even its ingested_at).
create or replace function public.ingest_records(site uuid, records jsonb) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  rec jsonb;
  new_image_id uuid;
  refs text[];
  counts jsonb := '{"images":0,"rejection_notes":0,"dose_reports":0,"other":0}'::jsonb;
  kind text;
  by_record boolean;
  named_image uuid;
begin
  if not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', site using errcode = 'P0001';
  end if;
  for rec in select value from jsonb_array_elements(records) loop
    kind := coalesce(rec ->> 'object', 'other');
    if kind = 'image' then
      by_record := coalesce((rec ->> 'rejected')::boolean, false);
      insert into public.images as i (
        site_id, sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, modality, study_date,
        station_id, station_name, procedure_id, study_description, protocol_name, series_description, view_position,
        patient_age_years, dap_gy_cm2, organ_dose_mgy, body_part_thickness_mm, ctdivol_mgy, dlp_mgy_cm,
        exposure_index, target_exposure_index, deviation_index, rejected, reject_source, source, source_ref, ingested_at)
      values (
        site, rec ->> 'sop_instance_uid', rec ->> 'study_instance_uid', rec ->> 'series_instance_uid',
        rec ->> 'sop_class_uid', rec ->> 'modality', (rec ->> 'study_date')::date,
        private.station_for(site, rec ->> 'station_name'), rec ->> 'station_name',
        private.procedure_for(site, rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description'),
        rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description', rec ->> 'view_position',
        (rec ->> 'patient_age_years')::smallint, (rec ->> 'dap_gy_cm2')::double precision,
        (rec ->> 'organ_dose_mgy')::double precision, (rec ->> 'body_part_thickness_mm')::double precision,
        (rec ->> 'ctdivol_mgy')::double precision, (rec ->> 'dlp_mgy_cm')::double precision,
        (rec ->> 'exposure_index')::double precision, (rec ->> 'target_exposure_index')::double precision,
        (rec ->> 'deviation_index')::double precision,
        by_record, case when by_record then 'iocm' end,
        (rec ->> 'source')::public.image_source, rec ->> 'source_ref', now())
      on conflict (site_id, sop_instance_uid) do update set
        study_instance_uid = excluded.study_instance_uid, series_instance_uid = excluded.series_instance_uid,
        sop_class_uid = excluded.sop_class_uid, modality = excluded.modality, study_date = excluded.study_date,
        station_id = excluded.station_id, station_name = excluded.station_name, procedure_id = excluded.procedure_id,
        study_description = excluded.study_description, protocol_name = excluded.protocol_name,
        series_description = excluded.series_description, view_position = excluded.view_position,
        patient_age_years = excluded.patient_age_years, dap_gy_cm2 = excluded.dap_gy_cm2,
        organ_dose_mgy = excluded.organ_dose_mgy, body_part_thickness_mm = excluded.body_part_thickness_mm,
        ctdivol_mgy = excluded.ctdivol_mgy, dlp_mgy_cm = excluded.dlp_mgy_cm, exposure_index = excluded.exposure_index,
        target_exposure_index = excluded.target_exposure_index, deviation_index = excluded.deviation_index,
        -- once rejected (by a note, or marked in IQS), an image stays rejected when it is read again
        rejected = excluded.rejected or i.rejected,
        reject_source = case when excluded.rejected then 'iocm' else i.reject_source end,
        source = excluded.source, source_ref = excluded.source_ref, ingested_at = excluded.ingested_at
      returning i.id into new_image_id;

      delete from public.image_operators o where o.image_id = new_image_id;
      insert into public.image_operators (site_id, image_id, position, raw_name, person_id)
      select site, new_image_id, (t.ordinality - 1)::smallint, t.name, private.person_for_alias(site, t.name)
      from jsonb_array_elements_text(coalesce(nullif(rec -> 'operator_names', 'null'::jsonb), '[]'::jsonb)) with ordinality as t (name, ordinality);
      -- the notes read before the image (after the operators: a reason's audit row names the image's site only)
      perform private.apply_rejection_notes(site, new_image_id);
      counts := jsonb_set(counts, '{images}', to_jsonb((counts ->> 'images')::int + 1));

    elsif kind = 'rejection_note' then
      refs := array(select jsonb_array_elements_text(coalesce(rec -> 'rejects', '[]'::jsonb)));
      insert into public.rejection_notes as n (
        site_id, sop_instance_uid, study_instance_uid, title_code, referenced_sop_uids, reason_code, note_date, source, source_ref)
      values (site, rec ->> 'sop_instance_uid', rec ->> 'study_instance_uid', rec ->> 'rejection_code', refs,
              -- a reason only goes with a quality rejection (TID 2010: the modifier of title 113001)
              case when rec ->> 'rejection_code' = '113001' then nullif(btrim(rec ->> 'reason_code'), '') end,
              (rec ->> 'note_date')::date, (rec ->> 'source')::public.image_source, rec ->> 'source_ref')
      on conflict (site_id, sop_instance_uid) do update set
        title_code = excluded.title_code, referenced_sop_uids = excluded.referenced_sop_uids,
        study_instance_uid = excluded.study_instance_uid, reason_code = excluded.reason_code,
        note_date = excluded.note_date, source = excluded.source, source_ref = excluded.source_ref,
        ingested_at = now()
      where (n.title_code, n.referenced_sop_uids, n.study_instance_uid, n.reason_code, n.note_date, n.source, n.source_ref)
        is distinct from (excluded.title_code, excluded.referenced_sop_uids, excluded.study_instance_uid,
                          excluded.reason_code, excluded.note_date, excluded.source, excluded.source_ref);
      for named_image in
        select i.id from public.images i where i.site_id = site and i.sop_instance_uid = any (refs)
      loop
        perform private.apply_rejection_notes(site, named_image);
      end loop;
      counts := jsonb_set(counts, '{rejection_notes}', to_jsonb((counts ->> 'rejection_notes')::int + 1));

    elsif kind = 'dose_report' then
      insert into public.dose_reports (
        site_id, sop_instance_uid, study_instance_uid, series_instance_uid, study_date, station_id, station_name,
        procedure_id, study_description, operator_names, patient_age_years, dap_gy_cm2, dlp_mgy_cm, ctdivol_mgy,
        exposure_index, target_exposure_index, deviation_index, source, source_ref)
      values (
        site, rec ->> 'sop_instance_uid', rec ->> 'study_instance_uid', rec ->> 'series_instance_uid',
        (rec ->> 'study_date')::date, private.station_for(site, rec ->> 'station_name'), rec ->> 'station_name',
        private.procedure_for(site, rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description'),
        rec ->> 'study_description',
        array(select jsonb_array_elements_text(coalesce(nullif(rec -> 'operator_names', 'null'::jsonb), '[]'::jsonb))),
        (rec ->> 'patient_age_years')::smallint, (rec ->> 'dap_gy_cm2')::double precision,
        (rec ->> 'dlp_mgy_cm')::double precision, (rec ->> 'ctdivol_mgy')::double precision,
        (rec ->> 'exposure_index')::double precision, (rec ->> 'target_exposure_index')::double precision,
        (rec ->> 'deviation_index')::double precision, (rec ->> 'source')::public.image_source, rec ->> 'source_ref')
      on conflict (site_id, sop_instance_uid) do update set
        study_instance_uid = excluded.study_instance_uid, series_instance_uid = excluded.series_instance_uid,
        study_date = excluded.study_date, station_id = excluded.station_id, station_name = excluded.station_name,
        procedure_id = excluded.procedure_id, study_description = excluded.study_description,
        operator_names = excluded.operator_names, patient_age_years = excluded.patient_age_years,
        dap_gy_cm2 = excluded.dap_gy_cm2, dlp_mgy_cm = excluded.dlp_mgy_cm, ctdivol_mgy = excluded.ctdivol_mgy,
        exposure_index = excluded.exposure_index, target_exposure_index = excluded.target_exposure_index,
        deviation_index = excluded.deviation_index, source = excluded.source, source_ref = excluded.source_ref,
        ingested_at = now();
      counts := jsonb_set(counts, '{dose_reports}', to_jsonb((counts ->> 'dose_reports')::int + 1));

    else
      counts := jsonb_set(counts, '{other}', to_jsonb((counts ->> 'other')::int + 1));
    end if;

    -- what reads now is no longer in quarantine
    if rec ->> 'source_ref' is not null then
      delete from public.ingest_quarantine q where q.site_id = site and q.source_ref = rec ->> 'source_ref';
    end if;
  end loop;
  return counts;
end
$$;
revoke all on function public.ingest_records(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.ingest_records(uuid, jsonb) to service_role;

------------------------------------------------------------------------------------------------------------------
-- recording a reason, marking in IQS, undoing a marking
------------------------------------------------------------------------------------------------------------------
-- The reason for a rejected image, in the caller's name: by one of the image's radiographers, a quality officer or an
-- admin; an active reason of the image's site; a comment of at most 2000 characters (empty: none). Recording the same
-- reason and comment again changes nothing (a retried request from an offline client is not an error); recording it
-- over the modality's reason confirms it (source 'person').
create function public.record_reject_reason(image uuid, reason uuid, comment text default null) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
#variable_conflict use_column
declare
  me uuid := private.current_person_id();
  img public.images;
  the_comment text := nullif(btrim(record_reject_reason.comment), '');
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if record_reject_reason.image is null or record_reject_reason.reason is null then
    raise exception 'record_reject_reason needs an image and a reason' using errcode = '22023';
  end if;
  select * into img from public.images i
  where i.id = record_reject_reason.image and i.site_id = private.current_site_id();
  if not found then
    raise exception 'no image % that you may see', record_reject_reason.image using errcode = '42501';
  end if;
  if not (private.is_operator_of(img.id) or private.has_role('quality_officer', 'admin')) then
    raise exception 'only the radiographer(s) of image %, quality officers and admins record its reject reason', img.id
      using errcode = '42501';
  end if;
  if not img.rejected then
    raise exception 'image % is not rejected: mark it rejected (mark_rejected) to give a reason', img.id using errcode = '22023';
  end if;
  if not exists (select 1 from public.reject_reasons rr
                 where rr.id = record_reject_reason.reason and rr.site_id = img.site_id and rr.active) then
    raise exception 'reason % is not an active reject reason of this site', record_reject_reason.reason using errcode = '22023';
  end if;
  if length(the_comment) > 2000 then
    raise exception 'a reject comment has at most 2000 characters, not %', length(the_comment) using errcode = '22023';
  end if;

  insert into public.rejects as r (site_id, image_id, reason_id, comment, recorded_by, source)
  values (img.site_id, img.id, record_reject_reason.reason, the_comment, me, 'person')
  on conflict (image_id) do update set
    reason_id = excluded.reason_id, comment = excluded.comment, recorded_by = excluded.recorded_by,
    source = 'person', recorded_at = now()
  where (r.reason_id, r.comment, r.source) is distinct from (excluded.reason_id, excluded.comment, 'person');
end
$$;

-- Marks an accepted image as rejected in IQS, with its reason (for consoles that never send rejects): by one of the
-- image's radiographers, a quality officer or an admin. Nothing is sent to the PACS. On an image that is already
-- rejected it only records the reason. The image is written by a security definer helper (images are otherwise
-- written by the ingestion and admins only), which checks who may mark; the reason is recorded as the caller, under
-- the rejects policies. One transaction: a refused reason leaves the image as it was.
create function private.mark_image_rejected(image uuid) returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  img public.images;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  select * into img from public.images i where i.id = mark_image_rejected.image and i.site_id = private.current_site_id();
  if not found
     or not (private.is_operator_of(img.id) or private.has_role('reviewer', 'quality_officer', 'admin')) then
    raise exception 'no image % that you may see', mark_image_rejected.image using errcode = '42501';
  end if;
  if not (private.is_operator_of(img.id) or private.has_role('quality_officer', 'admin')) then
    raise exception 'only the radiographer(s) of image %, quality officers and admins mark it rejected', img.id
      using errcode = '42501';
  end if;
  if not img.rejected then
    update public.images i set rejected = true, reject_source = 'iqs', rejected_by = me, rejected_at = now()
    where i.id = img.id;
  end if;
end
$$;

create function public.mark_rejected(image uuid, reason uuid, comment text default null) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
begin
  if mark_rejected.image is null or mark_rejected.reason is null then
    raise exception 'mark_rejected needs an image and a reason' using errcode = '22023';
  end if;
  perform private.mark_image_rejected(mark_rejected.image);
  perform public.record_reject_reason(mark_rejected.image, mark_rejected.reason, mark_rejected.comment);
end
$$;

-- Undoes a marking in IQS (a rejection note from the modality is not undone here): by whoever marked it, a quality
-- officer or an admin. The reason goes with it (the helper removes it: a radiographer does not delete reasons
-- otherwise). On an image that is not rejected it changes nothing.
create function private.unmark_image_rejected(image uuid) returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  img public.images;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  select * into img from public.images i where i.id = unmark_image_rejected.image and i.site_id = private.current_site_id();
  if not found
     or not (private.is_operator_of(img.id) or private.has_role('reviewer', 'quality_officer', 'admin')) then
    raise exception 'no image % that you may see', unmark_image_rejected.image using errcode = '42501';
  end if;
  if not img.rejected then
    return;
  end if;
  if img.reject_source is distinct from 'iqs' then
    raise exception 'image % was rejected by a rejection note from the modality: only a marking in IQS is undone in IQS', img.id
      using errcode = '42501';
  end if;
  if img.rejected_by is distinct from me and not private.has_role('quality_officer', 'admin') then
    raise exception 'only the person who marked image % rejected, quality officers and admins undo the marking', img.id
      using errcode = '42501';
  end if;
  delete from public.rejects r where r.image_id = img.id;
  update public.images i set rejected = false, reject_source = null, rejected_by = null, rejected_at = null
  where i.id = img.id;
end
$$;

create function public.unmark_rejected(image uuid) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
begin
  perform private.unmark_image_rejected(unmark_rejected.image);
end
$$;

revoke all on function private.mark_image_rejected(uuid), private.unmark_image_rejected(uuid) from public, anon, service_role;
grant execute on function private.mark_image_rejected(uuid), private.unmark_image_rejected(uuid) to authenticated;

------------------------------------------------------------------------------------------------------------------
-- what the viewer and the worklist read
------------------------------------------------------------------------------------------------------------------
-- My rejects to explain: the rejected images the caller made (whatever their role) without a reason from a person,
-- oldest first, with the modality's reason as a suggestion.
create function public.rejects_to_explain()
returns table (
  image_id uuid, sop_instance_uid text, study_instance_uid text, series_instance_uid text, study_date date,
  modality text, procedure_code text, procedure_nl text, procedure_en text, view_position text, station_name text,
  room_label text, reject_source text, iocm_title text, noted_on date, suggested_reason_id uuid, suggested_reason_code text
)
language sql stable security invoker set search_path = ''
as $$
  select i.id, i.sop_instance_uid, i.study_instance_uid, i.series_instance_uid, i.study_date, i.modality,
         p.code, p.name_nl, p.name_en, i.view_position, i.station_name, coalesce(s.display_name, s.station_name, i.station_name),
         i.reject_source, i.iocm_title,
         case when i.reject_source = 'iqs' then i.rejected_at::date else i.iocm_note_date end,
         r.reason_id, rr.code
  from public.images i
  left join public.rejects r on r.image_id = i.id
  left join public.reject_reasons rr on rr.id = r.reason_id
  left join public.procedures p on p.id = i.procedure_id
  left join public.stations s on s.id = i.station_id
  where i.rejected
    and i.site_id = (select private.current_site_id())
    and exists (select 1 from public.image_operators o
                where o.image_id = i.id and o.person_id = (select private.current_person_id()))
    and (r.id is null or r.source = 'modality')
  -- UIDs in byte order: the same on every engine and locale
  order by i.study_date nulls last, i.sop_instance_uid collate "C"
$$;

-- The reject status of one image the caller may see (none otherwise): rejected or not and by what, its reason (for
-- those who may read it) and what the caller may do.
create function public.image_reject_status(sop_instance_uid text)
returns table (
  image_id uuid, rejected boolean, reject_source text, iocm_title text, noted_on date, reason_id uuid,
  reason_code text, reason_nl text, reason_en text, reason_category text, reason_source text, comment text,
  recorded_at timestamptz, may_record boolean, may_mark boolean, may_unmark boolean
)
language sql stable security invoker set search_path = ''
as $$
  select i.id, i.rejected, i.reject_source, i.iocm_title,
         case when i.reject_source = 'iqs' then i.rejected_at::date else i.iocm_note_date end,
         r.reason_id, rr.code, rr.label_nl, rr.label_en, rr.category, r.source, r.comment, r.recorded_at,
         i.rejected and m.may_change,
         not i.rejected and m.may_change,
         coalesce(i.reject_source = 'iqs', false)
           and (i.rejected_by = (select private.current_person_id()) or (select private.has_role('quality_officer', 'admin')))
  from public.images i
  cross join lateral (
    select private.is_operator_of(i.id) or (select private.has_role('quality_officer', 'admin')) as may_change
  ) m
  left join public.rejects r on r.image_id = i.id
  left join public.reject_reasons rr on rr.id = r.reason_id
  where i.site_id = (select private.current_site_id())
    and i.sop_instance_uid = image_reject_status.sop_instance_uid
$$;

revoke all on function public.record_reject_reason(uuid, uuid, text), public.mark_rejected(uuid, uuid, text),
  public.unmark_rejected(uuid), public.rejects_to_explain(), public.image_reject_status(text)
  from public, anon, service_role;
grant execute on function public.record_reject_reason(uuid, uuid, text), public.mark_rejected(uuid, uuid, text),
  public.unmark_rejected(uuid), public.rejects_to_explain(), public.image_reject_status(text)
  to authenticated;
