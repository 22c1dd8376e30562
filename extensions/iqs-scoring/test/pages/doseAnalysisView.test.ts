import { procedureViews } from '../../src/pages/doseAnalysisView';
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
