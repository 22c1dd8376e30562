/**
 * Reading a Part 10 file's header from disk: the first 64 KiB, and more only when the header is longer, so that
 * scanning an archive of large images does not read their pixel data.
 *
 * The reads are synchronous on purpose: a header is a few kilobytes, and four asynchronous file operations per file
 * (open, stat, read, close through libuv's thread pool) cost some 20 times more than the read itself, which made
 * them the bottleneck of ingesting a folder (`npm run bench:ingest`).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { checkFragmentsInFile, DicomParseError, NeedMoreBytes, parsePart10, type ParsedPart10 } from './part10Reader';

const FIRST_CHUNK = 64 * 1024;

/** Reads just enough of the file to parse its header. Throws DicomParseError (with the reason) for a bad file. */
export function readHeaderSync(file: string): { parsed: ParsedPart10; size: number } {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    let buf = Buffer.alloc(Math.min(size, FIRST_CHUNK));
    readSync(fd, buf, 0, buf.length, 0);
    for (;;) {
      try {
        const parsed = parsePart10(buf, size);
        // encapsulated pixel data beyond what was read: walk its fragment headers, a file cut inside it is broken
        if (parsed.pixelData?.encapsulated && !parsed.deflated && buf.length < size) {
          const header = Buffer.alloc(8);
          checkFragmentsInFile(
            (position, length) => {
              readSync(fd, header, 0, length, position);
              return header;
            },
            parsed.pixelData.offset,
            size,
          );
        }
        return { parsed, size };
      } catch (err) {
        if (!(err instanceof NeedMoreBytes) || buf.length >= size) throw err;
        const longer = Buffer.alloc(Math.min(size, Math.max(err.upTo + FIRST_CHUNK, buf.length * 2)));
        buf.copy(longer);
        readSync(fd, longer, buf.length, longer.length - buf.length, buf.length);
        buf = longer;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The same, for async callers (a rejected promise for a bad file). */
export async function readHeader(file: string): Promise<{ parsed: ParsedPart10; size: number }> {
  return readHeaderSync(file);
}

/** Why a file could not be read, in a sentence for people (the parser's reason, or the file system's). */
export function describeReadError(err: unknown): string {
  if (err instanceof DicomParseError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') return `read error: ${e.code} ${e.message}`;
  // anything else is malformed data our parser did not anticipate (e.g. a RangeError)
  return `unreadable: ${err instanceof Error ? err.message : String(err)}`;
}
