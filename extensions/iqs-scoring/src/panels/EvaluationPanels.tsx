/**
 * The evaluation's two panels as OHIF shows them: the worklist on the left and the scoring form (or the summary)
 * on the right. They read the evaluation, sync and account stores and call the running session; the presentational
 * components (WorklistPanel, ScoringPanel, EvaluationSummaryView) know nothing of either.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { getBackend } from '../data/backend';
import { currentOutbox, currentSession } from '../evaluation/evaluationRuntime';
import { IQS_PAGE } from '../ids';
import { createTranslator, type Language } from '../i18n/translator';
import { navigateTo } from '../browser/navigation';
import { accountStore } from '../state/accountStore';
import { evaluationStore, type EvaluationState } from '../state/evaluationStore';
import { syncStore } from '../sync';
import { AccountSection } from '../ui/AccountSection';
import { EvaluationSummaryView } from '../ui/EvaluationSummaryView';
import { ScoringPanel } from './ScoringPanel';
import { ensureStyles } from '../ui/styles';
import { WorklistPanel } from './WorklistPanel';

function Status({ state, language }: { state: Exclude<EvaluationState, { phase: 'ready' }>; language: Language }) {
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
      <button type="button" onClick={() => navigateTo(IQS_PAGE.path)}>
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

export function EvaluationWorklistPanel({ language }: { language: Language }) {
  const state = useStore(evaluationStore);
  useEffect(() => ensureStyles(), []);
  if (state.phase !== 'ready') return <Status state={state} language={language} />;
  const { evaluation } = state;
  return (
    <WorklistPanel
      evaluationName={evaluation.name}
      use={evaluation.use}
      items={state.items}
      currentItemId={state.view === 'scoring' ? state.currentItemId : null}
      onOpen={(item) => void currentSession()?.openItem(item.item_id)}
      showOperators={evaluation.use !== 'self'}
      onOpenSummary={() => void currentSession()?.showSummary()}
      onLeave={() => navigateTo(IQS_PAGE.path)}
      onClose={evaluation.status === 'open' ? () => void currentSession()?.close() : undefined}
      closed={evaluation.status === 'closed'}
      language={language}
    />
  );
}

export function EvaluationScoringPanel({ language }: { language: Language }) {
  const state = useStore(evaluationStore);
  const account = useStore(accountStore);
  const sync = useStore(syncStore);
  const translator = useMemo(() => createTranslator(language), [language]);
  useEffect(() => ensureStyles(), []);

  if (account.status !== 'signed-in') {
    return (
      <div className="iqs-panel">
        {state.phase !== 'none' && <p className="iqs-message">{translator.t('session.signIn')}</p>}
        <AccountSection account={account} backend={getBackend()} translator={translator} />
      </div>
    );
  }
  if (state.phase !== 'ready') return <Status state={state} language={language} />;

  const session = currentSession();
  const closed = state.evaluation.status === 'closed';
  if (state.view === 'summary') {
    return (
      <div className="iqs-evaluation-summary-panel">
        <Notice notice={state.notice} language={language} />
        {!closed && (
          <div className="iqs-panel">
            <button type="button" onClick={() => session?.backToScoring()}>
              {translator.t('session.backToScoring')}
            </button>
          </div>
        )}
        {state.summary ? (
          <EvaluationSummaryView
            summary={state.summary}
            onOpenItem={(itemId) => void session?.openItem(itemId)}
            onExportCsv={() => void session?.exportCsv()}
            onPrint={() => void session?.print()}
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
        answers={item ? (state.answers[item.item_id] ?? {}) : {}}
        onAnswer={(criterion, value, comment) => void session?.answer(criterion.id, value, comment)}
        onSaveAndNext={() => void session?.saveAndNext()}
        onSkip={() => void session?.skip()}
        onPrevious={() => void session?.previous()}
        canGoPrevious={index > 0}
        readOnly={closed}
        sync={sync}
        onRetry={() => void currentOutbox()?.retry()}
        language={language}
      />
    </div>
  );
}
