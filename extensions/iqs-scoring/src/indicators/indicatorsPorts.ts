/**
 * The visitatie indicators' shapes (issue 13): what the indicators section on /iqs (indicators/IndicatorsSection.tsx)
 * asks of the backend (data/indicators.ts). The figures are computed in SQL (migration 36: quality_indicators), the
 * names and definitions are @iqs/domain's (QUALITY_INDICATORS). Department figures that name nobody: every signed-in
 * person of the site gets them. Types only: nothing here runs.
 */
import type { IndicatorPeriod, QualityIndicatorRow } from '@iqs/domain';

/** How the chosen range is split: one period, or per calendar year, quarter or month. */
export type IndicatorGrouping = IndicatorPeriod;

/** One indicator in one period: numerator, denominator, value (null when the denominator is 0). */
export type IndicatorRow = QualityIndicatorRow;

export interface IndicatorData {
  /** every indicator for every period of [from, to] (YYYY-MM-DD, both included) */
  indicators(from: string, to: string, per: IndicatorGrouping): Promise<readonly IndicatorRow[]>;
}
