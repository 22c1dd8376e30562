/**
 * npm run bench:viewer — how long a cold deep link to a demo study takes until the first image is drawn and the
 * IQS panel is filled, median of 5 runs in headless Chromium; and the same deep link in OHIF's own basic mode
 * (the mode ours is built on), so that the ratio shows what the IQS extension adds. Runs alternate between the
 * two so that machine drift affects both alike. Each run is a new browser: no cache, nothing warm.
 *
 * Then the first visit of the study list over an emulated 50 Mbit/s, 20 ms link (viewerFirstVisit.ts), with the
 * precompressed files and without them (Accept-Encoding: identity), alternating, median of 5 each; the target is
 * at most 0.4x the uncompressed time.
 *
 *   npm run bench:viewer [-- --first-visit-only] [-- --runs <n>]
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
import { FIRST_VISIT_LINK, type FirstVisit, measureFirstVisit } from './viewerFirstVisit';

const argv = process.argv.slice(2);
const FIRST_VISIT_ONLY = argv.includes('--first-visit-only');
const runsIndex = argv.indexOf('--runs');
const RUNS = runsIndex >= 0 ? Math.max(1, Number(argv[runsIndex + 1]) || 5) : 5;
/** the target: the compressed first visit at most this fraction of the uncompressed one */
const FIRST_VISIT_TARGET = 0.4;
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

async function benchDeepLink(viewerUrl: string, studyInstanceUid: string): Promise<void> {
  const query = `StudyInstanceUIDs=${encodeURIComponent(studyInstanceUid)}`;
  const iqs: RunTimes[] = [];
  const basic: RunTimes[] = [];
  for (let run = 1; run <= RUNS; run++) {
    iqs.push(await measure(`${viewerUrl}/iqs-evaluation?${query}`, true));
    basic.push(await measure(`${viewerUrl}/basic?${query}`, false));
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
}

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(2);

async function benchFirstVisit(viewerUrl: string, accessionNumbers: string[]): Promise<void> {
  // the times include the browser's CPU work (OHIF's 26 MB of script): on a busy machine that, not the link, decides
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const runs: Record<'compressed' | 'uncompressed', FirstVisit[]> = { compressed: [], uncompressed: [] };
  for (let run = 1; run <= RUNS; run++) {
    for (const kind of ['compressed', 'uncompressed'] as const) {
      const visit = await measureFirstVisit(`${viewerUrl}/`, {
        compressed: kind === 'compressed',
        accessionNumbers,
        chromium: CHROMIUM,
        flags: FLAGS,
      });
      const encoded = Object.values(visit.encodings).reduce((a, b) => a + b, 0);
      // a run that did not get what it asked for measures nothing
      if (kind === 'uncompressed' && encoded > 0)
        throw new Error(`the uncompressed run got compressed responses: ${JSON.stringify(visit.encodings)}`);
      if (kind === 'compressed' && encoded === 0)
        throw new Error('the compressed run got no compressed response: are the precompressed files there (npm install)?');
      runs[kind].push(visit);
      process.stderr.write(
        `first visit ${run}/${RUNS} ${kind}: list ${visit.listShownMs.toFixed(0)} ms, last byte ${visit.lastByteMs.toFixed(0)} ms, ${visit.requests} requests, ${megabytes(visit.bytesReceived)} MB received (${megabytes(visit.bytesDecoded)} MB decoded), ${visit.bytesSent} bytes sent, encodings ${JSON.stringify(visit.encodings)}\n`,
      );
    }
  }
  const figure = (kind: keyof typeof runs, pick: (visit: FirstVisit) => number): number => median(runs[kind].map(pick));
  const shown = { compressed: figure('compressed', (v) => v.listShownMs), uncompressed: figure('uncompressed', (v) => v.listShownMs) };
  const received = {
    compressed: figure('compressed', (v) => v.bytesReceived),
    uncompressed: figure('uncompressed', (v) => v.bytesReceived),
  };
  const sent = { compressed: figure('compressed', (v) => v.bytesSent), uncompressed: figure('uncompressed', (v) => v.bytesSent) };
  const lastByte = { compressed: figure('compressed', (v) => v.lastByteMs), uncompressed: figure('uncompressed', (v) => v.lastByteMs) };
  const ratio = shown.compressed / shown.uncompressed;
  console.log(
    `first_visit_link: ${FIRST_VISIT_LINK.downloadBitsPerSecond / 1e6} Mbit/s down and up, ${FIRST_VISIT_LINK.latencyMs} ms latency, cache disabled`,
  );
  console.log(
    `first_visit_machine_load: ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? Number.NaN).toFixed(1)} after (1-minute load average, ${os.availableParallelism()} cores)`,
  );
  console.log(`first_visit_study_list_compressed_median: ${shown.compressed.toFixed(0)} ms`);
  console.log(`first_visit_study_list_uncompressed_median: ${shown.uncompressed.toFixed(0)} ms`);
  // from the page's request to the last byte of the requests made until the list was shown
  console.log(`first_visit_last_byte_compressed_median: ${lastByte.compressed.toFixed(0)} ms`);
  console.log(`first_visit_last_byte_uncompressed_median: ${lastByte.uncompressed.toFixed(0)} ms`);
  console.log(`first_visit_bytes_received_compressed_median: ${received.compressed.toFixed(0)} bytes`);
  console.log(`first_visit_bytes_received_uncompressed_median: ${received.uncompressed.toFixed(0)} bytes`);
  console.log(`first_visit_bytes_sent_compressed_median: ${sent.compressed.toFixed(0)} bytes`);
  console.log(`first_visit_bytes_sent_uncompressed_median: ${sent.uncompressed.toFixed(0)} bytes`);
  console.log(`first_visit_requests_compressed_median: ${figure('compressed', (v) => v.requests).toFixed(0)} requests`);
  console.log(`ratio_first_visit_bytes_received_compressed_to_uncompressed: ${(received.compressed / received.uncompressed).toFixed(2)} x`);
  console.log(`ratio_first_visit_last_byte_compressed_to_uncompressed: ${(lastByte.compressed / lastByte.uncompressed).toFixed(2)} x`);
  console.log(`ratio_first_visit_compressed_to_uncompressed: ${ratio.toFixed(2)} x`);
  console.log(
    `first_visit_target: ${ratio <= FIRST_VISIT_TARGET ? 'met' : 'NOT met'} (${ratio.toFixed(2)} x against at most ${FIRST_VISIT_TARGET} x)`,
  );
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
    if (!manifest || !study) throw new Error('no demo chest study to open');
    if (!FIRST_VISIT_ONLY) await benchDeepLink(viewer.url, study.studyInstanceUid);
    await benchFirstVisit(
      viewer.url,
      manifest.studies.map((s) => s.accessionNumber),
    );
  } finally {
    await viewer.close();
    await rm(supabaseDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:viewer failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
