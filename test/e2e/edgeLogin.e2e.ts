/**
 * The login in front of the images (IQS_REQUIRE_LOGIN=1, as on a network): /dicomweb answers signed-in IQS users
 * only, the viewer shows IQS's sign-in before anything else, and once the user has signed in it goes on to the
 * study asked for and draws its images, each DICOMweb request carrying the session's token. Other host names are
 * refused.
 */
import { type DemoManifest, DEMO_PASSWORD, DEMO_PEOPLE, readDemoManifest } from '@iqs/demo-department';
import type { Browser } from 'playwright-core';
import { rawRequest } from '../../platform/viewer/test/support/rawRequest';
import { launchChromium } from './support/chromium';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR } from './support/repository';
import { evaluationUrl, openViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(240_000);

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  iqs = await startIqs('edge-login', { IQS_REQUIRE_LOGIN: '1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
});

it('refuses the images without a signed-in IQS user, and any host name that is not IQS’s', async () => {
  const anonymous = await fetch(`${iqs.url}/dicomweb/studies?includefield=00100010`);
  expect(anonymous.status).toBe(401);
  expect(await anonymous.text()).not.toMatch(/0010,?0010|PatientName/u);
  const forged = await fetch(`${iqs.url}/dicomweb/studies`, {
    headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.' },
  });
  expect(forged.status).toBe(401);
  const rebound = await rawRequest(iqs.url, '/dicomweb/studies?includefield=00100010', { headers: { Host: 'rebind.example' } });
  expect(rebound.status).toBe(421);
  expect(rebound.body).not.toContain('rebind.example');
});

it('shows IQS’s sign-in first and, after signing in, the study with its images, every DICOMweb request with the token', async () => {
  const study = manifest.studies.find((s) => s.procedure === 'thorax');
  if (!study) throw new Error('no demo chest study');
  const viewer = await openViewerPage(browser);
  const { page } = viewer;
  const dicomweb: Array<{ url: string; authorization: string | undefined }> = [];
  const statuses: number[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/dicomweb'))
      dicomweb.push({ url: request.url(), authorization: request.headers()['authorization'] });
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/dicomweb')) statuses.push(response.status());
  });

  const wanted = evaluationUrl(iqs.url, study.studyInstanceUid);
  await page.goto(wanted);
  await page.locator('[data-iqs-account="sign-in"]').waitFor({ timeout: 60_000 });
  // the page says why the images wait
  expect(await page.locator('[data-iqs-sign-in-for]').getAttribute('data-iqs-sign-in-for')).toBe('images');
  expect(new URL(page.url()).pathname).toBe('/iqs');
  await viewer.screenshot('edge-login-1-sign-in-first');
  expect(dicomweb).toEqual([]);

  await page.getByLabel('Email').fill(DEMO_PEOPLE.petra.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(wanted, { timeout: 60_000 });
  await waitForPixels(page);
  await viewer.screenshot('edge-login-2-images-after-sign-in');

  expect(dicomweb.length).toBeGreaterThan(0);
  expect(dicomweb.filter((r) => !/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/u.test(r.authorization ?? ''))).toEqual([]);
  expect(statuses.filter((status) => status === 401)).toEqual([]);
  expect(viewer.ourProblems()).toEqual([]);
  await viewer.close();
});

it('keeps the user signed in across a reload: the images come without signing in again', async () => {
  const viewer = await openViewerPage(browser);
  const { page } = viewer;
  await page.goto(`${iqs.url}/iqs`);
  await page.locator('[data-iqs-account="sign-in"]').waitFor({ timeout: 60_000 });
  await page.getByLabel('Email').fill(DEMO_PEOPLE.anna.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-iqs-account="signed-in"]').waitFor({ timeout: 30_000 });
  const study = manifest.studies.find((s) => s.procedure === 'thorax');
  if (!study) throw new Error('no demo chest study');
  await page.goto(evaluationUrl(iqs.url, study.studyInstanceUid));
  await waitForPixels(page);
  expect(new URL(page.url()).pathname).toBe('/iqs-evaluation');
  await viewer.close();
});
