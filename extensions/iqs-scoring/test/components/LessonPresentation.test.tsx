import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createStore } from 'zustand/vanilla';
import { createTranslator } from '../../src/i18n/translator';
import { LessonPresentation, presentationTitle } from '../../src/lessons/LessonPresentation';
import type { Lesson, LessonImage } from '../../src/lessons/lessonPorts';
import type { LessonPresentationState } from '../../src/lessons/lessonPresentationRuntime';
import type { AccountState } from '../../src/ports';

const en = createTranslator('en');
const nl = createTranslator('nl');

function image(sop: string, rejected: boolean): LessonImage {
  return {
    imageId: `id-${sop}`,
    sopInstanceUid: sop,
    studyInstanceUid: `study-${sop}`,
    seriesInstanceUid: `series-${sop}`,
    sopClassUid: null,
    modality: 'DX',
    procedureLabel: 'X-Knie',
    viewPosition: 'AP',
    patientAgeYears: 30,
    facts: {
      rejected,
      rejectReason: rejected ? { code: 'positioning', label_nl: 'Positionering', label_en: 'Positioning' } : null,
      faults: [],
      dose: null,
    },
  };
}

const LESSON: Lesson = {
  id: 'l1',
  title: 'Afkeur op de SEH',
  description: null,
  shared: false,
  mine: true,
  caseCount: 2,
  imageCount: 2,
  updatedAt: '2026-12-04T10:00:00Z',
  cases: [
    { id: 'c1', position: 1, teachingPoint: 'Collimate tighter', showFacts: true, images: [image('1.1', true)] },
    { id: 'c2', position: 2, teachingPoint: null, showFacts: false, images: [image('2.1', false)] },
  ],
};

function renderWith(state: LessonPresentationState, translator = en) {
  const store = createStore<LessonPresentationState>(() => state);
  const account = createStore<AccountState>(() => ({ status: 'signed-out' }));
  const actions = {
    next: jest.fn(),
    previous: jest.fn(),
    goToCase: jest.fn(),
    toggleTeachingPoint: jest.fn(),
    start: jest.fn(),
    toggleFullScreen: jest.fn(),
  };
  const openIqsPage = jest.fn();
  render(
    <LessonPresentation
      state={store}
      actions={actions}
      account={account}
      accountActions={null}
      translator={translator}
      openIqsPage={openIqsPage}
    />,
  );
  return { store, actions, openIqsPage };
}

const ready = (change: Partial<Extract<LessonPresentationState, { phase: 'ready' }>> = {}): LessonPresentationState => ({
  phase: 'ready',
  lesson: LESSON,
  caseIndex: 0,
  imageIndex: 0,
  teachingPointShown: false,
  image: 'shown',
  started: true,
  ...change,
});

describe('the lesson presentation on screen', () => {
  it('shows case n of m, the facts when the case shows them, and the teaching point only on demand', () => {
    const { store, actions } = renderWith(ready());
    expect(screen.getByText('Case 1 of 2')).toBeTruthy();
    expect(screen.queryByText('Collimate tighter')).toBeNull();
    expect(document.querySelector('[data-iqs-lessonshow-facts] [data-iqs-lesson-rejected="true"]')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show teaching point (T)' }));
    expect(actions.toggleTeachingPoint).toHaveBeenCalled();
    act(() => store.setState(ready({ teachingPointShown: true }), true));
    expect(screen.getByText('Collimate tighter')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hide teaching point (T)' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByRole('button', { name: '← Previous' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next →' }));
    expect(actions.next).toHaveBeenCalled();
    // case 2 shows no facts (its owner turned them off)
    act(() => store.setState(ready({ caseIndex: 1 }), true));
    expect(document.querySelector('[data-iqs-lessonshow-facts]')).toBeNull();
    expect(document.title).toBe('Afkeur op de SEH · Case 2 of 2 — IQS lesson');
  });

  it('offers full screen or the window first, and covers the image when the PACS lacks it', () => {
    const { store, actions } = renderWith(ready({ started: false }));
    fireEvent.click(screen.getByRole('button', { name: 'Start full screen' }));
    expect(actions.start).toHaveBeenCalledWith(true);
    act(() => store.setState(ready({ image: 'not-in-pacs' }), true));
    expect(screen.getByRole('alert').textContent).toContain('not in the PACS');
    expect(document.querySelector('.iqs-lessonshow-cover')).not.toBeNull();
  });

  it('says in Dutch what is wrong, over a covered viewer, with the way back to IQS', () => {
    const { openIqsPage } = renderWith({ phase: 'error', lessonId: 'l1', problem: 'not-found', detail: null }, nl);
    expect(screen.getByRole('alert').textContent).toContain('Deze les bestaat niet of is niet met je gedeeld');
    expect(document.querySelector('.iqs-lessonshow-covered')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Terug naar IQS' }));
    expect(openIqsPage).toHaveBeenCalled();
    expect(presentationTitle({ phase: 'loading', lessonId: 'l1' }, nl)).toBe('IQS-les');
  });

  it('says its language on its root in every phase, as every IQS root does (hyphenation, screen readers)', () => {
    const phases: LessonPresentationState[] = [
      { phase: 'signed-out', lessonId: 'l1' },
      { phase: 'loading', lessonId: 'l1' },
      { phase: 'error', lessonId: 'l1', problem: 'not-found', detail: null },
      ready({ started: false }),
      ready(),
    ];
    for (const translator of [nl, en]) {
      for (const state of phases) {
        renderWith(state, translator);
        const root = document.querySelector('.iqs-lessonshow');
        expect([state.phase, root?.getAttribute('lang')]).toEqual([state.phase, translator.language]);
        cleanup();
      }
    }
  });
});
