import { act, fireEvent, render, within } from '@testing-library/react';
import { createTranslator } from '../../src/i18n/translator';
import { BackendError } from '../../src/data/profile';
import { ReportPage } from '../../src/reports/ReportPage';
import { ReportsSection } from '../../src/reports/ReportsSection';
import { readReportQuery, reportAddress } from '../../src/reports/reportQuery';
import type { DepartmentReport, PersonalReport, ReportData } from '../../src/reports/reportsPorts';
import { departmentReport, personalReport } from '../../../../packages/domain/test/qualityReportFixtures';

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const PETRA = 'b0000000-0000-4000-8000-000000000001';

function fakeReports(options: { refuse?: boolean } = {}) {
  const calls: string[] = [];
  let text = departmentReport.recommendations.text;
  const data: ReportData = {
    async departmentReport(from, to) {
      calls.push(`department ${from} ${to}`);
      if (options.refuse) throw new BackendError('the department report is for quality officers and admins', '42501');
      return { ...departmentReport, recommendations: { text, updated_at: null } } as DepartmentReport;
    },
    async personalReport(person, from, to) {
      calls.push(`personal ${person} ${from} ${to}`);
      return personalReport as PersonalReport;
    },
    async people() {
      return [
        { id: PETRA, displayName: 'Petra Jansen' },
        { id: 'b0000000-0000-4000-8000-000000000005', displayName: 'Daan Smit' },
      ];
    },
    async saveRecommendations(kind, person, from, to, value) {
      calls.push(`save ${kind} ${person} ${from} ${to} ${value}`);
      text = value;
    },
  };
  return { data, calls };
}

describe('the report page (/iqs?report=…)', () => {
  it('shows the renderer’s report alone with its toolbar; CSV and print; the quality officer saves recommendations', async () => {
    const { data, calls } = fakeReports();
    const downloads: Array<[string, string]> = [];
    let printed = 0;
    const query = readReportQuery('?report=department&from=2026-10-01&to=2026-12-31');
    expect(query).toEqual({ ok: true, request: { kind: 'department', person: null, from: '2026-10-01', to: '2026-12-31' } });
    const view = render(
      <ReportPage
        query={query!}
        data={data}
        viewer={{ personId: 'b0000000-0000-4000-8000-000000000006', role: 'quality_officer' }}
        language="nl"
        onDownload={(name, text) => downloads.push([name, text])}
        onPrint={() => (printed += 1)}
        onBack={() => undefined}
      />,
    );
    await settle();
    expect(calls).toEqual(['department 2026-10-01 2026-12-31']);
    const report = view.container.querySelector('[data-cy="report"] .iqs-report') as HTMLElement;
    expect(report.textContent).toContain('Kwaliteitsrapport afdeling');
    expect(report.textContent).toContain('12,5%');
    // the report's own print rules are on the page
    expect(view.container.querySelector('style')?.textContent).toContain('size: A4');
    fireEvent.click(view.getByText('CSV downloaden'));
    expect(downloads[0]?.[0]).toBe('iqs-department-2026-10-01-2026-12-31.csv');
    expect(downloads[0]?.[1]).toContain('X-Thorax,400,60,0.15');
    fireEvent.click(view.getByText('Afdrukken / bewaren als PDF'));
    expect(printed).toBe(1);

    const editor = view.getByLabelText('Aanbevelingen') as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: 'x'.repeat(8001) } });
    expect(view.getByText('Hoogstens 8000 tekens.')).toBeTruthy();
    expect((view.getByText('Aanbevelingen opslaan') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(editor, { target: { value: 'Werkoverleg: positionering thorax' } });
    fireEvent.click(view.getByText('Aanbevelingen opslaan'));
    await settle();
    await settle();
    expect(calls).toContain('save department null 2026-10-01 2026-12-31 Werkoverleg: positionering thorax');
    expect(calls.filter((c) => c.startsWith('department')).length).toBe(2);
    expect(view.container.querySelector('.iqs-report-text')?.textContent).toBe('Werkoverleg: positionering thorax');
  });

  it('a refusal reads as not for you; a radiographer gets no editor on the department report; a bad address says so', async () => {
    const { data } = fakeReports({ refuse: true });
    const view = render(
      <ReportPage
        query={readReportQuery('?report=department&from=2026-01-01&to=2026-12-31')!}
        data={data}
        viewer={{ personId: PETRA, role: 'radiographer' }}
        language="en"
        onDownload={() => undefined}
        onBack={() => undefined}
      />,
    );
    await settle();
    expect(view.getByRole('alert').textContent).toContain('This report is not for you');
    expect(view.container.querySelector('[data-cy="report"]')).toBeNull();
    expect(view.queryByLabelText('Recommendations')).toBeNull();
    expect(readReportQuery('?report=department&from=2026-12-31&to=2026-01-01')).toEqual({ ok: false, problem: 'dates' });
    expect(readReportQuery('?report=personal&from=2026-01-01&to=2026-12-31')).toEqual({ ok: false, problem: 'person' });
    expect(readReportQuery('?view=x')).toBeNull();
  });
});

describe('the reports launcher on /iqs', () => {
  it('a quality officer chooses the department report for a quarter, or a colleague’s personal report for a year', async () => {
    const { data } = fakeReports();
    const went: string[] = [];
    const view = render(
      <ReportsSection
        reports={data}
        role="quality_officer"
        personId="b0000000-0000-4000-8000-000000000006"
        translator={createTranslator('en')}
        today="2026-12-04"
        onNavigate={(p) => went.push(p)}
      />,
    );
    await settle();
    expect(view.getByText('Period chosen: 2026-10-01 – 2026-12-31')).toBeTruthy();
    fireEvent.click(view.getByText('Open report'));
    expect(went).toEqual(['/iqs?report=department&from=2026-10-01&to=2026-12-31']);
    fireEvent.change(view.getByLabelText('Report'), { target: { value: 'personal' } });
    fireEvent.change(view.getByLabelText('Radiographer'), { target: { value: PETRA } });
    fireEvent.change(view.getByLabelText('Period'), { target: { value: 'year' } });
    fireEvent.click(view.getByText('Open report'));
    expect(went[1]).toBe(reportAddress({ kind: 'personal', person: PETRA, from: '2026-01-01', to: '2026-12-31' }));
    fireEvent.change(view.getByLabelText('Period'), { target: { value: 'dates' } });
    fireEvent.change(view.getByLabelText('From'), { target: { value: '2026-05-01' } });
    fireEvent.change(view.getByLabelText('To'), { target: { value: '2026-04-01' } });
    expect(view.getByRole('alert').textContent).toContain('Choose a valid period');
    expect((view.getByText('Open report') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a radiographer gets only their own personal report', async () => {
    const { data } = fakeReports();
    const went: string[] = [];
    const view = render(
      <ReportsSection
        reports={data}
        role="radiographer"
        personId={PETRA}
        translator={createTranslator('nl')}
        today="2026-02-14"
        onNavigate={(p) => went.push(p)}
      />,
    );
    await settle();
    const kind = view.getByLabelText('Rapport') as HTMLSelectElement;
    expect(
      within(kind)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Persoonlijk rapport']);
    expect(view.queryByLabelText('Laborant')).toBeNull();
    fireEvent.change(view.getByLabelText('Periode'), { target: { value: 'month' } });
    fireEvent.click(view.getByText('Rapport openen'));
    expect(went).toEqual([`/iqs?report=personal&person=${PETRA}&from=2026-02-01&to=2026-02-28`]);
  });
});
