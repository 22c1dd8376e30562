import { createTranslator } from '../../src/i18n/translator';
import {
  chartGroups,
  formatDap,
  NO_NAMES,
  orderedRows,
  reasonLabel,
  rejectPeriodName,
  rowLabel,
  type KeyNames,
} from '../../src/pages/rejectAnalysisView';
import { REASONS, row } from '../components/rejectAnalysisFixtures';

const en = createTranslator('en');
const nl = createTranslator('nl');
const names: KeyNames = {
  reasons: new Map(
    [...REASONS, { code: '111209', label_nl: 'Positionering', label_en: 'Positioning', category: 'positioning' }].map((r) => [r.code, r]),
  ),
  procedures: new Map([['knie', { name_nl: 'X-Knie', name_en: 'Knee X-ray' }]]),
};

describe('the reject analysis as the page shows it', () => {
  it('names a CID 7011 reason by its code where a local reason has the same name', () => {
    expect(reasonLabel('positioning', names, 'en')).toBe('Positioning');
    expect(reasonLabel('111209', names, 'en')).toBe('Positioning (111209)');
    expect(reasonLabel('motion', names, 'nl')).toBe('Beweging');
    expect(reasonLabel('nope', names, 'en')).toBe('nope');
  });

  it('names rows in the reader language, the department row and the rejects without a reason', () => {
    expect(rowLabel(row({ key: 'knie', label: 'X-Knie' }), 'procedure', en, names)).toBe('Knee X-ray');
    expect(rowLabel(row({ key: 'child' }), 'age_band', nl, NO_NAMES)).toBe('Kind (jonger dan 16)');
    expect(rowLabel(row({ key: '5-10' }), 'group', en, NO_NAMES)).toBe('5–10 years of service');
    expect(rowLabel(row({ key: null }), 'radiographer', en, NO_NAMES)).toBe('Department (everyone)');
    expect(rowLabel(row({ key: null }), 'reason', en, NO_NAMES)).toBe('(no reason)');
    expect(rowLabel(row({ key: null }), 'room', en, NO_NAMES)).toBe('(unknown)');
    expect(rowLabel(row({ scope: 'own' }), 'all', nl, NO_NAMES)).toBe('Van mij');
  });

  it('names periods', () => {
    const at = (period_label: string) => ({ period_start: '2026-03-02', period_label });
    expect(rejectPeriodName(at('2026-W10'), 'week', en)).toBe('W10 2026');
    expect(rejectPeriodName(at('2026-W10'), 'week', nl)).toBe('wk 10 2026');
    expect(rejectPeriodName(at('2026-Q1'), 'quarter', nl)).toBe('K1 2026');
    expect(rejectPeriodName(at('2026-03'), 'month', en)).toBe('Mar 2026');
    expect(rejectPeriodName(at('2026'), 'year', en)).toBe('2026');
    expect(rejectPeriodName({ period_start: null, period_label: 'all' }, 'all', en)).toBe('Whole period');
  });

  it('orders by period, then the groups with most images, own above the department', () => {
    const rows = [
      row({ period_start: '2026-02-01', key: 'a', total: 5 }),
      row({ period_start: '2026-01-01', key: null, total: 100 }),
      row({ period_start: '2026-01-01', key: 'b', total: 50, scope: 'department' }),
      row({ period_start: '2026-01-01', key: 'b', total: 10, scope: 'own' }),
      row({ period_start: '2026-01-01', key: 'a', total: 1 }),
    ];
    expect(orderedRows(rows, (r) => r.key ?? '').map((r) => `${r.period_start} ${r.key} ${r.scope}`)).toEqual([
      '2026-01-01 b own',
      '2026-01-01 b department',
      '2026-01-01 a department',
      '2026-01-01 null department',
      '2026-02-01 a department',
    ]);
  });

  it("puts a radiographer's own figures first and names the chart's lines by whose they are", () => {
    const rows = [row({ scope: 'department', total: 100 }), row({ scope: 'own', total: 10 })];
    const labelOf = (r: (typeof rows)[number]) => rowLabel(r, 'all', en, NO_NAMES);
    expect(orderedRows(rows, labelOf).map((r) => r.scope)).toEqual(['own', 'department']);
    expect(chartGroups(rows, labelOf, en, 6).groups.map((g) => g.label)).toEqual(['Department', 'Mine']);
    const byRoom = [
      row({ scope: 'department', key: 'K1', label: 'Kamer 1', total: 9 }),
      row({ scope: 'own', key: 'K1', label: 'Kamer 1', total: 3 }),
    ];
    expect(chartGroups(byRoom, (r) => rowLabel(r, 'room', en, NO_NAMES), en, 6).groups.map((g) => g.label)).toEqual([
      'Department: Kamer 1',
      'Mine: Kamer 1',
    ]);
  });

  it('writes DAP with enough decimals for one exposure', () => {
    expect(formatDap(0.102, 'en-GB')).toBe('0.102');
    expect(formatDap(2.456, 'nl-NL')).toBe('2,46');
    expect(formatDap(123.45, 'en-GB')).toBe('123.5');
    expect(formatDap(null, 'en-GB')).toBeNull();
  });
});
