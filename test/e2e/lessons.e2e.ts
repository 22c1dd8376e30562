/**
 * Clinical lessons end to end on `npm start`'s demo data, as a quality officer uses them:
 *   - Fatima builds a lesson from the drill-downs on /iqs ("Add to lesson"): a rejected image with a teaching
 *     point and an accepted image of another patient from the reject analysis's, an exposure above the DRN from the
 *     dose analysis's;
 *   - she presents it (/iqs-lesson): every case shows its image in the viewport, case n of m, the teaching point on
 *     demand (T and the button), next/previous by the keyboard; on every case the whole page — its text, every
 *     attribute value, the window title and the accessibility tree — holds none of the demo patients' names, IDs,
 *     birth dates (as viewers write them), accession numbers, the institution, or any radiographer's name (read
 *     from the images' own headers and the demo generator's manifest);
 *   - the positive control: the same scan finds the patient's name, ID and birth date and the radiographers in the
 *     ordinary IQS viewer on that study, so the scan can fail;
 *   - Export KOS: the downloaded file, read with dcmjs, has the title (113004, DCM) and references the lesson's images
 *     (study, series, SOP class and instance); imported on /iqs it gives a new lesson with the same title, cases,
 *     order, images and teaching points (read from the tables with the service role);
 *   - Petra opens Fatima's private lesson, and a lesson that does not exist: both say "not there or not shared".
 */
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoManifest, type DemoManifestStudy, readDemoManifest } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { presentationUrl } from '../../extensions/iqs-scoring/src/lessons/presentationUrl';
import { launchChromium } from './support/chromium';
import { signInOnPage, viewportSop } from './support/evaluationFlow';
import { findIdentities, type Identity, identitiesOf, readPageTexts } from './support/identityScan';
import { readKos, readStoredLesson } from './support/lessonFiles';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR, RESULTS_DIR } from './support/repository';
import { until } from './support/until';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(400_000);

/** OHIF's header: the patient info folded, one click shows the name, ID, sex and birth date */
const HEADER_PATIENT = 'Patient';
/** OHIF's header: the logo leads back to the study list (the patients by name) when it is a link */
const RETURN_TO_STUDY_LIST = '[data-cy="return-to-work-list"].cursor-pointer';

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;
let service: IqsServiceClient;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  iqs = await startIqs('lessons', {});
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

/** The demo study holding this image (the manifest lists every image with its UIDs). */
function studyOf(sop: string): DemoManifestStudy {
  const study = manifest.studies.find((s) => s.images.some((image) => image.facts.sop_instance_uid === sop));
  if (!study) throw new Error(`image ${sop} is not in the demo manifest`);
  return study;
}

function imageOf(sop: string) {
  const image = studyOf(sop).images.find((i) => i.facts.sop_instance_uid === sop);
  if (!image) throw new Error(`image ${sop} is not in the demo manifest`);
  return image.facts;
}

async function scanFor(page: Page, identities: readonly Identity[]) {
  return findIdentities(await readPageTexts(page), identities);
}

/** The reject analysis by room over all time, as Fatima reads it. */
async function showRejectsByRoom(page: Page): Promise<void> {
  await page.selectOption('[data-cy="reject-dimension"]', 'room');
  await page.selectOption('[data-cy="reject-period"]', 'all');
  await page.waitForFunction(() => {
    const section = document.querySelector<HTMLElement>('[data-cy="reject-analysis"]');
    return section?.dataset['dimension'] === 'room' && section.dataset['period'] === 'all' && section.dataset['status'] === 'done';
  });
}

/** Opens a room's drill-down (its rejected images, or all of them) and waits for its list. */
async function drillInto(page: Page, room: string, figure: 'rejected' | 'total') {
  await page.locator(`[data-cy="reject-row"][data-key="${room}"] [data-cy="reject-cell-${figure}"]`).click();
  const drill = page.locator(`[data-cy="reject-drill"][data-kind="${figure}"]`);
  await until(
    () => drill.getAttribute('data-status'),
    (status) => status === 'done',
    { what: `the ${figure} drill-down of ${room}` },
  );
  return drill;
}

/**
 * Ticks one image of the drill-down and adds it as a case through "Add to lesson": to a new lesson (its title) or to
 * the lesson made before (its id); returns the lesson's id and the case's position as the control reports them.
 */
async function addToLesson(
  list: ReturnType<Page['locator']>,
  origin: 'reject_analysis' | 'dose_analysis',
  sop: string,
  lesson: { readonly newTitle: string } | { readonly id: string },
  teachingPoint: string | null,
): Promise<{ lessonId: string; position: number }> {
  await list.locator(`[data-iqs-lesson-pick="${sop}"]`).check();
  const control = list.locator(`[data-iqs-lesson-add="${origin}"]`);
  await until(
    () => control.getAttribute('data-iqs-lesson-add-count'),
    (count) => count === '1',
    { what: 'one image ticked' },
  );
  await control.locator('[data-iqs-lesson-add-open]').click();
  const form = control.locator('[data-iqs-lesson-add-form]');
  const chooser = form.locator('[data-iqs-lesson-choose]');
  if ('newTitle' in lesson) {
    await chooser.selectOption('new');
    await form.locator('[data-iqs-lesson-new-title]').fill(lesson.newTitle);
  } else {
    await until(
      () => chooser.locator(`option[value="${lesson.id}"]`).count(),
      (n) => n === 1,
      { what: 'the lesson in the chooser' },
    );
    await chooser.selectOption(lesson.id);
  }
  if (teachingPoint !== null) await form.locator('[data-iqs-lesson-teaching-point]').fill(teachingPoint);
  await form.locator('[data-iqs-lesson-add-confirm]').click();
  const result = control.locator('[data-iqs-lesson-add-result]');
  await result.waitFor({ timeout: 30_000 });
  if ((await result.getAttribute('data-iqs-lesson-add-result')) !== 'added') throw new Error(`not added: ${await result.innerText()}`);
  return {
    lessonId: (await result.getAttribute('data-iqs-lesson-id')) ?? '',
    position: Number(await result.getAttribute('data-iqs-lesson-case-position')),
  };
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

/** the lesson Fatima builds (private to her): the second test opens it as Petra */
let fatimasLesson = '';

test('Fatima builds a lesson from the reject and dose drill-downs, presents it with no patient or radiographer named anywhere on screen, exports it as a KOS and imports it back', async () => {
  const { page } = viewer;
  const room = manifest.intent.worstRoom.stationName;
  const teachingPoint = 'Collimatie te ruim: de schouders horen buiten beeld. Let op de inspiratie.';
  const title = 'Afkeur op de SEH: wat ging er mis?';
  const doseTeachingPoint = 'Boven de DRN: kijk naar kV en mAs.';

  // 1. the lesson, built from the drill-downs: a rejected image of the room (with a teaching point), then an accepted one
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
  await showRejectsByRoom(page);
  const rejectedDrill = await drillInto(page, room, 'rejected');
  const rejectedSop =
    (await rejectedDrill.locator('[data-cy="reject-image"][data-rejected="true"]').first().getAttribute('data-sop-instance-uid')) ?? '';
  const first = await addToLesson(rejectedDrill, 'reject_analysis', rejectedSop, { newTitle: title }, teachingPoint);
  expect(first.position).toBe(1);
  await viewer.screenshot('lessons-add-from-reject-drill-down');
  const allDrill = await drillInto(page, room, 'total');
  const accepted = await allDrill
    .locator('[data-cy="reject-image"][data-rejected="false"]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['sopInstanceUid'] ?? ''));
  // a good image of another patient than the rejected one's
  const goodSop = accepted.find((sop) => studyOf(sop).studyInstanceUid !== studyOf(rejectedSop).studyInstanceUid) ?? '';
  expect(goodSop).not.toBe('');
  const second = await addToLesson(allDrill, 'reject_analysis', goodSop, { id: first.lessonId }, null);
  expect(second).toEqual({ lessonId: first.lessonId, position: 2 });
  // and from the dose analysis's drill-down: an accepted exposure above the DRN, of yet another study
  const exposures = page.locator('[data-cy="dose-exposures"][data-status="done"]');
  await exposures.waitFor({ timeout: 60_000 });
  const aboveDrl = await exposures
    .locator('[data-cy="dose-exposure"][data-rejected="false"]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['sopInstanceUid'] ?? ''));
  const doseSop =
    aboveDrl.find((sop) => ![rejectedSop, goodSop].some((other) => studyOf(other).studyInstanceUid === studyOf(sop).studyInstanceUid)) ??
    '';
  expect(doseSop).not.toBe('');
  const third = await addToLesson(exposures, 'dose_analysis', doseSop, { id: first.lessonId }, doseTeachingPoint);
  expect(third).toEqual({ lessonId: first.lessonId, position: 3 });
  fatimasLesson = first.lessonId;
  const lessonImages = [rejectedSop, goodSop, doseSop];
  const rejected = { sop: rejectedSop, study: studyOf(rejectedSop), series: imageOf(rejectedSop).series_instance_uid ?? '' };
  const identities = await identitiesOf(
    manifest,
    DEMO_DIR,
    lessonImages.map((sop) => studyOf(sop).studyInstanceUid),
  );
  expect(identities.length).toBeGreaterThan(10);

  // 2. the positive control: the ordinary IQS viewer on the rejected image's study names the patient (OHIF's header,
  // unfolded with a click on "Patient") and the radiographers (the IQS panel): the same scan finds them there
  await page.goto(
    `${iqs.url}/iqs-evaluation?StudyInstanceUIDs=${rejected.study.studyInstanceUid}&initialSeriesInstanceUID=${rejected.series}&initialSOPInstanceUID=${rejected.sop}`,
  );
  await waitForPixels(page);
  await page.locator('[data-iqs-panel="image-facts"]').first().waitFor({ timeout: 60_000 });
  expect(await page.locator(RETURN_TO_STUDY_LIST).count()).toBe(1);
  await page.getByText(HEADER_PATIENT, { exact: true }).first().click();
  const control = await until(
    () => scanFor(page, identities),
    (found) => ['patient name', 'PatientID', 'birth date', 'operator'].every((what) => found.some((f) => f.what.includes(what))),
    { timeoutMs: 60_000, what: "the patient's name, ID and birth date and an operator in the ordinary viewer" },
  );
  expect(control.length).toBeGreaterThan(0);
  await viewer.screenshot('lessons-control-ordinary-viewer');

  // 3. Present, from the lessons section on /iqs
  await page.goto(`${iqs.url}/iqs`);
  const section = page.locator('[data-iqs-lesson-section]');
  await section.locator(`[data-iqs-lesson-row="${first.lessonId}"] [data-iqs-lesson-open]`).click();
  const detail = section.locator(`[data-iqs-lesson-detail="${first.lessonId}"][data-status="done"]`);
  await detail.waitFor({ timeout: 30_000 });
  await detail.locator('[data-iqs-lesson-present]').first().click();
  await page.locator('[data-iqs-lessonshow-start]').waitFor({ timeout: 90_000 });
  expect(new URL(page.url()).pathname).toBe('/iqs-lesson');
  await waitForCase(page, 1, rejectedSop);
  expect(await scanFor(page, identities)).toEqual([]);
  // and nothing to unfold: OHIF's header has no patient info in the lesson mode, and no way back to the study list
  // (it lists the patients by name); the presentation's own way out goes to the IQS page
  expect(await page.getByText(HEADER_PATIENT, { exact: true }).count()).toBe(0);
  expect(await page.locator(RETURN_TO_STUDY_LIST).count()).toBe(0);
  await viewer.screenshot('lessons-present-start');
  await page.locator('[data-iqs-lessonshow-action="start-window"]').click();
  await page.locator('[data-iqs-lessonshow-start]').waitFor({ state: 'detached' });

  // case 1: the facts (rejected), the teaching point hidden, then shown by T, then hidden by the button
  expect(await presentationState(page)).toMatchObject({ case: 1, cases: 3, teaching: false, teachingText: null });
  expect(await page.locator('[data-iqs-lessonshow-facts] [data-iqs-lesson-rejected="true"]').count()).toBe(1);
  expect(await scanFor(page, identities)).toEqual([]);
  await viewer.screenshot('lessons-present-case1');
  await page.keyboard.press('t');
  expect(await presentationState(page)).toMatchObject({ teaching: true, teachingText: teachingPoint });
  expect(await scanFor(page, identities)).toEqual([]);
  expect(await page.title()).toBe(`${title} · Case 1 of 3 — IQS lesson`);
  await viewer.screenshot('lessons-present-case1-teaching-point');
  await page.locator('[data-iqs-lessonshow-action="teaching-point"]').click();
  expect(await presentationState(page)).toMatchObject({ teaching: false });

  // case 2 by the keyboard (→): no teaching point written; back with ←, forward with Page Down
  await page.keyboard.press('ArrowRight');
  await waitForCase(page, 2, goodSop);
  expect(new URL(page.url()).searchParams.get('iqsCase')).toBe('2');
  expect(await page.locator('[data-iqs-lessonshow-facts] [data-iqs-lesson-rejected="false"]').count()).toBe(1);
  expect(await scanFor(page, identities)).toEqual([]);
  await page.keyboard.press('t');
  expect(await presentationState(page)).toMatchObject({ case: 2, teaching: true, teachingText: 'This case has no teaching point.' });
  expect(await scanFor(page, identities)).toEqual([]);
  await viewer.screenshot('lessons-present-case2');
  await page.keyboard.press('ArrowLeft');
  await waitForCase(page, 1, rejectedSop);
  await page.keyboard.press('PageDown');
  await waitForCase(page, 2, goodSop);
  // case 3 (from the dose drill-down): its dose against the DRN among the facts
  await page.keyboard.press('PageDown');
  await waitForCase(page, 3, doseSop);
  expect(await page.locator('[data-iqs-lessonshow-facts] [data-iqs-lesson-fact="dose"]').count()).toBe(1);
  await page.keyboard.press('t');
  expect(await presentationState(page)).toMatchObject({ case: 3, teaching: true, teachingText: doseTeachingPoint });
  expect(await scanFor(page, identities)).toEqual([]);
  await viewer.screenshot('lessons-present-case3');
  // F: full screen (a key is a user gesture, as the browser requires), F again: back
  await page.keyboard.press('f');
  await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
  expect(await scanFor(page, identities)).toEqual([]);
  await page.keyboard.press('f');
  await page.waitForFunction(() => document.fullscreenElement === null);
  // the viewer's tools are kept: window/level, zoom and pan in the toolbar
  for (const tool of ['WindowLevel', 'Zoom', 'Pan']) expect(await page.locator(`[data-cy="${tool}"]`).count()).toBeGreaterThan(0);

  // 4. Export KOS: the file read back with dcmjs holds the title 113004 and the lesson's images, in order
  await page.locator('[data-iqs-lessonshow-action="leave"]').click();
  await page.locator('[data-iqs-lesson-section]').waitFor({ timeout: 60_000 });
  expect(new URL(page.url()).pathname).toBe('/iqs');
  await section.locator(`[data-iqs-lesson-row="${first.lessonId}"] [data-iqs-lesson-open]`).click();
  await detail.waitFor({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), detail.locator('[data-iqs-lesson-export]').click()]);
  const kosPath = path.join(RESULTS_DIR, 'lessons-export.dcm');
  await download.saveAs(kosPath);
  const kos = readKos(readFileSync(kosPath));
  expect(kos.titleCode).toEqual({ value: '113004', scheme: 'DCM' });
  expect(kos.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.88.59');
  expect(kos.contentImages).toEqual(lessonImages.map((sop) => ({ sopClassUid: imageOf(sop).sop_class_uid, sopInstanceUid: sop })));
  expect(kos.evidence).toEqual(
    lessonImages
      .map((sop) => ({
        study: imageOf(sop).study_instance_uid,
        series: imageOf(sop).series_instance_uid,
        sopClassUid: imageOf(sop).sop_class_uid,
        sopInstanceUid: sop,
      }))
      .sort((a, b) => a.sopInstanceUid.localeCompare(b.sopInstanceUid)),
  );

  // 5. Import it on /iqs: a new lesson with the same title, cases, order, images and teaching points
  await section.locator('[data-iqs-lesson-import]').setInputFiles(kosPath);
  const imported = section.locator('[data-iqs-lesson-import-result]');
  await imported.waitFor({ timeout: 30_000 });
  expect(await imported.getAttribute('data-iqs-lesson-missing')).toBe('0');
  expect(await imported.getAttribute('data-iqs-lesson-title-code')).toBe('113004');
  const importedId = (await imported.getAttribute('data-iqs-lesson-id')) ?? '';
  expect(importedId).not.toBe(first.lessonId);
  // read from the tables with the service role, not through IQS's code
  const original = await readStoredLesson(service, first.lessonId);
  expect(original).toEqual({
    title,
    cases: [
      { position: 1, teachingPoint, images: [rejectedSop] },
      { position: 2, teachingPoint: null, images: [goodSop] },
      { position: 3, teachingPoint: doseTeachingPoint, images: [doseSop] },
    ],
  });
  expect(await readStoredLesson(service, importedId)).toEqual(original);
  await viewer.screenshot('lessons-imported');
});

test('a lesson that is not there, or not shared with you, says so', async () => {
  const { page } = viewer;
  const study = manifest.studies[0]?.studyInstanceUid ?? '';
  await page.goto(`${iqs.url}/iqs`);
  await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
  // Fatima's lesson is private: for Petra it is not there
  expect(fatimasLesson).not.toBe('');
  for (const id of [fatimasLesson, '00000000-0000-4000-8000-00000000abcd']) {
    await page.goto(`${iqs.url}${presentationUrl(id, [study])}`);
    await page.locator('[data-iqs-lessonshow="error"][data-iqs-lessonshow-problem="not-found"]').waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-iqs-lessonshow] [role="alert"]').innerText()).toContain('does not exist or is not shared with you');
  }
  await viewer.screenshot('lessons-present-not-shared');
});
