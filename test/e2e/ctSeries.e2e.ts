/**
 * CT sampled and scored as a series (issue 14, item 3), in the real viewer on `npm start`'s demo data: Fatima
 * (quality officer) starts a quality analysis of CT chest on /iqs. The start form counts series and studies, as
 * the demo manifest gives them (each CT study one series of slices); every worklist item is a series with its number
 * of images; the viewer shows the series' whole stack at the representative slice, and the mouse wheel moves through
 * its slices both ways (↑ and ↓ stay the scoring form's: they move between its criteria); a scored series is one
 * item of the progress.
 */
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoManifest, readDemoManifest } from '@iqs/demo-department';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { readWorklist, scoreWithKeyboard, signInOnPage, startEvaluation, viewportSop, waitForCurrentImage } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { DEMO_DIR } from './support/repository';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(300_000);

let iqs: RunningIqs;
let browser: Browser;
let manifest: DemoManifest;
let viewer: ViewerPage;

beforeAll(async () => {
  const read = await readDemoManifest(DEMO_DIR);
  if (!read) throw new Error(`No demo data in ${DEMO_DIR}`);
  manifest = read;
  iqs = await startIqs('ctSeries', {});
  browser = await launchChromium();
  viewer = await openViewerPage(browser);
});

afterAll(async () => {
  await viewer?.close();
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
});

/** The demo's CT chest series, from the manifest: each series' accepted slices (SOP Instance UIDs) and its study. */
function ctSeriesOfManifest(): Map<string, { study: string; slices: Set<string> }> {
  const series = new Map<string, { study: string; slices: Set<string> }>();
  for (const study of manifest.studies) {
    if (study.procedure !== 'ct-thorax') continue;
    for (const image of study.images) {
      if (image.rejected || image.facts.modality !== 'CT') continue;
      const uid = image.facts.series_instance_uid as string;
      const entry = series.get(uid) ?? { study: study.studyInstanceUid, slices: new Set<string>() };
      entry.slices.add(image.facts.sop_instance_uid as string);
      series.set(uid, entry);
    }
  }
  return series;
}

/** The active viewport's stack: its image ids' SOP Instance UIDs and the index shown. */
async function viewportStack(page: Page): Promise<{ sops: string[]; index: number } | null> {
  return page.evaluate(() => {
    // OHIF's services as the viewer exposes them to the page: untyped there
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const services = (window as unknown as { services?: Record<string, any> }).services;
    const viewportId = services?.['viewportGridService']?.getActiveViewportId();
    const viewport = viewportId ? services?.['cornerstoneViewportService']?.getCornerstoneViewport(viewportId) : null;
    const ids: string[] | undefined = viewport?.getImageIds?.();
    if (!ids) return null;
    return {
      sops: ids.map((id) => /\/instances\/([^/]+)/u.exec(id)?.[1] ?? id),
      index: viewport.getCurrentImageIdIndex(),
    };
  });
}

/** Waits until the viewport shows another slice than `before`; returns it (null: it did not move). */
async function sliceAfter(page: Page, before: string): Promise<string | null> {
  for (let tries = 0; tries < 40; tries++) {
    const now = await viewportSop(page);
    if (now && now !== before) return now;
    await page.waitForTimeout(100);
  }
  return null;
}

describe('CT as a series', () => {
  it('counts series, opens a series item as its stack and scrolls through its slices', async () => {
    const { page } = viewer;
    const series = ctSeriesOfManifest();
    expect(series.size).toBeGreaterThan(1);
    const studies = new Set([...series.values()].map((s) => s.study));

    await page.goto(`${iqs.url}/iqs`);
    await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
    const section = page.locator('[data-iqs-section="start"]');
    await section.waitFor({ timeout: 30_000 });
    await section.locator('[data-iqs-use="quality"] input').check();
    await section.getByRole('checkbox', { name: /^CT\b/u }).first().check();
    await section.getByLabel('Sample size').fill('2');
    const count = section.locator('[data-iqs-count]:not([data-iqs-count=""])');
    await count.waitFor({ timeout: 30_000 });
    // "N series (M studies) match", not the slices
    await page.waitForFunction(
      (n) => document.querySelector('[data-iqs-section="start"] [data-iqs-count-series]')?.getAttribute('data-iqs-count-series') === n,
      String(series.size),
      { timeout: 30_000 },
    );
    expect(Number(await count.getAttribute('data-iqs-count'))).toBe(series.size);
    const countText = (await count.textContent()) ?? '';
    expect(countText).toContain(`${series.size} series (${studies.size} studies) match`);
    expect(countText).not.toMatch(/\d+ images match/u);
    await count.scrollIntoViewIfNeeded();
    await viewer.screenshot('ctSeries-1-start-count');

    await startEvaluation(page);
    const worklist = await readWorklist(page);
    expect(worklist.rows).toHaveLength(2);
    for (const row of worklist.rows) {
      const button = page.locator(`button[data-iqs-item="${row.itemId}"]`);
      expect(await button.getAttribute('data-iqs-unit')).toBe('series');
      const held = [...series.values()].find((s) => s.slices.has(row.sop));
      if (!held) throw new Error(`worklist image ${row.sop} is no slice of a demo CT chest series`);
      expect(await button.textContent()).toContain(`Series · ${held.slices.size} images`);
    }

    // the first item: the viewport holds the series' whole stack, at the representative slice
    const first = await waitForCurrentImage(page);
    await waitForPixels(page);
    const held = [...series.values()].find((s) => s.slices.has(first.sop)) as { slices: Set<string> };
    const stack = await viewportStack(page);
    expect(stack?.sops.slice().sort()).toEqual([...held.slices].sort());
    expect(stack?.sops[stack.index]).toBe(first.sop);
    await viewer.screenshot('ctSeries-2-series-open');

    // the mouse wheel over the image moves to another slice of the same series
    const box = await page.locator('.cornerstone-viewport-element, [data-viewport-uid]').first().boundingBox();
    if (!box) throw new Error('no viewport element on the page');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    const wheeled = await sliceAfter(page, first.sop);

    // and back, the other way
    await page.mouse.wheel(0, -300);
    expect(await sliceAfter(page, wheeled as string)).toBe(first.sop);
    await page.mouse.wheel(0, 300);
    expect(await sliceAfter(page, first.sop)).toBe(wheeled);
    await viewer.screenshot('ctSeries-3-scrolled');

    // scored as one item, with the keyboard (the form keeps the keys while the wheel scrolls the image)
    await scoreWithKeyboard(page, (criterion) => criterion.options[0]?.value ?? '', 0);
    await page.locator(`button[data-iqs-item="${first.itemId}"][data-iqs-state="scored"]`).waitFor({ timeout: 15_000 });
    expect((await readWorklist(page)).progress).toBe('1/2');
    const second = await waitForCurrentImage(page, { after: first.itemId });
    const secondStack = await viewportStack(page);
    const secondHeld = [...series.values()].find((s) => s.slices.has(second.sop)) as { slices: Set<string> };
    expect(secondStack?.sops.slice().sort()).toEqual([...secondHeld.slices].sort());
    expect(viewer.ourProblems()).toEqual([]);
  });
});
