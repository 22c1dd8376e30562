/**
 * npm run bench:pacs — the demo PACS: scanning a folder of 1,000 DICOM files and answering WADO-RS frame,
 * metadata and QIDO requests. Baselines in the same run: reading every file whole (what the header-only scan
 * avoids) and reading the big file from disk (the floor for serving one of its frames).
 *
 * Output: one line per figure, "<figure>: <value> <unit>".
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDicomwebServer } from '@iqs/demo-pacs';
import { part10 } from '../dev/demo-pacs/test/pacsFixtures';

interface BenchResult {
  files: number;
  totalBytes: number;
  scanMs: number;
  frameColdMs: number;
  frameWarmMs: number[];
  metadataMs: number;
  qidoMs: number;
  readAllMs: number;
  readBigFileMs: number;
}

const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** Writes `count` small CT-like files in 10 studies of 2 series, plus one 1024² 16-bit DX. */
function writeBenchFolder(
  dir: string,
  count: number,
): { totalBytes: number; big: { study: string; series: string; sop: string; pixels: Buffer } } {
  let totalBytes = 0;
  const small = Buffer.alloc(128 * 128 * 2, 7);
  for (let i = 0; i < count; i++) {
    const study = `2.25.7${i % 10}`;
    const series = `${study}.${i % 2}`;
    const bytes = part10({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      SOPInstanceUID: `${series}.${i}`,
      StudyInstanceUID: study,
      SeriesInstanceUID: series,
      PatientName: `Bench^Patient${i % 10}`,
      PatientID: `B${i % 10}`,
      StudyDate: `202401${String((i % 10) + 10)}`,
      Modality: 'CT',
      SeriesNumber: i % 2,
      InstanceNumber: i,
      Rows: 128,
      Columns: 128,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      ImagePositionPatient: [0, 0, i],
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PixelSpacing: [0.5, 0.5],
      _vrMap: { PixelData: 'OW' },
      PixelData: [arrayBuffer(small)],
    });
    const sub = path.join(dir, `s${i % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `IM${i}.dcm`), bytes);
    totalBytes += bytes.length;
  }
  const pixels = Buffer.alloc(1024 * 1024 * 2);
  for (let i = 0; i < 1024 * 1024; i++) pixels.writeUInt16LE(i & 0xfff, i * 2);
  const big = { study: '2.25.8', series: '2.25.8.1', sop: '2.25.8.1.1', pixels };
  const bigFile = part10({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: big.sop,
    StudyInstanceUID: big.study,
    SeriesInstanceUID: big.series,
    PatientName: 'Bench^Big',
    Modality: 'DX',
    Rows: 1024,
    Columns: 1024,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    _vrMap: { PixelData: 'OW' },
    PixelData: [arrayBuffer(pixels)],
  });
  writeFileSync(path.join(dir, 'big.dcm'), bigFile);
  totalBytes += bigFile.length;
  return { totalBytes, big };
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

async function runBench(count: number): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iqs-pacs-bench-'));
  try {
    const { totalBytes, big } = writeBenchFolder(dir, count);
    const readAllMs = (await timed(() => readEverything(dir)))[1];
    const readBigFileMs = (await timed(() => readFile(path.join(dir, 'big.dcm'))))[1];
    const server = await startDicomwebServer({ dir, port: 0 });
    try {
      const frameUrl = `${server.url}/studies/${big.study}/series/${big.series}/instances/${big.sop}/frames/1`;
      const accept = { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' };
      const getFrame = async (): Promise<number> => (await (await fetch(frameUrl, { headers: accept })).arrayBuffer()).byteLength;
      const [coldBytes, frameColdMs] = await timed(getFrame);
      if (coldBytes < big.pixels.length) throw new Error('frame response too short');
      const frameWarmMs: number[] = [];
      for (let i = 0; i < 5; i++) frameWarmMs.push((await timed(getFrame))[1]);
      const [, metadataMs] = await timed(async () => (await fetch(`${server.url}/studies/2.25.70/metadata`)).json());
      const [, qidoMs] = await timed(async () => (await fetch(`${server.url}/studies?PatientName=*patient3*`)).json());
      return {
        files: server.report.files,
        totalBytes,
        scanMs: server.report.ms,
        frameColdMs,
        frameWarmMs,
        metadataMs,
        qidoMs,
        readAllMs,
        readBigFileMs,
      };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The naive scan: every file read whole. */
async function readEverything(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await readFile(path.join(entry.parentPath, entry.name))).length;
  }
  return bytes;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const count = Number(process.argv[2] ?? 1000);
runBench(count).then(
  (r) => {
    const warm = median(r.frameWarmMs);
    console.log(`files_scanned: ${r.files} files`);
    console.log(`scan_ms: ${r.scanMs.toFixed(0)} ms`);
    console.log(`baseline_read_all_files_ms: ${r.readAllMs.toFixed(0)} ms`);
    console.log(`scan_vs_read_all_ratio: ${(r.scanMs / r.readAllMs).toFixed(2)} x`);
    console.log(`frame_1024x1024x16_first_ms: ${r.frameColdMs.toFixed(1)} ms`);
    console.log(`frame_1024x1024x16_warm_median_ms: ${warm.toFixed(1)} ms`);
    console.log(`baseline_read_file_ms: ${r.readBigFileMs.toFixed(1)} ms`);
    console.log(`frame_warm_vs_file_read_ratio: ${(warm / r.readBigFileMs).toFixed(2)} x`);
    console.log(`study_metadata_${count / 10}_instances_ms: ${r.metadataMs.toFixed(1)} ms`);
    console.log(`qido_wildcard_ms: ${r.qidoMs.toFixed(1)} ms`);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
