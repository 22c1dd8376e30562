/**
 * The IQS page with the lesson data: the lessons section, and "Add to lesson" in a closed evaluation's summary, the
 * reject drill-down and the dose drill-down; without it (IQS without its backend) none of them.
 */
import { act, fireEvent, render } from '@testing-library/react';
import type { EvaluationSummary } from '@iqs/domain';
import { IqsPage } from '../../src/pages/IqsPage';
import type { ChartRenderer } from '../../src/pages/statistics';
import type { AccountState, IqsPageData, LessonData } from '../../src/ports';
import { CHEST_ROOMS, exposure, fakeDoseData, pageLists } from './doseFixtures';
import { fakeLessonData, lessonImage } from './lessonFixtures';
import { fakeRejectData, image, row } from './rejectAnalysisFixtures';

const fakeChart: ChartRenderer = () => ({ update: () => undefined, destroy: () => undefined });
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

const fatima: AccountState = {
  status: 'signed-in',
  email: 'fatima.mulder@demo.iqs.example',
  profile: { personId: 'p-fatima', displayName: 'Fatima Mulder', role: 'quality_officer', siteId: 's1', siteName: 'Demo' },
};

const summary: EvaluationSummary = {
  evaluation_id: 'e1',
  items: 2,
  scored: 2,
  skipped: 0,
  compared_with: null,
  criteria: [],
  grade_criteria: [],
  faults: [
    {
      item_id: 'i1',
      position: 1,
      image_id: 'im1',
      study_instance_uid: '1',
      series_instance_uid: '1.1',
      sop_instance_uid: '1.1.1',
      criteria: ['collimation'],
      grade: null,
    },
  ],
};

const pageData: IqsPageData = {
  ...fakeRejectData({
    analysis: () => [row({ key: 'RAD-KAMER1', label: 'Kamer 1', rejected: 1, total: 2, reject_rate: 0.5 })],
    images: (_filter, rejectedOnly) =>
      [
        image({ sop_instance_uid: '1.2.3.1' }),
        image({ image_id: 'i2', sop_instance_uid: '1.2.3.2', rejected: false, reason_code: null }),
      ].filter((candidate) => !rejectedOnly || candidate.rejected),
  }).data,
  ...pageLists,
  listGroups: async () => [],
  countCandidates: async () => 0,
  startEvaluation: async () => ({ evaluationId: 'e', requested: 0, drawn: 0, available: 0 }),
  listMyEvaluations: async () => [
    {
      id: 'e1',
      name: 'Kwaliteitsanalyse thorax',
      use: 'quality',
      status: 'closed',
      created_at: '2026-11-01T10:00:00Z',
      closed_at: '2026-11-02T10:00:00Z',
      items: 2,
      scored: 2,
      skipped: 0,
      subject_name: null,
    },
  ],
  evaluationSummary: async () => summary,
  recordExport: async () => undefined,
  statistics: async () => [],
  openEvaluation: () => undefined,
};

async function show(lessons: LessonData | null) {
  const dose = fakeDoseData({ analysis: () => CHEST_ROOMS, exposures: [exposure({})] });
  const view = render(
    <IqsPage
      account={fatima}
      backend={null}
      data={pageData}
      doseData={dose.data}
      lessons={lessons}
      language="en"
      chartRenderer={fakeChart}
      today="2026-12-04"
    />,
  );
  await settle();
  await settle();
  const page = view.container;
  // a closed evaluation's summary, and the reject drill-down of all Kamer 1's images
  fireEvent.click(page.querySelector('[data-iqs-evaluation="e1"] [data-iqs-action="summary"]')!);
  fireEvent.click(page.querySelector('[data-cy="reject-row"] button[data-cy="reject-cell-total"]')!);
  await settle();
  await settle();
  return page;
}

describe('the IQS page with clinical lessons', () => {
  it('shows the lessons section and offers Add to lesson in the summary and both drill-downs', async () => {
    const fake = fakeLessonData({ index: ['1.1.1', '1.2.3.1', '1.2.3.2', '1.2.3.0.1'].map((uid) => lessonImage(uid)) });
    const page = await show(fake.data);
    expect(page.querySelector('[data-iqs-section="lessons"][data-iqs-lesson-section]')).not.toBeNull();
    const origins = [...page.querySelectorAll('[data-iqs-lesson-add]')].map((control) => control.getAttribute('data-iqs-lesson-add'));
    expect(origins.sort()).toEqual(['dose_analysis', 'evaluation', 'reject_analysis']);
    // the reject drill-down of all images lists the accepted one too, which can be picked
    const drill = page.querySelector('[data-cy="reject-drill"]')!;
    expect(drill.querySelector('[data-cy="reject-image"][data-rejected="false"] [data-iqs-lesson-pick="1.2.3.2"]')).not.toBeNull();
    expect(page.querySelector('[data-iqs-panel="summary"] [data-iqs-lesson-pick="1.1.1"]')).not.toBeNull();
    expect(page.querySelector('[data-cy="dose-exposures"] [data-iqs-lesson-pick="1.2.3.0.1"]')).not.toBeNull();
  });

  it('without the lesson data: no section, nothing to pick', async () => {
    const page = await show(null);
    expect(page.querySelector('[data-iqs-section="reject-analysis"], [data-cy="reject-drill"]')).not.toBeNull();
    expect(page.querySelector('[data-iqs-lesson-section], [data-iqs-lesson-add], [data-iqs-lesson-pick]')).toBeNull();
  });
});
