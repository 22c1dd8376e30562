/**
 * The active image's dose against its reference in the IQS panel: per quantity the image has, "DAP 0.331 Gy·cm² ·
 * DRN 0.12 (276 %)" coloured by its band (with a mark and a word, never colour alone), the streefwaarde, which
 * reference applies, or why none does. Presentational (DoseReferenceView) and bound to the IQS service's store
 * (DoseReferencePanelSection).
 */
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Translator } from '../i18n/translator';
import type { DoseReferenceState, ImageDoseReference } from '../ports';
import { translated } from '../ui/display';
import {
  comparisonText,
  DOSE_STATUS_COLOURS,
  formatDose,
  percentOfDrl,
  QUANTITY_LONG_KEYS,
  referenceText,
  statusText,
  targetText,
} from '../ui/doseDisplay';

/** The Dutch thorax value is for a patient of 77 kg: the panel says so when the reference names a weight. */
function ReferenceRow({ row, translator }: { row: ImageDoseReference; translator: Translator }) {
  const weightKg = row.reference_weight_kg;
  const { t, locale } = translator;
  const comparison = comparisonText(row, translator);
  if (comparison === null) return null;
  const colour = DOSE_STATUS_COLOURS[row.status];
  const target = targetText(row, translator);
  return (
    <li
      className="iqs-dose-reference-row"
      data-cy="dose-reference-row"
      data-iqs-quantity={row.quantity}
      data-iqs-value={row.value ?? ''}
      data-iqs-drl={row.drl ?? ''}
      data-iqs-target={row.target ?? ''}
      data-iqs-percent={percentOfDrl(row.value, row.drl) ?? ''}
      data-iqs-status={row.status}
      data-iqs-reference-set={row.reference_set ?? ''}
      data-iqs-reason={row.reason ?? ''}
      title={t(QUANTITY_LONG_KEYS[row.quantity])}
      style={{ borderLeft: `3px solid ${colour}`, paddingLeft: 6, margin: '4px 0', listStyle: 'none' }}
    >
      <strong style={{ color: colour }} data-cy="dose-reference-comparison">
        {comparison}
      </strong>
      <div style={{ color: colour }} data-cy="dose-reference-band">
        {statusText(row.status, translator, row.target)}
        {target ? <span className="iqs-muted"> · {target}</span> : null}
      </div>
      <div className="iqs-muted" data-cy="dose-reference-applies">
        {referenceText(row, translator)}
        {weightKg !== null && row.drl !== null
          ? ` · ${translated(translator, 'doseRef.weight', { kg: formatDose(weightKg, locale) ?? '' })}`
          : ''}
      </div>
    </li>
  );
}

export function DoseReferenceView({ state, translator }: { state: DoseReferenceState; translator: Translator }) {
  const { t } = translator;
  if (state.status === 'none') return null;
  return (
    <section
      className="iqs-panel iqs-dose-reference"
      data-iqs-panel="dose-reference"
      data-cy="dose-reference"
      data-iqs-status={state.status}
      data-iqs-image={state.sopInstanceUid}
      aria-live="polite"
    >
      <h2>{t('doseRef.title')}</h2>
      {state.status === 'loading' && <p className="iqs-message">{t('doseRef.loading')}</p>}
      {state.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('doseRef.failed')} {state.message}
        </p>
      )}
      {state.status === 'ready' && state.rows.length === 0 && <p className="iqs-message">{t('doseRef.notIndexed')}</p>}
      {state.status === 'ready' && state.rows.length > 0 && (
        <ul style={{ padding: 0, margin: 0 }}>
          {state.rows.map((row) => (
            <ReferenceRow key={row.quantity} row={row} translator={translator} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The comparison of the active image as it changes: follows the IQS service's dose reference store. */
export function DoseReferencePanelSection({ store, translator }: { store: StoreApi<DoseReferenceState>; translator: Translator }) {
  const state = useStore(store);
  return <DoseReferenceView state={state} translator={translator} />;
}
