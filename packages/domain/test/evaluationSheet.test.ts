import type { EvaluationSummary, SheetHeader, SheetRow } from '../src';
import { evaluationRowsCsv, evaluationSheetBodyHtml, evaluationSheetHtml, evaluationSheetStyles } from '../src';

const row = (over: Partial<SheetRow>): SheetRow => ({
  itemId: 'i1',
  position: 1,
  state: 'scored',
  procedure: 'Chest X-ray',
  view: 'PA',
  date: '2026-03-14',
  room: 'Kamer 1',
  criterion: 'Collimation',
  answer: 'Yes',
  met: true,
  remark: '',
  ...over,
});

const rows: SheetRow[] = [
  row({ criterion: 'Collimation', answer: 'Yes', met: true }),
  row({ criterion: 'Side marker', answer: 'No', met: false, remark: 'marker "L" over the apex, =SUM(A1)' }),
  row({ criterion: 'Overall grade', answer: 'Acceptable', met: null }),
  row({
    itemId: 'i2',
    position: 2,
    procedure: 'Knee X-ray',
    view: 'AP',
    date: '2026-03-15',
    room: 'Kamer 3 (CR)',
    criterion: 'Collimation',
    answer: 'No',
    met: false,
  }),
  row({
    itemId: 'i2',
    position: 2,
    procedure: 'Knee X-ray',
    view: 'AP',
    date: '2026-03-15',
    room: 'Kamer 3 (CR)',
    criterion: 'Side marker',
    answer: 'N/A',
    met: null,
  }),
  row({ itemId: 'i3', position: 3, state: 'skipped', criterion: 'Collimation', answer: '', met: null }),
];

const summary: EvaluationSummary = {
  evaluation_id: 'e1',
  items: 3,
  scored: 2,
  skipped: 1,
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
      previous_share_met: 0.75,
      previous_answered: 4,
    },
    {
      criterion_code: 'marker',
      label_nl: 'Zijdemarkering',
      label_en: 'Side marker',
      position: 2,
      kind: 'yes_no_na',
      answered: 1,
      met: 0,
      not_applicable: 1,
      share_met: 0,
      previous_share_met: null,
      previous_answered: 0,
    },
    {
      criterion_code: 'grade',
      label_nl: 'Eindoordeel',
      label_en: 'Overall grade',
      position: 3,
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
      criterion_id: 'c-grade',
      criterion_code: 'grade',
      label_nl: 'Eindoordeel',
      label_en: 'Overall grade',
      position: 3,
      form_code: 'knee-ap',
      form_title_nl: 'Knie AP',
      form_title_en: 'Knee AP',
      form_version: 1,
      options: [
        { value: '1', label_nl: 'Onvoldoende', label_en: 'Reject', count: 0, met: null },
        { value: '2', label_nl: 'Acceptabel', label_en: 'Acceptable', count: 1, met: null },
      ],
    },
  ],
  faults: [
    {
      item_id: 'i2',
      position: 2,
      image_id: 'img2',
      study_instance_uid: 's2',
      series_instance_uid: 'se2',
      sop_instance_uid: 'sop2',
      criteria: ['collimation'],
      grade: null,
    },
    {
      item_id: 'i1',
      position: 1,
      image_id: 'img1',
      study_instance_uid: 's1',
      series_instance_uid: 'se1',
      sop_instance_uid: 'sop1',
      criteria: ['marker'],
      grade: '2',
      grade_label_nl: 'Acceptabel',
      grade_label_en: 'Acceptable',
    },
  ],
};

const header: SheetHeader = {
  site: 'Ziekenhuis <Demo>',
  evaluation: 'Peer review – Petra Jansen 14 Mar 2026',
  kind: 'Peer review',
  evaluator: 'Anna de Vries',
  period: '1 Mar 2026 – 31 Mar 2026',
  printed: '4 Dec 2026',
};

/** A small RFC 4180 reader, written here to check the writer. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      out.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return out;
}

describe('the evaluation CSV: one row per image and criterion', () => {
  it('has a header in the reader’s language and every row with procedure, view, date, room, labels, met and remark', () => {
    const text = evaluationRowsCsv('Peer review, March', rows, 'en');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const table = parseCsv(text.slice(1));
    expect(table[0]).toEqual([
      'Evaluation',
      'Image',
      'State',
      'Procedure',
      'View',
      'Study date',
      'Room',
      'Criterion',
      'Answer',
      'Met',
      'Remark',
    ]);
    expect(table).toHaveLength(rows.length + 1);
    for (const [i, r] of rows.entries()) {
      expect(table[i + 1]).toEqual([
        'Peer review, March',
        String(r.position),
        r.state === 'skipped' ? 'skipped' : 'scored',
        r.procedure,
        r.view,
        r.date,
        r.room,
        r.criterion,
        r.answer,
        r.met === null ? '' : r.met ? 'yes' : 'no',
        // a remark that starts like a formula is neutralised; this one does not start so
        r.remark,
      ]);
    }
    // no internal keys: the faults read by their labels
    expect(text).not.toMatch(/(^|,)(collimation|side_marker|marker)(,|\r)/m);
  });

  it('speaks Dutch and neutralises text a spreadsheet would run', () => {
    const table = parseCsv(evaluationRowsCsv('=cmd', [row({ remark: '+1 te laag', met: false })], 'nl').slice(1));
    expect(table[0]).toEqual([
      'Beoordeling',
      'Beeld',
      'Status',
      'Onderzoek',
      'Projectie',
      'Onderzoeksdatum',
      'Kamer',
      'Criterium',
      'Antwoord',
      'Voldaan',
      'Opmerking',
    ]);
    expect(table[1]?.[0]).toBe("'=cmd");
    expect(table[1]?.[2]).toBe('beoordeeld');
    expect(table[1]?.[9]).toBe('nee');
    expect(table[1]?.[10]).toBe("'+1 te laag");
  });
});

describe('the print sheet', () => {
  it('prints on A4 with the site, evaluation, evaluator, period and print date on every page and page n of m', () => {
    const css = evaluationSheetStyles(header, 'en');
    expect(css).toContain('size: A4');
    expect(css).toContain('@top-left { content: "Ziekenhuis <Demo> · Peer review – Petra Jansen 14 Mar 2026"');
    expect(css).toContain('@top-center { content: "1 Mar 2026 – 31 Mar 2026"');
    expect(css).toContain('@top-right { content: "Anna de Vries · 4 Dec 2026"');
    expect(css).toMatch(/@bottom-right \{ content: "Page " counter\(page\) " of " counter\(pages\)/);
    // where an image was made stays on one line in the faults' table
    expect(css).toContain('.iqs-sheet-faults td:nth-child(-n+5) { white-space: nowrap;');
  });

  it('leaves the evaluator out when told (a blind evaluation still open), in the margins and in the facts', () => {
    const blind = { ...header, evaluator: null };
    expect(evaluationSheetStyles(blind, 'en')).toContain('@top-right { content: "4 Dec 2026"');
    const body = evaluationSheetBodyHtml(summary, blind, rows, 'en');
    expect(body).not.toContain('Anna de Vries');
    expect(body).not.toContain('Evaluator');
    expect(evaluationSheetBodyHtml(summary, header, rows, 'en')).toContain('<dt>Evaluator</dt><dd>Anna de Vries</dd>');
  });

  it('lists the criteria met, the grades and each image with faults with where it was made and what it lacked', () => {
    const body = evaluationSheetBodyHtml(summary, header, rows, 'en');
    expect(body).toContain('<h1>Peer review – Petra Jansen 14 Mar 2026</h1>');
    expect(body).toContain('<dd>Ziekenhuis &lt;Demo&gt;</dd>');
    expect(body).toContain('3 images: 2 scored, 1 skipped');
    // criteria: share, met of answered, before, change; no grade row among them
    expect(body).toMatch(
      /<td>Collimation<\/td><td class="iqs-report-number">50\.0%<\/td><td class="iqs-report-number">1 of 2<\/td><td class="iqs-report-number">75\.0%<\/td><td class="iqs-report-number">-25\.0 pts<\/td>/,
    );
    expect(body).not.toMatch(/<td>Overall grade<\/td><td class="iqs-report-number">/);
    // faults in worklist order, with the labels of what was not met, the grade's label and the remark
    const faultRows = [...body.matchAll(/<tr data-item-position="(\d+)">(.*?)<\/tr>/g)];
    expect(faultRows.map((m) => m[1])).toEqual(['1', '2']);
    expect(faultRows[0]?.[2]).toContain(
      '<td>Side marker</td><td>2 (Acceptable)</td><td>Side marker: marker &quot;L&quot; over the apex, =SUM(A1)</td>',
    );
    expect(faultRows[1]?.[2]).toContain('<td>Knee X-ray</td><td>AP</td><td>2026-03-15</td><td>Kamer 3 (CR)</td><td>Collimation</td>');
  });

  it('prints one grade table per grade criterion given, each with its own options under its label and form', () => {
    const chest = summary.grade_criteria[0]!;
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
        { value: 'M', label_nl: 'Matig', label_en: 'Moderate', count: 1, met: false },
        { value: 'G', label_nl: 'Goed', label_en: 'Good', count: 3, met: true },
      ],
    };
    const unused = { ...chest, criterion_id: 'c-none', options: chest.options.map((o) => ({ ...o, count: 0 })) };
    for (const language of ['en', 'nl'] as const) {
      const body = evaluationSheetBodyHtml({ ...summary, grade_criteria: [chest, unused, pgmi] }, header, rows, language);
      const tables = [...body.matchAll(/<table data-grade-criterion="([^"]+)"><caption>([^<]*)<\/caption>(.*?)<\/table>/gs)];
      expect(tables.map((m) => [m[1], m[2]])).toEqual([
        ['c-grade', language === 'en' ? 'Overall grade · Knee AP' : 'Eindoordeel · Knie AP'],
        ['c-pgmi', language === 'en' ? 'PGMI grade · Mammography MLO' : 'PGMI-oordeel · Mammografie MLO'],
      ]);
      const cells = (html: string) =>
        [...html.matchAll(/<tr><td>([^<]*)<\/td><td class="iqs-report-number">(\d+)<\/td>/g)].map((m) => `${m[1]}:${m[2]}`);
      expect(cells(tables[0]?.[3] ?? '')).toEqual(language === 'en' ? ['Reject:0', 'Acceptable:1'] : ['Onvoldoende:0', 'Acceptabel:1']);
      expect(cells(tables[1]?.[3] ?? '')).toEqual(language === 'en' ? ['Moderate:1', 'Good:3'] : ['Matig:1', 'Goed:3']);
    }
  });

  it('names a fault’s grade once in its Grade column, by value and label, with its criterion where grades are mixed', () => {
    const chest = summary.grade_criteria[0]!;
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
        { value: 'M', label_nl: 'Matig', label_en: 'Moderate', count: 1, met: false },
        { value: 'G', label_nl: 'Goed', label_en: 'Good', count: 3, met: true },
      ],
    };
    // a mammogram graded M: the fault names its grade's value and labels, not its criterion (migration 42)
    const mammo = {
      ...summary.faults[1]!,
      item_id: 'i3',
      position: 3,
      criteria: ['pgmi'],
      grade: 'M',
      grade_label_nl: 'Matig',
      grade_label_en: 'Moderate',
    };
    const gradeCells = (body: string) =>
      [...body.matchAll(/<tr data-item-position="(\d+)">(.*?)<\/tr>/g)].map((m) => {
        const cells = [...(m[2] ?? '').matchAll(/<td>([^<]*)<\/td>/g)].map((c) => c[1]);
        return `${m[1]}:${cells[5] ?? ''}`;
      });
    for (const language of ['en', 'nl'] as const) {
      const en = language === 'en';
      // one grade criterion: the column's heading says what it is
      const single = evaluationSheetBodyHtml(summary, header, rows, language);
      expect(gradeCells(single)).toEqual([en ? '1:2 (Acceptable)' : '1:2 (Acceptabel)', '2:']);
      // a chest's overall grade beside a mammogram's PGMI: each grade with its own criterion's label
      const mixed = evaluationSheetBodyHtml(
        { ...summary, grade_criteria: [chest, pgmi], faults: [...summary.faults, mammo] },
        header,
        rows,
        language,
      );
      expect(gradeCells(mixed)).toEqual([
        en ? '1:Overall grade: 2 (Acceptable)' : '1:Eindoordeel: 2 (Acceptabel)',
        '2:',
        en ? '3:PGMI grade: M (Moderate)' : '3:PGMI-oordeel: M (Matig)',
      ]);
    }
  });

  it('is a whole document in Dutch too', () => {
    const html = evaluationSheetHtml(summary, { ...header, kind: 'Intercollegiale toetsing' }, rows, 'nl');
    expect(html).toMatch(/^<!doctype html>\n<html lang="nl">/);
    expect(html).toContain('Beelden met tekortkomingen');
    expect(html).toContain('"Pagina " counter(page) " van " counter(pages)');
    expect(html).toContain('<dt>Beoordelaar</dt>');
  });
});
