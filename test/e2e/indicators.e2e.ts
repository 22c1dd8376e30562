/**
 * The visitatie indicators end to end on `npm start`'s demo data (issue 13), as their users would read them:
 *   - `npx iqs report indicators --from <year>-01-01 --to <year>-12-31 --per quarter --json` prints one object per
 *     indicator and quarter with the issue's keys first;
 *   - Fatima (quality officer) opens the section on /iqs for that year per quarter: every indicator's row shows, per
 *     quarter, the value and the numerator and denominator the CLI printed (the figures themselves are checked
 *     against the raw rows in backend/test/db/qualityIndicators.test.ts); a definition opens on demand; the CSV she
 *     downloads holds the labels and the same numbers;
 *   - Petra (radiographer) gets the same department figures, and the section names nobody.
 */
import { createServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { QUALITY_INDICATORS } from '@iqs/domain';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { signInOnPage } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { REPOSITORY_ROOT } from './support/repository';
import { openViewerPage, type ViewerPage } from './support/viewerPage';

jest.setTimeout(300_000);

interface Line {
  indicator: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  period: string;
}

let iqs: RunningIqs;
let browser: Browser;
let year: string;
let lines: Line[];
let names: string[];

beforeAll(async () => {
  iqs = await startIqs('indicators', {});
  const running = await findRunningLocalBackend(iqs.supabaseDir);
  if (!running?.url) throw new Error(`IQS's backend is not running in ${iqs.supabaseDir}`);
  const service = createServiceClient({ url: running.url, serviceRoleKey: apiKeys(await jwtSecretIn(iqs.supabaseDir)).serviceRoleKey });
  // the demo's year: that of its latest study
  const latest = await service.from('images').select('study_date').order('study_date', { ascending: false }).limit(1).single();
  if (latest.error) throw new Error(latest.error.message);
  year = String(latest.data.study_date).slice(0, 4);
  const people = await service.from('people').select('display_name');
  if (people.error) throw new Error(people.error.message);
  names = people.data.map((p) => p.display_name);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
});

let viewer: ViewerPage;
beforeEach(async () => {
  viewer = await openViewerPage(browser);
});
afterEach(async () => {
  expect(viewer.ourProblems()).toEqual([]);
  await viewer.close();
});

/** The section for the demo's year per quarter, once computed. */
async function openSection(page: Page): Promise<ReturnType<Page['locator']>> {
  const section = page.locator('[data-iqs-section="indicators"]');
  await section.waitFor({ timeout: 60_000 });
  await section.getByLabel('Year', { exact: true }).selectOption(year);
  await section.getByLabel('Per', { exact: true }).selectOption('quarter');
  await section.locator(`td[data-iqs-period^="${year}-10-01"]`).first().waitFor({ timeout: 60_000 });
  return section;
}

/** What a cell must say: the value as the page writes it, and "n of d" (or the change's "now …, before …"). */
function cellOf(line: Line): { value: string; counts: string } {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  if (line.indicator === 'reject_rate_change')
    return {
      value: line.value === null ? '—' : `${line.value > 0 ? '+' : ''}${(line.value * 100).toFixed(1)} pp`,
      counts: `now ${line.numerator === null ? '—' : pct(line.numerator)}, before ${line.denominator === null ? '—' : pct(line.denominator)}`,
    };
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-GB'));
  return { value: line.value === null ? '—' : pct(line.value), counts: `${n(line.numerator)} of ${n(line.denominator)}` };
}

test('iqs report indicators --json prints the demo year per quarter, the issue’s keys first', () => {
  const run = spawnSync(
    'npx',
    [
      'tsx',
      'backend/src/cli/main.ts',
      'report',
      'indicators',
      '--from',
      `${year}-01-01`,
      '--to',
      `${year}-12-31`,
      '--per',
      'quarter',
      '--json',
    ],
    { cwd: REPOSITORY_ROOT, env: { ...process.env, IQS_SUPABASE_DIR: iqs.supabaseDir }, encoding: 'utf8' },
  );
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const parsed = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line & Record<string, unknown>);
  for (const line of parsed) expect(Object.keys(line).slice(0, 5)).toEqual(['indicator', 'numerator', 'denominator', 'value', 'period']);
  expect(parsed).toHaveLength(4 * QUALITY_INDICATORS.length);
  // the demo has images and rejects in its year: the reject rate has a value in some quarter
  expect(parsed.some((l) => l.indicator === 'reject_rate' && l.value !== null && (l.denominator ?? 0) > 0)).toBe(true);
  lines = parsed;
});

test('Fatima reads every indicator per quarter as the CLI prints it, opens a definition and downloads the CSV', async () => {
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  const section = await openSection(page);
  for (const line of lines) {
    const cell = section.locator(`[data-iqs-indicator="${line.indicator}"] td[data-iqs-period="${line.period}"]`);
    const want = cellOf(line);
    expect({
      [`${line.indicator} ${line.period}`]: [
        await cell.locator('.iqs-indicator-value').innerText(),
        await cell.locator('.iqs-indicator-counts').innerText(),
      ],
    }).toEqual({
      [`${line.indicator} ${line.period}`]: [want.value, want.counts],
    });
  }
  const row = section.locator('[data-iqs-indicator="reject_reasons_recorded"]');
  await row.getByRole('button', { name: 'Definition' }).click();
  await expect(section.locator('.iqs-indicator-definition').innerText()).resolves.toContain('Denominator: rejected images');
  await viewer.screenshot('indicators-quality-officer');

  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/u, '');
  const rows = csv.trimEnd().split('\r\n');
  expect(rows[0]).toBe('Indicator,Period from,Period to,Numerator,Denominator,Value,Numerator is,Denominator is,Definition');
  expect(rows).toHaveLength(1 + lines.length);
  const rate = lines.find((l) => l.indicator === 'reject_rate' && l.period.startsWith(`${year}-01-01`)) as Line;
  expect(rows).toContainEqual(
    expect.stringMatching(new RegExp(`^Reject rate,${year}-01-01,${year}-03-31,${rate.numerator},${rate.denominator},`, 'u')),
  );
});

test('Petra (radiographer) gets the same department figures, and nobody is named', async () => {
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
  const section = await openSection(page);
  for (const line of lines) {
    const cell = section.locator(`[data-iqs-indicator="${line.indicator}"] td[data-iqs-period="${line.period}"] .iqs-indicator-counts`);
    expect(await cell.innerText()).toBe(cellOf(line).counts);
  }
  const text = await section.innerText();
  for (const name of names) expect(text).not.toContain(name);
});
