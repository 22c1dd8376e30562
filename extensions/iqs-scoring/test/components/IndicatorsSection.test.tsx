import { act, fireEvent, render, within } from '@testing-library/react';
import { QUALITY_INDICATOR_IDS, QUALITY_INDICATORS } from '@iqs/domain';
import { createTranslator } from '../../src/i18n/translator';
import { IndicatorsSection } from '../../src/indicators/IndicatorsSection';
import type { IndicatorData, IndicatorGrouping, IndicatorRow } from '../../src/indicators/indicatorsPorts';
import { BackendError } from '../../src/data/profile';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const en = createTranslator('en');
const nl = createTranslator('nl');
const TODAY = '2026-12-04';

/** Two quarters: reject rate 10% then 5% (down), criteria 0 answers in the second (no value), the change's parts. */
function rowsFor(from: string, per: IndicatorGrouping): IndicatorRow[] {
  const year = from.slice(0, 4);
  const periods =
    per === 'year'
      ? [[`${year}-01-01`, `${year}-12-31`]]
      : [
          [`${year}-01-01`, `${year}-03-31`],
          [`${year}-04-01`, `${year}-06-30`],
        ];
  return periods.flatMap(([a, b], n) =>
    QUALITY_INDICATOR_IDS.map((indicator) => {
      const base = { indicator, period: `${a}/${b}`, period_from: a as string, period_to: b as string };
      if (indicator === 'reject_rate') return { ...base, numerator: n ? 5 : 8, denominator: n ? 100 : 80, value: n ? 0.05 : 0.1 };
      if (indicator === 'reject_rate_change')
        return n
          ? { ...base, numerator: 0.05, denominator: 0.1, value: -0.05 }
          : { ...base, numerator: 0.1, denominator: null, value: null };
      if (indicator === 'criteria_met_share')
        return n ? { ...base, numerator: 0, denominator: 0, value: null } : { ...base, numerator: 119, denominator: 231, value: 119 / 231 };
      return { ...base, numerator: 1, denominator: 2, value: 0.5 };
    }),
  );
}

function fakeIndicators(options: { fail?: boolean } = {}) {
  const calls: string[] = [];
  const data: IndicatorData = {
    async indicators(from, to, per) {
      calls.push(`${from}/${to}/${per}`);
      if (options.fail) throw new BackendError('permission denied', '42501');
      return rowsFor(from, per);
    },
  };
  return { data, calls };
}

describe('IndicatorsSection', () => {
  it('shows each indicator with its value, numerator and denominator per quarter of this year, the trend and no value for 0', async () => {
    const { data, calls } = fakeIndicators();
    const view = render(<IndicatorsSection data={data} translator={en} today={TODAY} onDownload={() => undefined} />);
    await settle();
    expect(calls).toEqual(['2026-01-01/2026-12-31/quarter']);
    const table = view.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Indicator', 'Q1 2026', 'Q2 2026']);
    for (const definition of QUALITY_INDICATORS) expect(within(table).getByText(definition.name.en)).toBeTruthy();
    const rate = view.container.querySelector('[data-iqs-indicator="reject_rate"]') as HTMLElement;
    const cells = within(rate).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual(['10.0%8 of 80', '5.0%▼5 of 100']);
    expect(
      within(cells[1] as HTMLElement)
        .getByRole('img')
        .getAttribute('aria-label'),
    ).toBe('lower than the period before');
    const criteria = view.container.querySelector('[data-iqs-indicator="criteria_met_share"]') as HTMLElement;
    const empty = within(criteria).getAllByRole('cell')[1] as HTMLElement;
    expect(empty.textContent).toBe('—0 of 0');
    expect(within(empty).getByTitle(/denominator is 0/u)).toBeTruthy();
    const change = view.container.querySelector('[data-iqs-indicator="reject_rate_change"]') as HTMLElement;
    expect(
      within(change)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['—now 10.0%, before —', '-5.0 ppnow 5.0%, before 10.0%']);
    expect(view.getByText(/— means no value: the denominator is 0/u)).toBeTruthy();
  });

  it('gives the definition on demand, and the chooser asks for another year and grouping', async () => {
    const { data, calls } = fakeIndicators();
    const view = render(<IndicatorsSection data={data} translator={en} today={TODAY} onDownload={() => undefined} />);
    await settle();
    const row = view.container.querySelector('[data-iqs-indicator="actions_closed_on_time"]') as HTMLElement;
    const toggle = within(row).getByRole('button', { name: 'Definition' });
    expect(view.queryByText(/Follow-up actions due in the period/u)).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(view.getByText(/Follow-up actions due in the period that were done on or before their due date/u)).toBeTruthy();
    expect(view.container.querySelector('.iqs-indicator-definition')?.textContent).toContain(
      'Numerator: actions done on time · Denominator: actions due in the period',
    );
    fireEvent.change(view.getByLabelText('Year'), { target: { value: '2025' } });
    await settle();
    fireEvent.change(view.getByLabelText('Per'), { target: { value: 'year' } });
    await settle();
    expect(calls).toEqual(['2026-01-01/2026-12-31/quarter', '2025-01-01/2025-12-31/quarter', '2025-01-01/2025-12-31/year']);
    expect(
      within(view.getByRole('table'))
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Indicator', '2025']);
  });

  it('downloads a CSV with the labels in the page’s language, never the internal keys', async () => {
    const { data } = fakeIndicators();
    const files: Array<[string, string]> = [];
    const view = render(
      <IndicatorsSection data={data} translator={nl} today={TODAY} onDownload={(name, text) => void files.push([name, text])} />,
    );
    await settle();
    expect(
      within(view.getByRole('table'))
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Indicator', 'K1 2026', 'K2 2026']);
    fireEvent.click(view.getByRole('button', { name: 'CSV downloaden' }));
    expect(files).toHaveLength(1);
    const [name, text] = files[0] as [string, string];
    expect(name).toBe('iqs-visitatie-indicatoren-2026-per-kwartaal.csv');
    const lines = text
      .replace(/^\uFEFF/u, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Indicator,Periode van,Periode tot en met,Teller,Noemer,Waarde,Teller is,Noemer is,Definitie');
    expect(lines).toHaveLength(1 + 2 * QUALITY_INDICATOR_IDS.length);
    expect(lines[5]).toMatch(/^Afkeurpercentage,2026-01-01,2026-03-31,8,80,0.1,afgekeurde beelden,alle patiëntbeelden,/u);
    for (const id of QUALITY_INDICATOR_IDS) expect(text).not.toContain(id);
  });

  it('says when the figures cannot be computed, and tries again', async () => {
    const { data, calls } = fakeIndicators({ fail: true });
    const view = render(<IndicatorsSection data={data} translator={en} today={TODAY} onDownload={() => undefined} />);
    await settle();
    expect(view.getByRole('alert').textContent).toContain('The indicators could not be computed: permission denied');
    fireEvent.click(view.getByRole('button', { name: 'Try again' }));
    await settle();
    expect(calls).toHaveLength(2);
  });
});
