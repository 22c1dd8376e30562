import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { EvaluationUse, WorklistItem } from '@iqs/domain';
import { createTranslator, type Language, type Translator } from '../i18n/translator';
import { formatDate, inLanguage, progressOf, STATE_KEYS, STATE_MARKS, translated, USE_KEYS } from '../ui/display';
import { ensureStyles } from '../ui/styles';

export interface WorklistPanelProps {
  /** the evaluation's name, as its evaluator gave it */
  readonly evaluationName: string;
  readonly use: EvaluationUse;
  /** the sampled images (and multi-slice series, each one item); shown in worklist order (position) */
  readonly items: readonly WorklistItem[];
  readonly currentItemId: string | null;
  readonly onOpen: (item: WorklistItem) => void;
  /** peer review and quality analysis: show who made each image (hidden while blind and open) */
  readonly showOperators: boolean;
  /** a blind evaluation, open: who made each image is hidden, even when the items name them (evaluation/blindness.ts) */
  readonly operatorsHidden?: boolean;
  readonly onOpenSummary: () => void;
  /** leave the evaluation (back to the IQS page); it stays open to continue later */
  readonly onLeave: () => void;
  /** close the evaluation for good; asked to confirm first. Left out: no close button (e.g. already closed) */
  readonly onClose?: (() => void) | undefined;
  /** the evaluation is closed: shown, and the close button is not offered */
  readonly closed?: boolean;
  readonly language: Language;
}

function ItemRow({
  item,
  current,
  showOperators,
  operatorsHidden,
  onOpen,
  translator,
}: {
  item: WorklistItem;
  current: boolean;
  showOperators: boolean;
  operatorsHidden: boolean;
  onOpen: (item: WorklistItem) => void;
  translator: Translator;
}) {
  const { t, language, locale } = translator;
  const procedure =
    inLanguage(language, item.procedure_name_nl, item.procedure_name_en) ?? item.procedure_code ?? t('common.unknownProcedure');
  const date = formatDate(item.study_date, locale) ?? t('common.unknownDate');
  const room = item.station_name ?? t('common.unknownRoom');
  const stateLabel = t(STATE_KEYS[item.state]);
  // null: hidden (a blind evaluation, open), whether the server left them out or the screen does
  const names = operatorsHidden ? null : item.operator_names;
  const operators = names === null ? t('worklist.operatorsHidden') : names.length === 0 ? t('worklist.operatorsUnknown') : names.join(', ');
  // a multi-slice series (CT, MR, PT) is one item: the viewer opens its stack (migration 38)
  const series = item.unit === 'series';
  return (
    <li>
      <button
        type="button"
        className={`iqs-worklist-item iqs-state-${item.state}${current ? ' iqs-current' : ''}`}
        aria-current={current ? 'true' : undefined}
        data-iqs-item={item.item_id}
        data-iqs-image={item.sop_instance_uid}
        data-iqs-state={item.state}
        data-iqs-unit={series ? 'series' : 'image'}
        title={series ? t('series.itemHint') : undefined}
        onClick={() => onOpen(item)}
      >
        <span className="iqs-worklist-pos">{item.position}</span>
        <span className="iqs-worklist-state" title={stateLabel}>
          <span aria-hidden="true" className="iqs-state-mark">
            {STATE_MARKS[item.state]}
          </span>
          <span className="iqs-sr-only">{stateLabel}</span>
        </span>
        <span className="iqs-worklist-main">
          <span className="iqs-worklist-procedure">
            {procedure}
            {item.view_position ? <span className="iqs-muted"> · {item.view_position}</span> : null}
          </span>
          <span className="iqs-worklist-meta">
            {date} · {room}
            {item.modality ? ` · ${item.modality}` : ''}
          </span>
          {series && (
            <span className="iqs-s1-series" data-iqs-series-images={item.series_images ?? ''}>
              {translated(translator, 'series.item', { n: item.series_images ?? '?' })}
            </span>
          )}
          {showOperators && (
            <span className={`iqs-worklist-operators${names === null ? ' iqs-hidden-operator' : ''}`} data-iqs-operators>
              {t('worklist.operators')}: {operators}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

/**
 * The left panel during an evaluation: the sampled images in order, each a button that opens it, with its state
 * as a mark and a word; the progress; the way to the summary and out of the evaluation.
 */
export function WorklistPanel(props: WorklistPanelProps) {
  const {
    evaluationName,
    use,
    items,
    currentItemId,
    onOpen,
    showOperators,
    operatorsHidden = false,
    onOpenSummary,
    onLeave,
    onClose,
    closed = false,
    language,
  } = props;
  const translator = useMemo(() => createTranslator(language), [language]);
  const { t } = translator;
  const [confirming, setConfirming] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => ensureStyles(), []);

  const ordered = useMemo(() => [...items].sort((a, b) => a.position - b.position), [items]);
  const scored = items.filter((item) => item.state === 'scored').length;
  const skipped = items.filter((item) => item.state === 'skipped').length;
  const done = scored + skipped;

  // keep the current image in view as the evaluation moves on (a long list scrolls inside the panel)
  useEffect(() => {
    const element = listRef.current?.querySelector<HTMLElement>('[aria-current="true"]');
    element?.scrollIntoView?.({ block: 'nearest' });
  }, [currentItemId]);

  // ↑ ↓ move between the images (the buttons are Tab stops too); kept from OHIF, which scrolls images with them
  const moveWithArrows = (event: ReactKeyboardEvent<HTMLOListElement>): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-iqs-item]')];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    event.preventDefault();
    event.stopPropagation();
    next?.focus();
  };

  return (
    <section className="iqs-panel iqs-worklist" data-iqs-panel="worklist" lang={language} aria-label={t('worklist.title')}>
      <header className="iqs-worklist-header">
        <p className="iqs-eyebrow">{t(USE_KEYS[use])}</p>
        <h2 data-iqs-evaluation-name>{evaluationName}</h2>
        {closed && <p className="iqs-badge">{t('worklist.closed')}</p>}
        <div className="iqs-progress" data-iqs-progress={`${done}/${items.length}`}>
          <span className="iqs-progress-count" aria-hidden="true">
            {done}/{items.length}
          </span>
          <span className="iqs-sr-only">{progressOf(translator, items, done)}</span>
          <span className="iqs-progress-bar" aria-hidden="true">
            <span style={{ width: items.length ? `${(100 * done) / items.length}%` : '0%' }} />
          </span>
          <span className="iqs-progress-detail">{translated(translator, 'worklist.counts', { scored, skipped })}</span>
        </div>
      </header>
      {ordered.length === 0 ? (
        <p className="iqs-message">{t('worklist.empty')}</p>
      ) : (
        <ol className="iqs-worklist-list" ref={listRef} aria-label={t('worklist.title')} onKeyDown={moveWithArrows}>
          {ordered.map((item) => (
            <ItemRow
              key={item.item_id}
              item={item}
              current={item.item_id === currentItemId}
              showOperators={showOperators}
              operatorsHidden={operatorsHidden}
              onOpen={onOpen}
              translator={translator}
            />
          ))}
        </ol>
      )}
      <footer className="iqs-worklist-actions">
        <button type="button" onClick={onOpenSummary} data-iqs-action="summary">
          {t('worklist.summary')}
        </button>
        <button type="button" className="iqs-secondary" onClick={onLeave} data-iqs-action="leave">
          {t('worklist.leave')}
        </button>
        {onClose && !closed && !confirming && (
          <button type="button" className="iqs-secondary" onClick={() => setConfirming(true)} data-iqs-action="close">
            {t('worklist.close')}
          </button>
        )}
        {onClose && !closed && confirming && (
          <div className="iqs-confirm" role="alertdialog" aria-label={t('worklist.close')}>
            <p>{t('worklist.closeConfirm')}</p>
            <button
              type="button"
              className="iqs-danger"
              onClick={() => {
                setConfirming(false);
                onClose();
              }}
              data-iqs-action="close-confirm"
            >
              {t('worklist.closeYes')}
            </button>
            <button type="button" className="iqs-secondary" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        )}
      </footer>
    </section>
  );
}
