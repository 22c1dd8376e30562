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
  grade_criteria: [
    {
      criterion_id: 'c-overall',
      criterion_code: 'overall',
      label_nl: 'Eindoordeel',
      label_en: 'Overall grade',
      position: 7,
      form_code: 'knee-ap',
      form_title_nl: 'Knie AP',
      form_title_en: 'Knee AP',
      form_version: 1,
      options: [
        { value: 'good', label_nl: 'Goed', label_en: 'Good', count: 12, met: null },
        { value: 'acceptable', label_nl: 'Acceptabel', label_en: 'Acceptable', count: 5, met: null },
        { value: 'reject', label_nl: 'Afwijzing', label_en: 'Reject', count: 1, met: null },
      ],
    },
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
      grade_label_nl: 'Afwijzing',
      grade_label_en: 'Reject',
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
      grade_label_nl: 'Acceptabel',
      grade_label_en: 'Acceptable',
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

  it('names a fault’s grade once, by its own criterion with value and label: a failing PGMI among the criteria not met, in nl and en', () => {
    // a mixed evaluation: a chest's unmarked 1–3 grade and a mammogram's PGMI (P and G meet); a fault names its
    // grade's value and labels, not its criterion, which the view finds among the distributions
    const option = (value: string, nl: string, en: string, met: boolean | null) => ({ value, label_nl: nl, label_en: en, count: 1, met });
    const chest = {
      ...summary.grade_criteria[0]!,
      criterion_id: 'c-chest',
      form_code: 'chest-pa',
      options: [
        option('1', 'Herhaling nodig', 'Repeat needed', null),
        option('2', 'Diagnostisch, met tekortkomingen', 'Diagnostic, with faults', null),
        option('3', 'Optimaal', 'Optimal', null),
      ],
    };
    const pgmi = {
      ...summary.grade_criteria[0]!,
      criterion_id: 'c-pgmi',
      criterion_code: 'pgmi',
      label_nl: 'PGMI-oordeel',
      label_en: 'PGMI grade',
      form_code: 'mammo-mlo',
      options: [
        option('I', 'Inadequaat: herhalen', 'Inadequate: repeat', false),
        option('M', 'Matig', 'Moderate', false),
        option('G', 'Goed', 'Good', true),
        option('P', 'Perfect', 'Perfect', true),
      ],
    };
    const pgmiRow = {
      ...summary.criteria[0]!,
      criterion_code: 'pgmi',
      label_nl: 'PGMI-oordeel',
      label_en: 'PGMI grade',
      kind: 'grade' as const,
    };
    const fault = (position: number, criteria: string[], grade: string, on: typeof chest) => {
      const given = on.options.find((o) => o.value === grade)!;
      return {
        ...summary.faults[0]!,
        item_id: `i${position}`,
        position,
        sop_instance_uid: `1.1.${position}`,
        criteria,
        grade,
        grade_label_nl: given.label_nl,
        grade_label_en: given.label_en,
      };
    };
    const faults = [
      fault(1, ['pgmi'], 'M', pgmi),
      fault(2, ['exposure', 'pgmi'], 'I', pgmi),
      fault(3, ['exposure'], 'G', pgmi),
      fault(4, [], '2', chest),
    ];
    for (const language of ['en', 'nl'] as const) {
      const { unmount } = renderSummary(language, {
        criteria: [...summary.criteria, pgmiRow],
        grade_criteria: [chest, pgmi],
        faults,
      });
      const texts = screen
        .getAllByRole('button')
        .filter((b) => b.hasAttribute('data-iqs-item'))
        .map((b) => b.querySelector('.iqs-fault-detail')?.textContent);
      expect(texts).toEqual(
        language === 'en'
          ? [
              'Not met: PGMI grade: M (Moderate)',
              'Not met: Exposure, PGMI grade: I (Inadequate: repeat)',
              'Not met: Exposure · PGMI grade: G (Good)',
              'Overall grade: 2 (Diagnostic, with faults)',
            ]
          : [
              'Niet voldaan: PGMI-oordeel: M (Matig)',
              'Niet voldaan: Belichting, PGMI-oordeel: I (Inadequaat: herhalen)',
              'Niet voldaan: Belichting · PGMI-oordeel: G (Goed)',
              'Eindoordeel: 2 (Diagnostisch, met tekortkomingen)',
            ],
      );
      unmount();
    }
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

  it('shows one distribution per grade criterion, each with its label and form, its own options, in nl and en', () => {
    // a mixed evaluation: a chest's 1–3 overall grade and a mammogram's PGMI (P and G meet), plus a grade not given
    const option = (value: string, nl: string, en: string, count: number, met: boolean | null) => ({
      value,
      label_nl: nl,
      label_en: en,
      count,
      met,
    });
    const chest = {
      ...summary.grade_criteria[0]!,
      criterion_id: 'c-chest',
      form_code: 'chest-pa',
      form_title_nl: 'Thorax PA',
      form_title_en: 'Chest PA',
      options: [
        option('1', 'Herhaling nodig', 'Repeat needed', 0, null),
        option('2', 'Diagnostisch', 'Diagnostic', 1, null),
        option('3', 'Optimaal', 'Optimal', 3, null),
      ],
    };
    const pgmi = {
      ...chest,
      criterion_id: 'c-pgmi',
      criterion_code: 'pgmi',
      label_nl: 'PGMI-oordeel',
      label_en: 'PGMI grade',
      form_code: 'mammo-mlo',
      form_title_nl: 'Mammografie MLO',
      form_title_en: 'Mammography MLO',
      options: [
        option('I', 'Inadequaat', 'Inadequate', 0, false),
        option('M', 'Matig', 'Moderate', 1, false),
        option('G', 'Goed', 'Good', 1, true),
        option('P', 'Perfect', 'Perfect', 0, true),
      ],
    };
    const unused = { ...chest, criterion_id: 'c-ct', form_code: 'ct-chest', options: chest.options.map((o) => ({ ...o, count: 0 })) };
    const read = (container: HTMLElement) =>
      [...container.querySelectorAll<HTMLElement>('[data-iqs-grade-criterion]')].map((d) => ({
        criterion: d.dataset['iqsGradeCriterion'],
        form: d.dataset['iqsForm'],
        title: d.querySelector('h4')?.textContent,
        grades: [...d.querySelectorAll<HTMLElement>('[data-iqs-grade]')].map((g) => [
          g.dataset['iqsGrade'],
          g.dataset['iqsCount'],
          g.textContent,
        ]),
      }));
    for (const language of ['en', 'nl'] as const) {
      const { container, unmount } = renderSummary(language, { grade_criteria: [chest, unused, pgmi] });
      const nl = language === 'nl';
      expect(container.querySelector('h3 + [data-iqs-grade-criterion]')?.previousElementSibling?.textContent).toBe(
        nl ? 'Oordelen' : 'Grades',
      );
      // the chest's options and counts only under the chest, PGMI's under PGMI, each in its form's order; the
      // criterion never given is left out
      expect(read(container)).toEqual([
        {
          criterion: 'overall',
          form: 'chest-pa',
          title: nl ? 'Eindoordeel · Thorax PA' : 'Overall grade · Chest PA',
          grades: [
            ['1', '0', nl ? 'Herhaling nodig0 beelden (0%)' : 'Repeat needed0 images (0%)'],
            ['2', '1', nl ? 'Diagnostisch1 beeld (25%)' : 'Diagnostic1 image (25%)'],
            ['3', '3', nl ? 'Optimaal3 beelden (75%)' : 'Optimal3 images (75%)'],
          ],
        },
        {
          criterion: 'pgmi',
          form: 'mammo-mlo',
          title: nl ? 'PGMI-oordeel · Mammografie MLO' : 'PGMI grade · Mammography MLO',
          grades: [
            ['I', '0', nl ? 'Inadequaat0 beelden (0%)' : 'Inadequate0 images (0%)'],
            ['M', '1', nl ? 'Matig1 beeld (50%)' : 'Moderate1 image (50%)'],
            ['G', '1', nl ? 'Goed (voldoet)1 beeld (50%)' : 'Good (meets)1 image (50%)'],
            ['P', '0', nl ? 'Perfect (voldoet)0 beelden (0%)' : 'Perfect (meets)0 images (0%)'],
          ],
        },
      ]);
      unmount();
    }
  });

  it('shows a marked grade’s share met among the criteria (PGMI), an unmarked one not', () => {
    const pgmiRow = {
      ...summary.criteria[0]!,
      criterion_code: 'pgmi',
      label_en: 'PGMI grade',
      label_nl: 'PGMI-oordeel',
      kind: 'grade' as const,
      position: 8,
      answered: 2,
      met: 1,
      share_met: 0.5,
      previous_share_met: null,
      previous_answered: 0,
    };
    const { container } = renderSummary('en', { criteria: [...summary.criteria, pgmiRow] });
    const codes = [...container.querySelectorAll('tr[data-iqs-criterion]')].map((r) => r.getAttribute('data-iqs-criterion'));
    expect(codes).toContain('pgmi');
    expect(codes).not.toContain('overall');
    expect([...row('pgmi').children].map((c) => c.textContent)).toEqual(['PGMI grade', '50% 1 of 2 answers', '–', '–']);
  });

  it('says when there is nothing to compare with, no grades and no faults; speaks Dutch', () => {
    const { container } = renderSummary('nl', { compared_with: null, grade_criteria: [], faults: [] });
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
