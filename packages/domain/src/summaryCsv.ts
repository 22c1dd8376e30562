/**
 * An evaluation's summary as CSV for spreadsheets: RFC 4180 (comma-separated, CRLF line ends, fields quoted when
 * they hold a comma, a quote or a line break, quotes doubled), UTF-8 with a byte order mark so that Excel reads
 * "Thorax, staand" and "Ğ" right. One table with a header row; the first column says what a row is:
 *   total      key items | scored | skipped (count), compared_with (detail)
 *   criterion  key = criterion code: answered, met, not_applicable, share_met, previous_share_met,
 *              previous_answered, difference (share_met − previous_share_met)
 *   grade      key = grade value: count
 *   fault      key = the image's position in the worklist: detail = codes of the criteria not met, grade
 * Shares are fractions 0..1 with a decimal point (machine-readable whatever the reader's locale); unknown is empty.
 * Plain TypeScript: no React, no I/O.
 */
import type { EvaluationSummary } from './evaluation';

export const SUMMARY_CSV_COLUMNS = [
  'section',
  'key',
  'label',
  'answered',
  'met',
  'not_applicable',
  'share_met',
  'previous_share_met',
  'previous_answered',
  'difference',
  'count',
  'detail',
  'grade',
  'sop_instance_uid',
] as const;

type Column = (typeof SUMMARY_CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | null>>;

const BOM = '\uFEFF';

/** Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Numbers stay numbers (never neutralized: a negative difference is not a formula). */
function share(value: number | null): number | null {
  // four decimals: enough for a share of up to 10,000 answers, without float noise such as 0.30000000000000004
  return value === null || !Number.isFinite(value) ? null : Math.round(value * 10_000) / 10_000;
}

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(row: Row): string {
  return SUMMARY_CSV_COLUMNS.map((column) => csvField(row[column])).join(',');
}

export function summaryCsv(summary: EvaluationSummary, language: 'en' | 'nl'): string {
  const label = (item: { label_nl: string; label_en: string }): string => (language === 'nl' ? item.label_nl : item.label_en);
  const rows: Row[] = [
    { section: 'total', key: 'items', count: summary.items },
    { section: 'total', key: 'scored', count: summary.scored },
    { section: 'total', key: 'skipped', count: summary.skipped },
    { section: 'total', key: 'compared_with', detail: summary.compared_with },
  ];
  for (const criterion of [...summary.criteria].sort((a, b) => a.position - b.position)) {
    const difference =
      criterion.share_met !== null && criterion.previous_share_met !== null ? criterion.share_met - criterion.previous_share_met : null;
    rows.push({
      section: 'criterion',
      key: criterion.criterion_code,
      label: label(criterion),
      answered: criterion.answered,
      met: criterion.met,
      not_applicable: criterion.not_applicable,
      share_met: share(criterion.share_met),
      previous_share_met: share(criterion.previous_share_met),
      previous_answered: criterion.previous_answered,
      difference: share(difference),
    });
  }
  for (const grade of summary.grades) {
    rows.push({ section: 'grade', key: grade.value, label: label(grade), count: grade.count });
  }
  for (const fault of [...summary.faults].sort((a, b) => a.position - b.position)) {
    rows.push({
      section: 'fault',
      key: fault.position,
      detail: fault.criteria.join(' '),
      grade: fault.grade,
      sop_instance_uid: fault.sop_instance_uid,
    });
  }
  return BOM + [SUMMARY_CSV_COLUMNS.join(','), ...rows.map(line)].join('\r\n') + '\r\n';
}
