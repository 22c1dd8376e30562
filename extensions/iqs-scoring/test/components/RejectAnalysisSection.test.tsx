import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { RejectAnalysisRow, RejectDimension, RejectExposureRow, RejectFilter, RejectImage, RejectPeriod } from '@iqs/domain';
import { createTranslator } from '../../src/i18n/translator';
import { RejectAnalysisSection } from '../../src/pages/RejectAnalysisSection';
import type { ChartRenderer, ChartSpec } from '../../src/pages/statistics';
import type { IqsPageData } from '../../src/ports';
import { fakeRejectData, image, row } from './rejectAnalysisFixtures';

type Role = 'radiographer' | 'reviewer' | 'quality_officer' | 'admin';

const charts: ChartSpec[] = [];
const fakeChart: ChartRenderer = (_canvas, spec) => {
  charts.push(spec);
  return { update: (next) => void charts.push(next), destroy: () => undefined };
};

/** By room, per month: Kamer 1 above the investigation level in March, Kamer 2 below it. */
const roomRows: RejectAnalysisRow[] = [
  row({
    period_start: '2026-03-01',
    period_label: '2026-03',
    key: 'RAD-KAMER1',
    label: 'Kamer 1',
    rejected: 12,
    total: 80,
    reject_rate: 0.15,
    without_reason: 3,
    reasons: { positioning: 6, marker: 2, motion: 1 },
    wasted_dap_gy_cm2: 1.234,
    flag: 'above_investigation',
  }),
  row({
    period_start: '2026-03-01',
    period_label: '2026-03',
    key: 'RAD-KAMER2',
    label: 'Kamer 2',
    rejected: 2,
    total: 50,
    reject_rate: 0.04,
    without_reason: 0,
    reasons: { under_exposure: 2 },
    wasted_dap_gy_cm2: 0.2,
    flag: 'below_investigation',
  }),
  row({
    period_start: '2026-04-01',
    period_label: '2026-04',
    key: 'RAD-KAMER1',
    label: 'Kamer 1',
    rejected: 8,
    total: 90,
    reject_rate: 8 / 90,
    without_reason: 1,
    reasons: { positioning: 7 },
    wasted_dap_gy_cm2: 0.9,
    flag: 'above_target',
  }),
];

const exposureRows: RejectExposureRow[] = [
  {
    room_key: 'RAD-KAMER1',
    room_label: 'Kamer 1',
    reason_code: null,
    rejected: 20,
    median_di_rejected: -1.5,
    accepted: 150,
    median_di_accepted: 0.2,
  },
  {
    room_key: 'RAD-KAMER1',
    room_label: 'Kamer 1',
    reason_code: 'under_exposure',
    rejected: 4,
    median_di_rejected: -2.6,
    accepted: 150,
    median_di_accepted: 0.2,
  },
];

function pageData(
  options: {
    analysis?: (dimension: RejectDimension, period: RejectPeriod, filter: RejectFilter) => RejectAnalysisRow[];
    images?: (filter: RejectFilter, rejectedOnly: boolean) => RejectImage[];
  } = {},
) {
  const reject = fakeRejectData({
    analysis: options.analysis ?? ((dimension) => (dimension === 'view' ? [row({ key: 'AP' }), row({ key: 'PA' })] : roomRows)),
    images: options.images,
    exposure: exposureRows,
  });
  const data: IqsPageData = {
    ...reject.data,
    listPeople: async () => [
      { id: 'p-petra', display_name: 'Petra Jansen', role: 'radiographer' },
      { id: 'p-daan', display_name: 'Daan Smit', role: 'radiographer' },
    ],
    listProcedures: async () => [
      { id: 'pr-knie', code: 'knie', name_nl: 'Knie', name_en: 'Knee', modality: 'DX' },
      { id: 'pr-mammo', code: 'mammo', name_nl: 'Mammografie', name_en: 'Mammography', modality: 'MG' },
    ],
    listStations: async () => [
      { id: 'st-1', station_name: 'RAD-KAMER1', display_name: 'Kamer 1', modality: 'DX' },
      { id: 'st-2', station_name: 'RAD-KAMER2', display_name: 'Kamer 2', modality: 'DX' },
      { id: 'st-4', station_name: 'CR-KAMER4', display_name: null, modality: 'CR' },
    ],
    listGroups: async () => [{ id: 'g-nacht', name: 'Nachtdienst' }],
    countCandidates: async () => 0,
    startEvaluation: async () => ({ evaluationId: 'e', requested: 0, drawn: 0, available: 0 }),
    listMyEvaluations: async () => [],
    evaluationSummary: async () => {
      throw new Error('not used');
    },
    recordExport: async () => undefined,
    statistics: async () => [],
    openEvaluation: () => undefined,
  };
  return { data, calls: reject.calls };
}

const settle = async (): Promise<void> => {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
};

async function renderSection(
  role: Role,
  data: IqsPageData,
  extra: { onDownload?: (name: string, text: string) => void; onPrint?: () => void; language?: 'en' | 'nl' } = {},
) {
  const utils = render(
    <RejectAnalysisSection
      data={data}
      role={role}
      translator={createTranslator(extra.language ?? 'en')}
      chartRenderer={fakeChart}
      onDownload={extra.onDownload ?? (() => undefined)}
      onPrint={extra.onPrint ?? (() => undefined)}
      today="2026-12-04"
    />,
  );
  await settle();
  return utils;
}

const section = (): HTMLElement => document.querySelector<HTMLElement>('[data-cy="reject-analysis"]')!;
const tableRows = (): HTMLElement[] => [...section().querySelectorAll<HTMLElement>('[data-cy="reject-row"]')];
const rowFacts = (): Array<[string, string, string, string, string]> =>
  tableRows().map((tr) => [tr.dataset['scope']!, tr.dataset['period']!, tr.dataset['key']!, tr.dataset['rejected']!, tr.dataset['total']!]);
const select = async (cy: string, value: string): Promise<void> => {
  fireEvent.change(section().querySelector(`[data-cy="${cy}"]`)!, { target: { value } });
  await settle();
};
const check = async (filter: string, label: string): Promise<void> => {
  const box = within(section().querySelector<HTMLElement>(`[data-cy="reject-filter-${filter}"]`)!).getByLabelText(label);
  fireEvent.click(box);
  await settle();
};

describe('RejectAnalysisSection', () => {
  beforeEach(() => {
    charts.length = 0;
  });

  it('sends the dimension, period and every filter chosen to the analysis and the exposure', async () => {
    const { data, calls } = pageData();
    await renderSection('quality_officer', data);
    expect(calls.analysis[0]).toEqual(['view', 'all', { include_mammography: true }]);
    expect(calls.analysis.at(-1)).toEqual(['all', 'month', { include_mammography: false }]);

    await select('reject-dimension', 'room');
    await select('reject-period', 'quarter');
    await check('procedures', 'Knee');
    await check('views', 'PA');
    await check('modalities', 'CR');
    await check('rooms', 'Kamer 1');
    await check('radiographers', 'Daan Smit');
    await select('reject-filter-group', 'band:2-5');
    await check('age-bands', 'Child (under 16)');
    await check('reasons', 'Motion');
    await select('reject-from', '2026-01-01');
    await select('reject-to', '2026-06-30');
    fireEvent.click(section().querySelector('[data-cy="reject-filter-mammography"]')!);
    await settle();

    const expected: RejectFilter = {
      procedures: ['knie'],
      views: ['PA'],
      modalities: ['CR'],
      rooms: ['RAD-KAMER1'],
      radiographers: ['p-daan'],
      group: { kind: 'service_years', band: '2-5' },
      age_bands: ['child'],
      reasons: ['motion'],
      date_from: '2026-01-01',
      date_to: '2026-06-30',
      include_mammography: true,
    };
    expect(calls.analysis.at(-1)).toEqual(['room', 'quarter', expected]);
    expect(calls.exposure.at(-1)).toEqual(expected);
    // mammography procedures are offered once mammography is included; test/QC is no reason to filter on
    expect(
      within(section().querySelector<HTMLElement>('[data-cy="reject-filter-procedures"]')!).getByLabelText('Mammography'),
    ).toBeTruthy();
    expect(
      within(section().querySelector<HTMLElement>('[data-cy="reject-filter-reasons"]')!).queryByLabelText('Test or QC image'),
    ).toBeNull();
    expect(section().querySelector('[data-cy="reject-selection"]')!.textContent).toContain('Kamer 1');
  });

  it('shows each row with its key and counts, the rate, the share without reason, the wasted DAP and its flag', async () => {
    const { data } = pageData();
    await renderSection('quality_officer', data);
    await select('reject-dimension', 'room');
    // what the rows answer, for a test that waits for them
    expect([section().dataset['dimension'], section().dataset['period'], section().dataset['status']]).toEqual(['room', 'month', 'done']);
    expect(rowFacts()).toEqual([
      ['department', '2026-03', 'RAD-KAMER1', '12', '80'],
      ['department', '2026-03', 'RAD-KAMER2', '2', '50'],
      ['department', '2026-04', 'RAD-KAMER1', '8', '90'],
    ]);
    const [first, second, third] = tableRows();
    expect(within(first!).getByText('15.0%')).toBeTruthy();
    expect(first!.querySelector('[data-cy="reject-cell-dap"]')!.textContent).toBe('1.23');
    expect(first!.textContent).toContain('3 (25.0%)');
    expect(first!.querySelector('[data-cy="reject-flag"]')!.textContent).toBe('▲ above investigation level');
    expect(second!.querySelector('[data-cy="reject-flag"]')!.textContent).toBe('▼ below investigation level');
    expect(third!.querySelector('[data-cy="reject-flag"]')!.textContent).toBe('△ above target');
    expect(first!.textContent).toContain('Mar 2026');
    // no scope column for a quality officer: every row is the department's
    expect(screen.queryByRole('columnheader', { name: 'Whose' })).toBeNull();
    expect(section().querySelector('[data-cy="reject-thresholds"]')!.textContent).toContain(
      'target 8.0%, investigate above 10.0% and below 5.0%. Defaults from AAPM TG-151, unconfirmed guidance',
    );
  });

  it('draws the trend per room with the target and investigation thresholds as lines', async () => {
    const { data } = pageData();
    await renderSection('quality_officer', data);
    await select('reject-dimension', 'room');
    const trend = charts.filter((spec) => spec.kind === 'line').at(-1)!;
    expect(trend.labels).toEqual(['Mar 2026', 'Apr 2026']);
    expect(trend.series.map((s) => [s.label, s.values])).toEqual([
      ['Kamer 1', [15, 8.9]],
      ['Kamer 2', [4, null]],
      ['Investigate above 10.0%', [10, 10]],
      ['Target 8.0%', [8, 8]],
      ['Investigate below 5.0%', [5, 5]],
    ]);
    expect(trend.series.slice(2).every((s) => s.reference)).toBe(true);
    expect(trend.max).toBe(20);

    // the whole period: a bar per room, the thresholds across
    await select('reject-period', 'all');
    expect(section().querySelector('[data-cy="reject-trend"]')!.getAttribute('data-kind')).toBe('bar');
  });

  it('shows the reasons as a Pareto per reason and per category, for the selection or one row', async () => {
    const { data } = pageData();
    await renderSection('quality_officer', data);
    await select('reject-dimension', 'room');
    const pareto = (): HTMLElement => section().querySelector<HTMLElement>('[data-cy="reject-pareto"]')!;
    const reasons = (): Array<[string, string, string]> =>
      [...pareto().querySelectorAll<HTMLElement>('[data-cy="reject-pareto-reason"]')].map((tr) => [
        tr.dataset['key']!,
        tr.dataset['count']!,
        tr.querySelectorAll('td')[2]!.textContent!,
      ]);
    // 13 positioning, 2 marker, 1 motion, 2 under-exposure: 18 with a reason
    expect(reasons()).toEqual([
      ['positioning', '13', '72.2%'],
      ['marker', '2', '11.1%'],
      ['under_exposure', '2', '11.1%'],
      ['motion', '1', '5.6%'],
    ]);
    const categories = [...pareto().querySelectorAll<HTMLElement>('[data-cy="reject-pareto-category"]')].map((tr) => [
      tr.dataset['key'],
      tr.dataset['count'],
    ]);
    expect(categories).toEqual([
      ['positioning', '15'],
      ['exposure', '2'],
      ['motion', '1'],
    ]);
    expect(pareto().dataset['withoutReason']).toBe('4');
    expect(section().querySelector('[data-cy="reject-completeness"]')!.textContent).toBe(
      'Data completeness: 81.8% of the rejected images have a reason (4 of 22 without).',
    );
    const paretoSpec = charts.filter((spec) => spec.kind === 'bar').at(-1)!;
    expect(paretoSpec.series.map((s) => s.kind ?? 'bar')).toEqual(['bar', 'line']);
    expect(paretoSpec.series[1]!.values.at(-1)).toBe(100);

    // one row: Kamer 2 in March
    fireEvent.click(within(tableRows()[1]!).getByRole('button', { name: 'Kamer 2' }));
    await settle();
    expect(reasons()).toEqual([['under_exposure', '2', '100.0%']]);
    fireEvent.click(within(pareto()).getByRole('button', { name: 'Back to the whole selection' }));
    expect(reasons()).toHaveLength(4);
  });

  it('drills down from a figure to its images (the row key and its period), each opening in the viewer', async () => {
    const { data, calls } = pageData({
      images: (_filter, rejectedOnly) =>
        rejectedOnly
          ? [
              image({ image_id: 'a', sop_instance_uid: '1.2.3.10' }),
              image({
                image_id: 'b',
                sop_instance_uid: '1.2.3.11',
                reason_code: null,
                reason_en: null,
                reason_nl: null,
                reason_source: null,
              }),
            ]
          : [image({ image_id: 'a' }), image({ image_id: 'c', rejected: false, reason_code: null })],
    });
    await renderSection('quality_officer', data);
    await select('reject-dimension', 'room');
    await select('reject-from', '2026-03-10');

    fireEvent.click(tableRows()[0]!.querySelector('[data-cy="reject-cell-rejected"]')!);
    await settle();
    expect(calls.images.at(-1)).toEqual([
      { include_mammography: false, date_from: '2026-03-10', date_to: '2026-03-31', rooms: ['RAD-KAMER1'] },
      { rejectedOnly: true, maxRows: 500 },
    ]);
    const drill = (): HTMLElement => section().querySelector<HTMLElement>('[data-cy="reject-drill"]')!;
    expect(drill().dataset['count']).toBe('2');
    expect(drill().textContent).toContain('Images: Kamer 1 · Mar 2026');
    expect(drill().textContent).toContain('Positioning (given by a person)');
    expect(drill().textContent).toContain('no reason');

    fireEvent.click(drill().querySelectorAll<HTMLElement>('[data-cy="reject-image-open"]')[0]!);
    expect(calls.opened).toEqual([{ ...image({ image_id: 'a', sop_instance_uid: '1.2.3.10' }) }]);

    // the total: every image of the row, rejected or not
    fireEvent.click(tableRows()[0]!.querySelector('[data-cy="reject-cell-total"]')!);
    await settle();
    expect(calls.images.at(-1)![1]).toEqual({ rejectedOnly: false, maxRows: 500 });
    expect(drill().dataset['kind']).toBe('total');
    expect(drill().textContent).toContain('Accepted');

    // without reason: the rejected images that have none
    fireEvent.click(tableRows()[0]!.querySelector('[data-cy="reject-cell-without-reason"]')!);
    await settle();
    expect(drill().dataset['count']).toBe('1');
    expect(drill().querySelector<HTMLElement>('[data-cy="reject-image"]')!.dataset['sopInstanceUid']).toBe('1.2.3.11');

    // from the exposure table: the room and the reason
    fireEvent.click(section().querySelectorAll<HTMLElement>('[data-cy="reject-exposure-drill"]')[1]!);
    await settle();
    expect(calls.images.at(-1)![0]).toEqual({
      include_mammography: false,
      date_from: '2026-03-10',
      rooms: ['RAD-KAMER1'],
      reasons: ['under_exposure'],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Close the list' }));
    expect(section().querySelector('[data-cy="reject-drill"]')).toBeNull();
  });

  it('shows the exposure of rejected and accepted images per room and reason', async () => {
    const { data } = pageData();
    await renderSection('quality_officer', data);
    const exposure = [...section().querySelectorAll<HTMLElement>('[data-cy="reject-exposure-row"]')].map((tr) => [
      tr.dataset['room'],
      tr.dataset['reason'],
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    ]);
    expect(exposure).toEqual([
      ['RAD-KAMER1', '', ['All rejects', '20', '-1.5', '150', '+0.2', '-1.7']],
      ['RAD-KAMER1', 'under_exposure', ['Under-exposure', '4', '-2.6', '150', '+0.2', '-2.8']],
    ]);
  });

  it('exports the table as CSV and prints the section alone', async () => {
    const downloads: Array<[string, string]> = [];
    let printedWith: boolean | null = null;
    const { data } = pageData();
    await renderSection('quality_officer', data, {
      onDownload: (name, text) => downloads.push([name, text]),
      onPrint: () => {
        printedWith = document.documentElement.classList.contains('iqs-print-rejects');
      },
    });
    await select('reject-dimension', 'room');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(downloads).toHaveLength(1);
    const [name, text] = downloads[0]!;
    expect(name).toBe('iqs-rejects-room-month-2026-12-04.csv');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'scope,by,key,label,period,period_start,rejected,total,reject_rate,without_reason,without_reason_share,wasted_dap_gy_cm2,flag,reasons',
    );
    expect(lines.slice(1)).toEqual([
      'department,room,RAD-KAMER1,Kamer 1,2026-03,2026-03-01,12,80,0.15,3,0.25,1.234,above_investigation,positioning=6 marker=2 motion=1',
      'department,room,RAD-KAMER2,Kamer 2,2026-03,2026-03-01,2,50,0.04,0,0,0.2,below_investigation,under_exposure=2',
      'department,room,RAD-KAMER1,Kamer 1,2026-04,2026-04-01,8,90,0.0889,1,0.125,0.9,above_target,positioning=7',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(printedWith).toBe(true);
  });

  it("shows a radiographer their own rows next to the department's, drills only into their own, and offers no colleague filters", async () => {
    const own = (over: Partial<RejectAnalysisRow>) => row({ scope: 'own', ...over });
    const { data, calls } = pageData({
      analysis: (dimension) =>
        dimension === 'radiographer'
          ? [
              own({ key: 'p-petra', label: 'Petra Jansen', rejected: 3, total: 20, reject_rate: 0.15, flag: 'above_investigation' }),
              row({ key: null, label: null, rejected: 30, total: 400, reject_rate: 0.075 }),
            ]
          : dimension === 'room'
            ? [
                row({ key: 'RAD-KAMER1', label: 'Kamer 1', rejected: 20, total: 200, reject_rate: 0.1, reasons: { positioning: 20 } }),
                own({ key: 'RAD-KAMER1', label: 'Kamer 1', rejected: 2, total: 25, reject_rate: 0.08, reasons: { motion: 2 } }),
              ]
            : [],
      images: () => [image({})],
    });
    await renderSection('radiographer', data);
    expect(section().querySelector('[data-cy="reject-filter-radiographers"]')).toBeNull();
    expect(section().querySelector('[data-cy="reject-filter-group"]')).toBeNull();

    await select('reject-dimension', 'room');
    await select('reject-period', 'all');
    // own right above the department's for the same room
    expect(rowFacts()).toEqual([
      ['own', 'all', 'RAD-KAMER1', '2', '25'],
      ['department', 'all', 'RAD-KAMER1', '20', '200'],
    ]);
    expect(tableRows().map((tr) => tr.querySelector('td')!.textContent)).toEqual(['Mine', 'Department']);
    expect(screen.getByText(/colleagues’ figures are never shown by name/)).toBeTruthy();
    // the department's figures are not a way to colleagues' images (nor is the exposure table, the department's)
    expect(tableRows()[1]!.querySelector('button[data-cy="reject-cell-rejected"]')).toBeNull();
    expect(section().querySelector('[data-cy="reject-exposure-drill"]')).toBeNull();
    expect(section().querySelector('[data-cy="reject-exposure"]')!.textContent).toContain('These are the department’s figures.');
    fireEvent.click(tableRows()[0]!.querySelector('button[data-cy="reject-cell-rejected"]')!);
    await settle();
    expect(calls.images.at(-1)![0]).toEqual({ include_mammography: false, rooms: ['RAD-KAMER1'] });
    // the Pareto is of their own rejects first, the department's on request
    const paretoKeys = (): string[] =>
      [...section().querySelectorAll<HTMLElement>('[data-cy="reject-pareto-reason"]')].map((tr) => tr.dataset['key']!);
    expect(paretoKeys()).toEqual(['motion']);
    await select('reject-pareto-scope', 'department');
    expect(paretoKeys()).toEqual(['positioning']);

    await select('reject-dimension', 'radiographer');
    expect(rowFacts()).toEqual([
      ['own', 'all', 'p-petra', '3', '20'],
      ['department', 'all', '', '30', '400'],
    ]);
    expect(tableRows()[1]!.querySelector('th')!.textContent).toBe('Department (everyone)');
    expect(section().textContent).not.toContain('Daan');
  });

  it('speaks Dutch', async () => {
    const { data } = pageData();
    await renderSection('quality_officer', data, { language: 'nl' });
    await select('reject-dimension', 'room');
    expect(screen.getByRole('heading', { name: 'Afkeuranalyse' })).toBeTruthy();
    expect(tableRows()[0]!.querySelector('[data-cy="reject-flag"]')!.textContent).toBe('▲ boven onderzoeksgrens');
    expect(within(tableRows()[0]!).getByText('15,0%')).toBeTruthy();
    expect(tableRows()[0]!.textContent).toContain('mrt 2026');
  });

  it('says so when the analysis cannot be loaded', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined); // the views chooser logs its failure
    const { data } = pageData({
      analysis: () => {
        throw new Error('filter.reasons: no reject reason with the code(s) {x}');
      },
    });
    await renderSection('quality_officer', data);
    expect(within(section()).getByRole('alert').textContent).toContain('no reject reason');
    quiet.mockRestore();
  });
});
