/**
 * "Add to lesson": one or more images become a new case at the end of one of the signed-in person's lessons, or of a
 * new lesson named here, with an optional teaching point. Shown in the viewer's IQS panel (the active image), an
 * evaluation summary (the images with faults), the reject drill-down and the dose drill-down (the ticked images).
 * A failed save says why and keeps what was typed; a lesson made before a failed case is kept and chosen, so that a
 * second try does not make it twice.
 *
 * Stable selectors (for the browser tests):
 * - `data-iqs-lesson-add` the control; its value is the origin (viewer | evaluation | reject_analysis | dose_analysis)
 *   and `data-iqs-lesson-add-count` the number of images it adds
 * - `data-iqs-lesson-add-open` the button that opens the form
 * - `data-iqs-lesson-add-form` the form; inside it:
 *   `data-iqs-lesson-choose` the lesson chooser (a select; its "new lesson" option has the value `new`),
 *   `data-iqs-lesson-new-title` the new lesson's title, `data-iqs-lesson-teaching-point` the teaching point,
 *   `data-iqs-lesson-add-confirm` the Add button
 * - `data-iqs-lesson-add-result` the outcome: `added` (with `data-iqs-lesson-id` and `data-iqs-lesson-case-position`)
 *   or `error`
 * - `data-iqs-lesson-pick` (LessonPicks.tsx) the tick box of an image in a list, its value the SOP Instance UID
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Translator } from '../i18n/translator';
import { translated } from '../ui/display';
import { imageCountText } from './lessonCounts';
import { announceLessonsChanged } from './lessonEvents';
import type { LessonCase, LessonData, LessonImageOrigin, LessonSummary } from './lessonPorts';

export interface AddToLessonProps {
  readonly lessons: LessonData;
  /** the images of the new case, in this order */
  readonly images: readonly { readonly sopInstanceUid: string }[];
  readonly origin: LessonImageOrigin;
  readonly translator: Translator;
  /** a case was added */
  readonly onAdded?: (added: { readonly lesson: LessonSummary; readonly lessonCase: LessonCase }) => void;
}

const NEW = 'new';

/** The lesson added to last (per backend, in this page's life): the chooser starts there, so that a series of images goes to one lesson. */
const lastLessonOf = new WeakMap<LessonData, string>();

type Own =
  { status: 'idle' } | { status: 'loading' } | { status: 'done'; lessons: readonly LessonSummary[] } | { status: 'error'; message: string };
type Outcome =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'added'; lessonId: string; title: string; position: number }
  | { status: 'error'; message: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function AddToLesson({ lessons, images, origin, translator, onAdded }: AddToLessonProps) {
  const { t } = translator;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [own, setOwn] = useState<Own>({ status: 'idle' });
  const [choice, setChoice] = useState<string>(NEW);
  const [newTitle, setNewTitle] = useState('');
  const [teachingPoint, setTeachingPoint] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });
  const titleInput = useRef<HTMLInputElement>(null);
  const chooser = useRef<HTMLSelectElement>(null);
  // the form opens with the focus on its first field (keyboard users start there)
  useEffect(() => {
    if (open) chooser.current?.focus();
  }, [open]);
  const gone = useRef(false);
  useEffect(
    () => () => {
      gone.current = true;
    },
    [],
  );

  const openForm = (): void => {
    setOpen(true);
    if (outcome.status === 'added') setOutcome({ status: 'idle' });
    setOwn({ status: 'loading' });
    lessons
      .listLessons()
      .then((all) => {
        if (gone.current) return;
        const mine = all.filter((lesson) => lesson.mine).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
        setOwn({ status: 'done', lessons: mine });
        setChoice((current) => {
          if (current !== NEW && mine.some((lesson) => lesson.id === current)) return current;
          const last = lastLessonOf.get(lessons);
          if (last && mine.some((lesson) => lesson.id === last)) return last;
          return mine[0]?.id ?? NEW;
        });
      })
      .catch((error: unknown) => !gone.current && setOwn({ status: 'error', message: messageOf(error) }));
  };

  const confirm = async (): Promise<void> => {
    if (images.length === 0) {
      setOutcome({ status: 'error', message: t('lesson.addNone') });
      return;
    }
    const ownLessons = own.status === 'done' ? own.lessons : [];
    let lesson = ownLessons.find((candidate) => candidate.id === choice) ?? null;
    if (!lesson) {
      const title = newTitle.trim();
      if (!title) {
        setOutcome({ status: 'error', message: t('lesson.titleNeeded') });
        titleInput.current?.focus();
        return;
      }
      setOutcome({ status: 'saving' });
      try {
        lesson = await lessons.createLesson({ title });
      } catch (error) {
        if (!gone.current) setOutcome({ status: 'error', message: messageOf(error) });
        return;
      }
      // kept and chosen: a failed case below is tried again on this lesson, not on a second new one
      const created = lesson;
      if (!gone.current) {
        setOwn({ status: 'done', lessons: [created, ...ownLessons] });
        setChoice(created.id);
        setNewTitle('');
      }
    }
    setOutcome({ status: 'saving' });
    try {
      const point = teachingPoint.trim();
      const lessonCase = await lessons.addCase(lesson.id, images, { teachingPoint: point || null, origin });
      lastLessonOf.set(lessons, lesson.id);
      announceLessonsChanged();
      if (gone.current) return;
      setOutcome({ status: 'added', lessonId: lesson.id, title: lesson.title, position: lessonCase.position });
      setTeachingPoint('');
      setOpen(false);
      onAdded?.({ lesson, lessonCase });
    } catch (error) {
      if (!gone.current) setOutcome({ status: 'error', message: messageOf(error) });
    }
  };

  const ownLessons = own.status === 'done' ? own.lessons : [];
  const isNew = choice === NEW || !ownLessons.some((lesson) => lesson.id === choice);
  const saving = outcome.status === 'saving';
  const label = images.length > 1 ? translated(translator, 'lesson.addN', { n: images.length }) : t('lesson.add');

  return (
    <div className="iqs-lesson-add iqs-no-print" data-iqs-lesson-add={origin} data-iqs-lesson-add-count={images.length}>
      {!open && (
        <>
          <button
            type="button"
            className="iqs-secondary iqs-lesson-add-button"
            onClick={openForm}
            disabled={images.length === 0}
            aria-expanded={false}
            data-iqs-lesson-add-open
          >
            <span aria-hidden="true">＋ </span>
            {label}
          </button>
          {images.length === 0 && <span className="iqs-hint iqs-lesson-add-hint">{t('lesson.addNone')}</span>}
        </>
      )}
      {open && (
        <form
          className="iqs-lesson-add-form"
          data-iqs-lesson-add-form
          aria-labelledby={`${id}-title`}
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <p className="iqs-lesson-add-title" id={`${id}-title`}>
            {t('lesson.addTitle')}
            {images.length > 1 && <span className="iqs-muted"> ({imageCountText(images.length, translator)})</span>}
          </p>
          {own.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
          {own.status === 'error' && (
            <p className="iqs-error" role="alert">
              {t('common.loadFailed')} {own.message}
            </p>
          )}
          <label className="iqs-lesson-field">
            <span>{t('lesson.chooseLesson')}</span>
            <select
              ref={chooser}
              value={isNew ? NEW : choice}
              onChange={(event) => setChoice(event.target.value)}
              disabled={saving}
              data-iqs-lesson-choose
            >
              {ownLessons.map((lesson) => (
                <option key={lesson.id} value={lesson.id}>
                  {lesson.title}
                </option>
              ))}
              <option value={NEW}>{t('lesson.chooseNew')}</option>
            </select>
          </label>
          {isNew && (
            <label className="iqs-lesson-field">
              <span>{t('lesson.addNewTitle')}</span>
              <input
                ref={titleInput}
                type="text"
                value={newTitle}
                maxLength={200}
                onChange={(event) => setNewTitle(event.target.value)}
                disabled={saving}
                data-iqs-lesson-new-title
              />
            </label>
          )}
          {isNew && own.status === 'done' && ownLessons.length === 0 && <p className="iqs-hint">{t('lesson.noLessons')}</p>}
          <label className="iqs-lesson-field">
            <span>{t('lesson.addTeachingPoint')}</span>
            <textarea
              rows={2}
              value={teachingPoint}
              maxLength={4000}
              onChange={(event) => setTeachingPoint(event.target.value)}
              disabled={saving}
              data-iqs-lesson-teaching-point
            />
          </label>
          <div className="iqs-lesson-actions">
            <button type="submit" className="iqs-primary" disabled={saving || own.status === 'loading'} data-iqs-lesson-add-confirm>
              {saving ? t('lesson.adding') : t('lesson.addConfirm')}
            </button>
            <button type="button" className="iqs-secondary" onClick={() => setOpen(false)} disabled={saving}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {outcome.status === 'added' && (
        <p
          className="iqs-lesson-result"
          role="status"
          data-iqs-lesson-add-result="added"
          data-iqs-lesson-id={outcome.lessonId}
          data-iqs-lesson-case-position={outcome.position}
        >
          ✓ {translated(translator, 'lesson.added', { n: outcome.position, title: outcome.title })}
        </p>
      )}
      {outcome.status === 'error' && (
        <p className="iqs-error" role="alert" data-iqs-lesson-add-result="error">
          {t('lesson.addFailed')} {outcome.message}
        </p>
      )}
    </div>
  );
}
