/**
 * Forwards /dicomweb/* to an external DICOMweb PACS (IQS_DICOMWEB_URL), so that the browser talks to the
 * viewer's own origin only and the PACS needs no CORS set-up.
 *
 * It is a reader's door, not the PACS's: only GET and HEAD go through (QIDO-RS and WADO-RS need no more), the path
 * is decoded and normalised segment by segment and refused when it could climb out of the DICOMweb root, only
 * request headers that describe the wanted answer are passed on (never the browser's cookies or Authorization: the
 * PACS sees the credentials of IQS_DICOMWEB_URL only), and the PACS's cookies and login prompts do not reach the
 * browser. Its errors never show the PACS credentials.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';

export const DICOMWEB_METHODS = 'GET, HEAD, OPTIONS';

/** Request headers a QIDO/WADO request needs; everything else the browser sends stays here. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'range',
  'user-agent',
];

const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // the PACS's session and login prompt are for IQS, not for the browser
  'set-cookie',
  'set-cookie2',
  'www-authenticate',
]);

class BadPath extends Error {}

// the characters a path segment may hold unescaped (RFC 3986 pchar) besides encodeURIComponent's
const PCHAR_ESCAPES: Record<string, string> = {
  '%24': '$',
  '%26': '&',
  '%2B': '+',
  '%2C': ',',
  '%3A': ':',
  '%3B': ';',
  '%3D': '=',
  '%40': '@',
};

/**
 * The path below the mount point, each segment decoded once, checked and encoded again: no `.` or `..` segment,
 * no slash, backslash or control character hidden in one (`..%2f`, `%5c`, `%00`), no bad escapes.
 */
export function normaliseDicomwebPath(rawPath: string): string {
  if (rawPath.includes('\\')) throw new BadPath('a backslash');
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw new BadPath('a bad %-escape');
    }
    if (segment === '.' || segment === '..') throw new BadPath('a . or .. segment');
    // eslint-disable-next-line no-control-regex -- control characters are what is refused here
    if (/[/\\\u0000-\u001f\u007f]/u.test(segment)) throw new BadPath('a slash, backslash or control character inside a segment');
    segments.push(encodeURIComponent(segment).replace(/%(24|26|2B|2C|3A|3B|3D|40)/gu, (escape) => PCHAR_ESCAPES[escape] ?? escape));
  }
  return segments.map((segment) => `/${segment}`).join('');
}

const sendText = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
};

export function createDicomwebProxy(targetUrl: string, mountPath: string) {
  const target = new URL(targetUrl);
  const client = target.protocol === 'https:' ? https : http;
  const targetPath = target.pathname.replace(/\/+$/u, '');
  const auth = target.username ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined;
  // target.origin never holds the user name and password
  const shownTarget = `${target.origin}${targetPath}`;

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = req.url ?? '/';
    if (url !== mountPath && !url.startsWith(`${mountPath}/`) && !url.startsWith(`${mountPath}?`)) return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { Allow: DICOMWEB_METHODS }).end();
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, `${req.method ?? '?'} is not supported: DICOMweb through IQS is read-only.`, { Allow: DICOMWEB_METHODS });
      return true;
    }
    const queryAt = url.indexOf('?');
    const rawPath = url.slice(mountPath.length, queryAt === -1 ? undefined : queryAt);
    const query = queryAt === -1 ? '' : url.slice(queryAt);
    let path: string;
    try {
      path = normaliseDicomwebPath(rawPath);
    } catch (error) {
      if (!(error instanceof BadPath)) throw error;
      sendText(res, 400, `This DICOMweb path is refused: it holds ${error.message}.`);
      return true;
    }

    const headers: http.OutgoingHttpHeaders = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    // Tell the PACS where the browser is, so that URLs it writes into responses (BulkDataURI) can point back here
    // (the viewer server answers only its own host names, so this is one of them).
    const viewerHost = req.headers.host ?? '';
    headers['x-forwarded-host'] = viewerHost;
    headers['x-forwarded-proto'] = 'http';
    headers['forwarded'] = `host=${viewerHost};proto=http`;

    await new Promise<void>((resolve) => {
      const upstream = client.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: `${targetPath}${path}${query}`,
          headers,
          auth,
        },
        (answer) => {
          const responseHeaders: http.OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(answer.headers))
            if (!DROPPED_RESPONSE_HEADERS.has(name) && value !== undefined) responseHeaders[name] = value;
          res.writeHead(answer.statusCode ?? 502, responseHeaders);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', () => resolve());
        },
      );
      upstream.on('error', (error) => {
        if (!res.headersSent) {
          res.writeHead(502, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: `The PACS at ${shownTarget} did not answer: ${error.message}` }));
        } else {
          res.destroy(error);
        }
        resolve();
      });
      // GET and HEAD carry no body
      upstream.end();
    });
    return true;
  };
}
