/**
 * Scoring forms with their criteria, as the scoring panel needs them. Forms are versioned: an evaluation item
 * names the exact form it is scored on.
 */
import type { ChoiceOption, Criterion, ScaleOptions, ScoringForm } from '@iqs/domain';
import type { Json } from '@iqs/database';
import type { EditableForm, SavedForm, ScoringFormData, ScoringFormPayload } from '../forms/formsPorts';
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
 * the new version; forms out of use, and taking one out of use or back through the table (migration 43 and the
 * policies of migration 7 decide). RLS gives every signed-in person the forms; the editor is shown to admins only.
 */
export function createScoringFormData(client: IqsClient): ScoringFormData {
  type FormRow = Omit<EditableForm, 'criteria' | 'procedures'>;
  /** The rows with their criteria in order and what they score. */
  async function withContent(rows: readonly FormRow[]): Promise<EditableForm[]> {
    const ids = rows.map((f) => f.id);
    if (ids.length === 0) return [];
    const loaded = await loadScoringForms(client, ids);
    const mappings = await client.from('scoring_form_procedures').select('form_id, procedure_id, view_position').in('form_id', ids);
    if (mappings.error) throw new BackendError(mappings.error.message, mappings.error.code);
    return rows.map((f) => ({
      ...f,
      criteria: loaded.get(f.id)?.criteria ?? [],
      procedures: mappings.data
        .filter((m) => m.form_id === f.id)
        .map((m) => ({ procedure_id: m.procedure_id, view_position: m.view_position }))
        .sort((a, b) => `${a.procedure_id}/${a.view_position ?? ''}`.localeCompare(`${b.procedure_id}/${b.view_position ?? ''}`)),
    }));
  }
  const COLUMNS = 'id, code, version, title_nl, title_en, source, is_generic, created_at, active';

  return {
    async editableForms() {
      const forms = await client
        .from('scoring_forms')
        .select(COLUMNS)
        .eq('active', true)
        .order('is_generic', { ascending: false })
        .order('title_en');
      if (forms.error) throw new BackendError(forms.error.message, forms.error.code);
      return withContent(forms.data);
    },
    async retiredForms() {
      const forms = await client.from('scoring_forms').select(COLUMNS).order('title_en').order('version', { ascending: false });
      if (forms.error) throw new BackendError(forms.error.message, forms.error.code);
      // a code whose active version was replaced by a newer one is not retired: only a code with no active version is
      const inUse = new Set(forms.data.filter((f) => f.active).map((f) => f.code));
      const newest = new Map<string, (typeof forms.data)[number]>();
      for (const f of forms.data) if (!inUse.has(f.code) && (newest.get(f.code)?.version ?? 0) < f.version) newest.set(f.code, f);
      return withContent([...newest.values()]);
    },
    async setFormActive(id: string, active: boolean): Promise<void> {
      const { data, error } = await client.from('scoring_forms').update({ active }).eq('id', id).select('id');
      if (error) throw new BackendError(error.message, error.code);
      // the policies let a non-admin's update through as zero rows: say it as the refusal it is
      if (data.length === 0) throw new BackendError('only an admin may change scoring forms', '42501');
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
