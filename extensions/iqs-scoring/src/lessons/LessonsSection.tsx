/**
 * Clinical lessons on the IQS page (/iqs): the signed-in person's lessons and the ones colleagues share with the
 * department; making a lesson, importing one from a DICOM KOS; an open lesson's cases (LessonDetail.tsx) with the
 * owner's controls, presenting it (the lesson mode, presentationUrl.ts) and exporting it as a KOS. The database
 * decides who reads and changes what (RLS); the section only shows the owner's controls to the owner.
 *
 * Stable selectors (for the browser tests):
 * - `data-iqs-lesson-section` the section
 * - `data-iqs-lesson-create` the new-lesson form: `data-iqs-lesson-create-title` its title,
 *   `data-iqs-lesson-create-shared` its "share" tick box, `data-iqs-lesson-create-submit` its button
 * - `data-iqs-lesson-import` the KOS file input; `data-iqs-lesson-import-result` what the import gave (with
 *   `data-iqs-lesson-id`, `data-iqs-lesson-missing` the number of images left out, `data-iqs-lesson-title-code`);
 *   each missing UID is a `data-iqs-lesson-missing-uid` item
 * - `data-iqs-lesson-list="mine|department"` the two lists; `data-iqs-lesson-row` a lesson in them (its id), with
 *   `data-iqs-lesson-title`, `data-iqs-lesson-shared`, `data-iqs-lesson-mine`, `data-iqs-lesson-cases`;
 *   `data-iqs-lesson-open` its Open/Close button
 * - `data-iqs-lesson-detail` the open lesson (its id; `data-status` loading|done|error); in it:
 *   `data-iqs-lesson-present` Present (the whole lesson), `data-iqs-lesson-export` Export KOS,
 *   `data-iqs-lesson-close`, and for the owner (`data-iqs-lesson-owner-controls`): `data-iqs-lesson-rename-input`,
 *   `data-iqs-lesson-rename`, `data-iqs-lesson-description`, `data-iqs-lesson-description-save`,
 *   `data-iqs-lesson-share="share|unshare"`, `data-iqs-lesson-delete`, `data-iqs-lesson-delete-confirm`
 * - `data-iqs-lesson-case` a case (its 1-based position; `data-iqs-lesson-case-id`), with
 *   `data-iqs-lesson-present-case` (Present from here), `data-iqs-lesson-case-up`, `-down`, `-remove`,
 *   `-remove-confirm`, `data-iqs-lesson-case-teaching-point` (the owner's text area; others read
 *   `data-iqs-lesson-case-teaching-point-text`), `data-iqs-lesson-case-save`, `data-iqs-lesson-case-show-facts`;
 *   each image of a case is a `data-iqs-lesson-image` (its SOP Instance UID, `data-iqs-lesson-rejected`)
 * - `data-iqs-lesson-notice="ok|error"` what a change gave
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Translator } from '../i18n/translator';
import { formatDate, translated } from '../ui/display';
import { LessonDetail, lessonPresentationPath } from './LessonDetail';
import { caseCountText, imageCountText } from './lessonCounts';
import { onLessonsChanged } from './lessonEvents';
import type { LessonData, LessonImportResult, LessonSummary } from './lessonPorts';
// follow-up actions from a lesson (issue 13, part A)
import type { ActionData } from '../actions/actionsPorts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type Loaded<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };

export interface LessonsSectionProps {
  readonly lessons: LessonData;
  readonly translator: Translator;
  /** go to the presentation (the lesson mode's route) */
  readonly onNavigate: (path: string) => void;
  /** save the exported KOS */
  readonly onDownloadBytes: (fileName: string, bytes: Uint8Array) => void;
  /** follow-up actions: an open lesson offers "Follow-up action"; none: not offered */
  readonly actions?: ActionData | null;
  /** quality officers and admins give actions to anyone of the site */
  readonly actionsForAnyone?: boolean;
}

/** A file's bytes (FileReader where Blob.arrayBuffer is missing). */
function readFileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(file);
  });
}

export function LessonsSection({
  lessons,
  translator,
  onNavigate,
  onDownloadBytes,
  actions = null,
  actionsForAnyone = false,
}: LessonsSectionProps) {
  const { t, locale } = translator;
  const id = useId();
  const [list, setList] = useState<Loaded<readonly LessonSummary[]>>({ status: 'loading' });
  const [revision, setRevision] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [newTitle, setNewTitle] = useState('');
  const [newShared, setNewShared] = useState(false);
  const [creating, setCreating] = useState<
    { status: 'idle' | 'saving' } | { status: 'done'; title: string } | { status: 'error'; message: string }
  >({
    status: 'idle',
  });
  const [importing, setImporting] = useState<
    { status: 'idle' | 'reading' } | { status: 'done'; result: LessonImportResult } | { status: 'error'; message: string }
  >({ status: 'idle' });
  const [presenting, setPresenting] = useState<{ id: string; message: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let stale = false;
    lessons
      .listLessons()
      .then((value) => !stale && setList({ status: 'done', value }))
      .catch((error: unknown) => !stale && setList({ status: 'error', message: messageOf(error) }));
    return () => {
      stale = true;
    };
  }, [lessons, revision]);

  const reload = (): void => setRevision((n) => n + 1);
  // a case added elsewhere on the page ("Add to lesson" in a drill-down or a summary): the list and the open lesson follow
  const [addedElsewhere, setAddedElsewhere] = useState(0);
  useEffect(
    () =>
      onLessonsChanged(() => {
        setRevision((n) => n + 1);
        setAddedElsewhere((n) => n + 1);
      }),
    [],
  );

  const create = async (): Promise<void> => {
    const title = newTitle.trim();
    if (!title) {
      setCreating({ status: 'error', message: t('lesson.titleNeeded') });
      return;
    }
    setCreating({ status: 'saving' });
    try {
      const lesson = await lessons.createLesson({ title, shared: newShared });
      setCreating({ status: 'done', title: lesson.title });
      setNewTitle('');
      setNewShared(false);
      setOpenId(lesson.id);
      reload();
    } catch (error) {
      // the typed title and choice stay
      setCreating({ status: 'error', message: `${t('lesson.failed')} ${messageOf(error)}` });
    }
  };

  const importFile = async (file: File): Promise<void> => {
    setImporting({ status: 'reading' });
    try {
      const result = await lessons.importKos(await readFileBytes(file));
      setImporting({ status: 'done', result });
      setOpenId(result.lesson.id);
      reload();
    } catch (error) {
      setImporting({ status: 'error', message: `${t('lesson.failed')} ${messageOf(error)}` });
    } finally {
      // the same file may be chosen again
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  /** Present from the list: the lesson is read for its studies first. */
  const present = async (lesson: LessonSummary): Promise<void> => {
    setPresenting(null);
    try {
      const path = lessonPresentationPath(await lessons.lesson(lesson.id));
      if (path) onNavigate(path);
      else setPresenting({ id: lesson.id, message: t('lesson.presentEmpty') });
    } catch (error) {
      setPresenting({ id: lesson.id, message: `${t('lesson.failedRead')} ${messageOf(error)}` });
    }
  };

  const all = list.status === 'done' ? list.value : [];
  const byDate = (a: LessonSummary, b: LessonSummary): number => b.updatedAt.localeCompare(a.updatedAt);
  const mine = all.filter((lesson) => lesson.mine).sort(byDate);
  const department = all.filter((lesson) => !lesson.mine).sort(byDate);

  const row = (lesson: LessonSummary) => (
    <li
      key={lesson.id}
      className={openId === lesson.id ? 'iqs-lesson-row iqs-lesson-row-open' : 'iqs-lesson-row'}
      data-iqs-lesson-row={lesson.id}
      data-iqs-lesson-title={lesson.title}
      data-iqs-lesson-shared={String(lesson.shared)}
      data-iqs-lesson-mine={String(lesson.mine)}
      data-iqs-lesson-cases={lesson.caseCount}
    >
      <div className="iqs-lesson-row-main">
        <span className="iqs-lesson-row-title">{lesson.title}</span>
        <span className="iqs-lesson-row-meta">
          <span className={lesson.shared ? 'iqs-lesson-badge iqs-lesson-badge-shared' : 'iqs-lesson-badge'}>
            {t(lesson.shared ? 'lesson.shared' : 'lesson.private')}
          </span>{' '}
          {caseCountText(lesson.caseCount, translator)} · {imageCountText(lesson.imageCount, translator)} ·{' '}
          {translated(translator, 'lesson.updated', { date: formatDate(lesson.updatedAt, locale) ?? '' })}
        </span>
        {lesson.description && <span className="iqs-lesson-row-description">{lesson.description}</span>}
      </div>
      <div className="iqs-lesson-actions">
        <button
          type="button"
          className="iqs-secondary"
          disabled={lesson.caseCount === 0}
          onClick={() => void present(lesson)}
          data-iqs-lesson-present-row={lesson.id}
        >
          ▶ {t('lesson.present')}
        </button>
        <button
          type="button"
          onClick={() => setOpenId(openId === lesson.id ? null : lesson.id)}
          aria-expanded={openId === lesson.id}
          data-iqs-lesson-open={lesson.id}
        >
          {openId === lesson.id ? t('lesson.close') : t('lesson.open')}
        </button>
      </div>
      {presenting?.id === lesson.id && (
        <p className="iqs-error" role="alert">
          {presenting.message}
        </p>
      )}
      {openId === lesson.id && (
        <LessonDetail
          lessons={lessons}
          readAgain={addedElsewhere}
          actions={actions}
          actionsForAnyone={actionsForAnyone}
          lessonId={lesson.id}
          translator={translator}
          onNavigate={onNavigate}
          onDownloadBytes={onDownloadBytes}
          onChanged={reload}
          onDeleted={() => {
            setOpenId(null);
            reload();
          }}
          onClose={() => setOpenId(null)}
        />
      )}
    </li>
  );

  return (
    <section
      className="iqs-card iqs-card-wide iqs-lesson-section"
      data-iqs-section="lessons"
      data-iqs-lesson-section
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>{t('lesson.title')}</h2>
      <p className="iqs-hint">{t('lesson.intro')}</p>

      <div className="iqs-lesson-tools">
        <form
          className="iqs-lesson-create"
          data-iqs-lesson-create
          onSubmit={(event) => {
            event.preventDefault();
            void create();
          }}
        >
          <label className="iqs-lesson-field iqs-lesson-grow">
            <span>{t('lesson.new')}</span>
            <input
              type="text"
              value={newTitle}
              maxLength={200}
              placeholder={t('lesson.newPlaceholder')}
              onChange={(event) => setNewTitle(event.target.value)}
              data-iqs-lesson-create-title
            />
          </label>
          <label className="iqs-check">
            <input
              type="checkbox"
              checked={newShared}
              onChange={(event) => setNewShared(event.target.checked)}
              data-iqs-lesson-create-shared
            />
            {t('lesson.share')}
          </label>
          <button type="submit" className="iqs-primary" disabled={creating.status === 'saving'} data-iqs-lesson-create-submit>
            {t('lesson.create')}
          </button>
        </form>
        <label className="iqs-lesson-import" title={t('lesson.importHelp')}>
          <span className="iqs-lesson-import-label">{t('lesson.importHelpShort')}</span>
          <span className="iqs-lesson-import-button" aria-hidden="true">
            {t('lesson.importKos')}…
          </span>
          <input
            ref={fileInput}
            className="iqs-lesson-import-input"
            aria-label={t('lesson.importKos')}
            type="file"
            accept=".dcm,application/dicom"
            disabled={importing.status === 'reading'}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void importFile(file);
            }}
            data-iqs-lesson-import
          />
        </label>
      </div>
      {creating.status === 'error' && (
        <p className="iqs-error" role="alert" data-iqs-lesson-notice="error">
          {creating.message}
        </p>
      )}
      {creating.status === 'done' && (
        <p className="iqs-lesson-result" role="status" data-iqs-lesson-notice="ok">
          ✓ {translated(translator, 'lesson.created', { title: creating.title })}
        </p>
      )}
      {importing.status === 'reading' && <p className="iqs-message">{t('common.loading')}</p>}
      {importing.status === 'error' && (
        <p className="iqs-error" role="alert" data-iqs-lesson-import-result="error">
          {importing.message}
        </p>
      )}
      {importing.status === 'done' && (
        <div
          className="iqs-lesson-result"
          role="status"
          data-iqs-lesson-import-result="done"
          data-iqs-lesson-id={importing.result.lesson.id}
          data-iqs-lesson-missing={importing.result.missing.length}
          data-iqs-lesson-title-code={importing.result.titleCode}
        >
          <p>
            ✓{' '}
            {translated(translator, 'lesson.imported', {
              title: importing.result.lesson.title,
              cases: caseCountText(importing.result.lesson.caseCount, translator),
            })}
          </p>
          {importing.result.titleCode !== '113004' && (
            <p className="iqs-lesson-warning">{translated(translator, 'lesson.importTitleCode', { code: importing.result.titleCode })}</p>
          )}
          {importing.result.missing.length > 0 && (
            <div className="iqs-lesson-warning">
              <p>{translated(translator, 'lesson.importMissing', { n: importing.result.missing.length })}</p>
              <ul className="iqs-lesson-missing">
                {importing.result.missing.map((uid) => (
                  <li key={uid} data-iqs-lesson-missing-uid={uid}>
                    <code>{uid}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}

      {list.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {list.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {list.message}
        </p>
      )}
      {list.status === 'done' && (
        <div className="iqs-lesson-lists">
          <h3 className="iqs-subheading">{t('lesson.mine')}</h3>
          {mine.length === 0 ? (
            <p className="iqs-message">{t('lesson.noneMine')}</p>
          ) : (
            <ul className="iqs-lesson-list" data-iqs-lesson-list="mine">
              {mine.map(row)}
            </ul>
          )}
          <h3 className="iqs-subheading">{t('lesson.department')}</h3>
          {department.length === 0 ? (
            <p className="iqs-message">{t('lesson.noneDepartment')}</p>
          ) : (
            <ul className="iqs-lesson-list" data-iqs-lesson-list="department">
              {department.map(row)}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
