import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { repositoryPaths } from '../src/paths';
import { precompressFolder, variantPath } from '../src/precompress';
import { type RunningViewer, startViewerServer } from '../src/viewerServer';

let root: string;
let viewer: RunningViewer;
const BUNDLE = '/app.bundle.0f6159c501addfe9.js';
const bundleText = Array.from({ length: 3000 }, (_, i) => `var f${i}=function(a){return a*${i}};`).join('\n');
const indexHtml = `<!doctype html><title>OHIF</title>${'<script src="/x.js"></script>'.repeat(60)}`;

function write(relative: string, contents: string | Buffer): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, contents);
  return file;
}

interface BinaryAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A request whose Accept-Encoding is exactly the one given (fetch adds its own and decompresses). */
function request(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<BinaryAnswer> {
  const url = new URL(viewer.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: pathname, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (answer: BinaryAnswer): string => {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(answer.body).toString();
  if (encoding === 'gzip') return zlib.gunzipSync(answer.body).toString();
  expect(encoding).toBeUndefined();
  return answer.body.toString();
};

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'iqs-viewer-gz-'));
  write('platform/viewer/ohif/dist/index.html', indexHtml);
  write(`platform/viewer/ohif/dist${BUNDLE}`, bundleText);
  write('platform/viewer/ohif/dist/stale.js', bundleText);
  write('platform/viewer/ohif/dist/logo.png', Buffer.alloc(4000, 3));
  write('dist/iqs/extension.mjs', `export default {};\n${'// IQS\n'.repeat(400)}`);
  write('dist/iqs/mode.mjs', 'export default {}');
  write('dist/iqs/lesson-mode.mjs', 'export default {}');
  await precompressFolder(path.join(root, 'platform/viewer/ohif/dist'));
  await precompressFolder(path.join(root, 'dist/iqs'));
  // stale.js rebuilt after its copies were made: they must not be served
  const stale = write('platform/viewer/ohif/dist/stale.js', `${bundleText}\n// rebuilt`);
  utimesSync(stale, new Date(), new Date(Date.now() + 10_000));
  viewer = await startViewerServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    login: null,
    paths: repositoryPaths(root),
    dataSourceLabel: 'test PACS',
    backend: () => null,
    dicomweb: async () => false,
  });
});

afterAll(async () => {
  await viewer?.close();
  rmSync(root, { recursive: true, force: true });
});

const dist = (file: string): string => path.join(root, 'platform/viewer/ohif/dist', file);

describe('precompressed static files', () => {
  it('sends the Brotli copy to a browser that accepts br, the gzip copy to one that accepts gzip only', async () => {
    const br = await request(BUNDLE, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.equals(readFileSync(variantPath(dist(BUNDLE), 'br')))).toBe(true);
    expect(decode(br)).toBe(bundleText);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(bundleText.length / 4);

    const gz = await request(BUNDLE, { 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode(gz)).toBe(bundleText);
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
  });

  it('sends the file itself without Accept-Encoding, for identity, and when the copies are refused', async () => {
    const asked: Array<Record<string, string>> = [
      {},
      { 'Accept-Encoding': 'identity' },
      { 'Accept-Encoding': 'br;q=0, gzip;q=0' },
      { 'Accept-Encoding': 'deflate' },
    ];
    for (const headers of asked) {
      const answer = await request(BUNDLE, headers);
      expect({ headers, status: answer.status, encoding: answer.headers['content-encoding'] }).toEqual({
        headers,
        status: 200,
        encoding: undefined,
      });
      expect(answer.body.toString()).toBe(bundleText);
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(bundleText));
      expect(answer.headers['accept-ranges']).toBe('bytes');
    }
  });

  it('answers 406 when identity is excluded and no copy is acceptable', async () => {
    expect((await request(BUNDLE, { 'Accept-Encoding': 'deflate, identity;q=0' })).status).toBe(406);
  });

  it('says Vary: Accept-Encoding and keeps the caching headers on every representation', async () => {
    for (const acceptEncoding of ['br', 'gzip', 'identity']) {
      const bundle = await request(BUNDLE, { 'Accept-Encoding': acceptEncoding });
      expect(bundle.headers.vary).toBe('Accept-Encoding');
      expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(bundle.headers['content-type']).toBe('text/javascript; charset=utf-8');
      const page = await request('/iqs-evaluation', { 'Accept-Encoding': acceptEncoding });
      expect({ acceptEncoding, encoding: page.headers['content-encoding'] ?? 'identity' }).toEqual({
        acceptEncoding,
        encoding: acceptEncoding,
      });
      expect(decode(page)).toBe(indexHtml);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers.vary).toBe('Accept-Encoding');
      const module = await request('/iqs-modules/extension.mjs', { 'Accept-Encoding': acceptEncoding });
      expect({ acceptEncoding, encoding: module.headers['content-encoding'] ?? 'identity' }).toEqual({
        acceptEncoding,
        encoding: acceptEncoding,
      });
      expect(module.headers['cache-control']).toBe('no-cache');
    }
    // an image is never compressed and does not vary
    const png = await request('/logo.png', { 'Accept-Encoding': 'br, gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
  });

  it('gives each representation its own ETag, and answers 304 only for the one sent', async () => {
    const tags = new Map<string, string>();
    for (const acceptEncoding of ['br', 'gzip', 'identity'])
      tags.set(acceptEncoding, String((await request(BUNDLE, { 'Accept-Encoding': acceptEncoding })).headers.etag));
    expect(new Set(tags.values()).size).toBe(3);
    const brTag = tags.get('br') ?? '';
    const cached = await request(BUNDLE, { 'Accept-Encoding': 'br', 'If-None-Match': brTag });
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    expect(cached.headers.vary).toBe('Accept-Encoding');
    expect(cached.headers.etag).toBe(brTag);
    // the Brotli copy's tag does not validate the gzip copy a proxy would hand to another client
    expect((await request(BUNDLE, { 'Accept-Encoding': 'gzip', 'If-None-Match': brTag })).status).toBe(200);
    // a list of tags, and a weak one
    expect((await request(BUNDLE, { 'Accept-Encoding': 'gzip', 'If-None-Match': `"x", W/${tags.get('gzip')}` })).status).toBe(304);
  });

  it('answers HEAD with the headers of the copy GET would send, and no body', async () => {
    const head = await request(BUNDLE, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(statSync(variantPath(dist(BUNDLE), 'br')).size);
  });

  it('serves ranges of the file itself only, whatever the client accepts', async () => {
    const part = await request(BUNDLE, { 'Accept-Encoding': 'br, gzip', Range: 'bytes=10-29' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.body.toString()).toBe(bundleText.slice(10, 30));
    expect(part.headers['content-range']).toBe(`bytes 10-29/${Buffer.byteLength(bundleText)}`);
    expect(Number(part.headers['content-length'])).toBe(20);
    const tail = await request(BUNDLE, { Range: 'bytes=-5' });
    expect(tail.body.toString()).toBe(bundleText.slice(-5));
    const open = await request(BUNDLE, { Range: 'bytes=100-' });
    expect(open.body.toString()).toBe(bundleText.slice(100));
    const beyond = await request(BUNDLE, { Range: `bytes=${Buffer.byteLength(bundleText)}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${Buffer.byteLength(bundleText)}`);
    // several ranges or another unit: the whole file
    const whole = await request(BUNDLE, { Range: 'bytes=0-1,5-6' });
    expect({ status: whole.status, length: whole.body.length }).toEqual({ status: 200, length: Buffer.byteLength(bundleText) });
    // If-Range with another representation's tag: the whole file, not a range of something else
    const brTag = String((await request(BUNDLE, { 'Accept-Encoding': 'br' })).headers.etag);
    const mismatched = await request(BUNDLE, { Range: 'bytes=0-9', 'If-Range': brTag });
    expect(mismatched.status).toBe(200);
    const identityTag = String((await request(BUNDLE)).headers.etag);
    expect((await request(BUNDLE, { Range: 'bytes=0-9', 'If-Range': identityTag })).status).toBe(206);
  });

  it('never sends a copy older than its file', async () => {
    const answer = await request('/stale.js', { 'Accept-Encoding': 'br, gzip' });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString()).toBe(`${bundleText}\n// rebuilt`);
  });
});
