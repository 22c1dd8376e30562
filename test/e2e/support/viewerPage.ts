/**
 * What the browser tests do and read in the viewer: open pages, collect console errors, check that pixels were
 * drawn, read the IQS panel and overlay by their data-iqs-* attributes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { RESULTS_DIR } from './repository';

export interface ConsoleProblem {
  readonly kind: 'console.error' | 'console.warning' | 'pageerror';
  readonly text: string;
  readonly source: string;
}

export interface ViewerPage {
  readonly page: Page;
  readonly problems: ConsoleProblem[];
  /** problems that come from IQS's own code */
  ourProblems(): ConsoleProblem[];
  /** console errors and uncaught exceptions, whoever logged them */
  errors(): ConsoleProblem[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const OUR_CODE = /\/iqs-modules\/|\[IQS\]/u;

export async function openViewerPage(browser: Browser, options: { locale?: string } = {}): Promise<ViewerPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: options.locale ?? 'en-GB' });
  // the user confirmed OHIF's investigational-use notice earlier (it is shown once, then every 30 days)
  await context.addInitScript(() => {
    window.localStorage.setItem('investigationalUseDialog', JSON.stringify({ expiryDate: '2999-01-01T00:00:00.000Z' }));
  });
  const page = await context.newPage();
  const problems: ConsoleProblem[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    problems.push({
      kind: message.type() === 'error' ? 'console.error' : 'console.warning',
      text: message.text(),
      source: message.location().url,
    });
  });
  page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: `${error.message}\n${error.stack ?? ''}`, source: '' }));
  return {
    page,
    problems,
    ourProblems: () => problems.filter((p) => OUR_CODE.test(p.text) || OUR_CODE.test(p.source)),
    errors: () => problems.filter((p) => p.kind !== 'console.warning'),
    async screenshot(name) {
      const dir = path.join(RESULTS_DIR, 'screenshots');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: () => context.close(),
  };
}

export function evaluationUrl(baseUrl: string, studyInstanceUid: string): string {
  return `${baseUrl}/iqs-evaluation?StudyInstanceUIDs=${encodeURIComponent(studyInstanceUid)}`;
}

export interface CanvasStatistics {
  readonly width: number;
  readonly height: number;
  readonly mean: number;
  readonly sd: number;
}

/** Luminance statistics of the active viewport's canvas (cornerstone3D copies each rendered frame onto it). */
export async function canvasStatistics(page: Page): Promise<CanvasStatistics | null> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.cornerstone-canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
    const context = canvas.getContext('2d');
    if (!context) return null;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < data.length; i += 4 * 31) {
      const luminance = 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
      sum += luminance;
      sumSq += luminance * luminance;
      n++;
    }
    const mean = sum / n;
    return { width: canvas.width, height: canvas.height, mean, sd: Math.sqrt(Math.max(0, sumSq / n - mean * mean)) };
  });
}

/** Wait until the viewport shows an image: not a blank or uniform canvas. */
export async function waitForPixels(page: Page, timeoutMs = 60_000): Promise<CanvasStatistics> {
  const deadline = Date.now() + timeoutMs;
  let last: CanvasStatistics | null = null;
  while (Date.now() < deadline) {
    last = await canvasStatistics(page);
    if (last && last.sd > 8 && last.mean > 3) return last;
    await page.waitForTimeout(250);
  }
  // what the page showed, for the next look
  const shot = path.join(RESULTS_DIR, 'screenshots', `no-image-drawn-${Date.now()}.png`);
  await page.screenshot({ path: shot }).catch(() => undefined);
  throw new Error(`No image was drawn within ${timeoutMs} ms (last canvas: ${JSON.stringify(last)}), see ${shot}`);
}

/** The IQS panel's facts: field name → data-iqs-value. */
export async function readPanelFacts(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-iqs-panel="image-facts"] [data-iqs-field]', (elements) =>
    Object.fromEntries(elements.map((e) => [e.getAttribute('data-iqs-field') ?? '', e.getAttribute('data-iqs-value') ?? ''])),
  );
}

/** The IQS panel's facts as a person reads them: field name → the shown text (value and unit, or the word for unknown). */
export async function readPanelTexts(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-iqs-panel="image-facts"] [data-iqs-field]', (elements) =>
    Object.fromEntries(elements.map((e) => [e.getAttribute('data-iqs-field') ?? '', e.querySelector('dd')?.textContent ?? ''])),
  );
}

/** Wait until the panel shows the image with this SOP Instance UID. */
export async function waitForPanelImage(
  page: Page,
  predicate: (facts: Record<string, string>) => boolean,
  timeoutMs = 30_000,
): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let facts: Record<string, string> = {};
  while (Date.now() < deadline) {
    facts = await readPanelFacts(page);
    if (Object.keys(facts).length > 0 && predicate(facts)) return facts;
    await page.waitForTimeout(200);
  }
  throw new Error(`The IQS panel did not show the expected image within ${timeoutMs} ms; it shows ${JSON.stringify(facts)}`);
}

export async function readOverlay(page: Page): Promise<{ quantity: string | null; value: string | null; text: string } | null> {
  const element = page.locator('[data-iqs-overlay="dose"]').first();
  if ((await element.count()) === 0) return null;
  return {
    quantity: await element.getAttribute('data-iqs-quantity'),
    value: await element.getAttribute('data-iqs-value'),
    text: (await element.textContent()) ?? '',
  };
}

/** Wait until the panel describes the image with this SOP Instance UID; returns its facts. */
export async function waitForPanelSop(page: Page, sopInstanceUid: string, timeoutMs = 30_000): Promise<Record<string, string>> {
  await page.waitForSelector(`[data-iqs-panel="image-facts"][data-iqs-image="${sopInstanceUid}"]`, { timeout: timeoutMs });
  return readPanelFacts(page);
}
