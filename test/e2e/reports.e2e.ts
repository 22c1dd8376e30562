/**
 * The quality reports in the browser on `npm start`'s demo (issue 13), as their users would use them:
 *   - Fatima (quality officer) opens the department report for the demo's year from the launcher on /iqs: the report
 *     shows alone on its page with the reject figures this test computes from the raw rows; she writes the
 *     recommendations and saves them; the page's print path (Chromium's print of the page itself, print media, its
 *     @page rules) gives A4 pages holding the figures and the recommendations, the header and "Page n of m" on every
 *     page, and none of the toolbar; the CSV downloads with the same totals;
 *   - Petra (radiographer) can open only her own personal report: it names no colleague; the department report and
 *     a colleague's personal report read as not for her.
 * Screenshots and the printed PDF are left in IQS_TEST_KEEP_REPORTS when it is set (to look at).
 */
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pdfPages, squeeze } from '../support/pdfText';
import { launchChromium } from './support/chromium';
import { signInOnPage } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';

jest.setTimeout(300_000);

const COLLEAGUES_OF_PETRA = ['Daan Smit', 'Jürgen Müller', 'Fatima Mulder', 'Anna de Vries', 'Jeroen Bakker'];
const KEEP = process.env['IQS_TEST_KEEP_REPORTS'] ?? null;

let iqs: RunningIqs;
let browser: Browser;
let service: IqsServiceClient;
let folder: string;
let year: string;
/** the department's reject figures for the demo's year, counted here from the raw rows */
let expected: { images: number; rejected: number };

const enCount = (n: number) => new Intl.NumberFormat('en-GB').format(n);
const enShare = (x: number) =>
  new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);

beforeAll(async () => {
  iqs = await startIqs('reports', {});
  const running = await findRunningLocalBackend(iqs.supabaseDir);
  if (!running?.url) throw new Error(`IQS's backend is not running in ${iqs.supabaseDir}`);
  service = createServiceClient({ url: running.url, serviceRoleKey: apiKeys(await jwtSecretIn(iqs.supabaseDir)).serviceRoleKey });
  browser = await launchChromium();
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-reports-e2e-'));

  // every image, its reject reason and whether that counts (paged: the API returns at most 1000 rows)
  const all = async <T>(table: string, columns: string): Promise<T[]> => {
    const out: T[] = [];
    for (let offset = 0; ; offset += 1000) {
      const { data, error } = await (service.from as unknown as (t: string) => ReturnType<IqsServiceClient['from']>)(table)
        .select(columns)
        .order('id')
        .range(offset, offset + 999);
      if (error) throw new Error(`${table}: ${error.message}`);
      out.push(...(data as unknown as T[]));
      if ((data ?? []).length < 1000) return out;
    }
  };
  const rows = await all<{ id: string; study_date: string | null; rejected: boolean; modality: string; iocm_title: string | null }>(
    'images',
    'id, study_date, rejected, modality, iocm_title',
  );
  const reasons = new Map(
    (await all<{ id: string; counts_as_reject: boolean }>('reject_reasons', 'id, counts_as_reject')).map((r) => [r.id, r]),
  );
  const testQc = new Set(
    (await all<{ image_id: string; reason_id: string }>('rejects', 'id, image_id, reason_id'))
      .filter((r) => reasons.get(r.reason_id)?.counts_as_reject === false)
      .map((r) => r.image_id),
  );
  year = (
    rows
      .map((r) => r.study_date ?? '')
      .sort()
      .pop() as string
  ).slice(0, 4);
  const counted = rows.filter(
    (r) =>
      r.study_date !== null &&
      r.study_date.startsWith(year) &&
      !(r.rejected && testQc.has(r.id)) &&
      (r.rejected || r.iocm_title === null || !['113037', '113038', '113039'].includes(r.iocm_title)) &&
      r.modality !== 'MG' &&
      r.modality !== 'CT',
  );
  expected = { images: counted.length, rejected: counted.filter((r) => r.rejected).length };
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function signedIn(who: 'fatima' | 'petra'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${iqs.url}/iqs`);
  // the viewer's first load on a busy machine takes its time
  await page.locator('[data-iqs-account="sign-in"]').first().waitFor({ timeout: 180_000 });
  await signInOnPage(page, DEMO_PEOPLE[who].email, DEMO_PASSWORD);
  return { context, page };
}

const keep = (file: string) => {
  if (KEEP) copyFileSync(file, path.join(KEEP, path.basename(file)));
};

it('Fatima opens the department report for the year, writes the recommendations, prints it to A4 and downloads the CSV', async () => {
  const { context, page } = await signedIn('fatima');
  try {
    const section = page.locator('[data-iqs-section="reports"]');
    await section.waitFor({ timeout: 60_000 });
    await section.locator('[data-cy="report-kind"]').selectOption('department');
    await section.locator('[data-cy="report-period"]').selectOption('year');
    await section.locator('[data-cy="report-day"]').fill(`${year}-06-15`);
    if (KEEP) await section.screenshot({ path: path.join(KEEP, 'report-launcher.png') });
    await section.locator('[data-cy="report-open"]').click();
    await page.waitForURL(`**/iqs?report=department&from=${year}-01-01&to=${year}-12-31`);
    const report = page.locator('[data-cy="report"] .iqs-report');
    await report.waitFor({ timeout: 60_000 });
    // the report alone: none of the page's sections
    expect(await page.locator('[data-iqs-section="reports"]').count()).toBe(0);
    const text = squeeze(await report.innerText());
    for (const figure of [
      'Department quality report',
      enCount(expected.images),
      enCount(expected.rejected),
      enShare(expected.rejected / expected.images),
    ])
      expect({ figure, found: text.includes(squeeze(figure)) }).toEqual({ figure, found: true });

    const recommendation = 'Discuss chest positioning in the team meeting; repeat the reject analysis in March.';
    await page.locator('[data-cy="report-recommendations"]').fill(recommendation);
    await page.locator('[data-cy="report-save"]').click();
    await page.locator('[data-iqs-page="report"] .iqs-report-text', { hasText: recommendation }).waitFor({ timeout: 30_000 });
    if (KEEP) await page.screenshot({ path: path.join(KEEP, 'report-page.png'), fullPage: true });

    // the page's own print path: print media, the report's @page rules
    const pdfFile = path.join(folder, 'department-page.pdf');
    await page.emulateMedia({ media: 'print' });
    writeFileSync(pdfFile, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    keep(pdfFile);
    const pages = await pdfPages(pdfFile);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const [i, p] of pages.entries()) {
      expect({ page: i + 1, a4: Math.abs(p.width - 595.3) < 1.5 && Math.abs(p.height - 841.9) < 1.5 }).toEqual({ page: i + 1, a4: true });
      const pageText = squeeze(p.text);
      for (const header of ['Demo', 'Fatima Mulder', `1 January ${year}`, `Page ${i + 1} of ${pages.length}`])
        expect({ page: i + 1, header, found: pageText.includes(squeeze(header)) }).toEqual({ page: i + 1, header, found: true });
    }
    const printed = squeeze(pages.map((p) => p.text).join(' '));
    for (const figure of [enCount(expected.images), enShare(expected.rejected / expected.images), recommendation])
      expect({ figure, found: printed.includes(squeeze(figure)) }).toEqual({ figure, found: true });
    for (const screenOnly of ['Print / Save as PDF', 'Download CSV', 'Back to IQS', 'Save recommendations'])
      expect({ screenOnly, found: printed.includes(squeeze(screenOnly)) }).toEqual({ screenOnly, found: false });
    // in print media nothing is wider than the page
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(wide).toBeLessThanOrEqual(0);
    await page.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-cy="report-csv"]').click()]);
    const csvFile = path.join(folder, download.suggestedFilename());
    await download.saveAs(csvFile);
    keep(csvFile);
    const lines = readFileSync(csvFile, 'utf8')
      .replace(/^\uFEFF/u, '')
      .split('\r\n');
    expect(lines).toContain(`Images,${expected.images}`);
    expect(lines).toContain(`Rejected,${expected.rejected}`);
  } finally {
    await context.close();
  }
});

it('Petra opens her own personal report, which names no colleague; the department report and a colleague’s are not for her', async () => {
  const { context, page } = await signedIn('petra');
  try {
    const section = page.locator('[data-iqs-section="reports"]');
    await section.waitFor({ timeout: 60_000 });
    expect(await section.locator('[data-cy="report-kind"] option').allTextContents()).toEqual(['Personal report']);
    expect(await section.locator('[data-cy="report-person"]').count()).toBe(0);
    await section.locator('[data-cy="report-period"]').selectOption('year');
    await section.locator('[data-cy="report-day"]').fill(`${year}-03-01`);
    await section.locator('[data-cy="report-open"]').click();
    const report = page.locator('[data-cy="report"] .iqs-report');
    await report.waitFor({ timeout: 60_000 });
    expect(page.url()).toContain(`report=personal&person=${DEMO_PEOPLE.petra.personId}`);
    const text = await page.locator('[data-iqs-page="report"]').innerText();
    expect(text).toContain('Petra Jansen');
    for (const name of COLLEAGUES_OF_PETRA) expect({ name, found: text.includes(name) }).toEqual({ name, found: false });
    if (KEEP) await page.screenshot({ path: path.join(KEEP, 'report-personal.png'), fullPage: true });

    for (const address of [
      `/iqs?report=department&from=${year}-01-01&to=${year}-12-31`,
      `/iqs?report=personal&person=${DEMO_PEOPLE.daan.personId}&from=${year}-01-01&to=${year}-12-31`,
    ]) {
      await page.goto(`${iqs.url}${address}`);
      const error = page.locator('[data-cy="report-error"]');
      await error.waitFor({ timeout: 60_000 });
      expect(await error.innerText()).toContain('This report is not for you');
      expect(await page.locator('[data-cy="report"]').count()).toBe(0);
    }
    await page.goto(`${iqs.url}/iqs?report=department&from=${year}-12-31&to=${year}-01-01`);
    await page.locator('[data-iqs-page="report"][data-status="bad-address"]').waitFor({ timeout: 60_000 });
  } finally {
    await context.close();
  }
});
