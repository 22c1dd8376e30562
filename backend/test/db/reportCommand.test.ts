/**
 * `iqs report department|personal` against the demo department (every image of the demo plan ingested as the
 * ingestion writes it), on PGlite (the reports' figures are checked on both engines by qualityReports.test.ts; this
 * suite checks the command and its PDF). The PDF is printed by Debian's Chromium (playwright-core) and read back by
 * Mozilla's PDF.js (pdfjs-dist): every page A4, the header and "page n of m" on every page, and the figures computed
 * here from the raw rows in its text. The report's HTML is laid out in Chromium's print media at the A4 content width:
 * nothing wider than the page. Exit codes: 0 done, 2 bad arguments (with a message), 1 no Chromium.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DEMO_PEOPLE, DEMO_SITE_ID, manifestOf, planDemoDepartment } from '@iqs/demo-department';
import { reportHtml, type DepartmentReport } from '@iqs/domain';
import { startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { pdfPages, squeeze } from '../../../test/support/pdfText';
import { MIGRATIONS, SEED } from './evaluationFixtures';
import { run } from '../../src/cli/main';

jest.setTimeout(600_000);

const CHROMIUM = process.env['IQS_CHROMIUM'] ?? '/usr/bin/chromium';
const manifest = manifestOf(planDemoDepartment());
const COLLEAGUES_OF_PETRA = ['Daan Smit', 'Jürgen Müller', 'Fatima Mulder', 'Anna de Vries', 'Jeroen Bakker'];

function demoRecords(): Array<Record<string, unknown>> {
  return manifest.studies.flatMap((study) =>
    study.images.map((image) => ({
      ...image.facts,
      object: 'image',
      protocol_name: null,
      series_description: image.facts.study_description,
      dlp_mgy_cm: null,
      rejected: image.rejected,
      source: 'demo',
    })),
  );
}

const nlCount = (n: number) => new Intl.NumberFormat('nl-NL').format(n);
const nlShare = (x: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);

describe('iqs report on pglite', () => {
  let env: TestSupabase;
  let service: SupabaseClient;
  let folder: string;
  let cliEnv: NodeJS.ProcessEnv;
  let from: string;
  let to: string;
  /** the department's reject figures for the period, from the raw rows */
  let expected: { images: number; rejected: number; thorax: number };

  const io = (out: string[] = [], err: string[] = []) => ({
    out: (l: string) => void out.push(l),
    err: (l: string) => void err.push(l),
    progress: { write: () => true } as never,
  });

  beforeAll(async () => {
    env = await startTestSupabase('pglite', { migrationsDir: MIGRATIONS, seedFile: SEED });
    service = env.client(env.supabase.serviceRoleKey);
    const records = demoRecords();
    for (let i = 0; i < records.length; i += 100) {
      const { error } = await service.rpc('ingest_records', { site: DEMO_SITE_ID, records: records.slice(i, i + 100) });
      if (error) throw new Error(`ingest_records: ${error.message}`);
    }
    folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-report-'));
    cliEnv = {
      SUPABASE_URL: env.supabase.url,
      SUPABASE_ANON_KEY: env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: env.supabase.serviceRoleKey,
      IQS_DATA_DIR: folder,
      IQS_REPORT_AUTHOR: 'Kwaliteitscommissie',
      IQS_CHROMIUM: CHROMIUM,
    };
    // the year of the demo's latest study
    const latest = (await env.db.query<{ d: string }>('select max(study_date)::text as d from public.images')).rows[0]?.d as string;
    from = `${latest.slice(0, 4)}-01-01`;
    to = `${latest.slice(0, 4)}-12-31`;
    // the reject analysis's patient images, counted here: no test/QC, no IOCM note of another kind, no MG or CT
    const rows = (
      await env.db.query<{ rejected: boolean; counts: boolean | null; iocm: string | null; modality: string; procedure: string | null }>(
        `select i.rejected, rr.counts_as_reject as counts, i.iocm_title as iocm, i.modality, p.code as procedure
         from public.images i left join public.rejects r on r.image_id = i.id left join public.reject_reasons rr on rr.id = r.reason_id
         left join public.procedures p on p.id = i.procedure_id
         where i.study_date between $1 and $2`,
        [from, to],
      )
    ).rows.filter(
      (r) =>
        !(r.rejected && r.counts === false) &&
        (r.rejected || r.iocm === null || !['113037', '113038', '113039'].includes(r.iocm)) &&
        r.modality !== 'MG' &&
        r.modality !== 'CT',
    );
    expected = {
      images: rows.length,
      rejected: rows.filter((r) => r.rejected).length,
      thorax: rows.filter((r) => r.procedure === 'thorax').length,
    };
    const saved = await service.from('report_recommendations').insert({
      site_id: DEMO_SITE_ID,
      kind: 'department',
      period_from: from,
      period_to: to,
      text: 'Positionering thorax bespreken in het werkoverleg.',
    });
    if (saved.error) throw new Error(saved.error.message);
  });

  afterAll(async () => {
    await env?.close();
    // IQS_TEST_KEEP_REPORTS=<folder>: keep the PDFs and CSV to look at
    const keep = process.env['IQS_TEST_KEEP_REPORTS'];
    if (keep && folder) cpSync(folder, keep, { recursive: true });
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('report department --pdf --csv: A4 pages with the header and page n of m, the figures in the text', async () => {
    const pdf = path.join(folder, 'afdeling.pdf');
    const csv = path.join(folder, 'afdeling.csv');
    const err: string[] = [];
    expect(await run(['report', 'department', '--from', from, '--to', to, '--pdf', pdf, '--csv', csv], cliEnv, io([], err))).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(err.join('\n')).toContain(`wrote ${pdf}`);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const [i, page] of pages.entries()) {
      // A4: 595.28 × 841.89 pt (Chromium rounds to whole CSS pixels: 595.92 × 842.88)
      expect({ page: i + 1, width: Math.abs(page.width - 595.3) < 1.5, height: Math.abs(page.height - 841.9) < 1.5 }).toEqual({
        page: i + 1,
        width: true,
        height: true,
      });
      const text = squeeze(page.text);
      // the header (site, period, author, date) and the page number on every page
      for (const expectedText of ['Demo', `Pagina${i + 1}van${pages.length}`, 'Kwaliteitscommissie', `1januari${from.slice(0, 4)}`])
        expect({ page: i + 1, expectedText, found: text.includes(squeeze(expectedText)) }).toEqual({
          page: i + 1,
          expectedText,
          found: true,
        });
    }
    const all = squeeze(pages.map((p) => p.text).join(' '));
    expect(expected.rejected).toBeGreaterThan(0);
    for (const figure of [
      'Kwaliteitsrapport afdeling',
      nlCount(expected.images),
      nlCount(expected.rejected),
      nlShare(expected.rejected / expected.images),
      'X-Thorax',
      'Positionering thorax bespreken in het werkoverleg.',
      'Dosis tegen DRN en streefwaarde',
      'Verbeteracties',
    ])
      expect({ figure, found: all.includes(squeeze(figure)) }).toEqual({ figure, found: true });
    // the CSV: the same totals, machine-readable
    const lines = readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/u, '')
      .split('\r\n');
    expect(lines).toContain(`Opnamen,${expected.images}`);
    expect(lines).toContain(`Afgekeurd,${expected.rejected}`);
  });

  it('report department --json prints the report; its HTML is no wider than the A4 page in print media', async () => {
    const out: string[] = [];
    expect(await run(['report', 'department', '--from', from, '--to', to, '--json', '--language', 'en'], cliEnv, io(out))).toBe(0);
    const report = JSON.parse(out.join('\n')) as DepartmentReport;
    expect({ images: report.rejects.images, rejected: report.rejects.rejected }).toEqual({
      images: expected.images,
      rejected: expected.rejected,
    });
    expect(report.rejects.by_procedure.find((r) => r.key === 'thorax')?.images).toBe(expected.thorax);

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      // A4 less the page's 15 mm side margins: 180 mm at 96 px per inch
      const width = Math.floor((180 / 25.4) * 96);
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      await page.setContent(reportHtml(report, 'nl'), { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const overflow = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
          .map((e) => `${e.tagName}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`);
        return { scroll: document.documentElement.scrollWidth, limit, wide: wide.slice(0, 5) };
      });
      expect(overflow.wide).toEqual([]);
      expect(overflow.scroll).toBeLessThanOrEqual(overflow.limit);
    } finally {
      await browser.close();
    }
  });

  it('report personal --person <display name>: her report names no colleague', async () => {
    const pdf = path.join(folder, 'petra.pdf');
    expect(await run(['report', 'personal', '--person', 'Petra Jansen', '--from', from, '--to', to, '--pdf', pdf], cliEnv, io())).toBe(0);
    const text = (await pdfPages(pdf)).map((p) => p.text).join(' ');
    expect(squeeze(text)).toContain(squeeze('Persoonlijk kwaliteitsrapport'));
    expect(squeeze(text)).toContain('PetraJansen');
    for (const name of COLLEAGUES_OF_PETRA) expect({ name, found: squeeze(text).includes(squeeze(name)) }).toEqual({ name, found: false });
    // by id too
    const out: string[] = [];
    expect(
      await run(['report', 'personal', '--person', DEMO_PEOPLE.petra.personId, '--from', from, '--to', to, '--json'], cliEnv, io(out)),
    ).toBe(0);
    expect(JSON.parse(out.join('')).person.display_name).toBe('Petra Jansen');
  });

  it('bad arguments exit 2 with a message; a missing Chromium exits 1 saying what is missing', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['report', 'department', '--from', '2026-02-30', '--to', to, '--pdf', 'x.pdf'],
        '--from must be a date as YYYY-MM-DD, not 2026-02-30',
      ],
      [
        ['report', 'department', '--from', from, '--to', '31-12-2026', '--pdf', 'x.pdf'],
        '--to must be a date as YYYY-MM-DD, not 31-12-2026',
      ],
      [['report', 'department', '--from', to, '--to', from, '--pdf', 'x.pdf'], `--from ${to} is after --to ${from}`],
      [['report', 'department', '--to', to, '--pdf', 'x.pdf'], 'report department needs --from YYYY-MM-DD'],
      [['report', 'department', '--from', from, '--to', to], 'needs an output'],
      [['report', 'personal', '--from', from, '--to', to, '--pdf', 'x.pdf'], 'report personal needs --person'],
      [['report', 'personal', '--person', 'Niemand', '--from', from, '--to', to, '--json'], 'no person "Niemand" in this site'],
      [['report', 'department', '--from', from, '--to', to, '--json', '--language', 'de'], '--language must be nl or en'],
      [['report', 'weekly'], 'report takes indicators, department'],
    ];
    for (const [argv, message] of cases) {
      const err: string[] = [];
      const code = await run(argv, cliEnv, io([], err));
      expect({ argv, code, message: err.join('\n').includes(message) }).toEqual({ argv, code: 2, message: true });
    }
    const missing = path.join(folder, 'missing.pdf');
    const err: string[] = [];
    const code = await run(
      ['report', 'department', '--from', from, '--to', to, '--pdf', missing],
      { ...cliEnv, IQS_CHROMIUM: '/nonexistent/chromium' },
      io([], err),
    );
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('no Chromium at /nonexistent/chromium');
    expect(err.join('\n')).toContain('IQS_CHROMIUM');
    expect(existsSync(missing)).toBe(false);
  });
});
