import {
  INDICATOR_CSV_HEADERS,
  indicatorsCsv,
  indicatorValueText,
  QUALITY_INDICATOR_IDS,
  QUALITY_INDICATORS,
  type QualityIndicatorRow,
} from '../src';

describe('the visitatie indicators’ definitions', () => {
  it('define every indicator once, in the order of the ids, in Dutch and English', () => {
    expect(QUALITY_INDICATORS.map((d) => d.id)).toEqual([...QUALITY_INDICATOR_IDS]);
    for (const d of QUALITY_INDICATORS)
      for (const text of [d.name, d.definition, d.numerator, d.denominator]) {
        expect(text.nl.trim()).not.toBe('');
        expect(text.en.trim()).not.toBe('');
        expect(text.nl).not.toBe(text.en);
      }
    expect(QUALITY_INDICATORS.filter((d) => d.kind === 'difference').map((d) => d.id)).toEqual(['reject_rate_change']);
  });

  const row = (indicator: string, numerator: number | null, denominator: number | null, value: number | null): QualityIndicatorRow => ({
    indicator,
    period: '2026-01-01/2026-03-31',
    period_from: '2026-01-01',
    period_to: '2026-03-31',
    numerator,
    denominator,
    value,
  });

  it('show a share as a percentage, the change in percentage points, and no value as —', () => {
    expect(indicatorValueText(row('reject_rate', 9, 91, 9 / 91), 'en')).toBe('9.9%');
    expect(indicatorValueText(row('reject_rate', 9, 91, 9 / 91), 'nl')).toBe('9,9%');
    expect(indicatorValueText(row('reject_rate_change', 0.05, 0.1, -0.05), 'en')).toBe('-5.0 pp');
    expect(indicatorValueText(row('reject_rate_change', 0.1, 0.05, 0.05), 'en')).toBe('+5.0 pp');
    expect(indicatorValueText(row('criteria_met_share', 0, 0, null), 'en')).toBe('—');
  });

  it('write a CSV with labels, never the ids, values as fractions and no value empty', () => {
    const csv = indicatorsCsv([row('reject_rate', 9, 91, 9 / 91), row('criteria_met_share', 0, 0, null)], 'en');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(INDICATOR_CSV_HEADERS.en.join(','));
    expect(lines[1]).toMatch(
      /^Reject rate,2026-01-01,2026-03-31,9,91,0.098901,rejected images,all patient images,"Rejected patient images/u,
    );
    expect(lines[2]).toMatch(/^Share of criteria met,2026-01-01,2026-03-31,0,0,,answers met,/u);
    expect(csv).not.toContain('reject_rate');
  });
});
