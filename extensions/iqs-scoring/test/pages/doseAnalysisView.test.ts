import { createTranslator } from '../../src/i18n/translator';
import { distributionChart, monthlyChart, procedureViews } from '../../src/pages/doseAnalysisView';
import type { DoseAnalysisRow } from '../../src/ports';

const row = (procedure: string, view: string, key: string, n: number, drl: number | null): DoseAnalysisRow => ({
  scope: 'department',
  procedure_code: procedure,
  view_position: view,
  dimension: 'room',
  key,
  label: null,
  period_start: null,
  quantity: 'dap',
  unit: 'Gy·cm²',
  n,
  median: 0.1,
  p25: 0.05,
  p75: 0.2,
  drl,
  target: drl === null ? null : drl / 2,
  status: drl === null ? 'no_reference' : 'above_target',
  reference_set: drl === null ? null : 'nl-drn-2012',
  fit_n: null,
  at_reference_weight: null,
  fit_r2: null,
});

describe('procedureViews (what the charts can be drawn for)', () => {
  it('puts a procedure and view with a reference first, then the one with most images', () => {
    const rows = [
      row('thorax', 'LL', 'RAD-KAMER1', 28, null),
      row('thorax', 'LL', 'RAD-KAMER2', 28, null),
      row('knie', 'AP', 'RAD-KAMER1', 80, null),
      row('thorax', 'PA', 'RAD-KAMER1', 28, 0.12),
      row('thorax', 'PA', 'RAD-KAMER2', 28, 0.12),
      row('bekken', 'AP', 'RAD-KAMER2', 5, 3),
    ];
    expect(procedureViews(rows).map((c) => [c.key, c.n])).toEqual([
      ['thorax|PA', 56],
      ['bekken|AP', 5],
      ['knie|AP', 80],
      ['thorax|LL', 56],
    ]);
  });
});

describe("the charts' axis top (a round number above the highest value and the DRN)", () => {
  const translator = createTranslator('en');
  /** one room whose figures are all `value` (and the DRN, when given) */
  const group = (value: number, drl: number | null) => {
    const r = { ...row('thorax', 'PA', 'A', 28, drl), p25: value, median: value, p75: value };
    return { id: 'A', label: 'A', rows: [r] };
  };

  it('is written as people write it, not as binary arithmetic leaves it (0.3, not 0.30000000000000004)', () => {
    // the demo's chest PA: the highest P75 0.259 Gy·cm², times 1.15 is 0.298, up to the next tenth
    expect(distributionChart([group(0.259, 0.12)], 'dap', 'Gy·cm²', translator).max).toBe(0.3);
    const month = { ...group(0.259, 0.12).rows[0]!, period_start: '2026-01-01' };
    const monthly = monthlyChart([month], [{ id: 'A', label: 'A', rows: [month] }], 'dap', 'Gy·cm²', translator);
    expect(monthly.max).toBe(0.3);
  });

  it('is the next round number above 1.15 × the highest, on every scale', () => {
    for (const [value, top] of [
      [0.0062, 0.008],
      [0.07, 0.09],
      [0.6, 0.7],
      [2.6, 3],
      [250, 300],
    ] as const)
      expect({ value, max: distributionChart([group(value, null)], 'dap', 'Gy·cm²', translator).max }).toEqual({ value, max: top });
  });
});
