-- The reference sets' values (issue 11), as published: value, streefwaarde and the unit they were published in.
-- The canonical values (Gy·cm², mGy, mGy·cm) are computed by the database (dose_reference_values_canonical).
-- Only values confirmed in shared/reference/analysis.md §2 are here; none is estimated or filled in. Labels are the
-- examinations as that document names them (in its words; the Dutch ones as the NCS names them). Where the document does not say adult (the Belgian values), no age
-- band is stated. Source addresses are those given in shared/reference/domain.md §4; none is given for FANC or BfS.

insert into public.dose_reference_sets (code, name, country, source, source_url, published_on, published_year, notes) values
  ('nl-drn-2012', 'Diagnostische Referentieniveaus in Nederland (NCS, 2012)', 'NL',
   'NCS platform "Stralingsbescherming in het ziekenhuis", final report "Diagnostische Referentieniveaus in Nederland" (2012)',
   'https://radiationdosimetry.org/drn', null, 2012,
   'DRN and streefwaarde for 7 adult and 4 paediatric procedures; only the values confirmed in the sources IQS consulted are included (X-thorax PA, X-bekken).'),
  ('be-fanc', 'Diagnostische referentieniveaus en streefwaarden (FANC, België)', 'BE',
   'FANC (Federaal Agentschap voor Nucleaire Controle), diagnostische referentieniveaus en streefwaarden',
   null, null, null,
   'Radiography DAP per exposure, CT CTDIvol and DLP, mammography AGD per exposure (DRL at the 95th percentile; also by compressed breast thickness).'),
  ('de-bfs-2022', 'Diagnostische Referenzwerte (BfS, 17 November 2022)', 'DE',
   'Bundesamt für Strahlenschutz (BfS), diagnostische Referenzwerte, 17 November 2022',
   null, '2022-11-17', 2022,
   'Adult radiography, DAP in cGy·cm²; no target values.'),
  ('uk-ndrl-2022', 'UK national diagnostic reference levels, adult CT (2022)', 'GB',
   'UKHSA, National Diagnostic Reference Levels (NDRLs), adult CT table adopted 2022',
   'https://www.gov.uk/government/publications/diagnostic-radiology-national-diagnostic-reference-levels-ndrls', null, 2022,
   'Adult CT: CTDIvol and DLP; no target values.');

insert into public.dose_reference_values
  (set_code, exam_key, label, modality, view_position, quantity, published_unit, published_drl, published_target,
   age_min, reference_weight_kg, thickness_mm, notes)
select v.set_code, v.exam_key, v.label, v.modality, v.view_position, v.quantity::public.dose_quantity, v.unit,
       v.drl, v.target, v.age_min, v.weight, v.thickness, v.notes
from (values
  -- the Netherlands: NCS 2012
  ('nl-drn-2012', 'chest-pa', 'X-thorax PA', 'DX', 'PA', 'dap', 'µGy·m²', 12, 6, 18::smallint, 77::numeric, null::numeric,
   'Compared at a 77 kg adult: the DAP interpolated to 77 kg per device.'),
  ('nl-drn-2012', 'pelvis-ap', 'X-bekken (pelvis)', 'DX', null, 'dap', 'µGy·m²', 300, null, 18, null, null,
   'No streefwaarde found. The 75th percentile in the 2014–15 survey was 188 µGy·m².'),

  -- Belgium: FANC, radiography DAP per exposure
  ('be-fanc', 'chest-pa', 'Thorax PA', 'DX', 'PA', 'dap', 'mGy·cm²', 150, 100, null, null, null, 'DAP per exposure.'),
  ('be-fanc', 'chest-lat', 'Thorax LAT', 'DX', 'LAT', 'dap', 'mGy·cm²', 400, 250, null, null, null, 'DAP per exposure.'),
  ('be-fanc', 'pelvis-ap', 'Pelvis', 'DX', null, 'dap', 'mGy·cm²', 1800, 1000, null, null, null, 'DAP per exposure.'),
  ('be-fanc', 'lumbar-spine-ap', 'Lumbar spine AP', 'DX', 'AP', 'dap', 'mGy·cm²', 1500, 800, null, null, null, 'DAP per exposure.'),
  ('be-fanc', 'lumbar-spine-lat', 'Lumbar spine LAT', 'DX', 'LAT', 'dap', 'mGy·cm²', 2500, 1200, null, null, null, 'DAP per exposure.'),
  ('be-fanc', 'lumbar-spine-oblique', 'Lumbar spine oblique', 'DX', 'OBL', 'dap', 'mGy·cm²', 2000, 1000, null, null, null, 'DAP per exposure.'),
  ('be-fanc', 'abdomen-ap', 'Abdomen', 'DX', null, 'dap', 'mGy·cm²', 1300, 900, null, null, null, 'DAP per exposure.'),
  -- Belgium: FANC, CT
  ('be-fanc', 'ct-chest', 'CT thorax', 'CT', null, 'ctdivol', 'mGy', 8, 6, null, null, null, null),
  ('be-fanc', 'ct-chest', 'CT thorax', 'CT', null, 'dlp', 'mGy·cm', 260, 200, null, null, null, null),
  ('be-fanc', 'ct-abdomen', 'CT abdomen', 'CT', null, 'ctdivol', 'mGy', 10, 8, null, null, null, null),
  ('be-fanc', 'ct-abdomen', 'CT abdomen', 'CT', null, 'dlp', 'mGy·cm', 490, 380, null, null, null, null),
  ('be-fanc', 'ct-chest-abdomen', 'CT thorax-abdomen', 'CT', null, 'ctdivol', 'mGy', 8.5, 7, null, null, null, null),
  ('be-fanc', 'ct-chest-abdomen', 'CT thorax-abdomen', 'CT', null, 'dlp', 'mGy·cm', 550, 450, null, null, null, null),
  ('be-fanc', 'ct-head', 'CT skull (brain)', 'CT', null, 'ctdivol', 'mGy', 50, 40, null, null, null, null),
  ('be-fanc', 'ct-head', 'CT skull (brain)', 'CT', null, 'dlp', 'mGy·cm', 800, 720, null, null, null, null),
  ('be-fanc', 'ct-lumbar-spine', 'CT lumbar spine', 'CT', null, 'ctdivol', 'mGy', 26, 20, null, null, null, null),
  ('be-fanc', 'ct-lumbar-spine', 'CT lumbar spine', 'CT', null, 'dlp', 'mGy·cm', 600, 450, null, null, null, null),
  ('be-fanc', 'ct-cervical-spine', 'CT cervical spine', 'CT', null, 'ctdivol', 'mGy', 25, 18, null, null, null, null),
  ('be-fanc', 'ct-cervical-spine', 'CT cervical spine', 'CT', null, 'dlp', 'mGy·cm', 450, 350, null, null, null, null),
  ('be-fanc', 'ct-sinuses', 'CT sinuses', 'CT', null, 'ctdivol', 'mGy', 4.5, 3, null, null, null, null),
  ('be-fanc', 'ct-sinuses', 'CT sinuses', 'CT', null, 'dlp', 'mGy·cm', 65, 50, null, null, null, null),
  ('be-fanc', 'ct-cta-chest', 'CTA thorax', 'CT', null, 'ctdivol', 'mGy', 7.5, 6, null, null, null, null),
  ('be-fanc', 'ct-cta-chest', 'CTA thorax', 'CT', null, 'dlp', 'mGy·cm', 300, 230, null, null, null, null),
  -- Belgium: FANC, mammography AGD per exposure, and by compressed breast thickness
  ('be-fanc', 'mammography', 'Mammography', 'MG', null, 'organ_dose', 'mGy', 2.0, 1.4, null, null, null,
   'Average glandular dose per exposure; the DRL is at the 95th percentile.'),
  ('be-fanc', 'mammography', 'Mammography, 32 mm', 'MG', null, 'organ_dose', 'mGy', 1.6, 0.9, null, null, 32, 'By compressed breast thickness.'),
  ('be-fanc', 'mammography', 'Mammography, 45 mm', 'MG', null, 'organ_dose', 'mGy', 1.8, 1.1, null, null, 45, 'By compressed breast thickness.'),
  ('be-fanc', 'mammography', 'Mammography, 53 mm', 'MG', null, 'organ_dose', 'mGy', 2.1, 1.3, null, null, 53, 'By compressed breast thickness.'),
  ('be-fanc', 'mammography', 'Mammography, 60 mm', 'MG', null, 'organ_dose', 'mGy', 2.4, 1.5, null, null, 60, 'By compressed breast thickness.'),
  ('be-fanc', 'mammography', 'Mammography, 75 mm', 'MG', null, 'organ_dose', 'mGy', 3.2, 1.8, null, null, 75, 'By compressed breast thickness.'),
  ('be-fanc', 'mammography', 'Mammography, 90 mm', 'MG', null, 'organ_dose', 'mGy', 4.0, 2.3, null, null, 90, 'By compressed breast thickness.'),

  -- Germany: BfS, 17 November 2022, adult radiography DAP
  ('de-bfs-2022', 'chest-pa', 'Thorax PA', 'DX', 'PA', 'dap', 'cGy·cm²', 12, null, 18, null, null, null),
  ('de-bfs-2022', 'chest-ap-supine', 'Thorax AP supine', 'DX', 'AP', 'dap', 'cGy·cm²', 15, null, 18, null, null, null),
  ('de-bfs-2022', 'chest-lat', 'Thorax LAT', 'DX', 'LAT', 'dap', 'cGy·cm²', 40, null, 18, null, null, null),
  ('de-bfs-2022', 'thoracic-spine-ap', 'Thoracic spine AP', 'DX', 'AP', 'dap', 'cGy·cm²', 100, null, 18, null, null, null),
  ('de-bfs-2022', 'thoracic-spine-lat', 'Thoracic spine LAT', 'DX', 'LAT', 'dap', 'cGy·cm²', 120, null, 18, null, null, null),
  ('de-bfs-2022', 'lumbar-spine-ap', 'Lumbar spine AP', 'DX', 'AP', 'dap', 'cGy·cm²', 200, null, 18, null, null, null),
  ('de-bfs-2022', 'lumbar-spine-lat', 'Lumbar spine LAT', 'DX', 'LAT', 'dap', 'cGy·cm²', 330, null, 18, null, null, null),
  ('de-bfs-2022', 'abdomen-ap', 'Abdomen', 'DX', null, 'dap', 'cGy·cm²', 200, null, 18, null, null, null),
  ('de-bfs-2022', 'pelvis-ap', 'Pelvis', 'DX', null, 'dap', 'cGy·cm²', 230, null, 18, null, null, null),
  ('de-bfs-2022', 'shoulder', 'Shoulder', 'DX', null, 'dap', 'cGy·cm²', 25, null, 18, null, null, null),

  -- United Kingdom: UKHSA, adult CT (2022)
  ('uk-ndrl-2022', 'ct-chest', 'Chest (lung cancer)', 'CT', null, 'ctdivol', 'mGy', 8.5, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-chest', 'Chest (lung cancer)', 'CT', null, 'dlp', 'mGy·cm', 290, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-ctpa', 'CTPA', 'CT', null, 'ctdivol', 'mGy', 9.1, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-ctpa', 'CTPA', 'CT', null, 'dlp', 'mGy·cm', 310, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-head', 'Head (stroke)', 'CT', null, 'ctdivol', 'mGy', 47, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-head', 'Head (stroke)', 'CT', null, 'dlp', 'mGy·cm', 790, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-abdomen-pelvis', 'Abdomen-pelvis', 'CT', null, 'ctdivol', 'mGy', 10, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-abdomen-pelvis', 'Abdomen-pelvis', 'CT', null, 'dlp', 'mGy·cm', 530, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-kub', 'KUB', 'CT', null, 'ctdivol', 'mGy', 6.3, null, 18, null, null, null),
  ('uk-ndrl-2022', 'ct-kub', 'KUB', 'CT', null, 'dlp', 'mGy·cm', 290, null, 18, null, null, null)
) as v (set_code, exam_key, label, modality, view_position, quantity, unit, drl, target, age_min, weight, thickness, notes);
