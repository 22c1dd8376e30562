/**
 * IQS_DICOM_DIR: a folder of other DICOM files served instead of the demo data. The panel shows those files'
 * facts correctly (units, codes, names in two character sets), and awkward input never takes the viewer down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { EXPECTED, type ExpectedImage, STUDIES, writeOtherDicomFiles } from './support/otherDicomFiles';
import { evaluationUrl, openViewerPage, readOverlay, type ViewerPage, waitForPanelImage, waitForPixels } from './support/viewerPage';

jest.setTimeout(240_000);

let folder: string;
let iqs: RunningIqs;
let browser: Browser;

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-other-dicom-'));
  writeOtherDicomFiles(folder);
  iqs = await startIqs('dicom-dir', { IQS_DICOM_DIR: folder });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  const code = await iqs?.stop();
  rmSync(folder, { recursive: true, force: true });
  expect(code).toBe(0);
});

async function openAndCheck(viewer: ViewerPage, expected: ExpectedImage, screenshot: string): Promise<void> {
  const { page } = viewer;
  await page.goto(evaluationUrl(iqs.url, expected.study));
  await waitForPixels(page);
  const facts = await waitForPanelImage(
    page,
    (f) => f['operator_names'] !== undefined && (f['station_name'] ?? '') === (expected.facts['station_name'] ?? f['station_name']),
  );
  for (const [field, value] of Object.entries(expected.facts)) expect({ field, value: facts[field] }).toEqual({ field, value });
  if (expected.overlay) {
    await page.waitForSelector('[data-iqs-overlay="dose"]', { timeout: 20_000 });
    const overlay = await readOverlay(page);
    expect(overlay?.quantity).toBe(expected.overlay.quantity);
    expect(overlay?.value).toBe(expected.overlay.value);
  }
  await viewer.screenshot(screenshot);
}

describe('IQS_DICOM_DIR', () => {
  let viewer: ViewerPage;
  beforeEach(async () => {
    viewer = await openViewerPage(browser);
  });
  afterEach(async () => {
    expect(viewer.ourProblems()).toEqual([]);
    await viewer.close();
  });

  it('says at start which files it skipped and why, and puts them in the quarantine', () => {
    expect(iqs.output()).toMatch(/skipped/u);
    expect(iqs.output()).toMatch(/README\.txt|truncated\.dcm/u);
    expect(iqs.output()).toMatch(/Image index: \d+ instances of site demo .*, [1-9]\d* quarantined/u);
  });

  it('lists the folder’s studies, with the IQS mode offered', async () => {
    const { page } = viewer;
    await page.goto(`${iqs.url}/`);
    await page.getByText('X-Thorax PA (Latin-1 bestand)').first().click();
    await page.getByText('IQS evaluation', { exact: true }).first().waitFor({ timeout: 20_000 });
    await viewer.screenshot('dicom-dir-study-list');
  });

  it('reads a Latin-1 file: two operators, DAP from dGy·cm², the view from a SNOMED-RT code', async () => {
    await openAndCheck(viewer, EXPECTED.latin1, 'dicom-dir-latin1');
  });

  it('reads a UTF-8 file: names beyond Latin-1, the view from a SNOMED CT code, age from PatientAge', async () => {
    await openAndCheck(viewer, EXPECTED.utf8, 'dicom-dir-utf8');
  });

  it('keeps working on a study with implicit VR, deflated and broken files: the panel follows each series', async () => {
    const { page } = viewer;
    await page.goto(evaluationUrl(iqs.url, STUDIES.awkward));
    await waitForPixels(page);
    await waitForPanelImage(page, (f) => f['operator_names'] !== undefined);
    // open each series from the study browser (thumbnails on the left) by double click
    for (const [expected, seriesNumber] of [
      [EXPECTED.implicit, 1],
      [EXPECTED.deflated, 2],
      [EXPECTED.broken, 3],
    ] as const) {
      await page.locator(`[data-cy="study-browser-thumbnail"][data-series="${seriesNumber}"]`).dblclick();
      const facts = await waitForPanelImage(
        page,
        (f) =>
          f['station_name'] === (expected.facts['station_name'] ?? f['station_name']) &&
          f['view_position'] === expected.facts['view_position'],
      );
      for (const [field, value] of Object.entries(expected.facts)) expect({ field, value: facts[field] }).toEqual({ field, value });
      await waitForPixels(page);
    }
    await viewer.screenshot('dicom-dir-awkward');
  });

  it('is not taken down by a non-image series or an unknown SOP class', async () => {
    const { page } = viewer;
    await page.goto(evaluationUrl(iqs.url, STUDIES.latin1));
    await waitForPixels(page);
    // the rejection note (series 99) and the unknown SOP class (series 5): open whatever OHIF made of them
    const thumbnails = page.locator('[data-cy^="study-browser-thumbnail"]');
    await expect(thumbnails.count()).resolves.toBeGreaterThanOrEqual(2);
    for (const series of ['99', '5']) {
      const thumbnail = page.locator(`[data-cy^="study-browser-thumbnail"][data-series="${series}"]`);
      if ((await thumbnail.count()) > 0) await thumbnail.first().dblclick();
      await page.waitForTimeout(1000);
    }
    // the viewer and the IQS panel are still there and working
    await page.locator('[data-iqs-panel="image-facts"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-cy="study-browser-thumbnail"][data-series="1"]').dblclick();
    await waitForPanelImage(page, (f) => f['station_name'] === 'KAMER-Ü');
    await waitForPixels(page);
    await viewer.screenshot('dicom-dir-non-image');
  });
});
