/**
 * The demo PACS on its own port: scan a folder, serve it at the root of http://host:port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDicomwebHandler } from './routes';
import { scanDicomFolder, type ScanReport } from './scan';

export interface StartedDicomwebServer {
  /** e.g. "http://127.0.0.1:8042"; DICOMweb paths (/studies, …) are directly under it */
  url: string;
  close(): Promise<void>;
  report: ScanReport;
}

export async function startDicomwebServer(opts: { dir: string; port: number; host?: string }): Promise<StartedDicomwebServer> {
  const host = opts.host ?? '127.0.0.1';
  const { index, report } = await scanDicomFolder(opts.dir);
  // CORS on: a standalone server is typically used from another origin (a dev viewer, a notebook)
  const handle = createDicomwebHandler(index, { cors: true });
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    report,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      }),
  };
}
