/**
 * No score is lost: the backend (the local Supabase stand-in, run here in the test so it can be stopped) goes away
 * while a radiographer scores; she goes on, the panel says her answers are waiting, and when the backend is back
 * they arrive, each once. Also across a tab closed during the outage.
 */
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { type LocalBackend, startLocalBackend } from '@iqs/supabase-local';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import {
  type AnswerPlan,
  fillStartForm,
  type GivenAnswer,
  planForAnyForm,
  scoreWithKeyboard,
  signInOnPage,
  startEvaluation,
  waitForCurrentImage,
} from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
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

const startBackend = async (): Promise<LocalBackend> =>
  startLocalBackend({
    dataDir,
    databaseUrl: null,
    port: supabasePort,
    host: '127.0.0.1',
    allowedOrigins: [`http://127.0.0.1:${viewerPort}`],
  });

async function stopBackend(): Promise<void> {
  await backend?.close();
  backend = null;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'iqs-outage-supabase-'));
  [supabasePort, viewerPort] = [await freePort(), await freePort()];
  backend = await startBackend();
  // IQS with this backend named as a Supabase project: the stand-in is the test's to stop and start
  iqs = await startIqs('evaluation-outage', {
    IQS_PORT: String(viewerPort),
    SUPABASE_URL: backend.supabase.url,
    SUPABASE_ANON_KEY: backend.supabase.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: backend.supabase.serviceRoleKey,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
  await stopBackend();
  rmSync(dataDir, { recursive: true, force: true });
});

let viewer: ViewerPage;
beforeEach(async () => {
  viewer = await openViewerPage(browser);
});
afterEach(async () => {
  await viewer.close();
});

/** Every criterion met, but the collimation of the second image (fitted to each image's form: planForAnyForm). */
const plan: AnswerPlan = planForAnyForm((criterion, image) =>
  criterion.kind === 'yes_no_na'
    ? 'yes'
    : criterion.kind === 'scale'
      ? criterion.code === 'collimation' && image === 1
        ? '2'
        : '5'
      : criterion.kind === 'grade'
        ? '3'
        : criterion.code === 'exposure'
          ? 'good'
          : 'correct',
);

interface StoredScore {
  readonly item_id: string;
  readonly code: string;
  readonly value: string | null;
  readonly comment: string | null;
}

async function storedScores(evaluationId: string): Promise<StoredScore[]> {
  if (!backend) throw new Error('the backend is not running');
  const { rows } = await backend.db.query<StoredScore>(
    `select s.evaluation_item_id as item_id, c.code, s.value, s.comment
     from public.scores s join public.scoring_criteria c on c.id = s.criterion_id
     join public.evaluation_items i on i.id = s.evaluation_item_id
     where i.evaluation_id = $1 order by i.position, c.position`,
    [evaluationId],
  );
  return rows;
}

/** The answers as the database should hold them: one row per (item, criterion), in the worklist's order. */
function asStored(answers: ReadonlyArray<{ itemId: string; answers: readonly GivenAnswer[] }>): StoredScore[] {
  return answers.flatMap(({ itemId, answers: given }) =>
    given.map((a) => ({ item_id: itemId, code: a.code, value: a.value, comment: a.comment })),
  );
}

const byItemAndCode = (a: StoredScore, b: StoredScore): number => `${a.item_id}${a.code}`.localeCompare(`${b.item_id}${b.code}`);

async function scoreImages(page: Page, from: number, count: number): Promise<Array<{ itemId: string; answers: GivenAnswer[] }>> {
  const scored: Array<{ itemId: string; answers: GivenAnswer[] }> = [];
  for (let image = from; image < from + count; image++) {
    const current = await waitForCurrentImage(page, { after: scored.at(-1)?.itemId });
    await waitForPixels(page);
    scored.push({ itemId: current.itemId, answers: await scoreWithKeyboard(page, plan, image) });
    await page.locator(`button[data-iqs-item="${current.itemId}"][data-iqs-state="scored"]`).waitFor({ timeout: 15_000 });
  }
  return scored;
}

async function startSelfEvaluation(page: Page, size: number): Promise<string> {
  await page.goto(`http://127.0.0.1:${viewerPort}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
  await fillStartForm(page, { use: 'self', sampleSize: size });
  return startEvaluation(page);
}

describe('scoring through a backend outage', () => {
  it('keeps 3 images scored while the backend is down and stores each answer once when it is back', async () => {
    const { page } = viewer;
    const evaluationId = await startSelfEvaluation(page, 5);
    await waitForCurrentImage(page);
    await stopBackend();

    const scored = await scoreImages(page, 0, 3);
    // the panel says so: answers waiting, none lost
    const sync = page.locator('[data-iqs-sync]');
    expect(await sync.getAttribute('data-iqs-sync')).toBe('waiting');
    expect(Number(await sync.getAttribute('data-iqs-pending'))).toBeGreaterThan(0);
    await viewer.screenshot('evaluation-outage-waiting');

    backend = await startBackend();
    await page.locator('[data-iqs-sync="saved"]').waitFor({ timeout: 90_000 });
    await viewer.screenshot('evaluation-outage-saved');

    const stored = await storedScores(evaluationId);
    expect([...stored].sort(byItemAndCode)).toEqual(asStored(scored).sort(byItemAndCode));
    // and the three images are marked scored, the rest still to do
    const { rows: items } = await backend.db.query<{ state: string }>(
      'select state from public.evaluation_items where evaluation_id = $1 order by position',
      [evaluationId],
    );
    expect(items.map((i) => i.state)).toEqual(['scored', 'scored', 'scored', 'to_do', 'to_do']);
  });

  it('sends what was scored in a tab closed during the outage when the evaluation is opened again', async () => {
    const { page } = viewer;
    const evaluationId = await startSelfEvaluation(page, 3);
    const link = page.url();
    await waitForCurrentImage(page);
    await stopBackend();
    const scored = await scoreImages(page, 0, 2);
    // closed once the panel counts every answer and both images' states as kept in the browser
    const kept = scored.reduce((n, image) => n + image.answers.length, 0) + scored.length;
    await page.locator(`[data-iqs-sync="waiting"][data-iqs-pending="${kept}"]`).waitFor({ timeout: 15_000 });
    await page.close();

    backend = await startBackend();
    expect(await storedScores(evaluationId)).toEqual([]);
    const again = await viewer.page.context().newPage();
    await again.goto(link);
    await again.locator('[data-iqs-sync="saved"]').waitFor({ timeout: 90_000 });
    expect(await again.locator('button[data-iqs-item][data-iqs-state="scored"]').count()).toBe(2);
    const stored = await storedScores(evaluationId);
    expect([...stored].sort(byItemAndCode)).toEqual(asStored(scored).sort(byItemAndCode));
  });
});
