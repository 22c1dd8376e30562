import { useEffect, useState } from 'react';
import type { Translator } from '../i18n/translator';
import type { RejectReason, RejectToExplain, RejectWorklistPageData } from '../ports';
import { RejectsToExplainList, toExplainCount } from '../ui/RejectsToExplainList';

type Loaded<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };

export interface RejectsToExplainSectionProps {
  readonly data: RejectWorklistPageData;
  readonly translator: Translator;
}

/**
 * "My rejects to explain" on the IQS page: the signed-in person's rejected images without a reason from a person,
 * oldest first, with their count. A click opens the viewer at that image with its reason picker ready (the reject
 * worklist: the others of the list follow after each Enter).
 */
export function RejectsToExplainSection({ data, translator }: RejectsToExplainSectionProps) {
  const { t } = translator;
  const [list, setList] = useState<Loaded<readonly RejectToExplain[]>>({ status: 'loading' });
  const [reasons, setReasons] = useState<readonly RejectReason[]>([]);
  useEffect(() => {
    let gone = false;
    // the reasons only name the modality's suggestions: the list shows their codes without them
    data
      .reasons()
      .then((value) => !gone && setReasons(value))
      .catch(() => undefined);
    data
      .toExplain()
      .then((value) => !gone && setList({ status: 'done', value }))
      .catch((error: unknown) => !gone && setList({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      gone = true;
    };
  }, [data]);
  const items = list.status === 'done' ? list.value : [];
  return (
    <section
      className="iqs-card"
      data-iqs-section="rejects-to-explain"
      data-cy="rejects-to-explain"
      data-iqs-count={list.status === 'done' ? items.length : ''}
      aria-labelledby="iqs-to-explain-page-title"
    >
      <h2 id="iqs-to-explain-page-title">
        {t('toExplain.title')}{' '}
        {items.length > 0 && (
          <span className="iqs-count-badge" data-iqs-to-explain-count={items.length} data-cy="rejects-to-explain-count">
            {toExplainCount(items.length, translator)}
          </span>
        )}
      </h2>
      {list.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {list.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('toExplain.loadFailed')} {list.message}
        </p>
      )}
      {list.status === 'done' && items.length === 0 && <p className="iqs-message">{t('toExplain.none')}</p>}
      {items.length > 0 && (
        <>
          <p className="iqs-hint">{t('toExplain.help')}</p>
          <button
            type="button"
            className="iqs-primary"
            onClick={() => items[0] && data.open(items, items[0].sop_instance_uid)}
            data-iqs-action="explain-start"
            data-cy="rejects-to-explain-start"
          >
            {t('toExplain.start')}
          </button>
          <div className="iqs-panel iqs-to-explain-page">
            <RejectsToExplainList
              items={items}
              reasons={reasons}
              onOpen={(item) => data.open(items, item.sop_instance_uid)}
              translator={translator}
            />
          </div>
        </>
      )}
    </section>
  );
}
