/**
 * Broken variants of a good Part 10 file: files a correct reader MUST reject, because their structure (not just a
 * value) is broken. Seeded and deterministic: the same file and seed give the same variants.
 *
 * Kinds (the `name` starts with the kind):
 *   truncated-*        the file cut inside the preamble, inside 'DICM', inside the meta group, inside element and
 *                      item headers and values, inside sequences and inside the pixel data, plus seeded random cuts.
 *                      Cuts exactly between two top-level data elements are left out: such a prefix is a complete,
 *                      well-formed (shorter) file that no reader can tell from a deliberate one.
 *   empty              zero bytes
 *   zeros-*            zero-filled files of several sizes (no 'DICM')
 *   random-*           seeded random bytes, never with 'DICM' at 128
 *   random-after-dicm-* a zero preamble and 'DICM' followed by random bytes that do not start a group 0002 element
 *   random-dataset-*   the good preamble and meta group followed by random bytes instead of the data set
 *   no-dicm-*          the preamble followed by something other than 'DICM'; no-preamble: 'DICM' at offset 0
 *   length-*           an element or item length rewritten to run past the end of the file: odd, a little, a lot,
 *                      0xFFFF for 16-bit lengths, and 0xFFFFFFFF where an undefined length is not allowed
 *   vr-*               the VR of an explicit-VR element replaced by two bytes that are not upper-case letters
 *   meta-length-*      (0002,0000) File Meta Information Group Length not matching the group's bytes: past the file,
 *                      ending inside an element, or swallowing the first data set element
 *   deflate-*          a deflated copy of the file whose deflate stream is cut, has a reserved block type, or has
 *                      bytes changed so that inflating fails
 *   undelimited-*      a sequence or item switched to undefined length without its delimitation item, or an
 *                      undefined-length sequence whose delimitation item is removed
 *   item-tag-*         an item tag inside a sequence replaced by a data element tag
 *
 * `checkStructure` is the strict structural check these rules come from; the fixture self-test runs it on every
 * variant (it returns the reason a file is broken, or null).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { encodeDataset } from '@iqs/dicom';
import { lookupTag } from '@iqs/dicom';
import { seededRandom } from './common';

export interface BrokenVariant {
  readonly name: string;
  readonly bytes: Buffer;
  readonly why: string;
}

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITATION = 0xfffee00d;
const SEQUENCE_DELIMITATION = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const TRUNCATIONS_PER_CLASS = 20;

/** One element, item or delimiter as found in the file. */
export interface StructureNode {
  readonly kind: 'element' | 'item' | 'item-delimiter' | 'sequence-delimiter' | 'fragment';
  readonly tag: number;
  /** explicit VR as written, or the dictionary VR in implicit VR, or null for items */
  readonly vr: string | null;
  readonly offset: number;
  readonly headerLength: number;
  /** where the length field is, and how wide (2 or 4 bytes) */
  readonly lengthOffset: number;
  readonly lengthWidth: 2 | 4;
  readonly valueOffset: number;
  readonly length: number;
  /** 0 for top-level data set elements, -1 for the meta group */
  readonly depth: number;
  readonly explicit: boolean;
}

export interface FileStructure {
  readonly nodes: readonly StructureNode[];
  readonly metaEnd: number;
  readonly transferSyntax: string;
  /** offsets where a top-level data set element starts (a cut there leaves a well-formed file) */
  readonly topLevelBoundaries: ReadonlySet<number>;
}

class Broken extends Error {}

const isVr = (a: number, b: number): boolean => a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;

/**
 * Walk a Part 10 file strictly (PS3.10 7.1, PS3.5 7): preamble and 'DICM', a meta group whose group length matches
 * its elements and which holds a Transfer Syntax UID, then the data set to its last byte, every value inside its
 * parent, even lengths, undefined lengths only where PS3.5 allows them and closed by their delimitation items.
 * Throws Broken with the reason.
 */
function walk(file: Buffer, collectDataset = true): FileStructure {
  const nodes: StructureNode[] = [];
  if (file.length < 132) throw new Broken(`only ${file.length} bytes: no room for a preamble and 'DICM'`);
  if (file.toString('latin1', 128, 132) !== 'DICM') throw new Broken("no 'DICM' after the 128-byte preamble");

  // --- meta group, always explicit VR little endian
  if (file.length < 144 || file.readUInt16LE(132) !== 0x0002 || file.readUInt16LE(134) !== 0x0000)
    throw new Broken('the meta group does not start with (0002,0000)');
  if (file.toString('latin1', 136, 138) !== 'UL' || file.readUInt16LE(138) !== 4) throw new Broken('(0002,0000) is not a UL of length 4');
  const groupLength = file.readUInt32LE(140);
  const metaEnd = 144 + groupLength;
  if (metaEnd > file.length) throw new Broken(`the meta group length (${groupLength}) runs past the end of the file`);
  let transferSyntax: string | undefined;
  let pos = 144;
  while (pos < metaEnd) {
    const node = readExplicitHeader(file, pos, metaEnd, -1);
    if (node.tag >>> 16 !== 0x0002) throw new Broken(`element ${hex(node.tag)} inside the meta group`);
    if (node.length === UNDEFINED) throw new Broken(`undefined length in the meta group at ${pos}`);
    nodes.push(node);
    if (node.tag === 0x00020010)
      transferSyntax = file.toString('latin1', node.valueOffset, node.valueOffset + node.length).replace(/[\0 ]+$/u, '');
    pos = node.valueOffset + node.length;
  }
  if (pos !== metaEnd) throw new Broken('the meta group length ends inside an element');
  if (transferSyntax === undefined) throw new Broken('no Transfer Syntax UID in the meta group');
  if (metaEnd + 2 <= file.length && file.readUInt16LE(metaEnd) === 0x0002)
    throw new Broken('a group 0002 element after the end the group length declares');

  const topLevelBoundaries = new Set<number>();
  if (!collectDataset) return { nodes, metaEnd, transferSyntax, topLevelBoundaries };
  let dataset = file;
  let start = metaEnd;
  let explicit = transferSyntax !== IMPLICIT_LE;
  if (transferSyntax === DEFLATED_LE) {
    try {
      dataset = inflateRawSync(file.subarray(metaEnd));
    } catch (error) {
      throw new Broken(`the deflated data set does not inflate: ${(error as Error).message}`);
    }
    start = 0;
    explicit = true;
  } else if (transferSyntax === '1.2.840.10008.1.2.2') {
    throw new Broken('big endian is not walked here');
  }
  if (start >= dataset.length) throw new Broken('no data set after the meta group');
  const datasetNodes: StructureNode[] = [];
  walkItems(dataset, start, dataset.length, 0, explicit, datasetNodes, topLevelBoundaries, false);
  // offsets of a deflated data set refer to the inflated bytes: only the meta nodes are file offsets then
  if (transferSyntax !== DEFLATED_LE) nodes.push(...datasetNodes);
  return { nodes, metaEnd, transferSyntax, topLevelBoundaries: transferSyntax === DEFLATED_LE ? new Set() : topLevelBoundaries };
}

const hex = (tag: number): string => `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`;

function readExplicitHeader(buf: Buffer, pos: number, end: number, depth: number): StructureNode {
  if (pos + 8 > end) throw new Broken(`an element header at ${pos} is cut`);
  const tag = ((buf.readUInt16LE(pos) << 16) | buf.readUInt16LE(pos + 2)) >>> 0;
  if (tag === ITEM || tag === ITEM_DELIMITATION || tag === SEQUENCE_DELIMITATION) return readItemHeader(buf, pos, end, depth);
  const a = buf[pos + 4] as number;
  const b = buf[pos + 5] as number;
  if (!isVr(a, b)) throw new Broken(`the VR of ${hex(tag)} at ${pos} is not two upper-case letters`);
  const vr = String.fromCharCode(a, b);
  const long = LONG_LENGTH_VRS.has(vr);
  if (long && pos + 12 > end) throw new Broken(`the header of ${hex(tag)} at ${pos} is cut`);
  const length = long ? buf.readUInt32LE(pos + 8) : buf.readUInt16LE(pos + 6);
  const headerLength = long ? 12 : 8;
  const node: StructureNode = {
    kind: 'element',
    tag,
    vr,
    offset: pos,
    headerLength,
    lengthOffset: pos + (long ? 8 : 6),
    lengthWidth: long ? 4 : 2,
    valueOffset: pos + headerLength,
    length,
    depth,
    explicit: true,
  };
  checkLength(node, end);
  return node;
}

function readItemHeader(buf: Buffer, pos: number, end: number, depth: number): StructureNode {
  if (pos + 8 > end) throw new Broken(`an item header at ${pos} is cut`);
  const tag = ((buf.readUInt16LE(pos) << 16) | buf.readUInt16LE(pos + 2)) >>> 0;
  const length = buf.readUInt32LE(pos + 4);
  const kind =
    tag === ITEM ? 'item' : tag === ITEM_DELIMITATION ? 'item-delimiter' : tag === SEQUENCE_DELIMITATION ? 'sequence-delimiter' : 'element';
  const node: StructureNode = {
    kind,
    tag,
    vr: null,
    offset: pos,
    headerLength: 8,
    lengthOffset: pos + 4,
    lengthWidth: 4,
    valueOffset: pos + 8,
    length,
    depth,
    explicit: false,
  };
  if (kind !== 'item' && kind !== 'element' && length !== 0) throw new Broken(`a delimitation item at ${pos} has length ${length}`);
  if (length !== UNDEFINED) checkLength(node, end);
  return node;
}

function readImplicitHeader(buf: Buffer, pos: number, end: number, depth: number): StructureNode {
  if (pos + 8 > end) throw new Broken(`an element header at ${pos} is cut`);
  const tag = ((buf.readUInt16LE(pos) << 16) | buf.readUInt16LE(pos + 2)) >>> 0;
  if (tag === ITEM || tag === ITEM_DELIMITATION || tag === SEQUENCE_DELIMITATION) return readItemHeader(buf, pos, end, depth);
  const length = buf.readUInt32LE(pos + 4);
  const vr = length === UNDEFINED ? 'SQ' : (lookupTag(tag)?.vr ?? 'UN');
  const node: StructureNode = {
    kind: 'element',
    tag,
    vr,
    offset: pos,
    headerLength: 8,
    lengthOffset: pos + 4,
    lengthWidth: 4,
    valueOffset: pos + 8,
    length,
    depth,
    explicit: false,
  };
  checkLength(node, end);
  return node;
}

function checkLength(node: StructureNode, end: number): void {
  if (node.length === UNDEFINED) {
    const allowed =
      node.vr === 'SQ' || node.kind === 'item' || (node.tag === PIXEL_DATA && (node.vr === 'OB' || node.vr === 'OW')) || node.vr === 'UN';
    if (!allowed) throw new Broken(`${hex(node.tag)} at ${node.offset} has an undefined length its VR ${node.vr} does not allow`);
    return;
  }
  if (node.length % 2 !== 0) throw new Broken(`${hex(node.tag)} at ${node.offset} has an odd length ${node.length}`);
  if (node.valueOffset + node.length > end)
    throw new Broken(`${hex(node.tag)} at ${node.offset} (length ${node.length}) runs past its end at ${end}`);
}

/**
 * Data elements from pos to end (or, with untilDelimiter, to the item delimitation item). Records top-level
 * boundaries for depth 0. Returns where it stopped.
 */
function walkItems(
  buf: Buffer,
  pos: number,
  end: number,
  depth: number,
  explicit: boolean,
  nodes: StructureNode[],
  boundaries: Set<number>,
  untilDelimiter: boolean,
): number {
  while (pos < end) {
    if (depth === 0) boundaries.add(pos);
    const node = explicit ? readExplicitHeader(buf, pos, end, depth) : readImplicitHeader(buf, pos, end, depth);
    nodes.push(node);
    if (node.kind === 'item-delimiter') {
      if (!untilDelimiter) throw new Broken(`an item delimitation item at ${pos} outside an undefined-length item`);
      return node.valueOffset;
    }
    if (node.kind !== 'element') throw new Broken(`${node.kind} at ${pos} where a data element belongs`);
    if (node.vr === 'SQ' || (node.length === UNDEFINED && node.vr === 'UN')) {
      pos = walkSequence(buf, node, end, depth, explicit && node.vr === 'SQ', nodes);
    } else if (node.length === UNDEFINED) {
      pos = walkFragments(buf, node.valueOffset, end, depth, nodes);
    } else {
      pos = node.valueOffset + node.length;
    }
  }
  if (untilDelimiter) throw new Broken('an undefined-length item ends without its item delimitation item');
  return pos;
}

function walkSequence(buf: Buffer, sq: StructureNode, end: number, depth: number, explicit: boolean, nodes: StructureNode[]): number {
  const undefinedLength = sq.length === UNDEFINED;
  const seqEnd = undefinedLength ? end : sq.valueOffset + sq.length;
  let pos = sq.valueOffset;
  while (pos < seqEnd) {
    const item = readItemHeader(buf, pos, seqEnd, depth + 1);
    nodes.push(item);
    if (item.kind === 'sequence-delimiter') {
      if (!undefinedLength) throw new Broken(`a sequence delimitation item at ${pos} in a sequence of defined length`);
      return item.valueOffset;
    }
    if (item.kind !== 'item') throw new Broken(`${hex(item.tag)} at ${pos} inside a sequence, where only items belong`);
    if (item.length === UNDEFINED) pos = walkItems(buf, item.valueOffset, seqEnd, depth + 1, explicit, nodes, new Set(), true);
    else pos = walkItems(buf, item.valueOffset, item.valueOffset + item.length, depth + 1, explicit, nodes, new Set(), false);
  }
  if (undefinedLength) throw new Broken(`the undefined-length sequence ${hex(sq.tag)} at ${sq.offset} has no sequence delimitation item`);
  if (pos !== seqEnd) throw new Broken(`the items of ${hex(sq.tag)} overrun its length`);
  return pos;
}

function walkFragments(buf: Buffer, pos: number, end: number, depth: number, nodes: StructureNode[]): number {
  let first = true;
  while (pos < end) {
    const item = readItemHeader(buf, pos, end, depth + 1);
    if (item.kind === 'sequence-delimiter') {
      nodes.push(item);
      if (first) throw new Broken('encapsulated pixel data without a basic offset table item');
      return item.valueOffset;
    }
    if (item.kind !== 'item' || item.length === UNDEFINED) throw new Broken(`${hex(item.tag)} at ${pos} among the fragments`);
    nodes.push({ ...item, kind: 'fragment' });
    first = false;
    pos = item.valueOffset + item.length;
  }
  throw new Broken('encapsulated pixel data without its sequence delimitation item');
}

/** The strict structure of a file; throws with the reason when the file is broken. */
export function fileStructure(file: Buffer): FileStructure {
  return walk(file);
}

/** null when the file is structurally sound, else the reason it is broken. */
export function checkStructure(file: Buffer): string | null {
  try {
    walk(file);
    return null;
  } catch (error) {
    if (error instanceof Broken) return error.message;
    return `unreadable: ${(error as Error).message}`;
  }
}

// ------------------------------------------------------------------------------------------------------------------

function withUInt(file: Buffer, offset: number, width: 2 | 4, value: number): Buffer {
  const copy = Buffer.from(file);
  if (width === 2) copy.writeUInt16LE(value, offset);
  else copy.writeUInt32LE(value >>> 0, offset);
  return copy;
}

function describe(node: StructureNode): string {
  const where = node.depth < 0 ? 'meta' : node.depth === 0 ? 'top-level' : `depth ${node.depth}`;
  return node.kind === 'element' ? `${hex(node.tag)} ${node.vr ?? ''} (${where})` : `${node.kind} (${where})`;
}

/** Choose up to n elements of a list, spread deterministically by the random source. */
function pick<T>(list: readonly T[], n: number, random: () => number): T[] {
  const copy = [...list];
  const chosen: T[] = [];
  while (copy.length > 0 && chosen.length < n) chosen.push(copy.splice(Math.floor(random() * copy.length), 1)[0] as T);
  return chosen;
}

/** The good file re-encoded as deflated explicit VR little endian (its meta group rebuilt for the new syntax). */
function deflatedCopy(file: Buffer, structure: FileStructure): Buffer | null {
  if (structure.transferSyntax === DEFLATED_LE) return file;
  if (structure.transferSyntax !== EXPLICIT_LE) return null;
  const text = (tag: number): string | undefined => {
    const node = structure.nodes.find((n) => n.tag === tag && n.depth < 0);
    return node ? file.toString('latin1', node.valueOffset, node.valueOffset + node.length).replace(/[\0 ]+$/u, '') : undefined;
  };
  const meta = encodeDataset(
    {
      FileMetaInformationVersion: new Uint8Array([0, 1]),
      MediaStorageSOPClassUID: text(0x00020002),
      MediaStorageSOPInstanceUID: text(0x00020003),
      TransferSyntaxUID: DEFLATED_LE,
      ImplementationClassUID: text(0x00020012) ?? '1.2.826.0.1.3680043.10.1467.1',
    },
    true,
  );
  const groupLength = Buffer.alloc(12);
  groupLength.writeUInt16LE(0x0002, 0);
  groupLength.write('UL', 4, 'latin1');
  groupLength.writeUInt16LE(4, 6);
  groupLength.writeUInt32LE(meta.length, 8);
  return Buffer.concat([file.subarray(0, 132), groupLength, meta, deflateRawSync(file.subarray(structure.metaEnd))]);
}

/**
 * At least 200 (for a file with a sequence and some pixel data) structurally broken variants of a good Part 10
 * file. Throws if the good file is not itself sound.
 */
export function brokenVariants(goodFile: Buffer, seed: number): BrokenVariant[] {
  const structure = walk(goodFile);
  const random = seededRandom(seed);
  const variants: BrokenVariant[] = [];
  const names = new Set<string>();
  const add = (name: string, bytes: Buffer, why: string): void => {
    if (names.has(name) || bytes.equals(goodFile)) return;
    names.add(name);
    variants.push({ name, bytes, why });
  };
  const { nodes, metaEnd, topLevelBoundaries } = structure;
  const size = goodFile.length;

  // --- truncations, at most TRUNCATIONS_PER_CLASS of each class of place
  const candidates = new Map<string, Map<number, string>>();
  const taken = new Set<number>();
  const cut = (offset: number, klass: string, where: string): void => {
    if (offset <= 0 || offset >= size || topLevelBoundaries.has(offset) || offset === metaEnd || taken.has(offset)) return;
    taken.add(offset);
    if (!candidates.has(klass)) candidates.set(klass, new Map());
    candidates.get(klass)?.set(offset, where);
  };
  for (const offset of [1, 2, 64, 100, 127, 128]) cut(offset, 'preamble', 'inside the preamble');
  for (const offset of [129, 130, 131, 132]) cut(offset, 'dicm', "inside or right after 'DICM'");
  for (const node of nodes) {
    const what = describe(node);
    const place = node.depth < 0 ? 'meta' : node.depth === 0 ? 'element' : 'sequence';
    for (let i = 1; i < node.headerLength; i += node.headerLength > 8 ? 3 : 2)
      cut(node.offset + i, `${place}-header`, `inside the header of ${what}`);
    if (node.depth !== 0) cut(node.offset, `${place}-boundary`, `before ${what}, inside its parent`);
    if (node.length !== UNDEFINED && node.length > 0) {
      cut(node.valueOffset + 1, `${place}-value`, `inside the value of ${what}`);
      cut(node.valueOffset + Math.floor(node.length / 2), `${place}-value`, `in the middle of the value of ${what}`);
      cut(node.valueOffset + node.length - 1, `${place}-value`, `one byte before the end of ${what}`);
    }
  }
  const pixel = nodes.find((n) => n.tag === PIXEL_DATA && n.depth === 0);
  if (pixel) {
    const pixelEnd = pixel.length === UNDEFINED ? size : pixel.valueOffset + pixel.length;
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9])
      cut(pixel.valueOffset + Math.floor((pixelEnd - pixel.valueOffset) * fraction), 'pixel-data', 'inside the pixel data');
  }
  for (let i = 0; i < 40; i++) cut(1 + Math.floor(random() * (size - 1)), 'random', 'at a random offset');
  const truncations: [number, string][] = [];
  for (const offsets of candidates.values()) {
    const chosen = pick(
      [...offsets.keys()].sort((a, b) => a - b),
      TRUNCATIONS_PER_CLASS,
      random,
    );
    for (const offset of chosen) truncations.push([offset, offsets.get(offset) ?? '']);
  }
  for (const [offset, where] of truncations.sort((a, b) => a[0] - b[0])) {
    add(`truncated-at-${offset}`, goodFile.subarray(0, offset), `cut after ${offset} of ${size} bytes, ${where}`);
  }

  // --- empty, zero-filled, random
  add('empty', Buffer.alloc(0), 'an empty file');
  for (const n of [1, 128, 132, 1024, size]) add(`zeros-${n}`, Buffer.alloc(n), `${n} zero bytes: no 'DICM'`);
  for (let i = 0; i < 10; i++) {
    const n = [16, 131, 132, 200, 512, 1024, 4096, size, size + 7, 64][i] as number;
    const bytes = Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    if (n >= 132 && bytes.toString('latin1', 128, 132) === 'DICM') bytes[128] = 0;
    add(`random-${i}-${n}`, bytes, `${n} random bytes`);
  }
  for (let i = 0; i < 10; i++) {
    const n = 8 + Math.floor(random() * 600);
    const tail = Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    if (tail[0] === 0x02 && tail[1] === 0x00) tail[0] = 0x08;
    add(
      `random-after-dicm-${i}`,
      Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), tail]),
      `a preamble and 'DICM', then ${n} random bytes instead of a meta group`,
    );
  }
  for (let i = 0, made = 0; made < 8 && i < 100; i++) {
    const n = 12 + Math.floor(random() * 400);
    const bytes = Buffer.concat([goodFile.subarray(0, metaEnd), Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)))]);
    if (checkStructure(bytes) === null) continue;
    add(`random-dataset-${made++}`, bytes, `the good meta group, then ${n} random bytes instead of the data set`);
  }

  // --- no 'DICM'
  for (const [label, magic] of [
    ['zeros', '\0\0\0\0'],
    ['DICN', 'DICN'],
    ['lowercase', 'dicm'],
    ['reversed', 'MCID'],
    ['spaces', '    '],
  ] as const) {
    const bytes = Buffer.from(goodFile);
    bytes.write(magic, 128, 'latin1');
    add(`no-dicm-${label}`, bytes, `the 128-byte preamble followed by "${magic.replace(/\0/gu, '\\0')}" instead of 'DICM'`);
  }
  add('no-preamble', goodFile.subarray(128), "'DICM' and the rest of the file without the 128-byte preamble");

  // --- lengths past the end of the file
  const withLength = nodes.filter((n) => n.kind === 'element' || n.kind === 'item' || n.kind === 'fragment');
  for (const node of pick(withLength, 24, random)) {
    const remaining = size - node.valueOffset;
    const what = describe(node);
    const odd = remaining % 2 === 0 ? remaining + 1 : remaining + 2;
    if (node.lengthWidth === 2) {
      if (odd <= 0xffff)
        add(
          `length-odd-${node.offset}`,
          withUInt(goodFile, node.lengthOffset, 2, odd),
          `${what}: length ${odd}, odd and past the end of the file`,
        );
      if (remaining < 0xffff)
        add(
          `length-max16-${node.offset}`,
          withUInt(goodFile, node.lengthOffset, 2, 0xffff),
          `${what}: length 0xFFFF, past the end of the file`,
        );
    } else {
      add(
        `length-odd-${node.offset}`,
        withUInt(goodFile, node.lengthOffset, 4, odd),
        `${what}: length ${odd}, odd and past the end of the file`,
      );
      add(
        `length-over-${node.offset}`,
        withUInt(goodFile, node.lengthOffset, 4, remaining + 2),
        `${what}: length ${remaining + 2}, two bytes past the end of the file`,
      );
      add(
        `length-huge-${node.offset}`,
        withUInt(goodFile, node.lengthOffset, 4, 0x7ffffff0),
        `${what}: length 0x7FFFFFF0, far past the end of the file`,
      );
    }
  }
  // (Pixel Data and UN may have an undefined length when encapsulated / holding a sequence: not these)
  const noUndefined = nodes.filter(
    (n) => n.kind === 'element' && n.lengthWidth === 4 && n.vr !== 'SQ' && n.vr !== 'UN' && n.tag !== PIXEL_DATA && n.length !== UNDEFINED,
  );
  for (const node of pick(noUndefined, 6, random)) {
    add(
      `length-undefined-${node.offset}`,
      withUInt(goodFile, node.lengthOffset, 4, UNDEFINED),
      `${describe(node)}: length 0xFFFFFFFF, which its VR does not allow`,
    );
  }

  // --- VRs that are not two upper-case letters
  const explicitElements = nodes.filter((n) => n.kind === 'element' && n.vr !== null && (n.depth < 0 || n.explicit));
  const badVrs = ['\0\0', '12', '\x7f\x80', '?!', ' -', 'a1', '\xff\xff', 'U\0'];
  pick(explicitElements, 12, random).forEach((node, i) => {
    const bad = badVrs[i % badVrs.length] as string;
    const bytes = Buffer.from(goodFile);
    bytes.write(bad, node.offset + 4, 'latin1');
    add(`vr-${node.offset}`, bytes, `${describe(node)}: VR bytes ${JSON.stringify(bad)} instead of two upper-case letters`);
  });

  // --- meta group length that lies
  const groupLength = goodFile.readUInt32LE(140);
  const firstDatasetNode = nodes.find((n) => n.depth === 0);
  const lies: [string, number, string][] = [
    ['zero', 0, 'zero'],
    ['short-2', groupLength - 2, 'two bytes short: the group ends inside its last element'],
    ['long-2', groupLength + 2, 'two bytes long: the group ends inside the first data set element'],
    ['odd', groupLength + 1, 'one byte long'],
    ['past-end', size * 2, 'twice the file size'],
    ['max', UNDEFINED, '0xFFFFFFFF'],
  ];
  if (firstDatasetNode && firstDatasetNode.length !== UNDEFINED) {
    lies.push([
      'swallows-first',
      groupLength + firstDatasetNode.headerLength + firstDatasetNode.length,
      `covering the first data set element ${hex(firstDatasetNode.tag)} too`,
    ]);
  }
  for (const [label, value, what] of lies)
    add(
      `meta-length-${label}`,
      withUInt(goodFile, 140, 4, value),
      `(0002,0000) File Meta Information Group Length ${what} (${value >>> 0} instead of ${groupLength})`,
    );

  // --- a deflated copy whose stream is corrupted
  const deflated = deflatedCopy(goodFile, structure);
  if (deflated) {
    const deflatedMetaEnd = walk(deflated, false).metaEnd;
    const stream = deflated.length - deflatedMetaEnd;
    for (const fraction of [0.25, 0.5, 0.9]) {
      const at = deflatedMetaEnd + Math.max(1, Math.floor(stream * fraction));
      add(
        `deflate-cut-${Math.round(fraction * 100)}`,
        deflated.subarray(0, at),
        `deflated copy, its deflate stream cut at ${Math.round(fraction * 100)} %`,
      );
    }
    const reserved = Buffer.from(deflated);
    reserved[deflatedMetaEnd] = ((reserved[deflatedMetaEnd] as number) & ~0x06) | 0x06;
    add('deflate-reserved-block-type', reserved, 'deflated copy whose first deflate block has the reserved block type 11');
    for (let i = 0, made = 0; made < 4 && i < 200; i++) {
      const bytes = Buffer.from(deflated);
      const at = deflatedMetaEnd + Math.floor(random() * stream);
      bytes[at] = (bytes[at] as number) ^ (1 + Math.floor(random() * 255));
      let inflates = true;
      try {
        inflateRawSync(bytes.subarray(deflatedMetaEnd));
      } catch {
        inflates = false;
      }
      if (inflates) continue;
      add(
        `deflate-corrupt-${made++}`,
        bytes,
        `deflated copy with byte ${at - deflatedMetaEnd} of its deflate stream changed so that it no longer inflates`,
      );
    }
  }

  // --- sequences and items without their delimiters
  const sequences = nodes.filter((n) => n.kind === 'element' && n.vr === 'SQ');
  const nested = sequences.filter((n) => n.depth > 0);
  for (const node of [
    ...pick(nested, 4, random),
    ...pick(
      sequences.filter((n) => n.depth === 0),
      2,
      random,
    ),
  ]) {
    if (node.length === UNDEFINED) {
      const delimiter = findDelimiter(node, nodes);
      if (delimiter)
        add(
          `undelimited-sequence-${node.offset}`,
          Buffer.concat([goodFile.subarray(0, delimiter.offset), goodFile.subarray(delimiter.offset + 8)]),
          `${describe(node)}: its sequence delimitation item removed`,
        );
    } else if (node.lengthWidth === 4) {
      add(
        `undelimited-sequence-${node.offset}`,
        withUInt(goodFile, node.lengthOffset, 4, UNDEFINED),
        `${describe(node)}: undefined length without a sequence delimitation item`,
      );
    }
  }
  const items = nodes.filter((n) => n.kind === 'item' && n.length !== UNDEFINED);
  for (const node of pick(
    items.filter((n) => n.depth > 1),
    3,
    random,
  )) {
    add(
      `undelimited-item-${node.offset}`,
      withUInt(goodFile, node.lengthOffset, 4, UNDEFINED),
      `nested ${describe(node)}: undefined length without an item delimitation item`,
    );
  }

  // --- item tags replaced by data element tags
  for (const node of pick(items, 3, random)) {
    const bytes = Buffer.from(goodFile);
    bytes.writeUInt16LE(0x0008, node.offset);
    bytes.writeUInt16LE(0x0010, node.offset + 2);
    add(`item-tag-${node.offset}`, bytes, `${describe(node)}: the item tag (FFFE,E000) replaced by (0008,0010) inside a sequence`);
  }

  return variants;
}

/** The sequence delimitation item that closes an undefined-length sequence (the first one at its depth after it). */
function findDelimiter(sq: StructureNode, nodes: readonly StructureNode[]): StructureNode | undefined {
  const index = nodes.indexOf(sq);
  return nodes.slice(index + 1).find((n) => n.kind === 'sequence-delimiter' && n.depth === sq.depth + 1);
}
