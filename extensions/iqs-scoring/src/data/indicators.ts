/**
 * The visitatie indicators' data (indicators/indicatorsPorts.ts IndicatorData) over supabase-js: quality_indicators
 * (migration 36) computes every figure for the signed-in person's site; this module passes the period on and turns
 * the numeric columns (which may arrive as text) into numbers.
 */
import type { IndicatorData, IndicatorGrouping, IndicatorRow } from '../indicators/indicatorsPorts';
import type { IqsClient } from './client';
import { BackendError } from './profile';

const numberOrNull = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
const textOf = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export async function qualityIndicators(client: IqsClient, from: string, to: string, per: IndicatorGrouping): Promise<IndicatorRow[]> {
  const { data, error } = await client.rpc('quality_indicators', { period_from: from, period_to: to, per });
  if (error) throw new BackendError(error.message, error.code ?? null);
  // (the generated types do not know the composite row type: its columns as migration 36 gives them)
  return ((data ?? []) as Array<Record<string, unknown>>).map((row) => ({
    indicator: textOf(row['indicator']),
    period: textOf(row['period']),
    period_from: textOf(row['period_from']),
    period_to: textOf(row['period_to']),
    numerator: numberOrNull(row['numerator']),
    denominator: numberOrNull(row['denominator']),
    value: numberOrNull(row['value']),
  }));
}

export function createIndicatorData(client: IqsClient): IndicatorData {
  return { indicators: (from, to, per) => qualityIndicators(client, from, to, per) };
}
