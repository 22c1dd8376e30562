import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryPaths } from '../src/paths';
import { type RunningViewer, startViewerServer } from '../src/viewerServer';

let root: string;
let viewer: RunningViewer;
const dicomwebCalls: string[] = [];

function write(relative: string, text: string): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(async () => {
  // a repository with a stand-in OHIF dist and built modules
  root = mkdtempSync(path.join(os.tmpdir(), 'iqs-viewer-'));
  write('platform/viewer/ohif/dist/index.html', '<!doctype html><title>OHIF</title>');
  write('platform/viewer/ohif/dist/app.bundle.0f6159c501addfe9.js', 'console.log("ohif")');
  write('platform/viewer/ohif/dist/init-service-worker.js', '');
  write('dist/iqs/extension.mjs', 'export default {}');
  write('dist/iqs/mode.mjs', 'export default {}');
  write('dist/iqs/chunks/chunk-ABC123.mjs', 'export const x = 1');
  write('secret.txt', 'not for the browser');
  viewer = await startViewerServer({
    host: '127.0.0.1',
    port: 0,
    paths: repositoryPaths(root),
    dataSourceLabel: 'test PACS',
    backend: () => ({ supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon.key' }),
    dicomweb: async (req, res) => {
      dicomwebCalls.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]');
      return true;
    },
  });
});

afterAll(async () => {
  await viewer?.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (pathname: string, init?: RequestInit) => fetch(`${viewer.url}${pathname}`, init);

describe('the viewer server', () => {
  it('serves OHIF’s index for the app’s routes, so deep links work', async () => {
    for (const route of ['/', '/iqs-evaluation?StudyInstanceUIDs=1.2.3', '/viewer', '/iqs']) {
      const response = await get(route);
      expect({ route, status: response.status }).toEqual({ route, status: 200 });
      expect(await response.text()).toContain('<title>OHIF</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('renders app-config.js with our modules and DICOMweb on the address the browser used', async () => {
    const script = await (await get('/app-config.js')).text();
    expect(script).toContain('window.config =');
    const config = JSON.parse(script.slice(script.indexOf('{'), script.lastIndexOf('}') + 1)) as {
      extensions: string[];
      modes: string[];
      dataSources: Array<{ configuration: { wadoRoot: string; qidoRoot: string; friendlyName: string } }>;
      iqs: { supabaseUrl: string; supabaseAnonKey: string };
    };
    expect(config.iqs).toEqual({ supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon.key' });
    expect(config.extensions).toEqual(['/iqs-modules/extension.mjs']);
    expect(config.modes).toEqual(['/iqs-modules/mode.mjs']);
    expect(config.dataSources[0]?.configuration.wadoRoot).toBe(`${viewer.url}/dicomweb`);
    expect(config.dataSources[0]?.configuration.friendlyName).toBe('test PACS');
  });

  it('does not echo a forged Host header into the configuration', async () => {
    const { request } = await import('node:http');
    const url = new URL(viewer.url);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: '/app-config.js', headers: { Host: 'evil.example/"><script>' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(body).not.toContain('evil.example');
    expect(body).toContain(`${viewer.url}/dicomweb`);
  });

  it('serves our modules as JavaScript: entries revalidated, chunks cached for good', async () => {
    const entry = await get('/iqs-modules/extension.mjs');
    expect(entry.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(entry.headers.get('cache-control')).toBe('no-cache');
    const chunk = await get('/iqs-modules/chunks/chunk-ABC123.mjs');
    expect(chunk.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a missing module with 404, never with the HTML page (which would blank the viewer)', async () => {
    const response = await get('/iqs-modules/nope.mjs');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).not.toContain('html');
  });

  it('caches OHIF’s hashed bundles for good and revalidates the rest', async () => {
    expect((await get('/app.bundle.0f6159c501addfe9.js')).headers.get('cache-control')).toContain('immutable');
    expect((await get('/init-service-worker.js')).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers an unchanged file with 304', async () => {
    const first = await get('/app.bundle.0f6159c501addfe9.js');
    const again = await get('/app.bundle.0f6159c501addfe9.js', { headers: { 'If-None-Match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('serves nothing outside the viewer’s folders', async () => {
    for (const pathname of [
      '/../../secret.txt',
      '/%2e%2e/%2e%2e/secret.txt',
      '/iqs-modules/../../secret.txt',
      '/iqs-modules/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const response = await get(pathname);
      expect(await response.text()).not.toContain('not for the browser');
    }
  });

  it('hands /dicomweb to the PACS handler and refuses other methods elsewhere', async () => {
    expect((await get('/dicomweb/studies?limit=1')).status).toBe(200);
    expect(dicomwebCalls).toContain('/dicomweb/studies?limit=1');
    expect((await get('/app-config.js', { method: 'POST' })).status).toBe(405);
  });

  it('refuses to start without the built modules, saying what to run', async () => {
    rmSync(path.join(root, 'dist/iqs/mode.mjs'));
    await expect(
      startViewerServer({
        host: '127.0.0.1',
        port: 0,
        paths: repositoryPaths(root),
        dataSourceLabel: 'x',
        backend: () => null,
        dicomweb: async () => false,
      }),
    ).rejects.toThrow(/dist\/iqs\/mode\.mjs is missing: run npm start/u);
  });
});
