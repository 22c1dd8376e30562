/**
 * Writes DICOM Part 10 files byte by byte: explicit or implicit VR little endian, optionally deflated, in the
 * character set the dataset declares (ISO_IR 100 Latin-1, ISO_IR 192 UTF-8, or the default repertoire).
 *
 * IQS uses it for the demo data and for test files whose bytes matter (a name really in Latin-1, a DS holding
 * text, a private tag). Values are written as given: a malformed value stays malformed on purpose.
 */
import { deflateRawSync } from 'node:zlib';
import { lookupKeyword } from './dictionary';

export const TRANSFER_SYNTAX = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
} as const;

export type TransferSyntax = (typeof TRANSFER_SYNTAX)[keyof typeof TRANSFER_SYNTAX];

export type DicomItem = { readonly [keyword: string]: DicomInputValue };

/** An element given by tag and VR, for private tags or to force a VR. */
export interface ExplicitElement {
  readonly tag: string;
  readonly vr: string;
  readonly value: DicomInputValue;
}

export type DicomInputValue =
  | string
  | number
  | readonly (string | number)[]
  | readonly DicomItem[]
  | Uint8Array
  | Uint16Array
  | Int16Array
  | ExplicitElement
  | null
  | undefined;

export interface WriteOptions {
  readonly transferSyntax?: TransferSyntax;
  readonly implementationClassUid?: string;
}

const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.10.1467.1';
const IMPLEMENTATION_VERSION = 'IQS_1';

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UR', 'UT', 'UN', 'SV', 'UV']);
const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

type Encoding = 'ascii' | 'latin1' | 'utf-8';

function encodingOf(specificCharacterSet: DicomInputValue): Encoding {
  const first = Array.isArray(specificCharacterSet) ? specificCharacterSet[0] : specificCharacterSet;
  const term = typeof first === 'string' ? first.trim().toUpperCase() : '';
  if (term === '' || term === 'ISO_IR 6') return 'ascii';
  if (term === 'ISO_IR 100') return 'latin1';
  if (term === 'ISO_IR 192') return 'utf-8';
  throw new Error(`The writer does not encode SpecificCharacterSet ${term}`);
}

function encodeText(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code > (encoding === 'ascii' ? 0x7f : 0xff))
      throw new Error(`"${text}" cannot be written in ${encoding === 'ascii' ? 'the default repertoire' : 'ISO_IR 100'}`);
  }
  return Buffer.from(text, 'latin1');
}

function isExplicit(value: DicomInputValue): value is ExplicitElement {
  return (
    typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Array.isArray(value) && 'tag' in value && 'vr' in value
  );
}

function isItemList(value: DicomInputValue): value is readonly DicomItem[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === 'object';
}

/** A DS value: at most 16 characters, as DICOM requires. */
export function formatDecimalString(value: number): string {
  for (let digits = 12; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  throw new Error(`${value} does not fit a DS`);
}

function valueBytes(vr: string, value: DicomInputValue, encoding: Encoding, writeItems: (items: readonly DicomItem[]) => Buffer): Buffer {
  if (value === null || value === undefined) return Buffer.alloc(0);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (vr === 'SQ') return isItemList(value) ? writeItems(value) : Buffer.alloc(0);
  const list = (Array.isArray(value) ? value : [value]) as readonly (string | number)[];
  const binary: Record<string, [number, (buffer: Buffer, n: number, offset: number) => void]> = {
    US: [2, (b, n, o) => b.writeUInt16LE(n, o)],
    SS: [2, (b, n, o) => b.writeInt16LE(n, o)],
    UL: [4, (b, n, o) => b.writeUInt32LE(n, o)],
    SL: [4, (b, n, o) => b.writeInt32LE(n, o)],
    FL: [4, (b, n, o) => b.writeFloatLE(n, o)],
    FD: [8, (b, n, o) => b.writeDoubleLE(n, o)],
  };
  const numeric = binary[vr];
  if (numeric) {
    const [size, write] = numeric;
    const buffer = Buffer.alloc(size * list.length);
    list.forEach((n, i) => write(buffer, Number(n), i * size));
    return buffer;
  }
  if (vr === 'AT') {
    const buffer = Buffer.alloc(4 * list.length);
    list.forEach((tag, i) => {
      const hex = String(tag).padStart(8, '0');
      buffer.writeUInt16LE(parseInt(hex.slice(0, 4), 16), i * 4);
      buffer.writeUInt16LE(parseInt(hex.slice(4), 16), i * 4 + 2);
    });
    return buffer;
  }
  const texts = list.map((v) => (typeof v === 'number' ? (vr === 'DS' ? formatDecimalString(v) : String(Math.round(v))) : v));
  return encodeText(texts.join('\\'), CHARSET_VRS.has(vr) ? encoding : 'ascii');
}

function pad(bytes: Buffer, vr: string): Buffer {
  if (bytes.length % 2 === 0) return bytes;
  const padByte = vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0x00 : 0x20;
  return Buffer.concat([bytes, Buffer.from([padByte])]);
}

function elementHeader(tag: string, vr: string, length: number, explicit: boolean): Buffer {
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4, 8), 16);
  if (!explicit) {
    const header = Buffer.alloc(8);
    header.writeUInt16LE(group, 0);
    header.writeUInt16LE(element, 2);
    header.writeUInt32LE(length, 4);
    return header;
  }
  const long = LONG_LENGTH_VRS.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'ascii');
  if (long) header.writeUInt32LE(length, 8);
  else {
    if (length > 0xffff) throw new Error(`${tag} (${vr}) is ${length} bytes, more than its VR allows`);
    header.writeUInt16LE(length, 6);
  }
  return header;
}

/** Encode a dataset (no file meta) with the given VR convention. */
export function encodeDataset(dataset: DicomItem, explicit: boolean, inheritedEncoding?: Encoding): Buffer {
  const encoding =
    dataset['SpecificCharacterSet'] !== undefined ? encodingOf(dataset['SpecificCharacterSet']) : (inheritedEncoding ?? 'ascii');
  const elements = Object.entries(dataset)
    .filter(([, value]) => value !== undefined)
    .map(([keyword, value]) => {
      if (isExplicit(value)) return { tag: value.tag.toUpperCase(), vr: value.vr, value: value.value };
      const { tag, vr } = lookupKeyword(keyword);
      // 8-bit pixel data is OB
      const actualVr = keyword === 'PixelData' && value instanceof Uint8Array ? 'OB' : vr;
      return { tag, vr: actualVr, value };
    })
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));

  const writeItems = (items: readonly DicomItem[]): Buffer =>
    Buffer.concat(
      items.map((item) => {
        const body = encodeDataset(item, explicit, encoding);
        const header = Buffer.alloc(8);
        header.writeUInt16LE(0xfffe, 0);
        header.writeUInt16LE(0xe000, 2);
        header.writeUInt32LE(body.length, 4);
        return Buffer.concat([header, body]);
      }),
    );

  return Buffer.concat(
    elements.flatMap(({ tag, vr, value }) => {
      const bytes = pad(valueBytes(vr, value, encoding, writeItems), vr);
      return [elementHeader(tag, vr, bytes.length, explicit), bytes];
    }),
  );
}

/** A complete Part 10 file: preamble, DICM, file meta information, then the dataset. */
export function writePart10(dataset: DicomItem, options: WriteOptions = {}): Buffer {
  const transferSyntax = options.transferSyntax ?? TRANSFER_SYNTAX.explicitLittle;
  const sopClass = dataset['SOPClassUID'];
  const sopInstance = dataset['SOPInstanceUID'];
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string')
    throw new Error('A Part 10 file needs SOPClassUID and SOPInstanceUID');
  const metaElements = encodeDataset(
    {
      FileMetaInformationVersion: new Uint8Array([0, 1]),
      MediaStorageSOPClassUID: sopClass,
      MediaStorageSOPInstanceUID: sopInstance,
      TransferSyntaxUID: transferSyntax,
      ImplementationClassUID: options.implementationClassUid ?? IMPLEMENTATION_CLASS_UID,
      ImplementationVersionName: IMPLEMENTATION_VERSION,
    },
    true,
  );
  const groupLength = Buffer.concat([elementHeader('00020000', 'UL', 4, true), Buffer.from(Uint32Array.of(metaElements.length).buffer)]);
  const body = encodeDataset(dataset, transferSyntax !== TRANSFER_SYNTAX.implicitLittle);
  const datasetBytes = transferSyntax === TRANSFER_SYNTAX.deflatedExplicitLittle ? deflateRawSync(body) : body;
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'ascii'), groupLength, metaElements, datasetBytes]);
}
