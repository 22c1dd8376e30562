import type {
  RejectAnalysisRow,
  RejectDimension,
  RejectExposureRow,
  RejectFilter,
  RejectImage,
  RejectPeriod,
  RejectReasonEntry,
  RejectThresholds,
} from '@iqs/domain';
import type { ImageToOpen, RejectAnalysisData } from '../../src/ports';

export const REASONS: RejectReasonEntry[] = [
  {
    code: 'positioning',
    label_nl: 'Positionering',
    label_en: 'Positioning',
    category: 'positioning',
    counts_as_reject: true,
    active: true,
    sort_order: 10,
  },
  {
    code: 'marker',
    label_nl: 'Zijdemerker',
    label_en: 'Side marker',
    category: 'positioning',
    counts_as_reject: true,
    active: true,
    sort_order: 20,
  },
  { code: 'motion', label_nl: 'Beweging', label_en: 'Motion', category: 'motion', counts_as_reject: true, active: true, sort_order: 30 },
  {
    code: 'under_exposure',
    label_nl: 'Onderbelichting',
    label_en: 'Under-exposure',
    category: 'exposure',
    counts_as_reject: true,
    active: true,
    sort_order: 40,
  },
  {
    code: 'test_qc',
    label_nl: 'Test- of QC-opname',
    label_en: 'Test or QC image',
    category: 'other',
    counts_as_reject: false,
    active: true,
    sort_order: 130,
  },
];

export const row = (over: Partial<RejectAnalysisRow>): RejectAnalysisRow => ({
  scope: 'department',
  period_start: null,
  period_label: 'all',
  key: null,
  label: null,
  rejected: 0,
  total: 0,
  reject_rate: null,
  without_reason: 0,
  reasons: {},
  wasted_dap_gy_cm2: null,
  flag: null,
  ...over,
});

export const image = (over: Partial<RejectImage>): RejectImage => ({
  image_id: 'i1',
  sop_instance_uid: '1.2.3.1',
  study_instance_uid: '1.2.3',
  series_instance_uid: '1.2.3.0',
  study_date: '2026-03-04',
  modality: 'DX',
  procedure_code: 'knie',
  procedure_nl: 'Knie',
  procedure_en: 'Knee',
  view_position: 'AP',
  station_name: 'RAD-KAMER1',
  room_label: 'Kamer 1',
  age_band: 'adult',
  rejected: true,
  reason_code: 'positioning',
  reason_nl: 'Positionering',
  reason_en: 'Positioning',
  reason_source: 'person',
  deviation_index: -1.2,
  dap_gy_cm2: 0.12,
  ...over,
});

export interface RejectCalls {
  analysis: Array<[RejectDimension, RejectPeriod, RejectFilter]>;
  images: Array<[RejectFilter, { rejectedOnly?: boolean; maxRows?: number } | undefined]>;
  exposure: RejectFilter[];
  opened: ImageToOpen[];
}

/** The reject analysis's part of the page data, answering from fixed rows; the calls are recorded. */
export function fakeRejectData(
  options: {
    analysis?: (dimension: RejectDimension, period: RejectPeriod, filter: RejectFilter) => RejectAnalysisRow[];
    images?: (filter: RejectFilter, rejectedOnly: boolean) => RejectImage[];
    exposure?: RejectExposureRow[];
    thresholds?: RejectThresholds;
  } = {},
): { data: RejectAnalysisData; calls: RejectCalls } {
  const calls: RejectCalls = { analysis: [], images: [], exposure: [], opened: [] };
  const data: RejectAnalysisData = {
    rejectReasonCatalogue: async () => REASONS,
    rejectThresholds: async () => options.thresholds ?? { target: 0.08, investigateAbove: 0.1, investigateBelow: 0.05 },
    rejectAnalysis: async (dimension, period, filter) => {
      calls.analysis.push([dimension, period, filter]);
      return options.analysis ? options.analysis(dimension, period, filter) : [];
    },
    rejectImages: async (filter, imageOptions) => {
      calls.images.push([filter, imageOptions]);
      return options.images ? options.images(filter, imageOptions?.rejectedOnly ?? true) : [];
    },
    rejectExposure: async (filter) => {
      calls.exposure.push(filter);
      return options.exposure ?? [];
    },
    openImage: (opened) => {
      calls.opened.push(opened);
    },
  };
  return { data, calls };
}
