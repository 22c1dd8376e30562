import {
  DEFAULT_REJECT_THRESHOLDS,
  REJECT_CSV_COLUMNS,
  drillDownFilter,
  paretoOf,
  periodDateRange,
  rejectAnalysisCsv,
  rejectFlag,
  type RejectAnalysisRow,
} from '../src';

const row = (over: Partial<RejectAnalysisRow>): RejectAnalysisRow => ({
  scope: 'department',
  period_start: null,
  period_label: 'all',
  key: null,
  label: null,
  rejected: 0,
  total: 0,
  reject_rate: null,
  without_reason: 0,
  reasons: {},
  wasted_dap_gy_cm2: null,
  flag: null,
  ...over,
});

describe('rejectFlag', () => {
  it.each([
    [0.12, 'above_investigation'],
    [0.1, 'above_target'],
    [0.09, 'above_target'],
    [0.08, null],
    [0.05, null],
    [0.049, 'below_investigation'],
    [0, 'below_investigation'],
    [null, null],
  ] as const)('flags a rate of %p as %p with the default thresholds', (rate, flag) => {
    expect(rejectFlag(rate, DEFAULT_REJECT_THRESHOLDS)).toBe(flag);
  });

  it('follows the site thresholds', () => {
    expect(rejectFlag(0.09, { target: 0.1, investigateAbove: 0.15, investigateBelow: 0.02 })).toBeNull();
    expect(rejectFlag(0.03, { target: 0.1, investigateAbove: 0.15, investigateBelow: 0.04 })).toBe('below_investigation');
  });
});

describe('periodDateRange', () => {
  it.each([
    ['week', '2026-03-02', '2026-03-02', '2026-03-08'],
    ['week', '2026-12-28', '2026-12-28', '2027-01-03'],
    ['month', '2026-02-01', '2026-02-01', '2026-02-28'],
    ['month', '2028-02-01', '2028-02-01', '2028-02-29'],
    ['month', '2026-12-01', '2026-12-01', '2026-12-31'],
    ['quarter', '2026-04-01', '2026-04-01', '2026-06-30'],
    ['quarter', '2026-10-01', '2026-10-01', '2026-12-31'],
    ['year', '2026-01-01', '2026-01-01', '2026-12-31'],
  ] as const)('a %s from %s runs %s to %s', (period, start, from, to) => {
    expect(periodDateRange(period, start)).toEqual({ from, to });
  });

  it('has no range for the whole period or a start that is no date', () => {
    expect(periodDateRange('all', null)).toBeNull();
    expect(periodDateRange('month', null)).toBeNull();
    expect(periodDateRange('month', '2026-03')).toBeNull();
  });
});

describe('drillDownFilter', () => {
  const filter = { modalities: ['DX'], date_from: '2026-03-10', include_mammography: false };

  it('narrows the filter to the row key and its period, within the filter dates', () => {
    expect(drillDownFilter(filter, 'room', { key: 'RAD-KAMER1', period_start: '2026-03-01' }, 'month')).toEqual({
      modalities: ['DX'],
      include_mammography: false,
      rooms: ['RAD-KAMER1'],
      date_from: '2026-03-10',
      date_to: '2026-03-31',
    });
  });

  it.each([
    ['procedure', 'knie', { procedures: ['knie'] }],
    ['view', 'PA', { views: ['PA'] }],
    ['modality', 'CR', { modalities: ['CR'] }],
    ['radiographer', 'p-1', { radiographers: ['p-1'] }],
    ['group', '2-5', { group: { kind: 'service_years', band: '2-5' } }],
    ['group', 'g-uuid', { group: { kind: 'custom', id: 'g-uuid' } }],
    ['age_band', 'child', { age_bands: ['child'] }],
    ['reason', 'positioning', { reasons: ['positioning'] }],
  ] as const)('by %s narrows to key %s', (dimension, key, expected) => {
    expect(drillDownFilter({}, dimension, { key, period_start: null }, 'all')).toEqual(expected);
  });

  it("keeps a reason row's total to every image of the period", () => {
    expect(drillDownFilter({}, 'reason', { key: 'motion', period_start: '2026-01-01' }, 'year', 'total')).toEqual({
      date_from: '2026-01-01',
      date_to: '2026-12-31',
    });
  });

  it('narrows to a radiographer known only by the name in the images, but not to an unknown key', () => {
    expect(drillDownFilter({}, 'radiographer', { key: 'raw:DOE^J', period_start: null }, 'all')).toEqual({ radiographers: ['raw:DOE^J'] });
    expect(drillDownFilter({}, 'room', { key: null, period_start: null }, 'all')).toBeNull();
    expect(drillDownFilter({ rooms: ['A'] }, 'all', { key: null, period_start: null }, 'all')).toEqual({ rooms: ['A'] });
  });
});

describe('paretoOf', () => {
  const catalogue = [
    { code: 'positioning', category: 'positioning' },
    { code: 'marker', category: 'positioning' },
    { code: 'motion', category: 'motion' },
    { code: '111211', category: 'exposure' },
  ];

  it('sums the reasons of the rows, most frequent first, with shares of the rejects with a reason', () => {
    const pareto = paretoOf(
      [
        row({ reasons: { positioning: 5, motion: 2 }, without_reason: 1 }),
        row({ reasons: { positioning: 1, marker: 1, '111211': 1, mystery: 2 }, without_reason: 3 }),
      ],
      catalogue,
    );
    expect(pareto.withReason).toBe(12);
    expect(pareto.withoutReason).toBe(4);
    expect(pareto.reasons.map((e) => [e.key, e.count])).toEqual([
      ['positioning', 6],
      ['motion', 2],
      ['mystery', 2],
      ['111211', 1],
      ['marker', 1],
    ]);
    expect(pareto.reasons[0]!.share).toBeCloseTo(0.5);
    expect(pareto.reasons[1]!.cumulative).toBeCloseTo(8 / 12);
    expect(pareto.reasons.at(-1)!.cumulative).toBeCloseTo(1);
    expect(pareto.categories.map((e) => [e.key, e.count])).toEqual([
      ['positioning', 7],
      ['motion', 2],
      ['other', 2],
      ['exposure', 1],
    ]);
  });

  it('has no entries and no division by zero without reasons', () => {
    expect(paretoOf([row({ without_reason: 2 })], catalogue)).toEqual({ reasons: [], categories: [], withReason: 0, withoutReason: 2 });
  });
});

describe('rejectAnalysisCsv', () => {
  it('writes one line per row with the CLI names, a BOM and CRLF', () => {
    const csv = rejectAnalysisCsv(
      [
        row({
          scope: 'department',
          period_start: '2026-03-01',
          period_label: '2026-03',
          key: 'RAD-KAMER1',
          label: 'Kamer 1, "oud"',
          rejected: 3,
          total: 20,
          reject_rate: 0.15,
          without_reason: 1,
          reasons: { motion: 1, positioning: 2 },
          wasted_dap_gy_cm2: 0.30000000000000004,
          flag: 'above_investigation',
        }),
        row({ key: null, label: '=cmd', rejected: 0, total: 0 }),
      ],
      'room',
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(REJECT_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      'department,room,RAD-KAMER1,"Kamer 1, ""oud""",2026-03,2026-03-01,3,20,0.15,1,0.3333,0.3,above_investigation,positioning=2 motion=1',
    );
    expect(lines[2]).toBe("department,room,,'=cmd,all,,0,0,,0,,,,");
    expect(lines[3]).toBe('');
  });
});
