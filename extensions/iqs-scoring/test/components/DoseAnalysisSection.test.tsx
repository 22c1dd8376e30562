import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createTranslator } from '../../src/i18n/translator';
import { DoseAnalysisSection, doseFilterFromChoices, NO_DOSE_CHOICES } from '../../src/pages/DoseAnalysisSection';
import type { ChartRenderer, ChartSpec } from '../../src/pages/statistics';
import { ACQUISITION, CHEST_ROOMS, doseRow, exposure, fakeDoseData, pageLists } from './doseFixtures';

const charts: ChartSpec[] = [];
const fakeChart: ChartRenderer = (_canvas, spec) => {
  charts.push(spec);
  return { update: (next) => void charts.push(next), destroy: () => undefined };
};

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

const MONTHS = [
  doseRow({ key: 'RAD-KAMER1', label: 'Kamer 1', period_start: '2026-02-01', n: 20, median: 0.2, status: 'above_drl' }),
  doseRow({ key: 'RAD-KAMER1', label: 'Kamer 1', period_start: '2026-03-01', n: 20, median: 0.16, status: 'above_drl' }),
  doseRow({ key: 'RAD-KAMER3', label: 'Kamer 3 (CR)', period_start: '2026-03-01', n: 25, median: 0.04, status: 'at_or_below_target' }),
];

function renderSection(
  role: 'radiographer' | 'quality_officer' = 'quality_officer',
  language: 'en' | 'nl' = 'en',
  analysis = (period: string) => (period === 'month' ? MONTHS : CHEST_ROOMS),
) {
  const dose = fakeDoseData({
    analysis: (_q, _d, period) => analysis(period),
    exposures: [exposure({}), exposure({ sop_instance_uid: '1.2.3.0.2', value: 0.2, percent_of_drl: 166.7, study_date: '2026-03-05' })],
    acquisition: ACQUISITION,
  });
  const view = render(
    <DoseAnalysisSection
      data={dose.data}
      lists={pageLists}
      role={role}
      translator={createTranslator(language)}
      chartRenderer={fakeChart}
    />,
  );
  return { ...dose, ...view };
}

describe('the dose analysis section', () => {
  beforeEach(() => {
    charts.length = 0;
  });

  it('shows chest PA per room in its band: median, P25, P75 against the DRN and the streefwaarde, with the 77 kg fit', async () => {
    const { container, calls } = renderSection();
    await settle();
    const section = container.querySelector<HTMLElement>('[data-cy="dose-analysis"]')!;
    expect(section.dataset).toMatchObject({ quantity: 'dap', dimension: 'room', period: 'all', images: 'accepted', status: 'done' });
    // adults, accepted images, nothing else chosen
    expect(calls.analysis[0]).toEqual(['dap', 'room', 'all', { images: 'accepted', adults_only: true }]);
    const rows = [...section.querySelectorAll<HTMLElement>('[data-cy="dose-row"]')];
    expect(rows.map((row) => [row.dataset['key'], row.dataset['status'], row.dataset['median']])).toEqual([
      ['RAD-KAMER1', 'above_drl', '0.18'],
      ['RAD-KAMER2', 'above_target', '0.09'],
      ['RAD-KAMER3', 'at_or_below_target', '0.04'],
      ['SEH-KAMER', 'too_few', '0.11'],
    ]);
    const kamer1 = within(rows[0]!);
    expect(kamer1.getByText('Kamer 1')).toBeTruthy();
    expect(rows[0]!.textContent).toContain('150 %');
    expect(kamer1.getByText('▲ above the DRN')).toBeTruthy();
    expect(rows[0]!.querySelector('[data-cy="dose-cell-fit"]')?.textContent).toContain('0.17');
    expect(rows[0]!.querySelector('[data-cy="dose-cell-fit"]')?.textContent).toContain('n = 12, r² = 0.64');
    expect(within(rows[1]!).getByText('△ above the streefwaarde')).toBeTruthy();
    expect(within(rows[2]!).getByText('✓ at or below the streefwaarde')).toBeTruthy();
    // too few: the median is shown, not compared
    expect(within(rows[3]!).getByText('… too few images')).toBeTruthy();
    expect(rows[3]!.textContent).not.toContain('92 %');
    expect(section.querySelector('[data-cy="dose-min-images"]')?.textContent).toContain('fewer than 20 images');
  });

  it('draws the distribution per room with the DRN and the streefwaarde as lines, and the monthly medians', async () => {
    const { container, calls } = renderSection();
    await settle();
    expect(calls.analysis.map((call) => call[2]).sort()).toEqual(['all', 'month']);
    const distribution = charts.find((spec) => spec.kind === 'bar')!;
    expect(distribution.labels).toEqual(['Kamer 1', 'Kamer 2', 'Kamer 3 (CR)', 'SEH']);
    expect(distribution.series.map((s) => s.label)).toEqual(['P25', 'Median', 'P75', 'DRN 0.12 Gy·cm²', 'Streefwaarde 0.06 Gy·cm²']);
    expect(distribution.series[1]!.values).toEqual([0.18, 0.09, 0.04, 0.11]);
    expect(distribution.series[3]!.reference).toBeDefined();
    expect(distribution.unit).toBe('');
    expect(distribution.max).toBeGreaterThan(0.22);
    const trend = charts.find((spec) => spec.kind === 'line')!;
    expect(trend.labels).toEqual(['Feb 2026', 'Mar 2026']);
    expect(trend.series[0]).toMatchObject({ label: 'Kamer 1', values: [0.2, 0.16] });
    expect(trend.series[1]).toMatchObject({ label: 'Kamer 3 (CR)', values: [null, 0.04] });
    expect(container.querySelector('[data-cy="dose-distribution"]')?.getAttribute('data-procedure')).toBe('thorax|PA');
  });

  it('lists the exposures above the DRN, each opening its image in the viewer', async () => {
    const { container, calls } = renderSection();
    await settle();
    const list = container.querySelector<HTMLElement>('[data-cy="dose-exposures"]')!;
    expect(list.dataset['count']).toBe('2');
    const first = list.querySelector<HTMLElement>('[data-cy="dose-exposure"]')!;
    expect(first.textContent).toContain('0.331 Gy·cm²');
    expect(first.textContent).toContain('276 %');
    fireEvent.click(within(first).getByRole('button', { name: /Open in the viewer/ }));
    expect(calls.opened).toEqual([
      expect.objectContaining({ study_instance_uid: '1.2.3', series_instance_uid: '1.2.3.0', sop_instance_uid: '1.2.3.0.1' }),
    ]);
    expect(calls.exposures[0]).toEqual(['dap', { images: 'accepted', adults_only: true }, 200]);
  });

  it('shows the acquisition parameters per room and procedure, the DI by band', async () => {
    const { container } = renderSection();
    await settle();
    const row = container.querySelector<HTMLElement>('[data-cy="dose-acquisition-row"]')!;
    expect(row.dataset).toMatchObject({
      room: 'RAD-KAMER1',
      kvp: '125',
      mas: '3.2',
      distance: '1800',
      diFine: '30',
      diAttention: '8',
      diAction: '2',
    });
    expect(row.textContent).toContain('30 fine · 8 attention · 2 action');
  });

  it('sends every choice: quantity, images, adults, weight range (the site default 50–90 kg), rooms', async () => {
    const { container, calls } = renderSection();
    await settle();
    fireEvent.change(screen.getByDisplayValue('Dose-area product (DAP)'), { target: { value: 'ctdivol' } });
    fireEvent.change(container.querySelector('[data-cy="dose-images"]')!, { target: { value: 'all' } });
    fireEvent.click(container.querySelector('[data-cy="dose-adults-only"]')!);
    expect((container.querySelector('[data-cy="dose-weight-min"]') as HTMLInputElement).value).toBe('50');
    fireEvent.click(container.querySelector('[data-cy="dose-weight-on"]')!);
    fireEvent.click(within(container.querySelector('[data-cy="dose-filter-rooms"]')!).getByLabelText('Kamer 2'));
    fireEvent.click(within(container.querySelector('[data-cy="dose-filter-age-bands"]')!).getByLabelText('Age unknown'));
    await settle();
    expect(calls.analysis.at(-1)).toEqual([
      'ctdivol',
      'room',
      expect.any(String),
      { rooms: ['RAD-KAMER2'], age_bands: ['unknown'], images: 'all', adults_only: false, weight_min: 50, weight_max: 90 },
    ]);
    expect(container.querySelector('[data-cy="dose-selection"]')?.textContent).toContain('Room: Kamer 2');
    expect(container.querySelector('[data-cy="dose-analysis"]')?.getAttribute('data-quantity')).toBe('ctdivol');
  });

  it('gives a radiographer their own rows above the department, and no radiographer filter', async () => {
    const own = [doseRow({ scope: 'own', key: 'RAD-KAMER1', label: 'Kamer 1', n: 21, median: 0.2, status: 'above_drl' }), ...CHEST_ROOMS];
    const { container } = renderSection('radiographer', 'nl', () => own);
    await settle();
    expect(container.querySelector('[data-cy="dose-filter-radiographers"]')).toBeNull();
    const rows = [...container.querySelectorAll<HTMLElement>('[data-cy="dose-row"]')];
    expect(rows.slice(0, 2).map((row) => [row.dataset['scope'], row.dataset['key']])).toEqual([
      ['own', 'RAD-KAMER1'],
      ['department', 'RAD-KAMER1'],
    ]);
    expect(rows[0]!.textContent).toContain('Van mij');
    expect(rows[0]!.textContent).toContain('0,2');
    expect(screen.getByText('Uw eigen medianen staan boven die van de afdeling; collega’s worden niet genoemd.')).toBeTruthy();
    expect(container.querySelector('[data-cy="dose-exposures"]')?.textContent).toContain('Alleen uw eigen opnamen.');
  });

  it('reads again when the reference values change, and says when nothing matches or the load failed', async () => {
    const dose = fakeDoseData({ analysis: () => [] });
    const { rerender, container } = render(
      <DoseAnalysisSection data={dose.data} lists={pageLists} role="admin" translator={createTranslator('en')} chartRenderer={fakeChart} />,
    );
    await settle();
    expect(container.querySelector('[data-cy="dose-none"]')).not.toBeNull();
    const before = dose.calls.analysis.length;
    rerender(
      <DoseAnalysisSection
        data={dose.data}
        lists={pageLists}
        role="admin"
        translator={createTranslator('en')}
        chartRenderer={fakeChart}
        revision={1}
      />,
    );
    await settle();
    expect(dose.calls.analysis.length).toBeGreaterThan(before);
    const failing = fakeDoseData();
    failing.data.doseAnalysis = async () => {
      throw new Error('permission denied');
    };
    render(
      <DoseAnalysisSection
        data={failing.data}
        lists={pageLists}
        role="admin"
        translator={createTranslator('en')}
        chartRenderer={fakeChart}
      />,
    );
    await settle();
    expect(screen.getAllByRole('alert').some((alert) => alert.textContent?.includes('permission denied'))).toBe(true);
  });
});

describe('the dose filter of the choices', () => {
  it('leaves out what is not chosen and a weight range that is off or not a number', () => {
    expect(doseFilterFromChoices(NO_DOSE_CHOICES)).toEqual({ images: 'accepted', adults_only: true });
    expect(doseFilterFromChoices({ ...NO_DOSE_CHOICES, weightMin: '50', weightMax: '90' })).toEqual({
      images: 'accepted',
      adults_only: true,
    });
    expect(doseFilterFromChoices({ ...NO_DOSE_CHOICES, weightOn: true, weightMin: '60,5', weightMax: 'x' })).toEqual({
      images: 'accepted',
      adults_only: true,
      weight_min: 60.5,
    });
    expect(
      doseFilterFromChoices({ ...NO_DOSE_CHOICES, thicknessOn: true, thicknessMin: '40', thicknessMax: '60', from: '2026-01-01' }),
    ).toEqual({
      from: '2026-01-01',
      images: 'accepted',
      adults_only: true,
      thickness_min: 40,
      thickness_max: 60,
    });
  });
});
