/**
 * Signing in to IQS from the viewer's IQS panel, against the local Supabase stand-in that `npm start` runs:
 * every demo role, a wrong password, a session that survives a reload, signing out.
 */
import { type DemoManifest, DEMO_PASSWORD, DEMO_PEOPLE, readDemoManifest } from '@iqs/demo-department';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR } from './support/repository';
import { evaluationUrl, openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(240_000);

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  // a fresh backend database on a free port (see startIqs)
  iqs = await startIqs('sign-in', {});
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
});

const account = (page: Page) => page.locator('[data-iqs-account]').first();

async function openStudy(viewer: ViewerPage): Promise<void> {
  const study = manifest.studies.find((s) => s.procedure === 'thorax');
  if (!study) throw new Error('no demo chest study');
  await viewer.page.goto(evaluationUrl(iqs.url, study.studyInstanceUid));
  await waitForPixels(viewer.page);
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('[data-iqs-account="sign-in"]').waitFor({ timeout: 30_000 });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing in from the IQS panel', () => {
  let viewer: ViewerPage;
  beforeEach(async () => {
    viewer = await openViewerPage(browser);
  });
  afterEach(async () => {
    expect(viewer.ourProblems()).toEqual([]);
    await viewer.close();
  });

  it('prints the demo logins at start', () => {
    for (const person of Object.values(DEMO_PEOPLE)) expect(iqs.output()).toContain(person.email);
    expect(iqs.output()).toContain(DEMO_PASSWORD);
  });

  it('says so when the password is wrong', async () => {
    await openStudy(viewer);
    await signIn(viewer.page, DEMO_PEOPLE.petra.email, 'not-the-password');
    await viewer.page.getByRole('alert').waitFor();
    expect(await viewer.page.getByRole('alert').textContent()).toBe('Email or password is not right.');
  });

  it('keeps a radiographer signed in across a reload, until they sign out', async () => {
    const { page } = viewer;
    await openStudy(viewer);
    await signIn(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
    await page.locator('[data-iqs-account="signed-in"]').waitFor({ timeout: 30_000 });
    expect(await account(page).getAttribute('data-iqs-role')).toBe('radiographer');
    expect(await account(page).textContent()).toContain('Signed in as Petra Jansen');
    await viewer.screenshot('sign-in-signed-in');

    await page.reload();
    await waitForPixels(page);
    await page.locator('[data-iqs-account="signed-in"]').waitFor({ timeout: 30_000 });
    expect(await account(page).textContent()).toContain('Petra Jansen');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('[data-iqs-account="sign-in"]').waitFor({ timeout: 30_000 });
    await page.reload();
    await page.locator('[data-iqs-account="sign-in"]').waitFor({ timeout: 30_000 });
    await viewer.screenshot('sign-in-signed-out');
  });

  it.each(Object.values(DEMO_PEOPLE).map((p) => [p.role, p] as const))('signs in the demo %s', async (role, person) => {
    const { page } = viewer;
    await openStudy(viewer);
    await signIn(page, person.email, DEMO_PASSWORD);
    await page.locator('[data-iqs-account="signed-in"]').waitFor({ timeout: 30_000 });
    expect(await account(page).getAttribute('data-iqs-role')).toBe(role);
    expect(await account(page).textContent()).toContain(person.name);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('[data-iqs-account="sign-in"]').waitFor({ timeout: 30_000 });
  });
});
