/**
 * `npm start`: everything IQS needs on one laptop, on its embedded defaults.
 *
 *   1. the pinned OHIF viewer (fetched once) and our modules (built every start: it takes well under a second)
 *   2. the images: the demo department (generated once), a folder of your own (IQS_DICOM_DIR) or your PACS
 *      (IQS_DICOMWEB_URL)
 *   3. one web server on http://127.0.0.1:3000 with the viewer and DICOMweb under /dicomweb
 *
 * Ctrl-C stops it.
 */
import { readSettings, type IqsSettings, withoutCredentials } from '@iqs/config';
import { DEMO_PASSWORD, DEMO_PEOPLE, DICOM_SUBFOLDER, ensureDemoData, readDemoManifest, recordDemoReasons } from '@iqs/demo-department';
import { createDicomwebHandler, type DicomIndex, scanDicomFolder } from '@iqs/demo-pacs';
import { createIndexWriter, type IndexWriterOptions, loadStationMappings } from '@iqs/backend/ingest';
import { ingestDicomIndex } from './ingestServedIndex';
import { createProgress } from '@iqs/backend/terminal/progress';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BackendConfig, type RunningBackend, startBackend } from './backend';
import { buildModules } from './buildModules';
import { createDicomwebProxy } from './dicomwebProxy';
import { installOhif } from './ohifDist';
import { repositoryPaths } from './paths';
import { DICOMWEB_PATH, type RequestHandler, type RunningViewer, startViewerServer } from './viewerServer';

export interface ImageSource {
  readonly handler: RequestHandler;
  readonly label: string;
  /** a study to open first, when known */
  readonly exampleStudy: string | null;
  /** the folder's instances, read by the demo PACS (null for an external PACS) */
  readonly index: DicomIndex | null;
  /** the folder's files that could not be read (absolute paths), for the quarantine */
  readonly unreadable: ReadonlyArray<{ file: string; reason: string }>;
  readonly sourceKind: 'demo' | 'file' | 'dicomweb';
  /** the served folder (null for an external PACS): the index keeps file paths relative to it */
  readonly folder: string | null;
  /** the demo department's folder (its manifest beside the DICOM files), for the demo */
  readonly demoFolder?: string;
  readonly summary: string;
}

async function folderSource(folder: string, label: string, sourceKind: 'demo' | 'file'): Promise<ImageSource> {
  const { index, report } = await scanDicomFolder(folder);
  const skipped =
    report.skipped.length > 0
      ? `; ${report.skipped.length} file(s) skipped (not DICOM or unreadable), e.g. ${report.skipped[0]?.file}: ${report.skipped[0]?.reason}`
      : '';
  const firstStudy = [...index.studies.values()][0]?.studyInstanceUID ?? null;
  return {
    handler: createDicomwebHandler(index, { basePath: DICOMWEB_PATH }),
    label,
    exampleStudy: firstStudy,
    index,
    unreadable: report.skipped.filter((s) => !s.duplicate).map(({ file, reason }) => ({ file: path.join(folder, file), reason })),
    sourceKind,
    folder,
    summary: `${report.instances} instance(s) in ${index.studies.size} stud${index.studies.size === 1 ? 'y' : 'ies'} from ${folder} (${report.ms} ms)${skipped}`,
  };
}

export async function prepareImageSource(settings: IqsSettings, log: (line: string) => void): Promise<ImageSource> {
  if (settings.dicomwebUrl) {
    // the PACS credentials stay in the proxy: the label reaches every browser (app-config.js), the summary the log
    const shown = withoutCredentials(settings.dicomwebUrl);
    return {
      handler: createDicomwebProxy(settings.dicomwebUrl, DICOMWEB_PATH),
      label: `PACS ${shown}`,
      exampleStudy: null,
      index: null,
      unreadable: [],
      sourceKind: 'dicomweb',
      folder: null,
      summary: `DICOMweb from ${shown} (through ${DICOMWEB_PATH})`,
    };
  }
  if (settings.dicomDir) return folderSource(settings.dicomDir, `DICOM folder ${path.basename(settings.dicomDir)}`, 'file');
  const demoFolder = path.join(settings.dataDir, 'demo');
  const earlier = await readDemoManifest(demoFolder);
  const progress = createProgress('Generating the demo department');
  const generated = await ensureDemoData(demoFolder, { onProgress: (done, total) => progress.update(done, total) });
  if (generated) progress.finish(`${generated.files} files in ${(generated.ms / 1000).toFixed(1)} s`);
  else log(`Demo data: ${demoFolder}`);
  // the index is brought up to date with the files, never pruned: rows of the earlier demo's images stay
  if (generated && earlier)
    log(
      `The demo department was regenerated (format ${earlier.formatVersion} to a newer one): an image index filled from the earlier demo keeps its rows (with the local stand-in, remove ${settings.supabaseDir} for an index of this demo only).`,
    );
  return { ...(await folderSource(path.join(demoFolder, DICOM_SUBFOLDER), 'IQS demo PACS', 'demo')), demoFolder };
}

/** Paths in the index are relative to the served folder: its own name (and the folders above) often hold patient IDs. */
export function indexWriterOptions(source: ImageSource): IndexWriterOptions {
  return { roots: source.folder ? [source.folder] : [] };
}

/**
 * The served folder into the image index, at every start, so that the index is ready and new files are picked up.
 * Ingestion is idempotent: files read before update their rows.
 */
async function indexImages(source: ImageSource, backend: RunningBackend): Promise<string> {
  if (!source.index) return 'not updated from an external PACS at start: run npx iqs harvest --dicomweb <url>';
  if (!backend.service) return 'not updated: the ingestion needs SUPABASE_SERVICE_ROLE_KEY for this Supabase project';
  const { data: sites, error } = await backend.service.from('sites').select('id, code').order('code');
  if (error) throw new Error(`could not read the backend's sites: ${error.message}`);
  const site = sites?.length === 1 ? sites[0] : sites?.find((s) => s.code === 'demo');
  if (!site)
    return `not updated: ${sites?.length ? 'several sites, none called demo: use npx iqs ingest --site <code>' : 'the backend has no site yet'}`;
  const started = Date.now();
  const writer = createIndexWriter(backend.service, site.id, source.sourceKind === 'demo' ? 'demo' : 'file', indexWriterOptions(source));
  const instances = await ingestDicomIndex(source.index, writer, await loadStationMappings(backend.service, site.id), source.unreadable);
  const { images, rejection_notes, dose_reports, quarantined } = writer.counts;
  const reasons = source.demoFolder ? await recordDemoReasonsOf(source.demoFolder, backend.service, site.id) : '';
  return `${instances} instances of site ${site.code} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${images} images, ${rejection_notes} rejection notes, ${dose_reports} dose reports${quarantined ? `, ${quarantined} quarantined` : ''}${reasons}`;
}

/** The reasons the demo's radiographers have given in IQS (rows, not DICOM), once its images are in the index. */
async function recordDemoReasonsOf(demoFolder: string, service: NonNullable<RunningBackend['service']>, siteId: string): Promise<string> {
  const manifest = await readDemoManifest(demoFolder);
  if (!manifest) return '';
  const result = await recordDemoReasons(service, manifest, { siteId });
  const skipped = result.skipped.length ? `, ${result.skipped.length} skipped (e.g. ${result.skipped[0]?.why})` : '';
  return `; demo reject reasons given by radiographers: ${result.recorded} recorded, ${result.kept} kept${skipped}`;
}

export interface RunningIqs extends RunningViewer {
  readonly source: ImageSource;
  readonly backend: RunningBackend;
}

/** The browser origins of the viewer, for the backend's CORS: the address it listens on, and localhost for loopback. */
function viewerOrigins(viewerUrl: string): string[] {
  const url = new URL(viewerUrl);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  return loopback ? [`http://127.0.0.1:${url.port}`, `http://localhost:${url.port}`] : [url.origin];
}

export async function startIqs(settings: IqsSettings, root: string, log: (line: string) => void = console.log): Promise<RunningIqs> {
  const paths = repositoryPaths(root);
  await installOhif(paths, log);
  await buildModules(paths);
  const source = await prepareImageSource(settings, log);
  log(`Images: ${source.summary}`);
  // The backend's CORS needs the viewer's origin, known once the viewer listens; the viewer asks for the backend
  // only when a page loads.
  let backendConfig: BackendConfig | null = null;
  let backend: RunningBackend | null = null;
  const viewer = await startViewerServer({
    host: settings.host,
    port: settings.port,
    allowedHosts: settings.allowedHosts,
    // the images ask for a signed-in IQS user of this backend (once it is up) when IQS is on a network
    login: settings.requireLogin ? { check: () => backend?.accessTokens ?? null } : null,
    paths,
    dicomweb: source.handler,
    dataSourceLabel: source.label,
    backend: () => backendConfig,
  });
  let started: RunningBackend;
  try {
    started = await startBackend(settings, viewerOrigins(viewer.url));
  } catch (error) {
    await viewer.close();
    throw error;
  }
  backend = started;
  backendConfig = started.config;
  log(`Backend: ${started.description}`);
  if (settings.requireLogin) log('Login: the images (/dicomweb) are shown to signed-in IQS users only');
  try {
    log(`Image index: ${await indexImages(source, started)}`);
  } catch (error) {
    await viewer.close();
    await started.close();
    throw error;
  }
  return {
    url: viewer.url,
    source,
    backend: started,
    close: async () => {
      await viewer.close();
      await started.close();
    },
  };
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const settings = readSettings(process.env, root);
  let viewer: RunningIqs;
  try {
    viewer = await startIqs(settings, root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(
        `Port ${settings.port} on ${settings.host} is in use: stop what runs there or choose another port with IQS_PORT=<port>.`,
        { cause: error },
      );
    throw error;
  }
  const study = viewer.source.exampleStudy;
  if (viewer.backend.hasDemoLogins) {
    console.log(`\nDemo logins (password ${DEMO_PASSWORD}; demo data only):`);
    for (const person of Object.values(DEMO_PEOPLE)) console.log(`  ${person.role.padEnd(16)} ${person.email.padEnd(34)} ${person.name}`);
  }
  console.log(`\nIQS is running at ${viewer.url}\n  study list:      ${viewer.url}/`);
  if (study) console.log(`  IQS evaluation:  ${viewer.url}/iqs-evaluation?StudyInstanceUIDs=${study}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping IQS…`);
    viewer.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`IQS could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
