/**
 * Dose analysis end to end on `npm start`'s demo data (issue 11), as its users would try it:
 *   - Fatima (quality officer) reads the dose analysis on the IQS page with its defaults (DAP, by room, whole period,
 *     accepted images, adults only): the chest PA rows of every room, n, median, P25, P75, DRN, streefwaarde, band
 *     and reference set, equal what this test computes from the demo generator's manifest, the three bands in three
 *     rooms;
 *   - `npx iqs analyze dose --by room --procedure thorax --json` gives the same chest PA figures;
 *   - in the viewer (IQS mode, one image opened by URL) the panel and the overlay compare a DX chest PA image above the
 *     DRN, a CT image (CTDIvol and DLP) and an MG image (no reference yet, with the reason) with their references;
 *   - Jeroen (admin) adds the department's own chest PA DAP value and the analysis follows (the room between the new
 *     and the Dutch DRN goes above the DRN); he adopts the Belgian (FANC) mammography value for the mammography
 *     procedure, and the MG image then shows its comparison.
 * The tests run in this order and build on each other (one IQS, one database): the CLI runs before the reference
 * values change, the MG image's comparison is checked after Jeroen adopted its value.
 */
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoManifest, readDemoManifest } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import {
  dapImages,
  type DoseImage,
  type DoseReference,
  doseStatus,
  type ExpectedDoseRow,
  expectedDapRowsByRoom,
  expectedRowsByRoom,
  imageUrl,
  near,
  organDoseOf,
} from './support/doseFigures';
import { signInOnPage, viewportSop } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR, REPOSITORY_ROOT } from './support/repository';
import { until } from './support/until';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(300_000);

/** the Dutch DRN 2012 for chest PA (nl-drn-2012, for a 77 kg adult), in Gy·cm² */
const DUTCH_CHEST_PA: DoseReference = { drl: 0.12, target: 0.06, referenceSet: 'nl-drn-2012' };
/** the department's own chest PA value Jeroen adds (no set: a value of its own) */
const OWN_CHEST_PA: DoseReference = { drl: 0.08, target: 0.04, referenceSet: null };
const PROCEDURE = 'thorax';
const VIEW = 'PA';

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;
let service: IqsServiceClient;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  iqs = await startIqs('dose', {});
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

/** the site's minimum number of images per row, as the demo intends it (the page shows it; checked there) */
const minImages = (): number => manifest.doseIntent.chestPa.minImages;

interface RowOnPage {
  readonly key: string;
  readonly n: number;
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly drl: number;
  readonly target: number | null;
  readonly status: string;
  readonly referenceSet: string | null;
}

async function chestPaRows(page: Page): Promise<RowOnPage[]> {
  return analysisRows(page, PROCEDURE, VIEW);
}

/** The analysis's rows of one procedure and view, as their attributes say. */
async function analysisRows(page: Page, procedure: string, view: string): Promise<RowOnPage[]> {
  return page.$$eval(`[data-cy="dose-row"][data-procedure="${procedure}"][data-view="${view}"]`, (rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      const numberOrNull = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));
      return {
        key: data['key'] ?? '',
        n: Number(data['n']),
        median: Number(data['median']),
        p25: Number(data['p25']),
        p75: Number(data['p75']),
        drl: Number(data['drl']),
        target: numberOrNull(data['target']),
        status: data['status'] ?? '',
        referenceSet: data['referenceSet'] === '' ? null : (data['referenceSet'] ?? null),
      };
    }),
  );
}

/** The chest PA rows on the page equal the expected ones: the same rooms, each figure within the numbers' precision. */
function expectRowsEqual(rows: readonly RowOnPage[], expected: ReadonlyMap<string, ExpectedDoseRow>): void {
  expect(rows.map((row) => row.key).sort()).toEqual([...expected.keys()].sort());
  for (const row of rows) {
    const wanted = expected.get(row.key)!;
    expect({ key: row.key, n: row.n, status: row.status, referenceSet: row.referenceSet }).toEqual({
      key: wanted.key,
      n: wanted.n,
      status: wanted.status,
      referenceSet: wanted.referenceSet,
    });
    for (const figure of ['median', 'p25', 'p75', 'drl'] as const)
      expect({ key: row.key, figure, value: row[figure], near: near(row[figure], wanted[figure]) }).toEqual({
        key: row.key,
        figure,
        value: expect.any(Number),
        near: true,
      });
    expect(row.target === null ? null : near(row.target, wanted.target ?? Number.NaN)).toBe(wanted.target === null ? null : true);
  }
}

/** Waits until the dose analysis shows its answer to the current question. */
async function analysisDone(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-cy="dose-analysis"]')?.dataset['status'] === 'done', null, {
    timeout: 60_000,
  });
}

/** An image's comparison as the panel shows it: quantity → its row's attributes. */
async function panelRows(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.$$eval('[data-cy="dose-reference"] [data-cy="dose-reference-row"]', (rows) =>
    Object.fromEntries(
      rows.map((row) => {
        const data = (row as HTMLElement).dataset;
        return [
          data['iqsQuantity'] ?? '',
          {
            value: data['iqsValue'] ?? '',
            drl: data['iqsDrl'] ?? '',
            target: data['iqsTarget'] ?? '',
            percent: data['iqsPercent'] ?? '',
            status: data['iqsStatus'] ?? '',
            referenceSet: data['iqsReferenceSet'] ?? '',
            reason: data['iqsReason'] ?? '',
            text: row.textContent ?? '',
          },
        ];
      }),
    ),
  );
}

/** The overlay's comparison lines for an image: quantity → status and text. */
async function overlayLines(page: Page, sop: string): Promise<Record<string, { status: string; text: string }>> {
  return page.$$eval(`[data-cy="dose-overlay"][data-iqs-image="${sop}"] [data-cy="dose-overlay-line"]`, (lines) =>
    Object.fromEntries(
      lines.map((line) => [
        (line as HTMLElement).dataset['iqsQuantity'] ?? '',
        { status: (line as HTMLElement).dataset['iqsStatus'] ?? '', text: line.textContent ?? '' },
      ]),
    ),
  );
}

interface ExpectedComparison {
  readonly value: number;
  readonly drl: number | null;
  readonly target: number | null;
  readonly referenceSet: string | null;
}

/** Opens one image in the IQS mode, signed in as Fatima, and waits until it is drawn and its comparison is in. */
async function openImage(page: Page, { study, image }: DoseImage, quantities: readonly string[]): Promise<string> {
  const sop = image.facts.sop_instance_uid ?? '';
  await page.goto(imageUrl(iqs.url, study, image));
  await until(
    // (OHIF's services answer only once the viewer has started)
    () => viewportSop(page).catch(() => null),
    (shown) => shown === sop,
    { timeoutMs: 90_000, what: `the viewer showing ${sop}` },
  );
  await waitForPixels(page);
  await page.locator(`[data-cy="dose-reference"][data-iqs-image="${sop}"][data-iqs-status="ready"]`).waitFor({ timeout: 30_000 });
  await until(
    () => panelRows(page),
    (rows) => quantities.every((q) => q in rows),
    { what: `the panel's comparison of ${quantities.join(', ')} for ${sop}` },
  );
  // (the comparison sits below the image's facts in the IQS panel: in sight for the screenshots)
  await page.locator('[data-cy="dose-reference"]').scrollIntoViewIfNeeded();
  return sop;
}

/** The panel and the overlay compare the image's quantity with its reference as expected. */
async function expectComparison(page: Page, sop: string, quantity: string, expected: ExpectedComparison): Promise<void> {
  const row = (await panelRows(page))[quantity];
  expect(row).toBeDefined();
  const status = doseStatus(expected.value, expected.drl, expected.target);
  expect({ quantity, status: row?.status, referenceSet: row?.referenceSet, reason: row?.reason }).toEqual({
    quantity,
    status,
    referenceSet: expected.referenceSet ?? '',
    reason: expected.drl === null ? expect.stringMatching(/.+/u) : '',
  });
  expect(near(Number(row?.value), expected.value, 1e-6)).toBe(true);
  if (expected.drl === null) {
    expect({ drl: row?.drl, percent: row?.percent }).toEqual({ drl: '', percent: '' });
  } else {
    expect(near(Number(row?.drl), expected.drl)).toBe(true);
    expect(row?.target === '' ? null : Number(row?.target)).toBe(expected.target);
    // the panel writes the share of the DRN in whole percent
    const percent = (expected.value / expected.drl) * 100;
    expect(Math.abs(Number(row?.percent) - percent)).toBeLessThanOrEqual(0.5 + 1e-9);
    const lines = await until(
      () => overlayLines(page, sop),
      (found) => quantity in found,
      { what: `the overlay's ${quantity} line for ${sop}` },
    );
    expect(lines[quantity]?.status).toBe(status);
    expect(lines[quantity]?.text).toContain(String(Math.round(percent)));
  }
}

test('Fatima reads chest PA per room in its three bands, equal to the demo', async () => {
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  const section = page.locator('[data-cy="dose-analysis"]');
  await section.waitFor({ timeout: 60_000 });
  await analysisDone(page);
  // the defaults: DAP, by room, the whole period, accepted images, adults only
  expect({
    quantity: await page.inputValue('[data-cy="dose-quantity"]'),
    dimension: await page.inputValue('[data-cy="dose-dimension"]'),
    period: await page.inputValue('[data-cy="dose-period"]'),
    images: await page.inputValue('[data-cy="dose-images"]'),
    adultsOnly: await page.isChecked('[data-cy="dose-adults-only"]'),
  }).toEqual({ quantity: 'dap', dimension: 'room', period: 'all', images: 'accepted', adultsOnly: true });
  expect(await page.getAttribute('[data-cy="dose-min-images"]', 'data-min-images')).toBe(String(minImages()));

  const expected = expectedDapRowsByRoom(manifest, PROCEDURE, VIEW, DUTCH_CHEST_PA, minImages());
  // the demo's story holds in the test's own computation: the three bands, in three rooms (and one room with too few)
  const bands = [...expected.values()].map((row) => row.status);
  for (const band of ['above_drl', 'above_target', 'at_or_below_target'] as const) expect(bands).toContain(band);
  expect(new Map([...expected].map(([key, row]) => [key, row.status]))).toEqual(new Map(Object.entries(manifest.doseIntent.chestPa.rooms)));

  const rows = await chestPaRows(page);
  expectRowsEqual(rows, expected);
  await page.locator('[data-cy="dose-row"][data-procedure="thorax"][data-view="PA"]').first().scrollIntoViewIfNeeded();
  await viewer.screenshot('dose-fatima-chest-pa-by-room');
  // the charts open on chest PA, which has a reference: its DRN and streefwaarde are the lines of the distribution
  expect(await page.inputValue('[data-cy="dose-chart-procedure"]')).toBe(`${PROCEDURE}|${VIEW}`);
  await page.locator('[data-cy="dose-distribution"]').scrollIntoViewIfNeeded();
  await viewer.screenshot('dose-fatima-charts');
}, 240_000);

test('npx iqs analyze dose --by room --procedure thorax --json gives the same chest PA figures', () => {
  const run = spawnSync('npx', ['iqs', 'analyze', 'dose', '--by', 'room', '--procedure', PROCEDURE, '--json'], {
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
          procedure: string | null;
          view: string | null;
          by: string;
          key: string | null;
          period: string;
          quantity: string;
          unit: string;
          n: number;
          median: number;
          p25: number;
          p75: number;
          drl: number | null;
          target: number | null;
          status: string;
          reference_set: string | null;
        },
    );
  for (const line of lines) {
    expect(Object.keys(line)).toEqual([
      'procedure',
      'view',
      'by',
      'key',
      'period',
      'quantity',
      'unit',
      'n',
      'median',
      'p25',
      'p75',
      'drl',
      'target',
      'status',
      'reference_set',
    ]);
    expect({ procedure: line.procedure, by: line.by, period: line.period, quantity: line.quantity, unit: line.unit }).toEqual({
      procedure: PROCEDURE,
      by: 'room',
      period: 'all',
      quantity: 'dap',
      unit: 'Gy·cm²',
    });
  }
  const chestPa = lines.filter((line) => line.view === VIEW);
  expectRowsEqual(
    chestPa.map((line) => ({
      key: line.key ?? '',
      n: line.n,
      median: line.median,
      p25: line.p25,
      p75: line.p75,
      drl: line.drl ?? Number.NaN,
      target: line.target,
      status: line.status,
      referenceSet: line.reference_set,
    })),
    expectedDapRowsByRoom(manifest, PROCEDURE, VIEW, DUTCH_CHEST_PA, minImages()),
  );
});

/** the MG image of the viewer's tests: the first accepted mammogram with an organ dose (AGD) */
function mammogram(): DoseImage {
  const found = manifest.studies
    .filter((study) => study.procedure === manifest.doseIntent.mammography.procedure)
    .flatMap((study) => study.images.map((image) => ({ study, image })))
    .find(({ image }) => image.facts.modality === 'MG' && !image.rejected && (image.facts.organ_dose_mgy ?? null) !== null);
  if (!found) throw new Error('the demo has no mammogram with an organ dose');
  return found;
}

test('in the viewer, the panel and the overlay compare a DX chest PA image above the DRN, a CT image and an MG image (no reference yet)', async () => {
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);

  // (a) chest PA above the DRN: an image of the room whose median is above it (RAD-KAMER3, a CR room in the demo), and a DX image
  const aboveRoom = Object.entries(manifest.doseIntent.chestPa.rooms).find(([, band]) => band === 'above_drl')?.[0];
  const chestPa = dapImages(manifest, PROCEDURE, VIEW).filter(({ image }) => (image.facts.dap_gy_cm2 ?? 0) > DUTCH_CHEST_PA.drl);
  const fromRoom = chestPa.find(({ study }) => study.stationName === aboveRoom);
  const dx = chestPa.find(({ image }) => image.facts.modality === 'DX');
  if (!fromRoom || !dx) throw new Error(`no chest PA image above the DRN in ${aboveRoom}, or none of DX`);
  for (const [name, shown] of [
    [`${fromRoom.image.facts.modality?.toLowerCase()}-${fromRoom.study.stationName}`, fromRoom],
    [`dx-${dx.study.stationName}`, dx],
  ] as const) {
    const sop = await openImage(page, shown, ['dap']);
    await expectComparison(page, sop, 'dap', { value: shown.image.facts.dap_gy_cm2 ?? Number.NaN, ...DUTCH_CHEST_PA });
    await viewer.screenshot(`dose-viewer-${name}-above-drl`);
  }

  // (b) CT: CTDIvol of the image, DLP of the study's dose report, against the seed's site values for CT thorax
  const ctStudy = manifest.studies.find(
    (study) =>
      study.procedure === manifest.doseIntent.ct.procedure &&
      study.doseReport !== null &&
      study.images.some((image) => image.facts.modality === 'CT' && (image.facts.ctdivol_mgy ?? null) !== null),
  );
  const ctImage = ctStudy?.images.find((image) => image.facts.modality === 'CT' && (image.facts.ctdivol_mgy ?? null) !== null);
  if (!ctStudy || !ctImage) throw new Error('the demo has no CT image with a CTDIvol and a dose report');
  const ct = { study: ctStudy, image: ctImage };
  const ctSop = await openImage(page, ct, ['ctdivol', 'dlp']);
  await expectComparison(page, ctSop, 'ctdivol', {
    value: ctImage.facts.ctdivol_mgy ?? Number.NaN,
    drl: manifest.doseIntent.ct.drl,
    target: null,
    referenceSet: manifest.doseIntent.ct.referenceSet,
  });
  await expectComparison(page, ctSop, 'dlp', {
    value: ctStudy.doseReport?.dlpMgyCm ?? Number.NaN,
    drl: manifest.doseIntent.ct.dlp.drl,
    target: null,
    referenceSet: manifest.doseIntent.ct.referenceSet,
  });
  await viewer.screenshot('dose-viewer-ct');

  // (c) MG: the organ dose (AGD) has no reference yet (no Dutch value for mammography), and the panel says why
  const mg = mammogram();
  const mgSop = await openImage(page, mg, ['organ_dose']);
  await expectComparison(page, mgSop, 'organ_dose', {
    value: mg.image.facts.organ_dose_mgy ?? Number.NaN,
    drl: null,
    target: null,
    referenceSet: null,
  });
  expect((await panelRows(page))['organ_dose']?.status).toBe(manifest.doseIntent.mammography.defaultStatus);
  await viewer.screenshot('dose-viewer-mg-no-reference');
}, 300_000);

test("Jeroen adds the department's chest PA value and the analysis follows; he adopts the FANC mammography value", async () => {
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.jeroen.email, DEMO_PASSWORD);
  const procedures = await service.from('procedures').select('id, code');
  if (procedures.error) throw new Error(procedures.error.message);
  const idOf = (code: string): string => procedures.data.find((p) => p.code === code)?.id ?? '';

  const references = page.locator('[data-cy="dose-references"][data-status="done"][data-admin="true"]');
  await references.waitFor({ timeout: 60_000 });
  await analysisDone(page);
  const before = expectedDapRowsByRoom(manifest, PROCEDURE, VIEW, DUTCH_CHEST_PA, minImages());
  expectRowsEqual(await chestPaRows(page), before);

  // (i) the department's own chest PA DAP value
  await references.locator('[data-cy="ref-add"]').click();
  const form = references.locator('[data-cy="ref-form"]');
  await form.locator('[data-cy="ref-field-procedureId"]').selectOption(idOf(PROCEDURE));
  await form.locator('[data-cy="ref-field-quantity"]').selectOption('dap');
  await form.locator('[data-cy="ref-field-view"]').fill(VIEW);
  await form.locator('[data-cy="ref-field-value"]').fill(String(OWN_CHEST_PA.drl));
  await form.locator('[data-cy="ref-field-target"]').fill(String(OWN_CHEST_PA.target));
  await form.locator('[data-cy="ref-field-unit"]').selectOption('Gy·cm²');
  await form.locator('[data-cy="ref-field-label"]').fill('Thorax PA, own value');
  await form.locator('[data-cy="ref-field-source"]').fill('Department dose audit 2026');
  await viewer.screenshot('dose-jeroen-own-value-form');
  await form.locator('[data-cy="ref-save"]').click();
  await references.locator('[data-cy="ref-message"][data-kind="ok"]').waitFor({ timeout: 30_000 });
  await references
    .locator(
      `[data-cy="ref-site-value"][data-procedure="${PROCEDURE}"][data-quantity="dap"][data-view="${VIEW}"][data-drl="${OWN_CHEST_PA.drl}"]`,
    )
    .waitFor({ timeout: 30_000 });

  const after = expectedDapRowsByRoom(manifest, PROCEDURE, VIEW, OWN_CHEST_PA, minImages());
  // the room whose median lies between the new and the Dutch DRN: above the DRN now
  const between = [...before.values()].filter(
    (row) => row.status !== 'too_few' && row.median > OWN_CHEST_PA.drl && row.median <= DUTCH_CHEST_PA.drl,
  );
  expect(between.length).toBeGreaterThanOrEqual(1);
  for (const row of between) expect(after.get(row.key)?.status).toBe('above_drl');
  const rows = await until(
    () => chestPaRows(page),
    (found) => found.length > 0 && found.every((row) => near(row.drl, OWN_CHEST_PA.drl)),
    { timeoutMs: 60_000, what: "the analysis against the department's value" },
  );
  expectRowsEqual(rows, after);
  for (const row of between) expect(rows.find((r) => r.key === row.key)).toMatchObject({ status: 'above_drl', drl: OWN_CHEST_PA.drl });
  await page.locator('[data-cy="dose-row"][data-procedure="thorax"][data-view="PA"]').first().scrollIntoViewIfNeeded();
  await viewer.screenshot('dose-jeroen-analysis-with-own-value');

  // (ii) the Belgian mammography value (the general one, without a thickness) for the mammography procedure
  await references.locator('[data-cy="ref-set"]').selectOption(manifest.doseIntent.mammography.referenceSet);
  // the general one: FANC's value without a breast thickness (its DRN and streefwaarde differ from the others')
  const { drl: mgDrl, target: mgTarget, referenceSet: mgSet } = manifest.doseIntent.mammography;
  const fanc = references.locator(
    `[data-cy="ref-catalogue-value"][data-set="${mgSet}"][data-exam="mammography"][data-drl="${mgDrl}"][data-target="${mgTarget}"]`,
  );
  const found = await until(
    () =>
      references
        .locator(`[data-cy="ref-catalogue-value"][data-set="${mgSet}"]`)
        .evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).dataset['exam']} ${(r as HTMLElement).dataset['drl']}`)),
    (rows) => rows.some((row) => row === `mammography ${mgDrl}`),
    { what: `the general ${mgSet} mammography value in the catalogue` },
  );
  expect(found.filter((row) => row === `mammography ${mgDrl}`)).toHaveLength(1);
  await fanc.locator('[data-cy="ref-adopt-procedure"]').selectOption(idOf(manifest.doseIntent.mammography.procedure));
  await fanc.locator('[data-cy="ref-adopt"]').click();
  await references.locator('[data-cy="ref-message"][data-kind="ok"]').waitFor({ timeout: 30_000 });
  await references
    .locator(`[data-cy="ref-site-value"][data-procedure="${manifest.doseIntent.mammography.procedure}"][data-quantity="organ_dose"]`)
    .waitFor({ timeout: 30_000 });
  await fanc.scrollIntoViewIfNeeded();
  await viewer.screenshot('dose-jeroen-adopted-fanc-mammography');

  // the analysis of the organ dose (AGD) compares mammography with the value taken over
  await page.selectOption('[data-cy="dose-quantity"]', 'organ_dose');
  const mammo = manifest.doseIntent.mammography.procedure;
  const views = [
    ...new Set(
      manifest.studies
        .filter((study) => study.procedure === mammo)
        .flatMap((study) => study.images.map((image) => image.facts.view_position ?? '')),
    ),
  ].filter((view) => view !== '');
  expect(views.length).toBeGreaterThan(0);
  for (const view of views) {
    const expected = expectedRowsByRoom(
      manifest,
      mammo,
      view,
      organDoseOf,
      { drl: mgDrl, target: mgTarget, referenceSet: mgSet },
      minImages(),
    );
    const shown = await until(
      () => analysisRows(page, mammo, view),
      (found) => found.length > 0 && found.every((row) => near(row.drl, mgDrl)),
      { timeoutMs: 60_000, what: `the organ dose analysis of ${mammo} ${view} against the ${mgSet} value` },
    );
    expectRowsEqual(shown, expected);
  }
  await page.locator(`[data-cy="dose-row"][data-procedure="${mammo}"]`).first().scrollIntoViewIfNeeded();
  await viewer.screenshot('dose-jeroen-analysis-organ-dose-fanc');
}, 240_000);

test('after the FANC value was adopted, the MG image shows its comparison in the panel and the overlay', async () => {
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  const mg = mammogram();
  const sop = await openImage(page, mg, ['organ_dose']);
  await viewer.screenshot('dose-viewer-mg-after-adoption');
  await expectComparison(page, sop, 'organ_dose', {
    value: mg.image.facts.organ_dose_mgy ?? Number.NaN,
    drl: manifest.doseIntent.mammography.drl,
    target: manifest.doseIntent.mammography.target,
    referenceSet: manifest.doseIntent.mammography.referenceSet,
  });
}, 240_000);
