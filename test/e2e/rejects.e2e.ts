/**
 * Reject analysis end to end on `npm start`'s demo data, as its users would try it:
 *   - Petra (radiographer) sees her rejects to explain on the IQS page, opens the first, and gives reasons to several
 *     with the keyboard only; each rejected image shows the Rejected mark in the panel and in the viewport overlay,
 *     and after each Enter the next one follows; the database holds her reasons, in her name;
 *   - Fatima (quality officer) reads the analysis by room and by reason: every figure equals what this test computes
 *     from the demo generator's manifest (with Petra's reasons); a drill-down opens the right image in the viewer;
 *   - `npx iqs analyze rejects --json` gives the same figures.
 * The tests run in this order and build on each other (one IQS, one database).
 */
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoManifest, readDemoManifest } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { signInOnPage, viewportSop } from './support/evaluationFlow';
import { giveReasonsWithKeyboard, waitForPickerOn } from './support/rejectFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { countedImages, type ExpectedRow, expectedRows, type RejectDimension, rejectsToExplain } from './support/rejectFigures';
import { DEMO_DIR, REPOSITORY_ROOT } from './support/repository';
import { until } from './support/until';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(300_000);

const REASONS_TO_GIVE = 4;

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;
let service: IqsServiceClient;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  iqs = await startIqs('rejects', {});
  const running = await findRunningLocalBackend(iqs.supabaseDir);
  if (!running?.url) throw new Error(`IQS's backend is not running in ${iqs.supabaseDir}`);
  service = createServiceClient({ url: running.url, serviceRoleKey: apiKeys(await jwtSecretIn(iqs.supabaseDir)).serviceRoleKey });
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

/** the reasons Petra gives: SOP Instance UID → reject_reasons.code */
const given = new Map<string, string>();

async function readRows(page: Page): Promise<Array<{ key: string; scope: string; rejected: number; total: number; without: number }>> {
  return page.$$eval('[data-cy="reject-row"]', (rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      return {
        key: data['key'] ?? '',
        scope: data['scope'] ?? '',
        rejected: Number(data['rejected']),
        total: Number(data['total']),
        without: Number(data['withoutReason']),
      };
    }),
  );
}

async function showAnalysis(page: Page, dimension: RejectDimension): Promise<void> {
  await page.selectOption('[data-cy="reject-dimension"]', dimension);
  await page.selectOption('[data-cy="reject-period"]', 'all');
  await page.waitForFunction((wanted) => {
    const section = document.querySelector<HTMLElement>('[data-cy="reject-analysis"]');
    return section?.dataset['dimension'] === wanted && section.dataset['period'] === 'all' && section.dataset['status'] === 'done';
  }, dimension);
}

/** What the page's table must hold for a dimension: the expected rows, keyed as the page keys them. */
function expectedOnPage(dimension: RejectDimension): Map<string, ExpectedRow> {
  return new Map([...expectedRows(countedImages(manifest, given), dimension)].map(([key, row]) => [key ?? '', row]));
}

test('Petra sees her rejects to explain and gives reasons with the keyboard only; the mark shows in panel and overlay', async () => {
  const { page } = viewer;
  const toExplain = rejectsToExplain(manifest, 'Jansen^Petra');
  expect(toExplain.length).toBeGreaterThanOrEqual(REASONS_TO_GIVE + 1);

  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
  const section = page.locator('[data-iqs-section="rejects-to-explain"]');
  await until(
    () => section.getAttribute('data-iqs-count'),
    (count) => count === String(toExplain.length),
    { what: 'the count of rejects to explain' },
  );
  const listed = await section
    .locator('[data-iqs-reject-item]')
    .evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset['iqsRejectItem']));
  expect(listed).toEqual(toExplain.map((r) => r.sop));
  await viewer.screenshot('rejects-petra-to-explain');

  await section.locator('[data-iqs-action="explain-start"]').click();
  const first = toExplain[0]?.sop ?? '';
  await waitForPickerOn(page, first);
  await waitForPixels(page);
  // the Rejected mark: in the IQS panel and in the viewport overlay, with the note's title
  await page
    .locator('[data-iqs-panel="reject"] [data-iqs-reject-mark="rejected"][data-iqs-iocm-title="113001"]')
    .waitFor({ timeout: 15_000 });
  await page
    .locator(`[data-iqs-overlay="reject"][data-iqs-image="${first}"][data-iqs-reject-mark="rejected"]`)
    .waitFor({ timeout: 15_000 });
  await viewer.screenshot('rejects-petra-picker');
  const reasons = await giveReasonsWithKeyboard(
    page,
    toExplain.slice(0, REASONS_TO_GIVE).map((r) => r.sop),
    toExplain[REASONS_TO_GIVE]?.sop ?? null,
  );
  for (const [sop, code] of reasons) given.set(sop, code);
  // the next image is marked too
  await page
    .locator(`[data-iqs-overlay="reject"][data-iqs-image="${toExplain[REASONS_TO_GIVE]?.sop}"][data-iqs-reject-mark="rejected"]`)
    .waitFor({ timeout: 15_000 });

  // every reason arrives, in Petra's name, from a person, once (an image may hold the modality's reason until hers
  // arrives: wait for hers, not for any row)
  const stored = await until(
    () => storedReasons([...given.keys()]),
    (rows) => rows.length === REASONS_TO_GIVE && rows.every((row) => row.source === 'person'),
    { what: "Petra's reasons in the database" },
  );
  expect(new Map(stored.map((r) => [r.sop, r.code]))).toEqual(given);
  for (const row of stored) expect(row).toMatchObject({ source: 'person', recorded_by: DEMO_PEOPLE.petra.personId });
  await viewer.screenshot('rejects-petra-after-reasons');
}, 240_000);

test("Fatima's analysis by room and by reason equals the demo's figures, and a drill-down opens the right image", async () => {
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  for (const dimension of ['room', 'reason'] as const) {
    await showAnalysis(page, dimension);
    const expected = expectedOnPage(dimension);
    const rows = await readRows(page);
    expect(rows.every((row) => row.scope === 'department')).toBe(true);
    expect(new Map(rows.map((row) => [row.key, { rejected: row.rejected, total: row.total }]))).toEqual(
      new Map([...expected].map(([key, row]) => [key, { rejected: row.rejected, total: row.total }])),
    );
    if (dimension === 'room')
      expect(new Map(rows.map((row) => [row.key, row.without]))).toEqual(
        new Map([...expected].map(([key, row]) => [key, row.withoutReason])),
      );
    await page.locator('[data-cy="reject-table"]').scrollIntoViewIfNeeded();
    await viewer.screenshot(`rejects-fatima-by-${dimension}`);
  }

  // the drill-down of the worst room's rejected images lists exactly those, and opens the one chosen
  await showAnalysis(page, 'room');
  const worst = manifest.intent.worstRoom.stationName;
  const room = page.locator(`[data-cy="reject-row"][data-key="${worst}"]`);
  await room.locator('[data-cy="reject-cell-rejected"]').click();
  const drill = page.locator('[data-cy="reject-drill"]');
  await until(
    () => drill.getAttribute('data-status'),
    (status) => status === 'done',
    { what: 'the drill-down' },
  );
  const listed = await drill
    .locator('[data-cy="reject-image"]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['sopInstanceUid'] ?? ''));
  const expectedSops = countedImages(manifest, given)
    .filter((image) => image.rejected && image.station === worst)
    .map((image) => image.sop);
  expect([...listed].sort()).toEqual([...expectedSops].sort());
  await viewer.screenshot('rejects-fatima-drill-down');
  const chosen = listed[1] ?? '';
  await drill.locator(`[data-cy="reject-image"][data-sop-instance-uid="${chosen}"] [data-cy="reject-image-open"]`).click();
  await until(
    () => viewportSop(page),
    (shown) => shown === chosen,
    { timeoutMs: 60_000, what: `the viewer showing ${chosen}` },
  );
  await waitForPixels(page);
  await page
    .locator(`[data-iqs-overlay="reject"][data-iqs-image="${chosen}"][data-iqs-reject-mark="rejected"]`)
    .waitFor({ timeout: 15_000 });
  await viewer.screenshot('rejects-fatima-drill-down-image');
}, 240_000);

test('npx iqs analyze rejects --json gives the same figures', () => {
  for (const by of ['room', 'reason', 'procedure', 'radiographer'] as const) {
    const run = spawnSync('npx', ['iqs', 'analyze', 'rejects', '--by', by, '--per', 'all', '--json'], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, IQS_SUPABASE_DIR: iqs.supabaseDir },
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const lines = run.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(
        (line) =>
          JSON.parse(line) as {
            by: string;
            key: string | null;
            label: string | null;
            period: string;
            rejected: number;
            total: number;
            without_reason: number;
            reasons: Record<string, number>;
            wasted_dap_gy_cm2: number;
            reject_rate: number;
          },
      );
    const expected = expectedRows(countedImages(manifest, given), by);
    // radiographers: the CLI keys people by id and labels them by name; the manifest knows them by OperatorsName
    const keyOf = (line: (typeof lines)[number]): string | null =>
      by === 'radiographer' ? (operatorNameOf(line.label) ?? line.key) : line.key;
    expect(
      new Map(
        lines.map((line) => [
          keyOf(line),
          { rejected: line.rejected, total: line.total, without_reason: line.without_reason, reasons: line.reasons },
        ]),
      ),
    ).toEqual(
      new Map(
        [...expected].map(([key, row]) => [
          key,
          { rejected: row.rejected, total: row.total, without_reason: row.withoutReason, reasons: row.reasons },
        ]),
      ),
    );
    for (const line of lines) {
      expect(line.by).toBe(by);
      expect(line.period).toBe('all');
      expect(line.reject_rate).toBeCloseTo(line.total > 0 ? line.rejected / line.total : 0, 10);
      const wanted = expected.get(keyOf(line))?.wastedDapGyCm2 ?? Number.NaN;
      expect(line.wasted_dap_gy_cm2 ?? 0).toBeCloseTo(wanted, 6);
    }
  }
});

/** The OperatorsName of a demo person, from the display name the analysis labels them with ("Petra Jansen" → "Jansen^Petra"). */
function operatorNameOf(displayName: string | null): string | null {
  if (displayName === null) return null;
  return (
    manifest.radiographers
      .map((r) => r.operatorName)
      .find((name) => {
        const [family, given] = name.split('^');
        return `${given} ${family}` === displayName;
      }) ?? null
  );
}

interface StoredReason {
  readonly sop: string;
  readonly code: string;
  readonly source: string;
  readonly recorded_by: string | null;
}

/** The reasons the database holds for these images (read as the service role, one table at a time). */
async function storedReasons(sops: readonly string[]): Promise<StoredReason[]> {
  const images = await service
    .from('images')
    .select('id, sop_instance_uid')
    .in('sop_instance_uid', [...sops]);
  if (images.error) throw new Error(images.error.message);
  const sopOf = new Map((images.data ?? []).map((i) => [i.id, i.sop_instance_uid]));
  const rejects = await service
    .from('rejects')
    .select('image_id, reason_id, source, recorded_by')
    .in('image_id', [...sopOf.keys()]);
  if (rejects.error) throw new Error(rejects.error.message);
  const reasons = await service.from('reject_reasons').select('id, code');
  if (reasons.error) throw new Error(reasons.error.message);
  const codeOf = new Map((reasons.data ?? []).map((r) => [r.id, r.code]));
  return (rejects.data ?? []).map((r) => ({
    sop: sopOf.get(r.image_id) ?? '',
    code: codeOf.get(r.reason_id) ?? '',
    source: r.source,
    recorded_by: r.recorded_by,
  }));
}
