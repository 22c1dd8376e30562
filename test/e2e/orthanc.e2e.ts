/**
 * IQS in a hospital's existing OHIF, with a real PACS: Orthanc with its DICOMweb plugin (Debian's orthanc and
 * orthanc-dicomweb), loaded with demo studies, as a hospital would run it.
 *
 *   - Orthanc gets Petra Jansen's projection studies (CR, DX; some with a rejected exposure and its rejection note)
 *     and her CT study with its radiation dose report (RDSR), by its REST API (POST /instances).
 *   - The backend is "the hospital's Supabase project": the local stand-in run as its own command, on its URL and keys.
 *   - `npx iqs harvest --dicomweb <Orthanc>` fills the image index from Orthanc, as the README says: every image,
 *     rejection note and dose report, the dose report's DLP given to the CT study's images.
 *   - A hospital's own OHIF: the unmodified OHIF dist on a plain web server (test/e2e/support/hospitalViewer.ts, not
 *     our launcher), whose app-config.js is OHIF's default one followed by the two snippets of the README's
 *     "Add IQS to your OHIF", read from the README; the IQS modules copied from dist/iqs; /dicom-web forwarded to
 *     Orthanc. In it the IQS mode opens a study from Orthanc with the right facts, and Petra scores a
 *     self-evaluation sampled from the harvested index end to end; Orthanc's request log shows it served the frames.
 *   - `npm start` with IQS_DICOMWEB_URL (the launcher) on the same Orthanc and project: its app-config.js has the
 *     README's shape, and it opens a study from Orthanc with the right facts.
 * Fails, never skips, when Orthanc or its plugin is missing (startOrthanc says what to install).
 */
import { createServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoManifest, readDemoManifest } from '@iqs/demo-department';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startOrthanc, type TestOrthanc } from '../support/orthanc';
import { launchChromium } from './support/chromium';
import {
  type AnswerPlan,
  expectedShares,
  fillStartForm,
  type GivenAnswer,
  givenGrades,
  nonZeroGrades,
  planForAnyForm,
  readSummary,
  readWorklist,
  scoreWithKeyboard,
  signInOnPage,
  startEvaluation,
  waitForCurrentImage,
} from './support/evaluationFlow';
import { factDifferences } from './support/factsMatch';
import { type HospitalViewer, startHospitalViewer } from './support/hospitalViewer';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { evaluateAppConfig, hospitalAppConfig, type OhifAppConfig, readReadmeSnippets, type RecipeSnippets } from './support/readmeRecipe';
import { DEMO_DIR, REPOSITORY_ROOT } from './support/repository';
import { startSupabaseProject, type SupabaseProject } from './support/supabaseProject';
import { evaluationUrl, openViewerPage, readOverlay, type ViewerPage, waitForPanelSop, waitForPixels } from './support/viewerPage';

jest.setTimeout(300_000);

type ManifestStudy = DemoManifest['studies'][number];
type ManifestImage = ManifestStudy['images'][number];

const PETRA = DEMO_PEOPLE.petra;
const OHIF_DIST = path.join(REPOSITORY_ROOT, 'platform/viewer/ohif/dist');
const SAMPLE_SIZE = 4;

let manifest: DemoManifest;
let studies: ManifestStudy[];
let pacs: TestOrthanc;
let project: SupabaseProject;
let hospital: HospitalViewer;
let iqs: RunningIqs;
let browser: Browser;
let snippets: RecipeSnippets;
let harvestOutput: string;
const timings: Record<string, number> = {};

const isPetras = (image: ManifestImage): boolean => (image.facts.operator_names ?? []).includes(PETRA.operatorName);

/** Petra's projection studies (CR, DX) and her CT study with its dose report: enough for her sample, a few seconds to store. */
function chooseStudies(all: readonly ManifestStudy[]): ManifestStudy[] {
  const hers = all.filter((study) => study.images.some(isPetras));
  const projection = hers.filter((study) => study.images.every((image) => image.facts.modality === 'CR' || image.facts.modality === 'DX'));
  const ct = hers.find((study) => study.procedure === 'ct-thorax' && study.doseReport !== null);
  if (!ct || projection.filter((study) => study.rejectionNote).length === 0)
    throw new Error('The demo data has no CT study with its dose report or no rejected exposure of Petra');
  return [...projection, ct];
}

/** Every file the demo has of the study: its images, its rejection note and its dose report (RDSR). */
const filesOf = (study: ManifestStudy): string[] => [
  ...study.images.map((image) => image.file),
  ...(study.rejectionNote ? [study.rejectionNote.file] : []),
  ...(study.doseReport ? [study.doseReport.file] : []),
];
/** The images a self-evaluation of Petra samples from: hers, not rejected, in what Orthanc holds. */
const petrasAcceptedSops = (): Set<string> =>
  new Set(
    studies.flatMap((study) =>
      study.images.filter((image) => isPetras(image) && !image.rejected).map((image) => image.facts.sop_instance_uid ?? ''),
    ),
  );
/**
 * What a self-evaluation of Petra counts as matching: each of her accepted radiographs once, and each CT, MR or PET
 * series once however many slices it has (migration 38 samples a multi-slice series as one).
 */
const petrasSampleUnits = (): number =>
  new Set(
    studies.flatMap((study) =>
      study.images
        .filter((image) => isPetras(image) && !image.rejected)
        .map((image) =>
          ['CT', 'MR', 'PT'].includes(image.facts.modality ?? '')
            ? `series ${image.facts.series_instance_uid ?? ''}`
            : `image ${image.facts.sop_instance_uid ?? ''}`,
        ),
    ),
  ).size;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npx iqs …` as an admin runs it, with this environment; resolves with its exit code and everything it printed. */
function runIqsCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPOSITORY_ROOT, 'node_modules/.bin/iqs'), args, {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - started;
  }
}

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}: the global set-up should have generated it`);
  manifest = read;
  studies = chooseStudies(manifest.studies);
  snippets = readReadmeSnippets();
  const dicomFolder = path.join(DEMO_DIR, manifest.dicomFolder);

  pacs = await timed('orthanc start', () => startOrthanc({ logRequests: true }));
  const files = studies.flatMap(filesOf);
  await timed(`orthanc store ${files.length} files`, () =>
    pacs.storeInstances(files.map((file) => readFileSync(path.join(dicomFolder, file)))),
  );

  hospital = await startHospitalViewer({
    ohifDist: OHIF_DIST,
    iqsModules: path.join(REPOSITORY_ROOT, 'dist/iqs'),
    pacsDicomweb: pacs.dicomweb,
  });
  // the launcher's origin must be known to the project's CORS before the launcher starts
  const launcherPort = await freePort();
  project = await timed('supabase project start', () =>
    startSupabaseProject('orthanc', [hospital.url, `http://127.0.0.1:${launcherPort}`]),
  );
  hospital.setAppConfig(
    hospitalAppConfig(readFileSync(path.join(OHIF_DIST, 'app-config.js'), 'utf8'), snippets, {
      viewerOrigin: hospital.url,
      supabaseUrl: project.url,
      supabaseAnonKey: project.anonKey,
    }),
  );

  const [harvest, launcher] = await Promise.all([
    timed('iqs harvest', () => runIqsCli(['harvest', '--dicomweb', pacs.dicomweb], project.env)),
    timed('npm start (IQS_DICOMWEB_URL)', () =>
      startIqs('orthanc', {
        IQS_PORT: String(launcherPort),
        IQS_DICOMWEB_URL: pacs.dicomweb,
        SUPABASE_URL: project.url,
        SUPABASE_ANON_KEY: project.anonKey,
      }),
    ),
  ]);
  iqs = launcher;
  harvestOutput = harvest.output;
  if (harvest.code !== 0) throw new Error(`npx iqs harvest exited with ${harvest.code}:\n${harvest.output}`);
  browser = await launchChromium();
});

afterAll(async () => {
  console.info(`Orthanc browser test timings (ms): ${JSON.stringify(timings)}`);
  await browser?.close();
  const [iqsExit, projectExit] = await Promise.all([iqs?.stop(), project?.stop(), hospital?.close(), pacs?.close()]);
  // Ctrl-C stops both cleanly
  if (iqs) expect(iqsExit).toBe(0);
  if (project) expect(projectExit).toBe(0);
});

let viewer: ViewerPage | undefined;
let requests: string[];
/** answers the browser got that were not what it asked for: an error status, or a page where DICOM was asked for */
let failed: string[];
beforeEach(async () => {
  requests = [];
  failed = [];
  // without a browser the set-up failed, and says why
  if (!browser) return;
  viewer = await openViewerPage(browser);
  viewer.page.on('request', (request) => requests.push(request.url()));
  viewer.page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    const html = /^text\/html/u.test(response.headers()['content-type'] ?? '');
    if (response.status() >= 400 || (/^\/(dicom-web|dicomweb)\//u.test(pathname) && html))
      failed.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
});
afterEach(async () => {
  if (!viewer) return;
  const shown = viewer;
  viewer = undefined;
  await shown.close();
  // nothing of ours complains, and nothing at all fails: OHIF's errors caused by the PACS or the recipe included
  expect(shown.ourProblems()).toEqual([]);
  expect(shown.errors()).toEqual([]);
  expect(failed).toEqual([]);
});

/** The page of this test's browser context. */
function currentPage(): { page: Page; screenshot: ViewerPage['screenshot'] } {
  if (!viewer) throw new Error('No browser: the set-up failed');
  return viewer;
}

/** The browser talked to the viewer's origin and (once signed in) the backend's, never to the PACS's. */
function expectOnlyOrigins(viewerUrl: string): void {
  const origins = new Set(requests.filter((url) => url.startsWith('http')).map((url) => new URL(url).origin));
  expect(origins.has(new URL(viewerUrl).origin)).toBe(true);
  expect([...origins].filter((origin) => origin !== new URL(viewerUrl).origin && origin !== new URL(project.url).origin)).toEqual([]);
}

/** Orthanc served frames of this image (its request log). */
const framesServed = (sop: string): boolean =>
  pacs.requests().some((request) => request.startsWith('GET /dicom-web/') && request.includes(`/instances/${sop}/frames/`));

async function waitForFramesServed(sop: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!framesServed(sop)) {
    if (Date.now() > deadline) throw new Error(`Orthanc's log shows no frame request for ${sop}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The image the panel describes, checked against what the generator wrote; its frames came from Orthanc. */
async function checkShownImage(page: Page, study: ManifestStudy): Promise<ManifestImage> {
  await waitForPixels(page);
  const panel = page.locator('[data-iqs-panel="image-facts"][data-iqs-status="image"]');
  await panel.waitFor({ timeout: 30_000 });
  const sop = await panel.getAttribute('data-iqs-image');
  const image = study.images.find((i) => i.facts.sop_instance_uid === sop);
  if (!image) throw new Error(`The panel shows ${sop}, which is not an image of study ${study.accessionNumber}`);
  expect(factDifferences(await waitForPanelSop(page, sop ?? ''), image.facts)).toEqual([]);
  await page.waitForSelector('[data-iqs-overlay="dose"]', { timeout: 20_000 });
  expect(Number((await readOverlay(page))?.value)).toBeCloseTo(image.facts.dap_gy_cm2 ?? Number.NaN, 9);
  await waitForFramesServed(sop ?? '');
  return image;
}

/**
 * The hospital keeps OHIF's default notice that the viewer is for investigational use only (shown at every load,
 * over the bottom of the screen); the user confirms it, as anyone would.
 */
async function confirmNotice(page: Page): Promise<void> {
  const confirm = page.getByRole('button', { name: 'Confirm and hide' });
  if (await confirm.isVisible()) await confirm.click();
}

/** The newest of Petra's DX chest studies in Orthanc. */
function petrasChestStudy(): ManifestStudy {
  const study = [...studies]
    .reverse()
    .find((s) => s.procedure === 'thorax' && s.images.every((i) => i.facts.modality === 'DX' && !i.rejected) && s.images.some(isPetras));
  if (!study) throw new Error('No DX chest study of Petra in Orthanc');
  return study;
}

describe('IQS with Orthanc as the PACS', () => {
  it('iqs harvest reads every study and instance Orthanc holds into the index', () => {
    const instances = studies.flatMap(filesOf).length;
    expect(harvestOutput).toMatch(new RegExp(`${studies.length} studies \\(0 read before\\), ${instances} instances`, 'u'));
    const images = studies.flatMap((study) => study.images).length;
    const notes = studies.filter((study) => study.rejectionNote).length;
    const reports = studies.filter((study) => study.doseReport).length;
    expect(reports).toBeGreaterThan(0);
    expect(harvestOutput).toContain(`${images} images, ${notes} rejection notes, ${reports} dose reports, 0 other objects, 0 quarantined`);
  });

  it("iqs harvest gives the dose report's DLP to the CT study's images", async () => {
    const service = createServiceClient({ url: project.url, serviceRoleKey: project.serviceRoleKey });
    for (const study of studies.filter((s) => s.doseReport)) {
      const { data, error } = await service
        .from('images')
        .select('sop_instance_uid, dlp_mgy_cm')
        .eq('study_instance_uid', study.studyInstanceUid);
      if (error) throw new Error(error.message);
      const dlp = Object.fromEntries((data ?? []).map((row) => [row.sop_instance_uid, row.dlp_mgy_cm]));
      expect(dlp).toEqual(Object.fromEntries(study.images.map((image) => [image.facts.sop_instance_uid, study.doseReport?.dlpMgyCm])));
    }
  });

  it("in a hospital's own OHIF with the README's snippets, the study list shows Orthanc's studies and the IQS mode opens one with the right facts", async () => {
    const { page, screenshot } = currentPage();
    const study = petrasChestStudy();
    await page.goto(`${hospital.url}/`);
    await page.getByText(study.accessionNumber, { exact: true }).click();
    const button = page.getByText('IQS evaluation', { exact: true }).first();
    await button.waitFor({ timeout: 30_000 });
    await screenshot('orthanc-1-hospital-study-list');
    await button.click();
    await page.waitForURL(/\/iqs-evaluation\?StudyInstanceUIDs=/u, { timeout: 30_000 });
    expect(decodeURIComponent(page.url())).toContain(study.studyInstanceUid);
    await checkShownImage(page, study);
    await confirmNotice(page);
    await screenshot('orthanc-2-hospital-iqs-mode');
    expectOnlyOrigins(hospital.url);
    // the modules came from the hospital's copy of dist/iqs, the images through its /dicom-web
    expect(hospital.requests).toEqual(expect.arrayContaining(['GET /iqs/extension.mjs', 'GET /iqs/mode.mjs']));
  });

  it("in the hospital's OHIF, Petra scores a self-evaluation sampled from Orthanc's harvested studies, end to end", async () => {
    const { page, screenshot } = currentPage();
    await page.goto(`${hospital.url}/iqs`);
    await signInOnPage(page, PETRA.email, DEMO_PASSWORD);
    const candidates = petrasAcceptedSops();
    // the count comes from the index, which holds only what the harvest read from Orthanc
    expect(await fillStartForm(page, { use: 'self', sampleSize: SAMPLE_SIZE })).toBe(petrasSampleUnits());
    await screenshot('orthanc-3-hospital-start');
    await startEvaluation(page);
    const worklist = await readWorklist(page);
    expect(worklist.progress).toBe(`0/${SAMPLE_SIZE}`);
    expect(worklist.rows).toHaveLength(SAMPLE_SIZE);
    for (const row of worklist.rows) expect(candidates.has(row.sop)).toBe(true);

    // one "no" on the first image, grade 2 on the second; everything else met (fitted to each image's form: issue 14
    // gave knee, hand, CT and mammography forms of their own, e.g. the PGMI grade)
    const plan: AnswerPlan = planForAnyForm((criterion, image, done) => {
      switch (criterion.kind) {
        case 'yes_no_na':
          return image === 0 && !done.some((a) => a.kind === 'yes_no_na') ? 'no' : 'yes';
        case 'scale':
          return '4';
        case 'choice':
          return criterion.options.some((o) => o.value === 'correct') ? 'correct' : 'good';
        case 'grade':
          return image === 1 ? '2' : '3';
        default:
          throw new Error(`a criterion kind the test does not know: ${criterion.kind}`);
      }
    });
    const answers: GivenAnswer[] = [];
    let previous: string | undefined;
    for (let image = 0; image < SAMPLE_SIZE; image++) {
      const current = await waitForCurrentImage(page, { after: previous });
      await waitForPixels(page);
      await waitForFramesServed(current.sop);
      if (image === 0) {
        await confirmNotice(page);
        await screenshot('orthanc-4-hospital-scoring');
      }
      answers.push(...(await scoreWithKeyboard(page, plan, image)));
      await page.locator(`button[data-iqs-item="${current.itemId}"][data-iqs-state="scored"]`).waitFor({ timeout: 15_000 });
      previous = current.itemId;
    }

    await page.locator('[data-iqs-panel="summary"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-iqs-notice]').count()).toBe(0);
    const summary = await readSummary(page);
    expect(summary.totals).toBe(`${SAMPLE_SIZE}/${SAMPLE_SIZE}/0`);
    const expected = expectedShares(answers);
    expect([...summary.shares.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [code, share] of expected) expect(summary.shares.get(code)).toBeCloseTo(share ?? Number.NaN, 4);
    expect(nonZeroGrades(summary.grades)).toEqual(givenGrades(answers));
    expect(Object.values(givenGrades(answers)).reduce((a, b) => a + b, 0)).toBe(SAMPLE_SIZE);
    expect((await readWorklist(page)).progress).toBe(`${SAMPLE_SIZE}/${SAMPLE_SIZE}`);
    await screenshot('orthanc-5-hospital-summary');
    expectOnlyOrigins(hospital.url);
  });

  it("npm start with IQS_DICOMWEB_URL serves the README's recipe: the same keys and data source settings in its app-config.js", async () => {
    const response = await fetch(`${iqs.url}/app-config.js`);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/u);
    const launcher = evaluateAppConfig(await response.text(), iqs.url);
    const readme = evaluateAppConfig(
      hospitalAppConfig('window.config = { extensions: [], modes: [], dataSources: [] };', snippets, {
        viewerOrigin: iqs.url,
        supabaseUrl: project.url,
        supabaseAnonKey: project.anonKey,
      }),
    );
    // one extension and two modes (the evaluation mode, the lesson mode), the built entry files, which the server
    // serves as JavaScript
    for (const config of [launcher, readme]) {
      expect(config.extensions).toEqual([expect.stringMatching(/\/extension\.mjs$/u)]);
      expect(config.modes).toEqual([expect.stringMatching(/\/mode\.mjs$/u), expect.stringMatching(/\/lesson-mode\.mjs$/u)]);
    }
    for (const module of [...(launcher.extensions ?? []), ...(launcher.modes ?? [])]) {
      const served = await fetch(new URL(module, iqs.url));
      expect({ module, status: served.status, type: served.headers.get('content-type') }).toEqual({
        module,
        status: 200,
        type: expect.stringMatching(/^text\/javascript/u),
      });
    }
    // the backend keys: the same shape, the values of SUPABASE_URL and SUPABASE_ANON_KEY
    expect(launcher.iqs).toEqual(readme.iqs);
    expect(launcher.iqs).toEqual({ supabaseUrl: project.url, supabaseAnonKey: project.anonKey });
    // the data source: the same settings; only its name and where the DICOMweb root is differ
    const place = (config: OhifAppConfig) => {
      expect(config.dataSources).toHaveLength(1);
      const source = config.dataSources?.[0];
      if (!source) throw new Error('no data source');
      expect(config.defaultDataSourceName).toBe(source.sourceName);
      const { friendlyName: _label, name, wadoUriRoot, qidoRoot, wadoRoot, ...settings } = source.configuration;
      expect([name, wadoUriRoot, wadoRoot]).toEqual([source.sourceName, qidoRoot, qidoRoot]);
      return { namespace: source.namespace, settings, root: qidoRoot };
    };
    const ours = place(launcher);
    const theirs = place(readme);
    expect(ours.namespace).toBe(theirs.namespace);
    expect(ours.settings).toEqual(theirs.settings);
    expect(ours.root).toBe(`${iqs.url}/dicomweb`);
    expect(theirs.root).toBe(`${iqs.url}/dicom-web`);
  });

  it('npm start with IQS_DICOMWEB_URL opens a study from Orthanc in the IQS mode with the right facts', async () => {
    const { page, screenshot } = currentPage();
    const study = petrasChestStudy();
    await page.goto(evaluationUrl(iqs.url, study.studyInstanceUid));
    await checkShownImage(page, study);
    await screenshot('orthanc-6-launcher-iqs-mode');
    expectOnlyOrigins(iqs.url);
  });
});
