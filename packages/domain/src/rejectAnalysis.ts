/**
 * Reject analysis (pillar 1): the shapes of the database's answers (reject_analysis, reject_images,
 * reject_exposure) and what the IQS page and exports make of them, as plain functions: a row's flag against the
 * site's thresholds, the Pareto of reasons and of their categories, the period a figure covers, the filter of a
 * figure's drill-down, and the table as CSV.
 *
 * Definitions (AAPM TG-305): reject rate = rejected ÷ (accepted + rejected) patient images, counted per SOP
 * instance; test/QC images and images named only by a non-quality IOCM note are no patient images. The
 * thresholds (TG-151's often-quoted 8 % target, investigate above 10 % and below 5 %) are unconfirmed guidance:
 * each site sets its own. Plain TypeScript: no React, no I/O.
 */
import type { ServiceYearsBand } from './evaluation';
import { csvField } from './csv';

export type RejectDimension = 'all' | 'procedure' | 'view' | 'modality' | 'room' | 'radiographer' | 'group' | 'reason' | 'age_band';
export const REJECT_DIMENSIONS: readonly RejectDimension[] = [
  'all',
  'procedure',
  'view',
  'modality',
  'room',
  'radiographer',
  'group',
  'reason',
  'age_band',
];

export type RejectPeriod = 'week' | 'month' | 'quarter' | 'year' | 'all';
export const REJECT_PERIODS: readonly RejectPeriod[] = ['week', 'month', 'quarter', 'year', 'all'];

/** 'own': images the caller made; 'department': the site's (named only for quality officers and admins). */
export type RejectScope = 'own' | 'department';

export type RejectFlag = 'above_investigation' | 'below_investigation' | 'above_target';

export type AgeBand = 'child' | 'adult' | 'unknown';
export const AGE_BANDS: readonly AgeBand[] = ['child', 'adult', 'unknown'];

export type RejectGroupFilter =
  { readonly kind: 'service_years'; readonly band: ServiceYearsBand } | { readonly kind: 'custom'; readonly id: string };

/** What an analysis covers (reject_analysis's filter, JSON). Absent: no restriction. */
export interface RejectFilter {
  /** procedures.code */
  readonly procedures?: readonly string[];
  readonly views?: readonly string[];
  readonly modalities?: readonly string[];
  /** StationName as in DICOM */
  readonly rooms?: readonly string[];
  /** people.id */
  readonly radiographers?: readonly string[];
  readonly group?: RejectGroupFilter;
  readonly age_bands?: readonly AgeBand[];
  /** reject_reasons.code: restricts the rejected images counted */
  readonly reasons?: readonly string[];
  /** study dates, inclusive, YYYY-MM-DD */
  readonly date_from?: string;
  readonly date_to?: string;
  /** mammography is left out of rates unless asked for (TG-305 scope), or named in modalities */
  readonly include_mammography?: boolean;
}

/** One row of reject_analysis. */
export interface RejectAnalysisRow {
  readonly scope: RejectScope;
  /** first day of the period (YYYY-MM-DD); null for the whole period */
  readonly period_start: string | null;
  /** '2026-W10', '2026-03', '2026-Q1', '2026' or 'all' */
  readonly period_label: string;
  /** the group's key (see RejectDimension); null when unknown, for 'all', and for the department row a radiographer sees by radiographer or group */
  readonly key: string | null;
  readonly label: string | null;
  readonly rejected: number;
  readonly total: number;
  readonly reject_rate: number | null;
  /** rejected patient images with no reason at all (a reason from the modality counts as one) */
  readonly without_reason: number;
  /** reason code → rejected images with that reason */
  readonly reasons: Readonly<Record<string, number>>;
  readonly wasted_dap_gy_cm2: number | null;
  readonly flag: RejectFlag | null;
}

/** One image of a figure (reject_images). */
export interface RejectImage {
  readonly image_id: string;
  readonly sop_instance_uid: string;
  readonly study_instance_uid: string;
  readonly series_instance_uid: string;
  readonly study_date: string | null;
  readonly modality: string | null;
  readonly procedure_code: string | null;
  readonly procedure_nl: string | null;
  readonly procedure_en: string | null;
  readonly view_position: string | null;
  readonly station_name: string | null;
  readonly room_label: string | null;
  readonly age_band: AgeBand | null;
  readonly rejected: boolean;
  readonly reason_code: string | null;
  readonly reason_nl: string | null;
  readonly reason_en: string | null;
  readonly reason_source: 'modality' | 'person' | null;
  readonly deviation_index: number | null;
  readonly dap_gy_cm2: number | null;
}

/** Median deviation index of rejected vs accepted images per room and reason (reject_exposure). */
export interface RejectExposureRow {
  readonly room_key: string | null;
  readonly room_label: string | null;
  /** null: all rejects of the room */
  readonly reason_code: string | null;
  readonly rejected: number;
  readonly median_di_rejected: number | null;
  readonly accepted: number;
  readonly median_di_accepted: number | null;
}

/** The site's reject-rate thresholds, fractions 0..1 (sites.reject_target_rate, reject_investigate_above, reject_investigate_below). */
export interface RejectThresholds {
  readonly target: number;
  readonly investigateAbove: number;
  readonly investigateBelow: number;
}

/** TG-151's often-quoted values: unconfirmed guidance, the defaults a site starts with. */
export const DEFAULT_REJECT_THRESHOLDS: RejectThresholds = { target: 0.08, investigateAbove: 0.1, investigateBelow: 0.05 };

/** A reason of the site's catalogue (reject_reasons). */
export interface RejectReasonEntry {
  readonly code: string;
  readonly label_nl: string;
  readonly label_en: string;
  readonly category: string;
  readonly counts_as_reject: boolean;
  readonly active: boolean;
  readonly sort_order: number;
}

export const REJECT_REASON_CATEGORIES = ['positioning', 'exposure', 'motion', 'artefact', 'equipment', 'other'] as const;

export function rejectRate(rejected: number, total: number): number | null {
  return total > 0 ? rejected / total : null;
}

/** The flag of a rate, as the database sets it: investigation thresholds first, then the target. */
export function rejectFlag(rate: number | null, thresholds: RejectThresholds): RejectFlag | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  if (rate > thresholds.investigateAbove) return 'above_investigation';
  if (rate < thresholds.investigateBelow) return 'below_investigation';
  if (rate > thresholds.target) return 'above_target';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Periods and drill-down

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcDate(iso: string): Date | null {
  const match = DATE.exec(iso);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}

const isoOf = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The study dates a period covers, inclusive: the week from its Monday, the month, the quarter, the year. Null for
 * the whole period or a start that is no date.
 */
export function periodDateRange(period: RejectPeriod, start: string | null): { from: string; to: string } | null {
  if (period === 'all' || start === null) return null;
  const first = utcDate(start);
  if (!first) return null;
  const last = new Date(first);
  switch (period) {
    case 'week':
      last.setUTCDate(last.getUTCDate() + 6);
      break;
    case 'month':
      last.setUTCMonth(last.getUTCMonth() + 1, 0);
      break;
    case 'quarter':
      last.setUTCMonth(last.getUTCMonth() + 3, 0);
      break;
    case 'year':
      last.setUTCFullYear(last.getUTCFullYear() + 1, 0, 0);
      break;
  }
  return { from: isoOf(first), to: isoOf(last) };
}

/** Which figure of a row is drilled into: its rejected images, or all its images (the total). */
export type RejectFigure = 'rejected' | 'total';

const SERVICE_BANDS: readonly string[] = ['0-2', '2-5', '5-10', '10+'];

/**
 * The reject_images filter of one figure: the analysis's filter, narrowed to the row's key and its period (within
 * the filter's own dates). Null when the row cannot be narrowed to its images: an unknown key (null) under a
 * dimension other than 'all'.
 */
export function drillDownFilter(
  filter: RejectFilter,
  dimension: RejectDimension,
  row: Pick<RejectAnalysisRow, 'key' | 'period_start'>,
  period: RejectPeriod,
  figure: RejectFigure = 'rejected',
): RejectFilter | null {
  const narrowed: { -readonly [K in keyof RejectFilter]: RejectFilter[K] } = { ...filter };
  const key = row.key;
  if (dimension !== 'all') {
    if (key === null) return null;
    switch (dimension) {
      case 'procedure':
        narrowed.procedures = [key];
        break;
      case 'view':
        narrowed.views = [key];
        break;
      case 'modality':
        narrowed.modalities = [key];
        break;
      case 'room':
        narrowed.rooms = [key];
        break;
      case 'radiographer':
        // a person id, or 'raw:<OperatorsName>' for a name in the images that maps to nobody
        narrowed.radiographers = [key];
        break;
      case 'group':
        if (filter.group?.kind === 'custom' || !SERVICE_BANDS.includes(key)) narrowed.group = { kind: 'custom', id: key };
        else narrowed.group = { kind: 'service_years', band: key as ServiceYearsBand };
        break;
      case 'age_band':
        narrowed.age_bands = [key as AgeBand];
        break;
      case 'reason':
        // a reason row's total is every patient image of the period, whatever its reason
        if (figure === 'rejected') narrowed.reasons = [key];
        break;
    }
  }
  const range = periodDateRange(period, row.period_start);
  if (range) {
    narrowed.date_from = filter.date_from && filter.date_from > range.from ? filter.date_from : range.from;
    narrowed.date_to = filter.date_to && filter.date_to < range.to ? filter.date_to : range.to;
  }
  return narrowed;
}

// ---------------------------------------------------------------------------------------------------------------
// Pareto

export interface ParetoEntry {
  /** the reason code or the category */
  readonly key: string;
  readonly count: number;
  /** of the rejects with a reason, 0..1 */
  readonly share: number;
  /** this and every entry before it, 0..1 */
  readonly cumulative: number;
}

export interface Pareto {
  /** most frequent first (ties: by code) */
  readonly reasons: readonly ParetoEntry[];
  readonly categories: readonly ParetoEntry[];
  /** the rejects with a reason: what the shares are of */
  readonly withReason: number;
  /** rejected images without a reason in the same rows */
  readonly withoutReason: number;
}

function paretoEntries(counts: ReadonlyMap<string, number>, total: number): ParetoEntry[] {
  let running = 0;
  return [...counts]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key, count]) => {
      running += count;
      return { key, count, share: total > 0 ? count / total : 0, cumulative: total > 0 ? running / total : 0 };
    });
}

/**
 * The reasons of these rows as a Pareto: the count and share per reason and per category (from the site's
 * catalogue; a code it does not know counts as 'other'). Shares are of the rejects with a reason.
 */
export function paretoOf(
  rows: readonly Pick<RejectAnalysisRow, 'reasons' | 'without_reason'>[],
  catalogue: readonly Pick<RejectReasonEntry, 'code' | 'category'>[],
): Pareto {
  const categoryOf = new Map(catalogue.map((reason) => [reason.code, reason.category]));
  const reasons = new Map<string, number>();
  const categories = new Map<string, number>();
  let withReason = 0;
  let withoutReason = 0;
  for (const row of rows) {
    withoutReason += row.without_reason;
    for (const [code, value] of Object.entries(row.reasons ?? {})) {
      const count = Number(value);
      if (!Number.isFinite(count) || count <= 0) continue;
      withReason += count;
      reasons.set(code, (reasons.get(code) ?? 0) + count);
      const category = categoryOf.get(code) ?? 'other';
      categories.set(category, (categories.get(category) ?? 0) + count);
    }
  }
  return { reasons: paretoEntries(reasons, withReason), categories: paretoEntries(categories, withReason), withReason, withoutReason };
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

/**
 * The analysis table as CSV, with the conventions of IQS's other CSVs (fields by csv.ts): RFC 4180, CRLF,
 * UTF-8 with a byte order mark, formulas neutralized, fractions 0..1 with a decimal point, unknown empty. One line
 * per row of the analysis, in the order given; the columns follow `npx iqs analyze rejects --json` (by, key, label,
 * period, rejected, total, reject_rate, without_reason, reasons, wasted_dap_gy_cm2) plus the scope, the period's
 * first day, the share without a reason and the flag. reasons: "code=n" separated by spaces, most frequent first.
 */
export const REJECT_CSV_COLUMNS = [
  'scope',
  'by',
  'key',
  'label',
  'period',
  'period_start',
  'rejected',
  'total',
  'reject_rate',
  'without_reason',
  'without_reason_share',
  'wasted_dap_gy_cm2',
  'flag',
  'reasons',
] as const;

const fraction = (value: number | null): number | null =>
  value === null || !Number.isFinite(value) ? null : Math.round(value * 10_000) / 10_000;

/** DAP in Gy·cm² to 4 decimals (0.1 mGy·cm²), without float noise */
const dap = (value: number | null): number | null =>
  value === null || !Number.isFinite(value) ? null : Math.round(value * 10_000) / 10_000;

export function reasonsText(reasons: Readonly<Record<string, number>>): string {
  return [...Object.entries(reasons ?? {})]
    .filter(([, n]) => Number(n) > 0)
    .sort((a, b) => Number(b[1]) - Number(a[1]) || (a[0] < b[0] ? -1 : 1))
    .map(([code, n]) => `${code}=${n}`)
    .join(' ');
}

export function rejectAnalysisCsv(rows: readonly RejectAnalysisRow[], dimension: RejectDimension): string {
  const lines = rows.map((row) => {
    const values: Record<(typeof REJECT_CSV_COLUMNS)[number], string | number | null> = {
      scope: row.scope,
      by: dimension,
      key: row.key,
      label: row.label,
      period: row.period_label,
      period_start: row.period_start,
      rejected: row.rejected,
      total: row.total,
      reject_rate: fraction(row.reject_rate ?? rejectRate(row.rejected, row.total)),
      without_reason: row.without_reason,
      without_reason_share: fraction(rejectRate(row.without_reason, row.rejected)),
      wasted_dap_gy_cm2: dap(row.wasted_dap_gy_cm2),
      flag: row.flag,
      reasons: reasonsText(row.reasons) || null,
    };
    return REJECT_CSV_COLUMNS.map((column) => csvField(values[column])).join(',');
  });
  return '\uFEFF' + [REJECT_CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
