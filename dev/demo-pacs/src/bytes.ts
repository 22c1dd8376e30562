/**
 * Reading an instance's bytes on demand: bulk data and frames are never kept in the index.
 *
 * Files up to `maxCachedFileBytes` are read whole and kept in a small LRU, because a
 * viewer asks for the same instance several times in a row (thumbnail, viewport, the
 * frames of a multi-frame image); bigger files are read by position. Deflated files are
 * inflated whole, since their offsets refer to the inflated data set.
 */
import { open, readFile } from 'node:fs/promises';
import type { InstanceRecord } from './model';
import { inflatedDataset } from '@iqs/dicom';

export interface ByteCacheOptions {
  /** total bytes kept */
  maxBytes?: number;
  /** files kept */
  maxEntries?: number;
  /** bigger files are not kept, and read by position */
  maxCachedFileBytes?: number;
}

export class InstanceBytes {
  private readonly cache = new Map<string, Buffer>();
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private cachedBytes = 0;
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  private readonly maxCachedFileBytes: number;

  constructor(options: ByteCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 16;
    this.maxCachedFileBytes = options.maxCachedFileBytes ?? 32 * 1024 * 1024;
  }

  /** `length` bytes at `offset` of the instance's data (a view, do not modify). */
  async read(inst: InstanceRecord, offset: number, length: number): Promise<Buffer> {
    if (inst.deflated || inst.fileSize <= this.maxCachedFileBytes) {
      const whole = await this.whole(inst);
      if (offset + length > whole.length) throw new RangeError(`read past the end of ${inst.file}`);
      return whole.subarray(offset, offset + length);
    }
    const handle = await open(inst.file, 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      if (bytesRead < length) throw new RangeError(`read past the end of ${inst.file}`);
      return buf;
    } finally {
      await handle.close();
    }
  }

  /** Size of the data offsets refer to. */
  async size(inst: InstanceRecord): Promise<number> {
    return inst.deflated ? (await this.whole(inst)).length : inst.fileSize;
  }

  private async whole(inst: InstanceRecord): Promise<Buffer> {
    const key = inst.file;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // re-insert: most recently used last
      this.cache.set(key, hit);
      return hit;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const file = await readFile(inst.file);
        return inst.deflated ? inflatedDataset(file) : file;
      })();
      this.inFlight.set(key, pending);
      pending
        .then(
          (buf) => this.remember(key, buf),
          () => undefined,
        )
        .finally(() => this.inFlight.delete(key));
    }
    return pending;
  }

  private remember(key: string, buf: Buffer): void {
    if (buf.length > this.maxBytes || this.cache.has(key)) return;
    this.cache.set(key, buf);
    this.cachedBytes += buf.length;
    for (const [oldKey, old] of this.cache) {
      if (this.cachedBytes <= this.maxBytes && this.cache.size <= this.maxEntries) break;
      this.cache.delete(oldKey);
      this.cachedBytes -= old.length;
    }
  }

  clear(): void {
    this.cache.clear();
    this.cachedBytes = 0;
  }
}
