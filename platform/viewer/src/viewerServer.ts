/**
 * The viewer's web server: the unmodified OHIF dist, our configuration and modules, and DICOMweb, all on one
 * origin (no CORS anywhere).
 *
 *   /app-config.js     our configuration (platform/config), rendered for the address the browser used
 *   /iqs-modules/*     our extension and mode (ES modules) and their shared chunks
 *   /dicomweb/*        the demo PACS, or a proxy to an external one
 *   everything else    OHIF's files; unknown paths get index.html (OHIF routes such as /iqs-evaluation)
 */
import { renderAppConfigScript } from '@iqs/config';
import { access } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MODULE_ENTRY_FILES } from './buildModules';
import type { RepositoryPaths } from './paths';
import { resolveUnder, sendFile } from './staticFiles';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export const MODULES_PATH = '/iqs-modules';
export const DICOMWEB_PATH = '/dicomweb';

export interface ViewerServerOptions {
  readonly host: string;
  readonly port: number;
  readonly paths: RepositoryPaths;
  /** answers requests under /dicomweb */
  readonly dicomweb: RequestHandler;
  readonly dataSourceLabel: string;
  /** the IQS backend the extension connects to, asked for each page load (it may start after the viewer); null: none */
  readonly backend: () => { readonly supabaseUrl: string; readonly supabaseAnonKey: string } | null;
}

export interface RunningViewer {
  readonly url: string;
  close(): Promise<void>;
}

// OHIF's build names every bundle and asset by its content hash: those never change and may be cached forever.
const HASHED_FILE = /\.[0-9a-f]{16,}\.(js|css|wasm)$|^[0-9a-f]{16,}\.(wasm|woff2?|ttf|png|svg)$/u;
// A host header is echoed into app-config.js: accept only what a host name and port can be.
const SAFE_HOST = /^[A-Za-z0-9.\-[\]:]+$/u;

async function assertBuilt(paths: RepositoryPaths): Promise<void> {
  const required = [
    path.join(paths.ohifDist, 'index.html'),
    ...Object.values(MODULE_ENTRY_FILES).map((file) => path.join(paths.modulesDir, file)),
  ];
  for (const file of required) {
    try {
      await access(file);
    } catch {
      // Serving the viewer without our modules would blank it in the browser: refuse here, where it is clear.
      throw new Error(`${path.relative(paths.root, file)} is missing: run npm start (it fetches the viewer and builds the IQS modules).`);
    }
  }
}

export async function startViewerServer(options: ViewerServerOptions): Promise<RunningViewer> {
  const { paths } = options;
  await assertBuilt(paths);
  const indexHtml = path.join(paths.ohifDist, 'index.html');
  // the address we listen on, for requests whose Host header cannot be used (set once listening)
  let ownHost = `${options.host}:${options.port}`;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://viewer.invalid');
    const pathname = url.pathname;

    if (pathname === DICOMWEB_PATH || pathname.startsWith(`${DICOMWEB_PATH}/`)) {
      if (await options.dicomweb(req, res)) return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === '/app-config.js') {
      const host = req.headers.host && SAFE_HOST.test(req.headers.host) ? req.headers.host : ownHost;
      const script = renderAppConfigScript({
        origin: `http://${host}`,
        dicomwebPath: DICOMWEB_PATH,
        dataSourceLabel: options.dataSourceLabel,
        extensionUrl: `${MODULES_PATH}/${MODULE_ENTRY_FILES.extension}`,
        modeUrl: `${MODULES_PATH}/${MODULE_ENTRY_FILES.mode}`,
        backend: options.backend(),
      });
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : script);
      return;
    }
    if (pathname.startsWith(`${MODULES_PATH}/`)) {
      const file = resolveUnder(paths.modulesDir, pathname.slice(MODULES_PATH.length));
      // entry files keep their names across builds; chunks are named by content
      const isEntry = file !== null && Object.values(MODULE_ENTRY_FILES).includes(path.basename(file) as never);
      if (file && (await sendFile(req, res, file, isEntry ? 'revalidate' : 'immutable'))) return;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No IQS module at ${pathname}`);
      return;
    }
    const file = resolveUnder(paths.ohifDist, pathname);
    if (file && pathname !== '/' && (await sendFile(req, res, file, HASHED_FILE.test(path.basename(file)) ? 'immutable' : 'revalidate')))
      return;
    if (path.extname(pathname) === '') {
      await sendFile(req, res, indexHtml, 'revalidate');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not found: ${pathname}`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`[viewer] ${req.method} ${req.url} failed:`, error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });
  // keep-alive sockets would hold close() open for seconds
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ownHost = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    url: `http://${ownHost}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
