/**
 * npm run bench:ingest — how fast the ingestion reads DICOM headers: 10,000 generated files, read by IQS's reader
 * and, in the same run over the same files, by pydicom (`dcmread(stop_before_pixels=True)`, Debian's
 * python3-pydicom), the baseline. Both read from a warm page cache. Also the whole ingest line (header → IQS facts)
 * and, when Orthanc is installed, the harvest rate from a real PACS.
 *
 * Output: one line per figure, "<figure>: <value> <unit>".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DicomItem, writePart10 } from '../backend/src/dicom';
import { readHeader } from '../backend/src/dicom/readHeader';
import { createRandom } from '../backend/src/demo/random';
import { readFiles } from '../backend/src/ingest/ingestFiles';
import { listFiles } from '../backend/src/fs/listFiles';

const FILES = Number(process.env['IQS_BENCH_FILES'] ?? 10_000);
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
      PatientID: `P${i % 500}`,
      PatientBirthDate: '19700101',
      PatientSex: 'F',
      BodyPartExamined: 'CHEST',
      KVP: 110,
      ExposureTime: 12,
      Exposure: 3,
      ImageAndFluoroscopyAreaDoseProduct: Number((random.uniform(0.3, 3)).toFixed(3)),
      BodyPartThickness: 220,
      ExposureIndex: 400,
      TargetExposureIndex: 380,
      DeviationIndex: 0.22,
      ViewPosition: i % 3 === 0 ? '' : 'PA',
      ViewCodeSequence: i % 3 === 0 ? [{ CodeValue: 'R-10214', CodingSchemeDesignator: 'SRT', CodeMeaning: 'postero-anterior' }] : undefined,
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
  if (!existsSync(PYDICOM)) throw new Error(`pydicom is missing (${PYDICOM}): install Debian's python3-pydicom (apt-get install python3-pydicom)`);
  const result = spawnSync(PYTHON, [path.join(HERE, 'pydicomHeaders.py'), folder], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pydicom baseline failed: ${result.stderr}`);
  const { files, seconds } = JSON.parse(result.stdout) as { files: number; seconds: number };
  if (files !== FILES) throw new Error(`pydicom read ${files} files, not ${FILES}`);
  return files / seconds;
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

    const baseline = pydicomRate(folder);
    console.log(`files: ${files.length} files`);
    console.log(`iqs_header_rate: ${headerRate.toFixed(0)} files/s`);
    console.log(`iqs_ingest_line_rate: ${lineRate.toFixed(0)} files/s`);
    console.log(`pydicom_header_rate: ${baseline.toFixed(0)} files/s`);
    console.log(`ratio_iqs_header_to_pydicom: ${(headerRate / baseline).toFixed(2)} x`);
    console.log(`ratio_iqs_ingest_line_to_pydicom: ${(lineRate / baseline).toFixed(2)} x`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
