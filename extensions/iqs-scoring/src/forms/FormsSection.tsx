/**
 * The scoring forms on /iqs, for admins (issue 14, item 2): choose a form, change its criteria (kind, labels in Dutch
 * and English, help, which answers meet, required, order) and what it scores (procedures and views), and save it as a
 * new version. The rules are checked here first (forms/formEditorModel.ts), in the user's language, with the draft
 * kept; the database checks them again and decides who may save (public.save_scoring_form). "New form" starts a form
 * for a procedure and view that has none yet, from a copy of the generic form's criteria (the department's usual
 * start) or of another form's, or from one empty criterion; it is saved through the same function as version 1.
 * "Take out of use" retires the form shown after a confirmation that says what follows (its procedures and views go
 * to the generic form and become free, earlier scores keep it); "Forms out of use" lists retired forms to put back.
 * The database decides both (migration 43): only an admin's update passes, the generic form stays in use, and a form
 * is not put back while another active form holds one of its views; each refusal is said in the admin's language.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CriterionKind } from '@iqs/domain';
import type { EditableForm, FormProcedure, ScoringFormData } from '../ports';
import type { MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';
import { formatDate, inLanguage, translated } from '../ui/display';
import {
  addCriterion,
  changeCriterion,
  type CriterionDraft,
  draftFormCode,
  draftFromForm,
  type FormDraft,
  formCodeFor,
  formHolding,
  type FormProblem,
  isUnchanged,
  KINDS,
  moveCriterion,
  newFormDraft,
  removeCriterion,
  resizeScale,
  startFrom,
  toPayload,
  validateDraft,
} from './formEditorModel';

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: string }
  | {
      readonly status: 'ready';
      readonly forms: readonly EditableForm[];
      readonly procedures: readonly FormProcedure[];
      readonly retired: readonly EditableForm[];
    };

/** What the last retire or restore came to. */
type Change = { readonly kind: 'retired' | 'restored'; readonly title: string } | { readonly kind: 'refused'; readonly text: string };

type Outcome =
  | { readonly kind: 'saved'; readonly version: number; readonly title: string }
  | { readonly kind: 'created'; readonly title: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'invalid'; readonly problems: readonly FormProblem[] }
  | { readonly kind: 'stale' }
  | { readonly kind: 'failed'; readonly error: string };

export interface FormsSectionProps {
  readonly data: ScoringFormData;
  readonly translator: Translator;
}

/** A procedure and view as the admin reads it: "Hand X-ray LAT", "CT chest (every view)". */
function mappingName(translator: Translator, procedures: readonly FormProcedure[], procedureId: string, view: string | null): string {
  const procedure = procedures.find((p) => p.id === procedureId);
  const name = (procedure && inLanguage(translator.language, procedure.name_nl, procedure.name_en)) ?? procedure?.code ?? procedureId;
  const shown = view?.trim() ? view.trim().toUpperCase() : `(${translator.t('forms.anyView')})`;
  return `${name} ${shown}`;
}

function problemText(
  translator: Translator,
  problem: FormProblem,
  draft: FormDraft | null,
  forms: readonly EditableForm[],
  procedures: readonly FormProcedure[],
): string {
  const mapping = problem.mapping === undefined ? undefined : draft?.procedures[problem.mapping];
  const holder = forms.find((f) => f.code === problem.form);
  return translated(translator, `forms.err.${problem.code}` as MessageKey, {
    n: problem.criterion ?? '',
    code: problem.detail ?? '',
    what: mapping ? mappingName(translator, procedures, mapping.procedure_id, mapping.view_position) : (problem.detail ?? ''),
    form: holder ? (inLanguage(translator.language, holder.title_nl, holder.title_en) ?? holder.code) : (problem.form ?? ''),
  });
}

/** save_scoring_form's refusals that the editor can say in the admin's language, the draft kept. */
function refusal(error: { code?: string | null; message?: string }): FormProblem | null {
  if (error.code !== '23505') return null;
  // "another form already scores hand PA (hand-pa)": the procedure code and view, then the form's code
  const held = /^another form already scores (.+) \(([^()]+)\)$/.exec(error.message ?? '');
  if (held) return { code: 'viewTaken', detail: held[1], form: held[2] };
  const code = /^a form with code (\S+) exists already$/.exec(error.message ?? '');
  if (code) return { code: 'codeTaken', detail: code[1] };
  return null;
}

/** The first procedure no active form scores at all, for a new form to start on. */
function freeMapping(
  forms: readonly EditableForm[],
  procedures: readonly FormProcedure[],
): { procedure_id: string; view_position: null } | null {
  const held = new Set(forms.flatMap((f) => f.procedures.map((m) => m.procedure_id)));
  // else one whose "every view" no form holds (the admin then types the view), never one that is refused as it stands
  const free =
    procedures.find((p) => !held.has(p.id)) ??
    procedures.find((p) => !formHolding({ procedure_id: p.id, view_position: null }, forms, null)) ??
    procedures[0];
  return free ? { procedure_id: free.id, view_position: null } : null;
}

export function FormsSection({ data, translator }: FormsSectionProps) {
  const { t, language, locale } = translator;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const [draft, setDraft] = useState<FormDraft | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [saving, setSaving] = useState(false);
  /** 'new': the draft is a new form; `start` is the form whose criteria it started from ('' for one empty criterion) */
  const [creating, setCreating] = useState<{ readonly start: string } | null>(null);
  /** the confirmation of "take out of use" is open for the form shown */
  const [confirming, setConfirming] = useState(false);
  const [showRetired, setShowRetired] = useState(false);
  const [change, setChange] = useState<Change | null>(null);

  const reload = useCallback(
    async (keepCode: string | null, keepDraft: boolean): Promise<void> => {
      try {
        const [forms, procedures, retired] = await Promise.all([data.editableForms(), data.procedures(), data.retiredForms()]);
        setLoad({ status: 'ready', forms, procedures, retired });
        const chosen = forms.find((f) => f.code === keepCode) ?? forms[0] ?? null;
        setSelectedCode(chosen?.code ?? null);
        if (!keepDraft) {
          setDraft(chosen ? draftFromForm(chosen) : null);
          setCreating(null);
        }
      } catch (error) {
        setLoad({ status: 'failed', error: (error as Error).message });
      }
    },
    [data],
  );

  useEffect(() => {
    void reload(null, false);
  }, [reload]);

  const forms = load.status === 'ready' ? load.forms : [];
  const procedures = load.status === 'ready' ? load.procedures : [];
  const retired = load.status === 'ready' ? load.retired : [];
  const form = forms.find((f) => f.code === selectedCode) ?? null;

  const choose = (code: string): void => {
    const next = forms.find((f) => f.code === code) ?? null;
    setSelectedCode(code);
    setDraft(next ? draftFromForm(next) : null);
    setOutcome(null);
    setCreating(null);
    setConfirming(false);
    setChange(null);
  };

  const titleOf = (f: EditableForm): string => inLanguage(language, f.title_nl, f.title_en) ?? f.code;
  /** what a form scores, as the admin reads it: "Hand X-ray LAT, Hand X-ray LL" */
  const scoredBy = (f: EditableForm): string =>
    f.procedures.map((m) => mappingName(translator, procedures, m.procedure_id, m.view_position)).join(', ') || t('forms.nothing');

  /** A refusal of the database in the admin's language; null when it is none the editor knows. */
  const changeRefusal = (error: { code?: string | null; message?: string }, f: EditableForm): string | null => {
    if (error.code === '42501') return t('forms.notAdmin');
    if (error.code === '23514') return t('forms.retireGeneric');
    const held = refusal(error);
    if (held?.code === 'viewTaken') {
      const holder = forms.find((other) => other.code === held.form);
      // "knie AP": the procedure's code, then the view; said with the procedure's name
      const [procedureCode = '', ...view] = (held.detail ?? '').split(' ');
      const procedure = procedures.find((p) => p.code === procedureCode);
      return translated(translator, 'forms.restoreTaken', {
        title: titleOf(f),
        what: procedure ? mappingName(translator, procedures, procedure.id, view.join(' ') || null) : (held.detail ?? ''),
        form: holder ? titleOf(holder) : (held.form ?? ''),
      });
    }
    return null;
  };

  const askRetire = (): void => {
    if (!form) return;
    setOutcome(null);
    // the generic form scores whatever has no form of its own: the database refuses it, so say so without asking
    if (form.is_generic) {
      setConfirming(false);
      setChange({ kind: 'refused', text: t('forms.retireGeneric') });
      return;
    }
    setChange(null);
    setConfirming(true);
  };

  const setActive = async (f: EditableForm, active: boolean): Promise<void> => {
    setSaving(true);
    setOutcome(null);
    try {
      await data.setFormActive(f.id, active);
      setConfirming(false);
      // the forms first, then the message: when it shows, the chooser and the list are the database's again
      await reload(active ? f.code : null, false);
      setChange({ kind: active ? 'restored' : 'retired', title: titleOf(f) });
    } catch (error) {
      setConfirming(false);
      const text = changeRefusal(error as { code?: string | null; message?: string }, f);
      setChange({ kind: 'refused', text: text ?? translated(translator, 'forms.changeFailed', { error: (error as Error).message }) });
    } finally {
      setSaving(false);
    }
  };

  const restore = async (f: EditableForm): Promise<void> => {
    // a view another active form holds now: said before asking the database, which refuses it as well
    const taken = f.procedures.map((m) => ({ m, holder: formHolding(m, forms, null) })).find((x) => x.holder);
    if (taken?.holder) {
      setChange({
        kind: 'refused',
        text: translated(translator, 'forms.restoreTaken', {
          title: titleOf(f),
          what: mappingName(translator, procedures, taken.m.procedure_id, taken.m.view_position),
          form: titleOf(taken.holder),
        }),
      });
      return;
    }
    await setActive(f, true);
  };

  const startNew = (): void => {
    setConfirming(false);
    setChange(null);
    const generic = forms.find((f) => f.is_generic) ?? null;
    setCreating({ start: generic?.id ?? '' });
    setDraft(newFormDraft(generic, freeMapping(forms, procedures)));
    setOutcome(null);
  };

  const cancelNew = (): void => {
    setCreating(null);
    setDraft(form ? draftFromForm(form) : null);
    setOutcome(null);
  };

  const create = async (): Promise<void> => {
    if (!draft) return;
    const problems = validateDraft(draft, forms);
    if (problems.length > 0) {
      setOutcome({ kind: 'invalid', problems });
      return;
    }
    setSaving(true);
    try {
      const payload = toPayload(draft);
      await data.saveForm(payload);
      setOutcome({ kind: 'created', title: inLanguage(language, draft.title_nl, draft.title_en) ?? draftFormCode(draft) });
      await reload(payload.code ?? null, false);
    } catch (error) {
      const problem = refusal(error as { code?: string | null; message?: string });
      setOutcome(problem ? { kind: 'invalid', problems: [problem] } : { kind: 'failed', error: (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const save = async (): Promise<void> => {
    if (creating) return create();
    if (!draft || !form) return;
    const problems = validateDraft(draft, forms);
    if (problems.length > 0) {
      setOutcome({ kind: 'invalid', problems });
      return;
    }
    if (isUnchanged(draft, form)) {
      setOutcome({ kind: 'unchanged' });
      return;
    }
    setSaving(true);
    try {
      const saved = await data.saveForm(toPayload(draft));
      setOutcome(
        saved.created
          ? { kind: 'saved', version: saved.version, title: inLanguage(language, draft.title_nl, draft.title_en) ?? form.code }
          : { kind: 'unchanged' },
      );
      await reload(form.code, false);
    } catch (error) {
      const code = (error as { code?: string | null }).code;
      const problem = refusal(error as { code?: string | null; message?: string });
      setOutcome(
        code === '40001'
          ? { kind: 'stale' }
          : problem
            ? { kind: 'invalid', problems: [problem] }
            : { kind: 'failed', error: (error as Error).message },
      );
    } finally {
      setSaving(false);
    }
  };

  const update = (next: FormDraft): void => {
    setDraft(next);
    if (outcome?.kind === 'saved' || outcome?.kind === 'unchanged' || outcome?.kind === 'created') setOutcome(null);
  };
  const problemsIn = (problem: FormProblem): string => problemText(translator, problem, draft, forms, procedures);

  return (
    <section className="iqs-card iqs-card-wide iqs-f-forms" data-iqs-section="forms" aria-labelledby="iqs-forms-title">
      <h2 id="iqs-forms-title">{t('forms.title')}</h2>
      <p className="iqs-muted">{t('forms.intro')}</p>
      {load.status === 'loading' && <p className="iqs-muted">{t('forms.loading')}</p>}
      {load.status === 'failed' && (
        <p className="iqs-error" role="alert">
          {translated(translator, 'forms.loadFailed', { error: load.error })}
        </p>
      )}
      {load.status === 'ready' && (
        <div className="iqs-f-editor">
          {/* while a new form is drafted the chooser is away: the draft is no version of the form it would name */}
          {!creating && (
            <div className="iqs-f-row">
              <label className="iqs-field">
                {t('forms.choose')}
                <select value={selectedCode ?? ''} onChange={(event) => choose(event.target.value)} data-iqs-forms="choose">
                  {forms.map((f) => (
                    <option key={f.id} value={f.code}>
                      {inLanguage(language, f.title_nl, f.title_en)} · {translated(translator, 'forms.version', { n: f.version })}
                      {f.is_generic ? ` · ${t('forms.generic')}` : ''}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="iqs-secondary" onClick={startNew} data-iqs-forms="new">
                + {t('forms.new')}
              </button>
              {form && (
                <button type="button" className="iqs-secondary" disabled={saving} onClick={askRetire} data-iqs-forms="retire">
                  {t('forms.retire')}
                </button>
              )}
              <button
                type="button"
                className="iqs-link-button"
                aria-expanded={showRetired}
                onClick={() => setShowRetired(!showRetired)}
                data-iqs-forms="show-retired"
              >
                {t('forms.retiredList')} ({retired.length})
              </button>
            </div>
          )}
          {!creating && confirming && form && (
            <div className="iqs-f-confirm" role="alertdialog" aria-labelledby="iqs-forms-retire-text" data-iqs-forms="confirm-retire">
              <p id="iqs-forms-retire-text">
                {translated(translator, 'forms.retireConfirm', { title: titleOf(form), what: scoredBy(form) })}
              </p>
              <div className="iqs-f-actions">
                <button
                  type="button"
                  className="iqs-primary"
                  disabled={saving}
                  onClick={() => void setActive(form, false)}
                  data-iqs-forms="retire-yes"
                >
                  {t('forms.retireYes')}
                </button>
                <button
                  type="button"
                  className="iqs-secondary"
                  disabled={saving}
                  onClick={() => setConfirming(false)}
                  data-iqs-forms="retire-no"
                >
                  {t('forms.retireNo')}
                </button>
              </div>
            </div>
          )}
          {!creating && change && (
            <p
              className={change.kind === 'refused' ? 'iqs-f-errors' : 'iqs-f-saved'}
              role={change.kind === 'refused' ? 'alert' : 'status'}
              data-iqs-forms={change.kind}
            >
              {change.kind === 'refused' ? change.text : translated(translator, `forms.${change.kind}`, { title: change.title })}
            </p>
          )}
          {!creating && showRetired && (
            <div className="iqs-f-retired" data-iqs-forms="retired-list">
              <h3>{t('forms.retiredList')}</h3>
              {retired.length === 0 && <p className="iqs-muted">{t('forms.retiredNone')}</p>}
              <ul>
                {retired.map((f) => (
                  <li key={f.id} data-iqs-retired={f.code}>
                    <strong>{titleOf(f)}</strong> · {translated(translator, 'forms.version', { n: f.version })} ·{' '}
                    <span className="iqs-muted">{scoredBy(f)}</span>{' '}
                    <button
                      type="button"
                      className="iqs-secondary"
                      disabled={saving}
                      onClick={() => void restore(f)}
                      data-iqs-forms="restore"
                    >
                      {t('forms.restore')}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {!creating && outcome?.kind === 'created' && (
            <Outcome outcome={outcome} translator={translator} problemText={problemsIn} onReload={() => undefined} />
          )}
          {draft && (creating || form) && (
            <>
              {creating ? (
                <div data-iqs-forms="creating">
                  <h3>{t('forms.newTitle')}</h3>
                  <p className="iqs-muted">{t('forms.newIntro')}</p>
                  <div className="iqs-f-row">
                    <label>
                      {t('forms.startFrom')}
                      <select
                        value={creating.start}
                        onChange={(event) => {
                          const start = event.target.value;
                          setCreating({ start });
                          update(startFrom(draft, forms.find((f) => f.id === start) ?? null));
                        }}
                        data-iqs-forms="start"
                      >
                        <option value="">{t('forms.startEmpty')}</option>
                        {forms.map((f) => (
                          <option key={f.id} value={f.id}>
                            {translated(translator, 'forms.startCopy', { title: inLanguage(language, f.title_nl, f.title_en) ?? f.code })}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label className="iqs-f-narrow">
                      {t('forms.code')}
                      <input
                        type="text"
                        value={draft.code}
                        placeholder={formCodeFor(draft.title_en)}
                        onChange={(event) => update({ ...draft, code: event.target.value })}
                        data-iqs-field="code"
                      />
                    </label>
                  </div>
                </div>
              ) : (
                form && (
                  <p className="iqs-muted" data-iqs-forms="version" data-iqs-version={form.version}>
                    {form.code} · {translated(translator, 'forms.version', { n: form.version })} ·{' '}
                    {translated(translator, 'forms.savedBy', { date: formatDate(form.created_at, locale) ?? form.created_at })}
                  </p>
                )
              )}
              <div className="iqs-f-row">
                <TextField
                  label={t('forms.titleNl')}
                  value={draft.title_nl}
                  onChange={(v) => update({ ...draft, title_nl: v })}
                  name="title_nl"
                />
                <TextField
                  label={t('forms.titleEn')}
                  value={draft.title_en}
                  onChange={(v) => update({ ...draft, title_en: v })}
                  name="title_en"
                />
              </div>
              <TextField label={t('forms.source')} value={draft.source} onChange={(v) => update({ ...draft, source: v })} name="source" />
              {(creating || !form?.is_generic) && (
                <Mappings draft={draft} forms={forms} procedures={procedures} translator={translator} onChange={update} />
              )}
              <h3>{t('forms.criteria')}</h3>
              {draft.criteria.map((criterion, index) => (
                <CriterionEditor
                  key={criterion.key}
                  criterion={criterion}
                  index={index}
                  count={draft.criteria.length}
                  translator={translator}
                  onChange={(change) => update(changeCriterion(draft, index, change))}
                  onMove={(step) => update(moveCriterion(draft, index, step))}
                  onRemove={() => update(removeCriterion(draft, index))}
                />
              ))}
              <div className="iqs-f-actions">
                <button type="button" className="iqs-secondary" onClick={() => update(addCriterion(draft))} data-iqs-forms="add">
                  + {t('forms.add')}
                </button>
              </div>
              <Outcome
                outcome={outcome?.kind === 'created' ? null : outcome}
                translator={translator}
                problemText={problemsIn}
                onReload={() => void reload(form?.code ?? null, false)}
              />
              <div className="iqs-f-actions">
                <button type="button" className="iqs-primary" disabled={saving} onClick={() => void save()} data-iqs-forms="save">
                  {saving ? t('forms.saving') : creating ? t('forms.create') : t('forms.save')}
                </button>
                {creating ? (
                  <button type="button" className="iqs-secondary" disabled={saving} onClick={cancelNew} data-iqs-forms="cancel">
                    {t('forms.cancelNew')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="iqs-secondary"
                    disabled={saving}
                    onClick={() => {
                      if (form) setDraft(draftFromForm(form));
                      setOutcome(null);
                    }}
                    data-iqs-forms="reset"
                  >
                    {t('forms.reset')}
                  </button>
                )}
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function Outcome({
  outcome,
  translator,
  problemText,
  onReload,
}: {
  outcome: Outcome | null;
  translator: Translator;
  problemText: (problem: FormProblem) => string;
  onReload: () => void;
}) {
  if (!outcome) return null;
  const { t } = translator;
  switch (outcome.kind) {
    case 'saved':
      return (
        <p className="iqs-f-saved" role="status" data-iqs-forms="saved">
          {translated(translator, 'forms.saved', { n: outcome.version, title: outcome.title })}
        </p>
      );
    case 'created':
      return (
        <p className="iqs-f-saved" role="status" data-iqs-forms="created">
          {translated(translator, 'forms.created', { title: outcome.title })}
        </p>
      );
    case 'unchanged':
      return (
        <p className="iqs-muted" role="status" data-iqs-forms="unchanged">
          {t('forms.unchanged')}
        </p>
      );
    case 'invalid':
      return (
        <div className="iqs-f-errors" role="alert" data-iqs-forms="errors">
          <strong>{t('forms.invalid')}</strong>
          <ul>
            {outcome.problems.map((problem, i) => (
              <li key={i} data-iqs-problem={problem.code}>
                {problemText(problem)}
              </li>
            ))}
          </ul>
        </div>
      );
    case 'stale':
      return (
        <div className="iqs-f-errors" role="alert" data-iqs-forms="stale">
          {t('forms.stale')}{' '}
          <button type="button" className="iqs-secondary" onClick={onReload}>
            {t('forms.reload')}
          </button>
        </div>
      );
    case 'failed':
      return (
        <p className="iqs-f-errors" role="alert" data-iqs-forms="failed">
          {translated(translator, 'forms.saveFailed', { error: outcome.error })}
        </p>
      );
  }
}

function TextField(props: { label: string; value: string; onChange: (value: string) => void; name: string; multiline?: boolean }) {
  return (
    <label>
      {props.label}
      {props.multiline ? (
        <textarea rows={2} value={props.value} onChange={(event) => props.onChange(event.target.value)} data-iqs-field={props.name} />
      ) : (
        <input type="text" value={props.value} onChange={(event) => props.onChange(event.target.value)} data-iqs-field={props.name} />
      )}
    </label>
  );
}

function NumberField(props: { label: string; value: number; onChange: (value: number) => void; name: string }) {
  return (
    <label className="iqs-f-narrow">
      {props.label}
      <input
        type="number"
        step={1}
        value={Number.isFinite(props.value) ? props.value : ''}
        onChange={(event) => props.onChange(event.target.value === '' ? Number.NaN : Number(event.target.value))}
        data-iqs-field={props.name}
      />
    </label>
  );
}

function Mappings(props: {
  draft: FormDraft;
  forms: readonly EditableForm[];
  procedures: readonly FormProcedure[];
  translator: Translator;
  onChange: (draft: FormDraft) => void;
}) {
  const { draft, forms, procedures, translator, onChange } = props;
  /** the views of a procedure other forms score already, so that the admin picks a free one */
  const heldViews = (procedureId: string): string =>
    forms
      .filter((f) => f.id !== draft.replaces)
      .flatMap((f) =>
        f.procedures
          .filter((m) => m.procedure_id === procedureId)
          .map((m) => `${m.view_position ?? t('forms.anyView')} (${inLanguage(language, f.title_nl, f.title_en) ?? f.code})`),
      )
      .join(', ');
  const { t, language } = translator;
  const set = (index: number, change: Partial<FormDraft['procedures'][number]>): void =>
    onChange({ ...draft, procedures: draft.procedures.map((m, i) => (i === index ? { ...m, ...change } : m)) });
  return (
    <fieldset className="iqs-f-mappings" data-iqs-forms="mappings">
      <legend>{t('forms.scores')}</legend>
      {draft.procedures.map((mapping, index) => (
        <div className="iqs-f-row" key={index} data-iqs-mapping={index}>
          <label>
            {t('forms.procedure')}
            <select value={mapping.procedure_id} onChange={(event) => set(index, { procedure_id: event.target.value })}>
              {procedures.map((p) => (
                <option key={p.id} value={p.id}>
                  {inLanguage(language, p.name_nl, p.name_en) ?? p.code}
                </option>
              ))}
            </select>
          </label>
          <label className="iqs-f-narrow">
            {t('forms.view')}
            <input
              type="text"
              value={mapping.view_position ?? ''}
              placeholder={t('forms.anyView')}
              onChange={(event) => set(index, { view_position: event.target.value === '' ? null : event.target.value })}
            />
          </label>
          <button
            type="button"
            className="iqs-secondary"
            onClick={() => onChange({ ...draft, procedures: draft.procedures.filter((_, i) => i !== index) })}
          >
            {t('forms.removeMapping')}
          </button>
          {heldViews(mapping.procedure_id) && (
            <span className={`iqs-muted${formHolding(mapping, forms, draft.replaces) ? ' iqs-error' : ''}`} data-iqs-forms="held">
              {translated(translator, 'forms.held', { views: heldViews(mapping.procedure_id) })}
            </span>
          )}
        </div>
      ))}
      {procedures.length > 0 && (
        <button
          type="button"
          className="iqs-link-button"
          onClick={() =>
            onChange({ ...draft, procedures: [...draft.procedures, { procedure_id: procedures[0]?.id ?? '', view_position: null }] })
          }
        >
          + {t('forms.addMapping')}
        </button>
      )}
    </fieldset>
  );
}

function CriterionEditor(props: {
  criterion: CriterionDraft;
  index: number;
  count: number;
  translator: Translator;
  onChange: (change: Partial<Omit<CriterionDraft, 'key' | 'code'>>) => void;
  onMove: (step: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { criterion, index, count, translator, onChange, onMove, onRemove } = props;
  const { t } = translator;
  const n = index + 1;
  return (
    <div className="iqs-f-criterion" data-iqs-f-criterion={criterion.code ?? `new-${index}`} data-iqs-f-index={index}>
      <div className="iqs-f-criterion-head">
        <h4>
          {translated(translator, 'forms.criterion', { n })}
          {criterion.code ? <span className="iqs-muted"> · {criterion.code}</span> : null}
        </h4>
        <button
          type="button"
          className="iqs-secondary"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={`${t('forms.moveUp')} (${n})`}
          data-iqs-forms="up"
        >
          ↑
        </button>
        <button
          type="button"
          className="iqs-secondary"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={`${t('forms.moveDown')} (${n})`}
          data-iqs-forms="down"
        >
          ↓
        </button>
        <button type="button" className="iqs-secondary" onClick={onRemove} data-iqs-forms="remove">
          {t('forms.remove')}
        </button>
      </div>
      <div className="iqs-f-row">
        <label className="iqs-f-narrow">
          {t('forms.kind')}
          <select
            value={criterion.kind}
            onChange={(event) => onChange({ kind: event.target.value as CriterionKind })}
            data-iqs-field="kind"
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`forms.kind.${kind}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <TextField label={t('forms.labelNl')} value={criterion.label_nl} onChange={(v) => onChange({ label_nl: v })} name="label_nl" />
        <TextField label={t('forms.labelEn')} value={criterion.label_en} onChange={(v) => onChange({ label_en: v })} name="label_en" />
        <label className="iqs-f-check">
          <input
            type="checkbox"
            checked={criterion.required}
            onChange={(event) => onChange({ required: event.target.checked })}
            data-iqs-field="required"
          />
          {t('forms.required')}
        </label>
      </div>
      <div className="iqs-f-row">
        <TextField
          label={t('forms.helpNl')}
          value={criterion.help_nl}
          onChange={(v) => onChange({ help_nl: v })}
          name="help_nl"
          multiline
        />
        <TextField
          label={t('forms.helpEn')}
          value={criterion.help_en}
          onChange={(v) => onChange({ help_en: v })}
          name="help_en"
          multiline
        />
      </div>
      {criterion.kind === 'scale' && <ScaleEditor criterion={criterion} translator={translator} onChange={onChange} />}
      {(criterion.kind === 'choice' || criterion.kind === 'grade') && (
        <AnswersEditor criterion={criterion} translator={translator} onChange={onChange} />
      )}
    </div>
  );
}

function ScaleEditor(props: { criterion: CriterionDraft; translator: Translator; onChange: (change: Partial<CriterionDraft>) => void }) {
  const { criterion, translator, onChange } = props;
  const { t } = translator;
  const { scale } = criterion;
  const setLabel = (value: string, change: { label_nl?: string; label_en?: string }): void =>
    onChange({ scale: { ...scale, labels: scale.labels.map((l) => (l.value === value ? { ...l, ...change } : l)) } });
  return (
    <div className="iqs-f-answers" data-iqs-forms="scale">
      <div className="iqs-f-row">
        <NumberField
          label={t('forms.scaleFrom')}
          value={scale.min}
          onChange={(v) => onChange({ scale: resizeScale(scale, v, scale.max) })}
          name="min"
        />
        <NumberField
          label={t('forms.scaleTo')}
          value={scale.max}
          onChange={(v) => onChange({ scale: resizeScale(scale, scale.min, v) })}
          name="max"
        />
        <NumberField
          label={t('forms.metFrom')}
          value={scale.met_from}
          onChange={(v) => onChange({ scale: { ...scale, met_from: v } })}
          name="met_from"
        />
      </div>
      {scale.labels.map((label) => (
        <div className="iqs-f-row" key={label.value} data-iqs-scale-value={label.value}>
          <span className="iqs-f-narrow">
            {label.value} {Number(label.value) >= scale.met_from ? '✓' : '✗'}
          </span>
          <TextField
            label={t('forms.meaningNl')}
            value={label.label_nl}
            onChange={(v) => setLabel(label.value, { label_nl: v })}
            name="meaning_nl"
          />
          <TextField
            label={t('forms.meaningEn')}
            value={label.label_en}
            onChange={(v) => setLabel(label.value, { label_en: v })}
            name="meaning_en"
          />
        </div>
      ))}
    </div>
  );
}

function AnswersEditor(props: { criterion: CriterionDraft; translator: Translator; onChange: (change: Partial<CriterionDraft>) => void }) {
  const { criterion, translator, onChange } = props;
  const { t } = translator;
  const set = (index: number, change: Partial<CriterionDraft['answers'][number]>): void =>
    onChange({ answers: criterion.answers.map((a, i) => (i === index ? { ...a, ...change } : a)) });
  return (
    <div className="iqs-f-answers" data-iqs-forms="answers">
      {criterion.answers.map((answer, index) => (
        <div className="iqs-f-row" key={index} data-iqs-answer-index={index}>
          <label className="iqs-f-narrow">
            {t('forms.value')}
            <input
              type="text"
              value={answer.value}
              onChange={(event) => set(index, { value: event.target.value })}
              data-iqs-field="value"
            />
          </label>
          <TextField label={t('forms.labelNl')} value={answer.label_nl} onChange={(v) => set(index, { label_nl: v })} name="answer_nl" />
          <TextField label={t('forms.labelEn')} value={answer.label_en} onChange={(v) => set(index, { label_en: v })} name="answer_en" />
          <label className="iqs-f-check">
            <input
              type="checkbox"
              checked={answer.met}
              onChange={(event) => set(index, { met: event.target.checked })}
              data-iqs-field="met"
            />
            {t('forms.answerMeets')}
          </label>
          <button
            type="button"
            className="iqs-secondary"
            onClick={() => onChange({ answers: criterion.answers.filter((_, i) => i !== index) })}
            aria-label={`${t('forms.removeAnswer')} ${index + 1}`}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="iqs-link-button"
        onClick={() =>
          onChange({
            answers: [...criterion.answers, { value: String(criterion.answers.length + 1), label_nl: '', label_en: '', met: false }],
          })
        }
      >
        + {t('forms.addAnswer')}
      </button>
    </div>
  );
}
