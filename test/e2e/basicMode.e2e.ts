/**
 * IQS works only in its own mode: the IQS mode starts IQS's work in its onModeEnter, so OHIF's other modes run
 * with IQS loaded but not listening. With an IQS user signed in (a stored session, which a supabase-js client would
 * read and act on as soon as it is made), OHIF's Basic Viewer (/viewer) shows a demo study with no IQS panel, no
 * dose overlay, no IQS styles, no active-image tracking, no effect of IQS's S key and no call to the IQS backend.
 * As a control that this test can see those things, the same page in the IQS mode shows them and calls the
 * backend; back in the Basic Viewer by in-app navigation, IQS is quiet again.
 *
 * What IQS is doing is read from its service's status through OHIF's own `window.services` (the cornerstone
 * extension puts OHIF's services there); everything else is what the page shows and what it requests.
 */
import { type DemoManifest, DEMO_PASSWORD, DEMO_PEOPLE, readDemoManifest } from '@iqs/demo-department';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { signInOnPage } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR } from './support/repository';
import { evaluationUrl, openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(300_000);

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  iqs = await startIqs('basic-mode', {});
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
});

interface IqsStatus {
  readonly inMode: boolean;
  readonly trackingActiveImage: boolean;
  readonly backend: string;
  readonly evaluation: string;
}

/** The IQS service's status, through OHIF's services; null when OHIF holds no IQS service. */
async function iqsStatus(page: Page): Promise<IqsStatus | null> {
  return page.evaluate(() => {
    const services = (window as unknown as { services?: Record<string, { status?: () => unknown } | undefined> }).services;
    return (services?.['iqsService']?.status?.() as IqsStatus | undefined) ?? null;
  });
}

/** What of IQS the page shows: its panels and sign-in, its overlay items, its style sheet. */
async function iqsOnScreen(page: Page): Promise<{ panels: number; overlay: number; styles: boolean; focusInIqs: boolean }> {
  return page.evaluate(() => ({
    panels: document.querySelectorAll('[data-iqs-panel], [data-iqs-account], .iqs-panel').length,
    overlay: document.querySelectorAll('[data-iqs-overlay], .iqs-overlay-dose').length,
    styles: document.getElementById('iqs-styles') !== null,
    focusInIqs: document.activeElement?.closest('.iqs-host, [data-iqs-panel]') != null,
  }));
}

/** Waits until the basic viewer has had its time: OHIF's own work settled, so that IQS would have acted by now. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
  await page.waitForTimeout(3_000);
}

describe('OHIF’s Basic Viewer with IQS loaded', () => {
  let viewer: ViewerPage;
  let backendRequests: string[];
  beforeEach(async () => {
    viewer = await openViewerPage(browser);
    backendRequests = [];
  });
  afterEach(async () => {
    expect(viewer.ourProblems()).toEqual([]);
    await viewer.close();
  });

  it('runs without IQS: no tracking, panel, overlay, key or backend call, even for a signed-in IQS user; the IQS mode does all of those', async () => {
    const { page } = viewer;
    // a plain DX chest study: no rejected exposure (a rejection note is a series of its own), not the CR room
    const study = manifest.studies.find((s) => s.procedure === 'thorax' && s.stationName === 'RAD-KAMER1' && !s.rejectionNote);
    if (!study) throw new Error('no demo chest study');

    // a radiographer signed in to IQS earlier: supabase-js keeps the session in the browser
    await page.goto(`${iqs.url}/iqs`);
    await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
    const supabaseUrl = await page.evaluate(
      () => (window as unknown as { config: { iqs: { supabaseUrl: string } } }).config.iqs.supabaseUrl,
    );
    expect(supabaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(await page.evaluate(() => Object.keys(localStorage).some((key) => key.startsWith('sb-') && key.endsWith('-auth-token')))).toBe(
      true,
    );
    // what the viewer pages ask the backend (not the IQS page's own late reads, which may still be under way)
    page.on('request', (request: Request) => {
      if (new URL(page.url()).pathname === '/iqs') return;
      if (request.url().startsWith(supabaseUrl)) backendRequests.push(`${request.method()} ${request.url().slice(supabaseUrl.length)}`);
    });

    // OHIF's Basic Viewer, loaded afresh, as from a bookmark
    await page.goto(`${iqs.url}/viewer?StudyInstanceUIDs=${encodeURIComponent(study.studyInstanceUid)}`);
    await waitForPixels(page);
    await settle(page);
    // the extension is loaded and its service registered, doing nothing
    expect(await iqsStatus(page)).toEqual({ inMode: false, trackingActiveImage: false, backend: 'idle', evaluation: 'none' });
    expect(await iqsOnScreen(page)).toEqual({ panels: 0, overlay: 0, styles: false, focusInIqs: false });
    // S is IQS's key only in the IQS mode: here it is nothing of IQS's
    await page.locator('canvas.cornerstone-canvas').first().hover();
    await page.keyboard.press('s');
    await page.waitForTimeout(500);
    expect(await iqsOnScreen(page)).toEqual({ panels: 0, overlay: 0, styles: false, focusInIqs: false });
    expect(backendRequests).toEqual([]);
    await viewer.screenshot('basic-mode-without-iqs');

    // control: the same study in the IQS mode shows IQS and uses its backend (the signed-in person's profile)
    await page.goto(evaluationUrl(iqs.url, study.studyInstanceUid));
    await waitForPixels(page);
    await page.locator('[data-iqs-panel="image-facts"][data-iqs-status="image"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-iqs-account="signed-in"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-iqs-overlay="dose"]').waitFor({ timeout: 30_000 });
    expect(await iqsStatus(page)).toEqual({ inMode: true, trackingActiveImage: true, backend: 'connected', evaluation: 'none' });
    expect(backendRequests.some((request) => request.startsWith('GET /rest/v1/people'))).toBe(true);
    await viewer.screenshot('basic-mode-control-iqs-mode');

    // back to the Basic Viewer inside the app (no reload): IQS leaves with its mode and its backend link pauses
    await page.evaluate(
      (path) => {
        window.history.pushState({}, '', path);
        window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
      },
      `/viewer?StudyInstanceUIDs=${encodeURIComponent(study.studyInstanceUid)}`,
    );
    await page.waitForURL(/\/viewer\?/u);
    await page.locator('[data-iqs-panel]').first().waitFor({ state: 'detached', timeout: 30_000 });
    await waitForPixels(page);
    const before = backendRequests.length;
    await settle(page);
    expect(await iqsStatus(page)).toEqual({ inMode: false, trackingActiveImage: false, backend: 'paused', evaluation: 'none' });
    const onScreen = await iqsOnScreen(page);
    expect({ panels: onScreen.panels, overlay: onScreen.overlay, focusInIqs: onScreen.focusInIqs }).toEqual({
      panels: 0,
      overlay: 0,
      focusInIqs: false,
    });
    await page.keyboard.press('s');
    await page.waitForTimeout(500);
    expect((await iqsOnScreen(page)).focusInIqs).toBe(false);
    expect(backendRequests.slice(before)).toEqual([]);
    await viewer.screenshot('basic-mode-after-iqs-mode');
  });
});
