/**
 * Forwards /dicomweb/* to an external DICOMweb PACS (IQS_DICOMWEB_URL), so that the browser talks to the
 * viewer's own origin only and the PACS needs no CORS set-up.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

export function createDicomwebProxy(targetUrl: string, mountPath: string) {
  const target = new URL(targetUrl);
  const client = target.protocol === 'https:' ? https : http;
  const targetPath = target.pathname.replace(/\/+$/u, '');

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = req.url ?? '/';
    if (url !== mountPath && !url.startsWith(`${mountPath}/`) && !url.startsWith(`${mountPath}?`)) return false;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    // Tell the PACS where the browser is, so that URLs it writes into responses (BulkDataURI) can point back here.
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
          path: `${targetPath}${url.slice(mountPath.length)}`,
          headers,
          auth: target.username ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined,
        },
        (answer) => {
          const responseHeaders: http.OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(answer.headers))
            if (!HOP_BY_HOP.has(name) && value !== undefined) responseHeaders[name] = value;
          res.writeHead(answer.statusCode ?? 502, responseHeaders);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', () => resolve());
        },
      );
      upstream.on('error', (error) => {
        if (!res.headersSent) {
          res.writeHead(502, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: `The PACS at ${target.origin} did not answer: ${error.message}` }));
        } else {
          res.destroy(error);
        }
        resolve();
      });
      req.pipe(upstream);
    });
    return true;
  };
}
