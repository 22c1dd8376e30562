/**
 * `iqs analyze dose`: the department's dose analysis (dose_analysis_for_site, migration 25) for automation and
 * exports, as the quality officer sees it (named): per procedure and view × room (or procedure, radiographer,
 * modality) × period, the typical value (median), P25 and P75 against the applicable DRN and streefwaarde.
 *
 *   iqs analyze dose [--quantity dap|ctdivol|dlp|organ_dose] [--by room|procedure|radiographer|modality]
 *                    [--images accepted|rejected|all] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--procedure <code>]
 *                    [--modality <m>] [--per week|month|quarter|year|all] [--all-ages] [--site <code>] [--json]
 *
 * Defaults: --quantity dap --by room --images accepted --per all, adults only. --json prints one JSON object per
 * line, the issue's keys in its order: {"procedure","view","by","key","period","quantity","unit","n","median","p25",
 * "p75","drl","target","status","reference_set"}; without it a readable table, which also shows the 77 kg fit where
 * the images have patient weights. Reading by radiographer is audited (dose.read_named, without an actor).
 */
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient, Json } from '@iqs/database';
import { parseDicomDate } from '@iqs/domain';
import type { Output } from './commands';
import { connectAsService } from './connect';
import { resolveSite } from './site';

export class AnalyzeDoseInputError extends Error {}

export const DOSE_QUANTITIES = ['dap', 'ctdivol', 'dlp', 'organ_dose'] as const;
export const DOSE_DIMENSIONS = ['room', 'procedure', 'radiographer', 'modality'] as const;
export const DOSE_IMAGES = ['accepted', 'rejected', 'all'] as const;
export const DOSE_PERIODS = ['week', 'month', 'quarter', 'year', 'all'] as const;
export type DoseQuantity = (typeof DOSE_QUANTITIES)[number];
export type DoseDimension = (typeof DOSE_DIMENSIONS)[number];
export type DoseImages = (typeof DOSE_IMAGES)[number];
export type DosePeriod = (typeof DOSE_PERIODS)[number];
export type DoseStatus = 'above_drl' | 'above_target' | 'at_or_below_target' | 'too_few' | 'no_reference';

export interface AnalyzeDoseOptions {
  readonly quantity: DoseQuantity;
  readonly by: DoseDimension;
  readonly images: DoseImages;
  readonly per: DosePeriod;
  readonly from: string | null;
  readonly to: string | null;
  readonly procedure: string | null;
  /** a DICOM modality (DX, CR, CT, MG) */
  readonly modality: string | null;
  /** false: every age (default: adults only) */
  readonly adultsOnly: boolean;
  readonly json: boolean;
}

/** One line of --json: the issue's keys, in its order. */
export interface DoseAnalysisLine {
  procedure: string | null;
  view: string | null;
  by: DoseDimension;
  key: string | null;
  period: string;
  quantity: DoseQuantity;
  unit: string;
  n: number;
  median: number | null;
  p25: number | null;
  p75: number | null;
  drl: number | null;
  target: number | null;
  status: DoseStatus;
  reference_set: string | null;
}

/** A row of dose_analysis_for_site (public.dose_analysis_row). */
export interface DoseAnalysisRow {
  scope: string;
  procedure_code: string | null;
  view_position: string | null;
  dimension: string;
  key: string | null;
  label: string | null;
  period_start: string | null;
  quantity: string;
  unit: string;
  n: number;
  median: number | null;
  p25: number | null;
  p75: number | null;
  drl: number | null;
  target: number | null;
  status: string;
  reference_set: string | null;
  fit_n: number | null;
  at_reference_weight: number | null;
  fit_r2: number | null;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  const chosen = value ?? fallback;
  if (!(allowed as readonly string[]).includes(chosen))
    throw new AnalyzeDoseInputError(`--${name} must be one of ${allowed.join(', ')}, not ${chosen}`);
  return chosen as T;
}

function dateValue(value: string | undefined, name: string): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value) || parseDicomDate(value.replaceAll('-', '')) === null)
    throw new AnalyzeDoseInputError(`--${name} must be a date as YYYY-MM-DD, not ${value}`);
  return value;
}

/** The command's options, checked: anything else is refused with a message naming the option (exit status 2). */
export function parseAnalyzeDoseOptions(values: {
  quantity?: string | undefined;
  by?: string | undefined;
  images?: string | undefined;
  per?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  procedure?: string | undefined;
  modality?: string | undefined;
  'all-ages'?: boolean | undefined;
  json?: boolean | undefined;
}): AnalyzeDoseOptions {
  const from = dateValue(values.from, 'from');
  const to = dateValue(values.to, 'to');
  if (from && to && from > to) throw new AnalyzeDoseInputError(`--from ${from} is after --to ${to}`);
  let procedure: string | null = null;
  if (values.procedure !== undefined) {
    procedure = values.procedure.trim();
    if (!/^[a-z0-9][a-z0-9-]*$/u.test(procedure))
      throw new AnalyzeDoseInputError(`--procedure must be a procedure code such as thorax or ct-thorax, not ${values.procedure}`);
  }
  let modality: string | null = null;
  if (values.modality !== undefined) {
    modality = values.modality.trim().toUpperCase();
    if (!/^[A-Z]{2,4}$/u.test(modality))
      throw new AnalyzeDoseInputError(`--modality must be a DICOM modality such as DX, CR, CT or MG, not ${values.modality}`);
  }
  return {
    quantity: oneOf(values.quantity, DOSE_QUANTITIES, 'dap', 'quantity'),
    by: oneOf(values.by, DOSE_DIMENSIONS, 'room', 'by'),
    images: oneOf(values.images, DOSE_IMAGES, 'accepted', 'images'),
    per: oneOf(values.per, DOSE_PERIODS, 'all', 'per'),
    from,
    to,
    procedure,
    modality,
    adultsOnly: !(values['all-ages'] ?? false),
    json: values.json ?? false,
  };
}

/** The filter of dose_analysis_for_site for these options (migration 25's keys). */
export function analyzeDoseFilter(options: AnalyzeDoseOptions): { [key: string]: Json } {
  return {
    images: options.images,
    adults_only: options.adultsOnly,
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    ...(options.procedure ? { procedures: [options.procedure] } : {}),
    ...(options.modality ? { modalities: [options.modality] } : {}),
  };
}

/** ISO 8601 week of a date: the year the week's Thursday falls in, and the week number. */
function isoWeek(date: Date): { year: number; week: number } {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() + 3 - ((firstThursday.getUTCDay() + 6) % 7));
  return { year: thursday.getUTCFullYear(), week: 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000)) };
}

/**
 * The period of a row as people write it, as the reject analysis labels its periods: "all" for the whole period,
 * 2026-W05, 2026-03, 2026-Q1 or 2026 from the period's first day.
 */
export function periodLabel(per: DosePeriod, periodStart: string | null): string {
  if (per === 'all' || periodStart === null) return 'all';
  const day = periodStart.slice(0, 10);
  const date = new Date(`${day}T00:00:00Z`);
  switch (per) {
    case 'week': {
      const { year, week } = isoWeek(date);
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
    case 'year':
      return day.slice(0, 4);
  }
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A row of the SQL function as a line of the contract. */
export function doseLine(row: DoseAnalysisRow, options: AnalyzeDoseOptions): DoseAnalysisLine {
  return {
    procedure: row.procedure_code ?? null,
    view: row.view_position ?? null,
    by: options.by,
    key: row.key ?? null,
    period: periodLabel(options.per, row.period_start ?? null),
    quantity: options.quantity,
    unit: row.unit,
    n: Number(row.n),
    median: numberOrNull(row.median),
    p25: numberOrNull(row.p25),
    p75: numberOrNull(row.p75),
    drl: numberOrNull(row.drl),
    target: numberOrNull(row.target),
    status: row.status as DoseStatus,
    reference_set: row.reference_set ?? null,
  };
}

type DoseRpc = (
  fn: 'dose_analysis_for_site',
  args: { site: string; quantity: string; dimension: string; period: string; filter: { [key: string]: Json } },
) => PromiseLike<{ data: DoseAnalysisRow[] | null; error: { message: string } | null }>;

/** The rows of dose_analysis_for_site for one site (the department's: the service role sees every row named). */
export async function doseAnalysisRows(client: IqsServiceClient, siteId: string, options: AnalyzeDoseOptions): Promise<DoseAnalysisRow[]> {
  // the function is called by name; the generated database types need not know it yet
  const rpc = client.rpc.bind(client) as unknown as DoseRpc;
  const { data, error } = await rpc('dose_analysis_for_site', {
    site: siteId,
    quantity: options.quantity,
    dimension: options.by,
    period: options.per,
    filter: analyzeDoseFilter(options),
  });
  if (error) throw new Error(`the dose analysis failed: ${error.message}`);
  return data ?? [];
}

export async function doseAnalysisLines(
  client: IqsServiceClient,
  siteId: string,
  options: AnalyzeDoseOptions,
): Promise<DoseAnalysisLine[]> {
  return (await doseAnalysisRows(client, siteId, options)).map((row) => doseLine(row, options));
}

const figure = (value: number | null): string => (value === null ? '–' : Number(value.toPrecision(4)).toString());

/** The rows as a table for people, with the room's value at the reference weight where weights allow the fit. */
export function formatDoseTable(rows: readonly DoseAnalysisRow[], options: AnalyzeDoseOptions): string[] {
  const header = [
    'period',
    'procedure',
    'view',
    'key',
    'label',
    'n',
    'median',
    'P25',
    'P75',
    'DRN',
    'streef',
    'status',
    'set',
    'fit n',
    'at ref. weight',
    'r²',
  ];
  const cells = rows.map((r) => [
    periodLabel(options.per, r.period_start),
    r.procedure_code ?? '–',
    r.view_position ?? '–',
    r.key ?? '–',
    r.label ?? '–',
    String(r.n),
    figure(numberOrNull(r.median)),
    figure(numberOrNull(r.p25)),
    figure(numberOrNull(r.p75)),
    figure(numberOrNull(r.drl)),
    figure(numberOrNull(r.target)),
    r.status,
    r.reference_set ?? '–',
    r.fit_n === null || r.fit_n === undefined ? '–' : String(r.fit_n),
    figure(numberOrNull(r.at_reference_weight)),
    r.fit_r2 === null || r.fit_r2 === undefined ? '–' : Number(r.fit_r2).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const numeric = new Set([5, 6, 7, 8, 9, 10, 13, 14, 15]);
  const line = (row: string[]) =>
    row
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const unit = rows[0]?.unit ?? '';
  return [
    `${options.quantity}${unit ? ` (${unit})` : ''}, ${options.images} images${options.adultsOnly ? ', adults' : ''}, by ${options.by}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ];
}

/** Prints the analysis (JSON Lines or a table) for the site. */
export async function printDoseAnalysis(
  client: IqsServiceClient,
  siteId: string,
  options: AnalyzeDoseOptions,
  output: Output,
): Promise<void> {
  const rows = await doseAnalysisRows(client, siteId, options);
  if (options.json) {
    for (const row of rows) output.out(JSON.stringify(doseLine(row, options)));
    return;
  }
  if (rows.length === 0) {
    output.out('no doses for this analysis');
    return;
  }
  for (const l of formatDoseTable(rows, options)) output.out(l);
}

export async function analyzeDoseCommand(
  settings: IqsSettings,
  siteCode: string | null,
  options: AnalyzeDoseOptions,
  output: Output,
): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, siteCode);
    await printDoseAnalysis(connection.client, site.id, options, output);
  } finally {
    await connection.close();
  }
}
