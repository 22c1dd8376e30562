import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { canonicalValue, type ImageFacts } from '@iqs/domain';
import { fieldLabelKey } from '../i18n/messages';
import { createTranslator, type Language, type Translator } from '../i18n/translator';
import type { StoreApi } from 'zustand/vanilla';
import type { ActiveImageState } from '../ports';
import { displayValue, PANEL_FIELDS } from './factDisplay';
import { ensureStyles } from '../ui/styles';

function FactList({ facts, translator, operatorsHidden }: { facts: ImageFacts; translator: Translator; operatorsHidden: boolean }) {
  return (
    <dl className="iqs-facts">
      {PANEL_FIELDS.map((field) => {
        const labelKey = fieldLabelKey(field, facts.modality);
        // blind: who made the image is neither shown nor in the page (no value in the data attribute either)
        if (operatorsHidden && field === 'operator_names')
          return (
            <div key={field} className="iqs-fact" data-iqs-field={field} data-iqs-value="" data-iqs-hidden="blind">
              <dt>{labelKey ? translator.t(labelKey) : field}</dt>
              <dd className="iqs-unknown iqs-hidden-operator">{translator.t('facts.operatorsHidden')}</dd>
            </div>
          );
        const shown = displayValue(facts, field, translator);
        return (
          <div key={field} className="iqs-fact" data-iqs-field={field} data-iqs-value={canonicalValue(facts[field])}>
            <dt>{labelKey ? translator.t(labelKey) : field}</dt>
            <dd className={shown === null ? 'iqs-unknown' : undefined}>{shown ?? translator.t('unknown')}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * The IQS panel's content for a given state (kept free of the store so that it can be tested directly).
 * operatorsHidden: a blind evaluation is open (evaluation/blindness.ts), so the radiographer fact says so instead.
 */
export function ImageFactsView({
  state,
  language,
  operatorsHidden = false,
}: {
  state: ActiveImageState;
  language: Language;
  operatorsHidden?: boolean;
}) {
  const translator = useMemo(() => createTranslator(language), [language]);
  return (
    <section
      className="iqs-panel"
      data-iqs-panel="image-facts"
      data-iqs-status={state.status}
      data-iqs-image={state.status === 'image' ? (state.facts.sop_instance_uid ?? '') : ''}
      lang={language}
    >
      <h2>{translator.t('panelTitle')}</h2>
      {state.status === 'none' && <p className="iqs-message">{translator.t('noImage')}</p>}
      {state.status === 'not-an-image' && <p className="iqs-message">{translator.t('notAnImage')}</p>}
      {state.status === 'image' && <FactList facts={state.facts} translator={translator} operatorsHidden={operatorsHidden} />}
    </section>
  );
}

/** The facts of the active image as they change: follows the IQS service's active-image store. */
export function ImageFactsPanel({ store, language }: { store: StoreApi<ActiveImageState>; language: Language }) {
  const state = useStore(store);
  useEffect(() => ensureStyles(), []);
  return <ImageFactsView state={state} language={language} />;
}
