import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { repositoryPaths } from '../src/paths';
import { type RunningViewer, startViewerServer, type ViewerServerOptions } from '../src/viewerServer';
import { rawRequest } from './support/rawRequest';

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
  write('dist/iqs/lesson-mode.mjs', 'export default {}');
  write('dist/iqs/chunks/chunk-ABC123.mjs', 'export const x = 1');
  write('secret.txt', 'not for the browser');
  viewer = await startViewerServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: ['iqs.hospital.example', '10.1.2.3', 'alias.example:8443'],
    login: null,
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

/** window.config as app-config.js leaves it in a page loaded from pageUrl */
function configOf(script: string, pageUrl: string): unknown {
  const sandbox = { window: { location: new URL(pageUrl) } as { config?: unknown; location: URL } };
  vm.runInNewContext(script, sandbox);
  return sandbox.window.config;
}

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
    const config = configOf(script, `${viewer.url}/iqs-evaluation`) as {
      extensions: string[];
      modes: string[];
      dataSources: Array<{ configuration: { wadoRoot: string; qidoRoot: string; friendlyName: string } }>;
      iqs: { supabaseUrl: string; supabaseAnonKey: string };
    };
    expect(config.iqs).toEqual({ supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon.key' });
    expect(config.extensions).toEqual(['/iqs-modules/extension.mjs']);
    // the evaluation mode and the lesson mode (a lesson presented, anonymised)
    expect(config.modes).toEqual(['/iqs-modules/mode.mjs', '/iqs-modules/lesson-mode.mjs']);
    expect(config.dataSources[0]?.configuration.wadoRoot).toBe(`${viewer.url}/dicomweb`);
    expect(config.dataSources[0]?.configuration.friendlyName).toBe('test PACS');
    // the DICOMweb root comes from the page's address (behind a TLS proxy: its https name), not from the request
    const proxied = configOf(script, 'https://iqs.hospital.example/') as { dataSources: Array<{ configuration: Record<string, string> }> };
    const { wadoRoot, qidoRoot, wadoUriRoot } = proxied.dataSources[0]?.configuration ?? {};
    expect([wadoRoot, qidoRoot, wadoUriRoot]).toEqual(Array(3).fill('https://iqs.hospital.example/dicomweb'));
  });

  it('never echoes the Host header: app-config.js is the same whatever allowed name the browser used', async () => {
    const { port } = new URL(viewer.url);
    const viaIp = await rawRequest(viewer.url, '/app-config.js', { headers: { Host: `127.0.0.1:${port}` } });
    const viaName = await rawRequest(viewer.url, '/app-config.js', { headers: { Host: `localhost:${port}` } });
    expect(viaIp.status).toBe(200);
    expect(viaName.body).toBe(viaIp.body);
    expect(viaIp.body).not.toContain(port);
  });

  it('refuses a foreign Host header on every path and does not echo it (DNS rebinding)', async () => {
    const calls = dicomwebCalls.length;
    for (const pathname of ['/dicomweb/studies?includefield=00100010', '/app-config.js', '/', '/iqs-modules/extension.mjs']) {
      for (const host of ['rebind.example', `rebind.example:${new URL(viewer.url).port}`, 'evil.example/"><script>']) {
        const answer = await rawRequest(viewer.url, pathname, { headers: { Host: host } });
        expect({ pathname, host, status: answer.status }).toEqual({ pathname, host, status: 421 });
        expect(answer.body).not.toMatch(/rebind|evil|window\.config|OHIF/u);
        expect(answer.headers['content-type']).toMatch(/^text\/plain/u);
      }
    }
    expect(dicomwebCalls.length).toBe(calls);
  });

  it('answers the loopback names, and names it is told to allow', async () => {
    const { port } = new URL(viewer.url);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `LOCALHOST:${port}`,
      `iqs.hospital.example`,
      `10.1.2.3:${port}`,
    ])
      expect({ host, status: (await rawRequest(viewer.url, '/dicomweb/studies', { headers: { Host: host } })).status }).toEqual({
        host,
        status: 200,
      });
    // an allowed name with a port is allowed on that port only
    expect((await rawRequest(viewer.url, '/', { headers: { Host: 'alias.example:8443' } })).status).toBe(200);
    expect((await rawRequest(viewer.url, '/', { headers: { Host: 'alias.example:9999' } })).status).toBe(421);
    expect((await rawRequest(viewer.url, '/', { headers: { Host: 'sub.iqs.hospital.example' } })).status).toBe(421);
  });

  it('passes only GET and HEAD on to the DICOMweb handler; OPTIONS is answered here', async () => {
    const calls = dicomwebCalls.length;
    for (const method of ['DELETE', 'POST', 'PUT', 'PATCH']) {
      const answer = await get('/dicomweb/studies/1.2.3', { method, body: method === 'DELETE' ? undefined : '{}' });
      expect({ method, status: answer.status }).toEqual({ method, status: 405 });
      expect(answer.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    }
    const options = await get('/dicomweb/studies', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(dicomwebCalls.length).toBe(calls);
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
        allowedHosts: [],
        login: null,
        paths: repositoryPaths(root),
        dataSourceLabel: 'x',
        backend: () => null,
        dicomweb: async () => false,
      }),
    ).rejects.toThrow(/dist\/iqs\/mode\.mjs is missing: run npm start/u);
  });
});

describe('the viewer server with a login in front of the images', () => {
  let guarded: RunningViewer;
  const seen: Array<string | undefined> = [];
  let backendReady = false;

  beforeAll(async () => {
    // the built files again (the test above removed one)
    write('dist/iqs/mode.mjs', 'export default {}');
    const login: ViewerServerOptions['login'] = {
      check: () =>
        backendReady ? async (token) => (token === 'good.token' ? { ok: true, userId: 'u1' } : { ok: false, reason: 'JWT expired' }) : null,
    };
    guarded = await startViewerServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      login,
      paths: repositoryPaths(root),
      dataSourceLabel: 'test PACS',
      backend: () => ({ supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon.key' }),
      dicomweb: async (req, res) => {
        seen.push(req.headers.authorization);
        res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]');
        return true;
      },
    });
  });
  afterAll(() => guarded?.close());

  const ask = (pathname: string, headers: Record<string, string> = {}) => fetch(`${guarded.url}${pathname}`, { headers });

  it('says 503 while the backend that checks sessions is not up yet', async () => {
    const answer = await ask('/dicomweb/studies', { Authorization: 'Bearer good.token' });
    expect(answer.status).toBe(503);
    backendReady = true;
  });

  it('answers /dicomweb with 401 (JSON) without a valid IQS session token, and never asks the PACS', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: 'Bearer expired.token' },
      { Authorization: 'Basic dXNlcjpwYXNz' },
      { Authorization: 'Bearer ' },
      { Cookie: 'sb=good.token' },
    ];
    for (const headers of attempts) {
      const answer = await ask('/dicomweb/studies?includefield=00100010', headers);
      expect({ headers, status: answer.status }).toEqual({ headers, status: 401 });
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/u);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/u);
      expect((await answer.json()) as unknown).toEqual({ error: expect.stringMatching(/sign in/iu) });
    }
    expect(seen).toEqual([]);
  });

  it('passes a request with a valid token on', async () => {
    const answer = await ask('/dicomweb/studies', { Authorization: 'Bearer good.token' });
    expect(answer.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('keeps the viewer itself and its configuration reachable (the sign-in lives there), and says login is on', async () => {
    expect((await ask('/')).status).toBe(200);
    const config = configOf(await (await ask('/app-config.js')).text(), `${guarded.url}/`) as { iqs: Record<string, unknown> };
    expect(config.iqs).toEqual({ supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon.key', requireLogin: true });
  });
});
