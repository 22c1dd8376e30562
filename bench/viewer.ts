/**
 * npm run bench:viewer — how long a cold deep link to a demo study takes until the first image is drawn and the
 * IQS panel is filled, median of 5 runs in headless Chromium; and the same deep link in OHIF's own basic mode
 * (the mode ours is built on), so that the ratio shows what the IQS extension adds. Runs alternate between the
 * two so that machine drift affects both alike. Each run is a new browser: no cache, nothing warm.
 *
 * Output: one line per figure, "<figure>: <value> <unit>"; progress goes to stderr.
 */
import { readSettings } from '@iqs/config';
import { readDemoManifest } from '@iqs/demo-department';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startIqs } from '../platform/viewer/src/start';

const RUNS = 5;
const CHROMIUM = process.env['IQS_CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

interface RunTimes {
  firstImageMs: number;
  panelMs: number | null;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** performance.now() (ms since navigation start) when the viewport canvas first shows an image. */
async function firstImageTime(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.cornerstone-canvas');
      const context = canvas && canvas.width > 0 ? canvas.getContext('2d') : null;
      if (!canvas || !context) return false;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      let sumSq = 0;
      let n = 0;
      for (let i = 0; i < data.length; i += 4 * 61) {
        const v = data[i] ?? 0;
        sum += v;
        sumSq += v * v;
        n++;
      }
      const mean = sum / n;
      return Math.sqrt(Math.max(0, sumSq / n - mean * mean)) > 8 ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function panelTime(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (document.querySelector('[data-iqs-panel="image-facts"][data-iqs-status="image"] [data-iqs-field]') ? performance.now() : false),
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function measure(url: string, withPanel: boolean): Promise<RunTimes> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(() =>
      window.localStorage.setItem('investigationalUseDialog', JSON.stringify({ expiryDate: '2999-01-01T00:00:00.000Z' })),
    );
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const [firstImageMs, panelMs] = await Promise.all([firstImageTime(page), withPanel ? panelTime(page) : Promise.resolve(null)]);
    return { firstImageMs, panelMs };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // free ports and a throw-away backend database, so the benchmark runs beside a running npm start
  const supabaseDir = await mkdtemp(path.join(os.tmpdir(), 'iqs-bench-supabase-'));
  const settings = {
    ...readSettings({ ...process.env, IQS_PORT: '0', IQS_SUPABASE_PORT: '0', IQS_SUPABASE_DIR: supabaseDir }, root),
    dicomDir: null,
    dicomwebUrl: null,
  };
  const viewer = await startIqs(settings, root, (line) => process.stderr.write(`${line}\n`));
  try {
    const manifest = await readDemoManifest(path.join(settings.dataDir, 'demo'));
    const study = manifest?.studies.find((s) => s.procedure === 'thorax');
    if (!study) throw new Error('no demo chest study to open');
    const query = `StudyInstanceUIDs=${encodeURIComponent(study.studyInstanceUid)}`;
    const iqs: RunTimes[] = [];
    const basic: RunTimes[] = [];
    for (let run = 1; run <= RUNS; run++) {
      iqs.push(await measure(`${viewer.url}/iqs-evaluation?${query}`, true));
      basic.push(await measure(`${viewer.url}/basic?${query}`, false));
      process.stderr.write(
        `run ${run}/${RUNS}: IQS image ${iqs.at(-1)?.firstImageMs.toFixed(0)} ms, panel ${iqs.at(-1)?.panelMs?.toFixed(0)} ms; basic image ${basic.at(-1)?.firstImageMs.toFixed(0)} ms\n`,
      );
    }
    const iqsImage = median(iqs.map((r) => r.firstImageMs));
    const iqsPanel = median(iqs.map((r) => r.panelMs ?? Number.NaN));
    const iqsReady = median(iqs.map((r) => Math.max(r.firstImageMs, r.panelMs ?? Number.NaN)));
    const basicImage = median(basic.map((r) => r.firstImageMs));
    console.log(`iqs_mode_first_image_median: ${iqsImage.toFixed(0)} ms`);
    console.log(`iqs_mode_panel_filled_median: ${iqsPanel.toFixed(0)} ms`);
    console.log(`iqs_mode_image_and_panel_median: ${iqsReady.toFixed(0)} ms`);
    console.log(`basic_mode_first_image_median: ${basicImage.toFixed(0)} ms`);
    console.log(`ratio_iqs_to_basic_first_image: ${(iqsImage / basicImage).toFixed(2)} x`);
    console.log(`ratio_iqs_ready_to_basic_first_image: ${(iqsReady / basicImage).toFixed(2)} x`);
  } finally {
    await viewer.close();
    await rm(supabaseDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:viewer failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
