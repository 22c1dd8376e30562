/**
 * Issue 14, items 1 and 7, as the bound panels and the /iqs route show them (the browser test
 * test/e2e/keyboardLanguage.e2e.ts shows the same in the real viewer):
 *   - the scoring form takes the focus when the evaluation opens, also when its form arrives after the worklist,
 *     and again on the next image after "Save and next": keys work without the hotkey or a click;
 *   - the language switch on /iqs re-renders the page at once, keeps the choice where OHIF reads it, and views
 *     mounted later (the viewer's panels) start in it.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { navigateTo } from '../../src/browser/navigation';
import { chosenLanguage, detectLanguage } from '../../src/i18n/detectLanguage';
import type { Language } from '../../src/i18n/translator';
import { EvaluationScoringPanel } from '../../src/panels/EvaluationPanels';
import { IqsPageRoute } from '../../src/pages/IqsPageRoute';
import type { IqsPagePort, ReadyEvaluation } from '../../src/ports';
import { createAccountStore } from '../../src/state/accountStore';
import { useLanguage } from '../../src/ui/LanguageSwitch';
import { form, worklistItem } from './evaluationFixtures';
import { fakePanelPort, petraSignedIn } from './panelPortFixture';

const opened: ReadyEvaluation = {
  phase: 'ready',
  evaluation: { id: 'ev1', name: 'Zelfevaluatie', use: 'self', status: 'open', blind: false, evaluator_id: 'p1', subject_person_id: 'p1' },
  items: [worklistItem(1), worklistItem(2)],
  forms: { f1: form },
  currentItemId: 'i1',
  answers: {},
  view: 'scoring',
  summary: null,
  notice: null,
};

/** The panels' port; "Save and next" moves to the next item, as the session does. The viewer's hotkey is not used. */
function panelPort() {
  const moveOn = (): void => {
    const state = fake.port.stores.evaluation.getState();
    if (state.phase === 'ready') fake.port.stores.evaluation.setState({ ...state, currentItemId: 'i2' }, true);
  };
  const fake = fakePanelPort(petraSignedIn, {
    saveAndNext: () => {
      fake.done.push('saveAndNext');
      moveOn();
    },
  });
  return fake;
}

const focusedCriterion = (): string | undefined =>
  (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-iqs-criterion]')?.dataset['iqsCriterion'];
const press = (key: string): void => void fireEvent.keyDown(document.activeElement ?? document.body, { key });

describe('keys work from the first image', () => {
  it('the form takes the focus when the evaluation opens; digits and Enter work at once, and again on the next image', () => {
    const { port, done } = panelPort();
    port.stores.evaluation.setState({ phase: 'loading', evaluationId: 'ev1' }, true);
    const { container } = render(<EvaluationScoringPanel iqs={port} language="en" />);
    expect(focusedCriterion()).toBeUndefined();
    act(() => port.stores.evaluation.setState(opened, true));
    expect(focusedCriterion()).toBe('collimation');
    press('1');
    press('4');
    press('2');
    press('1');
    expect(done).toEqual(['answer:c-yes:yes:', 'answer:c-scale:4:', 'answer:c-choice:right:', 'answer:c-grade:good:']);
    press('Enter');
    expect(done.at(-1)).toBe('saveAndNext');
    expect(container.querySelector('[data-iqs-panel="scoring"]')?.getAttribute('data-iqs-item')).toBe('i2');
    expect(focusedCriterion()).toBe('collimation');
    press('2');
    expect(done.at(-1)).toBe('answer:c-yes:no:');
  });

  it('a form that arrives after the worklist still gets the focus', () => {
    const { port, done } = panelPort();
    port.stores.evaluation.setState({ ...opened, forms: {} }, true);
    render(<EvaluationScoringPanel iqs={port} language="en" />);
    expect(screen.getByText('There is no scoring form for this image.')).toBeTruthy();
    act(() => port.stores.evaluation.setState(opened, true));
    expect(focusedCriterion()).toBe('collimation');
    press('3');
    expect(done).toEqual(['answer:c-yes:na:']);
  });
});

function pagePort(): IqsPagePort {
  return {
    stores: { account: createAccountStore({ status: 'signed-out' }) },
    account: { signIn: async () => ({ ok: true }), signOut: async () => undefined },
    pageData: () => null,
    rejectWorklist: () => null,
    connect: () => () => undefined,
  };
}

function LanguageProbe({ given }: { given: Language }) {
  return <p data-testid="probe">{useLanguage(given)}</p>;
}

describe('the language switch on /iqs', () => {
  afterEach(() => {
    window.localStorage.clear();
    document.cookie = 'i18next=; path=/; max-age=0';
  });

  it('re-renders the page in the language chosen, keeps it where OHIF reads it, and later views start in it', () => {
    const { container } = render(<IqsPageRoute iqs={pagePort()} language="en" />);
    expect(container.querySelector('h1')?.textContent).toBe('IQS — Image Quality System');
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    // a cookie OHIF cached at its start would win over localStorage at its next start: it is overwritten too
    document.cookie = 'i18next=en-US; path=/';

    fireEvent.click(screen.getByRole('button', { name: 'Nederlands' }));
    expect(container.querySelector('h1')?.textContent).toBe('IQS — Beeldkwaliteitssysteem');
    expect(container.querySelector('[data-iqs-page="iqs"]')?.getAttribute('lang')).toBe('nl');
    expect(screen.getByRole('group', { name: 'Taal' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Nederlands' }).getAttribute('aria-pressed')).toBe('true');
    expect(window.localStorage.getItem('i18nextLng')).toBe('nl');
    expect(document.cookie).toContain('i18next=nl');
    expect(detectLanguage()).toBe('nl');
    expect(chosenLanguage()).toBe('nl');
    // a panel the viewer mounts afterwards, made with the language of the viewer's start, speaks the one chosen
    render(<LanguageProbe given="en" />);
    expect(screen.getByTestId('probe').textContent).toBe('nl');

    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(container.querySelector('h1')?.textContent).toBe('IQS — Image Quality System');
    expect(screen.getByTestId('probe').textContent).toBe('en');
    expect(window.localStorage.getItem('i18nextLng')).toBe('en-US');
    expect(detectLanguage()).toBe('en');
  });

  it('leads into the viewer with a fresh start after a choice, so OHIF’s own texts speak it too; by the router otherwise', () => {
    const moves: string[] = [];
    const fakeWindow = {
      location: { assign: (path: string) => void moves.push(`load ${path}`) },
      history: { pushState: (_state: unknown, _title: string, path: string) => void moves.push(`push ${path}`) },
      dispatchEvent: () => true,
    } as unknown as Window;
    render(<IqsPageRoute iqs={pagePort()} language="en" />);
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    // the language OHIF started in (this page's) is chosen: the router moves, no reload
    navigateTo('/iqs-evaluation?iqsEvaluation=a', fakeWindow);
    fireEvent.click(screen.getByRole('button', { name: 'Nederlands' }));
    navigateTo('/iqs-evaluation?iqsEvaluation=b', fakeWindow);
    expect(moves).toEqual(['push /iqs-evaluation?iqsEvaluation=a', 'load /iqs-evaluation?iqsEvaluation=b']);
  });

  it('reads the language where OHIF does, in OHIF’s order: cookie before localStorage', () => {
    window.localStorage.setItem('i18nextLng', 'en-US');
    document.cookie = 'i18next=nl; path=/';
    expect(detectLanguage()).toBe('nl');
    document.cookie = 'i18next=; path=/; max-age=0';
    expect(detectLanguage()).toBe('en');
  });
});
