import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { EvaluationFilter, EvaluationSummary, EvaluationUse, StatisticsDimension, StatisticsPeriod, StatisticsRow } from '@iqs/domain';
import { IqsPage } from '../../src/pages/IqsPage';
import type { ChartRenderer, ChartSpec } from '../../src/pages/statistics';
import type { AccountState, EvaluationListEntry, IqsPageData, StartEvaluationRequest, StatisticsFilter } from '../../src/ports';
import { fakeRejectData } from './rejectAnalysisFixtures';

type Role = 'radiographer' | 'reviewer' | 'quality_officer' | 'admin';

const account = (role: Role, personId = 'p-petra'): AccountState => ({
  status: 'signed-in',
  email: 'x@demo.iqs.example',
  profile: { personId, displayName: 'Petra Jansen', role, siteId: 's1', siteName: 'Demo' },
});

const summary: EvaluationSummary = {
  evaluation_id: 'e-closed',
  items: 10,
  scored: 10,
  skipped: 0,
  compared_with: null,
  criteria: [
    {
      criterion_code: 'collimation',
      label_nl: 'Collimatie',
      label_en: 'Collimation',
      position: 1,
      kind: 'yes_no_na',
      answered: 10,
      met: 7,
      not_applicable: 0,
      share_met: 0.7,
      previous_share_met: null,
      previous_answered: 0,
    },
  ],
  grade_criteria: [],
  faults: [],
};

const statisticsRows: StatisticsRow[] = [
  {
    period_start: '2026-01-01',
    group_key: 'pr-thorax',
    group_label: 'Thorax',
    criterion_code: 'collimation',
    criterion_label_nl: 'Collimatie',
    criterion_label_en: 'Collimation',
    answered: 10,
    met: 8,
    share_met: 0.8,
  },
  {
    period_start: '2026-01-01',
    group_key: 'pr-thorax',
    group_label: 'Thorax',
    criterion_code: 'exposure',
    criterion_label_nl: 'Belichting',
    criterion_label_en: 'Exposure',
    answered: 10,
    met: 10,
    share_met: 1,
  },
  {
    period_start: '2026-04-01',
    group_key: 'pr-thorax',
    group_label: 'Thorax',
    criterion_code: 'collimation',
    criterion_label_nl: 'Collimatie',
    criterion_label_en: 'Collimation',
    answered: 4,
    met: 1,
    share_met: 0.25,
  },
  {
    period_start: '2026-04-01',
    group_key: 'knie',
    group_label: 'Knie',
    criterion_code: 'collimation',
    criterion_label_nl: 'Collimatie',
    criterion_label_en: 'Collimation',
    answered: 5,
    met: 5,
    share_met: 1,
  },
];

function fakeData(
  options: {
    count?: (use: EvaluationUse, subject: string | null, filter: EvaluationFilter) => number;
    evaluations?: EvaluationListEntry[];
  } = {},
) {
  const calls = {
    count: [] as Array<[EvaluationUse, string | null, EvaluationFilter]>,
    start: [] as StartEvaluationRequest[],
    open: [] as Array<[string, string | undefined]>,
    statistics: [] as Array<[StatisticsDimension, StatisticsPeriod, StatisticsFilter]>,
    exports: [] as Array<[string, string]>,
  };
  const data: IqsPageData = {
    // the reject analysis (its own tests: RejectAnalysisSection.test.tsx)
    ...fakeRejectData().data,
    listPeople: async () => [
      { id: 'p-petra', display_name: 'Petra Jansen', role: 'radiographer' },
      { id: 'p-daan', display_name: 'Daan Smit', role: 'radiographer' },
      { id: 'p-anna', display_name: 'Anna de Vries', role: 'reviewer' },
    ],
    listProcedures: async () => [
      { id: 'pr-thorax', code: 'thorax', name_nl: 'Thorax', name_en: 'Chest', modality: 'DX' },
      { id: 'pr-mammo', code: 'mammo', name_nl: 'Mammografie', name_en: 'Mammography', modality: 'MG' },
    ],
    listStations: async () => [
      { id: 'st-1', station_name: 'RAD-KAMER1', display_name: 'Kamer 1', modality: 'DX' },
      { id: 'st-4', station_name: 'CR-KAMER4', display_name: null, modality: 'CR' },
    ],
    listGroups: async () => [{ id: 'g-nacht', name: 'Nachtdienst' }],
    countCandidates: async (use, subject, filter) => {
      calls.count.push([use, subject, filter]);
      return options.count ? options.count(use, subject, filter) : 42;
    },
    startEvaluation: async (request) => {
      calls.start.push(request);
      const drawn = Math.min(request.sampleSize, 42);
      return { evaluationId: 'e-new', requested: request.sampleSize, drawn, available: 42 };
    },
    listMyEvaluations: async () => options.evaluations ?? [],
    evaluationSummary: async () => summary,
    recordExport: async (id, format) => {
      calls.exports.push([id, format]);
    },
    statistics: async (dimension, period, filter) => {
      calls.statistics.push([dimension, period, filter]);
      return statisticsRows;
    },
    openEvaluation: (id, itemId) => {
      calls.open.push([id, itemId]);
    },
  };
  return { data, calls };
}

const charts: ChartSpec[] = [];
const fakeChart: ChartRenderer = (_canvas, spec) => {
  charts.push(spec);
  return { update: (next) => void charts.push(next), destroy: () => undefined };
};

async function renderPage(
  role: Role | null,
  data: IqsPageData | null,
  extra: { onDownload?: (name: string, text: string) => void; language?: 'en' | 'nl'; signInFor?: 'images' | null } = {},
) {
  const utils = render(
    <IqsPage
      account={role ? account(role) : { status: 'signed-out' }}
      backend={{ signIn: async () => ({ ok: true }), signOut: async () => undefined }}
      data={data}
      language={extra.language ?? 'en'}
      chartRenderer={fakeChart}
      onDownload={extra.onDownload ?? (() => undefined)}
      onPrint={() => undefined}
      today="2026-11-28"
      countDelayMs={0}
      signInFor={extra.signInFor ?? null}
    />,
  );
  // the lists, the count and the statistics arrive
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
  return utils;
}

const startSection = (): HTMLElement => document.querySelector<HTMLElement>('[data-iqs-section="start"]')!;
const useChoices = (): string[] => [...startSection().querySelectorAll<HTMLElement>('[data-iqs-use]')].map((e) => e.dataset['iqsUse']!);
const countText = (): string => startSection().querySelector('.iqs-count')?.textContent ?? '';

describe('IqsPage', () => {
  beforeEach(() => {
    charts.length = 0;
  });

  it('shows the sign-in form when nobody is signed in, and nothing else', async () => {
    const { data, calls } = fakeData();
    await renderPage(null, data);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByText('Sign in to start and continue evaluations.')).toBeTruthy();
    expect(document.querySelector('[data-iqs-section="start"]')).toBeNull();
    expect(calls.count).toEqual([]);
  });

  it('says why when the viewer sent the user here to sign in before it shows images (IQS on a network)', async () => {
    await renderPage(null, fakeData().data, { signInFor: 'images', language: 'nl' });
    expect(
      screen.getByText('De beelden zijn alleen te zien na aanmelden: meld u aan, dan gaat IQS verder naar wat u opende.'),
    ).toBeTruthy();
    expect(screen.queryByText('Meld u aan om beoordelingen te starten en voort te zetten.')).toBeNull();
  });

  it.each([
    ['radiographer', ['self']],
    ['reviewer', ['self', 'peer']],
    ['quality_officer', ['self', 'peer', 'quality']],
    ['admin', ['self', 'peer', 'quality']],
  ] as const)('offers a %s the uses %j', async (role, uses) => {
    await renderPage(role, fakeData().data);
    expect(useChoices()).toEqual(uses);
  });

  it('shows the live count of the matching images, counted again when a filter changes', async () => {
    const { data, calls } = fakeData({ count: (_use, _subject, filter) => (filter.modalities?.includes('CR') ? 1 : 42) });
    await renderPage('radiographer', data);
    expect(countText()).toBe('42 images match');
    expect(calls.count.at(-1)).toEqual([
      'self',
      'p-petra',
      { operator_person_id: 'p-petra', exclude_evaluated: true, spread_over_procedures: false },
    ]);
    fireEvent.click(within(startSection()).getByLabelText('CR'));
    await waitFor(() => expect(countText()).toBe('1 image matchesOnly 1 image matches: the sample will hold 1 instead of 20.'));
    expect(calls.count.at(-1)![2]).toMatchObject({ modalities: ['CR'] });
  });

  it('says clearly when nothing matches, and does not start', async () => {
    const { data, calls } = fakeData({ count: () => 0 });
    await renderPage('radiographer', data);
    expect(countText()).toContain('0 images match');
    expect(countText()).toContain('No images match these filters.');
    const start = within(startSection()).getByRole('button', { name: 'Start evaluation' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    fireEvent.click(start);
    expect(calls.start).toEqual([]);
  });

  it('says when fewer images match than the sample asks for', async () => {
    await renderPage('radiographer', fakeData({ count: () => 5 }).data);
    expect(countText()).toContain('Only 5 images match: the sample will hold 5 instead of 20.');
  });

  it('starts a quality analysis with the filter chosen, then opens it', async () => {
    const { data, calls } = fakeData();
    await renderPage('quality_officer', data);
    const section = within(startSection());
    fireEvent.click(section.getByLabelText('Quality analysis', { exact: false }));
    fireEvent.change(section.getByLabelText('Group'), { target: { value: 'band:2-5' } });
    fireEvent.click(section.getByLabelText('Chest'));
    fireEvent.click(section.getByLabelText('DX'));
    fireEvent.click(section.getByLabelText('Kamer 1'));
    fireEvent.change(section.getByLabelText('From'), { target: { value: '2026-01-01' } });
    fireEvent.change(section.getByLabelText('To'), { target: { value: '2026-06-30' } });
    fireEvent.change(section.getByLabelText('Sample size'), { target: { value: '10' } });
    fireEvent.click(section.getByLabelText(/Blind/));
    fireEvent.click(section.getByLabelText('Leave out images already evaluated'));
    fireEvent.click(section.getByLabelText('Spread over procedures'));
    await waitFor(() => expect(countText()).toBe('42 images match'));
    expect((section.getByLabelText('Name') as HTMLInputElement).value).toBe('Quality analysis 28 Nov 2026');
    await act(async () => {
      fireEvent.click(section.getByRole('button', { name: 'Start evaluation' }));
    });
    const expected: EvaluationFilter = {
      group: { kind: 'service_years', band: '2-5' },
      procedure_ids: ['pr-thorax'],
      modalities: ['DX'],
      station_ids: ['st-1'],
      from: '2026-01-01',
      to: '2026-06-30',
      exclude_evaluated: false,
      spread_over_procedures: true,
    };
    expect(calls.start).toEqual([
      { use: 'quality', name: 'Quality analysis 28 Nov 2026', subjectPersonId: null, filter: expected, sampleSize: 10, blind: true },
    ]);
    expect(calls.count.at(-1)).toEqual(['quality', null, expected]);
    expect(calls.open).toEqual([['e-new', undefined]]);
  });

  it('needs a colleague for peer review, never offers oneself, and reviews that colleague', async () => {
    const { data, calls } = fakeData({ count: () => 50 });
    await renderPage('reviewer', data);
    const section = within(startSection());
    fireEvent.click(section.getByLabelText('Peer review', { exact: false }));
    await act(async () => undefined);
    expect(countText()).toBe('Choose the colleague whose images you review.');
    expect((section.getByRole('button', { name: 'Start evaluation' }) as HTMLButtonElement).disabled).toBe(true);
    const colleague = section.getByLabelText('Colleague') as HTMLSelectElement;
    expect([...colleague.options].map((o) => o.textContent)).toEqual(['Choose a colleague…', 'Daan Smit', 'Anna de Vries']);
    fireEvent.change(colleague, { target: { value: 'p-daan' } });
    await waitFor(() => expect(countText()).toBe('50 images match'));
    expect((section.getByLabelText('Name') as HTMLInputElement).value).toBe('Peer review – Daan Smit 28 Nov 2026');
    await act(async () => {
      fireEvent.click(section.getByRole('button', { name: 'Start evaluation' }));
    });
    expect(calls.start[0]).toMatchObject({
      use: 'peer',
      subjectPersonId: 'p-daan',
      filter: { operator_person_id: 'p-daan' },
      sampleSize: 20,
      blind: false,
    });
  });

  it('says how many were drawn when fewer than asked, and opens on request', async () => {
    const { data, calls } = fakeData({ count: () => 42 });
    await renderPage('radiographer', data);
    const section = within(startSection());
    fireEvent.change(section.getByLabelText('Sample size'), { target: { value: '50' } });
    await waitFor(() => expect(countText()).toContain('Only 42 images match'));
    await act(async () => {
      fireEvent.click(section.getByRole('button', { name: 'Start evaluation' }));
    });
    expect(startSection().querySelector('.iqs-start-result')?.textContent).toContain('Evaluation started: 42 of 50 images drawn.');
    expect(calls.open).toEqual([]);
    fireEvent.click(section.getByRole('button', { name: 'Begin scoring' }));
    expect(calls.open).toEqual([['e-new', undefined]]);
  });

  it('lists my evaluations: continues an open one, shows a closed one with its summary, which links to its own page for CSV and print', async () => {
    const { data, calls } = fakeData({
      evaluations: [
        {
          id: 'e-closed',
          name: 'Zelfevaluatie januari',
          use: 'self',
          status: 'closed',
          created_at: '2026-01-10T09:00:00Z',
          closed_at: '2026-01-20T09:00:00Z',
          items: 10,
          scored: 10,
          skipped: 0,
          subject_name: null,
        },
        {
          id: 'e-open',
          name: 'Toetsing Daan',
          use: 'peer',
          status: 'open',
          created_at: '2026-11-01T09:00:00Z',
          closed_at: null,
          items: 20,
          scored: 6,
          skipped: 1,
          subject_name: 'Daan Smit',
        },
      ],
    });
    await renderPage('reviewer', data);
    const mine = within(document.querySelector<HTMLElement>('[data-iqs-section="mine"]')!);
    const open = document.querySelector<HTMLElement>('[data-iqs-evaluation="e-open"]')!;
    expect(open.textContent).toContain('Toetsing Daan');
    expect(open.textContent).toContain('Peer review of Daan Smit · 7/20 done · started 1 Nov 2026');
    fireEvent.click(within(open).getByRole('button', { name: 'Continue' }));
    expect(calls.open).toEqual([['e-open', undefined]]);
    await act(async () => {
      fireEvent.click(mine.getByRole('button', { name: 'Summary' }));
    });
    const closed = document.querySelector<HTMLElement>('[data-iqs-evaluation="e-closed"]')!;
    expect(closed.textContent).toContain('closed 20 Jan 2026');
    expect(closed.querySelector('[data-iqs-panel="summary"]')).not.toBeNull();
    expect(closed.textContent).toContain('10 of 10 images scored, 0 skipped');
    // one CSV and one print per evaluation, on its own page: none here
    expect(within(closed).queryByRole('button', { name: /csv|print/i })).toBeNull();
    const full = within(closed).getByRole('link', { name: 'Open full summary (CSV, print)' });
    expect(full.getAttribute('href')).toBe('/iqs?summary=e-closed');
    fireEvent.click(full);
    expect(window.location.pathname + window.location.search).toBe('/iqs?summary=e-closed');
    window.history.replaceState({}, '', '/');
    expect(calls.exports).toEqual([]);
  });

  it('shows a radiographer "my results" by criterion, procedure, modality and room, as a chart and a table', async () => {
    const { data, calls } = fakeData();
    await renderPage('radiographer', data);
    const section = document.querySelector<HTMLElement>('[data-iqs-section="my-results"]')!;
    expect(section.querySelector('h2')?.textContent).toBe('My results');
    const dimension = within(section).getByLabelText('By') as HTMLSelectElement;
    expect([...dimension.options].map((o) => o.value)).toEqual(['criterion', 'procedure', 'modality', 'room']);
    expect(calls.statistics[0]).toEqual(['criterion', 'quarter', { use: null, from: null, to: null }]);
    // by criterion, per quarter: collimation 8/10 then 6/9; exposure 10/10
    const collimation = section.querySelector<HTMLElement>('tr[data-iqs-group="collimation"]')!;
    expect([...collimation.children].map((c) => c.textContent)).toEqual([
      'Collimation',
      '80% 10 answers',
      '67% 9 answers',
      '74% 19 answers',
    ]);
    expect(charts.at(-1)).toEqual({
      kind: 'line',
      labels: ['Q1 2026', 'Q2 2026'],
      series: [
        { label: 'Collimation', values: [80, 66.7] },
        { label: 'Exposure', values: [100, null] },
      ],
      valueLabel: 'Share met (%)',
    });
    fireEvent.change(dimension, { target: { value: 'procedure' } });
    await act(async () => undefined);
    expect(calls.statistics.at(-1)).toEqual(['procedure', 'quarter', { use: null, from: null, to: null }]);
    // one name per thing: the procedure by its name in the reader's language, as on every page (the database's label is Dutch)
    const thorax = section.querySelector<HTMLElement>('tr[data-iqs-group="pr-thorax"]')!;
    expect([...thorax.children].map((c) => c.textContent)).toEqual(['Chest', '90% 20 answers', '25% 4 answers', '79% 24 answers']);
    // one criterion only
    fireEvent.change(within(section).getByLabelText('Criterion'), { target: { value: 'collimation' } });
    expect([...section.querySelector<HTMLElement>('tr[data-iqs-group="pr-thorax"]')!.children].map((c) => c.textContent)).toEqual([
      'Chest',
      '80% 10 answers',
      '25% 4 answers',
      '64% 14 answers',
    ]);
  });

  it('shows a quality officer "quality analysis" with every dimension, and sends the period and kind chosen', async () => {
    const { data, calls } = fakeData();
    await renderPage('quality_officer', data, { language: 'nl' });
    const section = document.querySelector<HTMLElement>('[data-iqs-section="quality-analysis"]')!;
    expect(section.querySelector('h2')?.textContent).toBe('Kwaliteitsanalyse');
    const dimension = within(section).getByLabelText('Per') as HTMLSelectElement;
    expect([...dimension.options].map((o) => o.textContent)).toEqual([
      'Criterium',
      "MBB'er",
      'Onderzoek',
      'Modaliteit',
      'Opnamekamer',
      'Groep',
    ]);
    fireEvent.change(within(section).getByLabelText('Periode'), { target: { value: 'all' } });
    fireEvent.change(within(section).getByLabelText('Soort'), { target: { value: 'peer' } });
    await act(async () => undefined);
    expect(calls.statistics.at(-1)).toEqual(['criterion', 'all', { use: 'peer', from: null, to: null }]);
  });

  it('says so when IQS runs without its server', async () => {
    await renderPage('radiographer', null);
    expect(screen.getByText(/Evaluations are not available here/)).toBeTruthy();
  });
});
