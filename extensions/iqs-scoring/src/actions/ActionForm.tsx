import { useState } from 'react';
import type { Translator } from '../i18n/translator';
import type { MessageKey } from '../i18n/messages';
import { actionFormErrors, type ActionFormValues } from './actionFormValues';
import { ACTION_STATES, type ActionOwnerOption, FINDING_KINDS, type FindingKind } from './actionsPorts';

export interface ActionFormProps {
  readonly initial: ActionFormValues;
  readonly owners: readonly ActionOwnerOption[];
  /** the signed-in person: the only owner someone who is not a quality officer or admin may choose */
  readonly myPersonId: string | null;
  readonly mayAssignOthers: boolean;
  /** an action the quality officer gave a radiographer: they change its state and outcome only */
  readonly onlyStateOutcome?: boolean;
  readonly translator: Translator;
  readonly onSubmit: (values: ActionFormValues) => Promise<void>;
  readonly onCancel: () => void;
}

const failureOf = (error: unknown): { key: MessageKey; detail: string } => {
  const detail = error instanceof Error ? error.message : String(error);
  // the database refused it (RLS, a trigger): the data layer's errors carry its code
  if ((error as { code?: unknown } | null)?.code === '42501') return { key: 'action.error.forbidden', detail: '' };
  return { key: 'action.error.saveFailed', detail };
};

/** Create or change an action: checked here before sending; a refusal keeps what was typed. */
export function ActionForm({
  initial,
  owners,
  myPersonId,
  mayAssignOthers,
  onlyStateOutcome = false,
  translator,
  onSubmit,
  onCancel,
}: ActionFormProps) {
  const { t } = translator;
  const [values, setValues] = useState<ActionFormValues>(initial);
  const [errors, setErrors] = useState<MessageKey[]>([]);
  const [failure, setFailure] = useState<{ key: MessageKey; detail: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof ActionFormValues>(key: K, value: ActionFormValues[K]): void => setValues((v) => ({ ...v, [key]: value }));
  const setFinding = (change: Partial<ActionFormValues['finding']>): void =>
    setValues((v) => ({ ...v, finding: { ...v.finding, ...change } }));
  const ownerChoices = mayAssignOthers ? owners : owners.filter((o) => o.id === myPersonId);
  const fixed = onlyStateOutcome;

  const submit = async (): Promise<void> => {
    const found = actionFormErrors(values);
    setErrors(found);
    setFailure(null);
    if (found.length > 0) return;
    setSaving(true);
    try {
      await onSubmit(values);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="iqs-action-form"
      data-iqs-action-form=""
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {fixed && <p className="iqs-message">{t('action.onlyStateOutcome')}</p>}
      <label>
        {t('action.field.title')}
        <input
          type="text"
          name="title"
          value={values.title}
          disabled={fixed}
          maxLength={400}
          onChange={(e) => set('title', e.target.value)}
        />
      </label>
      <label>
        {t('action.field.description')}
        <textarea name="description" value={values.description} disabled={fixed} onChange={(e) => set('description', e.target.value)} />
      </label>
      <div className="iqs-action-form-row">
        <label>
          {t('action.field.findingKind')}
          <select
            name="findingKind"
            value={values.finding.kind}
            disabled={fixed}
            onChange={(e) => setFinding({ kind: e.target.value as FindingKind })}
          >
            {FINDING_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`action.kind.${kind}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('action.field.findingLabel')}
          <input
            type="text"
            name="findingLabel"
            value={values.finding.label ?? ''}
            disabled={fixed}
            onChange={(e) => setFinding({ label: e.target.value })}
          />
        </label>
        <label>
          {t('action.field.findingRef')}
          <input
            type="text"
            name="findingRef"
            value={values.finding.ref ?? ''}
            disabled={fixed}
            onChange={(e) => setFinding({ ref: e.target.value })}
          />
        </label>
      </div>
      <div className="iqs-action-form-row">
        <label>
          {t('action.field.owner')}
          <select name="owner" value={values.ownerId} disabled={fixed} onChange={(e) => set('ownerId', e.target.value)}>
            <option value="">—</option>
            {ownerChoices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.display_name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('action.field.dueDate')}
          <input type="date" name="dueDate" value={values.dueDate} disabled={fixed} onChange={(e) => set('dueDate', e.target.value)} />
        </label>
        <label>
          {t('action.field.state')}
          <select name="state" value={values.state} onChange={(e) => set('state', e.target.value as ActionFormValues['state'])}>
            {ACTION_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`action.state.${state}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!mayAssignOthers && !fixed && <p className="iqs-message">{t('action.ownerOnlyYou')}</p>}
      <label>
        {t('action.field.outcome')}
        <textarea name="outcome" value={values.outcome} onChange={(e) => set('outcome', e.target.value)} />
      </label>
      {errors.length > 0 && (
        <ul className="iqs-error iqs-action-errors" role="alert">
          {errors.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      )}
      {failure && (
        <p className="iqs-error" role="alert">
          {t(failure.key)} {failure.detail}
        </p>
      )}
      <div className="iqs-action-form-buttons">
        <button type="submit" className="iqs-primary" disabled={saving} data-iqs-action="save-action">
          {t('action.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
