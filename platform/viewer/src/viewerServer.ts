/**
 * The viewer's web server: the unmodified OHIF dist, our configuration and modules, and DICOMweb, all on one
 * origin (no CORS anywhere).
 *
 *   /app-config.js     our configuration (platform/config); the browser makes its DICOMweb root absolute itself
 *   /iqs-modules/*     our extension and mode (ES modules) and their shared chunks
 *   /dicomweb/*        the demo PACS, or a proxy to an external one: GET and HEAD only, and only for a signed-in
 *                      IQS user when a login is required (IQS on a network)
 *   everything else    OHIF's files; unknown paths get index.html (OHIF routes such as /iqs-evaluation)
 *
 * Every request must name one of the viewer's host names (allowedHosts.ts), or it is refused with 421.
 */
import { renderAppConfigScript } from '@iqs/config';
import type { AccessTokenCheck } from './accessTokens';
import { createHostCheck } from './allowedHosts';
import { DICOMWEB_METHODS } from './dicomwebProxy';
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
  /** host names answered besides loopback and `host` (IQS_ALLOWED_HOSTS) */
  readonly allowedHosts: readonly string[];
  /**
   * null: /dicomweb answers without a login (IQS on loopback). Else /dicomweb needs `Authorization: Bearer <IQS
   * access token>` that check() accepts; check() is null until the backend that issues the tokens is up.
   */
  readonly login: { readonly check: () => AccessTokenCheck | null } | null;
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
const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

/** Whether a request for /dicomweb may go on; answers it (401, 503) when not. */
async function admitToDicomweb(login: ViewerServerOptions['login'], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (!login) return true;
  const check = login.check();
  if (!check) {
    sendJson(res, 503, { error: 'IQS is starting: try again in a moment.' }, { 'Retry-After': '2' });
    return false;
  }
  const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/u.exec(req.headers.authorization ?? '')?.[1] ?? null;
  const verdict = token ? await check(token) : null;
  if (verdict?.ok) return true;
  sendJson(
    res,
    401,
    { error: 'Sign in to IQS to see the images.' },
    { 'WWW-Authenticate': `Bearer realm="IQS"${token ? ', error="invalid_token"' : ''}` },
  );
  return false;
}

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
  const isOurHost = createHostCheck(options.host, options.allowedHosts);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isOurHost(req.headers.host)) {
      // never echo the name: it is the requester's choice
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('This IQS does not answer to this host name. If it is a right name for this server, add it to IQS_ALLOWED_HOSTS.\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://viewer.invalid');
    const pathname = url.pathname;

    if (pathname === DICOMWEB_PATH || pathname.startsWith(`${DICOMWEB_PATH}/`)) {
      // DICOMweb is read-only here: nothing that could change or delete images reaches a PACS
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { Allow: DICOMWEB_METHODS }).end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: DICOMWEB_METHODS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`${req.method ?? '?'} is not supported: DICOMweb through IQS is read-only.\n`);
        return;
      }
      if (!(await admitToDicomweb(options.login, req, res))) return;
      if (await options.dicomweb(req, res)) return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === '/app-config.js') {
      const script = renderAppConfigScript({
        origin: null,
        dicomwebPath: DICOMWEB_PATH,
        dataSourceLabel: options.dataSourceLabel,
        extensionUrl: `${MODULES_PATH}/${MODULE_ENTRY_FILES.extension}`,
        modeUrl: `${MODULES_PATH}/${MODULE_ENTRY_FILES.mode}`,
        lessonModeUrl: `${MODULES_PATH}/${MODULE_ENTRY_FILES.lessonMode}`,
        backend: options.backend(),
        requireLogin: options.login !== null,
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
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
