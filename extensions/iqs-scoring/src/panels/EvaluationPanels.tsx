/**
 * The evaluation's two panels as OHIF shows them: the worklist on the left and the scoring form (or the summary)
 * on the right. They read the IQS service's evaluation, sync and account stores and ask it to act on the open
 * evaluation (ports.ts IqsPanelPort); the presentational components (WorklistPanel, ScoringPanel,
 * EvaluationSummaryView) know nothing of either.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { createTranslator, type Language } from '../i18n/translator';
import type { EvaluationState, IqsPanelPort } from '../ports';
import { AccountSection } from '../ui/AccountSection';
import { EvaluationSummaryView } from '../ui/EvaluationSummaryView';
import { worklistUnits } from '../ui/display';
import { ensureStyles } from '../ui/styles';
import { operatorsHidden } from '../evaluation/blindness';
import { ScoringPanel } from './ScoringPanel';
import { WorklistPanel } from './WorklistPanel';

function Status({
  state,
  language,
  onOpenPage,
}: {
  state: Exclude<EvaluationState, { phase: 'ready' }>;
  language: Language;
  onOpenPage: () => void;
}) {
  const { t } = useMemo(() => createTranslator(language), [language]);
  return (
    <div className="iqs-panel" data-iqs-evaluation-status={state.phase}>
      {state.phase === 'none' && <p className="iqs-message">{t('session.none')}</p>}
      {state.phase === 'loading' && <p className="iqs-message">{t('session.loading')}</p>}
      {state.phase === 'error' && (
        <p className="iqs-error" role="alert">
          {state.message === 'no-backend' ? t('session.noBackend') : `${t('session.failed')} ${state.message}`}
        </p>
      )}
      <button type="button" onClick={onOpenPage}>
        {t('session.openPage')}
      </button>
    </div>
  );
}

function Notice({ notice, language }: { notice: string | null; language: Language }) {
  const { t } = useMemo(() => createTranslator(language), [language]);
  if (!notice) return null;
  return (
    <p className="iqs-panel iqs-error" role="alert" data-iqs-notice>
      {notice === 'unsent' ? t('session.unsent') : notice}
    </p>
  );
}

export function EvaluationWorklistPanel({ iqs, language }: { iqs: IqsPanelPort; language: Language }) {
  const state = useStore(iqs.stores.evaluation);
  useEffect(() => ensureStyles(), []);
  if (state.phase !== 'ready') return <Status state={state} language={language} onOpenPage={() => iqs.openIqsPage()} />;
  const { evaluation } = state;
  const actions = iqs.evaluation;
  return (
    <WorklistPanel
      evaluationName={evaluation.name}
      use={evaluation.use}
      items={state.items}
      currentItemId={state.view === 'scoring' ? state.currentItemId : null}
      onOpen={(item) => actions.openItem(item.item_id)}
      showOperators={evaluation.use !== 'self'}
      operatorsHidden={operatorsHidden(state)}
      onOpenSummary={() => actions.showSummary()}
      onLeave={() => iqs.openIqsPage()}
      onClose={evaluation.status === 'open' ? () => actions.close() : undefined}
      closed={evaluation.status === 'closed'}
      language={language}
    />
  );
}

export function EvaluationScoringPanel({ iqs, language }: { iqs: IqsPanelPort; language: Language }) {
  const state = useStore(iqs.stores.evaluation);
  const account = useStore(iqs.stores.account);
  const sync = useStore(iqs.stores.sync);
  const translator = useMemo(() => createTranslator(language), [language]);
  useEffect(() => ensureStyles(), []);

  if (account.status !== 'signed-in') {
    return (
      <div className="iqs-panel">
        {state.phase !== 'none' && <p className="iqs-message">{translator.t('session.signIn')}</p>}
        <AccountSection account={account} backend={iqs.account} translator={translator} />
      </div>
    );
  }
  if (state.phase !== 'ready') return <Status state={state} language={language} onOpenPage={() => iqs.openIqsPage()} />;

  const actions = iqs.evaluation;
  const closed = state.evaluation.status === 'closed';
  if (state.view === 'summary') {
    return (
      <div className="iqs-evaluation-summary-panel">
        <Notice notice={state.notice} language={language} />
        {!closed && (
          <div className="iqs-panel">
            <button type="button" onClick={() => actions.backToScoring()}>
              {translator.t('session.backToScoring')}
            </button>
          </div>
        )}
        {state.summary ? (
          <EvaluationSummaryView
            summary={state.summary}
            onOpenItem={(itemId) => actions.openItem(itemId)}
            lessons={iqs.lessons ?? null}
            evaluationName={state.evaluation.name}
            use={state.evaluation.use}
            language={language}
          />
        ) : (
          !state.notice && <p className="iqs-panel iqs-message">{translator.t('session.loading')}</p>
        )}
      </div>
    );
  }

  const item = state.items.find((i) => i.item_id === state.currentItemId) ?? null;
  const index = item ? state.items.indexOf(item) : -1;
  return (
    <div className="iqs-evaluation-scoring-panel">
      <Notice notice={state.notice} language={language} />
      <ScoringPanel
        form={item ? (state.forms[item.form_id] ?? null) : null}
        item={item}
        total={state.items.length}
        units={worklistUnits(state.items)}
        answers={item ? (state.answers[item.item_id] ?? {}) : {}}
        onAnswer={(criterion, value, comment) => actions.answer(criterion.id, value, comment)}
        onSaveAndNext={() => actions.saveAndNext()}
        onSkip={() => actions.skip()}
        onPrevious={() => actions.previous()}
        canGoPrevious={index > 0}
        readOnly={closed}
        sync={sync}
        onRetry={() => actions.retrySync()}
        focusOffer={iqs.offerScoringFocus}
        // the form takes the focus when the evaluation opens: keys work on the first image without S or a click
        autoFocus
        language={language}
      />
    </div>
  );
}
