/**
 * The form editor's draft (forms/formEditorModel.ts): opened from a stored version unchanged, criteria moved, added,
 * removed and changed, every rule the database also enforces (migration 37) found before saving, codes kept and
 * made for new criteria, and the payload save_scoring_form receives. A new form: started from a copy or one empty
 * criterion, its code, its views and the views other forms hold checked.
 */
import type { Criterion } from '@iqs/domain';
import {
  addCriterion,
  changeCriterion,
  codeFor,
  draftFromForm,
  newFormDraft,
  isUnchanged,
  moveCriterion,
  removeCriterion,
  resizeScale,
  toPayload,
  validateDraft,
} from '../../src/forms/formEditorModel';
import type { EditableForm } from '../../src/forms/formsPorts';

function criterion(position: number, code: string, kind: Criterion['kind'], options: Criterion['options'] = null): Criterion {
  return {
    id: `id-${code}`,
    form_id: 'form-1',
    position,
    code,
    kind,
    label_nl: `NL ${code}`,
    label_en: `EN ${code}`,
    help_nl: null,
    help_en: null,
    required: kind !== 'comment',
    options,
  };
}

const labels = ['1', '2', '3', '4', '5'].map((value) => ({ value, label_nl: `n${value}`, label_en: `e${value}` }));
const FORM: EditableForm = {
  id: 'form-1',
  code: 'knee-ap',
  version: 3,
  title_nl: 'Knie AP',
  title_en: 'Knee AP',
  source: 'test',
  is_generic: false,
  created_at: '2026-12-01T10:00:00Z',
  // stored out of order: the draft follows position
  criteria: [
    criterion(2, 'collimation', 'scale', { min: 1, max: 5, met_from: 4, labels }),
    criterion(1, 'joint_space', 'yes_no_na'),
    criterion(3, 'side_marker', 'choice', [
      { value: 'correct', label_nl: 'Juist', label_en: 'Correct', met: true },
      { value: 'missing', label_nl: 'Ontbreekt', label_en: 'Missing' },
    ]),
    criterion(4, 'comment', 'comment'),
  ],
  procedures: [{ procedure_id: 'p-knee', view_position: 'AP' }],
};

describe('the form editor draft', () => {
  it('opens a stored version in its order, unchanged and valid', () => {
    const draft = draftFromForm(FORM);
    expect(draft.criteria.map((c) => c.code)).toEqual(['joint_space', 'collimation', 'side_marker', 'comment']);
    expect(validateDraft(draft)).toEqual([]);
    expect(isUnchanged(draft, FORM)).toBe(true);
    const payload = toPayload(draft);
    expect(payload.replaces).toBe('form-1');
    expect(payload.criteria[1]).toEqual({
      code: 'collimation',
      kind: 'scale',
      label_nl: 'NL collimation',
      label_en: 'EN collimation',
      help_nl: null,
      help_en: null,
      required: true,
      options: { min: 1, max: 5, met_from: 4, labels },
    });
    expect(payload.criteria[2]?.options).toEqual([
      { value: 'correct', label_nl: 'Juist', label_en: 'Correct', met: true },
      { value: 'missing', label_nl: 'Ontbreekt', label_en: 'Missing' },
    ]);
    expect(payload.criteria[3]?.options).toBeNull();
  });

  it('moves criteria up and down, not past either end', () => {
    const draft = draftFromForm(FORM);
    expect(moveCriterion(draft, 1, -1).criteria.map((c) => c.code)).toEqual(['collimation', 'joint_space', 'side_marker', 'comment']);
    expect(moveCriterion(draft, 2, 1).criteria.map((c) => c.code)).toEqual(['joint_space', 'collimation', 'comment', 'side_marker']);
    expect(moveCriterion(draft, 0, -1)).toBe(draft);
    expect(moveCriterion(draft, 3, 1)).toBe(draft);
    expect(isUnchanged(moveCriterion(draft, 1, -1), FORM)).toBe(false);
  });

  it('adds a criterion that must be labelled, and gives it a code of its own', () => {
    let draft = addCriterion(draftFromForm(FORM));
    expect(validateDraft(draft)).toEqual([{ code: 'labelMissing', criterion: 5 }]);
    draft = changeCriterion(draft, 4, { label_nl: 'Patella centraal', label_en: 'Joint space' });
    expect(validateDraft(draft)).toEqual([]);
    // "joint_space" is taken by criterion 1
    expect(toPayload(draft).criteria[4]?.code).toBe('joint_space_2');
    expect(codeFor('Pectoral muscle (à la PGMI)!', new Set())).toBe('pectoral_muscle_a_la_pgmi');
    expect(codeFor('***', new Set())).toBe('criterion');
  });

  it('removes a criterion; a form needs at least one and a title in both languages', () => {
    let draft = draftFromForm(FORM);
    for (let i = 0; i < 4; i++) draft = removeCriterion(draft, 0);
    expect(validateDraft({ ...draft, title_en: ' ' })).toEqual([{ code: 'titleMissing' }, { code: 'noCriteria' }]);
  });

  it('checks scales: the range, where they meet, a meaning for every value', () => {
    const draft = draftFromForm(FORM);
    const scale = draft.criteria[1]?.scale as NonNullable<(typeof draft.criteria)[number]['scale']>;
    expect(validateDraft(changeCriterion(draft, 1, { scale: { ...scale, met_from: 6 } }))).toEqual([{ code: 'metFrom', criterion: 2 }]);
    expect(validateDraft(changeCriterion(draft, 1, { scale: { ...scale, min: 5, max: 5 } }))).toEqual([
      { code: 'scaleRange', criterion: 2 },
    ]);
    expect(validateDraft(changeCriterion(draft, 1, { scale: { ...scale, min: 0, max: 12 } }))).toEqual([
      { code: 'scaleRange', criterion: 2 },
    ]);
    // a wider scale keeps the meanings written and asks for the new ones
    const wider = resizeScale(scale, 1, 7);
    expect(wider.labels.map((l) => l.value)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(wider.labels[0]).toEqual(labels[0]);
    expect(wider.met_from).toBe(4);
    expect(validateDraft(changeCriterion(draft, 1, { scale: wider }))).toEqual([{ code: 'scaleLabel', criterion: 2 }]);
    // met_from off a narrower scale moves to max − 1
    expect(resizeScale(scale, 1, 3).met_from).toBe(2);
  });

  it('checks choices and grades: two answers, values, labels, no value twice, a choice says which meet', () => {
    const draft = draftFromForm(FORM);
    const answers = draft.criteria[2]?.answers ?? [];
    const withAnswers = (a: typeof answers, kind: 'choice' | 'grade' = 'choice') =>
      validateDraft(changeCriterion(draft, 2, { kind, answers: a }));
    expect(withAnswers(answers.slice(0, 1))).toEqual([{ code: 'fewAnswers', criterion: 3 }]);
    expect(withAnswers(answers.map((a) => ({ ...a, met: false })))).toEqual([{ code: 'noMet', criterion: 3 }]);
    // a grade may leave all unmarked: then it is not counted
    expect(
      withAnswers(
        answers.map((a) => ({ ...a, met: false })),
        'grade',
      ),
    ).toEqual([]);
    expect(withAnswers([answers[0], { ...answers[1], value: 'correct' }] as typeof answers)).toEqual([
      { code: 'answerTwice', criterion: 3 },
    ]);
    expect(withAnswers([answers[0], { ...answers[1], value: 'two words' }] as typeof answers)).toEqual([
      { code: 'answerValue', criterion: 3 },
    ]);
    expect(withAnswers([answers[0], { ...answers[1], label_en: '' }] as typeof answers)).toEqual([{ code: 'answerLabel', criterion: 3 }]);
  });

  it('changes a kind without losing what the other kinds had; the payload has only the kind’s options', () => {
    const draft = draftFromForm(FORM);
    const asYesNo = changeCriterion(draft, 2, { kind: 'yes_no_na' });
    expect(toPayload(asYesNo).criteria[2]?.options).toBeNull();
    const back = changeCriterion(asYesNo, 2, { kind: 'choice' });
    expect(toPayload(back)).toEqual(toPayload(draft));
  });

  it('lists a procedure and view once; views upper case, empty is every view', () => {
    const draft = draftFromForm(FORM);
    const twice = { ...draft, procedures: [...draft.procedures, { procedure_id: 'p-knee', view_position: ' ap ' }] };
    expect(validateDraft(twice)).toEqual([{ code: 'mappingTwice' }]);
    const every = {
      ...draft,
      procedures: [
        { procedure_id: 'p-knee', view_position: 'pa' },
        { procedure_id: 'p-hand', view_position: ' ' },
      ],
    };
    expect(toPayload(every).procedures).toEqual([
      { procedure_id: 'p-knee', view_position: 'PA' },
      { procedure_id: 'p-hand', view_position: null },
    ]);
  });

  it('refuses labels longer than the database keeps', () => {
    const draft = changeCriterion(draftFromForm(FORM), 0, { label_en: 'x'.repeat(501) });
    expect(validateDraft(draft)).toEqual([{ code: 'tooLong', criterion: 1 }]);
  });

  it('a new form: a copy keeps the criteria and codes in order; code, view and the views other forms hold are checked', () => {
    const copy = newFormDraft(FORM, { procedure_id: 'p-knee', view_position: 'lat' });
    expect(copy.replaces).toBeNull();
    expect(copy.criteria.map((c) => c.code)).toEqual(['joint_space', 'collimation', 'side_marker', 'comment']);
    const named = { ...copy, title_nl: 'Knie lateraal', title_en: 'Knee lateral' };
    expect(validateDraft(named, [FORM])).toEqual([]);
    const payload = toPayload(named);
    expect(payload).toMatchObject({ replaces: null, code: 'knee-lateral', procedures: [{ procedure_id: 'p-knee', view_position: 'LAT' }] });
    expect(payload.criteria).toEqual(toPayload(draftFromForm(FORM)).criteria);

    const empty = newFormDraft(null, null);
    expect(empty.criteria.map((c) => [c.code, c.kind, c.label_en])).toEqual([[null, 'yes_no_na', '']]);
    expect(validateDraft({ ...empty, title_nl: 'x', title_en: 'y', code: 'Knee AP!' }, [FORM])).toEqual([
      { code: 'codeInvalid' },
      { code: 'noMapping' },
      { code: 'labelMissing', criterion: 1 },
    ]);
    expect(validateDraft({ ...named, code: 'knee-ap', procedures: [{ procedure_id: 'p-knee', view_position: ' ap ' }] }, [FORM])).toEqual([
      { code: 'codeTaken', detail: 'knee-ap' },
      { code: 'viewTaken', mapping: 0, form: 'knee-ap' },
    ]);
    // the form's own views are not taken from it when it is changed
    expect(validateDraft(draftFromForm(FORM), [FORM])).toEqual([]);
  });
});
