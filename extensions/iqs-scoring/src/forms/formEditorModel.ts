/**
 * The form editor's draft and its rules, plain TypeScript (no React, no I/O): a form opened from its active
 * version, criteria added, removed, moved and changed, checked before saving (the same rules the database enforces in
 * private.scoring_criterion_problem, migration 37, here so the admin gets them in their language with the draft
 * kept), and turned into save_scoring_form's payload. Criterion codes are kept (the summary compares scores across
 * versions by code); a new criterion gets one made from its English label. A new form (newFormDraft) starts from one
 * empty criterion or a copy of another form's criteria, and needs a code, a procedure and view no other form holds.
 */
import type { ChoiceOption, Criterion, CriterionKind, ScaleLabel, ScaleOptions } from '@iqs/domain';
import type { EditableForm, FormMapping, ScoringFormPayload } from './formsPorts';

export interface AnswerDraft {
  readonly value: string;
  readonly label_nl: string;
  readonly label_en: string;
  readonly met: boolean;
}

export interface ScaleDraft {
  readonly min: number;
  readonly max: number;
  readonly met_from: number;
  /** one per value min..max, in order */
  readonly labels: readonly ScaleLabel[];
}

export interface CriterionDraft {
  /** the editor's own key for the row (React), stable while editing */
  readonly key: string;
  /** the stored code; null for a criterion added in this draft */
  readonly code: string | null;
  readonly kind: CriterionKind;
  readonly label_nl: string;
  readonly label_en: string;
  readonly help_nl: string;
  readonly help_en: string;
  readonly required: boolean;
  /** kept for every kind, used by scale */
  readonly scale: ScaleDraft;
  /** kept for every kind, used by choice and grade */
  readonly answers: readonly AnswerDraft[];
}

export interface FormDraft {
  /** the active version this draft changes; null: a new form */
  readonly replaces: string | null;
  /** a new form's code (empty: made from the English title); a version keeps its form's */
  readonly code: string;
  readonly title_nl: string;
  readonly title_en: string;
  readonly source: string;
  readonly criteria: readonly CriterionDraft[];
  readonly procedures: readonly FormMapping[];
}

export type FormProblemCode =
  | 'titleMissing'
  | 'noCriteria'
  | 'labelMissing'
  | 'tooLong'
  | 'scaleRange'
  | 'metFrom'
  | 'scaleLabel'
  | 'fewAnswers'
  | 'answerLabel'
  | 'answerValue'
  | 'answerTwice'
  | 'noMet'
  | 'mappingTwice'
  | 'codeInvalid'
  | 'codeTaken'
  | 'noMapping'
  | 'viewTaken';

/** One thing to correct; `criterion` is its 1-based number on the form. */
export interface FormProblem {
  readonly code: FormProblemCode;
  readonly criterion?: number;
  /** viewTaken: the procedure and view (index in draft.procedures) another form holds, and that form's code */
  readonly mapping?: number;
  readonly form?: string;
  /** what the database named (viewTaken when only the database knew: a form the editor had not loaded) */
  readonly detail?: string;
}

export const KINDS: readonly CriterionKind[] = ['yes_no_na', 'scale', 'choice', 'grade', 'comment'];
const LABEL_MAX = 500;
const HELP_MAX = 4000;
const MAX_SCALE_STEPS = 10;

let keyCounter = 0;
function newKey(): string {
  keyCounter += 1;
  return `c${keyCounter}`;
}

/** The scale 1..5, meeting from 4, with its values' meanings still to be written. */
function defaultScale(): ScaleDraft {
  return { min: 1, max: 5, met_from: 4, labels: scaleLabels(1, 5, []) };
}

function scaleLabels(min: number, max: number, known: readonly ScaleLabel[]): ScaleLabel[] {
  const labels: ScaleLabel[] = [];
  for (let n = min; n <= max && labels.length <= MAX_SCALE_STEPS; n++) {
    const value = String(n);
    labels.push(known.find((l) => l.value === value) ?? { value, label_nl: '', label_en: '' });
  }
  return labels;
}

function defaultAnswers(): AnswerDraft[] {
  return [
    { value: '1', label_nl: '', label_en: '', met: false },
    { value: '2', label_nl: '', label_en: '', met: true },
  ];
}

export function criterionDraft(criterion: Criterion): CriterionDraft {
  const scaleOptions =
    criterion.kind === 'scale' && criterion.options && !Array.isArray(criterion.options) ? (criterion.options as ScaleOptions) : null;
  const choices = Array.isArray(criterion.options) ? (criterion.options as readonly ChoiceOption[]) : null;
  return {
    key: newKey(),
    code: criterion.code,
    kind: criterion.kind,
    label_nl: criterion.label_nl,
    label_en: criterion.label_en,
    help_nl: criterion.help_nl ?? '',
    help_en: criterion.help_en ?? '',
    required: criterion.required,
    scale: scaleOptions
      ? {
          min: scaleOptions.min,
          max: scaleOptions.max,
          met_from: scaleOptions.met_from ?? scaleOptions.max - 1,
          labels: scaleLabels(scaleOptions.min, scaleOptions.max, scaleOptions.labels ?? []),
        }
      : defaultScale(),
    answers: choices
      ? choices.map((o) => ({ value: o.value, label_nl: o.label_nl, label_en: o.label_en, met: o.met === true }))
      : defaultAnswers(),
  };
}

/** The draft of a form's active version, as stored. */
export function draftFromForm(form: EditableForm): FormDraft {
  return {
    replaces: form.id,
    code: form.code,
    title_nl: form.title_nl,
    title_en: form.title_en,
    source: form.source,
    criteria: [...form.criteria].sort((a, b) => a.position - b.position).map(criterionDraft),
    procedures: form.procedures.map((m) => ({ procedure_id: m.procedure_id, view_position: m.view_position })),
  };
}

/**
 * A new form's draft: the criteria copied from `copyOf` (codes kept, so a copy of the generic form stays comparable
 * with it) or one empty criterion, scoring `mapping` when given.
 */
export function newFormDraft(copyOf: EditableForm | null, mapping: FormMapping | null): FormDraft {
  return {
    replaces: null,
    code: '',
    title_nl: '',
    title_en: '',
    source: '',
    criteria: copyOf ? [...copyOf.criteria].sort((a, b) => a.position - b.position).map(criterionDraft) : [newCriterion()],
    procedures: mapping ? [mapping] : [],
  };
}

/** The criteria a new form starts with, replaced when the admin chooses another start. */
export function startFrom(draft: FormDraft, copyOf: EditableForm | null): FormDraft {
  return { ...draft, criteria: newFormDraft(copyOf, null).criteria };
}

/** A form code from a title: lower case, a–z 0–9 and -. */
export function formCodeFor(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** The code a new form is saved under: the one typed, else one made from the English title. */
export function draftFormCode(draft: FormDraft): string {
  return draft.code.trim() === '' ? formCodeFor(draft.title_en) : draft.code.trim();
}

const viewKey = (m: FormMapping): string => `${m.procedure_id}/${(m.view_position ?? '').trim().toUpperCase()}`;

/** The other active form that scores this procedure and view already, if any (as save_scoring_form decides). */
export function formHolding(mapping: FormMapping, forms: readonly EditableForm[], replaces: string | null): EditableForm | null {
  const key = viewKey(mapping);
  return forms.find((f) => f.id !== replaces && f.procedures.some((m) => viewKey(m) === key)) ?? null;
}

export function newCriterion(kind: CriterionKind = 'yes_no_na'): CriterionDraft {
  return {
    key: newKey(),
    code: null,
    kind,
    label_nl: '',
    label_en: '',
    help_nl: '',
    help_en: '',
    required: kind !== 'comment',
    scale: defaultScale(),
    answers: defaultAnswers(),
  };
}

/** Moves the criterion at `index` one place up (-1) or down (+1); at either end nothing changes. */
export function moveCriterion(draft: FormDraft, index: number, step: -1 | 1): FormDraft {
  const target = index + step;
  if (index < 0 || index >= draft.criteria.length || target < 0 || target >= draft.criteria.length) return draft;
  const criteria = [...draft.criteria];
  [criteria[index], criteria[target]] = [criteria[target] as CriterionDraft, criteria[index] as CriterionDraft];
  return { ...draft, criteria };
}

export function removeCriterion(draft: FormDraft, index: number): FormDraft {
  return { ...draft, criteria: draft.criteria.filter((_, i) => i !== index) };
}

export function addCriterion(draft: FormDraft, kind: CriterionKind = 'yes_no_na'): FormDraft {
  return { ...draft, criteria: [...draft.criteria, newCriterion(kind)] };
}

export function changeCriterion(draft: FormDraft, index: number, change: Partial<Omit<CriterionDraft, 'key' | 'code'>>): FormDraft {
  return { ...draft, criteria: draft.criteria.map((c, i) => (i === index ? { ...c, ...change } : c)) };
}

/** A new range for a scale: the meanings already written stay with their values; met_from stays if it still fits. */
export function resizeScale(scale: ScaleDraft, min: number, max: number): ScaleDraft {
  const metFrom = scale.met_from >= min && scale.met_from <= max ? scale.met_from : max - 1 >= min ? max - 1 : max;
  return {
    min,
    max,
    met_from: metFrom,
    labels: Number.isInteger(min) && Number.isInteger(max) && min < max ? scaleLabels(min, max, scale.labels) : scale.labels,
  };
}

const blank = (text: string): boolean => text.trim() === '';

/**
 * Everything to correct before the draft can be saved; empty: it may be saved. `forms`: the site's active forms, to
 * name a code or a procedure and view another form has already.
 */
export function validateDraft(draft: FormDraft, forms: readonly EditableForm[] = []): FormProblem[] {
  const problems: FormProblem[] = [];
  if (draft.replaces === null) {
    const code = draftFormCode(draft);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(code) || code.length > 60) problems.push({ code: 'codeInvalid' });
    else if (forms.some((f) => f.code === code)) problems.push({ code: 'codeTaken', detail: code });
    if (draft.procedures.length === 0) problems.push({ code: 'noMapping' });
  }
  if (blank(draft.title_nl) || blank(draft.title_en)) problems.push({ code: 'titleMissing' });
  if (draft.criteria.length === 0) problems.push({ code: 'noCriteria' });
  draft.criteria.forEach((c, i) => {
    const n = i + 1;
    if (blank(c.label_nl) || blank(c.label_en)) problems.push({ code: 'labelMissing', criterion: n });
    if (c.label_nl.length > LABEL_MAX || c.label_en.length > LABEL_MAX || c.help_nl.length > HELP_MAX || c.help_en.length > HELP_MAX)
      problems.push({ code: 'tooLong', criterion: n });
    if (c.kind === 'scale') {
      const { min, max, met_from: metFrom, labels } = c.scale;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min >= max || max - min > MAX_SCALE_STEPS - 1) {
        problems.push({ code: 'scaleRange', criterion: n });
        return;
      }
      if (!Number.isInteger(metFrom) || metFrom < min || metFrom > max) problems.push({ code: 'metFrom', criterion: n });
      const labelled = scaleLabels(min, max, labels);
      if (labelled.some((l) => blank(l.label_nl) || blank(l.label_en) || l.label_nl.length > LABEL_MAX || l.label_en.length > LABEL_MAX))
        problems.push({ code: 'scaleLabel', criterion: n });
    }
    if (c.kind === 'choice' || c.kind === 'grade') {
      if (c.answers.length < 2) problems.push({ code: 'fewAnswers', criterion: n });
      if (c.answers.some((a) => blank(a.value) || blank(a.label_nl) || blank(a.label_en)))
        problems.push({ code: 'answerLabel', criterion: n });
      else if (c.answers.some((a) => !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(a.value.trim())))
        problems.push({ code: 'answerValue', criterion: n });
      if (new Set(c.answers.map((a) => a.value.trim())).size !== c.answers.length) problems.push({ code: 'answerTwice', criterion: n });
      // a grade may leave every answer unmarked (not counted, like the 1–3 overall grade); a choice must say
      if (c.kind === 'choice' && !c.answers.some((a) => a.met)) problems.push({ code: 'noMet', criterion: n });
    }
  });
  const mappings = draft.procedures.map(viewKey);
  if (new Set(mappings).size !== mappings.length) problems.push({ code: 'mappingTwice' });
  draft.procedures.forEach((m, i) => {
    const holder = formHolding(m, forms, draft.replaces);
    if (holder) problems.push({ code: 'viewTaken', mapping: i, form: holder.code });
  });
  return problems;
}

/** A code for a new criterion from its English label: lower case, a–z 0–9 and _, unique on the form. */
export function codeFor(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40)
      .replace(/_+$/, '') || 'criterion';
  const start = /^[a-z0-9]/.test(base) ? base : `c_${base}`;
  let code = start;
  for (let n = 2; taken.has(code); n++) code = `${start}_${n}`;
  return code;
}

function optionsOf(c: CriterionDraft): unknown {
  switch (c.kind) {
    case 'scale':
      return {
        min: c.scale.min,
        max: c.scale.max,
        met_from: c.scale.met_from,
        labels: scaleLabels(c.scale.min, c.scale.max, c.scale.labels).map((l) => ({
          value: l.value,
          label_nl: l.label_nl.trim(),
          label_en: l.label_en.trim(),
        })),
      };
    case 'choice':
    case 'grade':
      return c.answers.map((a) => ({
        value: a.value.trim(),
        label_nl: a.label_nl.trim(),
        label_en: a.label_en.trim(),
        ...(a.met ? { met: true } : {}),
      }));
    default:
      return null;
  }
}

/** save_scoring_form's argument for a draft that passed validateDraft. */
export function toPayload(draft: FormDraft): ScoringFormPayload {
  const taken = new Set(draft.criteria.flatMap((c) => (c.code ? [c.code] : [])));
  return {
    replaces: draft.replaces,
    ...(draft.replaces === null ? { code: draftFormCode(draft) } : {}),
    title_nl: draft.title_nl.trim(),
    title_en: draft.title_en.trim(),
    source: draft.source.trim(),
    criteria: draft.criteria.map((c) => {
      let code = c.code;
      if (!code) {
        code = codeFor(c.label_en, taken);
        taken.add(code);
      }
      return {
        code,
        kind: c.kind,
        label_nl: c.label_nl.trim(),
        label_en: c.label_en.trim(),
        help_nl: blank(c.help_nl) ? null : c.help_nl.trim(),
        help_en: blank(c.help_en) ? null : c.help_en.trim(),
        required: c.required,
        options: optionsOf(c),
      };
    }),
    procedures: draft.procedures.map((m) => ({
      procedure_id: m.procedure_id,
      view_position: m.view_position === null || blank(m.view_position) ? null : m.view_position.trim().toUpperCase(),
    })),
  };
}

/** Whether the draft says what the stored version says (then saving makes no version). */
export function isUnchanged(draft: FormDraft, form: EditableForm): boolean {
  const sortMappings = (p: ScoringFormPayload) => ({
    ...p,
    procedures: [...p.procedures].map((m) => `${m.procedure_id}/${m.view_position ?? ''}`).sort(),
  });
  return JSON.stringify(sortMappings(toPayload(draft))) === JSON.stringify(sortMappings(toPayload(draftFromForm(form))));
}
