/**
 * Cutting frames out of an instance's pixel data (PS3.5 8.2 and A.4).
 *
 * Native pixel data is sliced by frame size (bit-packed 1-bit data included). Encapsulated
 * pixel data is split into frames with the Basic Offset Table when there is one, else one
 * fragment per frame when the counts agree, else by the codestream start markers. The
 * fragment table is built on first use and remembered per instance.
 */
import type { InstanceBytes } from './bytes';
import { HttpError } from './httpError';
import type { FrameGeometry, InstanceRecord } from './model';

interface Fragment {
  /** start of the fragment's data in the instance's bytes */
  offset: number;
  length: number;
  /** start of its item header, relative to the first byte of the pixel data value */
  itemStart: number;
}

const frameTables = new WeakMap<InstanceRecord, Promise<Fragment[][]>>();

export function nativeFrameBits(g: FrameGeometry): number {
  // 4:2:2 subsampled YBR stores two samples per pixel on average
  const samples = /^YBR_(FULL|PARTIAL)_422/.test(g.photometricInterpretation) ? 2 : g.samplesPerPixel;
  return g.rows * g.columns * samples * g.bitsAllocated;
}

/** The frames asked for (1-based numbers), each as the bytes a WADO-RS frame part carries. */
export async function readFrames(inst: InstanceRecord, frameNumbers: readonly number[], bytes: InstanceBytes): Promise<Buffer[]> {
  const pixelData = inst.pixelData;
  if (!pixelData) throw new HttpError(404, 'instance has no pixel data');
  const count = inst.geometry.numberOfFrames;
  for (const n of frameNumbers) {
    if (n < 1 || n > count) throw new HttpError(404, `frame ${n} does not exist (the instance has ${count})`);
  }
  if (pixelData.encapsulated) {
    const table = await encapsulatedFrames(inst, bytes);
    return Promise.all(
      frameNumbers.map(async (n) => {
        const fragments = table[n - 1] ?? [];
        const parts = await Promise.all(fragments.map((f) => bytes.read(inst, f.offset, f.length)));
        return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      }),
    );
  }
  if (inst.bigEndian) throw new HttpError(406, 'pixel data stored big endian cannot be served as frames');
  const frameBits = nativeFrameBits(inst.geometry);
  if (frameBits <= 0) throw new HttpError(500, 'frame size unknown: Rows, Columns or BitsAllocated missing');
  const available = (pixelData.length ?? 0) * 8;
  return Promise.all(
    frameNumbers.map(async (n) => {
      const startBit = (n - 1) * frameBits;
      if (startBit + frameBits > available) throw new HttpError(404, `frame ${n} lies beyond the end of the pixel data`);
      if (startBit % 8 === 0 && frameBits % 8 === 0) {
        return bytes.read(inst, pixelData.offset + startBit / 8, frameBits / 8);
      }
      // bit-packed frames (BitsAllocated 1) need not start on a byte boundary
      const first = Math.floor(startBit / 8);
      const last = Math.ceil((startBit + frameBits) / 8);
      const src = await bytes.read(inst, pixelData.offset + first, last - first);
      return shiftBits(src, startBit % 8, frameBits);
    }),
  );
}

/** `bitCount` bits of `src` starting at bit `shift` (LSB first, as DICOM packs them). */
function shiftBits(src: Buffer, shift: number, bitCount: number): Buffer {
  const out = Buffer.alloc(Math.ceil(bitCount / 8));
  for (let i = 0; i < out.length; i++) {
    const lo = (src[i] ?? 0) >> shift;
    const hi = shift === 0 ? 0 : (src[i + 1] ?? 0) << (8 - shift);
    out[i] = (lo | hi) & 0xff;
  }
  const spare = out.length * 8 - bitCount;
  if (spare > 0) out[out.length - 1] = (out[out.length - 1] as number) & (0xff >> spare);
  return out;
}

function encapsulatedFrames(inst: InstanceRecord, bytes: InstanceBytes): Promise<Fragment[][]> {
  let table = frameTables.get(inst);
  if (!table) {
    table = buildFrameTable(inst, bytes);
    frameTables.set(inst, table);
    table.catch(() => frameTables.delete(inst)); // let a later request try again
  }
  return table;
}

async function buildFrameTable(inst: InstanceRecord, bytes: InstanceBytes): Promise<Fragment[][]> {
  const start = inst.pixelData?.offset ?? 0;
  const region = await bytes.read(inst, start, (await bytes.size(inst)) - start);
  const items: Fragment[] = [];
  let pos = 0;
  while (pos + 8 <= region.length) {
    const group = region.readUInt16LE(pos);
    const element = region.readUInt16LE(pos + 2);
    const length = region.readUInt32LE(pos + 4);
    if (group === 0xfffe && element === 0xe0dd) break; // sequence delimiter
    if (group !== 0xfffe || element !== 0xe000 || pos + 8 + length > region.length) {
      throw new HttpError(500, `malformed encapsulated pixel data at offset ${start + pos}`);
    }
    items.push({ offset: start + pos + 8, length, itemStart: pos });
    pos += 8 + length;
  }
  const [offsetTable, ...fragments] = items;
  if (!offsetTable || fragments.length === 0) throw new HttpError(500, 'encapsulated pixel data without fragments');
  const frameCount = inst.geometry.numberOfFrames;
  const frames = splitIntoFrames(region, offsetTable, fragments, frameCount);
  if (frames.length !== frameCount || frames.some((f) => f.length === 0)) {
    throw new HttpError(500, `cannot tell where each of the ${frameCount} frames starts among ${fragments.length} fragments`);
  }
  return frames;
}

function splitIntoFrames(region: Buffer, offsetTable: Fragment, fragments: Fragment[], frameCount: number): Fragment[][] {
  const firstItem = (fragments[0] as Fragment).itemStart;
  if (offsetTable.length >= 4 * frameCount && offsetTable.length > 0) {
    // Basic Offset Table: frame starts, relative to the first fragment's item header
    const tableStart = offsetTable.itemStart + 8;
    const starts = Array.from({ length: frameCount }, (_, i) => region.readUInt32LE(tableStart + 4 * i));
    return starts.map((s, i) => {
      const end = starts[i + 1] ?? Infinity;
      return fragments.filter((f) => f.itemStart - firstItem >= s && f.itemStart - firstItem < end);
    });
  }
  if (frameCount === 1) return [fragments];
  if (fragments.length === frameCount) return fragments.map((f) => [f]);
  // No table and more fragments than frames: a frame starts where a codestream starts.
  const frames: Fragment[][] = [];
  for (const f of fragments) {
    const at = f.itemStart + 8;
    if (startsCodestream(region, at) || frames.length === 0) frames.push([f]);
    else frames[frames.length - 1]?.push(f);
  }
  return frames;
}

function startsCodestream(region: Buffer, at: number): boolean {
  const b = (i: number): number => region[at + i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8) return true; // JPEG, JPEG-LS (SOI)
  if (b(0) === 0xff && b(1) === 0x4f && b(2) === 0xff && b(3) === 0x51) return true; // JPEG 2000 codestream (SOC, SIZ)
  return b(0) === 0 && b(1) === 0 && b(2) === 0 && b(3) === 0x0c && b(4) === 0x6a && b(5) === 0x50; // JP2 signature box
}
