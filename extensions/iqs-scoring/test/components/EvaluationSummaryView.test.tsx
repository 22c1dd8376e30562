import { fireEvent, render, screen, within } from '@testing-library/react';
import type { EvaluationSummary } from '@iqs/domain';
import { EvaluationSummaryView } from '../../src/ui/EvaluationSummaryView';

const summary: EvaluationSummary = {
  evaluation_id: 'e1',
  items: 20,
  scored: 18,
  skipped: 2,
  compared_with: 'earlier self-evaluations of Petra Jansen',
  criteria: [
    {
      criterion_code: 'sharpness',
      label_nl: 'Scherpte',
      label_en: 'Sharpness',
      position: 2,
      kind: 'scale',
      answered: 18,
      met: 18,
      not_applicable: 0,
      share_met: 1,
      previous_share_met: 1,
      previous_answered: 30,
    },
    {
      criterion_code: 'collimation',
      label_nl: 'Collimatie',
      label_en: 'Collimation',
      position: 1,
      kind: 'yes_no_na',
      answered: 16,
      met: 12,
      not_applicable: 2,
      share_met: 0.75,
      previous_share_met: 0.6,
      previous_answered: 40,
    },
    {
      criterion_code: 'exposure',
      label_nl: 'Belichting',
      label_en: 'Exposure',
      position: 3,
      kind: 'choice',
      answered: 18,
      met: 15,
      not_applicable: 0,
      share_met: 15 / 18,
      previous_share_met: 0.9,
      previous_answered: 40,
    },
    {
      criterion_code: 'markers',
      label_nl: 'Zijdeaanduiding',
      label_en: 'Side marker',
      position: 4,
      kind: 'yes_no_na',
      answered: 0,
      met: 0,
      not_applicable: 18,
      share_met: null,
      previous_share_met: null,
      previous_answered: 0,
    },
    {
      criterion_code: 'remark',
      label_nl: 'Opmerking',
      label_en: 'Comment',
      position: 6,
      kind: 'comment',
      answered: 0,
      met: 0,
      not_applicable: 0,
      share_met: null,
      previous_share_met: null,
      previous_answered: 0,
    },
    {
      criterion_code: 'overall',
      label_nl: 'Eindoordeel',
      label_en: 'Overall grade',
      position: 7,
      kind: 'grade',
      answered: 0,
      met: 0,
      not_applicable: 0,
      share_met: null,
      previous_share_met: null,
      previous_answered: 0,
    },
  ],
  grades: [
    { value: 'good', label_nl: 'Goed', label_en: 'Good', count: 12 },
    { value: 'acceptable', label_nl: 'Acceptabel', label_en: 'Acceptable', count: 5 },
    { value: 'reject', label_nl: 'Afwijzing', label_en: 'Reject', count: 1 },
  ],
  faults: [
    {
      item_id: 'i9',
      position: 9,
      image_id: 'im9',
      study_instance_uid: '1',
      series_instance_uid: '1.1',
      sop_instance_uid: '1.1.9',
      criteria: ['exposure'],
      grade: 'reject',
    },
    {
      item_id: 'i4',
      position: 4,
      image_id: 'im4',
      study_instance_uid: '1',
      series_instance_uid: '1.1',
      sop_instance_uid: '1.1.4',
      criteria: ['collimation', 'exposure'],
      grade: 'acceptable',
    },
  ],
};

function renderSummary(language: 'en' | 'nl' = 'en', override: Partial<EvaluationSummary> = {}, wide = false) {
  const calls = { open: [] as string[] };
  const utils = render(
    <EvaluationSummaryView
      summary={{ ...summary, ...override }}
      onOpenItem={(id) => calls.open.push(id)}
      language={language}
      evaluationName="Zelfevaluatie maart"
      use="self"
      wide={wide}
    />,
  );
  return { ...utils, calls };
}

const row = (code: string): HTMLElement => document.querySelector<HTMLElement>(`tr[data-iqs-criterion="${code}"]`)!;

describe('EvaluationSummaryView', () => {
  it('shows the totals and what the evaluation is compared with', () => {
    const { container } = renderSummary();
    expect(container.textContent).toContain('18 of 20 images scored, 2 skipped');
    expect(container.textContent).toContain('Compared with: earlier self-evaluations of Petra Jansen');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Zelfevaluatie maart');
  });

  it('shows per criterion (in form order, not the comment nor the grade) the share met, the share before and the change', () => {
    const { container } = renderSummary();
    expect([...container.querySelectorAll('tr[data-iqs-criterion]')].map((r) => r.getAttribute('data-iqs-criterion'))).toEqual([
      'collimation',
      'sharpness',
      'exposure',
      'markers',
    ]);
    const cells = (code: string) => [...row(code).children].map((cell) => cell.textContent);
    expect(cells('collimation')).toEqual(['Collimation', '75% 12 of 16 answers n/a: 2', '60%', '▲ +15 pp (better)']);
    expect(cells('sharpness')).toEqual(['Sharpness', '100% 18 of 18 answers', '100%', '= 0 pp (unchanged)']);
    expect(cells('exposure')).toEqual(['Exposure', '83% 15 of 18 answers', '90%', '▼ -7 pp (worse)']);
    expect(cells('markers')).toEqual(['Side marker', 'no answers n/a: 18', '–', '–']);
    // the exact numbers behind the rounding, for tests and automation
    expect(row('exposure').querySelector('[data-iqs-share]')?.getAttribute('data-iqs-share')).toBe(String(15 / 18));
    expect(row('exposure').querySelector('[data-iqs-difference]')?.getAttribute('data-iqs-difference')).toBe('-0.0667');
  });

  it('shows the overall grade distribution with counts and shares', () => {
    const { container } = renderSummary();
    const grades = [...container.querySelectorAll<HTMLElement>('[data-iqs-grade]')];
    expect(grades.map((g) => [g.dataset['iqsGrade'], g.dataset['iqsCount']])).toEqual([
      ['good', '12'],
      ['acceptable', '5'],
      ['reject', '1'],
    ]);
    expect(grades[0]!.textContent).toBe('Good12 images (67%)');
    expect(grades[2]!.textContent).toBe('Reject1 image (6%)');
  });

  it('lists the images with faults in worklist order, with the criteria not met; each opens its image', () => {
    const { calls } = renderSummary();
    const faults = screen.getAllByRole('button').filter((b) => b.hasAttribute('data-iqs-item'));
    expect(faults.map((f) => f.textContent)).toEqual([
      'Image 4Not met: Collimation, Exposure · Overall grade: Acceptable',
      'Image 9Not met: Exposure · Overall grade: Reject',
    ]);
    fireEvent.click(faults[1]!);
    expect(calls.open).toEqual(['i9']);
  });

  it('has no CSV or print of its own: its one action opens the full summary (/iqs?summary=…), where those are', () => {
    window.history.replaceState({}, '', '/iqs-evaluation');
    const { container } = renderSummary();
    // the only buttons are the images with faults; no export, no print
    expect(screen.getAllByRole('button').every((button) => button.hasAttribute('data-iqs-item'))).toBe(true);
    expect(screen.queryByRole('button', { name: /csv|print/i })).toBeNull();
    expect(container.querySelector('[data-iqs-action="export-csv"], [data-iqs-action="print"]')).toBeNull();
    const link = screen.getByRole('link', { name: 'Open full summary (CSV, print)' });
    expect(link.getAttribute('href')).toBe(`/iqs?summary=${summary.evaluation_id}`);
    fireEvent.click(link);
    expect(window.location.pathname + window.location.search).toBe(`/iqs?summary=${summary.evaluation_id}`);
  });

  it('on its own page (wide) offers no link there', () => {
    const { container } = renderSummary('en', {}, true);
    expect(screen.queryByRole('link')).toBeNull();
    expect(container.querySelector('[data-iqs-action]')).toBeNull();
  });

  it('says when there is nothing to compare with, no grades and no faults; speaks Dutch', () => {
    const { container } = renderSummary('nl', { compared_with: null, grades: [], faults: [] });
    expect(container.textContent).toContain('Geen eerdere beoordelingen om mee te vergelijken.');
    expect(container.textContent).toContain('Geen eindoordelen gegeven.');
    expect(container.textContent).toContain('Elk beoordeeld beeld voldeed aan alle criteria.');
    expect(container.textContent).toContain('18 van 20 beelden beoordeeld, 2 overgeslagen');
    expect([...row('collimation').children].map((c) => c.textContent)).toEqual([
      'Collimatie',
      '75% 12 van 16 antwoorden n.v.t.: 2',
      '60%',
      '▲ +15 %-punt (beter)',
    ]);
    expect(within(container).getByRole('link', { name: 'Volledige samenvatting openen (CSV, afdrukken)' })).toBeTruthy();
  });
});
