/**
 * A throw-away Orthanc PACS with its DICOMweb plugin, for tests that need a real PACS: Debian's orthanc (1.10) and
 * orthanc-dicomweb (1.7), a temporary folder for its storage, index, configuration and log, free loopback ports.
 *
 *   const pacs = await startOrthanc();        // in beforeAll; throws (never skips) when something is missing
 *   await pacs.storeInstances([file, …]);     // POST <url>/instances, one Part 10 file per request
 *   await fetch(`${pacs.dicomweb}/studies?limit=10`) …
 *   await pacs.close();                       // in afterAll: kills Orthanc and removes its folder
 *
 *   startOrthanc({ logRequests: true }) also logs every HTTP request it answers (--verbose-http), and
 *   pacs.requests() lists them ("GET /dicom-web/studies/…"): what a browser test reads to know what the PACS served.
 *
 * How it runs
 *   - Orthanc 1.10 runs as root without complaint (checked), so it runs as whoever runs the tests; no runuser.
 *   - It cannot bind to one address (1.10 has no such option: HTTP and DICOM listen on 0.0.0.0). Hence
 *     "RemoteAccessAllowed": false, under which the HTTP server answers non-loopback clients with 401, and a DICOM
 *     server that accepts associations only from the AE `callingAet` at 127.0.0.1 calling `aet` (no "always allow",
 *     modality host checked). Checked from this host's own non-loopback address: HTTP 401, C-ECHO refused.
 *   - No authentication for loopback clients; no Lua, no saved jobs, no file system writes through the API.
 *   - Starts in about 0.1 s; log in <dir>/orthanc.log, shown in the error when it does not come up.
 *
 * What the DICOMweb plugin 1.7 serves (its registered routes; behaviour checked in backend/test/db/orthanc.test.ts)
 *   QIDO-RS  GET /studies, /series, /instances, /studies/{s}/series, /studies/{s}/instances,
 *            /studies/{s}/series/{se}/instances, with limit, offset (limit=0: no limit), includefield,
 *            fuzzymatching and attribute matching, StudyDate ranges included (20240101-20240131, -20240131,
 *            20240101-). Results come in Orthanc's internal order, not by date or UID, but the order is stable, so
 *            limit/offset pages through it. Study level answers carry few attributes (no StationName, no doses):
 *            a harvest needs WADO-RS metadata. They also carry (0008,0005) = "ISO_IR 100" (Orthanc's default
 *            encoding), whatever the files declared; the JSON strings themselves are decoded UTF-8.
 *   WADO-RS  GET /studies/{s}[/series/{se}[/instances/{i}]], …/metadata, …/frames/{n}, …/rendered,
 *            …/instances/{i}/bulk/{tag}
 *   STOW-RS  POST /studies;  also /servers (its DICOMweb client side) and WADO-URI at /wado.
 *   Orthanc keys a study on PatientID + StudyInstanceUID: the same Study Instance UID stored under two Patient IDs
 *   is listed twice by QIDO and WADO-RS answers 404 for it — fixtures of one study need one Patient ID.
 *
 * Metadata (checked)
 *   - Text is decoded to UTF-8 JSON: a Latin-1 (ISO_IR 100) name comes back as "Bäcker^Jörg".
 *   - Native Pixel Data is an absolute BulkDataURI, http://<host>/dicom-web/studies/…/bulk/7fe00010, where <host> is
 *     the request's Host header, or the host and proto of an RFC 7239 Forwarded header; X-Forwarded-Host/-Proto are
 *     ignored. Asked on 127.0.0.1:<port>, the URIs point at 127.0.0.1:<port>.
 *   - Encapsulated Pixel Data (RLE, JPEG Lossless) is left out of the metadata altogether; …/frames/{n} serves it.
 *   - A private tag is kept with its private creator. From an explicit VR file it keeps its VR and value
 *     ({"vr":"DS","Value":[125]}); from an implicit VR file (VR unknown to Orthanc) it becomes {"vr":"UN",
 *     "BulkDataURI": …/bulk/00191021}, whose value must be fetched.
 *   - SR content trees (ContentSequence) come inline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestOrthanc {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** <url>/dicom-web */
  readonly dicomweb: string;
  readonly dicomPort: number;
  /** the only AE title Orthanc accepts DICOM associations from (from 127.0.0.1) */
  readonly callingAet: string;
  readonly aet: string;
  readonly dir: string;
  readonly logFile: string;
  /** POST each Part 10 file to /instances; rejects on the first one Orthanc does not store */
  storeInstances(files: readonly Buffer[]): Promise<void>;
  /** the HTTP requests Orthanc answered so far, as "METHOD /path" (its log leaves out the query; only with logRequests) */
  requests(): string[];
  close(): Promise<void>;
}

export interface StartOrthancOptions {
  /** log every HTTP request (Orthanc's --verbose-http), for requests() */
  readonly logRequests?: boolean;
}

export function orthancBinary(): string {
  return process.env.IQS_ORTHANC ?? '/usr/sbin/Orthanc';
}

export function dicomwebPlugin(): string {
  return process.env.IQS_ORTHANC_DICOMWEB ?? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function configuration(dir: string, httpPort: number, dicomPort: number, aet: string, callingAet: string): object {
  return {
    Name: 'IQS test PACS',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    StorageCompression: false,
    Plugins: [dicomwebPlugin()],
    HttpPort: httpPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    SslEnabled: false,
    HttpDescribeErrors: true,
    ExecuteLuaEnabled: false,
    RestApiWriteToFileSystemEnabled: false,
    WebDavEnabled: false,
    SaveJobs: false,
    DicomServerEnabled: true,
    DicomAet: aet,
    DicomPort: dicomPort,
    DicomCheckCalledAet: true,
    DicomAlwaysAllowEcho: false,
    DicomAlwaysAllowStore: false,
    DicomAlwaysAllowFind: false,
    DicomAlwaysAllowMove: false,
    DicomAlwaysAllowGet: false,
    DicomCheckModalityHost: true,
    DicomModalities: { loopback: { AET: callingAet, Host: '127.0.0.1', Port: 104 } },
    // the files keep the transfer syntax they were sent in
    OverwriteInstances: false,
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: true,
      WadoRoot: '/wado',
      Ssl: false,
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
    },
  };
}

async function waitUntilUp(url: string, child: ChildProcess, exited: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit !== null) throw new Error(`Orthanc exited while starting (${exit})`);
    try {
      const response = await fetch(`${url}/system`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) {
        const plugins = (await (await fetch(`${url}/plugins`)).json()) as string[];
        if (!plugins.includes('dicom-web'))
          throw new Error(`Orthanc is up but the DICOMweb plugin did not load (plugins: ${plugins.join(', ') || 'none'})`);
        return;
      }
    } catch (error) {
      if ((error as Error).message.includes('DICOMweb plugin')) throw error;
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`Orthanc did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Kill it and wait for the exit. Its data is thrown away anyway, and a clean stop (SIGTERM) takes about 3 s: the HTTP
 * and DICOM servers each poll for a second before they notice.
 */
function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Start a throw-away Orthanc with the DICOMweb plugin. Fails (never skips) with what to install when it cannot. */
export async function startOrthanc(options: StartOrthancOptions = {}): Promise<TestOrthanc> {
  const binary = orthancBinary();
  const plugin = dicomwebPlugin();
  const missing = [
    existsSync(binary) ? null : `${binary} (Debian package orthanc)`,
    existsSync(plugin) ? null : `${plugin} (Debian package orthanc-dicomweb)`,
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new Error(
      `The PACS tests need Orthanc with its DICOMweb plugin, and this is missing: ${missing.join(', ')}.\n` +
        'Install with: sudo apt-get install orthanc orthanc-dicomweb   (npm test installs them when run as root), ' +
        'or point IQS_ORTHANC / IQS_ORTHANC_DICOMWEB at the binary and the plugin.',
    );
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'iqs-orthanc-'));
  const logFile = path.join(dir, 'orthanc.log');
  const aet = 'IQSTESTPACS';
  const callingAet = 'IQSTEST';
  let lastError: Error | undefined;
  // a port can be taken between choosing and binding it: try a few times
  for (let attempt = 0; attempt < 3; attempt++) {
    const httpPort = await freePort();
    let dicomPort = await freePort();
    while (dicomPort === httpPort) dicomPort = await freePort();
    const configFile = path.join(dir, 'orthanc.json');
    writeFileSync(configFile, JSON.stringify(configuration(dir, httpPort, dicomPort, aet, callingAet), null, 2));
    const url = `http://127.0.0.1:${httpPort}`;
    rmSync(logFile, { force: true });
    const child = spawn(binary, [`--logfile=${logFile}`, ...(options.logRequests ? ['--verbose-http'] : []), configFile], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    let exit: string | null = null;
    child.once('exit', (code, signal) => {
      exit = signal ? `signal ${signal}` : `exit code ${code}`;
    });
    child.once('error', (error) => {
      exit = error.message;
    });
    // never leave a PACS behind when the test process ends without close()
    const onExit = (): void => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    try {
      await waitUntilUp(url, child, () => exit, 30_000);
    } catch (error) {
      process.removeListener('exit', onExit);
      await stopProcess(child);
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      // another process took one of the ports between choosing and binding it: try again
      if (/port of the (HTTP|DICOM) server is privileged or already in use/u.test(log)) {
        lastError = new Error(`${(error as Error).message}\n${log.slice(-2000)}`);
        continue;
      }
      // the folder stays, for its log
      throw new Error(
        `${(error as Error).message}\nlog file ${logFile} (kept):\n${log.slice(-4000)}${stderr ? `\nstderr:\n${stderr.slice(-2000)}` : ''}`,
        { cause: error },
      );
    }

    const storeOne = async (file: Buffer, index: number): Promise<void> => {
      const response = await fetch(`${url}/instances`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/dicom' },
        body: new Uint8Array(file),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`Orthanc refused file ${index} (HTTP ${response.status}): ${text.slice(0, 500)}`);
      const status = (JSON.parse(text) as { Status?: string }).Status;
      if (status !== 'Success' && status !== 'AlreadyStored') throw new Error(`Orthanc did not store file ${index}: ${text.slice(0, 500)}`);
    };

    return {
      url,
      dicomweb: `${url}/dicom-web`,
      dicomPort,
      callingAet,
      aet,
      dir,
      logFile,
      async storeInstances(files: readonly Buffer[]): Promise<void> {
        // a few requests at a time: Orthanc stores them in parallel, and 2 cores do not want more
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < files.length) {
            const index = next++;
            await storeOne(files[index] as Buffer, index);
          }
        };
        await Promise.all(Array.from({ length: Math.min(4, files.length) }, worker));
      },
      requests(): string[] {
        if (!options.logRequests) throw new Error('requests() needs startOrthanc({ logRequests: true })');
        // e.g. "I1204 02:01:14.367992 HttpServer.cpp:1244] (http) GET /dicom-web/studies"
        const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        return [...log.matchAll(/\] \(http\) ([A-Z]+ \S+)$/gmu)].map((match) => match[1] as string);
      },
      async close(): Promise<void> {
        process.removeListener('exit', onExit);
        await stopProcess(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error('Orthanc did not start');
}
