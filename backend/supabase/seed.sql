-- IQS seed: the demo department and the standard catalogue it starts with.
--
--   * the demo site and its people, tied to the radiographers of the demo data (dev/demo-department/src/department.ts),
--     with a login for each role (password iqs-demo-2026; demo only)
--   * its rooms and procedures, as the demo data's DICOM headers name them
--   * the reject-reason taxonomy: DICOM CID 7011 plus local categories (shared/reference/domain.md §6.2)
--   * scoring forms based on EUR 16260 for seven projections, and a generic form (domain.md §3)
--   * a reference-level catalogue with the UK's adult CT values as a labelled example (domain.md §4.2); the Dutch
--     DRN and streefwaarde are entered by the department's admin (`npx iqs drl …` or through supabase-js)
--
-- Runs on Supabase (supabase db reset) and on the embedded stand-in (npm start) alike.

------------------------------------------------------------------------------------------------------------------
-- the demo site
------------------------------------------------------------------------------------------------------------------
insert into public.sites (id, code, name, reviewer_visible_to_subject)
values ('a0000000-0000-4000-8000-000000000001', 'demo', 'Demo Ziekenhuis — Radiologie', false);

------------------------------------------------------------------------------------------------------------------
-- logins: one per role (Supabase Auth users; identities are what GoTrue signs in with)
------------------------------------------------------------------------------------------------------------------
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
                        confirmation_token, email_change, email_change_token_new, recovery_token)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
       extensions.crypt('iqs-demo-2026', extensions.gen_salt('bf', 10)), now(),
       '{"provider":"email","providers":["email"]}'::jsonb, jsonb_build_object('name', u.name), now(), now(),
       '', '', '', ''
from (values
  ('c0000000-0000-4000-8000-000000000001'::uuid, 'petra.jansen@demo.iqs.example', 'Petra Jansen'),
  ('c0000000-0000-4000-8000-000000000005'::uuid, 'daan.smit@demo.iqs.example', 'Daan Smit'),
  ('c0000000-0000-4000-8000-000000000002'::uuid, 'anna.devries@demo.iqs.example', 'Anna de Vries'),
  ('c0000000-0000-4000-8000-000000000006'::uuid, 'fatima.mulder@demo.iqs.example', 'Fatima Mulder'),
  ('c0000000-0000-4000-8000-000000000003'::uuid, 'jeroen.bakker@demo.iqs.example', 'Jeroen Bakker')
) as u (id, email, name);

insert into auth.identities (id, user_id, provider_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id, u.id, u.id::text,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), now(), now()
from auth.users u
where u.email like '%@demo.iqs.example';

------------------------------------------------------------------------------------------------------------------
-- people: the eight radiographers of the demo data; five can sign in
------------------------------------------------------------------------------------------------------------------
insert into public.people (id, site_id, auth_user_id, display_name, role, employment_start)
values
  ('b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'Petra Jansen', 'radiographer', '2004-09-01'),
  ('b0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'Anna de Vries', 'reviewer', '2012-02-01'),
  ('b0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000003', 'Jeroen Bakker', 'admin', '2018-06-01'),
  ('b0000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', null, 'Sanne Visser', 'radiographer', '2021-09-01'),
  ('b0000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000005', 'Daan Smit', 'radiographer', '2024-02-01'),
  ('b0000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000006', 'Fatima Mulder', 'quality_officer', '2009-03-01'),
  ('b0000000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-000000000001', null, 'Jürgen Müller', 'radiographer', '2016-01-01'),
  ('b0000000-0000-4000-8000-000000000008', 'a0000000-0000-4000-8000-000000000001', null, 'Elif Öztürk', 'radiographer', '2023-09-01');

-- OperatorsName as the demo modalities write it
insert into public.operator_aliases (site_id, raw_name, person_id)
values
  ('a0000000-0000-4000-8000-000000000001', 'Jansen^Petra', 'b0000000-0000-4000-8000-000000000001'),
  ('a0000000-0000-4000-8000-000000000001', 'de Vries^Anna', 'b0000000-0000-4000-8000-000000000002'),
  ('a0000000-0000-4000-8000-000000000001', 'Bakker^Jeroen', 'b0000000-0000-4000-8000-000000000003'),
  ('a0000000-0000-4000-8000-000000000001', 'Visser^Sanne', 'b0000000-0000-4000-8000-000000000004'),
  ('a0000000-0000-4000-8000-000000000001', 'Smit^Daan', 'b0000000-0000-4000-8000-000000000005'),
  ('a0000000-0000-4000-8000-000000000001', 'Mulder^Fatima', 'b0000000-0000-4000-8000-000000000006'),
  ('a0000000-0000-4000-8000-000000000001', 'Müller^Jürgen', 'b0000000-0000-4000-8000-000000000007'),
  ('a0000000-0000-4000-8000-000000000001', 'Öztürk^Elif', 'b0000000-0000-4000-8000-000000000008');

insert into public.person_groups (site_id, name)
values ('a0000000-0000-4000-8000-000000000001', 'Mammografie-team');
insert into public.person_group_members (site_id, group_id, person_id)
select g.site_id, g.id, p.id
from public.person_groups g
join public.people p on p.site_id = g.site_id and p.display_name in ('Petra Jansen', 'Fatima Mulder', 'Elif Öztürk')
where g.name = 'Mammografie-team';

------------------------------------------------------------------------------------------------------------------
-- rooms and procedures
------------------------------------------------------------------------------------------------------------------
insert into public.stations (site_id, station_name, display_name, modality, manufacturer, model)
values
  ('a0000000-0000-4000-8000-000000000001', 'RAD-KAMER1', 'Kamer 1', 'DX', 'Philips Medical Systems', 'DigitalDiagnost C90'),
  ('a0000000-0000-4000-8000-000000000001', 'RAD-KAMER2', 'Kamer 2', 'DX', 'Siemens Healthineers', 'Ysio Max'),
  ('a0000000-0000-4000-8000-000000000001', 'RAD-KAMER3', 'Kamer 3 (CR)', 'CR', 'FUJIFILM Corporation', 'FCR PROFECT CS'),
  ('a0000000-0000-4000-8000-000000000001', 'SEH-KAMER', 'SEH', 'DX', 'Agfa', 'DR 600'),
  ('a0000000-0000-4000-8000-000000000001', 'CT1', 'CT 1', 'CT', 'Canon Medical Systems', 'Aquilion Prime SP'),
  ('a0000000-0000-4000-8000-000000000001', 'MAMMO1', 'Mammografie', 'MG', 'HOLOGIC, Inc.', 'Selenia Dimensions');

-- reference_exam: the examination of the reference catalogue (migration 22) each procedure is, so that the Dutch
-- DRN applies where there is one (chest PA, pelvis), by view: the chest's LAT images have no Dutch value. Knee, hand
-- and skull have no catalogue examination (analysis.md §2: no Dutch DRN for them).
insert into public.procedures (site_id, code, name_nl, name_en, modality, body_part, reference_exam)
values
  ('a0000000-0000-4000-8000-000000000001', 'thorax', 'X-Thorax', 'Chest X-ray', null, 'CHEST', 'chest-pa'),
  ('a0000000-0000-4000-8000-000000000001', 'bekken', 'X-Bekken', 'Pelvis X-ray', null, 'PELVIS', 'pelvis-ap'),
  ('a0000000-0000-4000-8000-000000000001', 'knie', 'X-Knie', 'Knee X-ray', null, 'KNEE', null),
  ('a0000000-0000-4000-8000-000000000001', 'lwk', 'X-LWK (lumbale wervelkolom)', 'Lumbar spine X-ray', null, 'LSPINE', 'lumbar-spine-ap'),
  ('a0000000-0000-4000-8000-000000000001', 'hand', 'X-Hand', 'Hand X-ray', null, 'HAND', null),
  ('a0000000-0000-4000-8000-000000000001', 'schedel', 'X-Schedel', 'Skull X-ray', null, 'SKULL', null),
  ('a0000000-0000-4000-8000-000000000001', 'ct-thorax', 'CT Thorax', 'CT chest', 'CT', 'CHEST', 'ct-chest'),
  ('a0000000-0000-4000-8000-000000000001', 'mammo', 'Mammografie', 'Mammography', 'MG', 'BREAST', 'mammography');

insert into public.procedure_aliases (site_id, procedure_id, field, pattern, priority)
select p.site_id, p.id, 'study_description', a.pattern, a.priority
from (values
  ('thorax', 'X-Thorax%', 10), ('thorax', '%thorax%', 0),
  ('ct-thorax', 'CT%thorax%', 20),
  ('bekken', '%bekken%', 0),
  ('knie', '%knie%', 0),
  ('lwk', '%LWK%', 0), ('lwk', '%lumba%', 0),
  ('hand', '%hand%', 0),
  ('schedel', '%schedel%', 0),
  ('mammo', '%mammo%', 0)
) as a (code, pattern, priority)
join public.procedures p on p.code = a.code and p.site_id = 'a0000000-0000-4000-8000-000000000001';

------------------------------------------------------------------------------------------------------------------
-- reject reasons: DICOM CID 7011 "Rejected for Quality Reason" and local categories (domain.md §6.2)
------------------------------------------------------------------------------------------------------------------
insert into public.reject_reasons (site_id, coding_scheme, code, label_nl, label_en, category, counts_as_reject, sort_order)
select 'a0000000-0000-4000-8000-000000000001', r.scheme, r.code, r.label_nl, r.label_en, r.category, r.counts, r.sort_order
from (values
  -- the local categories come first: they are what radiographers choose from
  ('IQS', 'positioning', 'Positionering', 'Positioning', 'positioning', true, 10),
  ('IQS', 'cutoff_collimation', 'Anatomie afgesneden / collimatie', 'Anatomy cut off / collimation', 'positioning', true, 20),
  ('IQS', 'motion', 'Beweging', 'Motion', 'motion', true, 30),
  ('IQS', 'under_exposure', 'Onderbelichting', 'Under-exposure', 'exposure', true, 40),
  ('IQS', 'over_exposure', 'Overbelichting', 'Over-exposure', 'exposure', true, 50),
  ('IQS', 'artefact_patient', 'Artefact (patiënt of extern)', 'Artefact (patient or external)', 'artefact', true, 60),
  ('IQS', 'artefact_equipment', 'Artefact (detector of raster)', 'Artefact (detector or grid)', 'artefact', true, 70),
  ('IQS', 'equipment_failure', 'Storing apparatuur of software', 'Equipment or software failure', 'equipment', true, 80),
  ('IQS', 'wrong_patient_exam', 'Verkeerde patiënt, onderzoek of zijde', 'Wrong patient, examination or side', 'other', true, 90),
  ('IQS', 'marker', 'Zijdemerker ontbreekt of is onjuist', 'Side marker missing or wrong', 'positioning', true, 100),
  ('IQS', 'inspiration', 'Inademing / ademhaling', 'Inspiration / respiration', 'motion', true, 110),
  ('IQS', 'other', 'Overig (toelichting)', 'Other (explain)', 'other', true, 120),
  ('IQS', 'test_qc', 'Test- of QC-opname', 'Test or QC image', 'other', false, 130),
  -- DICOM CID 7011, for exchange with modalities and archives
  ('DCM', '111207', 'Beeldartefact(en)', 'Image artifact(s)', 'artefact', true, 207),
  ('DCM', '111208', 'Rasterartefact(en)', 'Grid artifact(s)', 'artefact', true, 208),
  ('DCM', '111209', 'Positionering', 'Positioning', 'positioning', true, 209),
  ('DCM', '111210', 'Bewegingsonscherpte', 'Motion blur', 'motion', true, 210),
  ('DCM', '111211', 'Onderbelicht', 'Under exposed', 'exposure', true, 211),
  ('DCM', '111212', 'Overbelicht', 'Over exposed', 'exposure', true, 212),
  ('DCM', '111213', 'Geen beeld', 'No image', 'equipment', true, 213),
  ('DCM', '111214', 'Detectorartefact(en)', 'Detector artifact(s)', 'artefact', true, 214),
  ('DCM', '111215', 'Artefact(en) anders dan raster of detector', 'Artifact(s) other than grid or detector artifact', 'artefact', true, 215),
  ('DCM', '111216', 'Mechanisch defect', 'Mechanical failure', 'equipment', true, 216),
  ('DCM', '111217', 'Elektrisch defect', 'Electrical failure', 'equipment', true, 217),
  ('DCM', '111218', 'Softwarefout', 'Software failure', 'equipment', true, 218),
  ('DCM', '111219', 'Onjuiste beeldbewerking', 'Inappropriate image processing', 'equipment', true, 219),
  ('DCM', '111220', 'Overige storing', 'Other failure', 'equipment', true, 220),
  ('DCM', '111221', 'Onbekende storing', 'Unknown failure', 'equipment', true, 221),
  ('DCM', '113026', 'Dubbele belichting', 'Double exposure', 'exposure', true, 226)
) as r (scheme, code, label_nl, label_en, category, counts, sort_order);

------------------------------------------------------------------------------------------------------------------
-- scoring forms (domain.md §3). The EUR 16260 criteria are paraphrased from secondary sources and marked as not
-- yet checked against the publication: the source column says so until someone has.
------------------------------------------------------------------------------------------------------------------
insert into public.scoring_forms (site_id, code, version, title_nl, title_en, source, is_generic)
select 'a0000000-0000-4000-8000-000000000001', f.code, 1, f.title_nl, f.title_en, f.source, f.generic
from (values
  ('generic', 'Algemeen beoordelingsformulier', 'General image evaluation', 'IQS generic radiographer criteria (ISRRT 10-point plan, consensus practice)', true),
  ('chest-pa', 'Thorax PA', 'Chest PA', 'EUR 16260 (1996), wording not yet checked against the publication', false),
  ('chest-lat', 'Thorax lateraal', 'Chest lateral', 'EUR 16260 (1996), wording not yet checked against the publication', false),
  ('pelvis-ap', 'Bekken AP', 'Pelvis AP', 'EUR 16260 (1996), wording not yet checked against the publication', false),
  ('lumbar-ap', 'LWK AP', 'Lumbar spine AP', 'EUR 16260 (1996), wording not yet checked against the publication', false),
  ('lumbar-lat', 'LWK lateraal', 'Lumbar spine lateral', 'EUR 16260 (1996), wording not yet checked against the publication', false),
  ('skull-pa', 'Schedel PA', 'Skull PA', 'EUR 16260 (1996), wording not yet checked against the publication', false),
  ('skull-lat', 'Schedel lateraal', 'Skull lateral', 'EUR 16260 (1996), wording not yet checked against the publication', false),
  ('knee-ap', 'Knie AP', 'Knee AP', 'IQS radiographer criteria (positioning textbooks, consensus practice), not yet checked by the department', false),
  ('knee-lat', 'Knie lateraal', 'Knee lateral', 'IQS radiographer criteria (positioning textbooks, consensus practice), not yet checked by the department', false),
  ('hand-pa', 'Hand PA', 'Hand PA', 'IQS radiographer criteria (positioning textbooks, consensus practice), not yet checked by the department', false),
  ('hand-oblique', 'Hand schuin', 'Hand oblique', 'IQS radiographer criteria (positioning textbooks, consensus practice), not yet checked by the department', false),
  ('ct-chest', 'CT thorax (serie)', 'CT chest (series)', 'EUR 16262 (1999) CT quality criteria, paraphrased; not yet checked against the publication', false),
  ('mammo-cc', 'Mammografie CC', 'Mammography CC', 'PGMI positioning criteria (NHS Breast Screening Programme, Australian practice), paraphrased', false),
  ('mammo-mlo', 'Mammografie MLO', 'Mammography MLO', 'PGMI positioning criteria (NHS Breast Screening Programme, Australian practice), paraphrased', false)
) as f (code, title_nl, title_en, source, generic);

-- the anatomical criteria of each form (yes / no / not applicable)
insert into public.scoring_criteria (site_id, form_id, position, code, kind, label_nl, label_en)
select f.site_id, f.id, c.position, c.code, 'yes_no_na', c.label_nl, c.label_en
from (values
  ('generic', 1, 'correct_exam', 'Juiste patiënt, onderzoek, zijde en projectie volgens aanvraag', 'Right patient, examination, side and projection as requested'),
  ('generic', 3, 'field_coverage', 'Gevraagde gebied volledig afgebeeld, niets afgesneden', 'The whole region shown, nothing cut off'),
  ('generic', 7, 'sharpness', 'Scherp, geen bewegingsonscherpte, juiste ademfase', 'Sharp, no motion blur, right respiration phase'),
  ('generic', 8, 'artefacts', 'Vrij van artefacten (sieraden, kleding, detector, raster)', 'Free of artefacts (jewellery, clothing, detector, grid)'),

  ('chest-pa', 1, 'inspiration', 'Volledige inspiratie (ca. 6 ribben voor, 10 achter boven het diafragma)', 'Full inspiration (about 6 anterior, 10 posterior ribs above the diaphragm)'),
  ('chest-pa', 2, 'no_rotation', 'Geen rotatie: processus spinosi midden tussen de claviculae', 'No rotation: spinous processes centred between the medial clavicle ends'),
  ('chest-pa', 3, 'scapulae_outside', 'Scapulae buiten de longvelden', 'Scapulae outside the lung fields'),
  ('chest-pa', 4, 'whole_rib_cage', 'Hele thoraxkorf van apex tot sinus phrenicocostales', 'Whole rib cage, apices to costophrenic angles'),
  ('chest-pa', 5, 'vascular_pattern', 'Vaattekening scherp tot in de periferie', 'Vascular pattern sharp to the lung periphery'),
  ('chest-pa', 6, 'central_structures', 'Trachea, hilus, hart- en aortacontouren scherp', 'Trachea, proximal bronchi, heart and aortic borders sharp'),
  ('chest-pa', 7, 'diaphragm_angles', 'Diafragma en sinus phrenicocostales scherp', 'Diaphragm and costophrenic angles sharp'),
  ('chest-pa', 8, 'retrocardiac', 'Retrocardiale long en mediastinum zichtbaar', 'Retrocardiac lung and mediastinum visible'),

  ('chest-lat', 1, 'inspiration_arms', 'Volledige inspiratie, armen geheven en vrij', 'Full inspiration, arms raised clear'),
  ('chest-lat', 2, 'posterior_borders', 'Achterste longranden over elkaar geprojecteerd', 'Posterior lung borders superimposed'),
  ('chest-lat', 3, 'trachea_angles', 'Trachea en sinus phrenicocostales afgebeeld', 'Trachea and costophrenic angles shown'),
  ('chest-lat', 4, 'sharp_structures', 'Hartcontour, aorta, mediastinum, diafragma, sternum en wervelkolom scherp', 'Heart border, aorta, mediastinum, diaphragm, sternum and spine sharp'),

  ('pelvis-ap', 1, 'symmetry', 'Symmetrisch: symfyse in het midden, foramina obturata en bekkenschoepen gelijk', 'Symmetrical: symphysis midline, obturator foramina and iliac wings equal'),
  ('pelvis-ap', 2, 'sacrum_si', 'Sacrum met foramina en SI-gewrichten scherp', 'Sacrum with foramina and sacroiliac joints sharp'),
  ('pelvis-ap', 3, 'rami', 'Rami ossis pubis en ischii scherp', 'Pubic and ischial rami sharp'),
  ('pelvis-ap', 4, 'femoral_necks', 'Collum femoris niet verkort (voeten naar binnen gedraaid)', 'Femoral necks not foreshortened (feet internally rotated)'),
  ('pelvis-ap', 5, 'trochanters', 'Trabeculaire en corticale botstructuur scherp, trochanters afgebeeld', 'Trabecular and cortical bone sharp, trochanters shown'),

  ('lumbar-ap', 1, 'coverage', 'Van thoracolumbale overgang tot sacrum en SI-gewrichten', 'From the thoracolumbar junction to the sacrum and sacroiliac joints'),
  ('lumbar-ap', 2, 'no_rotation', 'Geen rotatie: processus spinosi midden tussen de pedikels', 'No rotation: spinous processes midway between the pedicles'),
  ('lumbar-ap', 3, 'endplates', 'Eindplaten zonder dubbelcontour op centreerhoogte', 'End-plates without double contours at the centring level'),
  ('lumbar-ap', 4, 'sharp_details', 'Pedikels, processus, cortex en trabekels, SI-gewrichten scherp', 'Pedicles, processes, cortex, trabeculae and sacroiliac joints sharp'),
  ('lumbar-ap', 5, 'psoas', 'Psoascontour zichtbaar', 'Psoas outline visible'),

  ('lumbar-lat', 1, 'posterior_borders', 'Achterranden van de wervellichamen over elkaar', 'Posterior vertebral borders superimposed'),
  ('lumbar-lat', 2, 'endplates_discs', 'Eindplaten enkelvoudig, discusruimtes open', 'End-plates single-contoured, disc spaces open'),
  ('lumbar-lat', 3, 'coverage', 'Van thoracolumbale tot lumbosacrale overgang', 'From the thoracolumbar to the lumbosacral junction'),
  ('lumbar-lat', 4, 'sharp_details', 'Pedikels, foramina, processus spinosi, cortex en trabekels scherp', 'Pedicles, foramina, spinous processes, cortex and trabeculae sharp'),

  ('skull-pa', 1, 'symmetry', 'Schedeldak en orbitae symmetrisch, geen rotatie of kanteling', 'Symmetrical vault and orbits, no rotation or tilt'),
  ('skull-pa', 2, 'petrous_ridges', 'Rotsbeenranden symmetrisch in de orbitae, passend bij de gekozen hoek', 'Petrous ridges symmetrical in the orbits for the chosen angle'),
  ('skull-pa', 3, 'sinus_structures', 'Sinus frontalis, ethmoidcellen en rotsbeentoppen scherp', 'Frontal sinus, ethmoid cells and petrous apices sharp'),
  ('skull-pa', 4, 'vault_tables', 'Binnen- en buitenlamina van het schedeldak scherp', 'Inner and outer vault tables sharp'),

  ('skull-lat', 1, 'whole_vault', 'Hele schedeldak afgebeeld', 'Whole vault included'),
  ('skull-lat', 2, 'superimposed_fossae', 'Orbitadaken, voorste schedelgroeven, processus clinoidei en sella over elkaar', 'Orbital roofs, anterior fossae, clinoid processes and sella superimposed'),
  ('skull-lat', 3, 'auditory_meati', 'Uitwendige gehoorgangen over elkaar', 'External auditory meati superimposed'),
  ('skull-lat', 4, 'sharp_details', 'Schedellaminae, sellabodem, vaatgroeven en naden scherp', 'Vault tables, sella floor, vascular channels and sutures sharp'),

  ('knee-ap', 1, 'joint_space', 'Gewrichtsspleet open en centraal, femurcondylen symmetrisch', 'Joint space open and centred, femoral condyles symmetrical'),
  ('knee-ap', 2, 'patella_centred', 'Patella midden over het femur geprojecteerd (geen rotatie)', 'Patella projected centrally over the femur (no rotation)'),
  ('knee-ap', 3, 'fibula_overlap', 'Fibulakop voor ongeveer een derde achter de tibia', 'Fibular head about one third behind the tibia'),
  ('knee-ap', 4, 'coverage', 'Distaal femur, proximale tibia en fibula en de weke delen afgebeeld', 'Distal femur, proximal tibia and fibula and the soft tissue shown'),
  ('knee-ap', 5, 'sharp_bone', 'Trabekels en cortex scherp', 'Trabeculae and cortex sharp'),

  ('knee-lat', 1, 'condyles_superimposed', 'Femurcondylen over elkaar, achterranden vallen samen', 'Femoral condyles superimposed, posterior borders coinciding'),
  ('knee-lat', 2, 'flexion', 'Knie 20–30° gebogen', 'Knee flexed 20–30°'),
  ('knee-lat', 3, 'patellofemoral', 'Patella in profiel, patellofemorale gewrichtsspleet open', 'Patella in profile, patellofemoral joint space open'),
  ('knee-lat', 4, 'soft_tissue', 'Weke delen en recessus suprapatellaris zichtbaar', 'Soft tissue and suprapatellar pouch visible'),
  ('knee-lat', 5, 'sharp_bone', 'Trabekels en cortex scherp', 'Trabeculae and cortex sharp'),

  ('hand-pa', 1, 'fingers_apart', 'Vingers gespreid, niet over elkaar', 'Fingers spread, not overlapping'),
  ('hand-pa', 2, 'no_rotation', 'Geen rotatie: schachten van metacarpalia en falangen symmetrisch, gewrichten open', 'No rotation: metacarpal and phalangeal shafts symmetrical, joints open'),
  ('hand-pa', 3, 'coverage', 'Vingertoppen tot en met distale radius en ulna', 'Fingertips to the distal radius and ulna'),
  ('hand-pa', 4, 'sharp_bone', 'Trabekels, cortex en weke delen scherp', 'Trabeculae, cortex and soft tissue sharp'),

  ('hand-oblique', 1, 'oblique_45', 'Hand ca. 45° gedraaid: metacarpalia 3–5 iets over elkaar, 2 en 3 vrij', 'Hand turned about 45°: metacarpals 3–5 slightly overlapping, 2 and 3 clear'),
  ('hand-oblique', 2, 'fingers_extended', 'Vingers gestrekt en gespreid, interfalangeale gewrichten open', 'Fingers extended and spread, interphalangeal joints open'),
  ('hand-oblique', 3, 'coverage', 'Vingertoppen tot en met distale radius en ulna', 'Fingertips to the distal radius and ulna'),
  ('hand-oblique', 4, 'sharp_bone', 'Trabekels, cortex en weke delen scherp', 'Trabeculae, cortex and soft tissue sharp'),

  ('ct-chest', 1, 'scan_range', 'Scanbereik: longtoppen tot en met de sinus phrenicocostales, niet ruimer', 'Scan range: lung apices to the costophrenic recesses, no wider'),
  ('ct-chest', 2, 'breath_hold', 'Adem vastgehouden in inspiratie: geen ademhalingsartefacten', 'Breath held in inspiration: no respiratory motion'),
  ('ct-chest', 3, 'arms_raised', 'Armen boven het hoofd, buiten het scanbereik', 'Arms raised above the head, out of the scan range'),
  ('ct-chest', 4, 'centring', 'Patiënt in het isocentrum gecentreerd', 'Patient centred in the isocentre'),
  ('ct-chest', 7, 'reconstructions', 'Reconstructies: long- en wekedelenkernel, dunne plakken beschikbaar', 'Reconstructions: lung and soft-tissue kernels, thin slices available'),

  ('mammo-cc', 1, 'nipple_profile', 'Tepel in profiel', 'Nipple in profile'),
  ('mammo-cc', 2, 'pectoral_muscle', 'Pectoralis aan de achterrand zichtbaar (waar mogelijk)', 'Pectoral muscle shown at the posterior edge (where possible)'),
  ('mammo-cc', 3, 'nipple_line', 'Posterieure tepellijn binnen 1 cm van die op de MLO', 'Posterior nipple line within 1 cm of the one on the MLO'),
  ('mammo-cc', 4, 'medial_lateral', 'Mediaal en lateraal klierweefsel afgebeeld', 'Medial and lateral glandular tissue shown'),
  ('mammo-cc', 5, 'skin_folds', 'Geen huidplooien', 'No skin folds'),
  ('mammo-cc', 6, 'symmetry', 'Symmetrisch met de andere zijde', 'Symmetrical with the other side'),
  ('mammo-cc', 7, 'compression_sharp', 'Goede compressie, geen bewegingsonscherpte', 'Adequate compression, no motion blur'),

  ('mammo-mlo', 1, 'pectoral_muscle', 'Pectoralis convex, tot op of onder de tepellijn', 'Pectoral muscle convex, down to or below the nipple line'),
  ('mammo-mlo', 2, 'nipple_profile', 'Tepel in profiel', 'Nipple in profile'),
  ('mammo-mlo', 3, 'inframammary_fold', 'Inframammaire plooi open afgebeeld', 'Inframammary fold shown open'),
  ('mammo-mlo', 4, 'skin_folds', 'Geen huidplooien', 'No skin folds'),
  ('mammo-mlo', 5, 'symmetry', 'Symmetrisch met de andere zijde', 'Symmetrical with the other side'),
  ('mammo-mlo', 6, 'compression_sharp', 'Goede compressie, geen bewegingsonscherpte', 'Adequate compression, no motion blur')
) as c (form, position, code, label_nl, label_en)
join public.scoring_forms f on f.code = c.form and f.site_id = 'a0000000-0000-4000-8000-000000000001';

-- the radiographer's criteria every projection form ends with: collimation, marker, exposure, a comment and the
-- overall grade (the generic form has positioning and collimation among its first items). What counts as met in the
-- statistics (private.answer_met): a scale from 4 of 5 (each value labelled, so the evaluator sees what it means), a
-- marker present and correct, a good exposure; the overall grade is not counted (it has its own distribution). CT and
-- mammography get their own endings below: no detector DI, no collimation scale.
insert into public.scoring_criteria (site_id, form_id, position, code, kind, label_nl, label_en, required, options)
select f.site_id, f.id,
       case when f.code = 'generic' then c.generic_position else c.position end,
       c.code, c.kind::public.criterion_kind, c.label_nl, c.label_en, c.required, c.options::jsonb
from public.scoring_forms f
cross join (values
  (null::integer, 2, 'positioning', 'scale', 'Positionering en centrering (geen rotatie, centrale straal op het gebied)',
   'Positioning and centring (no rotation, central ray on the region)', true,
   '{"min":1,"max":5,"met_from":4,"labels":[{"value":"1","label_nl":"Niet diagnostisch, herhalen","label_en":"Not diagnostic, repeat"},{"value":"2","label_nl":"Ernstige tekortkoming","label_en":"Major fault"},{"value":"3","label_nl":"Tekortkoming, nog diagnostisch","label_en":"Fault, still diagnostic"},{"value":"4","label_nl":"Goed, kleine afwijking","label_en":"Good, minor deviation"},{"value":"5","label_nl":"Optimaal","label_en":"Optimal"}]}'),
  (20, 4, 'collimation', 'scale', 'Collimatie: zo krap als mogelijk, randen zichtbaar', 'Collimation: as tight as possible, borders visible', true,
   '{"min":1,"max":5,"met_from":4,"labels":[{"value":"1","label_nl":"Niet diagnostisch, herhalen","label_en":"Not diagnostic, repeat"},{"value":"2","label_nl":"Ernstige tekortkoming","label_en":"Major fault"},{"value":"3","label_nl":"Tekortkoming, nog diagnostisch","label_en":"Fault, still diagnostic"},{"value":"4","label_nl":"Goed, kleine afwijking","label_en":"Good, minor deviation"},{"value":"5","label_nl":"Optimaal","label_en":"Optimal"}]}'),
  (21, 5, 'side_marker', 'choice', 'Zijdemerker', 'Side marker', true,
   '[{"value":"correct","label_nl":"Aanwezig en juist","label_en":"Present and correct","met":true},{"value":"missing","label_nl":"Ontbreekt","label_en":"Missing"},{"value":"wrong_side","label_nl":"Verkeerde zijde","label_en":"Wrong side"},{"value":"over_anatomy","label_nl":"Over de anatomie","label_en":"Over anatomy"}]'),
  (22, 6, 'exposure', 'choice', 'Belichting (DI binnen bereik, geen burn-out, ruis aanvaardbaar)', 'Exposure (DI in range, no burn-out, acceptable noise)', true,
   '[{"value":"under","label_nl":"Te laag","label_en":"Too low"},{"value":"good","label_nl":"Goed","label_en":"Good","met":true},{"value":"over","label_nl":"Te hoog","label_en":"Too high"}]'),
  (23, 9, 'comment', 'comment', 'Opmerking', 'Comment', false, null),
  (24, 10, 'overall', 'grade', 'Eindoordeel', 'Overall grade', true,
   '[{"value":"1","label_nl":"Herhaling nodig","label_en":"Repeat needed"},{"value":"2","label_nl":"Diagnostisch, met tekortkomingen","label_en":"Diagnostic, with faults"},{"value":"3","label_nl":"Optimaal","label_en":"Optimal"}]')
) as c (position, generic_position, code, kind, label_nl, label_en, required, options)
where f.site_id = 'a0000000-0000-4000-8000-000000000001'
  -- positioning is its own criterion only on the generic form; the EUR forms spell it out anatomically
  and (c.position is not null or f.code = 'generic')
  and f.code not in ('ct-chest', 'mammo-cc', 'mammo-mlo');

-- CT chest, scored once per series: artefacts, the noise for the dose given, a comment and the overall grade
insert into public.scoring_criteria (site_id, form_id, position, code, kind, label_nl, label_en, required, options)
select f.site_id, f.id, c.position, c.code, c.kind::public.criterion_kind, c.label_nl, c.label_en, c.required, c.options::jsonb
from public.scoring_forms f
cross join (values
  (5, 'artefacts', 'choice', 'Artefacten (metaal, beweging, streaks)', 'Artefacts (metal, motion, streaks)', true,
   '[{"value":"none","label_nl":"Geen","label_en":"None","met":true},{"value":"minor","label_nl":"Gering, niet storend","label_en":"Minor, not disturbing","met":true},{"value":"disturbing","label_nl":"Storend voor de beoordeling","label_en":"Disturbing the reading"}]'),
  (6, 'noise_for_dose', 'scale', 'Ruis passend bij de dosis (CTDIvol)', 'Noise fitting the dose (CTDIvol)', true,
   '{"min":1,"max":5,"met_from":3,"labels":[{"value":"1","label_nl":"Te veel ruis, niet diagnostisch","label_en":"Too noisy, not diagnostic"},{"value":"2","label_nl":"Storende ruis","label_en":"Disturbing noise"},{"value":"3","label_nl":"Aanvaardbaar voor de vraag","label_en":"Acceptable for the question"},{"value":"4","label_nl":"Goed","label_en":"Good"},{"value":"5","label_nl":"Optimaal voor de dosis","label_en":"Optimal for the dose"}]}'),
  (8, 'comment', 'comment', 'Opmerking', 'Comment', false, null),
  (9, 'overall', 'grade', 'Eindoordeel', 'Overall grade', true,
   '[{"value":"1","label_nl":"Herhaling nodig","label_en":"Repeat needed"},{"value":"2","label_nl":"Diagnostisch, met tekortkomingen","label_en":"Diagnostic, with faults"},{"value":"3","label_nl":"Optimaal","label_en":"Optimal"}]')
) as c (position, code, kind, label_nl, label_en, required, options)
where f.site_id = 'a0000000-0000-4000-8000-000000000001' and f.code = 'ct-chest';

-- mammography: the side marker, a comment and the PGMI grade (Perfect, Good, Moderate, Inadequate; P and G meet),
-- listed from worst to best as every grade is
insert into public.scoring_criteria (site_id, form_id, position, code, kind, label_nl, label_en, required, options)
select f.site_id, f.id, c.position + case f.code when 'mammo-cc' then 7 else 6 end, c.code, c.kind::public.criterion_kind,
       c.label_nl, c.label_en, c.required, c.options::jsonb
from public.scoring_forms f
cross join (values
  (1, 'side_marker', 'choice', 'Zijdemerker', 'Side marker', true,
   '[{"value":"correct","label_nl":"Aanwezig en juist","label_en":"Present and correct","met":true},{"value":"missing","label_nl":"Ontbreekt","label_en":"Missing"},{"value":"wrong_side","label_nl":"Verkeerde zijde","label_en":"Wrong side"},{"value":"over_anatomy","label_nl":"Over de anatomie","label_en":"Over anatomy"}]'),
  (2, 'comment', 'comment', 'Opmerking', 'Comment', false, null),
  (3, 'pgmi', 'grade', 'PGMI-oordeel', 'PGMI grade', true,
   '[{"value":"I","label_nl":"Inadequaat: herhalen","label_en":"Inadequate: repeat"},{"value":"M","label_nl":"Matig","label_en":"Moderate"},{"value":"G","label_nl":"Goed","label_en":"Good","met":true},{"value":"P","label_nl":"Perfect","label_en":"Perfect","met":true}]')
) as c (position, code, kind, label_nl, label_en, required, options)
where f.site_id = 'a0000000-0000-4000-8000-000000000001' and f.code in ('mammo-cc', 'mammo-mlo');

-- which procedure and view each form scores
insert into public.scoring_form_procedures (site_id, form_id, procedure_id, view_position)
select f.site_id, f.id, p.id, m.view_position
from (values
  ('chest-pa', 'thorax', 'PA'), ('chest-pa', 'thorax', 'AP'),
  ('chest-lat', 'thorax', 'LL'), ('chest-lat', 'thorax', 'RL'), ('chest-lat', 'thorax', 'LAT'),
  ('pelvis-ap', 'bekken', 'AP'),
  ('lumbar-ap', 'lwk', 'AP'), ('lumbar-ap', 'lwk', 'PA'),
  ('lumbar-lat', 'lwk', 'LL'), ('lumbar-lat', 'lwk', 'RL'), ('lumbar-lat', 'lwk', 'LAT'),
  ('skull-pa', 'schedel', 'PA'), ('skull-pa', 'schedel', 'AP'),
  ('skull-lat', 'schedel', 'LL'), ('skull-lat', 'schedel', 'RL'), ('skull-lat', 'schedel', 'LAT'),
  -- the demo's knee laterals are LL or RL (the side against the detector), its hands PA; obliques as CID 4010 codes them
  ('knee-ap', 'knie', 'AP'), ('knee-ap', 'knie', 'PA'),
  ('knee-lat', 'knie', 'LL'), ('knee-lat', 'knie', 'RL'), ('knee-lat', 'knie', 'LAT'),
  ('hand-pa', 'hand', 'PA'), ('hand-pa', 'hand', 'AP'),
  ('hand-oblique', 'hand', 'OBL'), ('hand-oblique', 'hand', 'PAO'), ('hand-oblique', 'hand', 'APO'),
  ('hand-oblique', 'hand', 'RLO'), ('hand-oblique', 'hand', 'LLO'),
  -- CT images carry no view: the form covers every slice of the procedure
  ('ct-chest', 'ct-thorax', null),
  ('mammo-cc', 'mammo', 'CC'), ('mammo-cc', 'mammo', 'XCC'),
  ('mammo-mlo', 'mammo', 'MLO')
) as m (form, procedure, view_position)
join public.scoring_forms f on f.code = m.form and f.site_id = 'a0000000-0000-4000-8000-000000000001'
join public.procedures p on p.code = m.procedure and p.site_id = f.site_id;

------------------------------------------------------------------------------------------------------------------
-- reference levels: the UK's adult CT NDRLs as a labelled example (domain.md §4.2, confirmed values).
-- Not Dutch values: the department enters its DRN and streefwaarde.
------------------------------------------------------------------------------------------------------------------
insert into public.drls (site_id, procedure_id, label, quantity, unit, drl_value, source, source_url, valid_from, notes)
select 'a0000000-0000-4000-8000-000000000001',
       (select p.id from public.procedures p where p.site_id = 'a0000000-0000-4000-8000-000000000001' and p.code = d.procedure),
       d.label, d.quantity::public.dose_quantity,
       case d.quantity when 'ctdivol' then 'mGy' else 'mGy·cm' end,
       d.value,
       'UKHSA, National Diagnostic Reference Levels from 20 November 2024, adult CT (table adopted 2022)',
       'https://www.gov.uk/government/publications/diagnostic-radiology-national-diagnostic-reference-levels-ndrls',
       '2024-11-20',
       'Example from the UK, not a Dutch DRN: replace or add the department''s own values.'
from (values
  ('CT head, acute stroke', null, 'ctdivol', 47.0), ('CT head, acute stroke', null, 'dlp', 790.0),
  ('CT paranasal sinuses', null, 'ctdivol', 12.0), ('CT paranasal sinuses', null, 'dlp', 160.0),
  ('CT cervical spine, fracture', null, 'ctdivol', 16.0), ('CT cervical spine, fracture', null, 'dlp', 400.0),
  ('CT chest, lung cancer', 'ct-thorax', 'ctdivol', 8.5), ('CT chest, lung cancer', 'ct-thorax', 'dlp', 290.0),
  ('CT chest, high resolution', null, 'ctdivol', 8.0), ('CT chest, high resolution', null, 'dlp', 300.0),
  ('CT pulmonary angiography', null, 'ctdivol', 9.1), ('CT pulmonary angiography', null, 'dlp', 310.0),
  ('CT abdomen and pelvis, abscess', null, 'ctdivol', 10.0), ('CT abdomen and pelvis, abscess', null, 'dlp', 530.0),
  ('CT kidneys, ureters, bladder (stones)', null, 'ctdivol', 6.3), ('CT kidneys, ureters, bladder (stones)', null, 'dlp', 290.0),
  ('CT chest, abdomen and pelvis, cancer', null, 'dlp', 660.0),
  ('CT chest and abdomen', null, 'dlp', 470.0),
  ('CT neck, chest, abdomen and pelvis', null, 'dlp', 850.0),
  ('CT virtual colonoscopy', null, 'dlp', 690.0),
  ('CT urogram', null, 'dlp', 890.0)
) as d (label, procedure, quantity, value);
