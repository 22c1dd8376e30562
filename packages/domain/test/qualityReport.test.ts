import { reportCsv } from '../src/qualityReportCsv';
import { formatCell, reportHtml } from '../src/qualityReportHtml';
import { isReportDate, reportPeriodOf } from '../src/qualityReport';
import { reportDocument } from '../src/qualityReportSections';
import { departmentReport, personalReport } from './qualityReportFixtures';

/** the text of an HTML document without its tags (entities as they read) */
const visibleText = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the quality report as HTML', () => {
  it('is a whole document: A4 pages with site, period, author and date on every page and page n of m', () => {
    const html = reportHtml(departmentReport, 'nl');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('size: A4');
    expect(html).toMatch(/@top-left \{ content: "Demo Ziekenhuis Radiologie"/);
    expect(html).toMatch(/@top-center \{ content: "1 oktober 2026 – 31 december 2026"/);
    expect(html).toMatch(/@top-right \{ content: "Fatima Mulder · 4 december 2026"/);
    expect(html).toContain('counter(page)');
    expect(html).toContain('counter(pages)');
    expect(html).toMatch(/tr \{ break-inside: avoid/);
    expect(html).toMatch(/thead \{ display: table-header-group/);
  });

  it('shows every section’s figures in Dutch and English', () => {
    const nl = visibleText(reportHtml(departmentReport, 'nl'));
    for (const text of [
      'Kwaliteitsrapport afdeling',
      'Afkeuranalyse',
      '12,5%',
      'Positionering',
      '(geen reden vastgelegd)',
      'X-Thorax',
      '15,0%',
      'Collimatie correct',
      '83,0%',
      '90,0%',
      '-7,0 pp',
      'Kamer 1',
      '0,123',
      'Boven DRN',
      'Te weinig opnamen',
      'Instelprotocol thorax herzien',
      'Gepland (over tijd)',
      'Les gegeven aan 14 laboranten',
      'Kwaliteitsanalyse',
      'Zelfevaluatie',
      'Positionering thorax bespreken.',
    ])
      expect({ text, found: nl.includes(text) }).toEqual({ text, found: true });
    const en = visibleText(reportHtml(departmentReport, 'en'));
    for (const text of [
      'Department quality report',
      'Reject analysis',
      '12.5%',
      'Chest X-ray',
      'Above DRL',
      '-7.0 pts',
      'Planned (overdue)',
      'Follow-up actions',
    ])
      expect({ text, found: en.includes(text) }).toEqual({ text, found: true });
  });

  it('escapes the report’s texts: a recommendation is text, never markup', () => {
    const html = reportHtml(departmentReport, 'nl');
    expect(html).toContain('Nieuwe DRN &lt;check&gt; &amp; &quot;meten&quot;.');
    expect(html).not.toContain('<check>');
    const hostile = reportHtml({ ...departmentReport, site: { code: 'x', name: 'A"; } body { display:none } @page { x: "' } }, 'en');
    expect(hostile).toContain('@top-left { content: "A\\"; } body { display:none } @page { x: \\""');
  });

  it('the personal report names its person, and shows own figures next to the department’s', () => {
    const text = visibleText(reportHtml(personalReport, 'nl'));
    for (const t of [
      'Persoonlijk kwaliteitsrapport',
      'Petra Jansen',
      'Eigen zelfevaluaties',
      '85,0%',
      '7,5%',
      '12,5%',
      '0,095',
      '0,123',
      'Geen in deze periode.',
      'Geen aanbevelingen vastgelegd.',
    ])
      expect({ t, found: text.includes(t) }).toEqual({ t, found: true });
    expect(reportHtml(personalReport, 'nl')).toMatch(/@top-left \{ content: "Demo Ziekenhuis Radiologie · Petra Jansen"/);
  });

  it('without an author (the command line) it says who made it', () => {
    expect(reportDocument({ ...departmentReport, author: null }, 'en').author).toBe('IQS command line');
    expect(reportDocument({ ...departmentReport, author: null }, 'en', { author: 'fatima' }).author).toBe('fatima');
  });

  it('tells reasons with the same words apart by their code', () => {
    const same = { images: 640, rate: null, without_reason: 0, wasted_dap_gy_cm2: null, flag: null };
    const reasons = [
      { ...same, key: 'positioning', label_nl: 'Positionering', label_en: 'Positioning', rejected: 9 },
      { ...same, key: '111211', label_nl: 'Positionering', label_en: 'Positioning', rejected: 6 },
      { ...same, key: 'motion', label_nl: 'Beweging', label_en: 'Motion', rejected: 1 },
    ];
    const text = visibleText(reportHtml({ ...departmentReport, rejects: { ...departmentReport.rejects, reasons } }, 'en'));
    expect(text).toContain('Positioning (positioning)');
    expect(text).toContain('Positioning (111211)');
    expect(text).toContain(' Motion ');
    expect(text).not.toContain('Motion (motion)');
  });

  it('formats cells per kind', () => {
    expect(formatCell(0.125, 'share', 'nl')).toBe('12,5%');
    expect(formatCell(-0.07, 'change', 'en')).toBe('-7.0 pts');
    expect(formatCell(null, 'share', 'en')).toBe('–');
    expect(formatCell(1234, 'count', 'nl')).toBe('1.234');
  });
});

describe('the quality report as CSV', () => {
  const rows = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

  it('one table per section with labels, not internal keys; shares as fractions', () => {
    const csv = reportCsv(departmentReport, 'nl');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = rows(csv);
    expect(lines).toContain('Afkeuranalyse: Per onderzoek');
    expect(lines).toContain('Onderzoek,Opnamen,Afgekeurd,Afkeurpercentage,Zonder reden,Signaal');
    expect(lines).toContain('X-Thorax,400,60,0.15,5,Boven onderzoeksgrens');
    expect(lines).toContain('Collimatie correct,100,83,0.83,0.9,-0.07');
    expect(lines).toContain('Kamer 1,X-Thorax,PA,DAP (Gy·cm²),212,0.1234,0.1,0.08,Boven DRN');
    expect(lines).toContain('Periode,2026-10-01,2026-12-31');
    for (const key of ['by_procedure', 'above_drl', 'in_progress', 'rejected_rate', 'previous_share', 'reject_analysis'])
      expect({ key, found: csv.includes(key) }).toEqual({ key, found: false });
    // every table: a title line, a header and its rows, then an empty line
    expect(lines.filter((l) => l === '').length).toBeGreaterThanOrEqual(8);
  });

  it('quotes texts with commas, quotes and line breaks (RFC 4180)', () => {
    const csv = reportCsv(departmentReport, 'en');
    expect(csv).toContain('"Positionering thorax bespreken.\nNieuwe DRN <check> & ""meten""."');
    expect(rows(reportCsv(personalReport, 'en'))).toContain('Reject rate (own),0.075');
  });
});

describe('report periods', () => {
  it('month, quarter and year of a day; real dates only', () => {
    expect(reportPeriodOf('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(reportPeriodOf('quarter', '2026-12-04')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(reportPeriodOf('year', '2024-06-30')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(isReportDate('2026-02-29')).toBe(false);
    expect(isReportDate('2024-02-29')).toBe(true);
    expect(isReportDate('2024-2-9')).toBe(false);
  });
});
