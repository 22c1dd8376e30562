import { actionFormErrors, daysPastDue, isSaneDueDate, newValues, toNewAction } from '../../src/actions/actionFormValues';
import { analysisFindingRef, findingTarget } from '../../src/actions/actionFindings';

const valid = { ...newValues({ kind: 'other', ref: null, label: null }, 'p-1', '2026-12-20'), title: 'Bord vervangen' };

describe('the action form’s checks (the limits of migration 33, before sending)', () => {
  it('accepts calendar dates from 2000 to 2099 only', () => {
    expect(['2000-01-01', '2024-02-29', '2099-12-31'].map(isSaneDueDate)).toEqual([true, true, true]);
    expect(['1999-12-31', '2100-01-01', '2026-02-29', '2026-13-01', '20266-01-01', '', '2026-1-1'].map(isSaneDueDate)).toEqual(
      Array(7).fill(false),
    );
  });

  it('names what is missing or too long, and nothing for a valid action', () => {
    expect(actionFormErrors(valid)).toEqual([]);
    expect(actionFormErrors({ ...valid, title: '  ', ownerId: '', dueDate: '' })).toEqual([
      'action.error.titleRequired',
      'action.error.ownerRequired',
      'action.error.dueDateRequired',
    ]);
    expect(actionFormErrors({ ...valid, title: 'x'.repeat(201) })).toEqual(['action.error.titleTooLong']);
    expect(actionFormErrors({ ...valid, outcome: 'y'.repeat(4001) })).toEqual(['action.error.textTooLong']);
    expect(actionFormErrors({ ...valid, state: 'done' })).toEqual(['action.error.outcomeRequired']);
    expect(actionFormErrors({ ...valid, state: 'done', outcome: 'Gedaan' })).toEqual([]);
    expect(actionFormErrors({ ...valid, state: 'cancelled' })).toEqual([]);
  });

  it('sends trimmed texts and null for empty ones', () => {
    expect(toNewAction({ ...valid, title: ' Bord ', description: '  ', finding: { kind: 'lesson', ref: ' l-1 ', label: '' } })).toEqual({
      title: 'Bord',
      description: null,
      finding: { kind: 'lesson', ref: 'l-1', label: null },
      ownerId: 'p-1',
      dueDate: '2026-12-20',
      state: 'planned',
      outcome: null,
    });
  });

  it('counts whole days past the due date', () => {
    expect(daysPastDue('2026-11-24', '2026-12-04')).toBe(10);
    expect(daysPastDue('2026-03-28', '2026-03-30')).toBe(2); // across the summer-time change
    expect(daysPastDue('2026-12-05', '2026-12-04')).toBe(0);
  });
});

describe('where a finding’s link leads', () => {
  it('an evaluation by its id, an analysis to its section, a report to its address, nothing without a place', () => {
    expect(findingTarget({ kind: 'evaluation', ref: 'ev-1', label: null })).toEqual({ kind: 'evaluation', evaluationId: 'ev-1' });
    const ref = analysisFindingRef('reject-analysis', { date_from: '2026-01-01' });
    expect(ref).toBe('section=reject-analysis&filter=%7B%22date_from%22%3A%222026-01-01%22%7D');
    expect(findingTarget({ kind: 'reject_analysis', ref, label: null })).toEqual({ kind: 'section', section: 'reject-analysis' });
    expect(findingTarget({ kind: 'dose_analysis', ref: null, label: null })).toEqual({ kind: 'section', section: 'dose-analysis' });
    expect(findingTarget({ kind: 'lesson', ref: 'l-1', label: null })).toEqual({ kind: 'section', section: 'lessons', lessonId: 'l-1' });
    expect(findingTarget({ kind: 'lesson', ref: null, label: null })).toEqual({ kind: 'section', section: 'lessons' });
    expect(findingTarget({ kind: 'report', ref: '/iqs?report=department&from=2026-01-01&to=2026-12-31', label: null })).toEqual({
      kind: 'path',
      path: '/iqs?report=department&from=2026-01-01&to=2026-12-31',
    });
    expect(findingTarget({ kind: 'other', ref: 'iets', label: 'Overleg' })).toEqual({ kind: 'none' });
    expect(findingTarget({ kind: 'evaluation', ref: ' ', label: null })).toEqual({ kind: 'none' });
  });
});
