/** The IQS page with the dose data: the analysis for everyone signed in, the reference values for admins and quality officers. */
import { act, render } from '@testing-library/react';
import { IqsPage } from '../../src/pages/IqsPage';
import type { ChartRenderer } from '../../src/pages/statistics';
import type { AccountState, IqsPageData } from '../../src/ports';
import { CHEST_ROOMS, fakeDoseData, pageLists } from './doseFixtures';
import { fakeRejectData } from './rejectAnalysisFixtures';

const fakeChart: ChartRenderer = () => ({ update: () => undefined, destroy: () => undefined });

const account = (role: 'radiographer' | 'quality_officer' | 'admin'): AccountState => ({
  status: 'signed-in',
  email: 'x@demo.iqs.example',
  profile: { personId: 'p1', displayName: 'X', role, siteId: 's1', siteName: 'Demo' },
});

const pageData: IqsPageData = {
  ...fakeRejectData().data,
  ...pageLists,
  listGroups: async () => [],
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

async function show(role: 'radiographer' | 'quality_officer' | 'admin', withDose = true) {
  const dose = fakeDoseData({ analysis: () => CHEST_ROOMS });
  const view = render(
    <IqsPage
      account={account(role)}
      backend={null}
      data={pageData}
      doseData={withDose ? dose.data : null}
      language="en"
      chartRenderer={fakeChart}
      today="2026-12-04"
    />,
  );
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  return view.container;
}

describe('the IQS page with the dose analysis', () => {
  it('shows a radiographer the analysis, not the reference values', async () => {
    const page = await show('radiographer');
    expect(page.querySelector('[data-iqs-section="dose-analysis"]')).not.toBeNull();
    expect(page.querySelector('[data-iqs-section="dose-references"]')).toBeNull();
  });

  it('shows admins and quality officers the reference values too', async () => {
    expect((await show('admin')).querySelector('[data-cy="dose-references"]')?.getAttribute('data-admin')).toBe('true');
    expect((await show('quality_officer')).querySelector('[data-cy="dose-references"]')?.getAttribute('data-admin')).toBe('false');
  });

  it('shows neither without the dose data', async () => {
    const page = await show('admin', false);
    expect(page.querySelector('[data-cy="dose-analysis"]')).toBeNull();
    expect(page.querySelector('[data-cy="dose-references"]')).toBeNull();
  });
});
