/**
 * A quality report as CSV: one table per section and table, each headed by a line with its title, then its column
 * labels (words in the report's language, not internal keys), its rows, and an empty line. The same sections as the
 * HTML (reportDocument). RFC 4180 with CRLF and a byte order mark (as the evaluation summary's CSV). Shares and
 * changes are fractions 0..1 with four decimals, doses as measured, counts as counts: machine-readable whatever the
 * reader's locale; unknown is empty. Plain TypeScript: no React, no I/O.
 */
import type { QualityReport, ReportLanguage } from './qualityReport';
import { reportLabels } from './qualityReportLabels';
import { reportDocument, type Cell, type CellKind } from './qualityReportSections';
import { csvField } from './csv';

function csvValue(value: Cell, kind: CellKind): string | number | null {
  if (value === null || typeof value === 'string') return value;
  if (!Number.isFinite(value)) return null;
  if (kind === 'share' || kind === 'change') return Math.round(value * 10_000) / 10_000;
  if (kind === 'measured') return Number(value.toPrecision(6));
  return value;
}

export function reportCsv(report: QualityReport, language: ReportLanguage, options: { author?: string; today?: string } = {}): string {
  const doc = reportDocument(report, language, options);
  const L = reportLabels(language);
  const lines: string[] = [];
  const line = (cells: Array<string | number | null>) => lines.push(cells.map((c) => csvField(c)).join(','));
  line([doc.title]);
  line([L.site, doc.site]);
  if (doc.subject) line([L.person, doc.subject]);
  line([L.period, report.period_from, report.period_to]);
  line([L.author, doc.author]);
  line([L.date, doc.date]);
  lines.push('');
  for (const section of doc.sections) {
    if (section.figures && section.figures.length > 0) {
      line([section.title]);
      for (const f of section.figures) line([f.label, csvValue(f.value, f.kind)]);
      lines.push('');
    }
    for (const table of section.tables) {
      line([table.caption === section.title ? section.title : `${section.title}: ${table.caption}`]);
      line(table.columns.map((c) => c.label));
      for (const row of table.rows) line(row.cells.map((c, i) => csvValue(c, table.columns[i]?.kind ?? 'text')));
      lines.push('');
    }
    if (section.text !== undefined) {
      line([section.title]);
      line([section.text]);
      lines.push('');
    }
  }
  return `\uFEFF${lines.join('\r\n')}`;
}
