/**
 * Rejected images in the IQS panel: the active image's Rejected mark (with the IOCM note's title and date, or the
 * IQS mark's date), its reason and the reason picker; "Mark as rejected" on an accepted image; and the signed-in
 * person's rejects to explain (the reject worklist). Presentational: the state comes in, actions go out
 * (ports.ts RejectState, RejectActions); RejectsPanelSection binds them to the IQS service's stores.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import type { Translator } from '../i18n/translator';
import type { FocusOffer, ImageRejectStatus, IqsPanelPort, RejectActions, RejectReason, RejectState } from '../ports';
import type { SyncState } from '../sync/syncStore';
import { formatDate, translated } from '../ui/display';
import { iocmTitle, isQualityTitle } from '../ui/rejectDisplay';
import { RejectsToExplainList, toExplainCount } from '../ui/RejectsToExplainList';
import { RejectReasonPicker } from './RejectReasonPicker';

function RejectSyncBadge({ sync, onRetry, translator }: { sync: SyncState; onRetry: () => void; translator: Translator }) {
  const { t } = translator;
  if (sync.status === 'failed')
    return (
      <div
        className="iqs-sync iqs-sync-failed"
        data-iqs-reject-sync="failed"
        data-cy="reject-sync"
        data-iqs-pending={sync.pending}
        role="alert"
      >
        <span aria-hidden="true" className="iqs-sync-mark">
          ⚠
        </span>
        <span className="iqs-sync-text">
          <strong>{t('reject.sync.failed')}</strong>
          {sync.lastError ? <span className="iqs-sync-error">{sync.lastError}</span> : null}
        </span>
        <button type="button" onClick={onRetry} data-iqs-action="reject-retry" data-cy="reject-retry">
          {t('sync.retry')}
        </button>
      </div>
    );
  const waiting = sync.status === 'waiting';
  return (
    <div
      className={`iqs-sync ${waiting ? 'iqs-sync-waiting' : 'iqs-sync-saved'}`}
      data-iqs-reject-sync={sync.status}
      data-cy="reject-sync"
      data-iqs-pending={sync.pending}
      role="status"
      title={waiting ? t('sync.waitingHelp') : undefined}
    >
      <span aria-hidden="true" className="iqs-sync-mark">
        {waiting ? '⟳' : '✓'}
      </span>
      <span className="iqs-sync-text">
        {waiting ? translated(translator, 'reject.sync.waiting', { n: sync.pending }) : t('reject.sync.saved')}
      </span>
    </div>
  );
}

/** The Rejected mark of an image, or the note of a non-quality IOCM title; nothing for an accepted image without a note. */
export function RejectMark({ status, translator }: { status: ImageRejectStatus; translator: Translator }) {
  const { t, locale } = translator;
  const date = formatDate(status.noted_on, locale);
  if (status.rejected) {
    const byNote = status.reject_source !== 'iqs';
    const title = byNote ? iocmTitle(status.iocm_title ?? '113001', translator) : null;
    return (
      <div
        className="iqs-reject-mark"
        role="status"
        data-iqs-reject-mark="rejected"
        data-cy="reject-mark"
        data-iqs-reject-source={status.reject_source ?? ''}
        data-iqs-iocm-title={status.iocm_title ?? ''}
      >
        <strong className="iqs-reject-mark-word">⊘ {t('reject.rejected')}</strong>
        {byNote ? (
          <span className="iqs-reject-mark-detail">
            {translated(translator, 'reject.iocmNote', { code: status.iocm_title ?? '113001' })}: {title}
            {date ? ` · ${translated(translator, 'reject.noteOf', { date })}` : ''}
          </span>
        ) : (
          <span className="iqs-reject-mark-detail">
            {t('reject.markedInIqs')}
            {date ? ` ${translated(translator, 'reject.markedOn', { date })}` : ''}
          </span>
        )}
      </div>
    );
  }
  if (status.iocm_title && !isQualityTitle(status.iocm_title)) {
    return (
      <div
        className="iqs-iocm-note"
        role="status"
        data-iqs-reject-mark="note"
        data-cy="reject-mark"
        data-iqs-iocm-title={status.iocm_title}
      >
        <strong>
          {translated(translator, 'reject.iocmNote', { code: status.iocm_title })}: {iocmTitle(status.iocm_title, translator)}
        </strong>
        {date ? <span className="iqs-reject-mark-detail"> · {translated(translator, 'reject.noteOf', { date })}</span> : null}
        <span className="iqs-reject-mark-detail">{t('reject.notQuality')}</span>
      </div>
    );
  }
  return null;
}

function ReasonLine({ status, translator }: { status: ImageRejectStatus; translator: Translator }) {
  const { t, language, locale } = translator;
  const label = status.reason_id
    ? language === 'nl'
      ? (status.reason_nl ?? status.reason_en)
      : (status.reason_en ?? status.reason_nl)
    : null;
  return (
    <p
      className="iqs-reject-reason-line"
      data-iqs-reject-reason={status.reason_code ?? ''}
      data-iqs-reason-source={status.reason_source ?? ''}
      data-cy="reject-reason-line"
    >
      <span className="iqs-muted">{t('reject.reason')}: </span>
      {label ? (
        <>
          <strong>{label}</strong>
          {status.reason_source === 'modality' ? (
            <span className="iqs-reject-from-modality"> {t('reject.fromModality')}</span>
          ) : status.recorded_at ? (
            <span className="iqs-muted">
              {' '}
              · {t('reject.givenByPerson')} {formatDate(status.recorded_at, locale)}
            </span>
          ) : null}
          {status.comment ? <span className="iqs-reject-comment-shown"> — “{status.comment}”</span> : null}
        </>
      ) : (
        <span className="iqs-unknown">{t('reject.noReason')}</span>
      )}
    </p>
  );
}

export interface RejectImageSectionProps {
  readonly state: RejectState;
  readonly sync: SyncState;
  readonly actions: RejectActions;
  readonly translator: Translator;
  /** the picker offers to take the focus back from the viewer (IQS's hotkey) */
  readonly focusOffer?: FocusOffer;
}

/** The active image: its mark, reason and picker, or "Mark as rejected". */
export function RejectImageSection({ state, sync, actions, translator, focusOffer }: RejectImageSectionProps) {
  const { t } = translator;
  const [marking, setMarking] = useState<string | null>(null);
  // a reason given by a person is shown, and changed on request; one still to give (or confirm) opens the picker
  const [changing, setChanging] = useState<string | null>(null);
  const image = state.image;
  const reasons: readonly RejectReason[] = state.reasons ?? [];
  const sop = image.status === 'none' ? null : image.sopInstanceUid;
  // like the scoring form's: once a reason has been given here (or one waits from before), whether it reached the server
  const showSync = sync.status !== 'saved' || sync.pending > 0 || state.savedHere.length > 0;

  let body: JSX.Element | null = null;
  if (image.status === 'loading') body = <p className="iqs-message">{t('reject.loading')}</p>;
  else if (image.status === 'error')
    body = (
      <p className="iqs-error" role="alert">
        {t('reject.failed')} {image.message}
      </p>
    );
  else if (image.status === 'ready' && image.value === null)
    body = <p className="iqs-message iqs-reject-not-indexed">{t('reject.notInIndex')}</p>;
  else if (image.status === 'ready' && image.value) {
    const status = image.value;
    const focusTurn = state.focus?.sopInstanceUid === image.sopInstanceUid ? state.focus.turn : null;
    // "Save and next" on an image of the reject worklist still to explain
    const inWorklist = state.worklist && (state.toExplain ?? []).some((item) => item.sop_instance_uid === image.sopInstanceUid);
    body = (
      <>
        <RejectMark status={status} translator={translator} />
        {/* the modality's reason is shown in the picker, pre-chosen to confirm */}
        {status.rejected && (status.reason_source === 'person' || (!status.may_record && status.reason_id !== null)) && (
          <ReasonLine status={status} translator={translator} />
        )}
        {status.rejected && !status.may_record && status.reason_id === null && <ReasonLine status={status} translator={translator} />}
        {status.rejected &&
          status.may_record &&
          state.reasons !== null &&
          status.reason_source === 'person' &&
          changing !== image.sopInstanceUid &&
          focusTurn === null && (
            <button
              type="button"
              className="iqs-secondary"
              onClick={() => setChanging(image.sopInstanceUid)}
              data-iqs-action="reject-change"
              data-cy="reject-change"
            >
              {t('reject.changeAction')}
            </button>
          )}
        {status.rejected &&
          status.may_record &&
          state.reasons !== null &&
          (status.reason_source !== 'person' || changing === image.sopInstanceUid || focusTurn !== null) && (
            <RejectReasonPicker
              reasons={reasons}
              mode="record"
              imageKey={image.sopInstanceUid}
              initialReasonId={status.reason_id}
              suggestedByModality={status.reason_source === 'modality'}
              initialComment={status.comment}
              onSave={(reasonId, comment) => {
                setChanging(null);
                actions.recordReason(reasonId, comment);
              }}
              onCancel={changing === image.sopInstanceUid ? () => setChanging(null) : undefined}
              focusTurn={focusTurn ?? (changing === image.sopInstanceUid ? 0 : null)}
              next={inWorklist}
              focusOffer={focusOffer}
              translator={translator}
            />
          )}
        {status.rejected && !status.may_record && <p className="iqs-hint">{t('reject.readOnly')}</p>}
        {status.rejected && status.reject_source === 'iqs' && status.may_unmark && (
          <button
            type="button"
            className="iqs-secondary"
            onClick={() => actions.unmarkRejected()}
            data-iqs-action="reject-unmark"
            data-cy="reject-unmark"
          >
            {t('reject.unmark')}
          </button>
        )}
        {!status.rejected && status.may_mark && state.reasons !== null && marking !== image.sopInstanceUid && (
          <div className="iqs-reject-markable">
            <button
              type="button"
              className="iqs-secondary"
              onClick={() => setMarking(image.sopInstanceUid)}
              data-iqs-action="reject-open-mark"
              data-cy="reject-open-mark"
            >
              {t('reject.markAction')}
            </button>
            <p className="iqs-hint">{t('reject.markHelp')}</p>
          </div>
        )}
        {!status.rejected && status.may_mark && state.reasons !== null && marking === image.sopInstanceUid && (
          <RejectReasonPicker
            reasons={reasons}
            mode="mark"
            imageKey={image.sopInstanceUid}
            initialReasonId={null}
            suggestedByModality={false}
            initialComment={null}
            onSave={(reasonId, comment) => {
              setMarking(null);
              actions.markRejected(reasonId, comment);
            }}
            onCancel={() => setMarking(null)}
            focusTurn={0}
            translator={translator}
          />
        )}
      </>
    );
  }
  if (!body && !showSync) return null;
  return (
    <section
      className="iqs-panel iqs-reject"
      data-iqs-panel="reject"
      data-cy="reject-panel"
      data-iqs-image={sop ?? ''}
      data-iqs-reject-status={image.status}
      aria-label={t('reject.reason')}
    >
      {showSync && <RejectSyncBadge sync={sync} onRetry={() => actions.retrySync()} translator={translator} />}
      {state.notice && (
        <p className="iqs-error" role="alert" data-iqs-reject-notice>
          {state.notice}
        </p>
      )}
      {body}
    </section>
  );
}

export interface RejectsToExplainPanelProps {
  readonly state: RejectState;
  readonly actions: RejectActions;
  readonly translator: Translator;
}

/** "My rejects to explain" in the IQS panel: the count and the list; a click opens the image with its picker. */
export function RejectsToExplainPanel({ state, actions, translator }: RejectsToExplainPanelProps) {
  const { t } = translator;
  const items = state.toExplain;
  if (items === null && !state.toExplainError) return null;
  const current = state.image.status === 'none' ? null : state.image.sopInstanceUid;
  return (
    <section
      className="iqs-panel iqs-to-explain"
      data-iqs-panel="rejects-to-explain"
      data-cy="rejects-to-explain"
      data-iqs-count={items?.length ?? ''}
      aria-labelledby="iqs-to-explain-title"
    >
      <h2 id="iqs-to-explain-title">
        {t('toExplain.title')}{' '}
        {items && items.length > 0 && (
          <span className="iqs-count-badge" data-iqs-to-explain-count={items.length} data-cy="rejects-to-explain-count">
            {toExplainCount(items.length, translator)}
          </span>
        )}
      </h2>
      {state.toExplainError && (
        <p className="iqs-error" role="alert">
          {t('toExplain.loadFailed')} {state.toExplainError}
        </p>
      )}
      {items && items.length === 0 && (
        <p className="iqs-message" data-iqs-to-explain-done data-cy="rejects-to-explain-done">
          {state.savedHere.length > 0 ? t('toExplain.allDone') : t('toExplain.none')}
        </p>
      )}
      {items && items.length > 0 && (
        <>
          <p className="iqs-hint">{t('toExplain.help')}</p>
          <RejectsToExplainList
            items={items}
            reasons={state.reasons ?? []}
            currentSopInstanceUid={current}
            onOpen={(item) => actions.openToExplain(item.sop_instance_uid)}
            translator={translator}
          />
        </>
      )}
    </section>
  );
}

/** Both, bound to the IQS service's stores (signed in, in the IQS mode). */
export function RejectsPanelSection({ iqs, translator, part }: { iqs: IqsPanelPort; translator: Translator; part: 'image' | 'list' }) {
  const state = useStore(iqs.stores.rejects);
  const sync = useStore(iqs.stores.rejectSync);
  if (!state.active) return null;
  return part === 'image' ? (
    <RejectImageSection state={state} sync={sync} actions={iqs.rejects} translator={translator} focusOffer={iqs.offerScoringFocus} />
  ) : (
    <RejectsToExplainPanel state={state} actions={iqs.rejects} translator={translator} />
  );
}
