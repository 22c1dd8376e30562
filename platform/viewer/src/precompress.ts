/**
 * Brotli and gzip copies of the viewer's static files, made once (at install for OHIF's dist, at build for our
 * modules) so that the server sends them without compressing on every request: OHIF's application bundle alone is
 * 17 MB, about 2.7 MB as Brotli.
 *
 * A copy sits beside its file (`app.js.br`, `app.js.gz`) and carries the file's modification time: a copy whose
 * time differs from its file's is stale (the file was rebuilt or replaced) and is neither served nor kept. Copies are
 * written under a temporary name and renamed, so a server (or a second build) never sees half a copy.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type PrecompressedEncoding = 'br' | 'gzip';

const SUFFIX: Record<PrecompressedEncoding, string> = { br: '.br', gzip: '.gz' };

/**
 * Text and WebAssembly compress to a quarter or less; images and fonts in woff2 are compressed already. Source maps
 * are left out: only developer tools fetch them, and they are 40 MB of OHIF's dist (install time).
 */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt', '.xml', '.webmanifest', '.ttf', '.ico']);

/** Below this a copy saves less than the response headers weigh. */
export const MIN_PRECOMPRESS_BYTES = 1024;

export function isCompressible(file: string): boolean {
  return COMPRESSIBLE.has(path.extname(file).toLowerCase());
}

export function variantPath(file: string, encoding: PrecompressedEncoding): string {
  return file + SUFFIX[encoding];
}

/** A copy belongs to its file when it carries the file's modification time (set when it was made). */
export function isFreshVariant(source: Stats, variant: Stats): boolean {
  return variant.isFile() && Math.abs(variant.mtimeMs - source.mtimeMs) < 1;
}

/**
 * Brotli's best setting (11) costs about 2 s a megabyte on this kind of machine; 9 gives 3-10 % larger files at a
 * fifth of the time, 5 another 5 % larger at a fifth again. The many small files get the best; OHIF's large
 * bundles and the 10-20 MB WebAssembly files of its AI tools a faster one, so that `npm ci` stays reasonable.
 */
export function brotliQualityFor(bytes: number): number {
  if (bytes <= 256 * 1024) return 11;
  if (bytes <= 4 * 1024 * 1024) return 9;
  return 5;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function compress(data: Buffer, encoding: PrecompressedEncoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(data, { level: 9 });
  return brotli(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQualityFor(data.length),
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

async function writeVariant(file: string, source: Stats, encoding: PrecompressedEncoding, data: Buffer): Promise<number> {
  const target = variantPath(file, encoding);
  const temporary = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const compressed = await compress(data, encoding);
  try {
    await writeFile(temporary, compressed);
    await utimes(temporary, source.atime, source.mtimeMs / 1000);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return compressed.length;
}

export interface PrecompressReport {
  /** files that got new copies */
  readonly compressed: number;
  /** files whose copies were up to date */
  readonly upToDate: number;
  /** bytes of the files compressed now, and of their new copies */
  readonly inputBytes: number;
  readonly brotliBytes: number;
  readonly gzipBytes: number;
  /** stale copies of files that are gone, removed */
  readonly removed: number;
  readonly ms: number;
}

/** Every file under dir (absolute paths). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Brotli and gzip copies of every compressible file of at least MIN_PRECOMPRESS_BYTES under dir; files whose copies
 * are up to date are skipped, copies whose file is gone are removed. Runs on every core (zlib's work happens on
 * libuv's thread pool), largest files first so that the cores finish together.
 */
export async function precompressFolder(dir: string, options: { readonly concurrency?: number } = {}): Promise<PrecompressReport> {
  const started = performance.now();
  const files = await filesUnder(dir);
  const present = new Set(files);
  let removed = 0;
  for (const file of files) {
    const original = file.replace(/\.(br|gz)$/u, '');
    if (original !== file && isCompressible(original) && !present.has(original)) {
      await rm(file, { force: true });
      removed++;
    }
  }
  const work: Array<{ file: string; info: Stats; encodings: PrecompressedEncoding[] }> = [];
  let upToDate = 0;
  for (const file of files) {
    if (!isCompressible(file)) continue;
    const info = await statOrNull(file);
    if (!info || info.size < MIN_PRECOMPRESS_BYTES) continue;
    const encodings: PrecompressedEncoding[] = [];
    for (const encoding of ['br', 'gzip'] as const) {
      const variant = await statOrNull(variantPath(file, encoding));
      if (!variant || !isFreshVariant(info, variant)) encodings.push(encoding);
    }
    if (encodings.length) work.push({ file, info, encodings });
    else upToDate++;
  }
  work.sort((a, b) => b.info.size - a.info.size);
  const totals = { inputBytes: 0, brotliBytes: 0, gzipBytes: 0 };
  const next = work[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (let item = next.next(); !item.done; item = next.next()) {
      const { file, info, encodings } = item.value;
      const data = await readFile(file);
      totals.inputBytes += data.length;
      for (const encoding of encodings) {
        const bytes = await writeVariant(file, info, encoding, data);
        if (encoding === 'br') totals.brotliBytes += bytes;
        else totals.gzipBytes += bytes;
      }
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? os.availableParallelism());
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { compressed: work.length, upToDate, removed, ...totals, ms: performance.now() - started };
}

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** One line for the install and build logs. */
export function describePrecompress(report: PrecompressReport, folder: string): string {
  if (report.compressed === 0) return `${folder}: compressed copies up to date (${report.upToDate} files)`;
  return (
    `${folder}: ${report.compressed} files compressed in ${(report.ms / 1000).toFixed(1)} s ` +
    `(${megabytes(report.inputBytes)} to ${megabytes(report.brotliBytes)} Brotli, ${megabytes(report.gzipBytes)} gzip)` +
    (report.upToDate ? `, ${report.upToDate} up to date` : '')
  );
}
