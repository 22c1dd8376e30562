/**
 * Blind means blind on screen (issue 12): while a blind evaluation is open, the IQS panel's image facts and the
 * worklist show no radiographer, even when the data name them (a quality officer or admin may read the operators by
 * role, and the DICOM header always holds OperatorsName); and blind is offered only where it hides something.
 */
import { act, fireEvent, render, waitFor, within } from '@testing-library/react';
import type { EvaluationFilter, EvaluationUse } from '@iqs/domain';
import { createStore } from 'zustand/vanilla';
import { operatorsHidden } from '../../src/evaluation/blindness';
import { EvaluationWorklistPanel } from '../../src/panels/EvaluationPanels';
import { IqsPanel } from '../../src/panels/IqsPanel';
import { StartEvaluationSection, type IqsRole } from '../../src/pages/StartEvaluationSection';
import { createTranslator } from '../../src/i18n/translator';
import type {
  AccountState,
  EvaluationActions,
  EvaluationHeader,
  EvaluationState,
  IqsPageData,
  IqsPanelPort,
  ReadyEvaluation,
  RejectState,
  StartEvaluationRequest,
} from '../../src/ports';
import { initialRejectState } from '../../src/rejects/rejectSession';
import { createAccountStore } from '../../src/state/accountStore';
import { createActiveImageStore, showInstance } from '../../src/state/activeImageStore';
import { createEvaluationStore } from '../../src/state/evaluationStore';
import { createSyncStore } from '../../src/sync';
import { form, worklistItem } from './evaluationFixtures';

const fatima: AccountState = {
  status: 'signed-in',
  email: 'fatima.mulder@demo.iqs.example',
  profile: { personId: 'p-fatima', displayName: 'Fatima Mulder', role: 'quality_officer', siteId: 's1', siteName: 'Demo' },
};

/** An image made by Jürgen Müller and Petra Jansen, as its DICOM header says. */
const image = {
  SOPInstanceUID: '1.2.3.1',
  Modality: 'DX',
  Rows: 512,
  StationName: 'RAD-KAMER3',
  OperatorsName: [{ Alphabetic: 'Müller^Jürgen' }, { Alphabetic: 'Jansen^Petra' }],
};

const header = (patch: Partial<EvaluationHeader>): EvaluationHeader => ({
  id: 'ev1',
  name: 'Kwaliteitsanalyse thorax',
  use: 'quality',
  status: 'open',
  blind: true,
  evaluator_id: 'p-fatima',
  subject_person_id: null,
  ...patch,
});

/** The evaluation as the session shows it; the items name their operators (as the API may for a quality officer). */
const ready = (patch: Partial<EvaluationHeader>): ReadyEvaluation => ({
  phase: 'ready',
  evaluation: header(patch),
  items: [worklistItem(1, { operator_names: ['Jürgen Müller', 'Petra Jansen'] }), worklistItem(2, { operator_names: ['Daan Smit'] })],
  forms: { f1: form },
  currentItemId: 'i1',
  answers: {},
  view: 'scoring',
  summary: null,
  notice: null,
});

function fakePort(): IqsPanelPort {
  const nothing = (): void => undefined;
  const evaluation: EvaluationActions = {
    openItem: nothing,
    answer: nothing,
    saveAndNext: nothing,
    skip: nothing,
    previous: nothing,
    showSummary: nothing,
    backToScoring: nothing,
    close: nothing,
    retrySync: nothing,
  };
  return {
    stores: {
      account: createAccountStore(fatima),
      activeImage: createActiveImageStore(),
      evaluation: createEvaluationStore(),
      sync: createSyncStore(),
      rejects: createStore<RejectState>(() => initialRejectState),
      rejectSync: createSyncStore(),
    },
    account: { signIn: async () => ({ ok: true }), signOut: async () => undefined },
    evaluation,
    openIqsPage: nothing,
    offerScoringFocus: () => nothing,
    rejects: {
      recordReason: nothing,
      markRejected: nothing,
      unmarkRejected: nothing,
      openToExplain: nothing,
      refreshToExplain: nothing,
      retrySync: nothing,
    },
  };
}

const NAMES = /Müller|Jürgen|Jansen|Petra|Daan|Smit/u;

function operatorFact(container: HTMLElement): HTMLElement {
  const fact = container.querySelector<HTMLElement>('[data-iqs-panel="image-facts"] [data-iqs-field="operator_names"]');
  if (!fact) throw new Error('the panel shows no radiographer fact');
  return fact;
}

describe('the IQS panel’s image facts while an evaluation is open', () => {
  it('hide the radiographer while a blind evaluation is open: not shown, not in the page', () => {
    const port = fakePort();
    port.stores.evaluation.setState(ready({ blind: true, status: 'open' }), true);
    showInstance(port.stores.activeImage, image);
    const { container } = render(<IqsPanel iqs={port} language="en" />);
    const fact = operatorFact(container);
    expect(fact.textContent).toContain('hidden: blind evaluation, until it is closed');
    expect(fact.textContent).not.toMatch(NAMES);
    expect(fact.dataset['iqsValue']).toBe('');
    expect(fact.dataset['iqsHidden']).toBe('blind');
    // the rest of the panel names no one either (Fatima herself, signed in, aside)
    const panel = container.querySelector('[data-iqs-panel="image-facts"]')!;
    expect(panel.innerHTML).not.toMatch(NAMES);
    // the other facts are still there
    expect(container.querySelector('[data-iqs-field="station_name"]')?.textContent).toContain('RAD-KAMER3');
  });

  it('says so in Dutch', () => {
    const port = fakePort();
    port.stores.evaluation.setState(ready({ blind: true, status: 'open' }), true);
    showInstance(port.stores.activeImage, image);
    const { container } = render(<IqsPanel iqs={port} language="nl" />);
    expect(operatorFact(container).textContent).toContain('verborgen: blinde beoordeling, tot die is afgesloten');
  });

  it('show the radiographer again once the blind evaluation is closed, and for one that is not blind', () => {
    const port = fakePort();
    port.stores.evaluation.setState(ready({ blind: true, status: 'open' }), true);
    showInstance(port.stores.activeImage, image);
    const { container } = render(<IqsPanel iqs={port} language="en" />);
    expect(operatorFact(container).textContent).not.toMatch(NAMES);
    act(() => port.stores.evaluation.setState(ready({ blind: true, status: 'closed' }), true));
    expect(operatorFact(container).textContent).toContain('Müller, Jürgen; Jansen, Petra');
    act(() => port.stores.evaluation.setState(ready({ blind: false, status: 'open' }), true));
    expect(operatorFact(container).textContent).toContain('Müller, Jürgen; Jansen, Petra');
    expect(operatorFact(container).dataset['iqsValue']).toBe('["Müller^Jürgen","Jansen^Petra"]');
    // outside an evaluation (the IQS mode without one): shown
    act(() => port.stores.evaluation.setState({ phase: 'none' }, true));
    expect(operatorFact(container).textContent).toContain('Müller, Jürgen; Jansen, Petra');
  });

  it('hide the radiographer while the evaluation is still loading (it may be blind)', () => {
    const port = fakePort();
    port.stores.evaluation.setState({ phase: 'loading', evaluationId: 'ev1' }, true);
    showInstance(port.stores.activeImage, image);
    const { container } = render(<IqsPanel iqs={port} language="en" />);
    expect(operatorFact(container).textContent).not.toMatch(NAMES);
  });
});

describe('the worklist while a blind evaluation is open', () => {
  it('names no radiographer, even when the items name them (a quality officer may read them by role)', () => {
    const port = fakePort();
    port.stores.evaluation.setState(ready({ blind: true, status: 'open' }), true);
    const { container } = render(<EvaluationWorklistPanel iqs={port} language="en" />);
    const rows = [...container.querySelectorAll<HTMLElement>('[data-iqs-operators]')];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.textContent).toBe('Radiographer: hidden until closed');
      expect(row.classList.contains('iqs-hidden-operator')).toBe(true);
    }
    expect(container.innerHTML).not.toMatch(NAMES);
    // closed: shown
    act(() => port.stores.evaluation.setState(ready({ blind: true, status: 'closed' }), true));
    expect(container.querySelector('[data-iqs-operators]')?.textContent).toBe('Radiographer: Jürgen Müller, Petra Jansen');
  });
});

describe('operatorsHidden', () => {
  it.each<[string, boolean, EvaluationState]>([
    ['no evaluation', false, { phase: 'none' }],
    ['loading', true, { phase: 'loading', evaluationId: 'ev1' }],
    ['failed to load', true, { phase: 'error', evaluationId: 'ev1', message: 'x' }],
    ['blind and open', true, ready({ blind: true, status: 'open' })],
    ['blind and closed', false, ready({ blind: true, status: 'closed' })],
    ['not blind', false, ready({ blind: false, status: 'open' })],
  ])('%s: hidden %p', (_, hidden, state) => {
    expect(operatorsHidden(state)).toBe(hidden);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The start form: blind only where it hides something

function startData() {
  const started: StartEvaluationRequest[] = [];
  const data = {
    listPeople: async () => [
      { id: 'p-petra', display_name: 'Petra Jansen', role: 'radiographer' as const },
      { id: 'p-daan', display_name: 'Daan Smit', role: 'radiographer' as const },
      { id: 'p-anna', display_name: 'Anna de Vries', role: 'reviewer' as const },
    ],
    listProcedures: async () => [],
    listStations: async () => [],
    listGroups: async () => [],
    countCandidates: async (_use: EvaluationUse, _subject: string | null, _filter: EvaluationFilter) => 40,
    startEvaluation: async (request: StartEvaluationRequest) => {
      started.push(request);
      return { evaluationId: 'e-new', requested: request.sampleSize, drawn: 1, available: 40 };
    },
    openEvaluation: () => undefined,
  } as unknown as IqsPageData;
  return { data, started };
}

async function renderStart(role: IqsRole, personId: string, language: 'en' | 'nl' = 'en') {
  const { data, started } = startData();
  const view = render(
    <StartEvaluationSection
      data={data}
      role={role}
      personId={personId}
      translator={createTranslator(language)}
      today="2026-11-28"
      countDelayMs={0}
      onStarted={() => undefined}
    />,
  );
  await act(async () => undefined);
  return { ...view, started, section: within(view.container) };
}

const blindBox = (container: HTMLElement): HTMLInputElement | null =>
  within(container).queryByRole<HTMLInputElement>('checkbox', { name: /^Blind/u });

async function start(container: HTMLElement): Promise<void> {
  const button = container.querySelector<HTMLButtonElement>('[data-iqs-action="start"]')!;
  await waitFor(() => expect(button.disabled).toBe(false));
  await act(async () => {
    fireEvent.click(button);
  });
}

describe('the start form offers blind only where it hides something', () => {
  it('not for a peer review of the colleague the reviewer picks: shown disabled, unticked, with the reason', async () => {
    const { container, section, started } = await renderStart('admin', 'p-jeroen');
    // a quality analysis may be blind: tick it
    fireEvent.click(section.getByLabelText('Quality analysis', { exact: false }));
    fireEvent.click(blindBox(container)!);
    expect(blindBox(container)!.checked).toBe(true);
    // then a peer review: blind is not offered, and says why
    fireEvent.click(section.getByLabelText('Peer review', { exact: false }));
    fireEvent.change(section.getByLabelText('Colleague'), { target: { value: 'p-daan' } });
    const box = blindBox(container)!;
    expect(box.disabled).toBe(true);
    expect(box.checked).toBe(false);
    const why = container.querySelector('[data-iqs-hint="blind"]');
    expect(why?.textContent).toBe('Not for a peer review: you chose whose images they are.');
    expect(box.getAttribute('aria-describedby')).toBe(why?.id);
    await start(container);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ use: 'peer', subjectPersonId: 'p-daan', blind: false });
  });

  it('says why in Dutch', async () => {
    const { container, section } = await renderStart('reviewer', 'p-anna', 'nl');
    fireEvent.click(section.getByLabelText('Intercollegiale toetsing', { exact: false }));
    expect(blindBox(container)!.disabled).toBe(true);
    expect(container.querySelector('[data-iqs-hint="blind"]')?.textContent).toBe(
      'Niet bij intercollegiale toetsing: u kiest zelf van wie de beelden zijn.',
    );
  });

  it('not for a self-evaluation (one’s own images): no blind option at all', async () => {
    const { container, started } = await renderStart('radiographer', 'p-petra');
    expect(blindBox(container)).toBeNull();
    expect(container.textContent).not.toContain('Blind');
    await start(container);
    expect(started[0]).toMatchObject({ use: 'self', blind: false });
  });

  it('for a quality analysis: offered, and sent when ticked', async () => {
    const { container, section, started } = await renderStart('quality_officer', 'p-fatima');
    fireEvent.click(section.getByLabelText('Quality analysis', { exact: false }));
    const box = blindBox(container)!;
    expect(box.disabled).toBe(false);
    expect(container.querySelector('[data-iqs-hint="blind"]')).toBeNull();
    fireEvent.click(box);
    await start(container);
    expect(started[0]).toMatchObject({ use: 'quality', blind: true });
  });
});
