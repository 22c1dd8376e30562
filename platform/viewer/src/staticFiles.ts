/**
 * Static files for the viewer: content types that browsers insist on (an ES module served with the wrong type
 * blanks OHIF), caching by file kind, the precompressed copies the client accepts, and no way out of the served
 * folder.
 */
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { isCompressible, isFreshVariant, type PrecompressedEncoding, variantPath } from './precompress';
import { chooseRepresentation } from './precompressedEncoding';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
};

export type CachePolicy = 'immutable' | 'revalidate';

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file under root that a URL path names, or null when it would leave root. */
export function resolveUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The one byte range a `Range` header asks of a file of `size` bytes: a range, 'unsatisfiable' (416), or null to
 * send the whole file (no header, another unit, several ranges, or a malformed one: RFC 9110 lets a server ignore
 * Range).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/u.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return null;
  return start >= size ? 'unsatisfiable' : { start, end };
}

/** Whether an If-None-Match (or If-Range) list names this entity tag; weak comparison as RFC 9110 asks for 304s. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//u, '') === etag);
}

/** The Brotli and gzip copies made for a file (precompress.ts) that are up to date and smaller than the file. */
async function freshVariants(file: string, info: Stats): Promise<Map<PrecompressedEncoding, Stats>> {
  const found = new Map<PrecompressedEncoding, Stats>();
  if (!isCompressible(file)) return found;
  for (const encoding of ['br', 'gzip'] as const) {
    try {
      const variant = await stat(variantPath(file, encoding));
      if (isFreshVariant(info, variant) && variant.size < info.size) found.set(encoding, variant);
    } catch {
      // no copy of this kind: fine
    }
  }
  return found;
}

function streamFile(res: ServerResponse, file: string, range?: ByteRange): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file, range);
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

/**
 * Serve one file, or its Brotli or gzip copy when the client accepts one (Accept-Encoding); resolves false (nothing
 * sent) when it does not exist. Each representation has its own entity tag. A Range request gets the file itself
 * (ranges of a compressed copy would be of no use to anyone).
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cache: CachePolicy): Promise<boolean> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  const wantsRange = req.headers.range !== undefined;
  const variants = wantsRange ? new Map<PrecompressedEncoding, Stats>() : await freshVariants(file, info);
  const representation = chooseRepresentation(req.headers['accept-encoding'], new Set(variants.keys()));
  if (isCompressible(file)) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', cache === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (representation === null) {
    res.writeHead(406, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('None of the encodings in Accept-Encoding is available for this file.\n');
    return true;
  }
  const baseTag = `${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}`;
  const etag = representation === 'identity' ? `"${baseTag}"` : `"${baseTag}-${representation}"`;
  const sent =
    representation === 'identity'
      ? { file, size: info.size }
      : { file: variantPath(file, representation), size: variants.get(representation)?.size ?? 0 };
  res.setHeader('Content-Type', contentTypeOf(file));
  res.setHeader('ETag', etag);
  if (representation !== 'identity') res.setHeader('Content-Encoding', representation);
  else res.setHeader('Accept-Ranges', 'bytes');
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.writeHead(304).end();
    return true;
  }
  const ifRange = req.headers['if-range'];
  const range = wantsRange && (ifRange === undefined || ifRange === etag) ? parseRange(req.headers.range, info.size) : null;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${info.size}` }).end();
    return true;
  }
  if (range) {
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
    res.setHeader('Content-Length', range.end - range.start + 1);
    res.writeHead(206);
  } else {
    res.setHeader('Content-Length', sent.size);
    res.writeHead(200);
  }
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await streamFile(res, sent.file, range ?? undefined);
  return true;
}
