/**
 * The product on its embedded defaults (npm start): the demo PACS and the unmodified OHIF viewer with the IQS
 * extension and mode. What the panel and overlay show is checked against what the demo generator wrote.
 */
import { type DemoManifest, readDemoManifest } from '@iqs/demo-department';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { factDifferences, shownTextDifferences } from './support/factsMatch';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR } from './support/repository';
import {
  evaluationUrl,
  openViewerPage,
  readOverlay,
  readPanelTexts,
  type ViewerPage,
  waitForPanelSop,
  waitForPixels,
} from './support/viewerPage';

jest.setTimeout(240_000);

type ManifestStudy = DemoManifest['studies'][number];
type ManifestImage = ManifestStudy['images'][number];

let manifest: DemoManifest;
let iqs: RunningIqs;
let browser: Browser;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}: the global set-up should have generated it`);
  manifest = read;
  iqs = await startIqs('demo', {});
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  // Ctrl-C stops everything cleanly
  expect(await iqs?.stop()).toBe(0);
});

function studyWhere(description: string, predicate: (study: ManifestStudy) => boolean): ManifestStudy {
  // newest first, as the study list shows them
  const study = [...manifest.studies].reverse().find(predicate);
  if (!study) throw new Error(`The demo data has no ${description}`);
  return study;
}

const stationOf = (study: ManifestStudy): string | null => study.images[0]?.facts.station_name ?? null;

function imageBySop(study: ManifestStudy, sop: string | null): ManifestImage {
  const image = study.images.find((i) => i.facts.sop_instance_uid === sop);
  if (!image) throw new Error(`The panel shows ${sop}, which is not an image of study ${study.accessionNumber}`);
  return image;
}

/** The panel describes this image: its facts (data-iqs-value) and what a person reads (values, units, terms) as written. */
async function expectPanelShows(page: ViewerPage['page'], image: ManifestImage, language: 'en' | 'nl' = 'en'): Promise<void> {
  const facts = await waitForPanelSop(page, image.facts.sop_instance_uid ?? '');
  expect(factDifferences(facts, image.facts)).toEqual([]);
  expect(shownTextDifferences(await readPanelTexts(page), image.facts, language)).toEqual([]);
}

async function panelSop(viewer: ViewerPage): Promise<string | null> {
  const element = viewer.page.locator('[data-iqs-panel="image-facts"][data-iqs-status="image"]');
  await element.waitFor({ timeout: 30_000 });
  return element.getAttribute('data-iqs-image');
}

/** Open a study in the IQS mode and check the shown image's facts, overlay and pixels against the manifest. */
async function checkStudy(viewer: ViewerPage, study: ManifestStudy, name: string): Promise<ManifestImage> {
  const { page } = viewer;
  await page.goto(evaluationUrl(iqs.url, study.studyInstanceUid));
  await waitForPixels(page);
  const sop = await panelSop(viewer);
  const image = imageBySop(study, sop);
  await expectPanelShows(page, image);

  const expectedDose =
    image.facts.modality === 'CT'
      ? { quantity: 'CTDIvol', value: image.facts.ctdivol_mgy }
      : image.facts.modality === 'MG'
        ? { quantity: 'OrganDose', value: image.facts.organ_dose_mgy }
        : { quantity: 'DAP', value: image.facts.dap_gy_cm2 };
  await page.waitForSelector('[data-iqs-overlay="dose"]', { timeout: 20_000 });
  const overlay = await readOverlay(page);
  expect(overlay?.quantity).toBe(expectedDose.quantity);
  expect(Number(overlay?.value)).toBeCloseTo(expectedDose.value ?? Number.NaN, 9);
  expect(overlay?.text).toMatch(expectedDose.quantity === 'DAP' ? /DAP .* Gy·cm²/u : /mGy/u);
  if (image.facts.deviation_index !== null)
    expect(await page.locator('[data-iqs-overlay="deviation_index"]').textContent()).toMatch(/^DI [+-−]?\d/u);
  await viewer.screenshot(name);
  return image;
}

describe('the viewer on the demo data', () => {
  let viewer: ViewerPage;
  beforeEach(async () => {
    viewer = await openViewerPage(browser);
  });
  afterEach(async () => {
    // nothing of ours complains, and nothing at all fails (OHIF errors caused by our configuration included)
    expect(viewer.ourProblems()).toEqual([]);
    expect(viewer.errors()).toEqual([]);
    await viewer.close();
  });

  it('lists the demo studies and offers the IQS mode, which opens the study with its image', async () => {
    const { page } = viewer;
    const study = studyWhere('DX chest study', (s) => s.procedure === 'thorax' && stationOf(s) === 'RAD-KAMER1');
    await page.goto(`${iqs.url}/`);
    await page.getByText(study.accessionNumber, { exact: true }).click();
    const button = page.getByText('IQS evaluation', { exact: true }).first();
    await button.waitFor({ timeout: 20_000 });
    await viewer.screenshot('demo-study-list');
    await button.click();
    await page.waitForURL(/\/iqs-evaluation\?StudyInstanceUIDs=/u, { timeout: 20_000 });
    expect(decodeURIComponent(page.url())).toContain(study.studyInstanceUid);
    const pixels = await waitForPixels(page);
    expect(pixels.sd).toBeGreaterThan(8);
    await page.locator('[data-iqs-panel="image-facts"]').waitFor();
  });

  it('shows a DX chest image with the facts the generator wrote, and follows the user to the next image', async () => {
    const study = studyWhere(
      'DX chest study with a rejected exposure, its second image another view',
      (s) =>
        s.procedure === 'thorax' &&
        stationOf(s) !== 'RAD-KAMER3' &&
        s.images.length >= 3 &&
        s.images[0]?.facts.view_position !== s.images[1]?.facts.view_position,
    );
    const first = await checkStudy(viewer, study, 'demo-dx-chest');
    const { page } = viewer;
    // OHIF gives each single-frame DX image its own display set (a thumbnail): open the next one
    const thumbnails = page.locator('[data-cy="study-browser-thumbnail"]');
    expect(await thumbnails.count()).toBe(study.images.length);
    await thumbnails.nth(1).dblclick();
    await page.waitForFunction(
      (sop) => document.querySelector('[data-iqs-panel="image-facts"]')?.getAttribute('data-iqs-image') !== sop,
      first.facts.sop_instance_uid,
      { timeout: 20_000 },
    );
    const next = imageBySop(study, await panelSop(viewer));
    await expectPanelShows(page, next);
    expect(next.facts.view_position).not.toBe(first.facts.view_position);
    await waitForPixels(page);
    await viewer.screenshot('demo-dx-chest-next-image');
  });

  it('reads the CR room: Latin-1 names, the view only as a SNOMED-RT code, no target EI', async () => {
    const study = studyWhere(
      'CR study',
      (s) => stationOf(s) === 'RAD-KAMER3' && s.images.some((i) => (i.facts.operator_names ?? []).some((n) => /\P{ASCII}/u.test(n))),
    );
    const image = await checkStudy(viewer, study, 'demo-cr');
    expect(image.facts.view_position).not.toBeNull();
    expect(image.facts.target_exposure_index).toBeNull();
  });

  it('derives the deviation index where the room writes EI and target but no DI', async () => {
    const study = studyWhere('emergency-room study', (s) => stationOf(s) === 'SEH-KAMER');
    const image = await checkStudy(viewer, study, 'demo-seh');
    expect(image.facts.deviation_index).not.toBeNull();
  });

  it('shows CTDIvol for a CT study, and follows the user through its slices', async () => {
    // the CT study also holds its radiation dose report (an SR, series 997), which is no image to show
    const study = studyWhere('CT study with its dose report', (s) => s.procedure === 'ct-thorax' && s.doseReport !== null);
    const first = await checkStudy(viewer, study, 'demo-ct');
    const { page } = viewer;
    // the viewport opened the CT series (series 1), not the dose report
    expect(first.file).toMatch(/\/1_CT\//u);
    expect(first.facts.sop_instance_uid).not.toBe(study.doseReport?.sopInstanceUid);
    await page.locator('canvas.cornerstone-canvas').first().hover();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      (sop) => document.querySelector('[data-iqs-panel="image-facts"]')?.getAttribute('data-iqs-image') !== sop,
      first.facts.sop_instance_uid,
      { timeout: 20_000 },
    );
    const next = imageBySop(study, await panelSop(viewer));
    await expectPanelShows(page, next);
  });

  it('shows the organ dose for a mammography study', async () => {
    await checkStudy(
      viewer,
      studyWhere('mammography study', (s) => s.procedure === 'mammo'),
      'demo-mg',
    );
  });

  it.each(['knie', 'hand', 'lwk', 'schedel'])('renders a recognisable %s image', async (procedure) => {
    const study = studyWhere(`${procedure} study`, (s) => s.procedure === procedure && s.images.every((i) => !i.rejected));
    await checkStudy(viewer, study, `demo-${procedure}`);
  });
});

describe('the viewer in Dutch', () => {
  it('labels the panel and the overlay in Dutch, with decimal commas', async () => {
    const viewer = await openViewerPage(browser, { locale: 'nl-NL' });
    const { page } = viewer;
    const study = studyWhere('DX pelvis study', (s) => s.procedure === 'bekken');
    await page.goto(evaluationUrl(iqs.url, study.studyInstanceUid));
    await waitForPixels(page);
    await page.getByText('Beeldgegevens').waitFor({ timeout: 30_000 });
    await page.getByText("MBB'er(s)").waitFor();
    // values with decimal commas and their units, the code strings' known terms in Dutch
    await expectPanelShows(page, imageBySop(study, await panelSop(viewer)), 'nl');
    const overlay = await readOverlay(page);
    expect(overlay?.text).toMatch(/^DAP \d+,\d+ Gy·cm²$/u);
    await viewer.screenshot('demo-dutch');
    // the mode's name on the study list is Dutch too
    await page.goto(`${iqs.url}/`);
    await page.getByText(study.accessionNumber, { exact: true }).click();
    await page.getByText('IQS evaluatie', { exact: true }).first().waitFor({ timeout: 20_000 });
    expect(viewer.ourProblems()).toEqual([]);
    expect(viewer.errors()).toEqual([]);
    await viewer.close();
  });
});
