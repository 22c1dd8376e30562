/**
 * The dose analysis's data (ports.ts DoseAnalysisData, DoseReferenceData, and the viewer's image_dose_reference) over
 * supabase-js. The figures come from the database: dose_analysis, dose_exposures_above_drl and dose_acquisition
 * (migration 25) apply the scope rules themselves (a radiographer gets their own rows and the department's, never a
 * colleague's by name), and image_dose_reference / applicable_reference (migration 22) decide which reference
 * applies to an image and why none does. This module only passes the filter on and turns PostgREST's numbers into
 * numbers; the reference values are changed only through the admin RPCs, which check the role and audit.
 */
import type { Json } from '@iqs/database';
import { CANONICAL_DOSE_UNIT, DOSE_QUANTITY_CODES } from '@iqs/domain';
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
  DoseSettings,
  DoseStatus,
  ImageDoseReference,
  ImageToOpen,
  ProcedureReferenceExam,
  SiteDoseReference,
  SiteDoseReferenceInput,
} from '../ports';
import type { IqsClient } from './client';
import { BackendError } from './profile';
import { imageViewerPath } from './rejectAnalysis';

type Failure = { message: string; code?: string | null };
type Answer = { data: unknown; error: Failure | null };
type Row = Record<string, unknown>;

const fail = (error: Failure): never => {
  throw new BackendError(error.message, error.code ?? null);
};

/**
 * A call of a database function by name. The generated types (packages/database, `npm run db:types`) name the
 * functions of the migrations they were generated from; the dose functions are read through this narrow door so
 * that the rows are checked here, field by field, whatever the generated types say.
 */
async function call(client: IqsClient, fn: string, args: Record<string, unknown> = {}): Promise<Row[]> {
  const rpc = client.rpc.bind(client) as unknown as (fn: string, args: Record<string, unknown>) => PromiseLike<Answer>;
  const { data, error } = await rpc(fn, args);
  if (error) fail(error);
  if (data === null || data === undefined) return [];
  return (Array.isArray(data) ? data : [data]) as Row[];
}

/** A select on a table the generated types may not name yet (dose_reference_sets, dose_reference_values). */
function table(client: IqsClient, name: string) {
  return (client.from as unknown as (name: string) => ReturnType<IqsClient['from']>)(name);
}

const num = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const DOSE_QUANTITIES: readonly DoseQuantity[] = DOSE_QUANTITY_CODES;
const DOSE_STATUSES: readonly DoseStatus[] = ['above_drl', 'above_target', 'at_or_below_target', 'too_few', 'no_reference'];
const DIMENSIONS: readonly DoseDimension[] = ['room', 'procedure', 'radiographer', 'modality'];

/** IQS's canonical unit of each quantity (packages/domain units.ts). */
export const CANONICAL_UNITS: Readonly<Record<DoseQuantity, string>> = CANONICAL_DOSE_UNIT;

const quantityOf = (value: unknown, fallback: DoseQuantity): DoseQuantity =>
  DOSE_QUANTITIES.includes(value as DoseQuantity) ? (value as DoseQuantity) : fallback;

/** The site's defaults when it has set none (issue 11: [U], unconfirmed guidance). */
export const DEFAULT_DOSE_SETTINGS: DoseSettings = { minImages: 20, diFine: 1, diAttention: 3, weightMin: 50, weightMax: 90 };

/** The filter as the SQL takes it: empty lists and unset values are left out (no restriction), unknown keys never sent. */
export function sqlDoseFilter(filter: DoseFilter): Json {
  const out: Record<string, Json> = {};
  const list = (name: keyof DoseFilter): void => {
    const values = filter[name] as readonly string[] | undefined;
    if (values && values.length > 0) out[name] = [...values];
  };
  list('procedures');
  list('views');
  list('modalities');
  list('rooms');
  list('radiographers');
  list('age_bands');
  if (filter.from) out['from'] = filter.from;
  if (filter.to) out['to'] = filter.to;
  if (filter.images) out['images'] = filter.images;
  if (filter.adults_only !== undefined) out['adults_only'] = filter.adults_only;
  for (const name of ['weight_min', 'weight_max', 'thickness_min', 'thickness_max'] as const) {
    const value = filter[name];
    if (value !== undefined && Number.isFinite(value)) out[name] = value;
  }
  return out;
}

export async function doseAnalysis(
  client: IqsClient,
  quantity: DoseQuantity,
  dimension: DoseDimension,
  period: DosePeriod,
  filter: DoseFilter,
): Promise<DoseAnalysisRow[]> {
  const answer = await call(client, 'dose_analysis', { quantity, dimension, period, filter: sqlDoseFilter(filter) });
  return answer.map((row) => {
    const rowQuantity = quantityOf(row['quantity'], quantity);
    const status = text(row['status']);
    return {
      scope: row['scope'] === 'own' ? 'own' : 'department',
      procedure_code: text(row['procedure_code']),
      view_position: text(row['view_position']),
      dimension: DIMENSIONS.includes(row['dimension'] as DoseDimension) ? (row['dimension'] as DoseDimension) : dimension,
      key: text(row['key']),
      label: text(row['label']),
      period_start: text(row['period_start']),
      quantity: rowQuantity,
      unit: text(row['unit']) ?? CANONICAL_UNITS[rowQuantity],
      n: num(row['n']) ?? 0,
      median: num(row['median']),
      p25: num(row['p25']),
      p75: num(row['p75']),
      drl: num(row['drl']),
      target: num(row['target']),
      status: DOSE_STATUSES.includes(status as DoseStatus) ? (status as DoseStatus) : 'no_reference',
      reference_set: text(row['reference_set']),
      fit_n: num(row['fit_n']),
      at_reference_weight: num(row['at_reference_weight']),
      fit_r2: num(row['fit_r2']),
    };
  });
}

export async function doseExposuresAboveDrl(
  client: IqsClient,
  quantity: DoseQuantity,
  filter: DoseFilter,
  maxRows = 500,
): Promise<DoseExposure[]> {
  const answer = await call(client, 'dose_exposures_above_drl', { quantity, filter: sqlDoseFilter(filter), max_rows: maxRows });
  return answer.map((row) => ({
    image_id: text(row['image_id']),
    study_instance_uid: String(row['study_instance_uid']),
    series_instance_uid: String(row['series_instance_uid']),
    sop_instance_uid: String(row['sop_instance_uid']),
    study_date: text(row['study_date']),
    station_name: text(row['station_name']),
    room_label: text(row['room_label']),
    procedure_code: text(row['procedure_code']),
    view_position: text(row['view_position']),
    modality: text(row['modality']),
    rejected: row['rejected'] === true,
    value: num(row['value']),
    drl: num(row['drl']),
    target: num(row['target']),
    percent_of_drl: num(row['percent_of_drl']),
    reference_set: text(row['reference_set']),
    unit: text(row['unit']) ?? CANONICAL_UNITS[quantity],
  }));
}

export async function doseAcquisition(client: IqsClient, filter: DoseFilter): Promise<DoseAcquisitionRow[]> {
  const answer = await call(client, 'dose_acquisition', { filter: sqlDoseFilter(filter) });
  return answer.map((row) => ({
    room_key: text(row['station_name']),
    room_label: text(row['room_label']),
    procedure_code: text(row['procedure_code']),
    view_position: text(row['view_position']),
    n: num(row['n']) ?? 0,
    median_kvp: num(row['median_kvp']),
    median_mas: num(row['median_exposure_mas']),
    median_distance_mm: num(row['median_distance_source_detector_mm']),
    di_fine: num(row['di_fine']) ?? 0,
    di_attention: num(row['di_attention']) ?? 0,
    di_action: num(row['di_action']) ?? 0,
    di_unknown: num(row['di_unknown']) ?? 0,
  }));
}

/** The signed-in person's site's dose settings (RLS: members read their own site only); the defaults where unset. */
export async function doseSettings(client: IqsClient): Promise<DoseSettings> {
  const { data, error } = await table(client, 'sites')
    .select('dose_min_images, dose_di_fine, dose_di_attention, dose_weight_min, dose_weight_max')
    .limit(1);
  if (error) fail(error);
  const site = ((data ?? []) as unknown as Row[])[0] ?? {};
  return {
    minImages: num(site['dose_min_images']) ?? DEFAULT_DOSE_SETTINGS.minImages,
    diFine: num(site['dose_di_fine']) ?? DEFAULT_DOSE_SETTINGS.diFine,
    diAttention: num(site['dose_di_attention']) ?? DEFAULT_DOSE_SETTINGS.diAttention,
    weightMin: num(site['dose_weight_min']) ?? DEFAULT_DOSE_SETTINGS.weightMin,
    weightMax: num(site['dose_weight_max']) ?? DEFAULT_DOSE_SETTINGS.weightMax,
  };
}

// --- the reference values ---

async function selectAll(client: IqsClient, name: string, columns: string, order: string[]): Promise<Row[]> {
  let query = table(client, name).select(columns);
  for (const column of order) query = query.order(column) as typeof query;
  const { data, error } = await query;
  if (error) fail(error);
  return (data ?? []) as unknown as Row[];
}

export async function referenceSets(client: IqsClient): Promise<DoseReferenceSet[]> {
  const rows = await selectAll(client, 'dose_reference_sets', 'code, name, country, source, source_url, published_on, published_year', [
    'code',
  ]);
  return rows.map((row) => ({
    code: String(row['code']),
    name: text(row['name']) ?? String(row['code']),
    country: text(row['country']),
    source: text(row['source']),
    source_url: text(row['source_url']),
    published_on: text(row['published_on']),
    published_year: num(row['published_year']),
  }));
}

const VALUE_COLUMNS =
  'id, set_code, exam_key, label, modality, view_position, quantity, published_unit, published_drl, published_target, drl_value, target_value, age_min, age_max, reference_weight_kg, thickness_mm, notes';

export async function referenceValues(client: IqsClient): Promise<DoseReferenceValue[]> {
  const rows = await selectAll(client, 'dose_reference_values', VALUE_COLUMNS, ['set_code', 'exam_key', 'quantity']);
  return rows.map((row) => ({
    id: String(row['id']),
    set_code: String(row['set_code']),
    exam_key: String(row['exam_key']),
    label: text(row['label']) ?? String(row['exam_key']),
    modality: text(row['modality']),
    view_position: text(row['view_position']),
    quantity: quantityOf(row['quantity'], 'dap'),
    published_unit: text(row['published_unit']) ?? '',
    published_drl: num(row['published_drl']),
    published_target: num(row['published_target']),
    drl_value: num(row['drl_value']),
    target_value: num(row['target_value']),
    age_min: num(row['age_min']),
    age_max: num(row['age_max']),
    reference_weight_kg: num(row['reference_weight_kg']),
    thickness_mm: num(row['thickness_mm']),
    notes: text(row['notes']),
  }));
}

const SITE_COLUMNS =
  'id, procedure_id, label, view_position, quantity, unit, drl_value, target_value, age_min, age_max, thickness_mm, source, source_url, valid_from, valid_to, notes, reference_value_id, reference_set, published_value, published_target, published_unit';

export async function siteReferences(client: IqsClient): Promise<SiteDoseReference[]> {
  const rows = await selectAll(client, 'drls', SITE_COLUMNS, ['label', 'valid_from']);
  return rows.map((row) => {
    const quantity = quantityOf(row['quantity'], 'dap');
    return {
      id: String(row['id']),
      procedure_id: text(row['procedure_id']),
      label: text(row['label']) ?? '',
      view_position: text(row['view_position']),
      quantity,
      unit: text(row['unit']) ?? CANONICAL_UNITS[quantity],
      drl_value: num(row['drl_value']) ?? 0,
      target_value: num(row['target_value']),
      age_min: num(row['age_min']),
      age_max: num(row['age_max']),
      thickness_mm: num(row['thickness_mm']),
      source: text(row['source']) ?? '',
      source_url: text(row['source_url']),
      valid_from: text(row['valid_from']) ?? '',
      valid_to: text(row['valid_to']),
      notes: text(row['notes']),
      reference_value_id: text(row['reference_value_id']),
      reference_set: text(row['reference_set']),
      published_value: num(row['published_value']),
      published_target: num(row['published_target']),
      published_unit: text(row['published_unit']),
    };
  });
}

export async function proceduresWithExam(client: IqsClient): Promise<ProcedureReferenceExam[]> {
  const rows = await selectAll(client, 'procedures', 'id, code, name_nl, name_en, modality, reference_exam', ['name_nl']);
  return rows.map((row) => ({
    id: String(row['id']),
    code: String(row['code']),
    name_nl: text(row['name_nl']) ?? String(row['code']),
    name_en: text(row['name_en']) ?? String(row['code']),
    modality: text(row['modality']),
    reference_exam: text(row['reference_exam']),
  }));
}

/**
 * The department's value, added (id null) or changed, through public.set_site_reference (admin only, audited by
 * trigger): given as published (value, streefwaarde, unit), converted to the canonical unit by the database.
 */
export async function setSiteReference(client: IqsClient, input: SiteDoseReferenceInput): Promise<void> {
  await call(client, 'set_site_reference', {
    procedure_id: input.procedure_id,
    quantity: input.quantity,
    published_value: input.published_value,
    published_unit: input.published_unit,
    source: input.source,
    published_target: input.published_target,
    view_position: input.view_position,
    age_min: input.age_min,
    age_max: input.age_max,
    label: input.label,
    valid_from: input.valid_from,
    valid_to: input.valid_to,
    source_url: input.source_url,
    notes: input.notes,
    thickness_mm: input.thickness_mm,
    id: input.id,
  });
}

export async function removeSiteReference(client: IqsClient, id: string): Promise<void> {
  await call(client, 'remove_site_reference', { id });
}

export async function adoptReferenceValue(client: IqsClient, valueId: string, procedureId: string): Promise<void> {
  await call(client, 'adopt_reference_value', { value_id: valueId, procedure_id: procedureId });
}

/** procedures.reference_exam: the admin's to change (RLS procedures_write). */
export async function mapProcedure(client: IqsClient, procedureId: string, examKey: string | null): Promise<void> {
  const { data, error } = await (
    table(client, 'procedures').update({ reference_exam: examKey } as never) as unknown as {
      eq(column: string, value: string): { select(columns: string): PromiseLike<{ data: unknown[] | null; error: Failure | null }> };
    }
  )
    .eq('id', procedureId)
    .select('id');
  if (error) fail(error);
  // RLS turns a refused update into no rows: say so instead of pretending it was done
  if (!data || data.length === 0) throw new BackendError('the procedure was not changed (admins only)', '42501');
}

// --- the viewer: one image against its reference ---

const IMAGE_STATUSES = ['above_drl', 'above_target', 'at_or_below_target', 'no_reference'] as const;

/** Per quantity the image has: its value and the applicable reference (or why there is none). Empty: not in the index, or no dose. */
export async function imageDoseReference(client: IqsClient, sopInstanceUid: string): Promise<ImageDoseReference[]> {
  const answer = await call(client, 'image_dose_reference', { sop_instance_uid: sopInstanceUid });
  return answer
    .filter((row) => DOSE_QUANTITIES.includes(row['quantity'] as DoseQuantity))
    .map((row) => {
      const quantity = row['quantity'] as DoseQuantity;
      const status = text(row['status']);
      const drl = num(row['drl']);
      return {
        quantity,
        value: num(row['value']),
        unit: text(row['unit']) ?? CANONICAL_UNITS[quantity],
        drl,
        target: num(row['target']),
        reference_set: text(row['reference_set']),
        reference_label: text(row['reference_label']),
        reference_weight_kg: num(row['reference_weight_kg']),
        reason: text(row['reason']) ?? (drl === null ? 'no_reference' : null),
        status: (IMAGE_STATUSES as readonly string[]).includes(status ?? '')
          ? (status as ImageDoseReference['status'])
          : drl === null
            ? 'no_reference'
            : 'at_or_below_target',
      };
    })
    .sort((a, b) => DOSE_QUANTITIES.indexOf(a.quantity) - DOSE_QUANTITIES.indexOf(b.quantity));
}

/** The page's dose data: the analysis, the reference values, and the way into the viewer (the reject drill-down's URL). */
export function createDoseData(client: IqsClient, navigate: (path: string) => void): DoseAnalysisData & DoseReferenceData {
  return {
    doseSettings: () => doseSettings(client),
    doseAnalysis: (quantity, dimension, period, filter) => doseAnalysis(client, quantity, dimension, period, filter),
    doseExposuresAboveDrl: (quantity, filter, maxRows) => doseExposuresAboveDrl(client, quantity, filter, maxRows),
    doseAcquisition: (filter) => doseAcquisition(client, filter),
    openImage: (image: ImageToOpen) => navigate(imageViewerPath(image)),
    referenceSets: () => referenceSets(client),
    referenceValues: () => referenceValues(client),
    siteReferences: () => siteReferences(client),
    proceduresWithExam: () => proceduresWithExam(client),
    setSiteReference: (input) => setSiteReference(client, input),
    removeSiteReference: (id) => removeSiteReference(client, id),
    adoptReferenceValue: (valueId, procedureId) => adoptReferenceValue(client, valueId, procedureId),
    mapProcedure: (procedureId, examKey) => mapProcedure(client, procedureId, examKey),
  };
}
