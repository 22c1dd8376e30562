/**
 * `iqs report indicators`: the visitatie indicators of a department (quality_indicators_for_site, migration 36) for
 * automation and exports.
 *
 *   iqs report indicators [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--per all|year|quarter|month] [--site <code>] [--json]
 *
 * Defaults: the current calendar year (with only --from or --to: that date's year), --per all. --json prints one JSON
 * object per line per indicator and period, the keys first and in its order:
 * {"indicator","numerator","denominator","value","period"}, then "period_from", "period_to" and the indicator's English
 * name; without it a readable table with the names and definitions of packages/domain/src/qualityIndicators.ts.
 */
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient } from '@iqs/database';
import {
  INDICATOR_PERIODS,
  type IndicatorPeriod,
  indicatorValueText,
  parseDicomDate,
  qualityIndicatorDefinition,
  type QualityIndicatorRow,
} from '@iqs/domain';
import type { Output } from './commands';
import { connectAsService } from './connect';
import { resolveSite } from './site';

export class IndicatorsInputError extends Error {}

export interface IndicatorsOptions {
  readonly from: string | null;
  readonly to: string | null;
  readonly per: IndicatorPeriod;
  readonly json: boolean;
}

/** One line of --json: the keys first, in its order; more after them. */
export interface IndicatorLine {
  indicator: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  period: string;
  period_from: string;
  period_to: string;
  name: string;
}

function date(value: string | undefined, name: string): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value) || parseDicomDate(value.replaceAll('-', '')) === null)
    throw new IndicatorsInputError(`--${name} must be a date as YYYY-MM-DD, not ${value}`);
  return value;
}

export function parseIndicatorsOptions(values: { from?: string; to?: string; per?: string; json?: boolean }): IndicatorsOptions {
  const per = values.per ?? 'all';
  if (!(INDICATOR_PERIODS as readonly string[]).includes(per))
    throw new IndicatorsInputError(`--per must be one of ${INDICATOR_PERIODS.join(', ')}, not ${per}`);
  const from = date(values.from, 'from');
  const to = date(values.to, 'to');
  if (from && to && from > to) throw new IndicatorsInputError(`--from ${from} is after --to ${to}`);
  return { from, to, per: per as IndicatorPeriod, json: values.json ?? false };
}

const number = (value: number | string | null): number | null => (value === null ? null : Number(value));

export async function indicatorRows(client: IqsServiceClient, siteId: string, options: IndicatorsOptions): Promise<QualityIndicatorRow[]> {
  const { data, error } = await client.rpc('quality_indicators_for_site', {
    site: siteId,
    period_from: options.from ?? undefined,
    period_to: options.to ?? undefined,
    per: options.per,
  });
  if (error) throw new Error(`quality_indicators_for_site: ${error.message}`);
  // (the generated types do not know the composite public.quality_indicator_row: its columns, as the SQL gives them)
  const rows = (data ?? []) as Array<
    Omit<QualityIndicatorRow, 'numerator' | 'denominator' | 'value'> & Record<'numerator' | 'denominator' | 'value', number | string | null>
  >;
  return rows.map((r) => ({
    indicator: r.indicator,
    period: r.period,
    period_from: r.period_from,
    period_to: r.period_to,
    numerator: number(r.numerator),
    denominator: number(r.denominator),
    value: number(r.value),
  }));
}

export function indicatorLine(row: QualityIndicatorRow): IndicatorLine {
  return {
    indicator: row.indicator,
    numerator: row.numerator,
    denominator: row.denominator,
    value: row.value,
    period: row.period,
    period_from: row.period_from,
    period_to: row.period_to,
    name: qualityIndicatorDefinition(row.indicator)?.name.en ?? row.indicator,
  };
}

/** A numerator or denominator: a count, or (the change in reject rate) a rate as a percentage. */
function count(value: number | null, indicator: string): string {
  if (value === null) return '—';
  return qualityIndicatorDefinition(indicator)?.kind === 'difference' ? `${(value * 100).toFixed(1)}%` : String(value);
}

export async function printIndicators(client: IqsServiceClient, siteId: string, options: IndicatorsOptions, output: Output): Promise<void> {
  const rows = await indicatorRows(client, siteId, options);
  if (options.json) {
    for (const row of rows) output.out(JSON.stringify(indicatorLine(row)));
    return;
  }
  let period = '';
  for (const row of rows) {
    if (row.period !== period) {
      period = row.period;
      output.out(`\n${period.replace('/', ' – ')}`);
      output.out(`  ${'indicator'.padEnd(36)}${'numerator'.padStart(11)}${'denominator'.padStart(13)}${'value'.padStart(10)}`);
    }
    const name = qualityIndicatorDefinition(row.indicator)?.name.en ?? row.indicator;
    output.out(
      `  ${name.padEnd(36)}${count(row.numerator, row.indicator).padStart(11)}${count(row.denominator, row.indicator).padStart(13)}${indicatorValueText(row, 'en').padStart(10)}`,
    );
  }
  output.out('\nA value is numerator / denominator (— when the denominator is 0); the change in reject rate is this period’s rate');
  output.out('minus the previous period’s, in percentage points. Definitions: README, "Visitatie indicators".');
}

export async function reportIndicatorsCommand(
  settings: IqsSettings,
  site: string | null,
  options: IndicatorsOptions,
  output: Output,
): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const resolved = await resolveSite(connection.client, site);
    await printIndicators(connection.client, resolved.id, options, output);
  } finally {
    await connection.close();
  }
}
