/**
 * The lesson on screen, over the viewer's one viewport: case n of m with previous/next, the teaching point on
 * demand, what IQS knows about the image when the case shows its facts, and a start card that offers full screen
 * (the browser grants it only from a click or a key). It shows nothing that names a patient or a radiographer: the
 * lesson's shape holds no name, ID or birth date (lessonPorts.ts), only age and procedure.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Translator } from '../i18n/translator';
import type { AccountActions, AccountState } from '../ports';
import { AccountSection } from '../ui/AccountSection';
import { translated } from '../ui/display';
import { LessonImageFactsView } from './LessonImageFactsView';
import type { LessonPresentationActions, LessonPresentationState } from './lessonPresentationRuntime';

export interface LessonPresentationProps {
  readonly state: StoreApi<LessonPresentationState>;
  readonly actions: LessonPresentationActions;
  readonly account: StoreApi<AccountState>;
  readonly accountActions: AccountActions | null;
  readonly translator: Translator;
  readonly openIqsPage: () => void;
}

/** The window title while presenting: the lesson's title and the case, never anything of the image's DICOM header. */
export function presentationTitle(state: LessonPresentationState, translator: Translator): string {
  const head = translator.t('lessonShow.windowTitle');
  if (state.phase !== 'ready') return head;
  const where = translated(translator, 'lessonShow.caseOf', { n: state.caseIndex + 1, m: state.lesson.cases.length });
  return `${state.lesson.title} · ${where} — ${head}`;
}

export function LessonPresentation({
  state: store,
  actions,
  account: accountStore,
  accountActions,
  translator,
  openIqsPage,
}: LessonPresentationProps) {
  const state = useStore(store);
  const account = useStore(accountStore);
  const { t } = translator;

  useEffect(() => {
    const before = document.title;
    return () => {
      document.title = before;
    };
  }, []);
  useEffect(() => {
    document.title = presentationTitle(state, translator);
  }, [state, translator]);

  // every phase's root says its language, as the other IQS roots do (hyphenation, screen readers)
  const attributes = {
    lang: translator.language,
    className: 'iqs-lessonshow',
    role: 'region',
    'aria-label': t('lessonShow.region'),
    'data-iqs-lessonshow': state.phase,
  };

  if (state.phase === 'none') return null;
  // until the lesson is there, the viewer's images stay covered: OHIF shows the URL's studies whether or not the
  // lesson may be read, and a class should see the lesson's images only
  const covered = { ...attributes, className: 'iqs-lessonshow iqs-lessonshow-covered' };
  if (state.phase === 'signed-out') {
    return (
      <div {...covered}>
        <div className="iqs-lessonshow-card iqs-lessonshow-centre iqs-panel">
          <p>{t('lessonShow.signIn')}</p>
          <AccountSection account={account} backend={accountActions} translator={translator} />
        </div>
      </div>
    );
  }
  if (state.phase === 'loading') {
    return (
      <div {...covered}>
        <div className="iqs-lessonshow-card iqs-lessonshow-centre">{t('lessonShow.loading')}</div>
      </div>
    );
  }
  if (state.phase === 'error') {
    return (
      <div {...covered} data-iqs-lessonshow-problem={state.problem}>
        <div className="iqs-lessonshow-card iqs-lessonshow-centre" role="alert">
          <p>{translated(translator, `lessonShow.error.${state.problem}`, { detail: state.detail ?? '' })}</p>
          <button type="button" onClick={openIqsPage}>
            {t('lessonShow.toIqs')}
          </button>
        </div>
      </div>
    );
  }

  const { lesson, caseIndex, imageIndex, teachingPointShown } = state;
  const current = lesson.cases[caseIndex];
  const image = current?.images[imageIndex];
  if (!current || !image) return null;
  const atStart = caseIndex === 0 && imageIndex === 0;
  const atEnd = caseIndex === lesson.cases.length - 1 && imageIndex === current.images.length - 1;
  const where = translated(translator, 'lessonShow.caseOf', { n: caseIndex + 1, m: lesson.cases.length });
  const imageWhere =
    current.images.length > 1 ? translated(translator, 'lessonShow.imageOf', { n: imageIndex + 1, m: current.images.length }) : null;

  return (
    <div
      {...attributes}
      data-iqs-lessonshow-case={caseIndex + 1}
      data-iqs-lessonshow-cases={lesson.cases.length}
      data-iqs-lessonshow-image={image.sopInstanceUid}
      data-iqs-lessonshow-image-state={state.image}
      data-iqs-lessonshow-teaching={String(teachingPointShown)}
    >
      {!state.started && (
        <div className="iqs-lessonshow-card iqs-lessonshow-centre iqs-lessonshow-start" data-iqs-lessonshow-start="">
          <h2>{lesson.title}</h2>
          {lesson.description && <p>{lesson.description}</p>}
          <p className="iqs-muted">{translated(translator, 'lessonShow.cases', { n: lesson.cases.length })}</p>
          <div className="iqs-lessonshow-buttons">
            <button type="button" className="iqs-primary" data-iqs-lessonshow-action="start" autoFocus onClick={() => actions.start(true)}>
              {t('lessonShow.start')}
            </button>
            <button type="button" data-iqs-lessonshow-action="start-window" onClick={() => actions.start(false)}>
              {t('lessonShow.startInWindow')}
            </button>
          </div>
          <p className="iqs-muted iqs-lessonshow-keys">{t('lessonShow.keys')}</p>
        </div>
      )}

      {state.image === 'not-in-pacs' && (
        // the viewport still holds the image before: covered, so that it is not taken for this case's
        <div className="iqs-lessonshow-cover">
          <div className="iqs-lessonshow-card iqs-lessonshow-centre" role="alert" data-iqs-lessonshow-problem="not-in-pacs">
            {t('lessonShow.notInPacs')}
          </div>
        </div>
      )}

      {current.showFacts && state.started && (
        <div className="iqs-lessonshow-card iqs-lessonshow-facts iqs-panel" data-iqs-lessonshow-facts="">
          <LessonImageFactsView image={image} translator={translator} />
        </div>
      )}

      {teachingPointShown && (
        <div className="iqs-lessonshow-card iqs-lessonshow-teaching" data-iqs-lessonshow-teaching-point="">
          <h3>{t('lessonShow.teachingPoint')}</h3>
          <p>{current.teachingPoint?.trim() ? current.teachingPoint : t('lessonShow.noTeachingPoint')}</p>
        </div>
      )}

      <div className="iqs-lessonshow-bar" data-iqs-lessonshow-bar="">
        <span className="iqs-lessonshow-where">
          <strong>{where}</strong>
          {imageWhere && <span className="iqs-muted"> · {imageWhere}</span>}
          {state.image === 'showing' && <span className="iqs-muted"> · {t('lessonShow.showing')}</span>}
          {atEnd && state.started && <span className="iqs-muted"> · {t('lessonShow.end')}</span>}
        </span>
        <button type="button" data-iqs-lessonshow-action="previous" disabled={atStart} onClick={actions.previous}>
          ← {t('lessonShow.previous')}
        </button>
        <button
          type="button"
          data-iqs-lessonshow-action="teaching-point"
          aria-pressed={teachingPointShown}
          onClick={actions.toggleTeachingPoint}
        >
          {t(teachingPointShown ? 'lessonShow.hideTeachingPoint' : 'lessonShow.showTeachingPoint')}
        </button>
        <button type="button" data-iqs-lessonshow-action="next" disabled={atEnd} onClick={actions.next}>
          {t('lessonShow.next')} →
        </button>
        <button type="button" data-iqs-lessonshow-action="full-screen" onClick={actions.toggleFullScreen}>
          {t('lessonShow.fullScreen')}
        </button>
        <button type="button" data-iqs-lessonshow-action="leave" onClick={openIqsPage}>
          {t('lessonShow.toIqs')}
        </button>
      </div>
    </div>
  );
}
