import {
  answerForKey,
  answerKeys,
  answerMeets,
  type AnswersByCriterionId,
  type ChoiceOption,
  type Criterion,
  type CriterionKind,
  firstUnanswered,
  isComplete,
  missingRequired,
  nextCriterion,
  previousCriterion,
  type ScoringForm,
  validateAnswer,
} from '../src';

let nextId = 0;
function criterion(kind: CriterionKind, fields: Partial<Criterion> = {}): Criterion {
  nextId += 1;
  return {
    id: `c${nextId}`,
    form_id: 'f1',
    position: nextId,
    code: `code_${nextId}`,
    kind,
    label_nl: `criterium ${nextId}`,
    label_en: `criterion ${nextId}`,
    help_nl: null,
    help_en: null,
    required: kind !== 'comment',
    options: null,
    ...fields,
  };
}

const sideMarker: readonly ChoiceOption[] = [
  { value: 'correct', label_nl: 'Aanwezig en juist', label_en: 'Present and correct' },
  { value: 'missing', label_nl: 'Ontbreekt', label_en: 'Missing' },
  { value: 'wrong_side', label_nl: 'Verkeerde zijde', label_en: 'Wrong side' },
  { value: 'over_anatomy', label_nl: 'Over de anatomie', label_en: 'Over anatomy' },
];
const grades: readonly ChoiceOption[] = [
  { value: '1', label_nl: 'Herhaling nodig', label_en: 'Repeat needed' },
  { value: '2', label_nl: 'Diagnostisch, met tekortkomingen', label_en: 'Diagnostic, with faults' },
  { value: '3', label_nl: 'Optimaal', label_en: 'Optimal' },
];

const yesNo = criterion('yes_no_na', { code: 'sharpness' });
const scale = criterion('scale', { code: 'positioning', options: { min: 1, max: 5 } });
const choice = criterion('choice', { code: 'side_marker', options: sideMarker });
const comment = criterion('comment', { code: 'comment', required: false });
const grade = criterion('grade', { code: 'overall', options: grades });

// stored out of order on purpose: the helpers go by position
const form: ScoringForm = {
  id: 'f1',
  code: 'generic',
  version: 1,
  title_nl: 'Algemeen',
  title_en: 'Generic',
  source: 'test',
  criteria: [grade, yesNo, comment, choice, scale],
};

const answered = (entries: Array<[Criterion, string | null, string | null]>): AnswersByCriterionId =>
  new Map(entries.map(([c, value, text]) => [c.id, { value, comment: text }]));

describe('answer keys', () => {
  it('answers yes / no / n.v.t. with digits and with Dutch and English initials', () => {
    expect(['1', 'y', 'Y', 'j', 'J'].map((key) => answerForKey(yesNo, key))).toEqual(['yes', 'yes', 'yes', 'yes', 'yes']);
    expect(['2', 'n', 'N'].map((key) => answerForKey(yesNo, key))).toEqual(['no', 'no', 'no']);
    expect(['3', 'x', 'X', '0'].map((key) => answerForKey(yesNo, key))).toEqual(['na', 'na', 'na', 'na']);
    expect(answerKeys(yesNo).map((answer) => [answer.value, answer.display, answer.label_nl, answer.label_en])).toEqual([
      ['yes', '1', 'Ja', 'Yes'],
      ['no', '2', 'Nee', 'No'],
      ['na', '3', 'n.v.t.', 'n/a'],
    ]);
  });

  it.each([
    ['yes_no_na', yesNo],
    ['scale 1–5', scale],
    ['choice', choice],
    ['grade', grade],
    ['scale 1–10', criterion('scale', { options: { min: 1, max: 10 } })],
  ])('gives no key two answers: %s', (_name, c) => {
    const keys = answerKeys(c).flatMap((answer) => answer.keys);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    for (const answer of answerKeys(c)) {
      expect(answer.keys[0]).toBe(answer.display);
      for (const key of answer.keys) expect(answerForKey(c, key)).toBe(answer.value);
    }
  });

  it('answers a scale with its digits and nothing outside it', () => {
    expect(answerKeys(scale).map((answer) => answer.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(answerForKey(scale, '4')).toBe('4');
    expect(answerForKey(scale, '0')).toBeNull();
    expect(answerForKey(scale, '6')).toBeNull();
    expect(answerForKey(scale, 'y')).toBeNull();
    const zeroToThree = criterion('scale', { options: { min: 0, max: 3 } });
    expect(answerForKey(zeroToThree, '0')).toBe('0');
    expect(answerForKey(zeroToThree, '4')).toBeNull();
  });

  it('gives 10 the 0 key on a 1–10 scale, and no key where 0 is on the scale', () => {
    const oneToTen = criterion('scale', { options: { min: 1, max: 10 } });
    expect(answerForKey(oneToTen, '0')).toBe('10');
    expect(answerForKey(oneToTen, '1')).toBe('1');
    const zeroToTen = criterion('scale', { options: { min: 0, max: 10 } });
    expect(answerForKey(zeroToTen, '0')).toBe('0');
    expect(answerKeys(zeroToTen).map((answer) => answer.value)).not.toContain('10');
  });

  it('numbers choice and grade options in their order, with their labels', () => {
    expect(answerKeys(choice).map((answer) => [answer.display, answer.value, answer.label_en])).toEqual([
      ['1', 'correct', 'Present and correct'],
      ['2', 'missing', 'Missing'],
      ['3', 'wrong_side', 'Wrong side'],
      ['4', 'over_anatomy', 'Over anatomy'],
    ]);
    expect(answerForKey(choice, '3')).toBe('wrong_side');
    expect(answerForKey(choice, '5')).toBeNull();
    expect(answerForKey(grade, '1')).toBe('1');
    expect(answerForKey(grade, '3')).toBe('3');
    expect(answerKeys(grade).map((answer) => answer.label_nl)).toEqual(['Herhaling nodig', 'Diagnostisch, met tekortkomingen', 'Optimaal']);
  });

  it('keys only the first nine options', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ value: `o${i + 1}`, label_nl: `o${i + 1}`, label_en: `o${i + 1}` }));
    const c = criterion('choice', { options: many });
    expect(answerKeys(c).map((answer) => answer.value)).toEqual(many.slice(0, 9).map((option) => option.value));
    expect(answerForKey(c, '9')).toBe('o9');
    expect(answerForKey(c, '0')).toBeNull();
  });

  it('gives a comment criterion no keys, and never answers with navigation keys', () => {
    expect(answerKeys(comment)).toEqual([]);
    expect(answerForKey(comment, '1')).toBeNull();
    for (const key of ['Enter', 'ArrowDown', 'ArrowUp', 'Tab', 'Escape', ' ', 'Y1', '']) {
      for (const c of [yesNo, scale, choice, grade]) expect(answerForKey(c, key)).toBeNull();
    }
  });

  it('has no keys for a criterion whose options are broken', () => {
    expect(answerKeys(criterion('scale', { options: null }))).toEqual([]);
    expect(answerKeys(criterion('scale', { options: { min: 5, max: 1 } }))).toEqual([]);
    expect(answerKeys(criterion('choice', { options: { min: 1, max: 5 } }))).toEqual([]);
  });
});

describe('validating an answer as the database does', () => {
  it('takes yes, no and na for a yes/no/n.v.t. criterion', () => {
    for (const value of ['yes', 'no', 'na']) expect(validateAnswer(yesNo, value, null)).toBeNull();
    for (const value of ['ja', 'YES', 'y', '1', '']) expect(validateAnswer(yesNo, value, null)?.code).toBe('not_yes_no_na');
  });

  it('takes an integer within the scale', () => {
    for (const value of ['1', '3', '5']) expect(validateAnswer(scale, value, null)).toBeNull();
    for (const value of ['0', '6', '-1', '2.5', ' 3', '3 ', 'abc', '100', ''])
      expect(validateAnswer(scale, value, null)?.code).toBe('not_on_scale');
    // the trigger casts "03" to 3 after its digit test
    expect(validateAnswer(scale, '03', null)).toBeNull();
  });

  it('takes one of the options for choice and grade', () => {
    expect(validateAnswer(choice, 'missing', null)).toBeNull();
    expect(validateAnswer(choice, 'Missing', null)?.code).toBe('not_an_option');
    expect(validateAnswer(grade, '3', null)).toBeNull();
    expect(validateAnswer(grade, '4', null)?.code).toBe('not_an_option');
  });

  it('keeps a comment criterion’s text in the comment', () => {
    expect(validateAnswer(comment, null, 'Marker half over the skin fold')).toBeNull();
    expect(validateAnswer(comment, null, null)).toBeNull();
    expect(validateAnswer(comment, 'text', null)?.code).toBe('comment_has_no_value');
  });

  it('needs a value or a comment for every other criterion', () => {
    expect(validateAnswer(yesNo, null, null)?.code).toBe('value_required');
    expect(validateAnswer(scale, null, null)?.message).toBe('criterion positioning needs a value');
    expect(validateAnswer(yesNo, null, 'could not judge')).toBeNull();
    expect(validateAnswer(yesNo, 'no', 'slight motion blur')).toBeNull();
  });

  it('refuses answers to a criterion whose options are broken', () => {
    expect(validateAnswer(criterion('scale', { options: null }), '3', null)?.code).toBe('criterion_malformed');
    expect(validateAnswer(criterion('grade', { options: null }), '1', null)?.code).toBe('criterion_malformed');
  });
});

describe('what is missing', () => {
  it('lists the required criteria without an answer, in form order', () => {
    expect(missingRequired(form, new Map()).map((c) => c.code)).toEqual(['sharpness', 'positioning', 'side_marker', 'overall']);
    expect(isComplete(form, new Map())).toBe(false);
    const some = answered([
      [yesNo, 'na', null],
      [choice, 'correct', null],
    ]);
    expect(missingRequired(form, some).map((c) => c.code)).toEqual(['positioning', 'overall']);
  });

  it('is complete without the optional comment', () => {
    const all = answered([
      [yesNo, 'yes', null],
      [scale, '4', null],
      [choice, 'correct', null],
      [grade, '3', null],
    ]);
    expect(missingRequired(form, all)).toEqual([]);
    expect(isComplete(form, all)).toBe(true);
  });

  it('accepts the answers as a plain object too', () => {
    const all = {
      [yesNo.id]: { value: 'yes', comment: null },
      [scale.id]: { value: '4', comment: null },
      [choice.id]: { value: 'missing', comment: null },
      [grade.id]: { value: '1', comment: null },
    };
    expect(isComplete(form, all)).toBe(true);
    expect(isComplete(form, { ...all, [grade.id]: undefined })).toBe(false);
  });

  it('does not count a remark without a value, nor a value that does not fit', () => {
    const answers = answered([
      [yesNo, null, 'could not judge'],
      [scale, '9', null],
      [choice, 'correct', null],
      [grade, '3', null],
    ]);
    expect(missingRequired(form, answers).map((c) => c.code)).toEqual(['sharpness', 'positioning']);
  });

  it('needs text in a comment criterion only when the form marks it required', () => {
    const requiredComment = criterion('comment', { code: 'findings', required: true });
    const withComment: ScoringForm = { ...form, criteria: [...form.criteria, requiredComment] };
    const base: Array<[Criterion, string | null, string | null]> = [
      [yesNo, 'yes', null],
      [scale, '4', null],
      [choice, 'correct', null],
      [grade, '3', null],
    ];
    expect(missingRequired(withComment, answered(base)).map((c) => c.code)).toEqual(['findings']);
    expect(isComplete(withComment, answered([...base, [requiredComment, null, '   ']]))).toBe(false);
    expect(isComplete(withComment, answered([...base, [requiredComment, null, 'fine']]))).toBe(true);
  });
});

describe('moving the focus', () => {
  it('steps through the criteria by position and stops at the ends', () => {
    const order = [yesNo, scale, choice, comment, grade].map((c) => c.id);
    expect(nextCriterion(form, null)?.id).toBe(order[0]);
    expect(nextCriterion(form, yesNo.id)?.id).toBe(scale.id);
    expect(nextCriterion(form, comment.id)?.id).toBe(grade.id);
    expect(nextCriterion(form, grade.id)).toBeNull();
    expect(previousCriterion(form, null)?.id).toBe(grade.id);
    expect(previousCriterion(form, grade.id)?.id).toBe(comment.id);
    expect(previousCriterion(form, scale.id)?.id).toBe(yesNo.id);
    expect(previousCriterion(form, yesNo.id)).toBeNull();
  });

  it('starts at an end when the current criterion is not on the form', () => {
    expect(nextCriterion(form, 'elsewhere')?.id).toBe(yesNo.id);
    expect(previousCriterion(form, 'elsewhere')?.id).toBe(grade.id);
    const empty: ScoringForm = { ...form, criteria: [] };
    expect(nextCriterion(empty, null)).toBeNull();
    expect(previousCriterion(empty, null)).toBeNull();
    expect(firstUnanswered(empty, new Map())).toBeNull();
  });

  it('finds the first unanswered criterion, past the optional comment', () => {
    expect(firstUnanswered(form, new Map())?.id).toBe(yesNo.id);
    const threeDone = answered([
      [yesNo, 'yes', null],
      [scale, '4', null],
      [choice, 'correct', null],
    ]);
    expect(firstUnanswered(form, threeDone)?.id).toBe(grade.id);
  });

  it('searches after the current criterion first, then from the top', () => {
    const gaps = answered([
      [scale, '4', null],
      [grade, '2', null],
    ]);
    expect(firstUnanswered(form, gaps, scale.id)?.id).toBe(choice.id);
    expect(firstUnanswered(form, gaps, choice.id)?.id).toBe(yesNo.id);
    const onlyChoiceLeft = answered([
      [yesNo, 'no', null],
      [scale, '4', null],
      [grade, '2', null],
    ]);
    // the current criterion itself comes last
    expect(firstUnanswered(form, onlyChoiceLeft, choice.id)?.id).toBe(choice.id);
  });

  it('returns null when everything that is waited for is answered', () => {
    const all = answered([
      [yesNo, 'yes', null],
      [scale, '4', null],
      [choice, 'correct', null],
      [grade, '3', null],
    ]);
    expect(firstUnanswered(form, all)).toBeNull();
    expect(firstUnanswered(form, all, grade.id)).toBeNull();
  });

  it('waits for optional criteria other than comments', () => {
    const optionalScale = criterion('scale', { code: 'noise', required: false, options: { min: 1, max: 3 } });
    const f: ScoringForm = { ...form, criteria: [yesNo, optionalScale] };
    expect(missingRequired(f, answered([[yesNo, 'yes', null]]))).toEqual([]);
    expect(firstUnanswered(f, answered([[yesNo, 'yes', null]]))?.id).toBe(optionalScale.id);
  });
});

describe('which answers meet, as each answer key carries it (private.answer_met, migrations 14 and 37)', () => {
  it('yes meets, no does not, n/a is not counted', () => {
    expect(answerKeys(yesNo).map((key) => [key.value, key.met])).toEqual([
      ['yes', true],
      ['no', false],
      ['na', null],
    ]);
  });

  it('a scale meets from met_from, else from max − 1, and shows what each value means', () => {
    const labelled = criterion('scale', {
      options: {
        min: 1,
        max: 4,
        met_from: 3,
        labels: [
          { value: '1', label_nl: 'Slecht', label_en: 'Poor' },
          { value: '3', label_nl: 'Goed', label_en: 'Good' },
        ],
      },
    });
    expect(answerKeys(labelled).map((key) => [key.value, key.met, key.meaning_en])).toEqual([
      ['1', false, 'Poor'],
      ['2', false, null],
      ['3', true, 'Good'],
      ['4', true, null],
    ]);
    expect(answerKeys(scale).map((key) => key.met)).toEqual([false, false, false, true, true]);
    expect(answerMeets(scale, 'x')).toBeNull();
  });

  it('a choice or grade meets on a marked option; unmarked options leave it uncounted', () => {
    const marked = criterion('choice', { options: [{ ...sideMarker[0], met: true } as ChoiceOption, ...sideMarker.slice(1)] });
    expect(answerKeys(marked).map((key) => key.met)).toEqual([true, false, false, false]);
    expect(answerKeys(choice).map((key) => key.met)).toEqual([null, null, null, null]);
    expect(answerKeys(grade).map((key) => key.met)).toEqual([null, null, null]);
    const pgmi = criterion('grade', {
      options: [
        { value: 'I', label_nl: 'Inadequaat', label_en: 'Inadequate' },
        { value: 'M', label_nl: 'Matig', label_en: 'Moderate' },
        { value: 'G', label_nl: 'Goed', label_en: 'Good', met: true },
        { value: 'P', label_nl: 'Perfect', label_en: 'Perfect', met: true },
      ],
    });
    expect(['I', 'M', 'G', 'P', null].map((value) => answerMeets(pgmi, value))).toEqual([false, false, true, true, null]);
    expect(answerMeets(comment, 'text')).toBeNull();
  });
});
