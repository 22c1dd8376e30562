/**
 * Scoring forms with their criteria, as the scoring panel needs them. Forms are versioned: an evaluation item
 * names the exact form it is scored on.
 */
import type { ChoiceOption, Criterion, ScaleOptions, ScoringForm } from '@iqs/domain';
import type { IqsClient } from './client';
import { BackendError } from './profile';

function criterionOptions(kind: Criterion['kind'], options: unknown): Criterion['options'] {
  if (options === null || options === undefined) return null;
  if (kind === 'scale') return options as ScaleOptions;
  if (kind === 'choice' || kind === 'grade') return options as readonly ChoiceOption[];
  return null;
}

/** The forms with these ids, criteria in order; throws a BackendError when one is missing or unreadable. */
export async function loadScoringForms(client: IqsClient, formIds: readonly string[]): Promise<Map<string, ScoringForm>> {
  const ids = [...new Set(formIds)];
  if (ids.length === 0) return new Map();
  const forms = await client.from('scoring_forms').select('id, code, version, title_nl, title_en, source').in('id', ids);
  if (forms.error) throw new BackendError(forms.error.message, forms.error.code);
  const criteria = await client
    .from('scoring_criteria')
    .select('id, form_id, position, code, kind, label_nl, label_en, help_nl, help_en, required, options')
    .in('form_id', ids)
    .order('position');
  if (criteria.error) throw new BackendError(criteria.error.message, criteria.error.code);
  const result = new Map<string, ScoringForm>();
  for (const form of forms.data) {
    const own = criteria.data.filter((c) => c.form_id === form.id).map((c) => ({ ...c, options: criterionOptions(c.kind, c.options) }));
    result.set(form.id, { ...form, criteria: own });
  }
  const missing = ids.filter((id) => !result.has(id));
  if (missing.length > 0) throw new BackendError(`scoring form ${missing.join(', ')} is not readable`, null);
  return result;
}
