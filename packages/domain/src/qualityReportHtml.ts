/**
 * A quality report as one complete HTML document for screen, print and PDF: the page shows it, the browser prints
 * it, `npx iqs report … --pdf` prints it with headless Chromium. Print: A4 pages (@page size A4) with the site,
 * period, author and date at the top of every page and "page n of m" at the bottom (@page margin boxes with
 * counter(page)/counter(pages), which Chromium supports), tables whose rows never split over two pages and whose
 * header repeats, nothing wider than the page. Everything is escaped: the report's texts are data, never markup.
 * Plain TypeScript: no React, no I/O.
 */
import type { QualityReport, ReportLanguage } from './qualityReport';
import { reportLabels } from './qualityReportLabels';
import {
  reportDocument,
  type Cell,
  type CellKind,
  type ReportDocument,
  type ReportSection,
  type ReportTable,
} from './qualityReportSections';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** a CSS string literal (for `content:` of the page's margin boxes) */
function cssString(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, ' ')}"`;
}

/** A cell as people read it, in the report's language. */
export function formatCell(value: Cell, kind: CellKind, language: ReportLanguage): string {
  if (value === null || value === '') return kind === 'text' ? '' : '–';
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'count':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'share':
      return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'change': {
      const points = new Intl.NumberFormat(locale, {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
        signDisplay: 'exceptZero',
      }).format(value * 100);
      return `${points} ${language === 'nl' ? 'pp' : 'pts'}`;
    }
    case 'measured':
      return new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 }).format(value);
    default:
      return String(value);
  }
}

/** The styles of the report: scoped to .iqs-report so that the page can hold it beside its own. */
export function reportStyles(doc: Pick<ReportDocument, 'site' | 'period' | 'author' | 'date' | 'language' | 'subject'>): string {
  const L = reportLabels(doc.language);
  const left = doc.subject ? `${doc.site} · ${doc.subject}` : doc.site;
  return `
@page {
  size: A4;
  margin: 22mm 15mm 18mm 15mm;
  @top-left { content: ${cssString(left)}; font: 8.5pt Arial, Helvetica, sans-serif; color: #444; }
  @top-center { content: ${cssString(doc.period)}; font: 8.5pt Arial, Helvetica, sans-serif; color: #444; }
  @top-right { content: ${cssString(`${doc.author} · ${doc.date}`)}; font: 8.5pt Arial, Helvetica, sans-serif; color: #444; }
  @bottom-right { content: ${cssString(`${L.page} `)} counter(page) ${cssString(` ${L.of} `)} counter(pages); font: 8.5pt Arial, Helvetica, sans-serif; color: #444; }
  @bottom-left { content: "IQS"; font: 8.5pt Arial, Helvetica, sans-serif; color: #888; }
}
.iqs-report { box-sizing: border-box; max-width: 190mm; margin: 0 auto; padding: 12mm 10mm; background: #fff; color: #111;
  font: 10pt/1.4 Arial, Helvetica, sans-serif; }
.iqs-report *, .iqs-report *::before, .iqs-report *::after { box-sizing: border-box; }
.iqs-report h1 { font-size: 18pt; margin: 0 0 2mm; color: #0b3d62; }
.iqs-report h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.6pt solid #0b3d62; color: #0b3d62;
  break-after: avoid; page-break-after: avoid; }
.iqs-report h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
.iqs-report .iqs-report-meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 5mm; margin: 0 0 4mm; font-size: 9.5pt; }
.iqs-report .iqs-report-meta dt { color: #555; }
.iqs-report .iqs-report-meta dd { margin: 0; font-weight: bold; }
.iqs-report .iqs-report-note { color: #444; font-size: 9pt; margin: 0 0 2mm; }
.iqs-report .iqs-report-figures { display: flex; flex-wrap: wrap; gap: 2mm; margin: 0 0 3mm; padding: 0; list-style: none;
  break-inside: avoid; page-break-inside: avoid; }
.iqs-report .iqs-report-figures li { flex: 1 1 24mm; border: 0.6pt solid #c8d3dd; border-radius: 1.5mm; padding: 1.5mm 2.5mm; min-width: 0; }
.iqs-report .iqs-report-figures .iqs-report-figure-label { display: block; font-size: 8pt; color: #555; }
.iqs-report .iqs-report-figures .iqs-report-figure-value { display: block; font-size: 13pt; font-weight: bold; }
.iqs-report .iqs-report-figures li.iqs-report-alert { border-color: #b3261e; }
.iqs-report .iqs-report-figures li.iqs-report-alert .iqs-report-figure-value { color: #b3261e; }
.iqs-report table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; font-size: 8.5pt; table-layout: auto; }
.iqs-report thead { display: table-header-group; }
.iqs-report tr { break-inside: avoid; page-break-inside: avoid; }
.iqs-report th { text-align: left; background: #e8eef3; border-bottom: 0.8pt solid #0b3d62; padding: 1mm 1.5mm; vertical-align: bottom; }
.iqs-report td { border-bottom: 0.4pt solid #d6dde3; padding: 0.8mm 1.5mm; vertical-align: top; overflow-wrap: anywhere; }
.iqs-report td.iqs-report-number, .iqs-report th.iqs-report-number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.iqs-report tr.iqs-report-alert td { color: #b3261e; font-weight: bold; }
.iqs-report .iqs-report-empty { color: #555; font-style: italic; margin: 0 0 3mm; }
.iqs-report .iqs-report-text { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 1mm solid #0b3d62; padding: 1mm 0 1mm 3mm; margin: 0; }
.iqs-report section { break-inside: auto; }
@media print {
  .iqs-report { max-width: none; margin: 0; padding: 0; }
}
`;
}

function tableHtml(table: ReportTable, language: ReportLanguage, showCaption: boolean): string {
  const heading = showCaption ? `<h3>${escapeHtml(table.caption)}</h3>` : '';
  if (table.rows.length === 0) return `${heading}<p class="iqs-report-empty">${escapeHtml(table.empty)}</p>`;
  const numeric = (kind: CellKind) => kind !== 'text' && kind !== 'date';
  const head = table.columns
    .map((c) => `<th scope="col"${numeric(c.kind) ? ' class="iqs-report-number"' : ''}>${escapeHtml(c.label)}</th>`)
    .join('');
  const body = table.rows
    .map((row) => {
      const cells = row.cells
        .map((value, i) => {
          const kind = table.columns[i]?.kind ?? 'text';
          return `<td${numeric(kind) ? ' class="iqs-report-number"' : ''}>${escapeHtml(formatCell(value, kind, language))}</td>`;
        })
        .join('');
      return `<tr${row.tone ? ` class="iqs-report-${row.tone}"` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `${heading}<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function sectionHtml(section: ReportSection, language: ReportLanguage): string {
  const parts = [`<h2>${escapeHtml(section.title)}</h2>`];
  if (section.note) parts.push(`<p class="iqs-report-note">${escapeHtml(section.note)}</p>`);
  if (section.figures && section.figures.length > 0) {
    parts.push(
      `<ul class="iqs-report-figures">${section.figures
        .map(
          (f) =>
            `<li${f.tone ? ` class="iqs-report-${f.tone}"` : ''}><span class="iqs-report-figure-label">${escapeHtml(f.label)}</span>` +
            `<span class="iqs-report-figure-value">${escapeHtml(formatCell(f.value, f.kind, language))}</span></li>`,
        )
        .join('')}</ul>`,
    );
  }
  const several = section.tables.length > 1;
  for (const table of section.tables) parts.push(tableHtml(table, language, several));
  if (section.text !== undefined) parts.push(`<p class="iqs-report-text">${escapeHtml(section.text)}</p>`);
  return `<section class="iqs-report-section" data-section="${escapeHtml(section.id)}">\n${parts.join('\n')}\n</section>`;
}

/** The report's body (inside .iqs-report): the title, who/what/when, and the sections. */
export function reportBodyHtml(doc: ReportDocument): string {
  const L = reportLabels(doc.language);
  const meta: Array<[string, string]> = [
    [L.site, doc.site],
    ...(doc.subject ? ([[L.person, doc.subject]] as Array<[string, string]>) : []),
    [L.period, doc.period],
    [L.author, doc.author],
    [L.date, doc.date],
  ];
  return `<article class="iqs-report" lang="${doc.language}">
<h1>${escapeHtml(doc.title)}</h1>
<dl class="iqs-report-meta">${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${doc.sections.map((s) => sectionHtml(s, doc.language)).join('\n')}
</article>`;
}

/** The whole HTML document (the CLI's PDF, a saved file). */
export function reportHtml(report: QualityReport, language: ReportLanguage, options: { author?: string; today?: string } = {}): string {
  const doc = reportDocument(report, language, options);
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${doc.title} · ${doc.site} · ${doc.period}`)}</title>
<style>
html, body { margin: 0; padding: 0; background: #fff; }
${reportStyles(doc)}
</style>
</head>
<body>
${reportBodyHtml(doc)}
</body>
</html>
`;
}
