/**
 * IQS_DICOMWEB_URL: the viewer uses another DICOMweb server instead of its demo PACS, through /dicomweb on its
 * own origin (the browser never talks to the PACS directly, so the PACS needs no CORS).
 */
import { startDicomwebServer } from '@iqs/demo-pacs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { EXPECTED, writeOtherDicomFiles } from './support/otherDicomFiles';
import { evaluationUrl, openViewerPage, readOverlay, waitForPanelSop, waitForPixels } from './support/viewerPage';

jest.setTimeout(240_000);

let folder: string;
let pacs: Awaited<ReturnType<typeof startDicomwebServer>>;
let iqs: RunningIqs;
let browser: Browser;

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-external-pacs-'));
  writeOtherDicomFiles(folder);
  pacs = await startDicomwebServer({ dir: folder, port: 0 });
  iqs = await startIqs('dicomweb-proxy', { IQS_DICOMWEB_URL: `${pacs.url}` });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
  await pacs?.close().catch(() => undefined); // the last test closed it already
  rmSync(folder, { recursive: true, force: true });
});

it('shows the external PACS’s studies and images, with the IQS panel and overlay', async () => {
  const viewer = await openViewerPage(browser);
  const { page } = viewer;
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));

  await page.goto(evaluationUrl(iqs.url, EXPECTED.latin1.study));
  await waitForPixels(page);
  const facts = await waitForPanelSop(page, EXPECTED.latin1.sopInstanceUid);
  for (const [field, value] of Object.entries(EXPECTED.latin1.facts)) expect({ field, value: facts[field] }).toEqual({ field, value });
  expect((await readOverlay(page))?.value).toBe('0.25');
  await viewer.screenshot('dicomweb-proxy');

  // every request went to the viewer's origin
  const origins = new Set(requests.map((url) => new URL(url).origin));
  expect([...origins]).toEqual([new URL(iqs.url).origin]);
  expect(viewer.ourProblems()).toEqual([]);
  await viewer.close();
});

it('says plainly when the PACS cannot be reached', async () => {
  const response = await fetch(`${iqs.url}/dicomweb/studies`);
  expect(response.status).toBe(200);
  await pacs.close();
  const down = await fetch(`${iqs.url}/dicomweb/studies`);
  expect(down.status).toBe(502);
  expect(await down.text()).toMatch(/did not answer/u);
});
