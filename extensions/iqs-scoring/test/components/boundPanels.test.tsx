/**
 * The panels and the IQS page as OHIF shows them: bound to a port (ports.ts), here a fake one with stores of its
 * own and actions that only record, instead of the IQS service.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { EvaluationScoringPanel, EvaluationWorklistPanel } from '../../src/panels/EvaluationPanels';
import { IqsPanel } from '../../src/panels/IqsPanel';
import { IqsPageRoute } from '../../src/pages/IqsPageRoute';
import type { IqsPagePort, ReadyEvaluation } from '../../src/ports';
import { createAccountStore } from '../../src/state/accountStore';
import { showInstance } from '../../src/state/activeImageStore';
import { form, worklistItem } from './evaluationFixtures';
import { fakePanelPort, petraSignedIn } from './panelPortFixture';

const petra = petraSignedIn;
const fakePort = fakePanelPort;

const ready: ReadyEvaluation = {
  phase: 'ready',
  evaluation: {
    id: 'ev1',
    name: 'Zelfevaluatie thorax',
    use: 'self',
    status: 'open',
    blind: false,
    evaluator_id: 'p1',
    subject_person_id: 'p1',
  },
  items: [worklistItem(1), worklistItem(2)],
  forms: { f1: form },
  currentItemId: 'i1',
  answers: {},
  view: 'scoring',
  summary: null,
  notice: null,
};

describe('the panels, bound to the IQS service’s port', () => {
  it('IQS panel: the account and the active image from the port’s stores; the way to the IQS page', () => {
    const { port, done } = fakePort();
    const { container } = render(<IqsPanel iqs={port} language="en" />);
    expect(container.querySelector('[data-iqs-account="signed-in"]')?.textContent).toContain('Petra Jansen');
    expect(container.querySelector('[data-iqs-panel="image-facts"]')?.getAttribute('data-iqs-status')).toBe('none');
    act(() => showInstance(port.stores.activeImage, { SOPInstanceUID: '1.2.3.1', Modality: 'DX', StationName: 'RAD-KAMER3', Rows: 2 }));
    expect(container.querySelector('[data-iqs-panel="image-facts"]')?.getAttribute('data-iqs-image')).toBe('1.2.3.1');
    fireEvent.click(screen.getByRole('button', { name: 'Evaluations and results' }));
    expect(done).toEqual(['openIqsPage']);
  });

  it('worklist: says when no evaluation is open, and opens the image clicked through the port', () => {
    const { port, done } = fakePort();
    const { container } = render(<EvaluationWorklistPanel iqs={port} language="en" />);
    expect(container.querySelector('[data-iqs-evaluation-status="none"]')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Go to the IQS page' }));
    act(() => port.stores.evaluation.setState(ready, true));
    fireEvent.click(container.querySelector('button[data-iqs-item="i2"]')!);
    expect(done).toEqual(['openIqsPage', 'openItem:i2']);
  });

  it('scoring form: sign-in first, then the form, whose answers go to the port and which offers to take the focus', async () => {
    const { port, done, offers } = fakePort({ status: 'signed-out' });
    port.stores.evaluation.setState(ready, true);
    const { container } = render(<EvaluationScoringPanel iqs={port} language="en" />);
    expect(container.querySelector('[data-iqs-account="sign-in"]')).not.toBeNull();
    expect(offers).toHaveLength(0);
    act(() => port.stores.account.setState(petra, true));
    expect(container.querySelector('[data-iqs-panel="scoring"]')?.getAttribute('data-iqs-item')).toBe('i1');
    expect(offers).toHaveLength(1);
    // the hotkey's request: the focus to the first open criterion; a key there answers it
    act(() => void offers[0]?.());
    expect((document.activeElement as HTMLElement | null)?.dataset['iqsCriterion']).toBe('collimation');
    fireEvent.keyDown(document.activeElement!, { key: 'y' });
    expect(done).toEqual(['answer:c-yes:yes:']);
    act(() => port.stores.sync.setState({ status: 'failed', pending: 1, lastError: 'refused', lastSavedAt: null }, true));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(done.at(-1)).toBe('retrySync');
  });

  it('summary: no CSV or print in the side panel; it opens the full summary (/iqs?summary=…), the one place of those', () => {
    window.history.replaceState({}, '', '/iqs-evaluation?iqsEvaluation=ev1');
    const { port, done } = fakePort();
    const summary = {
      evaluation_id: 'ev1',
      items: 2,
      scored: 2,
      skipped: 0,
      compared_with: null,
      criteria: [],
      grade_criteria: [],
      faults: [],
    };
    port.stores.evaluation.setState({ ...ready, evaluation: { ...ready.evaluation, status: 'closed' }, view: 'summary', summary }, true);
    const { container } = render(<EvaluationScoringPanel iqs={port} language="en" />);
    const shown = container.querySelector<HTMLElement>('[data-iqs-panel="summary"]')!;
    expect(shown.getAttribute('data-iqs-evaluation')).toBe('ev1');
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(shown.querySelector('[data-iqs-action="export-csv"], [data-iqs-action="print"]')).toBeNull();
    const full = screen.getByRole('link', { name: 'Open full summary (CSV, print)' });
    expect(full.getAttribute('href')).toBe('/iqs?summary=ev1');
    fireEvent.click(full);
    expect(window.location.pathname + window.location.search).toBe('/iqs?summary=ev1');
    expect(done).toEqual([]);
    window.history.replaceState({}, '', '/');
  });
});

describe('the IQS page route, bound to the IQS service’s port', () => {
  it('connects IQS to its backend while it is shown', () => {
    const events: string[] = [];
    const port: IqsPagePort = {
      stores: { account: createAccountStore({ status: 'signed-out' }) },
      account: { signIn: async () => ({ ok: true }), signOut: async () => undefined },
      pageData: () => null,
      rejectWorklist: () => null,
      connect: () => {
        events.push('connect');
        return () => events.push('release');
      },
    };
    const { container, unmount } = render(<IqsPageRoute iqs={port} language="en" />);
    expect(container.querySelector('[data-iqs-page="iqs"] [data-iqs-account="sign-in"]')).not.toBeNull();
    expect(events).toEqual(['connect']);
    unmount();
    expect(events).toEqual(['connect', 'release']);
  });
});
