/**
 * A lesson presented in the viewer (the lesson mode, /iqs-lesson?StudyInstanceUIDs=…&iqsLesson=<id>[&iqsCase=<n>]):
 * loads the lesson through the lessons port once the user is signed in, shows its images one after the other in
 * the viewport (each case's images in order, then the next case), follows the case parameter of the URL (and keeps
 * it up to date, so that a reload stays at the case), and says clearly what is wrong when it cannot (no such lesson or
 * not shared with you, an image the PACS does not hold). The IQS service owns one runtime; the presentation's UI
 * (LessonPresentation.tsx) reads its store and calls its actions.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { LESSON_CASE_PARAM, LESSON_PARAM } from '../ids';
import type { AccountState } from '../ports';
import type { AccountStore } from '../state/accountStore';
import type { ImageRef } from '../viewer/imageNavigator';
import type { Lesson, LessonData } from './lessonPorts';

/** What can stop a presentation, each said in nl/en by the UI. */
export type LessonProblem =
  /** IQS runs without its backend */
  | 'no-backend'
  /** the URL names no lesson (or not a lesson id) */
  | 'no-lesson'
  /** no such lesson, or it is private to someone else (the database shows a lesson to its owner, or shared to the site) */
  | 'not-found'
  /** the lesson has no cases yet */
  | 'empty'
  /** anything else: the detail says what */
  | 'failed';

export type LessonPresentationState =
  | { readonly phase: 'none' }
  /** waiting for the sign-in (the database shows lessons to signed-in users only) */
  | { readonly phase: 'signed-out'; readonly lessonId: string }
  | { readonly phase: 'loading'; readonly lessonId: string }
  | { readonly phase: 'error'; readonly lessonId: string | null; readonly problem: LessonProblem; readonly detail: string | null }
  | {
      readonly phase: 'ready';
      readonly lesson: Lesson;
      /** index into the lesson's cases (0-based); the UI says case index+1 of cases.length */
      readonly caseIndex: number;
      /** index into the case's images (0-based) */
      readonly imageIndex: number;
      readonly teachingPointShown: boolean;
      /** the image is being put into the viewport, shown, or not in the PACS */
      readonly image: 'showing' | 'shown' | 'not-in-pacs';
      /** the start card (full screen or in the window) is still up */
      readonly started: boolean;
    };

export interface LessonPresentationActions {
  next(): void;
  previous(): void;
  /** to a case (1-based), at its first image */
  goToCase(position: number): void;
  toggleTeachingPoint(): void;
  /** the start card put away; full screen asked for when the caller had a user gesture (a click, a key) */
  start(fullScreen: boolean): void;
  toggleFullScreen(): void;
}

/** Shows an image of the lesson in the viewport; rejects with ImageNotFoundError when the viewer does not hold it. */
export interface LessonImageShower {
  show(image: ImageRef): Promise<void>;
  prefetch(image: ImageRef): void;
  dispose(): void;
}

export interface LessonPresentationDeps {
  readonly account: AccountStore;
  /** the lessons port (data/lessons.ts) once IQS is connected to its backend; null without one */
  readonly lessons: () => LessonData | null;
  /** whether an error of shower.show means the image is not in the viewer (the PACS lacks it) */
  readonly isImageMissing: (error: unknown) => boolean;
  /** replaces the URL's query (history.replaceState): the case the presentation is at */
  readonly replaceSearch?: (search: string) => void;
  /** full screen of the whole page, and leaving it; default the Fullscreen API of document */
  readonly fullScreen?: { enter(): void; exit(): void; active(): boolean };
}

export interface LessonPresentationRuntime extends LessonPresentationActions {
  readonly state: StoreApi<LessonPresentationState>;
  /** the mode's onModeEnter: the URL's query names the lesson (and the case); the shower puts images in the viewport */
  enter(search: string, shower: LessonImageShower): void;
  leave(): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** The lesson and the case (1-based, null when not named or not a number) the URL's query names. */
export function lessonFromSearch(search: string): { lessonId: string | null; casePosition: number | null } {
  const query = new URLSearchParams(search);
  const id = query.get(LESSON_PARAM);
  const position = Number(query.get(LESSON_CASE_PARAM));
  return {
    lessonId: id && UUID.test(id) ? id : null,
    casePosition: Number.isInteger(position) && position >= 1 ? position : null,
  };
}

/**
 * Tells "no such lesson (or not yours to see)" from other failures. With row-level security a private lesson of
 * someone else is simply not there, so both read the same; the data layer says so by an error named or coded as
 * not found (PostgREST's PGRST116 for "no row", P0002 for a function's no_data_found), or by
 * lesson_presentation's own refusal ("no lesson … that you may read").
 */
export function isLessonNotFound(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  return (
    code === 'PGRST116' ||
    code === 'P0002' ||
    code === 'not-found' ||
    name === 'LessonNotFoundError' ||
    (typeof message === 'string' && /not found|not shared|no rows|no lesson/iu.test(message))
  );
}

function browserFullScreen(): { enter(): void; exit(): void; active(): boolean } {
  return {
    enter: () => {
      const element = globalThis.document?.documentElement;
      // only from a user gesture; refused (or not offered) it stays a full-window view, which is fine
      element?.requestFullscreen?.().catch(() => undefined);
    },
    exit: () => {
      if (globalThis.document?.fullscreenElement) globalThis.document.exitFullscreen?.().catch(() => undefined);
    },
    active: () => Boolean(globalThis.document?.fullscreenElement),
  };
}

function browserReplaceSearch(search: string): void {
  const location = globalThis.location;
  if (!location || !globalThis.history) return;
  // replaceState only: OHIF's router is not told (a popstate would make it enter the mode again)
  globalThis.history.replaceState(globalThis.history.state, '', `${location.pathname}${search}`);
}

export function createLessonPresentationRuntime(deps: LessonPresentationDeps): LessonPresentationRuntime {
  const state = createStore<LessonPresentationState>(() => ({ phase: 'none' }));
  const replaceSearch = deps.replaceSearch ?? browserReplaceSearch;
  const fullScreen = deps.fullScreen ?? browserFullScreen();
  let shower: LessonImageShower | null = null;
  let stopFollowing: (() => void) | null = null;
  let search = '';
  // counts enters and leaves: an answer for an earlier presentation (or an earlier image) is dropped
  let generation = 0;
  let showing = 0;

  const ready = () => {
    const current = state.getState();
    return current.phase === 'ready' ? current : null;
  };

  const imageRef = (lesson: Lesson, caseIndex: number, imageIndex: number): ImageRef | null => {
    const image = lesson.cases[caseIndex]?.images[imageIndex];
    return image
      ? { studyInstanceUid: image.studyInstanceUid, seriesInstanceUid: image.seriesInstanceUid, sopInstanceUid: image.sopInstanceUid }
      : null;
  };

  /** the case in the URL, so that a reload (or the link copied) opens the same case */
  const keepInUrl = (position: number): void => {
    const query = new URLSearchParams(search);
    query.set(LESSON_CASE_PARAM, String(position));
    search = `?${query.toString()}`;
    replaceSearch(search);
  };

  const showCurrent = (): void => {
    const at = ready();
    if (!at || !shower) return;
    const image = imageRef(at.lesson, at.caseIndex, at.imageIndex);
    if (!image) return;
    const ticket = ++showing;
    state.setState({ ...at, image: 'showing' }, true);
    shower
      .show(image)
      .then(() => {
        const now = ready();
        if (ticket === showing && now) state.setState({ ...now, image: 'shown' }, true);
        // the next image's pixels ahead, so that "next" in front of a class is immediate
        const after = now ? following(now.lesson, now.caseIndex, now.imageIndex) : null;
        const nextImage = after && now ? imageRef(now.lesson, after.caseIndex, after.imageIndex) : null;
        if (nextImage) shower?.prefetch(nextImage);
      })
      .catch((error: unknown) => {
        const now = ready();
        if (ticket !== showing || !now) return;
        if (deps.isImageMissing(error)) state.setState({ ...now, image: 'not-in-pacs' }, true);
        else {
          console.error('[IQS] the lesson image could not be shown', error);
          state.setState({ ...now, image: 'not-in-pacs' }, true);
        }
      });
  };

  const moveTo = (caseIndex: number, imageIndex: number): void => {
    const at = ready();
    if (!at) return;
    const changedCase = caseIndex !== at.caseIndex;
    state.setState({ ...at, caseIndex, imageIndex, started: true, teachingPointShown: changedCase ? false : at.teachingPointShown }, true);
    if (changedCase) keepInUrl(caseIndex + 1);
    showCurrent();
  };

  const load = (lessonId: string, casePosition: number | null): void => {
    const lessons = deps.lessons();
    if (!lessons) {
      state.setState({ phase: 'error', lessonId, problem: 'no-backend', detail: null }, true);
      return;
    }
    const entered = generation;
    state.setState({ phase: 'loading', lessonId }, true);
    lessons
      .lesson(lessonId)
      .then((lesson) => {
        if (entered !== generation) return;
        if (!lesson) {
          state.setState({ phase: 'error', lessonId, problem: 'not-found', detail: null }, true);
          return;
        }
        const cases = lesson.cases.filter((c) => c.images.length > 0);
        if (cases.length === 0) {
          state.setState({ phase: 'error', lessonId, problem: 'empty', detail: null }, true);
          return;
        }
        const caseIndex = Math.min(Math.max((casePosition ?? 1) - 1, 0), cases.length - 1);
        state.setState(
          {
            phase: 'ready',
            lesson: { ...lesson, cases },
            caseIndex,
            imageIndex: 0,
            teachingPointShown: false,
            image: 'showing',
            started: casePosition !== null,
          },
          true,
        );
        showCurrent();
      })
      .catch((error: unknown) => {
        if (entered !== generation) return;
        state.setState(
          isLessonNotFound(error)
            ? { phase: 'error', lessonId, problem: 'not-found', detail: null }
            : { phase: 'error', lessonId, problem: 'failed', detail: error instanceof Error ? error.message : String(error) },
          true,
        );
      });
  };

  const leave = (): void => {
    generation++;
    showing++;
    stopFollowing?.();
    stopFollowing = null;
    shower?.dispose();
    shower = null;
    state.setState({ phase: 'none' }, true);
  };

  const enter = (query: string, imageShower: LessonImageShower): void => {
    leave();
    search = query;
    const { lessonId, casePosition } = lessonFromSearch(query);
    shower = imageShower;
    if (!lessonId) {
      state.setState({ phase: 'error', lessonId: null, problem: 'no-lesson', detail: null }, true);
      return;
    }
    let loadedFor: string | null = null;
    const follow = (account: AccountState): void => {
      if (account.status === 'signed-in') {
        if (loadedFor === account.profile.personId) return;
        loadedFor = account.profile.personId;
        // a reload at a case stays there; a new sign-in starts where the URL says
        const at = ready();
        load(lessonId, at ? at.caseIndex + 1 : (lessonFromSearch(search).casePosition ?? casePosition));
        return;
      }
      loadedFor = null;
      if (account.status === 'loading') {
        state.setState({ phase: 'loading', lessonId }, true);
      } else if (account.status === 'unconfigured') {
        state.setState({ phase: 'error', lessonId, problem: 'no-backend', detail: null }, true);
      } else {
        // signed out (or no IQS person): nothing of the lesson stays on screen
        generation++;
        state.setState({ phase: 'signed-out', lessonId }, true);
      }
    };
    stopFollowing = deps.account.subscribe(follow);
    follow(deps.account.getState());
  };

  return {
    state,
    enter,
    leave,
    next() {
      const at = ready();
      if (!at) return;
      const after = following(at.lesson, at.caseIndex, at.imageIndex);
      if (after) moveTo(after.caseIndex, after.imageIndex);
      else if (!at.started) state.setState({ ...at, started: true }, true);
    },
    previous() {
      const at = ready();
      if (!at) return;
      if (at.imageIndex > 0) moveTo(at.caseIndex, at.imageIndex - 1);
      else if (at.caseIndex > 0) moveTo(at.caseIndex - 1, (at.lesson.cases[at.caseIndex - 1]?.images.length ?? 1) - 1);
    },
    goToCase(position) {
      const at = ready();
      if (!at) return;
      const caseIndex = Math.min(Math.max(position - 1, 0), at.lesson.cases.length - 1);
      moveTo(caseIndex, 0);
    },
    toggleTeachingPoint() {
      const at = ready();
      if (at) state.setState({ ...at, started: true, teachingPointShown: !at.teachingPointShown }, true);
    },
    start(wantFullScreen) {
      const at = ready();
      if (at) state.setState({ ...at, started: true }, true);
      if (wantFullScreen) fullScreen.enter();
    },
    toggleFullScreen() {
      if (fullScreen.active()) fullScreen.exit();
      else fullScreen.enter();
      const at = ready();
      if (at && !at.started) state.setState({ ...at, started: true }, true);
    },
  };
}

/** The image after this one: the case's next image, else the next case's first; null at the lesson's end. */
function following(lesson: Lesson, caseIndex: number, imageIndex: number): { caseIndex: number; imageIndex: number } | null {
  const current = lesson.cases[caseIndex];
  if (current && imageIndex + 1 < current.images.length) return { caseIndex, imageIndex: imageIndex + 1 };
  if (caseIndex + 1 < lesson.cases.length) return { caseIndex: caseIndex + 1, imageIndex: 0 };
  return null;
}
