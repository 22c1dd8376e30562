/**
 * The reject analysis's data (ports.ts RejectAnalysisData) over supabase-js: the figures come from the database's
 * reject_analysis, reject_images and reject_exposure (migrations 19–21), which apply the scope rules themselves (a
 * radiographer gets their own rows and the department's, never a colleague's by name); this module only passes the
 * filter on and turns PostgREST's numbers into numbers.
 */
import {
  DEFAULT_REJECT_THRESHOLDS,
  type RejectAnalysisRow,
  type RejectDimension,
  type RejectExposureRow,
  type RejectFilter,
  type RejectImage,
  type RejectPeriod,
  type RejectReasonEntry,
  type RejectThresholds,
} from '@iqs/domain';
import type { Json } from '@iqs/database';
import { MODE_ROUTE } from '../ids';
import type { ImageToOpen } from '../ports';
import { IMAGE_URL_PARAMS } from '../viewer/imageFromUrl';
import type { IqsClient } from './client';
import { BackendError } from './profile';

const fail = (error: { message: string; code?: string | null }): never => {
  throw new BackendError(error.message, error.code ?? null);
};

const num = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** The viewer showing one image: OHIF's own initialSeriesInstanceUID / initialSOPInstanceUID parameters (viewer/imageFromUrl.ts goes to the image). */
export function imageViewerPath(image: ImageToOpen): string {
  const query = new URLSearchParams({
    StudyInstanceUIDs: image.study_instance_uid,
    [IMAGE_URL_PARAMS.series]: image.series_instance_uid,
    [IMAGE_URL_PARAMS.sop]: image.sop_instance_uid,
  });
  return `/${MODE_ROUTE}?${query.toString()}`;
}

/** The filter as the SQL takes it: empty lists and unset values are left out (no restriction), unknown keys never sent. */
export function sqlRejectFilter(filter: RejectFilter): Json {
  const out: Record<string, Json> = {};
  const list = (name: keyof RejectFilter, values: readonly string[] | undefined): void => {
    if (values && values.length > 0) out[name] = [...values];
  };
  list('procedures', filter.procedures);
  list('views', filter.views);
  list('modalities', filter.modalities);
  list('rooms', filter.rooms);
  list('radiographers', filter.radiographers);
  list('age_bands', filter.age_bands);
  list('reasons', filter.reasons);
  if (filter.group) out['group'] = { ...filter.group };
  if (filter.date_from) out['date_from'] = filter.date_from;
  if (filter.date_to) out['date_to'] = filter.date_to;
  if (filter.include_mammography !== undefined) out['include_mammography'] = filter.include_mammography;
  return out;
}

const rows = <T>(result: { data: T[] | null; error: { message: string; code?: string | null } | null }): T[] => {
  if (result.error) fail(result.error);
  return result.data ?? [];
};

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function reasonCounts(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, number> = {};
  for (const [code, n] of Object.entries(value as Record<string, unknown>)) {
    const count = num(n);
    if (count !== null) out[code] = count;
  }
  return out;
}

export async function rejectAnalysis(
  client: IqsClient,
  dimension: RejectDimension,
  period: RejectPeriod,
  filter: RejectFilter,
): Promise<RejectAnalysisRow[]> {
  const answer = rows(await client.rpc('reject_analysis', { dimension, period, filter: sqlRejectFilter(filter) }));
  return answer.map((row) => ({
    scope: row.scope === 'own' ? 'own' : 'department',
    period_start: text(row.period_start),
    period_label: text(row.period_label) ?? 'all',
    key: text(row.key),
    label: text(row.label),
    rejected: num(row.rejected) ?? 0,
    total: num(row.total) ?? 0,
    reject_rate: num(row.reject_rate),
    without_reason: num(row.without_reason) ?? 0,
    reasons: reasonCounts(row.reasons),
    wasted_dap_gy_cm2: num(row.wasted_dap_gy_cm2),
    flag: (text(row.flag) as RejectAnalysisRow['flag']) ?? null,
  }));
}

export async function rejectImages(
  client: IqsClient,
  filter: RejectFilter,
  options: { readonly rejectedOnly?: boolean; readonly maxRows?: number } = {},
): Promise<RejectImage[]> {
  const answer = rows(
    await client.rpc('reject_images', {
      filter: sqlRejectFilter(filter),
      rejected_only: options.rejectedOnly ?? true,
      max_rows: options.maxRows ?? 500,
    }),
  );
  return answer.map((row) => ({
    image_id: String(row.image_id),
    sop_instance_uid: String(row.sop_instance_uid),
    study_instance_uid: String(row.study_instance_uid),
    series_instance_uid: String(row.series_instance_uid),
    study_date: text(row.study_date),
    modality: text(row.modality),
    procedure_code: text(row.procedure_code),
    procedure_nl: text(row.procedure_nl),
    procedure_en: text(row.procedure_en),
    view_position: text(row.view_position),
    station_name: text(row.station_name),
    room_label: text(row.room_label),
    age_band: (text(row.age_band) as RejectImage['age_band']) ?? null,
    rejected: row.rejected === true,
    reason_code: text(row.reason_code),
    reason_nl: text(row.reason_nl),
    reason_en: text(row.reason_en),
    reason_source: (text(row.reason_source) as RejectImage['reason_source']) ?? null,
    deviation_index: num(row.deviation_index),
    dap_gy_cm2: num(row.dap_gy_cm2),
  }));
}

export async function rejectExposure(client: IqsClient, filter: RejectFilter): Promise<RejectExposureRow[]> {
  const answer = rows(await client.rpc('reject_exposure', { filter: sqlRejectFilter(filter) }));
  return answer.map((row) => ({
    room_key: text(row.room_key),
    room_label: text(row.room_label),
    reason_code: text(row.reason_code),
    rejected: num(row.rejected) ?? 0,
    median_di_rejected: num(row.median_di_rejected),
    accepted: num(row.accepted) ?? 0,
    median_di_accepted: num(row.median_di_accepted),
  }));
}

export async function rejectReasonCatalogue(client: IqsClient): Promise<RejectReasonEntry[]> {
  const { data, error } = await client
    .from('reject_reasons')
    .select('code, label_nl, label_en, category, counts_as_reject, active, sort_order')
    .order('sort_order');
  if (error) fail(error);
  return data ?? [];
}

/** The signed-in person's site's thresholds (RLS: members read their own site only). */
export async function rejectThresholds(client: IqsClient): Promise<RejectThresholds> {
  const { data, error } = await client
    .from('sites')
    .select('reject_target_rate, reject_investigate_above, reject_investigate_below')
    .limit(1);
  if (error) fail(error);
  const site = data?.[0];
  return {
    target: num(site?.reject_target_rate) ?? DEFAULT_REJECT_THRESHOLDS.target,
    investigateAbove: num(site?.reject_investigate_above) ?? DEFAULT_REJECT_THRESHOLDS.investigateAbove,
    investigateBelow: num(site?.reject_investigate_below) ?? DEFAULT_REJECT_THRESHOLDS.investigateBelow,
  };
}
