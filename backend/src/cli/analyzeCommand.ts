/**
 * `iqs analyze rejects`: the department's reject analysis (reject_analysis_for_site, migration 21) for automation and
 * exports, as the quality officer sees it (named).
 *
 *   iqs analyze rejects [--by all|procedure|view|modality|room|radiographer|group|reason|age_band]
 *                       [--per week|month|quarter|year|all] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--modality <m>]
 *                       [--site <code>] [--json]
 *
 * --json prints one JSON object per line: {"by","key","label","period","rejected","total","reject_rate",
 * "without_reason","reasons","wasted_dap_gy_cm2"}; without it a readable table. Reading by radiographer is audited
 * (rejects.read_named, without an actor: the service role).
 */
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient, Json } from '@iqs/database';
import { parseDicomDate } from '@iqs/domain';
import type { Output } from './commands';
import { connectAsService } from './connect';
import { resolveSite } from './site';

export class AnalyzeInputError extends Error {}

export const REJECT_DIMENSIONS = ['all', 'procedure', 'view', 'modality', 'room', 'radiographer', 'group', 'reason', 'age_band'] as const;
export const REJECT_PERIODS = ['week', 'month', 'quarter', 'year', 'all'] as const;
export type RejectDimension = (typeof REJECT_DIMENSIONS)[number];
export type RejectPeriod = (typeof REJECT_PERIODS)[number];

export interface AnalyzeRejectsOptions {
  readonly by: RejectDimension;
  readonly per: RejectPeriod;
  readonly from: string | null;
  readonly to: string | null;
  readonly modality: string | null;
  readonly json: boolean;
}

/** One line of --json: the contract's keys, in this order. */
export interface RejectAnalysisLine {
  by: RejectDimension;
  key: string | null;
  label: string | null;
  period: string | null;
  rejected: number;
  total: number;
  reject_rate: number | null;
  without_reason: number;
  reasons: Record<string, number>;
  wasted_dap_gy_cm2: number | null;
}

function dateValue(value: string | undefined, name: string): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value) || parseDicomDate(value.replaceAll('-', '')) === null)
    throw new AnalyzeInputError(`--${name} must be a date as YYYY-MM-DD, not ${value}`);
  return value;
}

/** The command's options, checked: anything else is refused with a message naming the option (exit status 2). */
export function parseAnalyzeOptions(values: {
  by?: string | undefined;
  per?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  modality?: string | undefined;
  json?: boolean | undefined;
}): AnalyzeRejectsOptions {
  const by = values.by ?? 'all';
  if (!(REJECT_DIMENSIONS as readonly string[]).includes(by))
    throw new AnalyzeInputError(`--by must be one of ${REJECT_DIMENSIONS.join(', ')}, not ${by}`);
  const per = values.per ?? 'all';
  if (!(REJECT_PERIODS as readonly string[]).includes(per))
    throw new AnalyzeInputError(`--per must be one of ${REJECT_PERIODS.join(', ')}, not ${per}`);
  const from = dateValue(values.from, 'from');
  const to = dateValue(values.to, 'to');
  if (from && to && from > to) throw new AnalyzeInputError(`--from ${from} is after --to ${to}`);
  let modality: string | null = null;
  if (values.modality !== undefined) {
    modality = values.modality.trim().toUpperCase();
    if (!/^[A-Z]{2,4}$/u.test(modality))
      throw new AnalyzeInputError(`--modality must be a DICOM modality such as DX, CR or MG, not ${values.modality}`);
  }
  return { by: by as RejectDimension, per: per as RejectPeriod, from, to, modality, json: values.json ?? false };
}

/** The filter of reject_analysis_for_site for these options. */
export function analyzeFilter(options: AnalyzeRejectsOptions): { [key: string]: Json } {
  return {
    ...(options.from ? { date_from: options.from } : {}),
    ...(options.to ? { date_to: options.to } : {}),
    ...(options.modality ? { modalities: [options.modality] } : {}),
  };
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The analysis lines for one site, read through the typed service client. */
export async function rejectAnalysisLines(
  client: IqsServiceClient,
  siteId: string,
  options: AnalyzeRejectsOptions,
): Promise<RejectAnalysisLine[]> {
  const { data, error } = await client.rpc('reject_analysis_for_site', {
    site: siteId,
    dimension: options.by,
    period: options.per,
    filter: analyzeFilter(options),
  });
  if (error) throw new Error(`the reject analysis failed: ${error.message}`);
  return (data ?? []).map((row) => ({
    by: options.by,
    key: row.key ?? null,
    label: row.label ?? null,
    period: row.period_label ?? null,
    rejected: Number(row.rejected),
    total: Number(row.total),
    reject_rate: numberOrNull(row.reject_rate),
    without_reason: Number(row.without_reason),
    reasons: (row.reasons ?? {}) as Record<string, number>,
    wasted_dap_gy_cm2: numberOrNull(row.wasted_dap_gy_cm2),
  }));
}

/** The lines as a table for people: one row per figure, the reasons most frequent first. */
export function formatAnalysisTable(lines: readonly RejectAnalysisLine[]): string[] {
  const header = ['period', 'key', 'label', 'rejected', 'total', 'rate', 'no reason', 'wasted DAP (Gy·cm²)', 'reasons'];
  const rows = lines.map((l) => [
    l.period ?? '–',
    l.key ?? '–',
    l.label ?? '–',
    String(l.rejected),
    String(l.total),
    l.reject_rate === null ? '–' : `${(l.reject_rate * 100).toFixed(1)} %`,
    String(l.without_reason),
    l.wasted_dap_gy_cm2 === null ? '–' : l.wasted_dap_gy_cm2.toFixed(3),
    Object.entries(l.reasons)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || '–',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const numeric = new Set([3, 4, 5, 6, 7]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Prints the analysis (JSON Lines or a table) for the site. */
export async function printRejectAnalysis(
  client: IqsServiceClient,
  siteId: string,
  options: AnalyzeRejectsOptions,
  output: Output,
): Promise<void> {
  const lines = await rejectAnalysisLines(client, siteId, options);
  if (options.json) {
    for (const l of lines) output.out(JSON.stringify(l));
    return;
  }
  if (lines.length === 0) {
    output.out('no images for this analysis');
    return;
  }
  for (const l of formatAnalysisTable(lines)) output.out(l);
}

export async function analyzeRejectsCommand(
  settings: IqsSettings,
  siteCode: string | null,
  options: AnalyzeRejectsOptions,
  output: Output,
): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, siteCode);
    await printRejectAnalysis(connection.client, site.id, options, output);
  } finally {
    await connection.close();
  }
}
