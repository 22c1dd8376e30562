import { useEffect, useRef } from 'react';
import type { Translator } from '../i18n/translator';
import type { RejectReason, RejectToExplain } from '../ports';
import { formatDate, inLanguage, translated } from './display';
import { reasonLabel } from './rejectDisplay';

export interface RejectsToExplainListProps {
  /** oldest first, as the server gives them */
  readonly items: readonly RejectToExplain[];
  /** to name the modality's suggestion; may be empty */
  readonly reasons: readonly RejectReason[];
  /** the image open in the viewer, marked in the list */
  readonly currentSopInstanceUid?: string | null;
  readonly onOpen: (item: RejectToExplain) => void;
  readonly translator: Translator;
}

/** The count of rejects to explain, as a heading shows it. */
export function toExplainCount(n: number, translator: Translator): string {
  return n === 1 ? translator.t('toExplain.countOne') : translated(translator, 'toExplain.count', { n });
}

/**
 * The signed-in person's rejected images still without a reason, oldest first: each a button that opens the image
 * with its reason picker (the IQS panel and the IQS page).
 */
export function RejectsToExplainList({ items, reasons, currentSopInstanceUid = null, onOpen, translator }: RejectsToExplainListProps) {
  const { t, language, locale } = translator;
  const listRef = useRef<HTMLOListElement>(null);
  // the image open in the viewer in view within the list (only the list scrolls: the panel stays at the picker)
  useEffect(() => {
    const list = listRef.current;
    const item = list?.querySelector<HTMLElement>('[aria-current="true"]');
    if (!list || !item) return;
    const top = item.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + item.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + item.offsetHeight - list.clientHeight;
  }, [currentSopInstanceUid]);
  return (
    <ol className="iqs-reject-list" ref={listRef} data-iqs-reject-list={items.length} data-cy="rejects-to-explain-list">
      {items.map((item) => {
        const procedure = inLanguage(language, item.procedure_nl, item.procedure_en) ?? item.procedure_code ?? t('common.unknownProcedure');
        const suggested = item.suggested_reason_id ? (reasons.find((r) => r.id === item.suggested_reason_id) ?? null) : null;
        const current = item.sop_instance_uid === currentSopInstanceUid;
        return (
          <li key={item.image_id}>
            <button
              type="button"
              className={`iqs-reject-item${current ? ' iqs-current' : ''}`}
              aria-current={current ? 'true' : undefined}
              data-cy="reject-to-explain"
              data-iqs-reject-item={item.sop_instance_uid}
              data-iqs-image-id={item.image_id}
              data-iqs-suggested={item.suggested_reason_code ?? ''}
              onClick={() => onOpen(item)}
            >
              <span className="iqs-reject-item-main">
                {procedure}
                {item.view_position ? <span className="iqs-muted"> · {item.view_position}</span> : null}
              </span>
              <span className="iqs-reject-item-meta">
                {formatDate(item.study_date, locale) ?? t('common.unknownDate')} ·{' '}
                {item.room_label ?? item.station_name ?? t('common.unknownRoom')}
                {item.modality ? ` · ${item.modality}` : ''}
                {item.reject_source === 'iqs' ? ` · ${t('toExplain.markedInIqs')}` : ''}
              </span>
              {(suggested || item.suggested_reason_code) && (
                <span className="iqs-reject-item-suggested">
                  {translated(translator, 'toExplain.suggested', {
                    reason: suggested ? reasonLabel(suggested, language) : (item.suggested_reason_code ?? ''),
                  })}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
