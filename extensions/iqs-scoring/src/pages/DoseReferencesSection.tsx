import { useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_REFERENCE_SET, REFERENCE_EXAMS } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import type {
  DoseQuantity,
  DoseReferenceData,
  DoseReferenceSet,
  DoseReferenceValue,
  PersonOption,
  ProcedureReferenceExam,
  SiteDoseReference,
  SiteDoseReferenceInput,
} from '../ports';
import { formatDate, inLanguage, translated } from '../ui/display';
import { formatDose, QUANTITY_KEYS, QUANTITY_LONG_KEYS } from '../ui/doseDisplay';
import { ensureDoseAnalysisStyles } from './doseAnalysisStyles';
import { ensureRejectAnalysisStyles } from './rejectAnalysisStyles';

type Role = PersonOption['role'];

/** The set that applies where the department has no value of its own (applicable_reference). */
const DEFAULT_SET: string = DEFAULT_REFERENCE_SET;

/** The units a value may be entered in, per quantity, the canonical one first (the database converts). */
export const PUBLISHED_UNITS: Record<DoseQuantity, readonly string[]> = {
  dap: ['Gy·cm²', 'mGy·cm²', 'cGy·cm²', 'dGy·cm²', 'µGy·m²'],
  ctdivol: ['mGy'],
  dlp: ['mGy·cm'],
  organ_dose: ['mGy'],
};

const QUANTITIES: readonly DoseQuantity[] = ['dap', 'ctdivol', 'dlp', 'organ_dose'];

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

interface Loaded {
  readonly sets: readonly DoseReferenceSet[];
  readonly values: readonly DoseReferenceValue[];
  readonly site: readonly SiteDoseReference[];
  readonly procedures: readonly ProcedureReferenceExam[];
}

/** The form's fields as typed (text), so a half-typed number is kept as it is. */
export interface ReferenceForm {
  readonly id: string | null;
  readonly procedureId: string;
  readonly quantity: DoseQuantity;
  readonly view: string;
  readonly value: string;
  readonly target: string;
  readonly unit: string;
  readonly ageMin: string;
  readonly ageMax: string;
  readonly label: string;
  readonly source: string;
  readonly sourceUrl: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly notes: string;
}

const number = (text: string): number | null => {
  if (text.trim() === '') return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : Number.NaN;
};
const textOrNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The form as the RPC takes it, or null when it is not complete and sound (the database checks again). */
export function referenceInput(form: ReferenceForm): SiteDoseReferenceInput | null {
  const value = number(form.value);
  const target = number(form.target);
  const ageMin = number(form.ageMin);
  const ageMax = number(form.ageMax);
  if (!form.procedureId || value === null || !(value > 0)) return null;
  if (target !== null && !(target > 0 && target < value)) return null;
  if ([ageMin, ageMax].some((age) => age !== null && !(Number.isInteger(age) && age >= 0 && age <= 130))) return null;
  if (ageMin !== null && ageMax !== null && ageMin > ageMax) return null;
  if (!form.source.trim() || !form.validFrom) return null;
  if (form.validTo && form.validTo <= form.validFrom) return null;
  return {
    id: form.id,
    procedure_id: form.procedureId,
    quantity: form.quantity,
    view_position: textOrNull(form.view),
    published_value: value,
    published_target: target,
    published_unit: form.unit,
    age_min: ageMin,
    age_max: ageMax,
    thickness_mm: null,
    label: form.label.trim(),
    source: form.source.trim(),
    source_url: textOrNull(form.sourceUrl),
    valid_from: form.validFrom,
    valid_to: textOrNull(form.validTo),
    notes: textOrNull(form.notes),
  };
}

function emptyForm(today: string): ReferenceForm {
  return {
    id: null,
    procedureId: '',
    quantity: 'dap',
    view: '',
    value: '',
    target: '',
    unit: 'Gy·cm²',
    ageMin: '',
    ageMax: '',
    label: '',
    source: '',
    sourceUrl: '',
    validFrom: today,
    validTo: '',
    notes: '',
  };
}

function formOf(reference: SiteDoseReference): ReferenceForm {
  const published = reference.published_value !== null && reference.published_unit !== null;
  const text = (value: number | null): string => (value === null ? '' : String(value));
  return {
    id: reference.id,
    procedureId: reference.procedure_id ?? '',
    quantity: reference.quantity,
    view: reference.view_position ?? '',
    value: text(published ? reference.published_value : reference.drl_value),
    target: text(published ? reference.published_target : reference.target_value),
    unit: published ? reference.published_unit! : reference.unit,
    ageMin: text(reference.age_min),
    ageMax: text(reference.age_max),
    label: reference.label,
    source: reference.source,
    sourceUrl: reference.source_url ?? '',
    validFrom: reference.valid_from,
    validTo: reference.valid_to ?? '',
    notes: reference.notes ?? '',
  };
}

function ages(min: number | null, max: number | null, translator: Translator): string {
  if (min === null && max === null) return '–';
  if (min !== null && min >= 18 && max === null) return translator.t('ref.adult');
  return translated(translator, 'ref.ages', { min: min ?? 0, max: max ?? '…' });
}

/**
 * The reference values on the IQS page: which value applies to each procedure (the department's own, else the Dutch
 * value for the procedure's exam in the catalogue), the department's values, and the catalogue of published sets.
 * An admin maps procedures to catalogue exams, adds, changes and removes the department's values and takes values
 * over from the catalogue (the database checks the role and audits every change); others read.
 */
export function DoseReferencesSection({
  data,
  role,
  translator,
  today,
  onChanged,
}: {
  data: DoseReferenceData;
  role: Role;
  translator: Translator;
  /** YYYY-MM-DD: a new value's first day */
  today: string;
  /** a value or mapping changed: the analysis reads again */
  onChanged?: () => void;
}) {
  const { t, language, locale } = translator;
  const admin = role === 'admin';
  useEffect(() => {
    ensureRejectAnalysisStyles();
    ensureDoseAnalysisStyles();
  }, []);

  const [loaded, setLoaded] = useState<{ status: 'loading' } | { status: 'done'; value: Loaded } | { status: 'error'; message: string }>({
    status: 'loading',
  });
  const [revision, setRevision] = useState(0);
  const [form, setForm] = useState<ReferenceForm | null>(null);
  const [formProblem, setFormProblem] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [setCode, setSetCode] = useState<string>(DEFAULT_SET);
  const [adoptFor, setAdoptFor] = useState<Record<string, string>>({});

  useEffect(() => {
    let gone = false;
    Promise.all([data.referenceSets(), data.referenceValues(), data.siteReferences(), data.proceduresWithExam()])
      .then(([sets, values, site, procedures]) => !gone && setLoaded({ status: 'done', value: { sets, values, site, procedures } }))
      .catch((error: unknown) => !gone && setLoaded({ status: 'error', message: messageOf(error) }));
    return () => {
      gone = true;
    };
  }, [data, revision]);

  const run = useCallback(
    async (change: () => Promise<void>, done: string): Promise<boolean> => {
      setBusy(true);
      setMessage(null);
      try {
        await change();
        setMessage({ kind: 'ok', text: done });
        setRevision((n) => n + 1);
        onChanged?.();
        return true;
      } catch (error) {
        setMessage({ kind: 'error', text: `${t('ref.failed')} ${messageOf(error)}` });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onChanged, t],
  );

  const value = loaded.status === 'done' ? loaded.value : null;
  const procedureLabel = useCallback(
    (id: string | null): string => {
      const procedure = value?.procedures.find((p) => p.id === id);
      return procedure ? (inLanguage(language, procedure.name_nl, procedure.name_en) ?? procedure.code) : '–';
    },
    [value, language],
  );
  const exams = useMemo(() => {
    const byKey = new Map<string, string>(REFERENCE_EXAMS.map((key) => [key, '']));
    for (const v of value?.values ?? []) if (!byKey.get(v.exam_key) || v.set_code === DEFAULT_SET) byKey.set(v.exam_key, v.label);
    return [...byKey].sort((a, b) => a[0].localeCompare(b[0]));
  }, [value]);
  const setName = (code: string | null): string =>
    code === null ? t('ref.own') : (value?.sets.find((s) => s.code === code)?.code ?? code);

  const save = async (): Promise<void> => {
    if (!form) return;
    const input = referenceInput(form);
    setFormProblem(input === null);
    if (!input) return;
    if (await run(() => data.setSiteReference(input), t('ref.saved'))) setForm(null);
  };

  const titleId = 'iqs-dose-references-title';
  return (
    <section
      className="iqs-card iqs-card-wide iqs-dose-references"
      data-iqs-section="dose-references"
      data-cy="dose-references"
      data-status={loaded.status}
      data-admin={String(admin)}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{t('ref.title')}</h2>
      <p className="iqs-reject-note">{t('ref.intro')}</p>
      {!admin && <p className="iqs-reject-note">{t('ref.readOnly')}</p>}
      {message && (
        <p
          className={message.kind === 'ok' ? 'iqs-message' : 'iqs-error'}
          role={message.kind === 'ok' ? 'status' : 'alert'}
          data-cy="ref-message"
          data-kind={message.kind}
        >
          {message.text}
        </p>
      )}
      {loaded.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {loaded.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {loaded.message}
        </p>
      )}
      {value && (
        <>
          <h3>{t('ref.procedures')}</h3>
          <div className="iqs-table-scroll">
            <table className="iqs-table" data-cy="ref-procedures">
              <thead>
                <tr>
                  <th scope="col">{t('ref.col.procedure')}</th>
                  <th scope="col">{t('ref.col.exam')}</th>
                  <th scope="col">{t('ref.col.applies')}</th>
                </tr>
              </thead>
              <tbody>
                {value.procedures.map((procedure) => {
                  const own = value.site.filter(
                    (r) => r.procedure_id === procedure.id && r.valid_from <= today && (r.valid_to === null || r.valid_to > today),
                  );
                  // per quantity, as applicable_reference: the department's values first, else the Dutch ones
                  const dutch = value.values.filter(
                    (v) =>
                      v.set_code === DEFAULT_SET && v.exam_key === procedure.reference_exam && !own.some((r) => r.quantity === v.quantity),
                  );
                  const applies = own.length ? 'department' : dutch.length ? 'default' : 'none';
                  const shown = [
                    ...own.map((r) => ({ ...r, by: 'department' as const })),
                    ...dutch.map((v) => ({ ...v, by: 'default' as const, unit: PUBLISHED_UNITS[v.quantity][0] ?? '' })),
                  ];
                  return (
                    <tr
                      key={procedure.id}
                      data-cy="ref-procedure"
                      data-code={procedure.code}
                      data-exam={procedure.reference_exam ?? ''}
                      data-applies={applies}
                    >
                      <th scope="row">
                        {inLanguage(language, procedure.name_nl, procedure.name_en) ?? procedure.code}
                        {procedure.modality && <span className="iqs-muted"> ({procedure.modality})</span>}
                      </th>
                      <td>
                        {admin ? (
                          <select
                            aria-label={`${t('ref.col.exam')}: ${procedure.code}`}
                            value={procedure.reference_exam ?? ''}
                            disabled={busy}
                            onChange={(event) => {
                              const exam = event.target.value || null;
                              void run(
                                () => data.mapProcedure(procedure.id, exam),
                                translated(translator, 'ref.mapped', { exam: exam ?? t('ref.noExam') }),
                              );
                            }}
                            data-cy="ref-exam"
                          >
                            <option value="">{t('ref.noExam')}</option>
                            {exams.map(([key, label]) => (
                              <option key={key} value={key}>
                                {label ? `${key} — ${label}` : key}
                              </option>
                            ))}
                          </select>
                        ) : (
                          (procedure.reference_exam ?? t('ref.noExam'))
                        )}
                      </td>
                      <td>
                        {shown.length === 0 ? (
                          <span className="iqs-muted">{t('ref.nothingApplies')}</span>
                        ) : (
                          shown
                            .map(
                              (r) =>
                                `${t(r.by === 'department' ? 'ref.byDepartment' : 'ref.byDefault')}: ${t(QUANTITY_KEYS[r.quantity])}${r.view_position ? ` ${r.view_position}` : ''} ${t('ref.col.drl')} ${formatDose(r.drl_value, locale) ?? '–'}${r.target_value !== null ? ` / ${formatDose(r.target_value, locale)}` : ''} ${r.unit}`,
                            )
                            .join('; ')
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <h3>{t('ref.siteValues')}</h3>
          {value.site.length === 0 ? (
            <p className="iqs-message" data-cy="ref-site-none">
              {t('ref.siteNone')}
            </p>
          ) : (
            <div className="iqs-table-scroll">
              <table className="iqs-table" data-cy="ref-site-values">
                <thead>
                  <tr>
                    <th scope="col">{t('ref.col.procedure')}</th>
                    <th scope="col">{t('ref.col.quantity')}</th>
                    <th scope="col">{t('ref.col.view')}</th>
                    <th scope="col" className="iqs-num">
                      {t('ref.col.drl')}
                    </th>
                    <th scope="col" className="iqs-num">
                      {t('ref.col.target')}
                    </th>
                    <th scope="col">{t('ref.col.published')}</th>
                    <th scope="col">{t('ref.col.age')}</th>
                    <th scope="col">{t('ref.col.source')}</th>
                    <th scope="col">{t('ref.col.valid')}</th>
                    {admin && (
                      <th scope="col">
                        <span className="iqs-sr-only">{t('ref.edit')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {value.site.map((reference) => (
                    <tr
                      key={reference.id}
                      data-cy="ref-site-value"
                      data-id={reference.id}
                      data-procedure={value.procedures.find((p) => p.id === reference.procedure_id)?.code ?? ''}
                      data-quantity={reference.quantity}
                      data-view={reference.view_position ?? ''}
                      data-drl={reference.drl_value}
                      data-target={reference.target_value ?? ''}
                      data-set={reference.reference_set ?? ''}
                    >
                      <th scope="row">
                        {procedureLabel(reference.procedure_id)}
                        <div className="iqs-muted">{reference.label}</div>
                      </th>
                      <td>{t(QUANTITY_KEYS[reference.quantity])}</td>
                      <td>{reference.view_position ?? '–'}</td>
                      <td className="iqs-num">
                        {formatDose(reference.drl_value, locale)} {reference.unit}
                      </td>
                      <td className="iqs-num">
                        {reference.target_value !== null ? `${formatDose(reference.target_value, locale)} ${reference.unit}` : '–'}
                      </td>
                      <td>
                        {reference.published_value !== null
                          ? `${formatDose(reference.published_value, locale)}${reference.published_target !== null ? ` / ${formatDose(reference.published_target, locale)}` : ''} ${reference.published_unit ?? ''}`
                          : '–'}
                      </td>
                      <td>{ages(reference.age_min, reference.age_max, translator)}</td>
                      <td>
                        {setName(reference.reference_set)}
                        <div className="iqs-muted">{reference.source}</div>
                      </td>
                      <td>
                        {formatDate(reference.valid_from, locale)} – {formatDate(reference.valid_to, locale) ?? '…'}
                      </td>
                      {admin && (
                        <td>
                          <button
                            type="button"
                            className="iqs-secondary"
                            disabled={busy}
                            onClick={() => {
                              setFormProblem(false);
                              setForm(formOf(reference));
                            }}
                            data-cy="ref-edit"
                          >
                            {t('ref.edit')}
                          </button>{' '}
                          <button
                            type="button"
                            className="iqs-secondary"
                            disabled={busy}
                            onClick={() => {
                              if (globalThis.confirm?.(t('ref.removeConfirm')) === false) return;
                              void run(() => data.removeSiteReference(reference.id), t('ref.removed'));
                            }}
                            data-cy="ref-remove"
                          >
                            {t('ref.remove')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {admin && !form && (
            <button
              type="button"
              onClick={() => {
                setFormProblem(false);
                setForm(emptyForm(today));
              }}
              data-cy="ref-add"
              style={{ marginTop: 8 }}
            >
              {t('ref.add')}
            </button>
          )}
          {admin && form && (
            <ReferenceFormView
              form={form}
              procedures={value.procedures}
              translator={translator}
              busy={busy}
              problem={formProblem}
              onChange={setForm}
              onSave={() => void save()}
              onCancel={() => setForm(null)}
            />
          )}

          <h3>{t('ref.catalogue')}</h3>
          <div className="iqs-stats-controls">
            <label className="iqs-field">
              {t('ref.set')}
              <select value={setCode} onChange={(event) => setSetCode(event.target.value)} data-cy="ref-set">
                {value.sets.map((set) => (
                  <option key={set.code} value={set.code}>
                    {set.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {(() => {
            const set = value.sets.find((s) => s.code === setCode);
            return set ? (
              <p className="iqs-reject-note" data-cy="ref-set-source">
                {set.source}
                {set.published_on ? ` (${formatDate(set.published_on, locale)})` : set.published_year ? ` (${set.published_year})` : ''}
                {set.source_url && (
                  <>
                    {' '}
                    <a href={set.source_url} target="_blank" rel="noreferrer">
                      {set.source_url}
                    </a>
                  </>
                )}
              </p>
            ) : null;
          })()}
          <div className="iqs-table-scroll">
            <table className="iqs-table" data-cy="ref-catalogue">
              <thead>
                <tr>
                  <th scope="col">{t('ref.col.exam_label')}</th>
                  <th scope="col">{t('ref.col.quantity')}</th>
                  <th scope="col">{t('ref.col.view')}</th>
                  <th scope="col">{t('ref.col.published')}</th>
                  <th scope="col" className="iqs-num">
                    {t('ref.col.drl')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('ref.col.target')}
                  </th>
                  <th scope="col">{t('ref.col.patient')}</th>
                  {admin && <th scope="col">{t('ref.adoptFor')}</th>}
                </tr>
              </thead>
              <tbody>
                {value.values
                  .filter((v) => v.set_code === setCode)
                  .map((v) => {
                    const unit = PUBLISHED_UNITS[v.quantity][0]!;
                    const patient = [
                      ages(v.age_min, v.age_max, translator),
                      v.reference_weight_kg !== null ? translated(translator, 'ref.weight', { kg: v.reference_weight_kg }) : null,
                      v.thickness_mm !== null ? translated(translator, 'ref.thickness', { mm: v.thickness_mm }) : null,
                    ]
                      .filter((part) => part && part !== '–')
                      .join(', ');
                    return (
                      <tr
                        key={v.id}
                        data-cy="ref-catalogue-value"
                        data-id={v.id}
                        data-set={v.set_code}
                        data-exam={v.exam_key}
                        data-quantity={v.quantity}
                        data-drl={v.drl_value ?? ''}
                        data-target={v.target_value ?? ''}
                        data-published={`${v.published_drl ?? ''} ${v.published_unit}`}
                        title={v.notes ?? undefined}
                      >
                        <th scope="row">
                          {v.label}
                          <div className="iqs-muted">{v.exam_key}</div>
                        </th>
                        <td>{t(QUANTITY_LONG_KEYS[v.quantity])}</td>
                        <td>{v.view_position ?? '–'}</td>
                        <td>
                          {formatDose(v.published_drl, locale) ?? '–'}
                          {v.published_target !== null ? ` / ${formatDose(v.published_target, locale)}` : ''} {v.published_unit}
                        </td>
                        <td className="iqs-num">
                          {formatDose(v.drl_value, locale) ?? '–'} {unit}
                        </td>
                        <td className="iqs-num">{v.target_value !== null ? `${formatDose(v.target_value, locale)} ${unit}` : '–'}</td>
                        <td>{patient || '–'}</td>
                        {admin && (
                          <td>
                            <select
                              aria-label={`${t('ref.adoptFor')}: ${v.label}`}
                              value={adoptFor[v.id] ?? ''}
                              onChange={(event) => setAdoptFor((chosen) => ({ ...chosen, [v.id]: event.target.value }))}
                              data-cy="ref-adopt-procedure"
                            >
                              <option value="">{t('ref.chooseProcedure')}</option>
                              {value.procedures.map((p) => (
                                <option key={p.id} value={p.id}>
                                  {inLanguage(language, p.name_nl, p.name_en) ?? p.code}
                                </option>
                              ))}
                            </select>{' '}
                            <button
                              type="button"
                              className="iqs-secondary"
                              disabled={busy || !adoptFor[v.id]}
                              onClick={() => {
                                const procedureId = adoptFor[v.id];
                                if (!procedureId) return;
                                void run(
                                  () => data.adoptReferenceValue(v.id, procedureId),
                                  translated(translator, 'ref.adopted', { procedure: procedureLabel(procedureId) }),
                                );
                              }}
                              data-cy="ref-adopt"
                            >
                              {t('ref.adopt')}
                            </button>
                          </td>
                        )}
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function ReferenceFormView({
  form,
  procedures,
  translator,
  busy,
  problem,
  onChange,
  onSave,
  onCancel,
}: {
  form: ReferenceForm;
  procedures: readonly ProcedureReferenceExam[];
  translator: Translator;
  busy: boolean;
  problem: boolean;
  onChange: (form: ReferenceForm) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  const { t, language } = translator;
  const set = <K extends keyof ReferenceForm>(key: K, value: ReferenceForm[K]): void => onChange({ ...form, [key]: value });
  const field = (key: keyof ReferenceForm, label: string, type: 'text' | 'number' | 'date' | 'url' = 'text') => (
    <label className="iqs-field">
      {label}
      <input
        type={type}
        value={form[key] ?? ''}
        step={type === 'number' ? 'any' : undefined}
        onChange={(event) => set(key, event.target.value as never)}
        data-cy={`ref-field-${key}`}
      />
    </label>
  );
  return (
    <form
      className="iqs-reject-drill"
      data-cy="ref-form"
      data-mode={form.id ? 'edit' : 'add'}
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
      style={{ display: 'flex', flexWrap: 'wrap', gap: '6px 12px', alignItems: 'flex-end' }}
    >
      <label className="iqs-field">
        {t('ref.field.procedure')}
        <select value={form.procedureId} onChange={(event) => set('procedureId', event.target.value)} data-cy="ref-field-procedureId">
          <option value="">{t('ref.chooseProcedure')}</option>
          {procedures.map((p) => (
            <option key={p.id} value={p.id}>
              {inLanguage(language, p.name_nl, p.name_en) ?? p.code}
            </option>
          ))}
        </select>
      </label>
      <label className="iqs-field">
        {t('ref.field.quantity')}
        <select
          value={form.quantity}
          onChange={(event) => {
            const quantity = event.target.value as DoseQuantity;
            onChange({ ...form, quantity, unit: PUBLISHED_UNITS[quantity][0]! });
          }}
          data-cy="ref-field-quantity"
        >
          {QUANTITIES.map((q) => (
            <option key={q} value={q}>
              {t(QUANTITY_LONG_KEYS[q])}
            </option>
          ))}
        </select>
      </label>
      {field('view', t('ref.field.view'))}
      {field('value', translated(translator, 'ref.field.drl', { unit: form.unit }), 'number')}
      {field('target', translated(translator, 'ref.field.target', { unit: form.unit }), 'number')}
      <label className="iqs-field">
        {t('ref.col.published')}
        <select value={form.unit} onChange={(event) => set('unit', event.target.value)} data-cy="ref-field-unit">
          {PUBLISHED_UNITS[form.quantity].map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </select>
      </label>
      {field('ageMin', t('ref.field.ageMin'), 'number')}
      {field('ageMax', t('ref.field.ageMax'), 'number')}
      {field('label', t('ref.field.label'))}
      {field('source', t('ref.field.source'))}
      {field('sourceUrl', t('ref.field.sourceUrl'), 'url')}
      {field('validFrom', t('ref.field.validFrom'), 'date')}
      {field('validTo', t('ref.field.validTo'), 'date')}
      {field('notes', t('ref.field.notes'))}
      {problem && (
        <p className="iqs-error" role="alert" data-cy="ref-form-problem" style={{ flexBasis: '100%' }}>
          {t('ref.invalid')}
        </p>
      )}
      <div style={{ flexBasis: '100%', display: 'flex', gap: 8 }}>
        <button type="submit" disabled={busy} data-cy="ref-save">
          {t('ref.save')}
        </button>
        <button type="button" className="iqs-secondary" onClick={onCancel} data-cy="ref-cancel">
          {t('ref.cancel')}
        </button>
      </div>
    </form>
  );
}
