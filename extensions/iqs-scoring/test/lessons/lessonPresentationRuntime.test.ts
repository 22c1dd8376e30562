import { createAccountStore } from '../../src/state/accountStore';
import type { AccountState } from '../../src/ports';
import type { Lesson, LessonData, LessonImage } from '../../src/lessons/lessonPorts';
import {
  createLessonPresentationRuntime,
  isLessonNotFound,
  type LessonImageShower,
  lessonFromSearch,
  type LessonPresentationState,
} from '../../src/lessons/lessonPresentationRuntime';
import { hideHeaderPatientInfo, sexAndAge } from '../../src/lessons/anonymisedViewer';
import { lessonKeyAction, listenToLessonKeys } from '../../src/lessons/lessonKeys';
import type { ImageRef } from '../../src/viewer/imageNavigator';

const LESSON_ID = '0b0b0b0b-0000-4000-8000-000000000001';
const SIGNED_IN: AccountState = {
  status: 'signed-in',
  email: 'fatima.mulder@demo.iqs.example',
  profile: { personId: 'p-fatima' } as never,
};

function image(sop: string): LessonImage {
  return {
    imageId: `id-${sop}`,
    sopInstanceUid: sop,
    studyInstanceUid: `study-${sop}`,
    seriesInstanceUid: `series-${sop}`,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1',
    modality: 'DX',
    procedureLabel: 'X-Thorax',
    viewPosition: 'PA',
    patientAgeYears: 76,
    facts: { rejected: false, rejectReason: null, faults: [], dose: null },
  };
}

const LESSON: Lesson = {
  id: LESSON_ID,
  title: 'Thorax',
  description: null,
  shared: true,
  mine: true,
  caseCount: 3,
  imageCount: 3,
  updatedAt: '2026-12-04T10:00:00Z',
  cases: [
    { id: 'c1', position: 1, teachingPoint: 'Collimate', showFacts: true, images: [image('1.1'), image('1.2')] },
    { id: 'c2', position: 2, teachingPoint: null, showFacts: false, images: [image('2.1')] },
    { id: 'c3', position: 3, teachingPoint: 'empty case', showFacts: true, images: [] },
  ],
};

/** a viewer whose PACS holds these images; show() answers at once, or fails for an image it lacks */
function fakeShower(missing: readonly string[] = []) {
  const shown: string[] = [];
  const shower: LessonImageShower = {
    show: async (ref: ImageRef) => {
      if (missing.includes(ref.sopInstanceUid)) throw new Error(`missing ${ref.sopInstanceUid}`);
      shown.push(ref.sopInstanceUid);
    },
    prefetch: () => undefined,
    dispose: jest.fn(),
  };
  return { shower, shown };
}

function setUp(options: { lesson?: () => Promise<Lesson>; account?: AccountState; lessons?: boolean } = {}) {
  const account = createAccountStore(options.account ?? SIGNED_IN);
  const lessonCalls: string[] = [];
  const data = {
    lesson: (id: string) => {
      lessonCalls.push(id);
      return options.lesson ? options.lesson() : Promise.resolve(LESSON);
    },
  } as unknown as LessonData;
  const searches: string[] = [];
  const fullScreen = { entered: 0, exited: 0, on: false };
  const runtime = createLessonPresentationRuntime({
    account,
    lessons: () => (options.lessons === false ? null : data),
    isImageMissing: (error) => error instanceof Error && error.message.startsWith('missing'),
    replaceSearch: (search) => searches.push(search),
    fullScreen: {
      enter: () => {
        fullScreen.entered++;
        fullScreen.on = true;
      },
      exit: () => {
        fullScreen.exited++;
        fullScreen.on = false;
      },
      active: () => fullScreen.on,
    },
  });
  return { runtime, account, lessonCalls, searches, fullScreen };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
type Ready = Extract<LessonPresentationState, { phase: 'ready' }>;
function ready(state: LessonPresentationState): Ready {
  if (state.phase !== 'ready') throw new Error(`not ready: ${JSON.stringify(state)}`);
  return state;
}

describe('the lesson presentation', () => {
  it('reads the lesson and the case (1-based) from the URL, ignoring what is not an id or a position', () => {
    expect(lessonFromSearch(`?StudyInstanceUIDs=1.2&iqsLesson=${LESSON_ID}&iqsCase=2`)).toEqual({ lessonId: LESSON_ID, casePosition: 2 });
    expect(lessonFromSearch('?iqsLesson=drop%20table&iqsCase=0')).toEqual({ lessonId: null, casePosition: null });
    expect(lessonFromSearch(`?iqsLesson=${LESSON_ID}&iqsCase=x`)).toEqual({ lessonId: LESSON_ID, casePosition: null });
  });

  it('shows the cases in order, each image of a case in turn, leaves out a case without images, and keeps the case in the URL', async () => {
    const { runtime, searches } = setUp();
    const { shower, shown } = fakeShower();
    runtime.enter(`?StudyInstanceUIDs=a&iqsLesson=${LESSON_ID}`, shower);
    await settle();
    let state = ready(runtime.state.getState());
    expect(state.lesson.cases.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(state).toMatchObject({ caseIndex: 0, imageIndex: 0, image: 'shown', started: false, teachingPointShown: false });
    expect(shown).toEqual(['1.1']);
    runtime.next();
    await settle();
    expect(ready(runtime.state.getState())).toMatchObject({ caseIndex: 0, imageIndex: 1, started: true });
    runtime.toggleTeachingPoint();
    expect(ready(runtime.state.getState()).teachingPointShown).toBe(true);
    runtime.next();
    await settle();
    state = ready(runtime.state.getState());
    // a new case starts with its teaching point hidden
    expect(state).toMatchObject({ caseIndex: 1, imageIndex: 0, teachingPointShown: false });
    runtime.next(); // the end: stays
    await settle();
    expect(ready(runtime.state.getState())).toMatchObject({ caseIndex: 1, imageIndex: 0 });
    runtime.previous();
    await settle();
    expect(ready(runtime.state.getState())).toMatchObject({ caseIndex: 0, imageIndex: 1 });
    expect(shown).toEqual(['1.1', '1.2', '2.1', '1.2']);
    expect(searches.map((s) => new URLSearchParams(s).get('iqsCase'))).toEqual(['2', '1']);
    expect(new URLSearchParams(searches[0]).get('StudyInstanceUIDs')).toBe('a');
  });

  it('opens at the case the URL names (clamped to the lesson), already started', async () => {
    const { runtime } = setUp();
    runtime.enter(`?iqsLesson=${LESSON_ID}&iqsCase=2`, fakeShower().shower);
    await settle();
    expect(ready(runtime.state.getState())).toMatchObject({ caseIndex: 1, started: true });
    runtime.enter(`?iqsLesson=${LESSON_ID}&iqsCase=9`, fakeShower().shower);
    await settle();
    expect(ready(runtime.state.getState()).caseIndex).toBe(1);
    runtime.goToCase(1);
    expect(ready(runtime.state.getState()).caseIndex).toBe(0);
  });

  it('says when an image is not in the PACS, and goes on with the next', async () => {
    const { runtime } = setUp();
    const { shower, shown } = fakeShower(['1.1']);
    runtime.enter(`?iqsLesson=${LESSON_ID}`, shower);
    await settle();
    expect(ready(runtime.state.getState()).image).toBe('not-in-pacs');
    runtime.next();
    await settle();
    expect(ready(runtime.state.getState())).toMatchObject({ imageIndex: 1, image: 'shown' });
    expect(shown).toEqual(['1.2']);
  });

  it.each([
    ['no lesson in the URL', { search: '?StudyInstanceUIDs=a' }, 'no-lesson'],
    ['no backend', { lessons: false }, 'no-backend'],
    [
      'a lesson that is not there or not shared',
      { lesson: () => Promise.reject(Object.assign(new Error(`no lesson ${LESSON_ID} that you may read`), { code: '42501' })) },
      'not-found',
    ],
    ['a lesson without images', { lesson: async () => ({ ...LESSON, cases: [] }) }, 'empty'],
    ['another failure', { lesson: () => Promise.reject(new Error('network down')) }, 'failed'],
  ])('%s: a clear problem', async (_what, options, problem) => {
    const { runtime } = setUp(options as never);
    runtime.enter((options as { search?: string }).search ?? `?iqsLesson=${LESSON_ID}`, fakeShower().shower);
    await settle();
    expect(runtime.state.getState()).toMatchObject({ phase: 'error', problem });
    if (problem === 'failed') expect(runtime.state.getState()).toMatchObject({ detail: 'network down' });
  });

  it('waits for the sign-in, and puts the lesson away when the user signs out', async () => {
    const { runtime, account, lessonCalls } = setUp({ account: { status: 'signed-out' } });
    runtime.enter(`?iqsLesson=${LESSON_ID}`, fakeShower().shower);
    expect(runtime.state.getState()).toEqual({ phase: 'signed-out', lessonId: LESSON_ID });
    expect(lessonCalls).toEqual([]);
    account.setState(SIGNED_IN, true);
    await settle();
    expect(runtime.state.getState().phase).toBe('ready');
    account.setState({ status: 'signed-out' }, true);
    expect(runtime.state.getState()).toEqual({ phase: 'signed-out', lessonId: LESSON_ID });
    runtime.leave();
    expect(runtime.state.getState()).toEqual({ phase: 'none' });
  });

  it('asks for full screen only when told to (a click or a key), and leaves it on F', async () => {
    const { runtime, fullScreen } = setUp();
    runtime.enter(`?iqsLesson=${LESSON_ID}`, fakeShower().shower);
    await settle();
    runtime.start(false);
    expect(fullScreen.entered).toBe(0);
    expect(ready(runtime.state.getState()).started).toBe(true);
    runtime.toggleFullScreen();
    runtime.toggleFullScreen();
    expect(fullScreen).toMatchObject({ entered: 1, exited: 1 });
  });

  it('tells "not found" from other failures', () => {
    expect(isLessonNotFound({ code: 'PGRST116', message: 'x' })).toBe(true);
    expect(isLessonNotFound(new Error('no lesson 1 that you may read'))).toBe(true);
    expect(isLessonNotFound(new Error('fetch failed'))).toBe(false);
    expect(isLessonNotFound(null)).toBe(false);
  });
});

describe('the presentation keys', () => {
  it('maps → / PageDown, ← / PageUp, T and F; nothing with a modifier', () => {
    expect(
      ['ArrowRight', 'PageDown', 'ArrowLeft', 'PageUp', 't', 'F', 'x'].map((key) =>
        lessonKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false }),
      ),
    ).toEqual(['next', 'next', 'previous', 'previous', 'teachingPoint', 'fullScreen', null]);
    expect(lessonKeyAction({ key: 'ArrowRight', ctrlKey: true, metaKey: false, altKey: false })).toBeNull();
  });

  it('takes its keys before OHIF sees them, and leaves typing in a field alone', () => {
    const listeners: Array<(event: KeyboardEvent) => void> = [];
    const target = {
      addEventListener: (_type: string, listener: (event: KeyboardEvent) => void, capture: boolean) => {
        expect(capture).toBe(true);
        listeners.push(listener);
      },
      removeEventListener: jest.fn(),
    } as unknown as Window;
    const actions = {
      next: jest.fn(),
      previous: jest.fn(),
      toggleTeachingPoint: jest.fn(),
      toggleFullScreen: jest.fn(),
      goToCase: jest.fn(),
      start: jest.fn(),
    };
    const stop = listenToLessonKeys(actions, target);
    const press = (key: string, tagName = 'BODY') => {
      const event = { key, target: { tagName, isContentEditable: false }, preventDefault: jest.fn(), stopPropagation: jest.fn() };
      listeners[0]?.(event as unknown as KeyboardEvent);
      return event;
    };
    const stopped = press('PageDown');
    expect(actions.next).toHaveBeenCalledTimes(1);
    expect(stopped.stopPropagation).toHaveBeenCalled();
    press('t', 'INPUT');
    expect(actions.toggleTeachingPoint).not.toHaveBeenCalled();
    const other = press('w');
    expect(other.stopPropagation).not.toHaveBeenCalled();
    stop();
    expect(target.removeEventListener).toHaveBeenCalled();
  });
});

describe('the anonymised viewer', () => {
  it('turns the header patient info and the way to the study list off, and puts the configuration back', () => {
    const config: Record<string, unknown> = { showPatientInfo: 'visibleCollapsed', showStudyList: true };
    const restore = hideHeaderPatientInfo(config);
    expect(config).toEqual({ showPatientInfo: 'disabled', showStudyList: false });
    restore();
    expect(config).toEqual({ showPatientInfo: 'visibleCollapsed', showStudyList: true });
    const unset: Record<string, unknown> = {};
    hideHeaderPatientInfo(unset)();
    expect(unset).toEqual({});
  });

  it('shows sex and age only', () => {
    expect(sexAndAge({ PatientSex: 'M', PatientAge: '006M', PatientName: 'Vos^Fenna' })).toBe('M · 6 m');
    expect(sexAndAge({ PatientName: 'Vos^Fenna', PatientID: 'DEMOV0026' })).toBeNull();
  });
});
