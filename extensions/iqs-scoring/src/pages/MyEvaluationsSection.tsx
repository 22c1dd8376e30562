import { useEffect, useState } from 'react';
import type { EvaluationSummary } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import { EvaluationSummaryView } from '../ui/EvaluationSummaryView';
import { formatDate, translated, USE_KEYS } from '../ui/display';
import type { EvaluationListEntry, IqsPageData, LessonData } from '../ports';
// follow-up actions from a summary (issue 13)
import type { ActionData } from '../actions/actionsPorts';
import { NewActionButton } from '../actions/NewActionButton';

type Loaded<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A file name from an evaluation's name: letters, digits and dashes (its CSV on its own page, EvaluationSummaryPage). */
export function csvFileName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${base || 'evaluation'}.csv`;
}

function SummaryOf({
  entry,
  data,
  translator,
  lessons,
}: {
  entry: EvaluationListEntry;
  data: IqsPageData;
  translator: Translator;
  lessons: LessonData | null;
}) {
  const [summary, setSummary] = useState<Loaded<EvaluationSummary>>({ status: 'loading' });
  useEffect(() => {
    let gone = false;
    data
      .evaluationSummary(entry.id)
      .then((value) => !gone && setSummary({ status: 'done', value }))
      .catch((error: unknown) => !gone && setSummary({ status: 'error', message: message(error) }));
    return () => {
      gone = true;
    };
  }, [data, entry.id]);
  if (summary.status === 'loading') return <p className="iqs-message">{translator.t('common.loading')}</p>;
  if (summary.status === 'error')
    return (
      <p className="iqs-error" role="alert">
        {translator.t('common.loadFailed')} {summary.message}
      </p>
    );
  return (
    <EvaluationSummaryView
      summary={summary.value}
      evaluationName={entry.name}
      use={entry.use}
      language={translator.language}
      onOpenItem={(itemId) => data.openEvaluation(entry.id, itemId)}
      lessons={lessons}
    />
  );
}

export interface MyEvaluationsSectionProps {
  readonly data: IqsPageData;
  readonly translator: Translator;
  /** changes when the list must be read again (an evaluation was started) */
  readonly reloadToken: number;
  /** clinical lessons: a closed evaluation's faulty images can be added to a lesson; none: not offered */
  readonly lessons?: LessonData | null;
  /** follow-up actions: "Follow-up action" below a closed evaluation's summary; none: not offered */
  readonly actions?: ActionData | null;
  /** quality officers and admins give actions to anyone of the site */
  readonly actionsForAnyone?: boolean;
}

/**
 * The signed-in person's evaluations: open ones to continue, closed ones with their summary (its CSV and print on the
 * summary's own page, which it links to).
 */
export function MyEvaluationsSection({
  data,
  translator,
  reloadToken,
  lessons = null,
  actions = null,
  actionsForAnyone = false,
}: MyEvaluationsSectionProps) {
  const { t, locale } = translator;
  const [list, setList] = useState<Loaded<readonly EvaluationListEntry[]>>({ status: 'loading' });
  const [shown, setShown] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    data
      .listMyEvaluations()
      .then((value) => !gone && setList({ status: 'done', value }))
      .catch((error: unknown) => !gone && setList({ status: 'error', message: message(error) }));
    return () => {
      gone = true;
    };
  }, [data, reloadToken]);

  const entries = list.status === 'done' ? [...list.value].sort((a, b) => b.created_at.localeCompare(a.created_at)) : [];
  const open = entries.filter((entry) => entry.status === 'open');
  const closed = entries.filter((entry) => entry.status === 'closed');

  const row = (entry: EvaluationListEntry) => (
    <li key={entry.id} className="iqs-evaluation" data-iqs-evaluation={entry.id} data-iqs-status={entry.status}>
      <span className="iqs-evaluation-name">{entry.name}</span>
      <span className="iqs-evaluation-meta">
        {t(USE_KEYS[entry.use])}
        {entry.subject_name ? ` ${translated(translator, 'mine.subject', { name: entry.subject_name })}` : ''} ·{' '}
        {translated(translator, 'mine.progress', { done: entry.scored + entry.skipped, total: entry.items })} ·{' '}
        {entry.status === 'closed' && entry.closed_at
          ? translated(translator, 'mine.closedOn', { date: formatDate(entry.closed_at, locale) ?? '' })
          : translated(translator, 'mine.created', { date: formatDate(entry.created_at, locale) ?? '' })}
      </span>
      {entry.status === 'open' ? (
        <button type="button" className="iqs-primary" onClick={() => data.openEvaluation(entry.id)} data-iqs-action="continue">
          {t('mine.continue')}
        </button>
      ) : (
        <button
          type="button"
          onClick={() => setShown(shown === entry.id ? null : entry.id)}
          aria-expanded={shown === entry.id}
          data-iqs-action="summary"
        >
          {shown === entry.id ? t('mine.hideSummary') : t('mine.showSummary')}
        </button>
      )}
      {shown === entry.id && (
        <div className="iqs-evaluation-summary">
          <SummaryOf entry={entry} data={data} translator={translator} lessons={lessons} />
          {actions && (
            <NewActionButton
              finding={{ kind: 'evaluation', ref: entry.id, label: entry.name }}
              actions={actions}
              translator={translator}
              mayAssignOthers={actionsForAnyone}
            />
          )}
        </div>
      )}
    </li>
  );

  return (
    <section className="iqs-card" data-iqs-section="mine" aria-labelledby="iqs-mine-title">
      <h2 id="iqs-mine-title">{t('mine.title')}</h2>
      {list.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {list.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {list.message}
        </p>
      )}
      {list.status === 'done' && entries.length === 0 && <p className="iqs-message">{t('mine.none')}</p>}
      {open.length > 0 && (
        <>
          <h3 className="iqs-subheading">{t('mine.open')}</h3>
          <ul className="iqs-evaluations">{open.map(row)}</ul>
        </>
      )}
      {closed.length > 0 && (
        <>
          <h3 className="iqs-subheading">{t('mine.closed')}</h3>
          <ul className="iqs-evaluations">{closed.map(row)}</ul>
        </>
      )}
    </section>
  );
}
