-- More facts per image (issue 11, dose analysis): the patient's weight and size and the acquisition settings, as the
-- ingestion reads them (packages/domain imageFacts.ts, the same code as the viewer's panel), in canonical units
-- named in the column: kg, m, kV, mAs, ms, mm. Null means unknown (absent, malformed or implausible in the header),
-- never zero. Grid and filter material keep the DICOM code strings, several joined by a backslash
-- (FOCUSED\RECIPROCATING); aec_mode is Exposure Control Mode (MANUAL, AUTOMATIC) or, for CT, Exposure Modulation Type.
--
-- And the CT study's DLP: no CT image carries a DLP, the study's dose report (RDSR) does. Its DLP total reaches every
-- CT image of the study, in images.dlp_mgy_cm (the same value on each image: a per-study analysis takes it once per
-- study, e.g. max(dlp_mgy_cm) grouped by study). A study with several reports (one sent again, or updated with more
-- events) takes the largest total. An image's own DLP (a station's mapped tag) is kept.
--
-- Existing indexes: the header facts need the files read again. `npm start` reads its served folder at every start,
-- `iqs ingest <folder>` again updates the rows it reads; a DICOMweb harvest skips studies it has read before, so this
-- migration forgets them (harvest_progress) and the next `iqs harvest` reads every study again. `iqs remap`
-- (remap_site) gives the CT images of the index the DLP of their study's report, for reports read before this.

alter table public.images
  add column patient_weight_kg double precision check (patient_weight_kg > 0),
  add column patient_size_m double precision check (patient_size_m > 0),
  add column kvp double precision check (kvp > 0),
  add column exposure_mas double precision check (exposure_mas > 0),
  add column exposure_time_ms double precision check (exposure_time_ms > 0),
  add column distance_source_detector_mm double precision check (distance_source_detector_mm > 0),
  add column grid text check (grid <> ''),
  add column filter_material text check (filter_material <> ''),
  add column aec_mode text check (aec_mode <> '');
comment on column public.images.patient_weight_kg is 'Patient''s Weight (0010,1030), kg; null = unknown';
comment on column public.images.patient_size_m is 'Patient''s Size (0010,1020), m; null = unknown';
comment on column public.images.kvp is 'KVP (0018,0060), kV';
comment on column public.images.exposure_mas is 'mAs: Exposure in mAs (0018,9332), Exposure in µAs (0018,1153) / 1000, or Exposure (0018,1152)';
comment on column public.images.exposure_time_ms is 'ms: Exposure Time in ms (0018,9328), in µS (0018,8150) / 1000, or Exposure Time (0018,1150)';
comment on column public.images.distance_source_detector_mm is 'Distance Source to Detector (0018,1110), mm (SID)';
comment on column public.images.grid is 'Grid (0018,1166) values joined by a backslash; NONE = no grid, null = unknown';
comment on column public.images.filter_material is 'Filter Material (0018,7050) values joined by a backslash';
comment on column public.images.aec_mode is 'Exposure Control Mode (0018,7060), for CT Exposure Modulation Type (0018,9323)';
comment on column public.images.dlp_mgy_cm is 'mGy·cm: the image''s own (a mapped tag), else for CT the study''s DLP total from its dose report (the same on every CT image of the study)';

-- the study's CT images are found by their study (a dose report names its study, not its images)
create index images_site_study_idx on public.images (site_id, study_instance_uid);

-- The DLP of a study: the largest DLP total of its dose reports (a report sent again, or updated with more events,
-- holds the earlier events too).
create function private.study_dlp(site uuid, study_instance_uid text) returns double precision
language sql stable set search_path = ''
as $$
  select max(r.dlp_mgy_cm) from public.dose_reports r
  where r.site_id = study_dlp.site and r.study_instance_uid = study_dlp.study_instance_uid
$$;
revoke all on function private.study_dlp(uuid, text) from public, anon, authenticated;
grant execute on function private.study_dlp(uuid, text) to service_role;

-- ingest_records as before (20261128100018_reject_recording.sql), with the new facts, and the study's DLP on its CT
-- images whichever of the image and the report is read first.
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
  study_dlp_before double precision;
  study_dlp_after double precision;
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
        exposure_index, target_exposure_index, deviation_index, patient_weight_kg, patient_size_m, kvp, exposure_mas,
        exposure_time_ms, distance_source_detector_mm, grid, filter_material, aec_mode,
        rejected, reject_source, source, source_ref, ingested_at)
      values (
        site, rec ->> 'sop_instance_uid', rec ->> 'study_instance_uid', rec ->> 'series_instance_uid',
        rec ->> 'sop_class_uid', rec ->> 'modality', (rec ->> 'study_date')::date,
        private.station_for(site, rec ->> 'station_name'), rec ->> 'station_name',
        private.procedure_for(site, rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description'),
        rec ->> 'study_description', rec ->> 'protocol_name', rec ->> 'series_description', rec ->> 'view_position',
        (rec ->> 'patient_age_years')::smallint, (rec ->> 'dap_gy_cm2')::double precision,
        (rec ->> 'organ_dose_mgy')::double precision, (rec ->> 'body_part_thickness_mm')::double precision,
        (rec ->> 'ctdivol_mgy')::double precision,
        -- the image's own DLP (a station's mapped tag), else for a CT image the study's from its dose report
        coalesce((rec ->> 'dlp_mgy_cm')::double precision,
                 case when rec ->> 'modality' = 'CT' then private.study_dlp(site, rec ->> 'study_instance_uid') end),
        (rec ->> 'exposure_index')::double precision, (rec ->> 'target_exposure_index')::double precision,
        (rec ->> 'deviation_index')::double precision,
        (rec ->> 'patient_weight_kg')::double precision, (rec ->> 'patient_size_m')::double precision,
        (rec ->> 'kvp')::double precision, (rec ->> 'exposure_mas')::double precision,
        (rec ->> 'exposure_time_ms')::double precision, (rec ->> 'distance_source_detector_mm')::double precision,
        rec ->> 'grid', rec ->> 'filter_material', rec ->> 'aec_mode',
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
        patient_weight_kg = excluded.patient_weight_kg, patient_size_m = excluded.patient_size_m, kvp = excluded.kvp,
        exposure_mas = excluded.exposure_mas, exposure_time_ms = excluded.exposure_time_ms,
        distance_source_detector_mm = excluded.distance_source_detector_mm, grid = excluded.grid,
        filter_material = excluded.filter_material, aec_mode = excluded.aec_mode,
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
      study_dlp_before := private.study_dlp(site, rec ->> 'study_instance_uid');
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
      -- the study's DLP reaches its CT images: those without one, and those that had the study's previous value
      -- (a report sent again with more events); a CT image's own DLP (a station's mapped tag) stays
      study_dlp_after := private.study_dlp(site, rec ->> 'study_instance_uid');
      update public.images i set dlp_mgy_cm = study_dlp_after
      where i.site_id = site and i.study_instance_uid = rec ->> 'study_instance_uid' and i.modality = 'CT'
        and ((i.dlp_mgy_cm is null and study_dlp_after is not null)
          or (i.dlp_mgy_cm = study_dlp_before and study_dlp_after is distinct from study_dlp_before));
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

-- remap_site as before (20261128100011_ingestion.sql), and: CT images without a DLP get their study's from a report
-- in the index (reports read before this migration, or before their images were); reported as study_dlp.
create or replace function public.remap_site(site uuid) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  images_changed integer;
  operators_changed integer;
  reports_changed integer;
  dlp_changed integer;
begin
  update public.images i set
    station_id = private.station_for(site, i.station_name),
    procedure_id = private.procedure_for(site, i.study_description, i.protocol_name, i.series_description)
  where i.site_id = site
    and (i.station_id is distinct from private.station_for(site, i.station_name)
      or i.procedure_id is distinct from private.procedure_for(site, i.study_description, i.protocol_name, i.series_description));
  get diagnostics images_changed = row_count;
  update public.image_operators o set person_id = private.person_for_alias(site, o.raw_name)
  where o.site_id = site and o.person_id is distinct from private.person_for_alias(site, o.raw_name);
  get diagnostics operators_changed = row_count;
  update public.dose_reports r set
    station_id = private.station_for(site, r.station_name),
    procedure_id = private.procedure_for(site, r.study_description, null, null)
  where r.site_id = site
    and (r.station_id is distinct from private.station_for(site, r.station_name)
      or r.procedure_id is distinct from private.procedure_for(site, r.study_description, null, null));
  get diagnostics reports_changed = row_count;
  update public.images i set dlp_mgy_cm = s.dlp
  from (
    select r.study_instance_uid, max(r.dlp_mgy_cm) as dlp from public.dose_reports r
    where r.site_id = site and r.dlp_mgy_cm is not null group by r.study_instance_uid
  ) s
  where i.site_id = site and i.study_instance_uid = s.study_instance_uid and i.modality = 'CT' and i.dlp_mgy_cm is null;
  get diagnostics dlp_changed = row_count;
  return jsonb_build_object('images', images_changed, 'operators', operators_changed, 'dose_reports', reports_changed,
                            'study_dlp', dlp_changed);
end
$$;
revoke all on function public.remap_site(uuid) from public, anon, authenticated;
grant execute on function public.remap_site(uuid) to service_role;

-- A station may write an acquisition fact in a private tag: the tag mapping (20261128100012) accepts the new numeric
-- fields too (the fields of MAPPABLE_FIELDS in domain/tagMapping.ts; the migrations test keeps the two lists equal).
create or replace function private.is_valid_tag_mapping(mapping jsonb) returns boolean
  language sql immutable
  set search_path = ''
as $$
  select jsonb_typeof(mapping) = 'array'
     and not exists (
       select 1 from jsonb_array_elements(mapping) as entry
       where jsonb_typeof(entry) <> 'object'
          or coalesce(entry ->> 'tag', '') !~ '^[0-9A-Fa-f]{8}$'
          or coalesce(entry ->> 'field', '') not in ('dap_gy_cm2', 'organ_dose_mgy', 'ctdivol_mgy', 'dlp_mgy_cm',
               'body_part_thickness_mm', 'exposure_index', 'target_exposure_index', 'deviation_index',
               'patient_weight_kg', 'patient_size_m', 'kvp', 'exposure_mas', 'exposure_time_ms',
               'distance_source_detector_mm')
          or (entry ? 'unit' and jsonb_typeof(entry -> 'unit') <> 'string')
     )
$$;

-- the studies a harvest read before this migration lack the new facts: read them again at the next harvest
delete from public.harvest_progress;
