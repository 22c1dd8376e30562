/**
 * The action form's values and their check before anything is sent: the same limits the database holds
 * (migration 33's CHECKs), said in the user's language instead of as a refused request.
 */
import type { MessageKey } from '../i18n/messages';
import type { ActionFinding, ActionState, NewQualityAction, QualityAction } from './actionsPorts';

export interface ActionFormValues {
  readonly title: string;
  readonly description: string;
  readonly finding: ActionFinding;
  readonly ownerId: string;
  readonly dueDate: string;
  readonly state: ActionState;
  readonly outcome: string;
}

export const EMPTY_FINDING: ActionFinding = { kind: 'other', ref: null, label: null };

export function valuesOf(action: QualityAction): ActionFormValues {
  return {
    title: action.title,
    description: action.description ?? '',
    finding: action.finding,
    ownerId: action.ownerId,
    dueDate: action.dueDate,
    state: action.state,
    outcome: action.outcome ?? '',
  };
}

export function newValues(finding: ActionFinding, ownerId: string, dueDate: string): ActionFormValues {
  return { title: '', description: '', finding, ownerId, dueDate, state: 'planned', outcome: '' };
}

/** A calendar date the database accepts for a due date (2000-01-01 … 2099-12-31). */
export function isSaneDueDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && year <= 2099 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with the values, as message keys; empty when they can be sent. */
export function actionFormErrors(values: ActionFormValues): MessageKey[] {
  const errors: MessageKey[] = [];
  const title = values.title.trim();
  if (!title) errors.push('action.error.titleRequired');
  else if (title.length > 200) errors.push('action.error.titleTooLong');
  if (values.description.length > 4000 || values.outcome.length > 4000 || (values.finding.label ?? '').length > 500)
    errors.push('action.error.textTooLong');
  if (!values.ownerId) errors.push('action.error.ownerRequired');
  if (!values.dueDate) errors.push('action.error.dueDateRequired');
  else if (!isSaneDueDate(values.dueDate)) errors.push('action.error.dueDateInvalid');
  if (values.state === 'done' && !values.outcome.trim()) errors.push('action.error.outcomeRequired');
  return errors;
}

const orNull = (value: string | null): string | null => (value && value.trim() ? value.trim() : null);

export function toNewAction(values: ActionFormValues): NewQualityAction {
  return {
    title: values.title.trim(),
    description: orNull(values.description),
    finding: { kind: values.finding.kind, ref: orNull(values.finding.ref), label: orNull(values.finding.label) },
    ownerId: values.ownerId,
    dueDate: values.dueDate,
    state: values.state,
    outcome: orNull(values.outcome),
  };
}

/** Whole days an open action is past its due date, counted from today (YYYY-MM-DD). */
export function daysPastDue(dueDate: string, today: string): number {
  const day = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.max(0, Math.round((day(today) - day(dueDate)) / 86_400_000));
}
