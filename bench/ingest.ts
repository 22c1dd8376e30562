/**
 * npm run bench:ingest — how fast the ingestion reads DICOM headers: 10,000 generated files, read by IQS's reader
 * and, in the same run over the same files, by pydicom (`dcmread(stop_before_pixels=True)`, Debian's
 * python3-pydicom), the baseline, and by dcmjs (the JavaScript DICOM library of OHIF's ecosystem: the whole file read,
 * parsed up to the pixel data), a second baseline. All read from a warm page cache. Also the whole ingest line (header → IQS facts)
 * and the harvest rate from a real Orthanc (Debian's orthanc + orthanc-dicomweb) over the first HARVEST files:
 * against the rate at which Orthanc hands out the same QIDO-RS pages and WADO-RS metadata to a client that only
 * downloads them (the baseline), and writing into the index (local stand-in on PGlite) through `iqs harvest`.
 *
 * Output: one line per figure, "<figure>: <value> <unit>".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';
import { type DicomItem, listFiles, readHeader, writePart10 } from '@iqs/dicom';
import { createRandom } from '@iqs/demo-department';
import { harvest, readFiles } from '@iqs/backend/ingest';
import { run } from '@iqs/backend/cli';
import { startTestSupabase } from '../test/support/engines';
import { startOrthanc } from '../test/support/orthanc';

const FILES = Number(process.env['IQS_BENCH_FILES'] ?? 10_000);
const HARVEST = Math.min(FILES, Number(process.env['IQS_BENCH_HARVEST_FILES'] ?? 2_000));
const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../backend/supabase');
const PYTHON = '/usr/bin/python3';
const PYDICOM = '/usr/lib/python3/dist-packages/pydicom/__init__.py';
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A corpus like a department's archive: DX/CR headers of the usual size, small pixel data (the reader skips it). */
function writeCorpus(folder: string): void {
  const random = createRandom(11);
  const operators = ['Jansen^Petra', 'de Vries^Anna', 'Bakker^Jeroen', 'Müller^Jürgen', 'PJ'];
  const stations = ['RAD-KAMER1', 'RAD-KAMER2', 'RAD-KAMER3', 'SEH-KAMER'];
  const pixels = new Uint16Array(64 * 64);
  for (let i = 0; i < FILES; i++) {
    const study = Math.floor(i / 2);
    const dataset: DicomItem = {
      SpecificCharacterSet: 'ISO_IR 192',
      ImageType: ['ORIGINAL', 'PRIMARY'],
      SOPClassUID: i % 3 === 0 ? '1.2.840.10008.5.1.4.1.1.1' : '1.2.840.10008.5.1.4.1.1.1.1',
      SOPInstanceUID: `1.2.826.0.1.3680043.10.1467.66.${i + 1}`,
      StudyInstanceUID: `1.2.826.0.1.3680043.10.1467.67.${study + 1}`,
      SeriesInstanceUID: `1.2.826.0.1.3680043.10.1467.68.${study + 1}`,
      StudyDate: `2026${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`,
      StudyTime: '101500',
      AccessionNumber: `ACC${i}`,
      Modality: i % 3 === 0 ? 'CR' : 'DX',
      Manufacturer: 'ACME',
      InstitutionName: 'Demo Ziekenhuis',
      StationName: random.pick(stations),
      StudyDescription: random.pick(['X-Thorax PA/LAT', 'X-Knie AP/LAT', 'X-Bekken AP', 'X-Hand PA']),
      SeriesDescription: 'Opname',
      OperatorsName: random.chance(0.2) ? [random.pick(operators), random.pick(operators)] : random.pick(operators),
      PatientName: 'Bench^Patient',
      // one patient per study: Orthanc keys a study on PatientID + StudyInstanceUID
      PatientID: `P${study % 500}`,
      PatientBirthDate: '19700101',
      PatientSex: 'F',
      BodyPartExamined: 'CHEST',
      KVP: 110,
      ExposureTime: 12,
      Exposure: 3,
      ImageAndFluoroscopyAreaDoseProduct: Number(random.uniform(0.3, 3).toFixed(3)),
      BodyPartThickness: 220,
      ExposureIndex: 400,
      TargetExposureIndex: 380,
      DeviationIndex: 0.22,
      ViewPosition: i % 3 === 0 ? '' : 'PA',
      ViewCodeSequence:
        i % 3 === 0 ? [{ CodeValue: 'R-10214', CodingSchemeDesignator: 'SRT', CodeMeaning: 'postero-anterior' }] : undefined,
      SeriesNumber: 1,
      InstanceNumber: 1 + (i % 2),
      PatientOrientation: ['L', 'F'],
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: 64,
      Columns: 64,
      PixelSpacing: [0.15, 0.15],
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      WindowCenter: 2048,
      WindowWidth: 4096,
      PixelData: pixels,
    };
    const sub = path.join(folder, String(Math.floor(i / 500)).padStart(3, '0'));
    if (i % 500 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `${i}.dcm`), writePart10(dataset));
  }
}

function pydicomRate(folder: string): number {
  if (!existsSync(PYDICOM))
    throw new Error(`pydicom is missing (${PYDICOM}): install Debian's python3-pydicom (apt-get install python3-pydicom)`);
  const result = spawnSync(PYTHON, [path.join(HERE, 'pydicomHeaders.py'), folder], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pydicom baseline failed: ${result.stderr}`);
  const { files, seconds } = JSON.parse(result.stdout) as { files: number; seconds: number };
  if (files !== FILES) throw new Error(`pydicom read ${files} files, not ${FILES}`);
  return files / seconds;
}

/** Files per second read by dcmjs: the file into memory (dcmjs parses buffers), then its elements up to the pixel data. */
function dcmjsRate(files: readonly string[]): number {
  dcmjs.log.setLevel('error');
  const started = performance.now();
  for (const file of files) {
    const bytes = readFileSync(file);
    const dict = dcmjs.data.DicomMessage.readFile(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      { untilTag: '7FE00010', includeUntilTagValue: false },
    );
    if (!dict.dict['00080018']) throw new Error(`dcmjs found no SOP Instance UID in ${file}`);
  }
  return files.length / ((performance.now() - started) / 1000);
}

/** Instances per second: Orthanc's answers downloaded only, read into lines by harvest(), and into the index. */
async function harvestRates(files: readonly string[]): Promise<{ download: number; lines: number; index: number }> {
  const pacs = await startOrthanc();
  const env = await startTestSupabase('pglite', {
    migrationsDir: path.join(PROJECT, 'migrations'),
    seedFile: path.join(PROJECT, 'seed.sql'),
  });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'iqs-bench-harvest-'));
  try {
    await pacs.storeInstances(files.map((file) => readFileSync(file)));
    const instancesPerSecond = (started: number) => files.length / ((performance.now() - started) / 1000);

    let started = performance.now();
    let downloaded = 0;
    for (let offset = 0; ; offset += 100) {
      const page = (await (await fetch(`${pacs.dicomweb}/studies?limit=100&offset=${offset}&includefield=00201208`)).json()) as Array<
        Record<string, { Value: string[] }>
      >;
      for (const study of page) {
        const metadata = (await (
          await fetch(`${pacs.dicomweb}/studies/${study['0020000D']?.Value[0]}/metadata`, { headers: { Accept: 'application/dicom+json' } })
        ).json()) as unknown[];
        if (!Array.isArray(metadata))
          throw new Error(`Orthanc did not answer the metadata of ${JSON.stringify(study)}: ${JSON.stringify(metadata).slice(0, 300)}`);
        downloaded += metadata.length;
      }
      if (page.length < 100) break;
    }
    const download = instancesPerSecond(started);
    if (downloaded !== files.length) throw new Error(`Orthanc gave ${downloaded} instances, not ${files.length}`);

    started = performance.now();
    const totals = await harvest({ baseUrl: pacs.dicomweb, range: {}, mappings: new Map(), done: new Map(), onLine: () => undefined });
    const lines = instancesPerSecond(started);
    if (totals.instances !== files.length || totals.errors > 0)
      throw new Error(`harvest read ${totals.instances} instances with ${totals.errors} errors`);

    const cliEnv = {
      SUPABASE_URL: env.supabase.url,
      SUPABASE_ANON_KEY: env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: env.supabase.serviceRoleKey,
      IQS_DATA_DIR: scratch,
    };
    const messages: string[] = [];
    started = performance.now();
    const code = await run(['harvest', '--dicomweb', pacs.dicomweb], cliEnv, {
      out: (l) => messages.push(l),
      err: (l) => messages.push(l),
      progress: { isTTY: false, write: (t: string) => messages.push(t) },
    });
    const index = instancesPerSecond(started);
    if (code !== 0 || !messages.join('\n').includes(`${files.length} images`))
      throw new Error(`iqs harvest did not index every instance:\n${messages.join('\n')}`);
    return { download, lines, index };
  } finally {
    await Promise.all([pacs.close(), env.close()]);
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-bench-ingest-'));
  try {
    writeCorpus(folder);
    const files = await listFiles(folder);
    // warm the page cache for both readers alike
    for (const file of files) readFileSync(file);

    let started = performance.now();
    for (const file of files) await readHeader(file);
    const headerRate = files.length / ((performance.now() - started) / 1000);

    started = performance.now();
    let errors = 0;
    await readFiles(files, { mappings: new Map(), onLine: (line) => void ('error' in line && errors++) });
    const lineRate = files.length / ((performance.now() - started) / 1000);
    if (errors > 0) throw new Error(`${errors} generated files did not read`);

    const dcmjsBaseline = dcmjsRate(files);
    const baseline = pydicomRate(folder);
    const harvested = await harvestRates(files.slice(0, HARVEST));
    console.log(`files: ${files.length} files`);
    console.log(`iqs_header_rate: ${headerRate.toFixed(0)} files/s`);
    console.log(`iqs_ingest_line_rate: ${lineRate.toFixed(0)} files/s`);
    console.log(`pydicom_header_rate: ${baseline.toFixed(0)} files/s`);
    console.log(`ratio_iqs_header_to_pydicom: ${(headerRate / baseline).toFixed(2)} x`);
    console.log(`ratio_iqs_ingest_line_to_pydicom: ${(lineRate / baseline).toFixed(2)} x`);
    console.log(`dcmjs_header_rate: ${dcmjsBaseline.toFixed(0)} files/s`);
    console.log(`ratio_iqs_header_to_dcmjs: ${(headerRate / dcmjsBaseline).toFixed(2)} x`);
    console.log(`ratio_iqs_ingest_line_to_dcmjs: ${(lineRate / dcmjsBaseline).toFixed(2)} x`);
    console.log(`harvest_instances: ${HARVEST} instances`);
    console.log(`orthanc_metadata_download_rate: ${harvested.download.toFixed(0)} instances/s`);
    console.log(`iqs_harvest_rate: ${harvested.lines.toFixed(0)} instances/s`);
    console.log(`iqs_harvest_into_index_rate: ${harvested.index.toFixed(0)} instances/s`);
    console.log(`ratio_iqs_harvest_to_download: ${(harvested.lines / harvested.download).toFixed(2)} x`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
