/**
 * A first visit of the study list in headless Chromium over an emulated link (Chromium's own network emulation,
 * DevTools protocol), with the browser cache off: from navigation until the list shows a demo study. "Uncompressed"
 * asks for `Accept-Encoding: identity` on every request (DevTools' extra headers replace Chromium's own), so the
 * server sends the files themselves; each run checks from the responses that it got what it asked for.
 *
 * Bytes are counted from the DevTools events of the requests made until the list was shown: received as on the
 * wire (headers and body, compressed or not), sent as the request line, headers and body Chromium sent.
 */
import { chromium, type CDPSession } from 'playwright-core';

/** 50 Mbit/s each way, 20 ms latency: a hospital workstation on a modest link. */
export const FIRST_VISIT_LINK = { downloadBitsPerSecond: 50e6, uploadBitsPerSecond: 50e6, latencyMs: 20 } as const;

export interface FirstVisit {
  /** ms from navigation start until a study of the demo is in the list */
  readonly listShownMs: number;
  /**
   * ms from the page's request until the last of those requests had its last byte. Not the network's share alone:
   * the viewer's later requests wait for its scripts to run, so a busy CPU delays them too.
   */
  readonly lastByteMs: number;
  readonly requests: number;
  readonly bytesReceived: number;
  /** the bodies as the page got them, decompressed */
  readonly bytesDecoded: number;
  readonly bytesSent: number;
  /** responses that came with a Content-Encoding, by encoding */
  readonly encodings: Readonly<Record<string, number>>;
}

interface RequestTally {
  sent: number;
  received: number;
  decoded: number;
  encoding: string | null;
  done: boolean;
  /** DevTools' monotonic seconds */
  startedAt: number;
  finishedAt: number;
}

function headerBytes(headers: Record<string, unknown>): number {
  return Object.entries(headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${String(value)}\r\n`), 0);
}

/** Every request's bytes, from the DevTools protocol's network events. */
function tallyNetwork(cdp: CDPSession): Map<string, RequestTally> {
  const tallies = new Map<string, RequestTally>();
  const tally = (id: string): RequestTally => {
    let entry = tallies.get(id);
    if (!entry) {
      entry = { sent: 0, received: 0, decoded: 0, encoding: null, done: false, startedAt: Number.NaN, finishedAt: Number.NaN };
      tallies.set(id, entry);
    }
    return entry;
  };
  const requestLines = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (event) => {
    const url = new URL(event.request.url);
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    const body = event.request.postData ? Buffer.byteLength(event.request.postData) : 0;
    requestLines.set(event.requestId, Buffer.byteLength(`${event.request.method} ${url.pathname}${url.search} HTTP/1.1\r\n\r\n`) + body);
    tally(event.requestId).startedAt = event.timestamp;
  });
  // the headers Chromium really sent (the page's event lacks Host, Connection, Accept-Encoding and cookies)
  cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
    tally(event.requestId).sent = headerBytes(event.headers);
  });
  cdp.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]));
    tally(event.requestId).encoding = headers['content-encoding'] ?? null;
  });
  cdp.on('Network.dataReceived', (event) => {
    tally(event.requestId).decoded += event.dataLength;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const entry = tally(event.requestId);
    entry.received = event.encodedDataLength;
    entry.done = true;
    entry.finishedAt = event.timestamp;
    entry.sent += requestLines.get(event.requestId) ?? 0;
  });
  cdp.on('Network.loadingFailed', (event) => {
    const entry = tally(event.requestId);
    entry.done = true;
    entry.finishedAt = event.timestamp;
  });
  return tallies;
}

export async function measureFirstVisit(
  url: string,
  options: {
    readonly compressed: boolean;
    readonly accessionNumbers: readonly string[];
    readonly chromium: string;
    readonly flags: string[];
  },
): Promise<FirstVisit> {
  const browser = await chromium.launch({ executablePath: options.chromium, headless: true, args: options.flags });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: FIRST_VISIT_LINK.latencyMs,
      downloadThroughput: FIRST_VISIT_LINK.downloadBitsPerSecond / 8,
      uploadThroughput: FIRST_VISIT_LINK.uploadBitsPerSecond / 8,
    });
    if (!options.compressed) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    const tallies = tallyNetwork(cdp);

    await page.goto(url, { waitUntil: 'commit' });
    const shown = await page.waitForFunction(
      (accessions) => {
        const wanted = new Set(accessions);
        for (const cell of document.querySelectorAll('td')) if (wanted.has(cell.textContent?.trim() ?? '')) return performance.now();
        return false;
      },
      [...options.accessionNumbers],
      { polling: 'raf', timeout: 120_000 },
    );
    const listShownMs = (await shown.jsonValue()) as number;
    // the requests made until then, each to its end
    const counted = [...tallies.values()];
    const deadline = Date.now() + 30_000;
    while (counted.some((entry) => !entry.done) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    const encodings: Record<string, number> = {};
    for (const entry of counted) if (entry.encoding) encodings[entry.encoding] = (encodings[entry.encoding] ?? 0) + 1;
    const sum = (pick: (entry: RequestTally) => number): number => counted.reduce((total, entry) => total + pick(entry), 0);
    const started = Math.min(...counted.map((entry) => entry.startedAt).filter(Number.isFinite));
    const finished = Math.max(...counted.map((entry) => entry.finishedAt).filter(Number.isFinite));
    return {
      listShownMs,
      lastByteMs: (finished - started) * 1000,
      requests: counted.length,
      bytesReceived: sum((entry) => entry.received),
      bytesDecoded: sum((entry) => entry.decoded),
      bytesSent: sum((entry) => entry.sent),
      encodings,
    };
  } finally {
    await browser.close();
  }
}
