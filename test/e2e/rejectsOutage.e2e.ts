/**
 * The reject worklist holds on to its image, and no reject reason is lost:
 *   - OHIF applies its hanging protocol only once every study of the URL has its series (a worklist of 25 studies):
 *     held back here, so that it lands after the worklist has shown its first image; the image and its picker stay;
 *   - the backend (the local Supabase stand-in, run here in the test so it can be stopped) goes away while Petra gives
 *     reasons to her rejects; she goes on with the keyboard, the panel says her reasons are waiting, and when the
 *     backend is back they arrive, each once.
 */
import { DEMO_PASSWORD, DEMO_PEOPLE, readDemoManifest } from '@iqs/demo-department';
import { type LocalBackend, startLocalBackend } from '@iqs/supabase-local';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { signInOnPage, viewportSop } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { giveReasonsWithKeyboard, readPicker, waitForPickerOn } from './support/rejectFlow';
import { DEMO_DIR } from './support/repository';
import { until } from './support/until';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(300_000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

let dataDir: string;
let supabasePort: number;
let viewerPort: number;
let backend: LocalBackend | null = null;
let iqs: RunningIqs;
let browser: Browser;
let viewer: ViewerPage;

const startBackend = async (): Promise<LocalBackend> =>
  startLocalBackend({
    dataDir,
    databaseUrl: null,
    port: supabasePort,
    host: '127.0.0.1',
    allowedOrigins: [`http://127.0.0.1:${viewerPort}`],
  });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'iqs-rejects-outage-supabase-'));
  [supabasePort, viewerPort] = [await freePort(), await freePort()];
  backend = await startBackend();
  iqs = await startIqs('rejects-outage', {
    IQS_PORT: String(viewerPort),
    SUPABASE_URL: backend.supabase.url,
    SUPABASE_ANON_KEY: backend.supabase.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: backend.supabase.serviceRoleKey,
  });
  browser = await launchChromium();
  viewer = await openViewerPage(browser);
});

afterAll(async () => {
  await viewer?.close();
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
  await backend?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Stored {
  readonly sop: string;
  readonly code: string;
  readonly source: string;
  readonly recorded_by: string | null;
  readonly audited: number;
}

/** Petra's reasons as the database holds them, with how many times each was recorded in the audit log. */
async function storedReasons(sops: readonly string[]): Promise<Stored[]> {
  if (!backend) throw new Error('the backend is not running');
  const { rows } = await backend.db.query<Stored>(
    `select i.sop_instance_uid as sop, rr.code, r.source, r.recorded_by,
            (select count(*)::int from public.audit_log a
              where a.action = 'reject.reason_recorded' and a.target_id = i.id::text) as audited
     from public.rejects r join public.images i on i.id = r.image_id join public.reject_reasons rr on rr.id = r.reason_id
     where i.sop_instance_uid = any($1::text[]) order by i.sop_instance_uid`,
    [sops],
  );
  return rows;
}

/** how long the series metadata of the worklist's other studies is held back (OHIF's hanging protocol waits for them) */
const HELD_BACK_MS = 8_000;

test("the worklist's image and its picker stay when OHIF applies its hanging protocol after the image is shown", async () => {
  // a page of its own: the next test signs in afresh
  const own = await openViewerPage(browser);
  const { page } = own;
  const manifest = await readDemoManifest(DEMO_DIR);
  if (!manifest) throw new Error(`No demo data in ${DEMO_DIR}`);
  // images that are not their series' first: the hanging protocol shows a series from its first image
  const notFirst = new Map<string, string>();
  for (const study of manifest.studies) {
    const bySeries = new Map<string, number>();
    for (const image of study.images) {
      const series = image.facts.series_instance_uid ?? '';
      const at = bySeries.get(series) ?? 0;
      bySeries.set(series, at + 1);
      if (at > 0 && image.facts.sop_instance_uid) notFirst.set(image.facts.sop_instance_uid, study.studyInstanceUid);
    }
  }
  await page.goto(`http://127.0.0.1:${viewerPort}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
  const section = page.locator('[data-iqs-section="rejects-to-explain"]');
  await section.locator('[data-iqs-reject-item]').first().waitFor({ timeout: 30_000 });
  const listed = await section
    .locator('[data-iqs-reject-item]')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['iqsRejectItem'] ?? ''));
  const chosen = listed.find((sop) => notFirst.has(sop));
  if (!chosen) throw new Error(`none of Petra's ${listed.length} rejects to explain is after the first image of its series`);
  const itsStudy = notFirst.get(chosen) ?? '';

  let held = 0;
  let released = 0;
  await page.route('**/dicomweb/studies/**', async (route) => {
    const url = route.request().url();
    if (url.includes(itsStudy) || !/\/series\/[^/]+\/metadata/.test(url)) return route.continue();
    held++;
    await new Promise((resolve) => setTimeout(resolve, HELD_BACK_MS));
    released++;
    return route.continue().catch(() => undefined);
  });
  try {
    await section.locator(`[data-iqs-reject-item="${chosen}"]`).click();
    await waitForPickerOn(page, chosen);
    // the hanging protocol is applied once the held-back series have arrived
    await until(
      () => Promise.resolve({ held, released }),
      (n) => n.held > 0 && n.released === n.held,
      { timeoutMs: 90_000, what: 'the held-back series metadata to be released' },
    );
    await page.waitForTimeout(3_000);
    expect(await viewportSop(page)).toBe(chosen);
    expect((await readPicker(page))?.sop).toBe(chosen);
    await waitForPixels(page);
    await own.screenshot('rejects-worklist-after-hanging-protocol');
  } finally {
    await page.unroute('**/dicomweb/studies/**');
    await own.close();
  }
});

test('reasons given while the backend is down are kept, shown as waiting, and arrive once each when it is back', async () => {
  const { page } = viewer;
  await page.goto(`http://127.0.0.1:${viewerPort}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
  const section = page.locator('[data-iqs-section="rejects-to-explain"]');
  await section.locator('[data-iqs-reject-item]').first().waitFor({ timeout: 30_000 });
  const listed = await section
    .locator('[data-iqs-reject-item]')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['iqsRejectItem'] ?? ''));
  expect(listed.length).toBeGreaterThanOrEqual(4);
  await section.locator('[data-iqs-action="explain-start"]').click();
  await waitForPickerOn(page, listed[0] ?? '');
  await waitForPixels(page);

  await backend?.close();
  backend = null;
  const given = await giveReasonsWithKeyboard(page, listed.slice(0, 3), listed[3] ?? null);
  const sync = page.locator('[data-iqs-reject-sync]');
  await page.locator('[data-iqs-reject-sync="waiting"][data-iqs-pending="3"]').waitFor({ timeout: 15_000 });
  await viewer.screenshot('rejects-outage-waiting');

  backend = await startBackend();
  await page.locator('[data-iqs-reject-sync="saved"]').waitFor({ timeout: 90_000 });
  expect(await sync.first().getAttribute('data-iqs-pending')).toBe('0');
  await viewer.screenshot('rejects-outage-saved');
  const stored = await storedReasons([...given.keys()]);
  expect(new Map(stored.map((r) => [r.sop, r.code]))).toEqual(given);
  for (const row of stored) expect(row).toMatchObject({ source: 'person', recorded_by: DEMO_PEOPLE.petra.personId, audited: 1 });
});
