/**
 * A hospital's own OHIF, as its web server would serve it, with nothing of IQS's launcher (platform/viewer) in it:
 *
 *   /app-config.js   the hospital's configuration (given by the test)
 *   /iqs/*           the IQS modules: a copy of dist/iqs, as a hospital deploys them
 *   /dicom-web/*     forwarded to the PACS (Orthanc), with an RFC 7239 Forwarded header: an nginx proxy_pass
 *   everything else  the unmodified OHIF dist; paths without a file extension get index.html (OHIF's routes)
 *
 * The README's "Add IQS to your OHIF" describes the same server (an nginx example); this one is deliberately
 * plain Node, written apart from the launcher's server so that the test does not pass by sharing its code.
 */
import { cpSync, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface HospitalViewerOptions {
  /** the unmodified OHIF dist folder */
  readonly ohifDist: string;
  /** the built IQS modules (dist/iqs): copied at start, as a hospital copies them to its server */
  readonly iqsModules: string;
  /** the PACS's DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web: /dicom-web/* is forwarded there */
  readonly pacsDicomweb: string;
}

export interface HospitalViewer {
  readonly url: string;
  /** the app-config.js served from now on */
  setAppConfig(script: string): void;
  /** the requests it answered: "METHOD /path" */
  readonly requests: string[];
  close(): Promise<void>;
}

/** The file under root that a URL path names, or null (outside root, or not a file). */
function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function sendFile(res: ServerResponse, file: string, cacheControl: string): void {
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
  });
  createReadStream(file).pipe(res);
}

export async function startHospitalViewer(options: HospitalViewerOptions): Promise<HospitalViewer> {
  const modulesCopy = mkdtempSync(path.join(os.tmpdir(), 'iqs-hospital-modules-'));
  cpSync(options.iqsModules, modulesCopy, { recursive: true });
  const pacs = new URL(options.pacsDicomweb);
  let appConfig = 'window.config = {};';
  const requests: string[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse, rest: string): void => {
    const headers = { ...req.headers, host: pacs.host, forwarded: `host=${req.headers.host ?? ''};proto=http` };
    const upstream = http.request(
      { hostname: pacs.hostname, port: pacs.port, method: req.method, path: `${pacs.pathname.replace(/\/+$/u, '')}${rest}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`PACS: ${error.message}`);
    });
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hospital.invalid');
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname.startsWith('/dicom-web/')) return forward(req, res, `${url.pathname.slice('/dicom-web'.length)}${url.search}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (url.pathname === '/app-config.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      return void res.end(appConfig);
    }
    if (url.pathname.startsWith('/iqs/')) {
      const file = fileUnder(modulesCopy, url.pathname.slice('/iqs'.length));
      if (file) return sendFile(res, file, /\/chunks\//u.test(url.pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
      return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
    const file = url.pathname === '/' ? null : fileUnder(options.ohifDist, url.pathname);
    if (file) return sendFile(res, file, 'no-cache');
    if (path.extname(url.pathname) === '') return sendFile(res, path.join(options.ohifDist, 'index.html'), 'no-cache');
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setAppConfig: (script) => {
      appConfig = script;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        rmSync(modulesCopy, { recursive: true, force: true });
      }),
  };
}
