import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Translator } from '../i18n/translator';
import { translated } from '../ui/display';
import { caseCountText } from './lessonCounts';
import { LessonImageFactsView } from './LessonImageFactsView';
import type { Lesson, LessonCase, LessonData } from './lessonPorts';
import { presentationUrl } from './presentationUrl';
// follow-up actions from a lesson (issue 13, part A)
import type { ActionData } from '../actions/actionsPorts';
import { NewActionButton } from '../actions/NewActionButton';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type Loaded<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };
type Notice = { kind: 'ok' | 'error'; text: string; where: string } | null;

/** Where a lesson is presented: the lesson mode with the studies of all its images, at a case when given. */
export function lessonPresentationPath(lesson: Lesson, casePosition?: number): string | null {
  const studies = lesson.cases.flatMap((lessonCase) => lessonCase.images.map((image) => image.studyInstanceUid));
  return studies.length === 0 ? null : presentationUrl(lesson.id, studies, casePosition);
}

export interface LessonDetailProps {
  readonly lessons: LessonData;
  readonly lessonId: string;
  readonly translator: Translator;
  readonly onNavigate: (path: string) => void;
  readonly onDownloadBytes: (fileName: string, bytes: Uint8Array) => void;
  /** the lesson changed (title, sharing, cases): the list reads again */
  readonly onChanged: () => void;
  readonly onDeleted: () => void;
  readonly onClose: () => void;
  /** grows when the lesson changed elsewhere on the page (a case added from a drill-down): it is read again */
  readonly readAgain?: number;
  /** follow-up actions: "Follow-up action" for this lesson; none: not offered */
  readonly actions?: ActionData | null;
  /** quality officers and admins give actions to anyone of the site */
  readonly actionsForAnyone?: boolean;
}

/** One open lesson: its cases in order with their facts and teaching points; the owner's controls to change it. */
export function LessonDetail(props: LessonDetailProps) {
  const { lessons, lessonId, translator, onNavigate, onDownloadBytes, onChanged, onDeleted, onClose, readAgain = 0 } = props;
  const { actions = null, actionsForAnyone = false } = props;
  const { t } = translator;
  const headingId = useId();
  const [lesson, setLesson] = useState<Loaded<Lesson>>({ status: 'loading' });
  const [revision, setRevision] = useState(0);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [title, setTitle] = useState<string | null>(null);
  const [description, setDescription] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const gone = useRef(false);
  useEffect(() => {
    gone.current = false;
    return () => {
      gone.current = true;
    };
  }, []);

  useEffect(() => {
    let stale = false;
    lessons
      .lesson(lessonId)
      .then((value) => !stale && setLesson({ status: 'done', value }))
      .catch((error: unknown) => !stale && setLesson({ status: 'error', message: messageOf(error) }));
    return () => {
      stale = true;
    };
  }, [lessons, lessonId, revision, readAgain]);

  /** a change, then the lesson (and the list) read again; a failure is said where it happened and loses nothing typed */
  const change = useCallback(
    async (where: string, run: () => Promise<unknown>, done?: string): Promise<boolean> => {
      setBusy(true);
      setNotice(null);
      try {
        await run();
        if (gone.current) return true;
        setNotice(done ? { kind: 'ok', text: done, where } : null);
        setRevision((n) => n + 1);
        onChanged();
        return true;
      } catch (error) {
        if (!gone.current) setNotice({ kind: 'error', text: `${t('lesson.failed')} ${messageOf(error)}`, where });
        return false;
      } finally {
        if (!gone.current) setBusy(false);
      }
    },
    [onChanged, t],
  );

  const noticeAt = (where: string) =>
    notice && notice.where === where ? (
      notice.kind === 'error' ? (
        <p className="iqs-error" role="alert" data-iqs-lesson-notice="error">
          {notice.text}
        </p>
      ) : (
        <p className="iqs-lesson-result" role="status" data-iqs-lesson-notice="ok">
          {notice.text}
        </p>
      )
    ) : null;

  if (lesson.status === 'loading')
    return (
      <div className="iqs-lesson-detail" data-iqs-lesson-detail={lessonId} data-status="loading">
        <p className="iqs-message">{t('common.loading')}</p>
      </div>
    );
  if (lesson.status === 'error')
    return (
      <div className="iqs-lesson-detail" data-iqs-lesson-detail={lessonId} data-status="error">
        <p className="iqs-error" role="alert">
          {t('lesson.failedRead')} {lesson.message}
        </p>
        <button type="button" className="iqs-secondary" onClick={onClose}>
          {t('lesson.close')}
        </button>
      </div>
    );

  const value = lesson.value;
  const cases = [...value.cases].sort((a, b) => a.position - b.position);
  const owner = value.mine;
  const shownTitle = title ?? value.title;
  const shownDescription = description ?? value.description ?? '';
  const wholePath = lessonPresentationPath(value);

  return (
    <section
      className="iqs-lesson-detail"
      data-iqs-lesson-detail={value.id}
      data-status="done"
      data-iqs-lesson-mine={String(owner)}
      data-iqs-lesson-shared={String(value.shared)}
      aria-labelledby={headingId}
    >
      <header className="iqs-lesson-detail-header">
        <h3 id={headingId}>{value.title}</h3>
        <span className={value.shared ? 'iqs-lesson-badge iqs-lesson-badge-shared' : 'iqs-lesson-badge'}>
          {t(value.shared ? 'lesson.shared' : 'lesson.private')}
        </span>
        <div className="iqs-lesson-actions">
          <button
            type="button"
            className="iqs-primary"
            disabled={!wholePath}
            onClick={() => wholePath && onNavigate(wholePath)}
            data-iqs-lesson-present={value.id}
          >
            ▶ {t('lesson.present')}
          </button>
          <button
            type="button"
            disabled={busy || cases.length === 0}
            title={t('lesson.exportHelp')}
            onClick={() =>
              void change('export', async () => {
                const file = await lessons.exportKos(value.id);
                onDownloadBytes(file.fileName, file.bytes);
              })
            }
            data-iqs-lesson-export={value.id}
          >
            {t('lesson.exportKos')}
          </button>
          <button type="button" className="iqs-secondary" onClick={onClose} data-iqs-lesson-close>
            {t('lesson.close')}
          </button>
        </div>
      </header>
      {actions && (
        <NewActionButton
          finding={{ kind: 'lesson', ref: value.id, label: value.title }}
          actions={actions}
          translator={translator}
          mayAssignOthers={actionsForAnyone}
        />
      )}
      {!wholePath && <p className="iqs-hint">{t('lesson.presentEmpty')}</p>}
      {noticeAt('export')}
      {!owner && value.description && <p className="iqs-lesson-description">{value.description}</p>}
      {!owner && <p className="iqs-hint">{t('lesson.readOnly')}</p>}

      {owner && (
        <div className="iqs-lesson-owner" data-iqs-lesson-owner-controls>
          <form
            className="iqs-lesson-inline"
            onSubmit={(event) => {
              event.preventDefault();
              const next = shownTitle.trim();
              if (!next) {
                setNotice({ kind: 'error', text: t('lesson.titleNeeded'), where: 'title' });
                return;
              }
              void change('title', () => lessons.updateLesson(value.id, { title: next }), t('lesson.saved')).then(
                (ok) => ok && !gone.current && setTitle(null),
              );
            }}
          >
            <label className="iqs-lesson-field iqs-lesson-grow">
              <span>{t('lesson.newTitle')}</span>
              <input
                type="text"
                value={shownTitle}
                maxLength={200}
                onChange={(event) => setTitle(event.target.value)}
                data-iqs-lesson-rename-input
              />
            </label>
            <button type="submit" disabled={busy || title === null || title === value.title} data-iqs-lesson-rename>
              {t('lesson.rename')}
            </button>
          </form>
          {noticeAt('title')}
          <form
            className="iqs-lesson-inline"
            onSubmit={(event) => {
              event.preventDefault();
              const next = shownDescription.trim();
              void change('description', () => lessons.updateLesson(value.id, { description: next || null }), t('lesson.saved')).then(
                (ok) => ok && !gone.current && setDescription(null),
              );
            }}
          >
            <label className="iqs-lesson-field iqs-lesson-grow">
              <span>{t('lesson.description')}</span>
              <textarea
                rows={2}
                value={shownDescription}
                maxLength={4000}
                onChange={(event) => setDescription(event.target.value)}
                data-iqs-lesson-description
              />
            </label>
            <button
              type="submit"
              disabled={busy || description === null || description === (value.description ?? '')}
              data-iqs-lesson-description-save
            >
              {t('lesson.descriptionSave')}
            </button>
          </form>
          {noticeAt('description')}
          <div className="iqs-lesson-actions">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void change(
                  'share',
                  () => lessons.updateLesson(value.id, { shared: !value.shared }),
                  t(value.shared ? 'lesson.privateNow' : 'lesson.sharedNow'),
                )
              }
              data-iqs-lesson-share={value.shared ? 'unshare' : 'share'}
            >
              {t(value.shared ? 'lesson.unshare' : 'lesson.share')}
            </button>
            {!confirmDelete && (
              <button
                type="button"
                className="iqs-lesson-danger"
                disabled={busy}
                onClick={() => setConfirmDelete(true)}
                data-iqs-lesson-delete
              >
                {t('lesson.delete')}
              </button>
            )}
          </div>
          {noticeAt('share')}
          {confirmDelete && (
            <div className="iqs-lesson-confirm" role="alertdialog" aria-label={t('lesson.delete')}>
              <p>
                {translated(translator, 'lesson.deleteConfirm', { title: value.title, cases: caseCountText(cases.length, translator) })}
              </p>
              <button
                type="button"
                className="iqs-lesson-danger"
                disabled={busy}
                onClick={() =>
                  void change('delete', () => lessons.deleteLesson(value.id)).then((ok) => {
                    if (ok) onDeleted();
                  })
                }
                data-iqs-lesson-delete-confirm
              >
                {t('lesson.deleteYes')}
              </button>
              <button type="button" className="iqs-secondary" disabled={busy} onClick={() => setConfirmDelete(false)}>
                {t('common.cancel')}
              </button>
            </div>
          )}
          {noticeAt('delete')}
        </div>
      )}

      <h4 className="iqs-subheading">{t('lesson.cases')}</h4>
      {cases.length === 0 && <p className="iqs-message">{t('lesson.noCases')}</p>}
      {cases.length > 0 && (
        <ol className="iqs-lesson-cases">
          {cases.map((lessonCase, index) => (
            <CaseRow
              key={lessonCase.id}
              lesson={value}
              lessonCase={lessonCase}
              first={index === 0}
              last={index === cases.length - 1}
              owner={owner}
              busy={busy}
              lessons={lessons}
              translator={translator}
              onNavigate={onNavigate}
              change={change}
              notice={noticeAt(`case:${lessonCase.id}`)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function CaseRow({
  lesson,
  lessonCase,
  first,
  last,
  owner,
  busy,
  lessons,
  translator,
  onNavigate,
  change,
  notice,
}: {
  lesson: Lesson;
  lessonCase: LessonCase;
  first: boolean;
  last: boolean;
  owner: boolean;
  busy: boolean;
  lessons: LessonData;
  translator: Translator;
  onNavigate: (path: string) => void;
  change: (where: string, run: () => Promise<unknown>, done?: string) => Promise<boolean>;
  notice: ReactNode;
}) {
  const { t } = translator;
  const where = `case:${lessonCase.id}`;
  // the typed teaching point stays until it is saved (a failed save loses nothing)
  const [draft, setDraft] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const saved = lessonCase.teachingPoint ?? '';
  const shown = draft ?? saved;
  const fromHere = lessonPresentationPath(lesson, lessonCase.position);
  const caseTitle = translated(translator, 'lesson.case', { n: lessonCase.position });
  return (
    <li
      className="iqs-lesson-case"
      data-iqs-lesson-case={lessonCase.position}
      data-iqs-lesson-case-id={lessonCase.id}
      data-iqs-lesson-case-images={lessonCase.images.length}
    >
      <div className="iqs-lesson-case-head">
        <strong>{caseTitle}</strong>
        <div className="iqs-lesson-actions">
          <button
            type="button"
            className="iqs-secondary"
            disabled={!fromHere}
            onClick={() => fromHere && onNavigate(fromHere)}
            data-iqs-lesson-present-case={lessonCase.position}
          >
            ▶ {t('lesson.presentFrom')}
          </button>
          {owner && (
            <>
              <button
                type="button"
                className="iqs-secondary"
                disabled={busy || first}
                aria-label={`${t('lesson.moveUp')}: ${caseTitle}`}
                onClick={() => void change(where, () => lessons.moveCase(lessonCase.id, lessonCase.position - 1))}
                data-iqs-lesson-case-up
              >
                ↑ <span className="iqs-lesson-narrow-hide">{t('lesson.moveUp')}</span>
              </button>
              <button
                type="button"
                className="iqs-secondary"
                disabled={busy || last}
                aria-label={`${t('lesson.moveDown')}: ${caseTitle}`}
                onClick={() => void change(where, () => lessons.moveCase(lessonCase.id, lessonCase.position + 1))}
                data-iqs-lesson-case-down
              >
                ↓ <span className="iqs-lesson-narrow-hide">{t('lesson.moveDown')}</span>
              </button>
              <button
                type="button"
                className="iqs-secondary"
                disabled={busy}
                aria-label={`${t('lesson.removeCase')}: ${caseTitle}`}
                onClick={() => setConfirmRemove(true)}
                data-iqs-lesson-case-remove
              >
                {t('lesson.removeCase')}
              </button>
            </>
          )}
        </div>
      </div>
      {confirmRemove && (
        <div className="iqs-lesson-confirm" role="alertdialog" aria-label={t('lesson.removeCase')}>
          <p>{translated(translator, 'lesson.removeConfirm', { n: lessonCase.position })}</p>
          <button
            type="button"
            className="iqs-lesson-danger"
            disabled={busy}
            onClick={() => void change(where, () => lessons.removeCase(lessonCase.id)).then((ok) => ok && setConfirmRemove(false))}
            data-iqs-lesson-case-remove-confirm
          >
            {t('lesson.removeYes')}
          </button>
          <button type="button" className="iqs-secondary" disabled={busy} onClick={() => setConfirmRemove(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      <ol className="iqs-lesson-images">
        {lessonCase.images.map((image) => (
          <li key={image.imageId}>
            <LessonImageFactsView image={image} translator={translator} />
          </li>
        ))}
      </ol>
      {owner ? (
        <form
          className="iqs-lesson-teaching"
          onSubmit={(event) => {
            event.preventDefault();
            const next = shown.trim();
            void change(where, () => lessons.updateCase(lessonCase.id, { teachingPoint: next || null }), t('lesson.saved')).then(
              (ok) => ok && setDraft(null),
            );
          }}
        >
          <label className="iqs-lesson-field">
            <span>{t('lesson.teachingPoint')}</span>
            <textarea
              rows={2}
              value={shown}
              maxLength={4000}
              onChange={(event) => setDraft(event.target.value)}
              data-iqs-lesson-case-teaching-point
            />
          </label>
          <div className="iqs-lesson-actions">
            <button type="submit" disabled={busy || draft === null || draft === saved} data-iqs-lesson-case-save>
              {t('lesson.save')}
            </button>
            <label className="iqs-check">
              <input
                type="checkbox"
                checked={lessonCase.showFacts}
                disabled={busy}
                onChange={(event) => void change(where, () => lessons.updateCase(lessonCase.id, { showFacts: event.target.checked }))}
                data-iqs-lesson-case-show-facts
              />
              {t('lesson.showFacts')}
            </label>
          </div>
        </form>
      ) : (
        <p className="iqs-lesson-teaching-point" data-iqs-lesson-case-teaching-point-text>
          <span className="iqs-muted">{t('lesson.teachingPoint')}:</span>{' '}
          {lessonCase.teachingPoint ?? <span className="iqs-muted">{t('lesson.teachingPointNone')}</span>}
        </p>
      )}
      {notice}
    </li>
  );
}
