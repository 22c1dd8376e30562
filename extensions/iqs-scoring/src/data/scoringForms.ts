/**
 * Scoring forms with their criteria, as the scoring panel needs them. Forms are versioned: an evaluation item
 * names the exact form it is scored on.
 */
import type { ChoiceOption, Criterion, ScaleOptions, ScoringForm } from '@iqs/domain';
import type { Json } from '@iqs/database';
import type { SavedForm, ScoringFormData, ScoringFormPayload } from '../forms/formsPorts';
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

/**
 * The form editor's backend (forms/formsPorts.ts): the site's active forms with their criteria and what they score,
 * the procedures to map them to, and public.save_scoring_form (migration 37), which decides who may save and makes
 * the new version. RLS gives every signed-in person the forms; the editor is shown to admins only.
 */
export function createScoringFormData(client: IqsClient): ScoringFormData {
  return {
    async editableForms() {
      const forms = await client
        .from('scoring_forms')
        .select('id, code, version, title_nl, title_en, source, is_generic, created_at')
        .eq('active', true)
        .order('is_generic', { ascending: false })
        .order('title_en');
      if (forms.error) throw new BackendError(forms.error.message, forms.error.code);
      const ids = forms.data.map((f) => f.id);
      if (ids.length === 0) return [];
      const loaded = await loadScoringForms(client, ids);
      const mappings = await client.from('scoring_form_procedures').select('form_id, procedure_id, view_position').in('form_id', ids);
      if (mappings.error) throw new BackendError(mappings.error.message, mappings.error.code);
      return forms.data.map((f) => ({
        ...f,
        criteria: loaded.get(f.id)?.criteria ?? [],
        procedures: mappings.data
          .filter((m) => m.form_id === f.id)
          .map((m) => ({ procedure_id: m.procedure_id, view_position: m.view_position }))
          .sort((a, b) => `${a.procedure_id}/${a.view_position ?? ''}`.localeCompare(`${b.procedure_id}/${b.view_position ?? ''}`)),
      }));
    },
    async procedures() {
      const { data, error } = await client.from('procedures').select('id, code, name_nl, name_en').order('name_en');
      if (error) throw new BackendError(error.message, error.code);
      return data;
    },
    async saveForm(payload: ScoringFormPayload): Promise<SavedForm> {
      const before = payload.replaces;
      const { data, error } = await client.rpc('save_scoring_form', { form: payload as unknown as Json });
      if (error) throw new BackendError(error.message, error.code);
      const id = data as string;
      const saved = await client.from('scoring_forms').select('version').eq('id', id).single();
      if (saved.error) throw new BackendError(saved.error.message, saved.error.code);
      return { id, version: saved.data.version, created: id !== before };
    },
  };
}
