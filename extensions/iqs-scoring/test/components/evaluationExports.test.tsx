/**
 * Issue 14, part E in the page's components: the start form checks its dates itself (a clear message, no count asked
 * of the database) and offers quality officers a peer review; the summary's own page (/iqs?summary=…) shows the
 * summary wide, downloads the CSV of one row per image and criterion, prints the sheet with its header; the
 * evaluator is left off the sheet of a blind evaluation still open; names are the one name display.ts gives.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { EvaluationFilter, EvaluationSummary, EvaluationUse } from '@iqs/domain';
import { createTranslator } from '../../src/i18n/translator';
import { EvaluationSummaryPage, readSummaryQuery, summaryAddress } from '../../src/pages/EvaluationSummaryPage';
import { dateProblem, StartEvaluationSection, usesForRole } from '../../src/pages/StartEvaluationSection';
import type { EvaluationAnswerRow, EvaluationSheetData, IqsPageData } from '../../src/ports';
import { bandName, countOf, procedureName, roomName } from '../../src/ui/display';
import { fakeRejectData } from './rejectAnalysisFixtures';

const summary: EvaluationSummary = {
  evaluation_id: '11111111-2222-4333-8444-555555555555',
  items: 2,
  scored: 2,
  skipped: 0,
  compared_with: null,
  criteria: [
    {
      criterion_code: 'collimation',
      label_nl: 'Collimatie',
      label_en: 'Collimation',
      position: 1,
      kind: 'yes_no_na',
      answered: 2,
      met: 1,
      not_applicable: 0,
      share_met: 0.5,
      previous_share_met: null,
      previous_answered: 0,
    },
  ],
  grade_criteria: [],
  faults: [
    {
      item_id: 'it-2',
      position: 2,
      image_id: 'im-2',
      study_instance_uid: 'st2',
      series_instance_uid: 'se2',
      sop_instance_uid: 'sop2',
      criteria: ['collimation'],
      grade: null,
    },
  ],
};

const answerRow = (over: Partial<EvaluationAnswerRow>): EvaluationAnswerRow => ({
  item_id: 'it-1',
  item_position: 1,
  item_state: 'scored',
  study_date: '2026-03-02',
  modality: 'DX',
  view_position: 'PA',
  procedure_code: 'thorax',
  procedure_name_nl: 'X-Thorax',
  procedure_name_en: 'Chest X-ray',
  room: 'Kamer 1',
  criterion_code: 'collimation',
  criterion_position: 1,
  criterion_kind: 'yes_no_na',
  criterion_label_nl: 'Collimatie',
  criterion_label_en: 'Collimation',
  value: 'yes',
  answer_label_nl: null,
  answer_label_en: null,
  met: true,
  remark: null,
  ...over,
});

const sheet = (over: Partial<EvaluationSheetData> = {}): EvaluationSheetData => ({
  id: summary.evaluation_id,
  name: 'Peer review – Petra Jansen',
  use: 'peer',
  status: 'closed',
  blind: false,
  siteName: 'Demo-ziekenhuis',
  evaluatorName: 'Fatima Mulder',
  from: '2026-03-01',
  to: '2026-03-31',
  rows: [
    answerRow({}),
    answerRow({
      item_id: 'it-2',
      item_position: 2,
      value: 'no',
      met: false,
      remark: 'lateral edge cut off',
      room: 'Kamer 3 (CR)',
      study_date: '2026-03-05',
    }),
  ],
  ...over,
});

function fakeData(options: { sheet?: EvaluationSheetData; count?: () => number } = {}) {
  const calls = { count: [] as Array<[EvaluationUse, string | null, EvaluationFilter]>, exports: [] as string[] };
  const data: IqsPageData = {
    ...fakeRejectData().data,
    listPeople: async () => [
      { id: 'p-fatima', display_name: 'Fatima Mulder', role: 'quality_officer' },
      { id: 'p-petra', display_name: 'Petra Jansen', role: 'radiographer' },
    ],
    listProcedures: async () => [{ id: 'pr-thorax', code: 'thorax', name_nl: 'X-Thorax', name_en: 'Chest X-ray', modality: null }],
    listStations: async () => [
      { id: 'st-1', station_name: 'RAD-KAMER1', display_name: 'Kamer 1', modality: 'DX' },
      { id: 'st-3', station_name: 'RAD-KAMER3', display_name: 'Kamer 3 (CR)', modality: 'CR' },
    ],
    listGroups: async () => [],
    countCandidates: async (use, subject, filter) => {
      calls.count.push([use, subject, filter]);
      return options.count?.() ?? 12;
    },
    startEvaluation: async (request) => ({ evaluationId: 'e-new', requested: request.sampleSize, drawn: 0, available: 0 }),
    listMyEvaluations: async () => [],
    evaluationSummary: async () => summary,
    recordExport: async (_id, format) => {
      calls.exports.push(format);
    },
    statistics: async () => [],
    openEvaluation: () => undefined,
    evaluationSheet: async () => options.sheet ?? sheet(),
  };
  return { data, calls };
}

const settle = () =>
  act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
  });

describe('one name per thing (ui/display.ts)', () => {
  const en = createTranslator('en');
  const nl = createTranslator('nl');
  it('names a procedure in the reader’s language, a room by its given name, a group by what its band means', () => {
    const chest = { code: 'thorax', name_nl: 'X-Thorax', name_en: 'Chest X-ray' };
    expect([procedureName('en', chest), procedureName('nl', chest), procedureName('en', { code: 'x', name_nl: '', name_en: '' })]).toEqual([
      'Chest X-ray',
      'X-Thorax',
      'x',
    ]);
    expect([
      roomName({ display_name: 'Kamer 1', station_name: 'RAD-KAMER1' }),
      roomName({ display_name: null, station_name: 'CT1' }),
    ]).toEqual(['Kamer 1', 'CT1']);
    expect([bandName(en, '10+'), bandName(nl, '2-5'), bandName(en, 'Nachtdienst')]).toEqual([
      '10 years or more of service',
      '2–5 jaar in dienst',
      'Nachtdienst',
    ]);
  });
  it('says what a count counts', () => {
    expect([countOf(en, 'images', 12), countOf(en, 'answers', 1), countOf(nl, 'answers', 3), countOf(nl, 'images', 1)]).toEqual([
      '12 images',
      '1 answer',
      '3 antwoorden',
      '1 beeld',
    ]);
  });
});

describe('the start form', () => {
  it('offers each role the kinds the README gives it: a quality officer also a peer review', () => {
    expect(usesForRole('radiographer')).toEqual(['self']);
    expect(usesForRole('reviewer')).toEqual(['self', 'peer']);
    expect(usesForRole('quality_officer')).toEqual(['self', 'peer', 'quality']);
    expect(usesForRole('admin')).toEqual(['self', 'peer', 'quality']);
  });

  it('knows a period that is not one', () => {
    expect(dateProblem('', '')).toBeNull();
    expect(dateProblem('2026-03-01', '2026-03-01')).toBeNull();
    expect(dateProblem('2026-04-01', '2026-03-01')).toEqual({ kind: 'order' });
    expect(dateProblem('2026-02-30', '')).toEqual({ kind: 'invalid', field: 'from' });
    expect(dateProblem('', '31-12-2026')).toEqual({ kind: 'invalid', field: 'to' });
  });

  it.each([
    ['en', 'From', 'To', '“From” (1 Apr 2026) is after “To” (1 Mar 2026): choose a “From” date on or before the “To” date.'],
    [
      'nl',
      'Van',
      'Tot en met',
      '‘Van’ (1 apr 2026) ligt na ‘Tot en met’ (1 mrt 2026): kies een ‘Van’-datum op of vóór de ‘Tot en met’-datum.',
    ],
  ] as const)('says in %s that "From" is after "To", asks the database nothing, and starts nothing', async (language, from, to, said) => {
    const { data, calls } = fakeData();
    render(
      <StartEvaluationSection
        data={data}
        role="quality_officer"
        personId="p-fatima"
        translator={createTranslator(language)}
        today="2026-12-04"
        countDelayMs={0}
        onStarted={() => undefined}
      />,
    );
    await settle();
    const asked = calls.count.length;
    expect(asked).toBeGreaterThan(0);
    fireEvent.change(screen.getByLabelText(from), { target: { value: '2026-04-01' } });
    fireEvent.change(screen.getByLabelText(to), { target: { value: '2026-03-01' } });
    await settle();
    const alert = document.querySelector('[data-iqs-problem="period-order"]');
    expect(alert?.textContent).toBe(said);
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(screen.getByLabelText(from).getAttribute('aria-invalid')).toBe('true');
    // no count with the wrong dates, and the start button stays off
    expect(calls.count.slice(asked).some(([, , f]) => f.from === '2026-04-01' && f.to === '2026-03-01')).toBe(false);
    expect((document.querySelector('[data-iqs-action="start"]') as HTMLButtonElement).disabled).toBe(true);
    // put right: the message goes and the count comes back
    fireEvent.change(screen.getByLabelText(to), { target: { value: '2026-04-30' } });
    await settle();
    expect(document.querySelector('[data-iqs-problem]')).toBeNull();
    expect(calls.count.at(-1)?.[2]).toMatchObject({ from: '2026-04-01', to: '2026-04-30' });
  });

  it('lets a quality officer choose peer review and a colleague, and names rooms and procedures as every page does', async () => {
    const { data, calls } = fakeData();
    render(
      <StartEvaluationSection
        data={data}
        role="quality_officer"
        personId="p-fatima"
        translator={createTranslator('en')}
        today="2026-12-04"
        countDelayMs={0}
        onStarted={() => undefined}
      />,
    );
    await settle();
    fireEvent.click(within(document.querySelector('[data-iqs-use="peer"]') as HTMLElement).getByRole('radio'));
    fireEvent.change(screen.getByLabelText('Colleague'), { target: { value: 'p-petra' } });
    await settle();
    expect(calls.count.at(-1)?.slice(0, 2)).toEqual(['peer', 'p-petra']);
    expect(screen.getByLabelText('Chest X-ray')).toBeTruthy();
    expect(screen.getByLabelText('Kamer 1')).toBeTruthy();
    expect(screen.getByLabelText('Kamer 3 (CR)')).toBeTruthy();
  });
});

describe('the summary on its own page', () => {
  it('reads its address', () => {
    expect(readSummaryQuery(`?summary=${summary.evaluation_id}`)).toBe(summary.evaluation_id);
    expect(readSummaryQuery('?summary=nonsense')).toBe('');
    expect(readSummaryQuery('?report=department')).toBeNull();
    expect(summaryAddress(summary.evaluation_id)).toBe(`/iqs?summary=${summary.evaluation_id}`);
  });

  it('shows the summary wide, downloads the CSV one row per image and criterion, and prints the sheet with its header', async () => {
    const { data, calls } = fakeData();
    const downloads: Array<[string, string]> = [];
    let printed = 0;
    render(
      <EvaluationSummaryPage
        evaluationId={summary.evaluation_id}
        data={data}
        language="en"
        today="2026-12-04"
        onDownload={(name, text) => downloads.push([name, text])}
        onPrint={() => (printed += 1)}
        onBack={() => undefined}
      />,
    );
    await settle();
    expect(document.querySelector('[data-iqs-page="summary"]')?.getAttribute('data-status')).toBe('done');
    expect(document.querySelector('.iqs-summary')?.classList.contains('iqs-e-summary-wide-view')).toBe(true);
    // on its own page it offers no link to itself
    expect(screen.queryByRole('link', { name: 'Open full summary (CSV, print)' })).toBeNull();
    // its one CSV and one print are the toolbar's (the sheet's)
    expect(screen.getAllByRole('button', { name: /csv/i }).map((button) => button.textContent)).toEqual(['Download CSV']);
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(downloads).toHaveLength(1);
    const [name, text] = downloads[0]!;
    expect(name).toBe('peer-review-petra-jansen.csv');
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Evaluation,Image,State,Procedure,View,Study date,Room,Criterion,Answer,Met,Remark');
    expect(lines[1]).toBe('Peer review – Petra Jansen,1,scored,Chest X-ray,PA,2026-03-02,Kamer 1,Collimation,Yes,yes,');
    expect(lines[2]).toBe(
      'Peer review – Petra Jansen,2,scored,Chest X-ray,PA,2026-03-05,Kamer 3 (CR),Collimation,No,no,lateral edge cut off',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Print / Save as PDF' }));
    expect(printed).toBe(1);
    expect(calls.exports).toEqual(['csv', 'print']);
    const paper = document.querySelector('[data-iqs-sheet]') as HTMLElement;
    expect(paper.querySelector('h1')?.textContent).toBe('Peer review – Petra Jansen');
    expect([...paper.querySelectorAll('dd')].map((d) => d.textContent)).toEqual([
      'Demo-ziekenhuis',
      'Peer review',
      'Fatima Mulder',
      '1 Mar 2026 – 31 Mar 2026',
      '4 Dec 2026',
    ]);
    expect(paper.querySelector('tr[data-item-position="2"]')?.textContent).toContain('Kamer 3 (CR)');
    // while it shows, printing prints the sheet alone (the reports' print rules)
    expect(document.documentElement.classList.contains('iqs-print-report')).toBe(true);
  });

  it('leaves the evaluator off the sheet of a blind evaluation still open; speaks Dutch', async () => {
    const { data } = fakeData({ sheet: sheet({ blind: true, status: 'open', use: 'quality', name: 'Kwaliteitsanalyse maart' }) });
    render(
      <EvaluationSummaryPage
        evaluationId={summary.evaluation_id}
        data={data}
        language="nl"
        today="2026-12-04"
        onDownload={() => undefined}
        onBack={() => undefined}
      />,
    );
    await settle();
    const paper = document.querySelector('[data-iqs-sheet]') as HTMLElement;
    expect(paper.textContent).not.toContain('Fatima Mulder');
    expect([...paper.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Afdeling', 'Soort', 'Periode', 'Afgedrukt']);
    expect(document.querySelector('style')?.textContent ?? '').not.toContain('Fatima');
  });

  it('says so when the address names no evaluation', () => {
    render(
      <EvaluationSummaryPage
        evaluationId=""
        data={null}
        language="en"
        today="2026-12-04"
        onDownload={() => undefined}
        onBack={() => undefined}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('This address names no evaluation.');
  });
});
