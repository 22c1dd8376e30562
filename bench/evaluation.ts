/**
 * npm run bench:evaluation — how fast scoring moves on, how fast an evaluation opens, and how fast a sample is drawn.
 *
 * 1. In headless Chromium on the demo data (`npm start`'s embedded defaults, started here on free ports): Petra
 *    starts a self-evaluation of 21 images and scores them with the keyboard; for each of the 20 "Save and next"
 *    presses, the time from the Enter key to the next image drawn in the viewport (cornerstone's IMAGE_RENDERED
 *    with that image on the stack). Next to it, in the same run, the cold load of the same 20 images: each one's
 *    deep link (the evaluation with &iqsItem=) in a new browser context (no cache, nothing warm), from navigation
 *    start to the image drawn. Targets (issue 14): save-and-next median <= 100 ms and <= 0.015 x the cold load.
 * 2. Opening an evaluation of 100 images against one of 5 (issue 14, item 8): Fatima starts a quality analysis of
 *    each, both of chest X-rays (the demo's 196 accepted ones), so that both open at the same kind of image (a CT
 *    series or a mammogram first would weigh more than the sample's size); each one's viewer URL, as /iqs opened it, in a new browser context (cold, the same measure as above: navigation start to its
 *    first image drawn), alternating, OPEN_RUNS times each. Target: 100 images <= 1.2 x 5 images. For comparison,
 *    the 100 with the URL naming every sampled study (as evaluations opened before issue 14).
 * 3. The sampling function on an index of 3 million images on PostgreSQL 15, next to one count(*) over the same
 *    table (bench/evaluationSampling.ts).
 *
 * Output: one line per figure, "<figure>: <value> <unit>"; progress goes to stderr. `--browser-only` skips part 3,
 * `--sampling-only` parts 1 and 2, `--open-only` parts 1 and 3.
 */
import { readSettings } from '@iqs/config';
import { DEMO_PASSWORD, DEMO_PEOPLE, readDemoManifest } from '@iqs/demo-department';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startIqs } from '../platform/viewer/src/start';
import {
  type AnswerPlan,
  fillStartForm,
  readWorklist,
  scoreWithKeyboard,
  signInOnPage,
  startEvaluation,
  viewportSop,
  waitForCurrentImage,
} from '../test/e2e/support/evaluationFlow';
import { samplingFigures } from './evaluationSampling';

const TRANSITIONS = 20;
/** the two evaluation sizes opened cold, and how often each */
const SMALL_SAMPLE = 5;
const LARGE_SAMPLE = 100;
const OPEN_RUNS = 5;
/** the procedure both opening samples are drawn from, as the start form labels it in English */
const OPEN_PROCEDURE = 'Chest X-ray';
const CHROMIUM = process.env['IQS_CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const everyCriterionMet: AnswerPlan = (criterion) =>
  criterion.kind === 'yes_no_na'
    ? 'yes'
    : criterion.kind === 'scale'
      ? '4'
      : criterion.kind === 'grade'
        ? (criterion.options.at(-1)?.value ?? '')
        : (criterion.options.find((o) => o.value === 'good' || o.value === 'correct')?.value ?? criterion.options[0]?.value ?? '');

/**
 * Records, in the page, every image cornerstone draws (performance.now() and the image actually on screen) and when
 * Enter went down. Capture listeners on the document see the viewport elements' events, which do not bubble.
 */
function recordRenders(): void {
  const w = window as unknown as {
    __iqsRenders: Array<{ t: number; imageId: string }>;
    __iqsEnterAt: number;
    // OHIF's services as the viewer exposes them to the page: untyped there
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    services?: Record<string, any>;
  };
  w.__iqsRenders = [];
  w.__iqsEnterAt = Number.NaN;
  document.addEventListener(
    'CORNERSTONE_IMAGE_RENDERED',
    (event) => {
      const viewportId = (event as CustomEvent<{ viewportId?: string }>).detail?.viewportId;
      const viewport = viewportId ? w.services?.['cornerstoneViewportService']?.getCornerstoneViewport(viewportId) : null;
      // the image drawn, not merely the one the stack points at while it loads
      const imageId: string = viewport?.getCornerstoneImage?.()?.imageId ?? viewport?.csImage?.imageId ?? '';
      w.__iqsRenders.push({ t: performance.now(), imageId });
    },
    true,
  );
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Enter') w.__iqsEnterAt = performance.now();
    },
    true,
  );
}

/** performance.now() when an image with this SOP Instance UID was first drawn after `after` (ms in page time). */
async function drawnAt(page: Page, sop: string, after: number, timeoutMs = 60_000): Promise<number> {
  const handle = await waitForDrawn(page, sop, after, timeoutMs).catch(async (error: unknown) => {
    // say what the page showed instead, so that a slow machine and a wrong image can be told apart
    const current = (await readWorklist(page).catch(() => null))?.rows.find((row) => row.current)?.sop ?? 'none';
    const notice = await page
      .locator('[data-iqs-panel="scoring"]')
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => '');
    throw new Error(
      `image ${sop} not drawn: current worklist image ${current}, in the viewport ${await viewportSop(page)}; panel: ${notice?.slice(0, 200)}`,
      {
        cause: error,
      },
    );
  });
  return (await handle.jsonValue()) as number;
}

function waitForDrawn(page: Page, sop: string, after: number, timeoutMs: number) {
  return page.waitForFunction(
    ({ sop: wanted, after: since }) => {
      const renders = (window as unknown as { __iqsRenders: Array<{ t: number; imageId: string }> }).__iqsRenders ?? [];
      return renders.find((r) => r.t >= since && r.imageId.includes(`/instances/${wanted}/`))?.t ?? false;
    },
    { sop, after },
    { polling: 'raf', timeout: timeoutMs },
  );
}

async function newContext(browser: Browser, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState });
  await context.addInitScript(() =>
    window.localStorage.setItem('investigationalUseDialog', JSON.stringify({ expiryDate: '2999-01-01T00:00:00.000Z' })),
  );
  await context.addInitScript(recordRenders);
  return context;
}

async function saveAndNextTimes(
  browser: Browser,
  url: string,
): Promise<{
  times: number[];
  images: Array<{ itemId: string; sop: string }>;
  link: string;
  storage: Awaited<ReturnType<BrowserContext['storageState']>>;
}> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
  const matching = await fillStartForm(page, { use: 'self', sampleSize: TRANSITIONS + 1 });
  if (matching < TRANSITIONS + 1) throw new Error(`the demo data has ${matching} images of Petra's, not ${TRANSITIONS + 1}`);
  await startEvaluation(page);
  const times: number[] = [];
  const images: Array<{ itemId: string; sop: string }> = [];
  let previous: string | undefined;
  for (let image = 0; image < TRANSITIONS; image++) {
    const current = await waitForCurrentImage(page, { after: previous });
    previous = current.itemId;
    await drawnAt(page, current.sop, 0);
    await scoreWithKeyboard(page, everyCriterionMet, image, null, { save: false });
    // the image after this one, as the worklist orders them
    const rows = (await readWorklist(page)).rows;
    const next = rows[rows.findIndex((r) => r.itemId === current.itemId) + 1];
    if (!next) throw new Error('no next image in the worklist');
    await page.keyboard.press('Enter');
    const enterAt = await page.evaluate(() => (window as unknown as { __iqsEnterAt: number }).__iqsEnterAt);
    const drawn = await drawnAt(page, next.sop, enterAt);
    times.push(drawn - enterAt);
    images.push({ itemId: next.itemId, sop: next.sop });
    process.stderr.write(`save and next ${image + 1}/${TRANSITIONS}: ${(drawn - enterAt).toFixed(0)} ms\n`);
  }
  const link = page.url();
  const storage = await context.storageState();
  await context.close();
  return { times, images, link, storage };
}

/** The same image's deep link in a fresh context (signed in, nothing cached): navigation start to the image drawn. */
async function coldLoad(
  browser: Browser,
  link: string,
  image: { itemId: string; sop: string },
  storage: Awaited<ReturnType<BrowserContext['storageState']>>,
): Promise<number> {
  const context = await newContext(browser, storage);
  try {
    const page = await context.newPage();
    const url = new URL(link);
    url.searchParams.set('iqsItem', image.itemId);
    await page.goto(url.toString(), { waitUntil: 'commit' });
    return await drawnAt(page, image.sop, 0);
  } finally {
    await context.close();
  }
}

type Storage = Awaited<ReturnType<BrowserContext['storageState']>>;

/** Starts a quality analysis of this many images (Fatima's); its viewer URL (as /iqs opened it) and first image. */
async function startSample(page: Page, url: string, size: number): Promise<{ link: string; firstSop: string; sops: string[] }> {
  await page.goto(`${url}/iqs`);
  const matching = await fillStartForm(page, { use: 'quality', procedures: [OPEN_PROCEDURE], sampleSize: size });
  if (matching < size) throw new Error(`the demo data has ${matching} ${OPEN_PROCEDURE} images for a quality analysis, not ${size}`);
  await startEvaluation(page);
  const current = await waitForCurrentImage(page);
  const rows = (await readWorklist(page)).rows;
  if (rows.length !== size) throw new Error(`the evaluation holds ${rows.length} images, not ${size}`);
  return { link: page.url(), firstSop: current.sop, sops: rows.map((row) => row.sop) };
}

/** The viewer URL opened cold (a new context, signed in, nothing cached): navigation start to this image drawn. */
async function coldOpen(browser: Browser, link: string, sop: string, storage: Storage): Promise<number> {
  const context = await newContext(browser, storage);
  try {
    const page = await context.newPage();
    await page.goto(link, { waitUntil: 'commit' });
    return await drawnAt(page, sop, 0);
  } finally {
    await context.close();
  }
}

/** The study of each demo image (the manifest the demo generator wrote), for the URL naming every sampled study. */
async function studyOfSop(dataDir: string): Promise<Map<string, string>> {
  const manifest = await readDemoManifest(path.join(dataDir, 'demo'));
  if (!manifest) throw new Error(`no demo manifest in ${dataDir}/demo`);
  const pairs = manifest.studies.flatMap((study) =>
    study.images.map((image): [string, string] => [image.facts.sop_instance_uid ?? '', study.studyInstanceUid]),
  );
  return new Map(pairs);
}

async function openFigures(
  browser: Browser,
  url: string,
  dataDir: string,
): Promise<{ smallMs: number; largeMs: number; largeAllStudiesMs: number; studiesNamed: { small: number; large: number } }> {
  // the quality officer: a quality analysis may take any of the site's images (Petra's own are too few for 100)
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  const small = await startSample(page, url, SMALL_SAMPLE);
  const large = await startSample(page, url, LARGE_SAMPLE);
  const storage = await context.storageState();
  await context.close();
  const named = (link: string): number => (new URL(link).searchParams.get('StudyInstanceUIDs') ?? '').split(',').filter(Boolean).length;
  // the same evaluation of 100, its URL naming every sampled study (the first image's study first)
  const studies = await studyOfSop(dataDir);
  const allStudies = new URL(large.link);
  const firstStudy = studies.get(large.firstSop) ?? '';
  allStudies.searchParams.set(
    'StudyInstanceUIDs',
    [...new Set([firstStudy, ...large.sops.map((sop) => studies.get(sop) ?? '')])].filter(Boolean).join(','),
  );
  const times = { small: [] as number[], large: [] as number[], largeAll: [] as number[] };
  for (let run = 1; run <= OPEN_RUNS; run++) {
    times.small.push(await coldOpen(browser, small.link, small.firstSop, storage));
    times.large.push(await coldOpen(browser, large.link, large.firstSop, storage));
    times.largeAll.push(await coldOpen(browser, allStudies.toString(), large.firstSop, storage));
    process.stderr.write(
      `open cold ${run}/${OPEN_RUNS}: ${SMALL_SAMPLE} images ${times.small.at(-1)?.toFixed(0)} ms, ${LARGE_SAMPLE} images ` +
        `${times.large.at(-1)?.toFixed(0)} ms, ${LARGE_SAMPLE} images naming every study ${times.largeAll.at(-1)?.toFixed(0)} ms\n`,
    );
  }
  return {
    smallMs: median(times.small),
    largeMs: median(times.large),
    largeAllStudiesMs: median(times.largeAll),
    studiesNamed: { small: named(small.link), large: named(large.link) },
  };
}

interface BrowserFigures {
  readonly saveNextMs: number;
  readonly coldMs: number;
  readonly open: Awaited<ReturnType<typeof openFigures>>;
}

async function browserFigures(): Promise<BrowserFigures> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // free ports and a throw-away backend database, so the benchmark runs beside a running npm start
  const supabaseDir = await mkdtemp(path.join(os.tmpdir(), 'iqs-bench-supabase-'));
  const settings = {
    ...readSettings({ ...process.env, IQS_PORT: '0', IQS_SUPABASE_PORT: '0', IQS_SUPABASE_DIR: supabaseDir }, root),
    dicomDir: null,
    dicomwebUrl: null,
  };
  const iqs = await startIqs(settings, root, (line) => process.stderr.write(`${line}\n`));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    if (process.argv.includes('--open-only')) {
      const open = await openFigures(browser, iqs.url, settings.dataDir);
      return { saveNextMs: Number.NaN, coldMs: Number.NaN, open };
    }
    const scored = await saveAndNextTimes(browser, iqs.url);
    const cold: number[] = [];
    for (const [n, image] of scored.images.entries()) {
      cold.push(await coldLoad(browser, scored.link, image, scored.storage));
      process.stderr.write(`cold deep link ${n + 1}/${scored.images.length}: ${cold.at(-1)?.toFixed(0)} ms\n`);
    }
    const open = await openFigures(browser, iqs.url, settings.dataDir);
    return { saveNextMs: median(scored.times), coldMs: median(cold), open };
  } finally {
    await browser.close();
    await iqs.close();
    await rm(supabaseDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--sampling-only')) {
    const { saveNextMs, coldMs, open } = await browserFigures();
    if (!process.argv.includes('--open-only')) {
      console.log(`evaluation_save_and_next_to_next_image_median: ${saveNextMs.toFixed(0)} ms (target <= 100)`);
      console.log(`evaluation_cold_deep_link_same_image_median: ${coldMs.toFixed(0)} ms`);
      console.log(`ratio_save_and_next_to_cold_load: ${(saveNextMs / coldMs).toFixed(3)} x (target <= 0.015)`);
    }
    console.log(
      `evaluation_open_cold_${SMALL_SAMPLE}_images_median: ${open.smallMs.toFixed(0)} ms (URL names ${open.studiesNamed.small} study)`,
    );
    console.log(
      `evaluation_open_cold_${LARGE_SAMPLE}_images_median: ${open.largeMs.toFixed(0)} ms (URL names ${open.studiesNamed.large} study)`,
    );
    console.log(`ratio_open_${LARGE_SAMPLE}_to_${SMALL_SAMPLE}_images: ${(open.largeMs / open.smallMs).toFixed(2)} x (target <= 1.2)`);
    console.log(
      `evaluation_open_cold_${LARGE_SAMPLE}_images_url_naming_every_study_median: ${open.largeAllStudiesMs.toFixed(0)} ms (before issue 14)`,
    );
    console.log(
      `ratio_open_${LARGE_SAMPLE}_every_study_named_to_${SMALL_SAMPLE}_images: ${(open.largeAllStudiesMs / open.smallMs).toFixed(2)} x`,
    );
  }
  if (process.argv.includes('--browser-only') || process.argv.includes('--open-only')) return;
  process.stderr.write('sampling: filling a PostgreSQL 15 index with 3,000,000 images (a few minutes)…\n');
  const sampling = await samplingFigures();
  console.log(`sampling_index_images: ${sampling.images} images`);
  console.log(`sampling_draw_20_median_postgres15: ${sampling.sampleMs.toFixed(1)} ms`);
  console.log(`sampling_count_all_images_median_postgres15: ${sampling.countMs.toFixed(1)} ms`);
  console.log(`ratio_sampling_draw_to_count_all: ${(sampling.sampleMs / sampling.countMs).toFixed(2)} x`);
}

main().catch((error: unknown) => {
  console.error(`bench:evaluation failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
