/**
 * The logic of a scoring form as the panel uses it: which keys answer a criterion, whether an answer fits its
 * criterion, what is still missing, and where the focus goes next. Plain TypeScript: no React, no I/O.
 *
 * Keyboard scheme (KeyboardEvent.key, letters case-insensitive), chosen so that within one criterion no key gives
 * two answers and both Dutch and English users find their initial:
 *   yes_no_na   1 y j → yes ("yes", "ja")     2 n → no ("no", "nee")     3 x 0 → na ("n.v.t.", "n/a")
 *               ("n" is no in both languages, so not applicable takes x and 0, never n)
 *   scale       its digits min..max (values 0–9); on a 1–10 scale 0 gives 10, as on a number row
 *   choice      1..k in option order (only the first nine options get a key)
 *   grade       1..k in option order (only the first nine options get a key)
 *   comment     none: free text
 * Arrows, Enter, Tab and Escape are never answer keys, so the panel can use them for moving and saving.
 */
import type { Answer, ChoiceOption, Criterion, ScaleOptions, ScoringForm } from './evaluation';

/** One answer a criterion can be given by keyboard, with what the panel shows for it. */
export interface AnswerKey {
  /** the value stored in Answer.value */
  readonly value: string;
  /** every key that gives this value (lower case; compare with answerForKey, which ignores case) */
  readonly keys: readonly string[];
  /** the key shown on screen next to the answer (the first of keys) */
  readonly display: string;
  readonly label_nl: string;
  readonly label_en: string;
  /** what a scale value means, from the form's labels (null: the form says nothing; other kinds: the label says it) */
  readonly meaning_nl: string | null;
  readonly meaning_en: string | null;
  /** whether this answer meets the criterion in the statistics; null: not counted (n/a, a grade without marks) */
  readonly met: boolean | null;
}

/** What the form logic needs of an answer: the stored value and comment. */
export type AnswerContent = Pick<Answer, 'value' | 'comment'>;

/** Answers of one item by criterion id, as a Map or a plain object. */
export type AnswersByCriterionId = ReadonlyMap<string, AnswerContent> | Readonly<Record<string, AnswerContent | undefined>>;

const YES_NO_NA: readonly AnswerKey[] = [
  { value: 'yes', keys: ['1', 'y', 'j'], display: '1', label_nl: 'Ja', label_en: 'Yes', meaning_nl: null, meaning_en: null, met: true },
  { value: 'no', keys: ['2', 'n'], display: '2', label_nl: 'Nee', label_en: 'No', meaning_nl: null, meaning_en: null, met: false },
  { value: 'na', keys: ['3', 'x', '0'], display: '3', label_nl: 'n.v.t.', label_en: 'n/a', meaning_nl: null, meaning_en: null, met: null },
];

const MAX_KEYED_OPTIONS = 9;

/** The scale of a scale criterion, or null when its options are not a scale of integers. */
export function scaleOf(criterion: Criterion): ScaleOptions | null {
  if (criterion.kind !== 'scale') return null;
  const options = criterion.options;
  if (options === null || Array.isArray(options)) return null;
  const { min, max } = options as ScaleOptions;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) return null;
  return options as ScaleOptions;
}

/** The options of a choice or grade criterion, or null when it has none. */
export function choicesOf(criterion: Criterion): readonly ChoiceOption[] | null {
  if (criterion.kind !== 'choice' && criterion.kind !== 'grade') return null;
  const options = criterion.options;
  return Array.isArray(options) ? (options as readonly ChoiceOption[]) : null;
}

/** The keyboard answers of a criterion, in the order the panel shows them. */
export function answerKeys(criterion: Criterion): readonly AnswerKey[] {
  switch (criterion.kind) {
    case 'yes_no_na':
      return YES_NO_NA;
    case 'scale': {
      const scale = scaleOf(criterion);
      if (!scale) return [];
      const keys: AnswerKey[] = [];
      for (let n = scale.min; n <= scale.max; n++) {
        const key = n >= 0 && n <= 9 ? String(n) : n === 10 && scale.min >= 1 ? '0' : null;
        if (key === null) continue;
        const meaning = scale.labels?.find((label) => label.value === String(n));
        keys.push({
          value: String(n),
          keys: [key],
          display: key,
          label_nl: String(n),
          label_en: String(n),
          meaning_nl: meaning?.label_nl ?? null,
          meaning_en: meaning?.label_en ?? null,
          met: answerMeets(criterion, String(n)),
        });
      }
      return keys;
    }
    case 'choice':
    case 'grade':
      return (choicesOf(criterion) ?? []).slice(0, MAX_KEYED_OPTIONS).map((option, index) => ({
        value: option.value,
        keys: [String(index + 1)],
        display: String(index + 1),
        label_nl: option.label_nl,
        label_en: option.label_en,
        meaning_nl: null,
        meaning_en: null,
        met: answerMeets(criterion, option.value),
      }));
    case 'comment':
      return [];
  }
}

/**
 * Whether an answer meets its criterion, as private.answer_met decides in the database (migrations 14 and 37; the
 * statistics use that one): yes meets, no does not, n/a is not counted; a scale meets from met_from (default max − 1);
 * a choice or grade meets on an option marked met, and is not counted when no option is marked; a comment never
 * counts. The panel and the form editor show it; they decide nothing with it.
 */
export function answerMeets(criterion: Criterion, value: string | null): boolean | null {
  if (value === null) return null;
  switch (criterion.kind) {
    case 'yes_no_na':
      return value === 'yes' ? true : value === 'no' ? false : null;
    case 'scale': {
      const scale = scaleOf(criterion);
      if (!scale || !/^-?[0-9]+$/.test(value)) return null;
      return Number(value) >= (scale.met_from ?? scale.max - 1);
    }
    case 'choice':
    case 'grade': {
      const options = choicesOf(criterion) ?? [];
      if (!options.some((option) => option.met === true)) return null;
      return options.some((option) => option.value === value && option.met === true);
    }
    case 'comment':
      return null;
  }
}

/** The value a key press gives for a criterion, or null when the key does not answer it. */
export function answerForKey(criterion: Criterion, key: string): string | null {
  // single characters only: 'Enter', 'ArrowDown' and the like must not match by their lower case
  if (key.length !== 1) return null;
  const pressed = key.toLowerCase();
  return answerKeys(criterion).find((answer) => answer.keys.includes(pressed))?.value ?? null;
}

export type AnswerProblemCode =
  'value_required' | 'comment_has_no_value' | 'not_yes_no_na' | 'not_on_scale' | 'not_an_option' | 'criterion_malformed';

export interface AnswerProblem {
  readonly code: AnswerProblemCode;
  /** for logs and developers; the panel translates the code */
  readonly message: string;
}

/**
 * Whether a value (and comment) fits its criterion, as the database's check_score trigger decides
 * (backend/supabase/migrations/20261128100008_evaluations.sql): null when it fits, else the reason.
 * Like the trigger, a value may be left out when a comment is given (a remark instead of an answer); such an answer
 * does not count as answered for missingRequired. A form whose options are broken is refused here, where the
 * trigger would let some values through.
 */
export function validateAnswer(criterion: Criterion, value: string | null, comment: string | null): AnswerProblem | null {
  if (value === null) {
    if (criterion.kind !== 'comment' && comment === null) return problem('value_required', `criterion ${criterion.code} needs a value`);
    return null;
  }
  switch (criterion.kind) {
    case 'yes_no_na':
      return value === 'yes' || value === 'no' || value === 'na' ? null : problem('not_yes_no_na', misfit(criterion, value));
    case 'scale': {
      const scale = scaleOf(criterion);
      if (!scale) return problem('criterion_malformed', `criterion ${criterion.code} has no scale`);
      // the trigger's own test: one or two digits, then the range
      if (!/^[0-9]{1,2}$/.test(value)) return problem('not_on_scale', misfit(criterion, value));
      const n = Number(value);
      return n >= scale.min && n <= scale.max ? null : problem('not_on_scale', misfit(criterion, value));
    }
    case 'choice':
    case 'grade': {
      const options = choicesOf(criterion);
      if (!options) return problem('criterion_malformed', `criterion ${criterion.code} has no options`);
      return options.some((option) => option.value === value) ? null : problem('not_an_option', misfit(criterion, value));
    }
    case 'comment':
      return problem('comment_has_no_value', `criterion ${criterion.code} keeps its text in the comment`);
  }
}

function problem(code: AnswerProblemCode, message: string): AnswerProblem {
  return { code, message };
}

function misfit(criterion: Criterion, value: string): string {
  return `value ${value} does not fit criterion ${criterion.code} (${criterion.kind})`;
}

/** The criteria of a form in their order on the form (by position; the data may come unsorted). */
export function criteriaInOrder(form: ScoringForm): readonly Criterion[] {
  return [...form.criteria].sort((a, b) => a.position - b.position);
}

function answerTo(answers: AnswersByCriterionId, criterionId: string): AnswerContent | undefined {
  if (answers instanceof Map) return answers.get(criterionId);
  return (answers as Readonly<Record<string, AnswerContent | undefined>>)[criterionId];
}

/**
 * Whether a criterion has an answer that counts: a comment criterion a comment with text; any other a value that
 * fits it (a remark without a value does not answer it).
 */
export function isAnswered(criterion: Criterion, answer: AnswerContent | undefined): boolean {
  if (!answer) return false;
  if (criterion.kind === 'comment') return answer.comment !== null && answer.comment.trim() !== '';
  return answer.value !== null && validateAnswer(criterion, answer.value, answer.comment) === null;
}

/**
 * The required criteria still unanswered, in form order. Every criterion follows its own `required` flag; the
 * seeded forms leave their comment criterion optional, so a comment is only missing when a form marks it required.
 */
export function missingRequired(form: ScoringForm, answers: AnswersByCriterionId): readonly Criterion[] {
  return criteriaInOrder(form).filter((criterion) => criterion.required && !isAnswered(criterion, answerTo(answers, criterion.id)));
}

/** Every required criterion answered: the item can be marked scored. */
export function isComplete(form: ScoringForm, answers: AnswersByCriterionId): boolean {
  return missingRequired(form, answers).length === 0;
}

/** The criterion after the given one (the first when none is given); null after the last. */
export function nextCriterion(form: ScoringForm, currentId: string | null): Criterion | null {
  const criteria = criteriaInOrder(form);
  if (currentId === null) return criteria[0] ?? null;
  const index = criteria.findIndex((criterion) => criterion.id === currentId);
  if (index < 0) return criteria[0] ?? null;
  return criteria[index + 1] ?? null;
}

/** The criterion before the given one (the last when none is given); null before the first. */
export function previousCriterion(form: ScoringForm, currentId: string | null): Criterion | null {
  const criteria = criteriaInOrder(form);
  if (currentId === null) return criteria[criteria.length - 1] ?? null;
  const index = criteria.findIndex((criterion) => criterion.id === currentId);
  if (index < 0) return criteria[criteria.length - 1] ?? null;
  return index === 0 ? null : (criteria[index - 1] ?? null);
}

/**
 * Where the focus goes: the first criterion without an answer, searching after `afterId` (when given) and then
 * from the top, so that Enter moves on past what is done and comes back for what was left open. An optional
 * comment criterion is not waited for (it is typed into when wanted, not stepped through). Null when nothing is
 * left to answer.
 */
export function firstUnanswered(form: ScoringForm, answers: AnswersByCriterionId, afterId: string | null = null): Criterion | null {
  const criteria = criteriaInOrder(form);
  const start = afterId === null ? 0 : criteria.findIndex((criterion) => criterion.id === afterId) + 1;
  const open = (criterion: Criterion): boolean =>
    (criterion.required || criterion.kind !== 'comment') && !isAnswered(criterion, answerTo(answers, criterion.id));
  for (let step = 0; step < criteria.length; step++) {
    const criterion = criteria[(start + step) % criteria.length];
    if (criterion && open(criterion)) return criterion;
  }
  return null;
}
