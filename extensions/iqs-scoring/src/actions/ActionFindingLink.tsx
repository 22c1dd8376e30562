import { useEffect, useState } from 'react';
import type { EvaluationSummary } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import type { MessageKey } from '../i18n/messages';
import type { IqsPageData } from '../ports';
import { navigateTo } from '../browser/navigation';
import { EvaluationSummaryView } from '../ui/EvaluationSummaryView';
import { findingTarget } from './actionFindings';
import type { ActionFinding } from './actionsPorts';

type Loaded = { status: 'loading' } | { status: 'done'; value: EvaluationSummary } | { status: 'error'; message: string };

function SummaryOfFinding({ evaluationId, data, translator }: { evaluationId: string; data: IqsPageData; translator: Translator }) {
  const [summary, setSummary] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    let gone = false;
    data
      .evaluationSummary(evaluationId)
      .then((value) => !gone && setSummary({ status: 'done', value }))
      .catch((error: unknown) => !gone && setSummary({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      gone = true;
    };
  }, [data, evaluationId]);
  if (summary.status === 'loading') return <p className="iqs-message">{translator.t('common.loading')}</p>;
  if (summary.status === 'error')
    return (
      <p className="iqs-error" role="alert">
        {translator.t('action.findingGone')} {summary.message}
      </p>
    );
  return (
    <EvaluationSummaryView
      summary={summary.value}
      language={translator.language}
      onOpenItem={(itemId) => data.openEvaluation(evaluationId, itemId)}
    />
  );
}

/** The finding an action answers, as a link: an evaluation's summary opens below it; an analysis, lesson or
 * indicator scrolls to its section of the page; a report opens on its own. */
export function ActionFindingLink({ finding, data, translator }: { finding: ActionFinding; data: IqsPageData; translator: Translator }) {
  const { t } = translator;
  const [shown, setShown] = useState(false);
  const [missing, setMissing] = useState(false);
  const target = findingTarget(finding);
  const kind = t(`action.kind.${finding.kind}` as MessageKey);
  // a label that already names its kind ("Reject analysis 2026") is not prefixed with it again
  const text = !finding.label
    ? kind
    : finding.label.toLowerCase().startsWith(kind.toLowerCase())
      ? finding.label
      : `${kind}: ${finding.label}`;
  if (target.kind === 'none') return <span className="iqs-action-finding">{text}</span>;

  const open = (): void => {
    if (target.kind === 'evaluation') setShown((s) => !s);
    else if (target.kind === 'path') navigateTo(target.path);
    else {
      const section = document.querySelector<HTMLElement>(`[data-iqs-section="${target.section.replace(/[^a-z0-9-]/gi, '')}"]`);
      // a lesson: its row in the lessons section (its Open button focused), when the reader may see it
      const row = target.lessonId
        ? section?.querySelector<HTMLElement>(`[data-iqs-lesson-row="${target.lessonId.replace(/[^a-z0-9-]/gi, '')}"]`)
        : null;
      setMissing(!section);
      (row ?? section)?.scrollIntoView?.({ block: 'start' });
      (row?.querySelector<HTMLElement>('button') ?? section?.querySelector<HTMLElement>('h2, h3'))?.focus?.();
    }
  };
  return (
    <span className="iqs-action-finding">
      <button
        type="button"
        className="iqs-action-finding-link"
        onClick={open}
        aria-expanded={target.kind === 'evaluation' ? shown : undefined}
        data-iqs-action="open-finding"
      >
        {text}
      </button>
      {missing && <span className="iqs-message"> {t('action.findingGone')}</span>}
      {shown && target.kind === 'evaluation' && (
        <div className="iqs-action-finding-summary">
          <SummaryOfFinding evaluationId={target.evaluationId} data={data} translator={translator} />
        </div>
      )}
    </span>
  );
}
