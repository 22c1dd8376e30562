/**
 * A header-only reader for DICOM Part 10 files (PS3.10 chapter 7, PS3.5 chapter 7).
 *
 * It walks the data elements of a prefix of the file and stops at the top-level Pixel Data,
 * recording where that value starts and how long it is, so that scanning a folder never
 * reads image data. When the prefix ends before the header does it throws NeedMoreBytes
 * and the caller retries with a longer prefix; when the file itself ends early it throws
 * DicomParseError("truncated …"). Offsets of elements refer to the file, except for
 * deflated files, whose offsets refer to the inflated data set.
 */
import { inflateRawSync, inflateSync } from 'node:zlib';
import { lookupTag, tagHex } from './dictionary';

export const TransferSyntax = {
  ImplicitLittleEndian: '1.2.840.10008.1.2',
  ExplicitLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitBigEndian: '1.2.840.10008.1.2.2',
} as const;

export const Tag = {
  TransferSyntaxUID: 0x00020010,
  MediaStorageSOPInstanceUID: 0x00020003,
  BitsAllocated: 0x00280100,
  PixelRepresentation: 0x00280103,
  FloatPixelData: 0x7fe00008,
  DoubleFloatPixelData: 0x7fe00009,
  PixelData: 0x7fe00010,
  DataSetTrailingPadding: 0xfffcfffc,
  Item: 0xfffee000,
  ItemDelimitationItem: 0xfffee00d,
  SequenceDelimitationItem: 0xfffee0dd,
} as const;

const UNDEFINED_LENGTH = 0xffffffff;

/** VRs whose explicit encoding has 2 reserved bytes and a 32-bit length. */
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const KNOWN_VRS = new Set([
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FD',
  'FL',
  'IS',
  'LO',
  'LT',
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'PN',
  'SH',
  'SL',
  'SQ',
  'SS',
  'ST',
  'SV',
  'TM',
  'UC',
  'UI',
  'UL',
  'UN',
  'UR',
  'US',
  'UT',
  'UV',
]);

export interface DicomElement {
  tag: number;
  vr: string;
  /** where the value starts (file offset, or inflated offset for deflated files) */
  offset: number;
  length: number;
  /** the value bytes (a view of the read buffer), for all but sequences */
  value?: Buffer;
  /** sequence items */
  items?: DicomElement[][];
  /** an undefined-length OB/OW value made of fragments (encapsulated pixel data in an item) */
  encapsulated?: boolean;
}

export interface PixelDataLocation {
  tag: number;
  vr: string;
  offset: number;
  /** undefined for encapsulated pixel data, which runs until its sequence delimiter */
  length: number | undefined;
  encapsulated: boolean;
}

export interface ParsedPart10 {
  transferSyntaxUID: string;
  meta: DicomElement[];
  dataset: DicomElement[];
  littleEndian: boolean;
  deflated: boolean;
  /** size of the bytes that offsets refer to (file size, or inflated size) */
  sourceSize: number;
  pixelData?: PixelDataLocation;
}

/** The buffer holds only a prefix of the file; read at least `upTo` bytes and try again. */
export class NeedMoreBytes extends Error {
  constructor(readonly upTo: number) {
    super(`need the first ${upTo} bytes`);
  }
}

/** The file is not a readable DICOM Part 10 file; the message says why. */
export class DicomParseError extends Error {}

const tagName = (tag: number): string => {
  const hex = tagHex(tag);
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
};

class Cursor {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    /** how many bytes really exist (the buffer may hold fewer) */
    readonly sourceSize: number,
    public littleEndian: boolean,
    public explicit: boolean,
  ) {}

  need(n: number, what: string): void {
    const end = this.pos + n;
    if (end > this.sourceSize) {
      throw new DicomParseError(`truncated: ${what} at offset ${this.pos} needs ${n} bytes, but the data ends at ${this.sourceSize}`);
    }
    if (end > this.buf.length) throw new NeedMoreBytes(end);
  }

  u16(): number {
    const v = this.littleEndian ? this.buf.readUInt16LE(this.pos) : this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    const v = this.littleEndian ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  tag(): number {
    const group = this.u16();
    const element = this.u16();
    return ((group << 16) | element) >>> 0;
  }
}

/** VR of an element in an implicit-VR data set, from the dictionary and what came before. */
function implicitVr(tag: number, length: number, state: DatasetState): string {
  if ((tag & 0xffff) === 0) return 'UL'; // group length
  const group = tag >>> 16;
  if (group % 2 === 1) {
    const element = tag & 0xffff;
    if (element >= 0x10 && element <= 0xff) return 'LO'; // private creator
    return length === UNDEFINED_LENGTH ? 'SQ' : 'UN';
  }
  const entry = lookupTag(tag);
  if (!entry) return length === UNDEFINED_LENGTH ? 'SQ' : 'UN';
  switch (entry.vr) {
    case 'ox':
      return 'OW'; // PS3.5 A.1: pixel data in implicit VR is OW
    case 'xs':
      return state.pixelRepresentation === 1 ? 'SS' : 'US';
    case 'lt':
      return 'US'; // LUT Data: US keeps it readable as numbers
    case 'up':
      return 'UL';
    default:
      return KNOWN_VRS.has(entry.vr) ? entry.vr : 'UN';
  }
}

interface DatasetState {
  pixelRepresentation: number;
}

interface ParseContext {
  pixelData?: PixelDataLocation;
}

const isPixelDataTag = (tag: number): boolean => tag === Tag.PixelData || tag === Tag.FloatPixelData || tag === Tag.DoubleFloatPixelData;

/**
 * Reads elements until `end` (defined-length item or the top level) or until an item
 * delimiter (undefined-length item, `end` undefined).
 */
function readElements(c: Cursor, end: number | undefined, topLevel: boolean, ctx: ParseContext): DicomElement[] {
  const elements: DicomElement[] = [];
  const state: DatasetState = { pixelRepresentation: 0 };
  for (;;) {
    if (end !== undefined && c.pos >= end) break;
    if (topLevel && c.pos >= c.sourceSize) break;
    if (topLevel && c.sourceSize - c.pos < 8) {
      // zero padding after the last element is harmless; anything else is an element header cut short
      if (c.pos + (c.sourceSize - c.pos) <= c.buf.length && c.buf.subarray(c.pos, c.sourceSize).every((b) => b === 0)) break;
      throw new DicomParseError(`truncated: ${c.sourceSize - c.pos} byte(s) at offset ${c.pos} are not a whole element header`);
    }
    c.need(8, 'element header');
    const start = c.pos;
    const tag = c.tag();

    if (tag === Tag.ItemDelimitationItem) {
      c.pos += 4;
      if (end === undefined) return elements;
      continue; // stray delimiter inside a defined-length item: harmless
    }
    if (tag === Tag.SequenceDelimitationItem || tag === Tag.Item) {
      throw new DicomParseError(`unexpected ${tagName(tag)} at offset ${start}`);
    }
    if (topLevel && tag === Tag.DataSetTrailingPadding) break;

    let vr: string;
    let length: number;
    if (c.explicit) {
      vr = c.buf.toString('latin1', c.pos, c.pos + 2);
      c.pos += 2;
      if (!KNOWN_VRS.has(vr)) {
        throw new DicomParseError(`invalid VR ${JSON.stringify(vr)} for ${tagName(tag)} at offset ${start}`);
      }
      if (LONG_LENGTH_VRS.has(vr)) {
        c.need(6, `length of ${tagName(tag)}`);
        c.pos += 2;
        length = c.u32();
      } else {
        length = c.u16();
      }
    } else {
      length = c.u32();
      vr = implicitVr(tag, length, state);
    }
    const valueOffset = c.pos;

    // Header-only: the top-level pixel data is located, never read.
    if (topLevel && isPixelDataTag(tag)) {
      if (length === UNDEFINED_LENGTH) {
        ctx.pixelData = { tag, vr: 'OB', offset: valueOffset, length: undefined, encapsulated: true };
        // when the whole data set is in memory, its fragments can be checked here; otherwise readHeader checks them
        if (c.buf.length >= c.sourceSize) skipFragments(c, tag);
      } else {
        if (valueOffset + length > c.sourceSize) {
          throw new DicomParseError(
            `truncated: ${tagName(tag)} at offset ${valueOffset} declares ${length} bytes, but the data ends at ${c.sourceSize}`,
          );
        }
        ctx.pixelData = { tag, vr, offset: valueOffset, length, encapsulated: false };
      }
      break;
    }

    // UN holding a sequence: its content is always implicit VR little endian (PS3.5 6.2.2).
    const unSequence = vr === 'UN' && (length === UNDEFINED_LENGTH || lookupTag(tag)?.vr === 'SQ');
    if (vr === 'SQ' || unSequence) {
      const seqEnd = length === UNDEFINED_LENGTH ? undefined : valueOffset + length;
      if (seqEnd !== undefined && seqEnd > c.sourceSize) {
        throw new DicomParseError(`truncated: sequence ${tagName(tag)} at offset ${valueOffset} runs past the end of the data`);
      }
      const items = readItems(c, seqEnd, unSequence, ctx);
      if (seqEnd !== undefined) c.pos = seqEnd;
      elements.push({ tag, vr: 'SQ', offset: valueOffset, length: c.pos - valueOffset, items });
      continue;
    }

    if (length === UNDEFINED_LENGTH) {
      if (vr !== 'OB' && vr !== 'OW') {
        throw new DicomParseError(`undefined length for VR ${vr} in ${tagName(tag)} at offset ${start}`);
      }
      skipFragments(c, tag);
      elements.push({
        tag,
        vr: 'OB',
        offset: valueOffset,
        length: c.pos - valueOffset,
        value: c.buf.subarray(valueOffset, c.pos),
        encapsulated: true,
      });
      continue;
    }

    if (valueOffset + length > c.sourceSize) {
      throw new DicomParseError(
        `truncated: ${tagName(tag)} at offset ${valueOffset} declares ${length} bytes, but the data ends at ${c.sourceSize}`,
      );
    }
    c.need(length, `value of ${tagName(tag)}`);
    const value = c.buf.subarray(valueOffset, valueOffset + length);
    c.pos += length;
    if (tag === Tag.PixelRepresentation && length >= 2) {
      state.pixelRepresentation = c.littleEndian ? value.readUInt16LE(0) : value.readUInt16BE(0);
    }
    // An explicit UN whose real VR is known: its bytes are little endian, so it can be read as that VR.
    if (vr === 'UN' && c.littleEndian) {
      const known = lookupTag(tag)?.vr;
      if (known && KNOWN_VRS.has(known)) vr = known;
    }
    elements.push({ tag, vr, offset: valueOffset, length, value });
  }
  return elements;
}

function readItems(c: Cursor, end: number | undefined, implicitLittleEndian: boolean, ctx: ParseContext): DicomElement[][] {
  const saved = { littleEndian: c.littleEndian, explicit: c.explicit };
  if (implicitLittleEndian) {
    c.littleEndian = true;
    c.explicit = false;
  }
  try {
    const items: DicomElement[][] = [];
    for (;;) {
      if (end !== undefined && c.pos >= end) break;
      c.need(8, 'item header');
      const at = c.pos;
      const tag = c.tag();
      const length = c.u32();
      if (tag === Tag.SequenceDelimitationItem) break;
      if (tag !== Tag.Item) throw new DicomParseError(`expected an item, found ${tagName(tag)} at offset ${at}`);
      if (length === UNDEFINED_LENGTH) {
        items.push(readElements(c, undefined, false, ctx));
      } else {
        const itemEnd = c.pos + length;
        if (itemEnd > c.sourceSize) throw new DicomParseError(`truncated: item at offset ${at} runs past the end of the data`);
        items.push(readElements(c, itemEnd, false, ctx));
        c.pos = itemEnd;
      }
    }
    return items;
  } finally {
    c.littleEndian = saved.littleEndian;
    c.explicit = saved.explicit;
  }
}

/**
 * Checks the fragments of encapsulated pixel data that is not in memory: each fragment's item header is read where
 * the one before says it ends, up to the sequence delimiter. Throws DicomParseError when the file ends first.
 */
export function checkFragmentsInFile(read: (position: number, length: number) => Buffer, start: number, fileSize: number): void {
  let at = start;
  for (;;) {
    if (at + 8 > fileSize) throw new DicomParseError(`truncated: the pixel data fragments run past the end of the file (at offset ${at})`);
    const header = read(at, 8);
    const tag = ((header.readUInt16LE(0) << 16) | header.readUInt16LE(2)) >>> 0;
    const length = header.readUInt32LE(4);
    if (tag === Tag.SequenceDelimitationItem) return;
    if (tag !== Tag.Item || length === UNDEFINED_LENGTH)
      throw new DicomParseError(`bad fragment ${tagName(tag)} in the pixel data at offset ${at}`);
    at += 8 + length;
  }
}

/** Skips an encapsulated value: items until the sequence delimiter. */
function skipFragments(c: Cursor, owner: number): void {
  for (;;) {
    c.need(8, `fragment header in ${tagName(owner)}`);
    const at = c.pos;
    const tag = c.tag();
    const length = c.u32();
    if (tag === Tag.SequenceDelimitationItem) return;
    if (tag !== Tag.Item || length === UNDEFINED_LENGTH) {
      throw new DicomParseError(`bad fragment ${tagName(tag)} in ${tagName(owner)} at offset ${at}`);
    }
    c.need(length, `fragment in ${tagName(owner)}`);
    c.pos += length;
  }
}

export function parsePart10(buf: Buffer, fileSize: number): ParsedPart10 {
  if (fileSize < 132) throw new DicomParseError('not a DICOM Part 10 file: shorter than the 128-byte preamble and "DICM"');
  if (buf.length < 132) throw new NeedMoreBytes(132);
  if (buf.toString('latin1', 128, 132) !== 'DICM') {
    throw new DicomParseError('not a DICOM Part 10 file: no "DICM" at byte 128');
  }

  const mc = new Cursor(buf, fileSize, true, true);
  mc.pos = 132;
  const meta = readMetaElements(mc);
  // A file cut inside its meta group can end on an element boundary and look complete: the group length says
  // where the meta group ends, and a file shorter than that is truncated. (A length that is merely wrong, as some
  // writers leave it, is tolerated.)
  const groupLength = meta.find((e) => e.tag === 0x00020000);
  if (groupLength?.value && groupLength.value.length === 4) {
    const metaEnd = groupLength.offset + 4 + groupLength.value.readUInt32LE(0);
    if (metaEnd > fileSize) throw new DicomParseError(`truncated: the file meta group ends at ${metaEnd}, but the file at ${fileSize}`);
    // a group length that disagrees with the group's elements means the bytes around it are not what was written
    if (metaEnd !== mc.pos) {
      throw new DicomParseError(`the file meta group length says the group ends at ${metaEnd}, but its elements end at ${mc.pos}`);
    }
  }
  const tsElement = meta.find((e) => e.tag === Tag.TransferSyntaxUID);
  let transferSyntaxUID = tsElement?.value ? asciiValue(tsElement.value) : '';
  if (!transferSyntaxUID) transferSyntaxUID = guessTransferSyntax(mc);

  const datasetStart = mc.pos;
  const deflated = transferSyntaxUID === TransferSyntax.DeflatedExplicitLittleEndian;
  const littleEndian = transferSyntaxUID !== TransferSyntax.ExplicitBigEndian;
  const explicit = transferSyntaxUID !== TransferSyntax.ImplicitLittleEndian;

  let c: Cursor;
  if (deflated) {
    if (buf.length < fileSize) throw new NeedMoreBytes(fileSize);
    const inflated = inflateDataset(buf.subarray(datasetStart, fileSize));
    c = new Cursor(inflated, inflated.length, true, true);
  } else {
    c = new Cursor(buf, fileSize, littleEndian, explicit);
    c.pos = datasetStart;
  }
  const ctx: ParseContext = {};
  const dataset = readElements(c, c.sourceSize, true, ctx);
  return {
    transferSyntaxUID,
    meta,
    dataset,
    littleEndian,
    deflated,
    sourceSize: c.sourceSize,
    ...(ctx.pixelData ? { pixelData: ctx.pixelData } : {}),
  };
}

/** File meta information: the group 0002 elements after "DICM". */
function readMetaElements(c: Cursor): DicomElement[] {
  const meta: DicomElement[] = [];
  while (c.pos + 8 <= c.sourceSize) {
    c.need(8, 'file meta element');
    if (c.buf.readUInt16LE(c.pos) !== 0x0002) break;
    // Group 0002 is always explicit VR little endian; read one element at a time so that
    // the first element of the data set (which may be encoded otherwise) is left alone.
    const before = c.pos;
    const vrText = c.buf.toString('latin1', c.pos + 4, c.pos + 6);
    let length: number;
    let valueOffset: number;
    let vr = vrText;
    if (!KNOWN_VRS.has(vrText)) {
      // some writers put the meta group in implicit VR; tolerate it
      length = c.buf.readUInt32LE(c.pos + 4);
      valueOffset = c.pos + 8;
      vr = lookupTag(c.buf.readUInt32LE(c.pos) >>> 0)?.vr ?? 'UN';
    } else if (LONG_LENGTH_VRS.has(vrText)) {
      c.need(12, 'file meta element');
      length = c.buf.readUInt32LE(c.pos + 8);
      valueOffset = c.pos + 12;
    } else {
      length = c.buf.readUInt16LE(c.pos + 6);
      valueOffset = c.pos + 8;
    }
    const tag = ((c.buf.readUInt16LE(before) << 16) | c.buf.readUInt16LE(before + 2)) >>> 0;
    c.pos = valueOffset;
    if (length === UNDEFINED_LENGTH) throw new DicomParseError(`undefined length in file meta element ${tagName(tag)}`);
    c.need(length, `value of ${tagName(tag)}`);
    meta.push({ tag, vr, offset: valueOffset, length, value: c.buf.subarray(valueOffset, valueOffset + length) });
    c.pos = valueOffset + length;
  }
  return meta;
}

/** Without a Transfer Syntax UID: explicit VR if the first element carries a plausible VR. */
function guessTransferSyntax(c: Cursor): string {
  if (c.pos + 6 > c.buf.length) return TransferSyntax.ExplicitLittleEndian;
  const vr = c.buf.toString('latin1', c.pos + 4, c.pos + 6);
  return KNOWN_VRS.has(vr) ? TransferSyntax.ExplicitLittleEndian : TransferSyntax.ImplicitLittleEndian;
}

function inflateDataset(deflatedBytes: Buffer): Buffer {
  try {
    return inflateRawSync(deflatedBytes);
  } catch {
    try {
      return inflateSync(deflatedBytes); // a few writers add a zlib header
    } catch (err) {
      throw new DicomParseError(`deflated data set could not be inflated: ${(err as Error).message}`);
    }
  }
}

/** An ASCII value without its padding (trailing NUL or spaces). */
export function asciiValue(value: Buffer): string {
  return value
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
}

/** The inflated data set of a deflated file, for serving bulk data and frames from it. */
export function inflatedDataset(file: Buffer): Buffer {
  const parsed = new Cursor(file, file.length, true, true);
  parsed.pos = 132;
  readMetaElements(parsed);
  return inflateDataset(file.subarray(parsed.pos));
}
