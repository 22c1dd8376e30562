/**
 * The reject analysis's rows turned into what the page shows: names of keys and periods in the reader's language,
 * the table's order (a radiographer's own row right above the department's), rates with one decimal, and the
 * charts (the trend with the site's thresholds as lines, the rates per group, the Pareto of reasons). Plain
 * functions, no React; the domain logic (flags, Pareto, CSV, drill-down) is in @iqs/domain.
 */
import type {
  Pareto,
  RejectAnalysisRow,
  RejectDimension,
  RejectPeriod,
  RejectReasonEntry,
  RejectThresholds,
  ServiceYearsBand,
} from '@iqs/domain';
import type { MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';
import { inLanguage, translated } from '../ui/display';
import type { ChartSeries, ChartSpec } from './statistics';

export const RA_DIMENSION_KEYS: Record<RejectDimension, MessageKey> = {
  all: 'ra.dimension.all',
  procedure: 'ra.dimension.procedure',
  view: 'ra.dimension.view',
  modality: 'ra.dimension.modality',
  room: 'ra.dimension.room',
  radiographer: 'ra.dimension.radiographer',
  group: 'ra.dimension.group',
  reason: 'ra.dimension.reason',
  age_band: 'ra.dimension.age_band',
};

export const RA_PERIOD_KEYS: Record<RejectPeriod, MessageKey> = {
  week: 'ra.period.week',
  month: 'ra.period.month',
  quarter: 'ra.period.quarter',
  year: 'ra.period.year',
  all: 'ra.period.all',
};

export const AGE_BAND_KEYS: Record<string, MessageKey> = { child: 'ra.age.child', adult: 'ra.age.adult', unknown: 'ra.age.unknown' };

export const CATEGORY_KEYS: Record<string, MessageKey> = {
  positioning: 'ra.category.positioning',
  exposure: 'ra.category.exposure',
  motion: 'ra.category.motion',
  artefact: 'ra.category.artefact',
  equipment: 'ra.category.equipment',
  other: 'ra.category.other',
};

export const FLAG_MARKS: Record<string, string> = { above_investigation: '▲', above_target: '△', below_investigation: '▼' };

const SERVICE_BANDS: readonly string[] = ['0-2', '2-5', '5-10', '10+'] satisfies readonly ServiceYearsBand[];

/** What the page knows besides the rows, to name keys in the reader's language. */
export interface KeyNames {
  readonly reasons: ReadonlyMap<string, Pick<RejectReasonEntry, 'label_nl' | 'label_en' | 'category'>>;
  /** procedure code → its names */
  readonly procedures: ReadonlyMap<string, { readonly name_nl: string; readonly name_en: string }>;
}

export const NO_NAMES: KeyNames = { reasons: new Map(), procedures: new Map() };

/**
 * A reason's name in the reader's language; a CID 7011 code whose name a local reason also has ("Positioning" and
 * 111209 "Positioning") carries its code.
 */
export function reasonLabel(code: string | null, names: KeyNames, language: Translator['language']): string | null {
  if (code === null) return null;
  const reason = names.reasons.get(code);
  if (!reason) return code;
  const label = inLanguage(language, reason.label_nl, reason.label_en) ?? code;
  if (!/^\d+$/.test(code)) return label;
  for (const [other, entry] of names.reasons)
    if (other !== code && !/^\d+$/.test(other) && inLanguage(language, entry.label_nl, entry.label_en) === label)
      return `${label} (${code})`;
  return label;
}

/** Reason names for these codes, the code added where two share a name (the local "Positioning" and CID 7011's 111209). */
export function distinctReasonLabels(codes: readonly string[], names: KeyNames, language: Translator['language']): Map<string, string> {
  const plain = new Map(codes.map((code) => [code, reasonLabel(code, names, language) ?? code]));
  const uses = new Map<string, number>();
  for (const label of plain.values()) uses.set(label, (uses.get(label) ?? 0) + 1);
  return new Map([...plain].map(([code, label]) => [code, (uses.get(label) ?? 0) > 1 && label !== code ? `${label} (${code})` : label]));
}

export function categoryLabel(category: string, translator: Translator): string {
  const key = CATEGORY_KEYS[category];
  return key ? translator.t(key) : category;
}

/** A row's name in the table: its group (in the reader's language), the department for a radiographer's department row. */
export function rowLabel(
  row: Pick<RejectAnalysisRow, 'scope' | 'key' | 'label'>,
  dimension: RejectDimension,
  translator: Translator,
  names: KeyNames,
): string {
  const { t, language } = translator;
  if (dimension === 'all') return row.scope === 'own' ? t('ra.scope.own') : t('ra.allImages');
  if (row.key === null) {
    if (row.scope === 'department' && (dimension === 'radiographer' || dimension === 'group')) return t('ra.departmentRow');
    if (dimension === 'reason') return t('ra.withoutReasonRow');
    return row.label ?? t('ra.unknownKey');
  }
  switch (dimension) {
    case 'reason':
      return reasonLabel(row.key, names, language) ?? row.label ?? row.key;
    case 'age_band':
      return AGE_BAND_KEYS[row.key] ? t(AGE_BAND_KEYS[row.key]!) : row.key;
    case 'procedure': {
      const procedure = names.procedures.get(row.key);
      return (procedure ? inLanguage(language, procedure.name_nl, procedure.name_en) : null) ?? row.label ?? row.key;
    }
    case 'group':
      return SERVICE_BANDS.includes(row.key)
        ? translated(translator, 'ra.band', { band: row.key.replace('-', '–') })
        : (row.label ?? row.key);
    default:
      return row.label ?? row.key;
  }
}

/** "W10 2026" / "wk 10 2026", "Mar 2026" / "mrt 2026", "Q1 2026" / "K1 2026", "2026"; the whole period's name for 'all'. */
export function rejectPeriodName(
  row: Pick<RejectAnalysisRow, 'period_start' | 'period_label'>,
  period: RejectPeriod,
  translator: Translator,
): string {
  const { language, locale, t } = translator;
  if (period === 'all' || row.period_start === null) return t('ra.period.all');
  const label = row.period_label;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-W(\d{1,2})$/.exec(label)))
    return language === 'nl' ? `wk ${Number(match[2])} ${match[1]}` : `W${Number(match[2])} ${match[1]}`;
  if ((match = /^(\d{4})-Q(\d)$/.exec(label))) return `${language === 'nl' ? 'K' : 'Q'}${match[2]} ${match[1]}`;
  if ((match = /^(\d{4})-(\d{2})$/.exec(label)))
    return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)),
    );
  return label;
}

/** A rate 0..1 as a percentage with one decimal: "8.4%" / "8,4%". */
export function formatRate(rate: number | null, locale: string): string | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/** DAP in Gy·cm²: three decimals under 1 (0.1 mGy·cm² is below any exposure's), two under 10, one above. */
export function formatDap(value: number | null, locale: string): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  const size = Math.abs(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: size < 1 ? 3 : size < 10 ? 2 : 1 }).format(value);
}

/** A deviation index with its sign and one decimal: "+1.2", "−0.4", "0.0". */
export function formatDi(value: number | null, locale: string): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value);
}

/** A row's identity on the page and in data-cy attributes. */
export const rowId = (row: Pick<RejectAnalysisRow, 'scope' | 'period_start' | 'key'>): string =>
  `${row.scope}|${row.period_start ?? 'all'}|${row.key ?? ''}`;

/**
 * The table's order: by period (oldest first), then by group (most images in the whole selection first, unknown
 * last), a radiographer's own row right above the department's for the same group.
 */
export function orderedRows(rows: readonly RejectAnalysisRow[], labelOf: (row: RejectAnalysisRow) => string): RejectAnalysisRow[] {
  const weight = new Map<string, number>();
  for (const row of rows) weight.set(row.key ?? '', (weight.get(row.key ?? '') ?? 0) + row.total);
  return [...rows].sort((a, b) => {
    const period = (a.period_start ?? '').localeCompare(b.period_start ?? '');
    if (period !== 0) return period;
    // one group: the own row first
    if (a.key === b.key) return Number(a.scope === 'department') - Number(b.scope === 'department');
    const unknown = Number(a.key === null) - Number(b.key === null);
    if (unknown !== 0) return unknown;
    const heavier = (weight.get(b.key ?? '') ?? 0) - (weight.get(a.key ?? '') ?? 0);
    if (heavier !== 0) return heavier;
    return labelOf(a).localeCompare(labelOf(b));
  });
}

const REFERENCE_COLOURS = { above: '#ff8a80', target: '#fff176', below: '#b0bec5' };

const percent = (rate: number | null): number | null => (rate === null || !Number.isFinite(rate) ? null : Math.round(rate * 1000) / 10);

function thresholdSeries(thresholds: RejectThresholds, points: number, translator: Translator): ChartSeries[] {
  const { locale } = translator;
  const line = (key: MessageKey, rate: number, colour: string): ChartSeries => ({
    label: translated(translator, key, { rate: formatRate(rate, locale) ?? '' }),
    values: Array.from({ length: points }, () => percent(rate)),
    kind: 'line',
    reference: { colour },
  });
  return [
    line('ra.line.above', thresholds.investigateAbove, REFERENCE_COLOURS.above),
    line('ra.line.target', thresholds.target, REFERENCE_COLOURS.target),
    line('ra.line.below', thresholds.investigateBelow, REFERENCE_COLOURS.below),
  ];
}

/** the axis's top: room above the highest value and the investigation line, in whole 5 % steps */
function axisTop(values: readonly (number | null)[], thresholds: RejectThresholds | null): number {
  const highest = Math.max(thresholds ? (percent(thresholds.investigateAbove) ?? 0) : 0, ...values.map((v) => v ?? 0));
  return Math.min(100, Math.max(5, Math.ceil((highest * 1.15) / 5) * 5));
}

export interface ChartGroup {
  readonly id: string;
  readonly label: string;
  readonly rows: readonly RejectAnalysisRow[];
}

/** The chart's groups: one per scope and key, those with most images first, at most `max`. */
export function chartGroups(
  rows: readonly RejectAnalysisRow[],
  labelOf: (row: RejectAnalysisRow) => string,
  translator: Translator,
  max: number,
): { groups: ChartGroup[]; more: boolean } {
  const bothScopes = rows.some((row) => row.scope === 'own') && rows.some((row) => row.scope === 'department');
  const byId = new Map<string, { label: string; total: number; rows: RejectAnalysisRow[] }>();
  for (const row of rows) {
    const id = `${row.scope}|${row.key ?? ''}`;
    const scopeName = translator.t(row.scope === 'own' ? 'ra.scope.own' : 'ra.scope.department');
    const name = labelOf(row);
    const whole = name === translator.t('ra.allImages') || name === translator.t('ra.departmentRow');
    const label = !bothScopes || name === scopeName ? name : whole ? scopeName : `${scopeName}: ${name}`;
    const group = byId.get(id) ?? { label, total: 0, rows: [] };
    group.total += row.total;
    group.rows.push(row);
    byId.set(id, group);
  }
  const all = [...byId].sort((a, b) => b[1].total - a[1].total).map(([id, group]) => ({ id, label: group.label, rows: group.rows }));
  return { groups: all.slice(0, max), more: all.length > max };
}

/** The trend: a line per group over the periods, and the thresholds as dashed lines. */
export function trendChart(
  rows: readonly RejectAnalysisRow[],
  groups: readonly ChartGroup[],
  period: RejectPeriod,
  thresholds: RejectThresholds | null,
  translator: Translator,
): ChartSpec {
  const starts = [...new Set(rows.map((row) => row.period_start))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  const labels = starts.map((start) => {
    const row = rows.find((r) => r.period_start === start)!;
    return rejectPeriodName(row, period, translator);
  });
  const series: ChartSeries[] = groups.map((group) => ({
    label: group.label,
    values: starts.map((start) => {
      const row = group.rows.find((r) => r.period_start === start);
      return row ? percent(row.reject_rate ?? (row.total > 0 ? row.rejected / row.total : null)) : null;
    }),
  }));
  return {
    kind: 'line',
    labels,
    series: [...series, ...(thresholds ? thresholdSeries(thresholds, labels.length, translator) : [])],
    valueLabel: translator.t('ra.rateAxis'),
    max: axisTop(
      series.flatMap((s) => s.values),
      thresholds,
    ),
    legend: true,
  };
}

/** The whole period: a bar per group, and the thresholds as dashed lines across. */
export function ratesChart(groups: readonly ChartGroup[], thresholds: RejectThresholds | null, translator: Translator): ChartSpec {
  const values = groups.map((group) => {
    const row = group.rows[0]!;
    return percent(row.reject_rate ?? (row.total > 0 ? row.rejected / row.total : null));
  });
  return {
    kind: 'bar',
    labels: groups.map((group) => group.label),
    series: [{ label: translator.t('ra.col.rate'), values }, ...(thresholds ? thresholdSeries(thresholds, groups.length, translator) : [])],
    valueLabel: translator.t('ra.rateAxis'),
    max: axisTop(values, thresholds),
    legend: true,
  };
}

/** The Pareto: a bar per reason (its share), the cumulative share as a line. */
export function paretoChart(pareto: Pareto, names: KeyNames, translator: Translator): ChartSpec {
  return {
    kind: 'bar',
    labels: (() => {
      const labels = distinctReasonLabels(
        pareto.reasons.map((entry) => entry.key),
        names,
        translator.language,
      );
      return pareto.reasons.map((entry) => labels.get(entry.key) ?? entry.key);
    })(),
    series: [
      { label: translator.t('ra.paretoShare'), values: pareto.reasons.map((entry) => percent(entry.share)) },
      { label: translator.t('ra.paretoCumulative'), values: pareto.reasons.map((entry) => percent(entry.cumulative)), kind: 'line' },
    ],
    valueLabel: translator.t('ra.shareAxis'),
    max: 100,
    legend: true,
  };
}
