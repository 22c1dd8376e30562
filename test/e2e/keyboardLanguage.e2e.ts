/**
 * Issue 14, items 1 and 7, in Chromium on `npm start`'s demo data, as a radiographer would try it:
 *   - keys from the first image: Petra starts a self-evaluation and scores its first image with digits and Enter,
 *     without IQS's hotkey `S` or a click, and the second image after "Save and next" the same way;
 *   - the language switch on /iqs: Nederlands re-renders the page at once (no reload); the viewer (/iqs-evaluation)
 *     opened from there then shows the same language, IQS's panels and OHIF's own menu; and back to English;
 *   - the Dutch UI shows no broken word: in every IQS text on /iqs and in the viewer's panels, no line break falls
 *     inside a word other than after a hyphen (measured on the rendered line boxes, one character at a time).
 * The tests run in this order (one IQS, one database).
 */
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import {
  type AnswerPlan,
  fillStartForm,
  readWorklist,
  scoreWithKeyboard,
  signInOnPage,
  startEvaluation,
  waitForCurrentImage,
} from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';
import { openViewerPage, type ViewerPage, waitForPixels } from './support/viewerPage';

jest.setTimeout(300_000);

let iqs: RunningIqs;
let browser: Browser;

beforeAll(async () => {
  iqs = await startIqs('keyboard-language', {});
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

/** Any answer will do: the first one the criterion shows. */
const firstOption: AnswerPlan = (criterion) => criterion.options[0]?.value ?? '';

/** Where the focus is: a criterion of the scoring form (its code), "Save and next", or elsewhere (what). */
async function focusInForm(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active?.closest('[data-iqs-panel="scoring"]')) return `elsewhere: ${active?.tagName ?? 'none'}.${String(active?.className ?? '')}`;
    return active.closest<HTMLElement>('[data-iqs-criterion]')?.dataset['iqsCriterion'] ?? active.dataset['iqsAction'] ?? active.tagName;
  });
}

/** Waits (a bounded while) until the focus is in the scoring form; returns where it is then. */
async function waitForFocusInForm(page: Page): Promise<string> {
  await page
    .waitForFunction(() => document.activeElement?.closest('[data-iqs-panel="scoring"] [data-iqs-criterion]') != null, undefined, {
      timeout: 15_000,
    })
    .catch(() => undefined);
  return focusInForm(page);
}

/** Counts the keys the page received, so the test can say `S` was never pressed and nothing was clicked. */
async function countInput(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { s: 0, clicks: 0 };
    (window as unknown as { iqsInputSeen: typeof seen }).iqsInputSeen = seen;
    window.addEventListener('keydown', (event) => void (event.key.toLowerCase() === 's' && seen.s++), true);
    window.addEventListener('mousedown', () => void seen.clicks++, true);
  });
}
const inputSeen = (page: Page) => page.evaluate(() => (window as unknown as { iqsInputSeen: { s: number; clicks: number } }).iqsInputSeen);

/**
 * Every place in IQS's Dutch texts where a line breaks inside a word: for each visible text node under an element
 * with lang="nl" (IQS's page and panels set it on their roots), each pair of neighbouring characters of a word is
 * compared by their rendered boxes; a pair on different lines is a break inside the word, allowed only after a
 * hyphen, a slash or a dash (where a Dutch reader expects one).
 */
async function brokenWords(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const allowedAfter = new Set(['-', '/', '\u00ad', '–', '—', '‑']);
    const found: string[] = [];
    // the outermost matches only, so that no text is read twice
    const roots = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (root) => root.closest('[lang="nl"]') && !root.parentElement?.closest(selector),
    );
    const range = document.createRange();
    const box = (node: Text, at: number): DOMRect | null => {
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
      return rects[0] ?? null;
    };
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const text = node.data;
        const parent = node.parentElement;
        if (!parent || !parent.closest('[lang="nl"]') || parent.getClientRects().length === 0) continue;
        for (const match of text.matchAll(/\S{2,}/gu)) {
          const start = match.index ?? 0;
          let previous = box(node, start);
          for (let i = start + 1; i < start + match[0].length; i++) {
            const current = box(node, i);
            if (previous && current && current.top >= previous.bottom - 1 && !allowedAfter.has(text[i - 1] ?? '')) {
              found.push(
                `"${match[0]}" broken after "${text.slice(start, i)}" in <${parent.tagName.toLowerCase()} class="${parent.className}">`,
              );
              break;
            }
            previous = current ?? previous;
          }
        }
      }
    }
    return found;
  }, scope);
}

/** The items of OHIF's own settings menu (the gear in its header), in the language OHIF speaks; the menu closed again. */
async function ohifMenuItems(page: Page): Promise<string[]> {
  // the gear: the right-most menu button in OHIF's header bar (it has no data-cy of its own)
  await page.evaluate(() => {
    const inHeader = [...document.querySelectorAll<HTMLElement>('button[aria-haspopup="menu"]')].filter((button) => {
      const box = button.getBoundingClientRect();
      return box.width > 0 && box.bottom <= 60;
    });
    inHeader
      .sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left)
      .at(-1)
      ?.setAttribute('data-test-ohif-gear', '');
  });
  await page.locator('[data-test-ohif-gear]').click();
  const menu = page.getByRole('menu').last();
  await menu.waitFor({ timeout: 15_000 });
  const items = (await menu.getByRole('menuitem').allInnerTexts()).map((item) => item.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  return items;
}

const state = { evaluationId: '' };

describe('keys from the first image', () => {
  it('digits and Enter work on the first image without S or a click, and again after "Save and next"', async () => {
    const { page } = viewer;
    await page.goto(`${iqs.url}/iqs`);
    await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
    expect(await fillStartForm(page, { use: 'self', sampleSize: 2 })).toBeGreaterThanOrEqual(2);
    state.evaluationId = await startEvaluation(page);
    await countInput(page);

    const first = await waitForCurrentImage(page);
    await waitForPixels(page);
    const startsOn = await waitForFocusInForm(page);
    await viewer.screenshot('keyboard-1-first-image-focused');
    // the first criterion has the focus, with no key or click since the evaluation opened
    expect(startsOn).toBe(await page.locator('[data-iqs-panel="scoring"] [data-iqs-criterion]').first().getAttribute('data-iqs-criterion'));
    const onFirst = await scoreWithKeyboard(page, firstOption, 0);
    expect(onFirst.length).toBeGreaterThan(0);

    const second = await waitForCurrentImage(page, { after: first.itemId });
    expect((await readWorklist(page)).rows.find((row) => row.itemId === first.itemId)?.state).toBe('scored');
    expect(await waitForFocusInForm(page)).toBe(
      await page.locator('[data-iqs-panel="scoring"] [data-iqs-criterion]').first().getAttribute('data-iqs-criterion'),
    );
    await scoreWithKeyboard(page, firstOption, 1, null, { save: false });
    await page.keyboard.press('Enter');
    await page.locator(`button[data-iqs-item="${second.itemId}"][data-iqs-state="scored"]`).waitFor({ timeout: 30_000 });
    // no S (IQS's way from the viewport to the form) and no click from the start to the end
    expect(await inputSeen(page)).toEqual({ s: 0, clicks: 0 });
  });
});

describe('the language switch on /iqs, followed by the viewer', () => {
  it('Nederlands re-renders /iqs at once; the viewer then speaks Dutch; the Dutch UI shows no broken word', async () => {
    const { page } = viewer;
    await page.goto(`${iqs.url}/iqs`);
    await signInOnPage(page, DEMO_PEOPLE.petra.email, DEMO_PASSWORD);
    await page.locator('[data-iqs-section="mine"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('h1').first().textContent()).toBe('IQS — Image Quality System');
    const loads: number[] = [];
    page.on('load', () => loads.push(1));

    await page.getByRole('button', { name: 'Nederlands' }).click();
    // at once: the same page (no reload), in Dutch
    await page.locator('[data-iqs-page="iqs"][lang="nl"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('h1').first().textContent()).toBe('IQS — Beeldkwaliteitssysteem');
    expect(await page.locator('[data-iqs-section="mine"] h2').first().textContent()).not.toMatch(/evaluations/iu);
    expect(loads).toEqual([]);
    expect(await page.evaluate(() => [localStorage.getItem('i18nextLng'), document.cookie.includes('i18next=nl')])).toEqual(['nl', true]);
    await page.locator('[data-iqs-section="mine"]').waitFor();
    await viewer.screenshot('language-1-iqs-dutch');
    expect(await brokenWords(page, '.iqs-page')).toEqual([]);

    // the viewer, as a user goes on from /iqs: Continue. OHIF reads its language when it starts, so the viewer
    // starts afresh after a choice; IQS's panels and OHIF's own menu then both speak Dutch
    await page.locator(`[data-iqs-evaluation="${state.evaluationId}"] [data-iqs-action="continue"]`).click();
    await page.waitForURL(/\/iqs-evaluation\?.*iqsEvaluation=/u, { timeout: 60_000 });
    const worklist = page.locator('[data-iqs-panel="worklist"]');
    await worklist.waitFor({ timeout: 60_000 });
    expect(await worklist.getAttribute('lang')).toBe('nl');
    expect(await page.locator('[data-iqs-panel="scoring"]').getAttribute('lang')).toBe('nl');
    expect(await page.locator('[data-iqs-action="save-next"]').textContent()).toContain('Opslaan en volgende');
    // a fresh start of the viewer on an evaluation (as a bookmark or reload gives): the form has the keys there too
    expect(await waitForFocusInForm(page)).toBe(
      await page.locator('[data-iqs-panel="scoring"] [data-iqs-criterion]').first().getAttribute('data-iqs-criterion'),
    );
    await waitForPixels(page);
    await viewer.screenshot('language-2-viewer-dutch');
    expect(await brokenWords(page, '[lang="nl"]')).toEqual([]);
    expect(await ohifMenuItems(page)).toEqual(expect.arrayContaining(['Over', 'Voorkeuren']));

    // the IQS panel (the image's facts, the dose-area product among them) in Dutch, without a broken word
    await page.locator('[data-cy="imageFacts-btn"]').click();
    const facts = page.locator('[data-iqs-panel="image-facts"][data-iqs-status="image"]');
    await facts.waitFor({ timeout: 30_000 });
    expect(await facts.getAttribute('lang')).toBe('nl');
    expect(await facts.textContent()).toContain('Dosis-oppervlakteproduct');
    // the rest of the IQS panel (the account, the rejects) carries the language too, as the whole panel does
    const account = page.locator('[data-iqs-account="signed-in"]').first();
    expect(await account.evaluate((element) => element.closest('[lang]')?.getAttribute('lang'))).toBe('nl');
    await viewer.screenshot('language-3-image-facts-dutch');
    expect(await brokenWords(page, '[lang="nl"]')).toEqual([]);

    // and back: English on /iqs at once, and in the viewer's menu
    await page.goto(`${iqs.url}/iqs`);
    await page.locator('[data-iqs-page="iqs"][lang="nl"]').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('[data-iqs-page="iqs"][lang="en"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('h1').first().textContent()).toBe('IQS — Image Quality System');
    await page.locator(`[data-iqs-evaluation="${state.evaluationId}"] [data-iqs-action="continue"]`).click();
    await page.locator('[data-iqs-panel="worklist"][lang="en"]').waitFor({ timeout: 60_000 });
    expect(await ohifMenuItems(page)).toEqual(expect.arrayContaining(['About', 'Preferences']));
  });

  it('a quality officer’s /iqs in Dutch (the analyses, the dose references and their dose-area product) shows no broken word', async () => {
    const { page } = viewer;
    await page.goto(`${iqs.url}/iqs`);
    await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.locator('[data-iqs-page="iqs"][lang="nl"]').waitFor({ timeout: 5_000 });
    // the sections a quality officer has, loaded: the dose references' table names the quantity in full
    await page.locator('[data-iqs-section="dose-analysis"]').waitFor({ timeout: 60_000 });
    const dap = page.locator('[data-cy="ref-catalogue"] td', { hasText: 'Dosis-oppervlakteproduct' }).first();
    await dap.waitFor({ timeout: 60_000 });
    await dap.scrollIntoViewIfNeeded();
    await viewer.screenshot('language-4-quality-officer-dutch');
    expect(await brokenWords(page, '.iqs-page')).toEqual([]);
  });
});
