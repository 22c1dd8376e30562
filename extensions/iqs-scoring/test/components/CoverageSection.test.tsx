import { act, fireEvent, render, within } from '@testing-library/react';
import { createTranslator } from '../../src/i18n/translator';
import { CoverageSection, parseTarget, planFilter, PLAN_SAMPLE_SIZE } from '../../src/coverage/CoverageSection';
import type { CoverageCell, CoverageData, CoverageTargets, PeerReviewCoverageRow } from '../../src/coverage/coveragePorts';
import { BackendError } from '../../src/data/profile';
import type { IqsPageData, StartEvaluationRequest } from '../../src/ports';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const en = createTranslator('en');
const nl = createTranslator('nl');
const TODAY = '2026-12-04';
const PETRA = 'p-petra';
const DAAN = 'p-daan';
const SITE = 's-1';

const cell = (person: string, name: string, code: string, performed: number, done: number, target = 1): CoverageCell => ({
  person_id: person,
  display_name: name,
  procedure_id: `pr-${code}`,
  procedure_code: code,
  procedure_name_nl: `X-${code}`,
  procedure_name_en: `${code} X-ray`,
  performed,
  self_evaluations: done,
  target,
  covered: done >= target,
});
const peer = (person: string, name: string, reviews: number, last: string | null, target = 1): PeerReviewCoverageRow => ({
  person_id: person,
  display_name: name,
  performed: 10,
  peer_reviews: reviews,
  last_review: last,
  target,
  due: reviews < target,
});

const MATRIX = [
  cell(PETRA, 'Petra Jansen', 'thorax', 12, 1),
  cell(PETRA, 'Petra Jansen', 'knie', 3, 0),
  cell(DAAN, 'Daan Smit', 'thorax', 5, 0),
  cell(DAAN, 'Daan Smit', 'bekken', 2, 2),
];
const PEERS = [peer(PETRA, 'Petra Jansen', 1, '2026-03-02'), peer(DAAN, 'Daan Smit', 0, '2025-11-20')];

/** What the database would give this caller: own rows for a radiographer (RLS and the functions decide; tested in the db suite). */
function fakeCoverage(me: string | null, options: { refuseSave?: boolean } = {}) {
  const calls = { periods: [] as string[], saved: [] as unknown[] };
  let targets: CoverageTargets = { selfEvaluationsPerProcedure: 1, peerReviewsPerRadiographer: 1, isDefault: true, updatedAt: null };
  const data: CoverageData = {
    async coverageMatrix(from, to) {
      calls.periods.push(`${from}/${to}`);
      return MATRIX.filter((c) => me === null || c.person_id === me);
    },
    async peerReviewCoverage() {
      return PEERS.filter((p) => me === null || p.person_id === me);
    },
    async coverageTargets() {
      return targets;
    },
    async setCoverageTargets(siteId, next) {
      calls.saved.push({ siteId, ...next });
      if (options.refuseSave) throw new BackendError('new row violates row-level security policy', '42501');
      targets = { ...next, isDefault: false, updatedAt: '2026-12-04T10:00:00Z' };
    },
  };
  return { data, calls };
}

function fakePage(candidates: (filter: object) => number) {
  const calls = { counted: [] as object[], started: [] as StartEvaluationRequest[], opened: [] as string[] };
  const data = {
    async countCandidates(_use: string, _subject: string | null, filter: object) {
      calls.counted.push(filter);
      return candidates(filter);
    },
    async startEvaluation(request: StartEvaluationRequest) {
      calls.started.push(request);
      return { evaluationId: 'ev-new', requested: request.sampleSize, drawn: request.sampleSize, available: 3 };
    },
    openEvaluation(id: string) {
      calls.opened.push(id);
    },
  } as unknown as IqsPageData;
  return { data, calls };
}

describe('the yearly coverage plan on /iqs', () => {
  it('shows a radiographer their own year and starts the right self-evaluation for what is still to do', async () => {
    const coverage = fakeCoverage(PETRA);
    // every knee image was self-evaluated before: the plan then draws from all of them
    const page = fakePage((f) => ((f as { exclude_evaluated: boolean }).exclude_evaluated ? 0 : 3));
    const view = render(
      <CoverageSection
        coverage={coverage.data}
        data={page.data}
        role="radiographer"
        personId={PETRA}
        siteId={SITE}
        translator={en}
        today={TODAY}
      />,
    );
    await settle();
    expect(coverage.calls.periods).toEqual(['2026-01-01/2026-12-31']);
    const thorax = view.container.querySelector('[data-iqs-coverage-procedure="thorax"]') as HTMLElement;
    const knee = view.container.querySelector('[data-iqs-coverage-procedure="knie"]') as HTMLElement;
    expect(thorax.textContent).toContain('12');
    expect(thorax.textContent).toContain('1 of 1');
    expect(thorax.textContent).toContain('done');
    expect(within(thorax).queryByRole('button')).toBeNull();
    expect(knee.textContent).toContain('0 of 1');
    expect(knee.textContent).toContain('still to do');
    // no colleague, no reviewer, no matrix
    expect(view.container.textContent).not.toContain('Daan');
    expect(view.container.querySelector('[data-iqs-coverage="matrix"]')).toBeNull();
    expect(view.container.querySelector('[data-iqs-coverage="targets-form"]')).toBeNull();
    expect(view.container.querySelector('[data-iqs-coverage="peer-own"]')?.textContent).toBe('Peer review: done (1 of 1 in 2026).');

    fireEvent.click(within(knee).getByRole('button', { name: 'Start self-evaluation' }));
    await settle();
    expect(page.calls.counted).toEqual([planFilter(PETRA, 'pr-knie', 2026, true), planFilter(PETRA, 'pr-knie', 2026, false)]);
    expect(page.calls.started).toEqual([
      {
        use: 'self',
        name: 'Self-evaluation knie X-ray 2026',
        subjectPersonId: PETRA,
        filter: {
          operator_person_id: PETRA,
          procedure_ids: ['pr-knie'],
          from: '2026-01-01',
          to: '2026-12-31',
          exclude_evaluated: false,
          spread_over_procedures: false,
        },
        sampleSize: 3,
        blind: false,
      },
    ]);
    expect(page.calls.opened).toEqual(['ev-new']);
  });

  it('asks for the plan’s sample size when there are more images, says so when there are none, and starts nothing for a past year', async () => {
    const page = fakePage(() => 40);
    const view = render(
      <CoverageSection
        coverage={fakeCoverage(PETRA).data}
        data={page.data}
        role="reviewer"
        personId={PETRA}
        siteId={SITE}
        translator={nl}
        today={TODAY}
      />,
    );
    await settle();
    fireEvent.click(view.getByRole('button', { name: 'Zelfevaluatie starten' }));
    await settle();
    expect(page.calls.started[0]?.sampleSize).toBe(PLAN_SAMPLE_SIZE);
    view.unmount();

    const none = fakePage(() => 0);
    const empty = render(
      <CoverageSection
        coverage={fakeCoverage(PETRA).data}
        data={none.data}
        role="radiographer"
        personId={PETRA}
        siteId={SITE}
        translator={nl}
        today={TODAY}
      />,
    );
    await settle();
    fireEvent.click(empty.getByRole('button', { name: 'Zelfevaluatie starten' }));
    await settle();
    expect(none.calls.started).toEqual([]);
    expect(empty.getByRole('alert').textContent).toBe('Er zijn geen opnamen van jou om te evalueren voor dit onderzoek in 2026.');
    empty.unmount();

    // last year: the figures of that year, no button (a self-evaluation closed now counts for this year)
    const coverage = fakeCoverage(PETRA);
    const past = render(
      <CoverageSection
        coverage={coverage.data}
        data={page.data}
        role="radiographer"
        personId={PETRA}
        siteId={SITE}
        translator={en}
        today={TODAY}
      />,
    );
    await settle();
    fireEvent.change(past.container.querySelector('[data-iqs-coverage="year"]') as HTMLSelectElement, { target: { value: '2025' } });
    await settle();
    expect(coverage.calls.periods).toEqual(['2026-01-01/2026-12-31', '2025-01-01/2025-12-31']);
    expect(past.queryByRole('button', { name: 'Start self-evaluation' })).toBeNull();
    expect(past.container.textContent).toContain('from this year’s plan only');
    // the section says which year's figures it shows, and its lines name that year (not "this year")
    expect(past.container.querySelector('[data-iqs-section="coverage"]')?.getAttribute('data-iqs-coverage-shown')).toBe('2025');
    expect(past.container.querySelector('[data-iqs-coverage="peer-own"]')?.textContent).toBe('Peer review: done (1 of 1 in 2025).');
  });

  it('shows a quality officer the matrix radiographer × examination and who is due for a peer review, with the last review date', async () => {
    const view = render(
      <CoverageSection
        coverage={fakeCoverage(null).data}
        data={null}
        role="quality_officer"
        personId="p-fatima"
        siteId={SITE}
        translator={en}
        today={TODAY}
      />,
    );
    await settle();
    const matrix = view.container.querySelector('[data-iqs-coverage="matrix"]') as HTMLElement;
    const stateOf = (person: string, code: string) =>
      matrix
        .querySelector(`[data-iqs-coverage-person="${person}"] [data-iqs-coverage-cell="${code}"]`)
        ?.getAttribute('data-iqs-coverage-state');
    expect(stateOf(PETRA, 'thorax')).toBe('covered');
    expect(stateOf(PETRA, 'knie')).toBe('to_do');
    expect(stateOf(PETRA, 'bekken')).toBe('not_performed');
    expect(stateOf(DAAN, 'bekken')).toBe('covered');
    expect(stateOf(DAAN, 'knie')).toBe('not_performed');
    expect(matrix.querySelector(`[data-iqs-coverage-person="${DAAN}"] [data-iqs-coverage-cell="thorax"]`)?.getAttribute('title')).toBe(
      'Daan Smit, thorax X-ray: 5 images, 0 of 1 self-evaluations',
    );
    expect(matrix.querySelector(`[data-iqs-coverage-person="${PETRA}"]`)?.textContent).toContain('1 of 2 done');
    const peers = view.container.querySelector('[data-iqs-coverage="peers"]') as HTMLElement;
    const daan = peers.querySelector(`[data-iqs-coverage-peer="${DAAN}"]`) as HTMLElement;
    expect(daan.getAttribute('data-iqs-coverage-due')).toBe('true');
    expect(daan.textContent).toContain('20 Nov 2025');
    expect(peers.querySelector(`[data-iqs-coverage-peer="${PETRA}"]`)?.getAttribute('data-iqs-coverage-due')).toBe('false');
    expect(view.container.querySelector('[data-iqs-coverage="due-count"]')?.textContent).toBe(
      '1 of 2 radiographers are due for a peer review.',
    );
  });

  it('lets an admin change the targets: checked numbers, nl/en errors, nothing lost when refused', async () => {
    const coverage = fakeCoverage(null);
    const view = render(
      <CoverageSection coverage={coverage.data} data={null} role="admin" personId="p-jeroen" siteId={SITE} translator={nl} today={TODAY} />,
    );
    await settle();
    const self = view.container.querySelector('[data-iqs-coverage="target-self"]') as HTMLInputElement;
    const peerInput = view.container.querySelector('[data-iqs-coverage="target-peer"]') as HTMLInputElement;
    const save = view.getByRole('button', { name: 'Doelen opslaan' }) as HTMLButtonElement;
    fireEvent.change(self, { target: { value: '53' } });
    expect(view.getByRole('alert').textContent).toBe('Vul een heel getal van 0 tot en met 52 in.');
    expect(save.disabled).toBe(true);
    fireEvent.change(self, { target: { value: '2' } });
    fireEvent.change(peerInput, { target: { value: '0' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await settle();
    await settle();
    expect(coverage.calls.saved).toEqual([{ siteId: SITE, selfEvaluationsPerProcedure: 2, peerReviewsPerRadiographer: 0 }]);
    expect(view.getByRole('status').textContent).toBe('Doelen opgeslagen.');
    expect(view.container.querySelector('[data-iqs-coverage="targets"]')?.textContent).toContain('Doel: 2 zelfevaluatie(s)');
    view.unmount();

    const refused = fakeCoverage(null, { refuseSave: true });
    const other = render(
      <CoverageSection
        coverage={refused.data}
        data={null}
        role="quality_officer"
        personId="p-fatima"
        siteId={SITE}
        translator={en}
        today={TODAY}
      />,
    );
    await settle();
    const input = other.container.querySelector('[data-iqs-coverage="target-peer"]') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '3' } });
    fireEvent.click(other.getByRole('button', { name: 'Save targets' }));
    await settle();
    expect(other.getByRole('alert').textContent).toContain('The targets were not saved:');
    expect(input.value).toBe('3');
  });

  it('reads whole numbers 0..52 only', () => {
    expect([parseTarget('0'), parseTarget('52'), parseTarget(' 7 ')]).toEqual([0, 52, 7]);
    expect([parseTarget('53'), parseTarget('-1'), parseTarget('1.5'), parseTarget(''), parseTarget('abc')]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
