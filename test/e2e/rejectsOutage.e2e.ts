/**
 * No reject reason is lost: the backend (the local Supabase stand-in, run here in the test so it can be stopped) goes
 * away while Petra gives reasons to her rejects; she goes on with the keyboard, the panel says her reasons are
 * waiting, and when the backend is back they arrive, each once.
 */
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { type LocalBackend, startLocalBackend } from '@iqs/supabase-local';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { signInOnPage } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { giveReasonsWithKeyboard, waitForPickerOn } from './support/rejectFlow';
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
