/**
 * The dose analysis's rows turned into what the page shows: names of groups and periods in the reader's language, the
 * table's order (per procedure and view, a radiographer's own row right above the department's), and the charts (the
 * distribution per group as P25, median and P75 with the DRN and the streefwaarde as lines; the monthly medians).
 * Plain functions, no React.
 */
import type { MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';
import type { DoseAnalysisRow, DoseDimension, DosePeriod, DoseQuantity } from '../ports';
import { inLanguage, translated } from '../ui/display';
import { formatDose, QUANTITY_KEYS } from '../ui/doseDisplay';
import type { ChartSeries, ChartSpec } from './statistics';
import { periodLabel } from './statistics';

export const DOSE_DIMENSIONS: readonly DoseDimension[] = ['room', 'procedure', 'radiographer', 'modality'];
export const DOSE_PERIODS: readonly DosePeriod[] = ['week', 'month', 'quarter', 'year', 'all'];
export const DOSE_QUANTITY_CHOICES: readonly DoseQuantity[] = ['dap', 'ctdivol', 'dlp', 'organ_dose'];

export const DOSE_DIMENSION_KEYS: Record<DoseDimension, MessageKey> = {
  room: 'dose.by.room',
  procedure: 'dose.by.procedure',
  radiographer: 'dose.by.radiographer',
  modality: 'dose.by.modality',
};

export const DOSE_PERIOD_KEYS: Record<DosePeriod, MessageKey> = {
  week: 'ra.period.week',
  month: 'ra.period.month',
  quarter: 'ra.period.quarter',
  year: 'ra.period.year',
  all: 'ra.period.all',
};

/** Procedure names by code, to name rows in the reader's language. */
export type ProcedureNames = ReadonlyMap<string, { readonly name_nl: string; readonly name_en: string }>;

export function procedureName(code: string | null, names: ProcedureNames, translator: Translator): string {
  if (code === null) return translator.t('dose.unknownKey');
  const procedure = names.get(code);
  return (procedure ? inLanguage(translator.language, procedure.name_nl, procedure.name_en) : null) ?? code;
}

/** A row's group in words: the room's label, the procedure's name, the radiographer (or the department), the modality. */
export function doseRowLabel(
  row: Pick<DoseAnalysisRow, 'scope' | 'key' | 'label' | 'dimension'>,
  names: ProcedureNames,
  translator: Translator,
): string {
  if (row.key === null) {
    if (row.dimension === 'radiographer' && row.scope === 'department') return translator.t('dose.departmentRow');
    return row.label ?? translator.t('dose.unknownKey');
  }
  if (row.dimension === 'procedure') return procedureName(row.key, names, translator);
  return row.label ?? row.key;
}

/** "Mar 2026" / "mrt 2026", "Q1 2026" / "K1 2026", "2026", a week by its first day; the whole period's name for 'all'. */
export function dosePeriodName(periodStart: string | null, period: DosePeriod, translator: Translator): string {
  if (period === 'all' || periodStart === null) return translator.t('ra.period.all');
  if (period === 'week') {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(periodStart);
    if (!match) return periodStart;
    const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return new Intl.DateTimeFormat(translator.locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(day);
  }
  return periodLabel(periodStart, period, translator.language, translator.locale) ?? periodStart;
}

/** A procedure and view: the unit of comparison (one reference applies to it). */
export const procedureViewKey = (row: Pick<DoseAnalysisRow, 'procedure_code' | 'view_position'>): string =>
  `${row.procedure_code ?? ''}|${row.view_position ?? ''}`;

/** A row's identity on the page and in data attributes. */
export const doseRowId = (row: DoseAnalysisRow): string =>
  `${row.scope}|${procedureViewKey(row)}|${row.period_start ?? 'all'}|${row.key ?? ''}`;

/** The procedures and views in the rows, those with a reference first, then most images: what the charts can be drawn for. */
export function procedureViews(
  rows: readonly DoseAnalysisRow[],
): Array<{ key: string; procedure_code: string | null; view_position: string | null; n: number }> {
  const found = new Map<string, { key: string; procedure_code: string | null; view_position: string | null; n: number }>();
  // the charts open on a procedure and view that has a reference (its lines are the point of the chart)
  const referenced = new Set<string>();
  const hasDepartment = rows.some((r) => r.scope === 'department');
  for (const row of rows) {
    if (row.scope !== 'department' && hasDepartment) continue;
    const key = procedureViewKey(row);
    const entry = found.get(key) ?? { key, procedure_code: row.procedure_code, view_position: row.view_position, n: 0 };
    entry.n += row.n;
    found.set(key, entry);
    if (row.drl !== null) referenced.add(key);
  }
  return [...found.values()].sort(
    (a, b) => Number(referenced.has(b.key)) - Number(referenced.has(a.key)) || b.n - a.n || a.key.localeCompare(b.key),
  );
}

/**
 * The table's order: by procedure and view (most images first), then period (oldest first), then group (most images
 * first, unknown last), a radiographer's own row right above the department's for the same group.
 */
export function orderedDoseRows(rows: readonly DoseAnalysisRow[], labelOf: (row: DoseAnalysisRow) => string): DoseAnalysisRow[] {
  const procedureWeight = new Map<string, number>();
  const groupWeight = new Map<string, number>();
  for (const row of rows) {
    procedureWeight.set(procedureViewKey(row), (procedureWeight.get(procedureViewKey(row)) ?? 0) + row.n);
    groupWeight.set(row.key ?? '', (groupWeight.get(row.key ?? '') ?? 0) + row.n);
  }
  return [...rows].sort((a, b) => {
    const pa = procedureViewKey(a);
    const pb = procedureViewKey(b);
    if (pa !== pb) return (procedureWeight.get(pb) ?? 0) - (procedureWeight.get(pa) ?? 0) || pa.localeCompare(pb);
    const period = (a.period_start ?? '').localeCompare(b.period_start ?? '');
    if (period !== 0) return period;
    if (a.key === b.key) return Number(a.scope === 'department') - Number(b.scope === 'department');
    const unknown = Number(a.key === null) - Number(b.key === null);
    if (unknown !== 0) return unknown;
    return (groupWeight.get(b.key ?? '') ?? 0) - (groupWeight.get(a.key ?? '') ?? 0) || labelOf(a).localeCompare(labelOf(b));
  });
}

const REFERENCE_COLOURS = { drl: '#ff8a80', target: '#fff176' };

/** the axis's top: room above the highest value and the DRN */
function axisTop(values: readonly (number | null)[], drl: number | null): number {
  const highest = Math.max(drl ?? 0, ...values.map((v) => v ?? 0));
  if (!(highest > 0)) return 1;
  const raw = highest * 1.15;
  const step = 10 ** Math.floor(Math.log10(raw));
  // rounded to what it means: 3 × 0.1 is 0.30000000000000004 in binary, which the axis would print as its top
  return Number((Math.ceil(raw / step) * step).toPrecision(12));
}

function referenceLines(drl: number | null, target: number | null, points: number, unit: string, translator: Translator): ChartSeries[] {
  const line = (key: MessageKey, value: number, colour: string): ChartSeries => ({
    label: translated(translator, key, { value: `${formatDose(value, translator.locale) ?? ''} ${unit}` }),
    values: Array.from({ length: points }, () => value),
    kind: 'line',
    reference: { colour },
  });
  return [
    ...(drl !== null ? [line('dose.line.drl', drl, REFERENCE_COLOURS.drl)] : []),
    ...(target !== null ? [line('dose.line.target', target, REFERENCE_COLOURS.target)] : []),
  ];
}

/** The reference of a procedure's rows: the one the department rows name (one per procedure and view). */
export function referenceOf(rows: readonly DoseAnalysisRow[]): { drl: number | null; target: number | null } {
  const withDrl = rows.find((row) => row.drl !== null);
  return { drl: withDrl?.drl ?? null, target: withDrl?.target ?? null };
}

export interface DoseChartGroup {
  readonly id: string;
  readonly label: string;
  readonly rows: readonly DoseAnalysisRow[];
}

/** The chart's groups of one procedure and view: one per scope and key, most images first, at most `max`. */
export function doseChartGroups(
  rows: readonly DoseAnalysisRow[],
  labelOf: (row: DoseAnalysisRow) => string,
  translator: Translator,
  max: number,
): { groups: DoseChartGroup[]; more: boolean } {
  const bothScopes = rows.some((row) => row.scope === 'own') && rows.some((row) => row.scope === 'department');
  const byId = new Map<string, { label: string; n: number; rows: DoseAnalysisRow[] }>();
  for (const row of rows) {
    const id = `${row.scope}|${row.key ?? ''}`;
    const name = labelOf(row);
    const label = bothScopes ? `${translator.t(row.scope === 'own' ? 'dose.scope.own' : 'dose.scope.department')}: ${name}` : name;
    const group = byId.get(id) ?? { label, n: 0, rows: [] };
    group.n += row.n;
    group.rows.push(row);
    byId.set(id, group);
  }
  const all = [...byId].sort((a, b) => b[1].n - a[1].n).map(([id, group]) => ({ id, label: group.label, rows: group.rows }));
  return { groups: all.slice(0, max), more: all.length > max };
}

const axisLabel = (quantity: DoseQuantity, unit: string, translator: Translator): string =>
  `${translator.t(QUANTITY_KEYS[quantity])} (${unit})`;

/** The distribution per group (the whole period): P25, median and P75 as bars, the DRN and the streefwaarde as lines. */
export function distributionChart(
  groups: readonly DoseChartGroup[],
  quantity: DoseQuantity,
  unit: string,
  translator: Translator,
): ChartSpec {
  const first = (group: DoseChartGroup): DoseAnalysisRow => group.rows[0]!;
  const p25 = groups.map((group) => first(group).p25);
  const median = groups.map((group) => first(group).median);
  const p75 = groups.map((group) => first(group).p75);
  const { drl, target } = referenceOf(groups.flatMap((group) => group.rows));
  return {
    kind: 'bar',
    labels: groups.map((group) => group.label),
    series: [
      { label: translator.t('dose.col.p25'), values: p25 },
      { label: translator.t('dose.col.median'), values: median },
      { label: translator.t('dose.col.p75'), values: p75 },
      ...referenceLines(drl, target, groups.length, unit, translator),
    ],
    valueLabel: axisLabel(quantity, unit, translator),
    max: axisTop([...p25, ...median, ...p75], drl),
    unit: '',
    legend: true,
  };
}

/** The monthly medians: a line per group over the months, the DRN and the streefwaarde as lines. */
export function monthlyChart(
  rows: readonly DoseAnalysisRow[],
  groups: readonly DoseChartGroup[],
  quantity: DoseQuantity,
  unit: string,
  translator: Translator,
): ChartSpec {
  const starts = [...new Set(rows.map((row) => row.period_start))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  const series: ChartSeries[] = groups.map((group) => ({
    label: group.label,
    values: starts.map((start) => group.rows.find((row) => row.period_start === start)?.median ?? null),
  }));
  const { drl, target } = referenceOf(rows);
  return {
    kind: 'line',
    labels: starts.map((start) => dosePeriodName(start, 'month', translator)),
    series: [...series, ...referenceLines(drl, target, starts.length, unit, translator)],
    valueLabel: axisLabel(quantity, unit, translator),
    max: axisTop(
      series.flatMap((s) => s.values),
      drl,
    ),
    unit: '',
    legend: true,
  };
}
