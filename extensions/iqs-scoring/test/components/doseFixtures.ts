import type {
  DoseAcquisitionRow,
  DoseAnalysisData,
  DoseAnalysisRow,
  DoseDimension,
  DoseExposure,
  DoseFilter,
  DosePeriod,
  DoseQuantity,
  DoseReferenceData,
  DoseReferenceSet,
  DoseReferenceValue,
  ImageToOpen,
  IqsPageData,
  ProcedureReferenceExam,
  SiteDoseReference,
  SiteDoseReferenceInput,
} from '../../src/ports';

export const doseRow = (over: Partial<DoseAnalysisRow>): DoseAnalysisRow => ({
  scope: 'department',
  procedure_code: 'thorax',
  view_position: 'PA',
  dimension: 'room',
  key: null,
  label: null,
  period_start: null,
  quantity: 'dap',
  unit: 'Gy·cm²',
  n: 0,
  median: null,
  p25: null,
  p75: null,
  drl: 0.12,
  target: 0.06,
  status: 'no_reference',
  reference_set: 'nl-drn-2012',
  fit_n: null,
  at_reference_weight: null,
  fit_r2: null,
  ...over,
});

/** Chest PA in three rooms: Kamer 1 above the DRN, Kamer 2 between, Kamer 3 under the streefwaarde. */
export const CHEST_ROOMS: DoseAnalysisRow[] = [
  doseRow({
    key: 'RAD-KAMER1',
    label: 'Kamer 1',
    n: 40,
    median: 0.18,
    p25: 0.15,
    p75: 0.22,
    status: 'above_drl',
    fit_n: 12,
    at_reference_weight: 0.17,
    fit_r2: 0.64,
  }),
  doseRow({ key: 'RAD-KAMER2', label: 'Kamer 2', n: 30, median: 0.09, p25: 0.07, p75: 0.1, status: 'above_target' }),
  doseRow({ key: 'RAD-KAMER3', label: 'Kamer 3 (CR)', n: 25, median: 0.04, p25: 0.03, p75: 0.05, status: 'at_or_below_target' }),
  doseRow({ key: 'SEH-KAMER', label: 'SEH', n: 4, median: 0.11, p25: 0.1, p75: 0.12, status: 'too_few' }),
];

export const exposure = (over: Partial<DoseExposure>): DoseExposure => ({
  image_id: 'i1',
  study_instance_uid: '1.2.3',
  series_instance_uid: '1.2.3.0',
  sop_instance_uid: '1.2.3.0.1',
  study_date: '2026-03-04',
  station_name: 'RAD-KAMER1',
  room_label: 'Kamer 1',
  procedure_code: 'thorax',
  view_position: 'PA',
  modality: 'DX',
  rejected: false,
  value: 0.331,
  drl: 0.12,
  target: 0.06,
  percent_of_drl: 275.83,
  reference_set: 'nl-drn-2012',
  unit: 'Gy·cm²',
  ...over,
});

export const ACQUISITION: DoseAcquisitionRow[] = [
  {
    room_key: 'RAD-KAMER1',
    room_label: 'Kamer 1',
    procedure_code: 'thorax',
    view_position: 'PA',
    n: 40,
    median_kvp: 125,
    median_mas: 3.2,
    median_distance_mm: 1800,
    di_fine: 30,
    di_attention: 8,
    di_action: 2,
    di_unknown: 0,
  },
];

export interface DoseCalls {
  analysis: Array<[DoseQuantity, DoseDimension, DosePeriod, DoseFilter]>;
  exposures: Array<[DoseQuantity, DoseFilter, number | undefined]>;
  acquisition: DoseFilter[];
  opened: ImageToOpen[];
  set: SiteDoseReferenceInput[];
  removed: string[];
  adopted: Array<[string, string]>;
  mapped: Array<[string, string | null]>;
}

export const SETS: DoseReferenceSet[] = [
  { code: 'be-fanc', name: 'FANC (België)', country: 'BE', source: 'FANC', source_url: null, published_on: null, published_year: null },
  {
    code: 'nl-drn-2012',
    name: 'DRN Nederland 2012',
    country: 'NL',
    source: 'NCS 2012',
    source_url: 'https://radiationdosimetry.org/drn',
    published_on: null,
    published_year: 2012,
  },
];

export const VALUES: DoseReferenceValue[] = [
  {
    id: 'v-nl-chest',
    set_code: 'nl-drn-2012',
    exam_key: 'chest-pa',
    label: 'X-thorax PA',
    modality: 'DX',
    view_position: 'PA',
    quantity: 'dap',
    published_unit: 'µGy·m²',
    published_drl: 12,
    published_target: 6,
    drl_value: 0.12,
    target_value: 0.06,
    age_min: 18,
    age_max: null,
    reference_weight_kg: 77,
    thickness_mm: null,
    notes: 'Compared at a 77 kg adult.',
  },
  {
    id: 'v-be-chest',
    set_code: 'be-fanc',
    exam_key: 'chest-pa',
    label: 'Thorax PA',
    modality: 'DX',
    view_position: 'PA',
    quantity: 'dap',
    published_unit: 'mGy·cm²',
    published_drl: 150,
    published_target: 100,
    drl_value: 0.15,
    target_value: 0.1,
    age_min: null,
    age_max: null,
    reference_weight_kg: null,
    thickness_mm: null,
    notes: null,
  },
];

export const PROCEDURES: ProcedureReferenceExam[] = [
  { id: 'pr-thorax', code: 'thorax', name_nl: 'X-Thorax', name_en: 'Chest X-ray', modality: null, reference_exam: 'chest-pa' },
  { id: 'pr-bekken', code: 'bekken', name_nl: 'X-Bekken', name_en: 'Pelvis X-ray', modality: null, reference_exam: null },
  { id: 'pr-knie', code: 'knie', name_nl: 'X-Knie', name_en: 'Knee X-ray', modality: null, reference_exam: null },
];

export const SITE: SiteDoseReference[] = [
  {
    id: 'd-knie',
    procedure_id: 'pr-knie',
    label: 'Knie AP (eigen waarde)',
    view_position: 'AP',
    quantity: 'dap',
    unit: 'Gy·cm²',
    drl_value: 0.05,
    target_value: 0.03,
    age_min: 18,
    age_max: null,
    thickness_mm: null,
    source: 'Afdelingsbesluit',
    source_url: null,
    valid_from: '2026-01-01',
    valid_to: null,
    notes: null,
    reference_value_id: null,
    reference_set: null,
    published_value: 50,
    published_target: 30,
    published_unit: 'mGy·cm²',
  },
];

/** The dose part of the page's data, answering from fixed rows; the calls are recorded. */
export function fakeDoseData(
  options: {
    analysis?: (quantity: DoseQuantity, dimension: DoseDimension, period: DosePeriod, filter: DoseFilter) => DoseAnalysisRow[];
    exposures?: DoseExposure[];
    acquisition?: DoseAcquisitionRow[];
    site?: SiteDoseReference[];
    failSet?: string;
  } = {},
): { data: DoseAnalysisData & DoseReferenceData; calls: DoseCalls } {
  const calls: DoseCalls = { analysis: [], exposures: [], acquisition: [], opened: [], set: [], removed: [], adopted: [], mapped: [] };
  let site = [...(options.site ?? SITE)];
  const procedures = PROCEDURES.map((p) => ({ ...p }));
  const data: DoseAnalysisData & DoseReferenceData = {
    doseSettings: async () => ({ minImages: 20, diFine: 1, diAttention: 3, weightMin: 50, weightMax: 90 }),
    doseAnalysis: async (quantity, dimension, period, filter) => {
      calls.analysis.push([quantity, dimension, period, filter]);
      return options.analysis ? options.analysis(quantity, dimension, period, filter) : [];
    },
    doseExposuresAboveDrl: async (quantity, filter, maxRows) => {
      calls.exposures.push([quantity, filter, maxRows]);
      return options.exposures ?? [];
    },
    doseAcquisition: async (filter) => {
      calls.acquisition.push(filter);
      return options.acquisition ?? [];
    },
    openImage: (image) => void calls.opened.push(image),
    referenceSets: async () => SETS,
    referenceValues: async () => VALUES,
    siteReferences: async () => site,
    proceduresWithExam: async () => procedures,
    setSiteReference: async (input) => {
      if (options.failSet) throw new Error(options.failSet);
      calls.set.push(input);
    },
    removeSiteReference: async (id) => {
      calls.removed.push(id);
      site = site.filter((r) => r.id !== id);
    },
    adoptReferenceValue: async (valueId, procedureId) => void calls.adopted.push([valueId, procedureId]),
    mapProcedure: async (procedureId, examKey) => {
      calls.mapped.push([procedureId, examKey]);
      const procedure = procedures.find((p) => p.id === procedureId);
      if (procedure) Object.assign(procedure, { reference_exam: examKey });
    },
  };
  return { data, calls };
}

/** The page lists the dose section's choosers use. */
export const pageLists: Pick<IqsPageData, 'listProcedures' | 'listStations' | 'listPeople'> = {
  listProcedures: async () => [
    { id: 'pr-thorax', code: 'thorax', name_nl: 'X-Thorax', name_en: 'Chest X-ray', modality: null },
    { id: 'pr-ct', code: 'ct-thorax', name_nl: 'CT Thorax', name_en: 'CT chest', modality: 'CT' },
  ],
  listStations: async () => [
    { id: 'st-1', station_name: 'RAD-KAMER1', display_name: 'Kamer 1', modality: 'DX' },
    { id: 'st-2', station_name: 'RAD-KAMER2', display_name: 'Kamer 2', modality: 'DX' },
  ],
  listPeople: async () => [
    { id: 'p-petra', display_name: 'Petra Jansen', role: 'radiographer' },
    { id: 'p-daan', display_name: 'Daan Smit', role: 'radiographer' },
  ],
};
