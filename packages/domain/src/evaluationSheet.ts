/**
 * An evaluation's answers as a CSV (one row per image and criterion) and as a print sheet (one complete A4 document:
 * the header with site, evaluation, evaluator, period and print date on every page, "page n of m", the criteria met,
 * the grades and the images with faults with what was not met). Both take the rows already in the reader's
 * language (the viewer's display rules name procedures and rooms: extensions/iqs-scoring/src/ui/display.ts); the
 * figures per criterion come from the evaluation's summary (evaluation_summary, computed in SQL). The sheet reuses
 * the quality reports' A4 machinery (qualityReportHtml.ts: @page rules, margin boxes, table styles).
 * Plain TypeScript: no React, no I/O.
 */
import type { EvaluationSummary, FaultyItem, ItemState } from './evaluation';
import { faultGradeAnswer, faultGradeCriterion, gradeDistributionTitle, showsShareMet } from './evaluation';
import { escapeHtml, formatCell, reportStyles } from './qualityReportHtml';
import { csvField } from './csv';

export type SheetLanguage = 'en' | 'nl';

/** One image × criterion, as people read it. */
export interface SheetRow {
  readonly itemId: string;
  /** the image's place in the worklist, 1… */
  readonly position: number;
  readonly state: ItemState;
  readonly procedure: string;
  readonly view: string;
  /** YYYY-MM-DD or '' */
  readonly date: string;
  readonly room: string;
  readonly criterion: string;
  /** the answer's label ('' when not answered) */
  readonly answer: string;
  /** whether the answer meets the criterion; null: it does not count (n/a, a grade, a comment, no answer) */
  readonly met: boolean | null;
  readonly remark: string;
}

/** What the header of every page says. */
export interface SheetHeader {
  readonly site: string;
  readonly evaluation: string;
  /** the kind: self-evaluation, peer review, quality analysis */
  readonly kind: string;
  /** null: not shown (a blind evaluation still open) */
  readonly evaluator: string | null;
  /** e.g. "1 Jan 2026 – 30 Jun 2026" */
  readonly period: string;
  /** the day it is printed, as people read it */
  readonly printed: string;
}

const LABELS = {
  en: {
    evaluation: 'Evaluation',
    image: 'Image',
    state: 'State',
    procedure: 'Procedure',
    view: 'View',
    date: 'Study date',
    room: 'Room',
    criterion: 'Criterion',
    answer: 'Answer',
    met: 'Met',
    remark: 'Remark',
    yes: 'yes',
    no: 'no',
    states: { to_do: 'to do', scored: 'scored', skipped: 'skipped' } as Record<ItemState, string>,
    site: 'Site',
    kind: 'Kind',
    evaluator: 'Evaluator',
    period: 'Period',
    printed: 'Printed',
    totals: '{items} images: {scored} scored, {skipped} skipped',
    criteria: 'Criteria met',
    share: 'Share met',
    answers: 'Met of answers',
    metOf: '{met} of {answered}',
    before: 'Before',
    change: 'Change',
    grades: 'Overall grade',
    grade: 'Grade',
    count: 'Images',
    faults: 'Images with faults',
    notMet: 'Not met',
    noFaults: 'Every scored image met all criteria.',
    noGrades: 'No overall grades given.',
    comparedWith: 'Compared with',
  },
  nl: {
    evaluation: 'Beoordeling',
    image: 'Beeld',
    state: 'Status',
    procedure: 'Onderzoek',
    view: 'Projectie',
    date: 'Onderzoeksdatum',
    room: 'Kamer',
    criterion: 'Criterium',
    answer: 'Antwoord',
    met: 'Voldaan',
    remark: 'Opmerking',
    yes: 'ja',
    no: 'nee',
    states: { to_do: 'te doen', scored: 'beoordeeld', skipped: 'overgeslagen' } as Record<ItemState, string>,
    site: 'Afdeling',
    kind: 'Soort',
    evaluator: 'Beoordelaar',
    period: 'Periode',
    printed: 'Afgedrukt',
    totals: '{items} beelden: {scored} beoordeeld, {skipped} overgeslagen',
    criteria: 'Criteria voldaan',
    share: 'Aandeel voldaan',
    answers: 'Voldaan van antwoorden',
    metOf: '{met} van {answered}',
    before: 'Eerder',
    change: 'Verschil',
    grades: 'Eindoordeel',
    grade: 'Oordeel',
    count: 'Beelden',
    faults: 'Beelden met tekortkomingen',
    notMet: 'Niet voldaan',
    noFaults: 'Elk beoordeeld beeld voldeed aan alle criteria.',
    noGrades: 'Geen eindoordelen gegeven.',
    comparedWith: 'Vergeleken met',
  },
} as const;

export function sheetLabels(language: SheetLanguage) {
  return LABELS[language];
}

const BOM = '\uFEFF';

/**
 * The CSV: RFC 4180 (comma-separated, CRLF, quoted where needed, formulas neutralised), UTF-8 with a byte order mark;
 * the header row in the reader's language; one row per image and criterion in worklist and form order.
 */
export function evaluationRowsCsv(evaluationName: string, rows: readonly SheetRow[], language: SheetLanguage): string {
  const L = LABELS[language];
  const header = [L.evaluation, L.image, L.state, L.procedure, L.view, L.date, L.room, L.criterion, L.answer, L.met, L.remark];
  const lines = rows.map((row) =>
    [
      evaluationName,
      row.position,
      L.states[row.state],
      row.procedure,
      row.view,
      row.date,
      row.room,
      row.criterion,
      row.answer,
      row.met === null ? '' : row.met ? L.yes : L.no,
      row.remark,
    ]
      .map(csvField)
      .join(','),
  );
  return BOM + [header.map(csvField).join(','), ...lines].join('\r\n') + '\r\n';
}

const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/** One image with faults on the sheet: where it was made and what it lacked. */
interface FaultLine {
  readonly position: number;
  readonly procedure: string;
  readonly view: string;
  readonly date: string;
  readonly room: string;
  readonly notMet: readonly string[];
  readonly grade: string | null;
  readonly remarks: readonly string[];
}

function faultLines(summary: EvaluationSummary, rows: readonly SheetRow[], language: SheetLanguage): FaultLine[] {
  // the Grade column names the grade's answer, "M (Moderate)"; its criterion only where the evaluation has grade
  // criteria worded differently (a chest's overall grade beside a mammogram's PGMI), to tell which scale it is on
  const given = summary.grade_criteria.filter((d) => d.options.some((o) => o.count > 0));
  const wordings = new Set(given.map((d) => (language === 'nl' ? d.label_nl : d.label_en)));
  const gradeText = (fault: FaultyItem): string | null => {
    const answer = faultGradeAnswer(fault, language);
    const criterion = wordings.size > 1 ? faultGradeCriterion(fault, summary.grade_criteria) : null;
    if (answer === null || criterion === null) return answer;
    return `${language === 'nl' ? criterion.label_nl : criterion.label_en}: ${answer}`;
  };
  return [...summary.faults]
    .sort((a, b) => a.position - b.position)
    .map((fault) => {
      const mine = rows.filter((row) => row.itemId === fault.item_id);
      const first = mine[0];
      return {
        position: fault.position,
        procedure: first?.procedure ?? '',
        view: first?.view ?? '',
        date: first?.date ?? '',
        room: first?.room ?? '',
        notMet: mine.filter((row) => row.met === false).map((row) => row.criterion),
        grade: gradeText(fault),
        remarks: mine.filter((row) => row.remark.trim() !== '').map((row) => `${row.criterion}: ${row.remark}`),
      };
    });
}

/** The sheet's body (inside .iqs-report): title, header facts, totals, criteria, grades, images with faults. */
export function evaluationSheetBodyHtml(
  summary: EvaluationSummary,
  header: SheetHeader,
  rows: readonly SheetRow[],
  language: SheetLanguage,
): string {
  const L = LABELS[language];
  const label = (item: { label_nl: string; label_en: string }): string => (language === 'nl' ? item.label_nl : item.label_en);
  const meta: Array<[string, string]> = [
    [L.site, header.site],
    [L.kind, header.kind],
    ...(header.evaluator !== null ? ([[L.evaluator, header.evaluator]] as Array<[string, string]>) : []),
    [L.period, header.period],
    [L.printed, header.printed],
  ];
  const criteria = [...summary.criteria].filter(showsShareMet).sort((a, b) => a.position - b.position);
  const criteriaRows = criteria
    .map((c) => {
      const change = c.share_met !== null && c.previous_share_met !== null ? c.share_met - c.previous_share_met : null;
      return (
        `<tr><td>${escapeHtml(label(c))}</td>` +
        `<td class="iqs-report-number">${escapeHtml(formatCell(c.share_met, 'share', language))}</td>` +
        `<td class="iqs-report-number">${escapeHtml(fill(L.metOf, { met: c.met, answered: c.answered }))}</td>` +
        `<td class="iqs-report-number">${escapeHtml(formatCell(c.previous_share_met, 'share', language))}</td>` +
        `<td class="iqs-report-number">${escapeHtml(formatCell(change, 'change', language))}</td></tr>`
      );
    })
    .join('\n');
  // one table per grade criterion: a chest's 1–3 and a mammogram's PGMI are different scales (migration 42)
  const given = summary.grade_criteria.filter((d) => d.options.some((o) => o.count > 0));
  const grades =
    given.length === 0
      ? `<p class="iqs-report-empty">${escapeHtml(L.noGrades)}</p>`
      : given
          .map((d) => {
            const total = d.options.reduce((sum, o) => sum + o.count, 0);
            return (
              `<table data-grade-criterion="${escapeHtml(d.criterion_id)}"><caption>${escapeHtml(gradeDistributionTitle(d, given, language))}</caption>` +
              `<thead><tr><th scope="col">${escapeHtml(L.grade)}</th><th scope="col" class="iqs-report-number">${escapeHtml(L.count)}</th>` +
              `<th scope="col" class="iqs-report-number">%</th></tr></thead><tbody>\n` +
              d.options
                .map(
                  (g) =>
                    `<tr><td>${escapeHtml(label(g))}</td><td class="iqs-report-number">${g.count}</td>` +
                    `<td class="iqs-report-number">${escapeHtml(formatCell(g.count / total, 'share', language))}</td></tr>`,
                )
                .join('\n') +
              `\n</tbody></table>`
            );
          })
          .join('\n');
  const faults = faultLines(summary, rows, language);
  const faultTable =
    faults.length === 0
      ? `<p class="iqs-report-empty">${escapeHtml(L.noFaults)}</p>`
      : `<table class="iqs-sheet-faults"><thead><tr>` +
        [L.image, L.procedure, L.view, L.date, L.room, L.notMet, L.grade, L.remark]
          .map((h, i) => `<th scope="col"${i === 0 ? ' class="iqs-report-number"' : ''}>${escapeHtml(h)}</th>`)
          .join('') +
        `</tr></thead><tbody>\n` +
        faults
          .map(
            (f) =>
              `<tr data-item-position="${f.position}"><td class="iqs-report-number">${f.position}</td><td>${escapeHtml(f.procedure)}</td>` +
              `<td>${escapeHtml(f.view)}</td><td>${escapeHtml(f.date)}</td><td>${escapeHtml(f.room)}</td>` +
              `<td>${escapeHtml(f.notMet.join('; '))}</td><td>${escapeHtml(f.grade ?? '')}</td><td>${escapeHtml(f.remarks.join('; '))}</td></tr>`,
          )
          .join('\n') +
        `\n</tbody></table>`;
  return (
    `<article class="iqs-report iqs-sheet" lang="${language}">
<h1>${escapeHtml(header.evaluation)}</h1>
<dl class="iqs-report-meta">${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<p class="iqs-report-note">${escapeHtml(fill(L.totals, { items: summary.items, scored: summary.scored, skipped: summary.skipped }))}</p>
<section class="iqs-report-section" data-section="criteria">
<h2>${escapeHtml(L.criteria)}</h2>
${summary.compared_with ? `<p class="iqs-report-note">${escapeHtml(`${L.comparedWith}: ${summary.compared_with}`)}</p>` : ''}
<table><thead><tr><th scope="col">${escapeHtml(L.criterion)}</th><th scope="col" class="iqs-report-number">${escapeHtml(L.share)}</th>` +
    `<th scope="col" class="iqs-report-number">${escapeHtml(L.answers)}</th><th scope="col" class="iqs-report-number">${escapeHtml(L.before)}</th>` +
    `<th scope="col" class="iqs-report-number">${escapeHtml(L.change)}</th></tr></thead><tbody>
${criteriaRows}
</tbody></table>
</section>
<section class="iqs-report-section" data-section="grades">
<h2>${escapeHtml(L.grades)}</h2>
${grades}
</section>
<section class="iqs-report-section" data-section="faults">
<h2>${escapeHtml(L.faults)}</h2>
${faultTable}
</section>
</article>`
  );
}

/** The sheet's styles: the reports' A4 rules with the sheet's header in the page margins. */
export function evaluationSheetStyles(header: SheetHeader, language: SheetLanguage): string {
  const author = header.evaluator ?? '';
  return (
    reportStyles({
      site: header.site,
      subject: header.evaluation,
      period: header.period,
      author: author,
      date: header.printed,
      language,
    }).replace(/content: " · ([^"]*)"/, 'content: "$1"') +
    // where an image was made reads on one line; what it lacked and the remarks take the rest of the width
    '.iqs-report .iqs-sheet-faults td:nth-child(-n+5) { white-space: nowrap; overflow-wrap: normal; }\n'
  );
}

/** The whole HTML document (a saved file; the page shows the body and the styles). */
export function evaluationSheetHtml(
  summary: EvaluationSummary,
  header: SheetHeader,
  rows: readonly SheetRow[],
  language: SheetLanguage,
): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${header.evaluation} · ${header.site}`)}</title>
<style>
html, body { margin: 0; padding: 0; background: #fff; }
${evaluationSheetStyles(header, language)}
</style>
</head>
<body>
${evaluationSheetBodyHtml(summary, header, rows, language)}
</body>
</html>
`;
}
