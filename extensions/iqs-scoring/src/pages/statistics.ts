/**
 * Statistics rows (per period, group and criterion) turned into what the page shows: a table of the share met per
 * group and period, and the series of a chart. Plain functions, no React.
 *
 * A group's share over several criteria is the met answers over the answered ones, all criteria together (each
 * answer counts once); choosing one criterion narrows it to that criterion.
 */
import type { StatisticsDimension, StatisticsPeriod, StatisticsRow } from '@iqs/domain';
import type { Language } from '../i18n/translator';
import { inLanguage } from '../ui/display';

export interface Tally {
  readonly answered: number;
  readonly met: number;
  readonly share: number | null;
}

export interface StatisticsGroup extends Tally {
  readonly key: string;
  readonly label: string | null;
}

export interface StatisticsTable {
  /** period starts, oldest first; [null] for the whole period */
  readonly periods: readonly (string | null)[];
  /** every group, most answers first */
  readonly groups: readonly StatisticsGroup[];
  cell(period: string | null, groupKey: string): Tally | null;
}

const tally = (answered: number, met: number): Tally => ({ answered, met, share: answered > 0 ? met / answered : null });

/** The criteria present in the rows, for the criterion chooser (code and label, in form order of first sight). */
export function criteriaOf(rows: readonly StatisticsRow[], language: Language): { code: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const row of rows) {
    if (!seen.has(row.criterion_code))
      seen.set(row.criterion_code, inLanguage(language, row.criterion_label_nl, row.criterion_label_en) ?? row.criterion_code);
  }
  return [...seen].map(([code, label]) => ({ code, label }));
}

export function statisticsTable(
  rows: readonly StatisticsRow[],
  dimension: StatisticsDimension,
  language: Language,
  criterionCode: string | null = null,
): StatisticsTable {
  const chosen = criterionCode === null ? rows : rows.filter((row) => row.criterion_code === criterionCode);
  const groupOf = (row: StatisticsRow): { key: string; label: string | null } =>
    dimension === 'criterion'
      ? { key: row.criterion_code, label: inLanguage(language, row.criterion_label_nl, row.criterion_label_en) ?? row.criterion_code }
      : { key: row.group_key ?? '', label: row.group_label ?? row.group_key };

  const cells = new Map<string, { answered: number; met: number }>();
  const totals = new Map<string, { label: string | null; answered: number; met: number }>();
  const periods = new Set<string | null>();
  for (const row of chosen) {
    const group = groupOf(row);
    periods.add(row.period_start);
    const cellKey = `${row.period_start ?? ''}\u0000${group.key}`;
    const cell = cells.get(cellKey) ?? { answered: 0, met: 0 };
    cell.answered += row.answered;
    cell.met += row.met;
    cells.set(cellKey, cell);
    const total = totals.get(group.key) ?? { label: group.label, answered: 0, met: 0 };
    total.answered += row.answered;
    total.met += row.met;
    totals.set(group.key, total);
  }
  const groups = [...totals]
    .map(([key, total]) => ({ key, label: total.label, ...tally(total.answered, total.met) }))
    .sort((a, b) => b.answered - a.answered || (a.label ?? '').localeCompare(b.label ?? ''));
  const sortedPeriods = [...periods].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  return {
    periods: sortedPeriods,
    groups,
    cell(period, groupKey) {
      const cell = cells.get(`${period ?? ''}\u0000${groupKey}`);
      return cell ? tally(cell.answered, cell.met) : null;
    },
  };
}

/** A period's name: "Mar 2026" / "mrt 2026", "Q1 2026" / "K1 2026", "2026"; null for the whole period. */
export function periodLabel(start: string | null, period: StatisticsPeriod, language: Language, locale: string): string | null {
  if (start === null || period === 'all') return null;
  const match = /^(\d{4})-(\d{2})/.exec(start);
  if (!match) return start;
  const year = Number(match[1]);
  const month = Number(match[2]);
  switch (period) {
    case 'year':
      return String(year);
    case 'quarter':
      return `${language === 'nl' ? 'K' : 'Q'}${Math.floor((month - 1) / 3) + 1} ${year}`;
    case 'month':
      return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(Date.UTC(year, month - 1, 1)),
      );
  }
}

export interface ChartSeries {
  readonly label: string;
  /** share met in percent, null where there were no answers */
  readonly values: readonly (number | null)[];
  /** drawn as this kind inside a chart of the other kind (a Pareto's cumulative line over its bars); default the chart's */
  readonly kind?: 'bar' | 'line';
  /** a reference line (a threshold): thin, dashed, without points, in this colour */
  readonly reference?: { readonly colour: string };
}

/** What a chart draws: bars per group for one period, lines over the periods for several. */
export interface ChartSpec {
  readonly kind: 'bar' | 'line';
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** the axis title: share met (%) */
  readonly valueLabel: string;
  /** the value axis's top in percent; default 100 */
  readonly max?: number;
  /** what follows a value on the axis and in the tooltip; default '%' (a dose chart names its unit in valueLabel and passes '') */
  readonly unit?: string;
  /** show the legend; default for line charts only */
  readonly legend?: boolean;
}

/** A drawn chart that can be redrawn with new content and removed. */
export interface ChartHandle {
  update(spec: ChartSpec): void;
  destroy(): void;
}

/** Draws a chart on a canvas: Chart.js in the viewer (chartJsRenderer.ts), a stand-in in tests (jsdom has no canvas). */
export type ChartRenderer = (canvas: HTMLCanvasElement, spec: ChartSpec) => ChartHandle | Promise<ChartHandle>;

/** The chart's content: at most `maxGroups` groups (the ones with most answers), so the chart stays readable. */
export function chartSpec(
  table: StatisticsTable,
  period: StatisticsPeriod,
  options: { language: Language; locale: string; valueLabel: string; unknownLabel: string; maxGroups: number },
): ChartSpec {
  const groups = table.groups.slice(0, options.maxGroups);
  const percent = (tallied: Tally | null): number | null =>
    tallied?.share === null || tallied === null ? null : Math.round(tallied.share * 1000) / 10;
  const name = (group: StatisticsGroup): string => group.label ?? options.unknownLabel;
  if (table.periods.length <= 1) {
    const onlyPeriod = table.periods[0] ?? null;
    return {
      kind: 'bar',
      labels: groups.map(name),
      series: [{ label: options.valueLabel, values: groups.map((group) => percent(table.cell(onlyPeriod, group.key))) }],
      valueLabel: options.valueLabel,
    };
  }
  return {
    kind: 'line',
    labels: table.periods.map((start) => periodLabel(start, period, options.language, options.locale) ?? ''),
    series: groups.map((group) => ({ label: name(group), values: table.periods.map((start) => percent(table.cell(start, group.key))) })),
    valueLabel: options.valueLabel,
  };
}
