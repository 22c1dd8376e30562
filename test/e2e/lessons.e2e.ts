/**
 * Clinical lessons end to end on `npm start`'s demo data, as a quality officer uses them:
 *   - Fatima builds a lesson of a rejected and a good image and gives the rejected one a teaching point;
 *   - she presents it (/iqs-lesson): every case shows its image in the viewport, case n of m, the teaching point on
 *     demand (T and the button), next/previous by the keyboard; on every case the whole page — its text, every
 *     attribute value, the window title and the accessibility tree — holds none of the demo patients' names, IDs,
 *     birth dates (as viewers write them), accession numbers, the institution, or any radiographer's name (read
 *     from the images' own headers and the demo generator's manifest);
 *   - the positive control: the same scan finds the patient's name and ID in the ordinary IQS viewer on that study,
 *     so the scan can fail.
 */
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoManifest, type DemoManifestStudy, readDemoManifest } from '@iqs/demo-department';
import type { Browser, Page } from 'playwright-core';
import { presentationUrl } from '../../extensions/iqs-scoring/src/lessons/presentationUrl';
import { launchChromium } from './support/chromium';
import { signInOnPage, viewportSop } from './support/evaluationFlow';
import { findIdentities, type Identity, identitiesOf, readPageTexts } from './support/identityScan';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR } from './support/repository';
import { until } from './support/until';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(400_000);

/** OHIF's header: the patient info folded, one click shows the name, ID, sex and birth date */
const HEADER_PATIENT = 'Patient';

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  iqs = await startIqs('lessons', {});
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

interface Pick {
  readonly study: DemoManifestStudy;
  readonly sop: string;
  readonly seriesUid: string;
}

/** The file path of a demo image: …/<accession>/<series number>_<modality>/<n>.dcm; the SOP UID from the manifest. */
function pickImage(rejected: boolean, notOfPatientOf: DemoManifestStudy | null): Pick {
  for (const study of manifest.studies) {
    if (notOfPatientOf && study.studyInstanceUid === notOfPatientOf.studyInstanceUid) continue;
    const image = study.images.find((i) => i.rejected === rejected && i.facts.modality === 'DX');
    if (image) return { study, sop: image.facts.sop_instance_uid ?? '', seriesUid: image.facts.series_instance_uid ?? '' };
  }
  throw new Error(`no ${rejected ? 'rejected' : 'accepted'} DX image in the demo`);
}

async function scanFor(page: Page, identities: readonly Identity[]) {
  return findIdentities(await readPageTexts(page), identities);
}

/** Builds the lesson as Fatima through her own session in the page (the database decides; owner filled by it). */
async function buildLessonInPage(
  page: Page,
  cases: ReadonlyArray<{ sop: string; teachingPoint: string | null; origin: string }>,
): Promise<string> {
  return page.evaluate(async (wanted) => {
    // OHIF's services as the viewer exposes them to the page: untyped there
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const iqsService = (window as unknown as { services?: Record<string, any> }).services?.['iqsService'];
    const client = iqsService?.backendClient();
    if (!client) throw new Error('IQS is not connected');
    const created = await client.from('lessons').insert({ title: 'Thorax: te donker of niet?', shared: false }).select('id').single();
    if (created.error) throw new Error(created.error.message);
    for (const c of wanted) {
      const added = await client.rpc('add_lesson_case', {
        lesson: created.data.id,
        sop_instance_uids: [c.sop],
        teaching_point: c.teachingPoint,
        origin: c.origin,
      });
      if (added.error) throw new Error(added.error.message);
    }
    return created.data.id as string;
  }, cases);
}

async function presentationState(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-iqs-lessonshow]');
    return root
      ? {
          phase: root.dataset['iqsLessonshow'] ?? '',
          case: Number(root.dataset['iqsLessonshowCase']),
          cases: Number(root.dataset['iqsLessonshowCases']),
          image: root.dataset['iqsLessonshowImage'] ?? '',
          imageState: root.dataset['iqsLessonshowImageState'] ?? '',
          teaching: root.dataset['iqsLessonshowTeaching'] === 'true',
          teachingText: document.querySelector('[data-iqs-lessonshow-teaching-point] p')?.textContent ?? null,
        }
      : null;
  });
}

/** Waits until the presentation is at this case with its image drawn in the viewport. */
async function waitForCase(page: Page, position: number, sop: string): Promise<void> {
  await until(
    () => presentationState(page),
    (state) => state?.phase === 'ready' && state.case === position && state.image === sop && state.imageState === 'shown',
    { timeoutMs: 90_000, what: `case ${position} shown` },
  );
  await until(
    () => viewportSop(page),
    (shown) => shown === sop,
    { timeoutMs: 30_000, what: `the viewport showing ${sop}` },
  );
  await waitForPixels(page);
}

test('a lesson of a rejected and a good image is presented with no patient or radiographer named anywhere on screen', async () => {
  const { page } = viewer;
  const rejected = pickImage(true, null);
  const good = pickImage(false, rejected.study);
  const identities = await identitiesOf(manifest, DEMO_DIR, [rejected.study.studyInstanceUid, good.study.studyInstanceUid]);
  const teachingPoint = 'Collimatie te ruim: de schouders horen buiten beeld. Let op de inspiratie.';

  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  const lessonId = await buildLessonInPage(page, [
    { sop: rejected.sop, teachingPoint, origin: 'reject_analysis' },
    { sop: good.sop, teachingPoint: null, origin: 'dose_analysis' },
  ]);

  // the positive control: the ordinary IQS viewer on the rejected image's study names the patient (OHIF's header,
  // opened with a click on "Patient") and the radiographers (the IQS panel): the same scan finds them there
  await page.goto(
    `${iqs.url}/iqs-evaluation?StudyInstanceUIDs=${rejected.study.studyInstanceUid}&initialSeriesInstanceUID=${rejected.seriesUid}&initialSOPInstanceUID=${rejected.sop}`,
  );
  await waitForPixels(page);
  await page.locator('[data-iqs-panel="image-facts"]').first().waitFor({ timeout: 60_000 });
  await page.getByText(HEADER_PATIENT, { exact: true }).first().click();
  const control = await until(
    () => scanFor(page, identities),
    (found) => ['patient name', 'PatientID', 'birth date', 'operator'].every((what) => found.some((f) => f.what.includes(what))),
    { timeoutMs: 60_000, what: "the patient's name, ID and birth date and an operator in the ordinary viewer" },
  );
  expect(control.length).toBeGreaterThan(0);
  await viewer.screenshot('lessons-control-ordinary-viewer');

  // the presentation
  const studies = [rejected.study.studyInstanceUid, good.study.studyInstanceUid];
  await page.goto(`${iqs.url}${presentationUrl(lessonId, studies)}`);
  await page.locator('[data-iqs-lessonshow-start]').waitFor({ timeout: 90_000 });
  await waitForCase(page, 1, rejected.sop);
  expect(await scanFor(page, identities)).toEqual([]);
  // and nothing to unfold: OHIF's header has no patient info in the lesson mode
  expect(await page.getByText(HEADER_PATIENT, { exact: true }).count()).toBe(0);
  await viewer.screenshot('lessons-present-start');
  await page.locator('[data-iqs-lessonshow-action="start-window"]').click();
  await page.locator('[data-iqs-lessonshow-start]').waitFor({ state: 'detached' });

  // case 1: the teaching point hidden, then shown by T, then hidden by the button
  expect(await presentationState(page)).toMatchObject({ case: 1, cases: 2, teaching: false, teachingText: null });
  expect(await scanFor(page, identities)).toEqual([]);
  await viewer.screenshot('lessons-present-case1');
  await page.keyboard.press('t');
  expect(await presentationState(page)).toMatchObject({ teaching: true, teachingText: teachingPoint });
  expect(await scanFor(page, identities)).toEqual([]);
  expect(await page.title()).toContain('Case 1 of 2');
  await viewer.screenshot('lessons-present-case1-teaching-point');
  await page.locator('[data-iqs-lessonshow-action="teaching-point"]').click();
  expect(await presentationState(page)).toMatchObject({ teaching: false });

  // case 2 by the keyboard (→), its facts, no teaching point written; back with ←, forward with Page Down
  await page.keyboard.press('ArrowRight');
  await waitForCase(page, 2, good.sop);
  expect(page.url()).toContain('iqsCase=2');
  expect(await scanFor(page, identities)).toEqual([]);
  await page.keyboard.press('t');
  expect(await presentationState(page)).toMatchObject({ case: 2, teaching: true, teachingText: 'This case has no teaching point.' });
  expect(await scanFor(page, identities)).toEqual([]);
  await viewer.screenshot('lessons-present-case2');
  await page.keyboard.press('ArrowLeft');
  await waitForCase(page, 1, rejected.sop);
  await page.keyboard.press('PageDown');
  await waitForCase(page, 2, good.sop);

  // the viewer's tools are kept: window/level, zoom and pan in the toolbar
  for (const tool of ['WindowLevel', 'Zoom', 'Pan']) expect(await page.locator(`[data-cy="${tool}"]`).count()).toBeGreaterThan(0);
});

test('a lesson that is not there, or not shared with you, says so', async () => {
  const { page } = viewer;
  const study = pickImage(true, null).study.studyInstanceUid;
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  await page.goto(`${iqs.url}${presentationUrl('00000000-0000-4000-8000-00000000abcd', [study])}`);
  await page.locator('[data-iqs-lessonshow="error"][data-iqs-lessonshow-problem="not-found"]').waitFor({ timeout: 90_000 });
  expect(await page.locator('[data-iqs-lessonshow] [role="alert"]').innerText()).toContain('does not exist or is not shared with you');
  await viewer.screenshot('lessons-present-not-found');
});
