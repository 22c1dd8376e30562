/**
 * Parsed data elements → the DICOM JSON model (PS3.18 F.2).
 *
 * Values are decoded per VR: text through the Specific Character Set, PN as
 * {Alphabetic, Ideographic, Phonetic}, IS/DS and binary numbers as JSON numbers, AT as
 * "GGGGEEEE". A malformed IS/DS value (e.g. "abc") is passed on as its raw string rather
 * than turned into null, so that a consumer can tell malformed from absent, except in the
 * attributes a viewer draws pixels and geometry from (see RENDERING_ATTRIBUTES). Binary values
 * up to `inlineBinaryLimit` bytes become InlineBinary; bigger ones become a BulkDataURI
 * made by the caller, which also records where the bytes are.
 */
import { decoderForCharacterSet, declaresNonDefaultCharacterSet, type TextDecodeFn } from './characterSets';
import { tagHex } from './dictionary';
import type { DicomElement } from './part10Reader';

export interface PersonNameJson {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export type DicomJsonValue = string | number | PersonNameJson | DicomJsonDataset | null;

export interface DicomJsonAttribute {
  vr: string;
  Value?: DicomJsonValue[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

export type DicomJsonDataset = { [tag: string]: DicomJsonAttribute };

/** Where a value kept out of the JSON lives in the instance's bytes. */
export interface BulkDataLocation {
  offset: number;
  length: number;
  vr: string;
  /** fragments (item headers included) rather than plain bytes */
  encapsulated: boolean;
}

export interface JsonConversionOptions {
  littleEndian: boolean;
  /** binary values longer than this become bulk data */
  inlineBinaryLimit: number;
  /** records a bulk data value and returns its BulkDataURI; `path` is e.g. "00880200/0/7FE00010" */
  bulkData(path: string, location: BulkDataLocation): string;
}

const SPECIFIC_CHARACTER_SET = 0x00080005;

/** Text whose bytes depend on the Specific Character Set. */
const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);
/** String VRs that never hold more than one value (a backslash is just a character). */
const SINGLE_VALUE_TEXT_VRS = new Set(['LT', 'ST', 'UT', 'UR']);
const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** bytes per value, and the DataView reader, for binary number VRs */
const NUMBER_VRS: Record<string, { size: number; read: (v: DataView, at: number, le: boolean) => number | string }> = {
  US: { size: 2, read: (v, at, le) => v.getUint16(at, le) },
  SS: { size: 2, read: (v, at, le) => v.getInt16(at, le) },
  UL: { size: 4, read: (v, at, le) => v.getUint32(at, le) },
  SL: { size: 4, read: (v, at, le) => v.getInt32(at, le) },
  FL: { size: 4, read: (v, at, le) => finiteOrString(v.getFloat32(at, le)) },
  FD: { size: 8, read: (v, at, le) => finiteOrString(v.getFloat64(at, le)) },
  SV: { size: 8, read: (v, at, le) => bigToJson(v.getBigInt64(at, le)) },
  UV: { size: 8, read: (v, at, le) => bigToJson(v.getBigUint64(at, le)) },
};

/** JSON has no NaN or Infinity; keep them visible as strings instead of letting them become null. */
function finiteOrString(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

function bigToJson(n: bigint): number | string {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/**
 * Attributes from which a viewer computes pixel values, display window and geometry. OHIF draws a solid red image
 * when one of them holds text (WindowCenter "abc"), so a malformed value there is left out, as if the modality had
 * sent the attribute empty: the image stays viewable with the viewer's defaults.
 */
const RENDERING_ATTRIBUTES = new Set([
  0x00280030, // PixelSpacing
  0x00280034, // PixelAspectRatio
  0x00281050, // WindowCenter
  0x00281051, // WindowWidth
  0x00281052, // RescaleIntercept
  0x00281053, // RescaleSlope
  0x00181164, // ImagerPixelSpacing
  0x00180050, // SliceThickness
  0x00180088, // SpacingBetweenSlices
  0x00200032, // ImagePositionPatient
  0x00200037, // ImageOrientationPatient
  0x00201041, // SliceLocation
]);

const DS_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const IS_PATTERN = /^[+-]?\d+$/;

function decimalString(text: string): number | string {
  if (!DS_PATTERN.test(text)) return text;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function integerString(text: string): number | string {
  if (!IS_PATTERN.test(text)) return text;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function personName(text: string): PersonNameJson | null {
  const [alphabetic, ideographic, phonetic] = text.split('=').map((g) => g.replace(/ +$/, ''));
  const name: PersonNameJson = {};
  if (alphabetic) name.Alphabetic = alphabetic;
  if (ideographic) name.Ideographic = ideographic;
  if (phonetic) name.Phonetic = phonetic;
  return Object.keys(name).length > 0 ? name : null;
}

function stringValues(vr: string, text: string): DicomJsonValue[] {
  if (SINGLE_VALUE_TEXT_VRS.has(vr)) {
    // leading spaces are significant in LT/ST/UT; trailing padding is not
    const trimmed = vr === 'UR' ? text.trim() : text.replace(/[\0 ]+$/, '');
    return trimmed === '' ? [] : [trimmed];
  }
  const values = text.split('\\').map((raw): DicomJsonValue => {
    const v = vr === 'PN' ? raw.replace(/[\0 ]+$/, '') : raw.replace(/\0+$/, '').trim();
    if (v === '') return null;
    switch (vr) {
      case 'PN':
        return personName(v);
      case 'DS':
        return decimalString(v);
      case 'IS':
        return integerString(v);
      default:
        return v;
    }
  });
  return values.length === 1 && values[0] === null ? [] : values;
}

/** Byte-swaps a big endian binary value so InlineBinary always holds little endian words. */
export function littleEndianBytes(bytes: Buffer, vr: string, littleEndian: boolean): Buffer {
  if (littleEndian) return bytes;
  const size = vr === 'OW' ? 2 : vr === 'OF' || vr === 'OL' ? 4 : vr === 'OD' || vr === 'OV' ? 8 : 1;
  if (size === 1 || bytes.length % size !== 0) return bytes;
  const copy = Buffer.from(bytes);
  if (size === 2) copy.swap16();
  else if (size === 4) copy.swap32();
  else copy.swap64();
  return copy;
}

function convertElement(el: DicomElement, decode: TextDecodeFn, options: JsonConversionOptions, path: string): DicomJsonAttribute {
  const { vr } = el;
  if (vr === 'SQ') {
    const items = (el.items ?? []).map((item, i) => convertDataset(item, options, decode, `${path}/${i}`));
    return items.length > 0 ? { vr, Value: items } : { vr };
  }
  const bytes = el.value ?? Buffer.alloc(0);
  if (STRING_VRS.has(vr)) {
    if (bytes.length === 0) return { vr };
    const text = CHARSET_VRS.has(vr) ? decode(bytes) : bytes.toString('latin1');
    const values = stringValues(vr, text);
    const malformed = (vr === 'DS' || vr === 'IS') && values.some((v) => typeof v === 'string');
    if (malformed && RENDERING_ATTRIBUTES.has(el.tag)) return { vr };
    return values.length > 0 ? { vr, Value: values } : { vr };
  }
  if (vr === 'AT') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values: string[] = [];
    for (let at = 0; at + 4 <= bytes.length; at += 4) {
      const tag = ((view.getUint16(at, options.littleEndian) << 16) | view.getUint16(at + 2, options.littleEndian)) >>> 0;
      values.push(tagHex(tag));
    }
    return values.length > 0 ? { vr, Value: values } : { vr };
  }
  const number = NUMBER_VRS[vr];
  if (number) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values: DicomJsonValue[] = [];
    for (let at = 0; at + number.size <= bytes.length; at += number.size) values.push(number.read(view, at, options.littleEndian));
    return values.length > 0 ? { vr, Value: values } : { vr };
  }
  // binary (or a VR we do not know, which is treated as bytes)
  const binaryVr = BINARY_VRS.has(vr) ? vr : 'UN';
  if (el.length === 0) return { vr: binaryVr };
  if (el.length <= options.inlineBinaryLimit && !el.encapsulated) {
    return { vr: binaryVr, InlineBinary: littleEndianBytes(bytes, binaryVr, options.littleEndian).toString('base64') };
  }
  const BulkDataURI = options.bulkData(path, {
    offset: el.offset,
    length: el.length,
    vr: binaryVr,
    encapsulated: el.encapsulated === true,
  });
  return { vr: binaryVr, BulkDataURI };
}

function convertDataset(
  elements: DicomElement[],
  options: JsonConversionOptions,
  inheritedDecode: TextDecodeFn | undefined,
  pathPrefix: string,
): DicomJsonDataset {
  // An item may declare its own character set; otherwise it inherits the enclosing one.
  let decode = inheritedDecode ?? decoderForCharacterSet([]);
  const charsetElement = elements.find((e) => e.tag === SPECIFIC_CHARACTER_SET);
  let charsetValues: string[] = [];
  if (charsetElement?.value) {
    charsetValues = charsetElement.value
      .toString('latin1')
      .split('\\')
      .map((v) => v.trim());
    decode = decoderForCharacterSet(charsetValues);
  }

  const json: DicomJsonDataset = {};
  for (const el of elements) {
    // group lengths are encoding details with no meaning once the data is JSON
    if ((el.tag & 0xffff) === 0 && el.vr === 'UL') continue;
    const hex = tagHex(el.tag);
    if (el.tag === SPECIFIC_CHARACTER_SET) {
      // The JSON text is Unicode now; say so, as dcmjs does when it decodes a file, so that a
      // consumer that writes the values back out does not label UTF-8 bytes as e.g. Latin-1.
      json[hex] = declaresNonDefaultCharacterSet(charsetValues)
        ? { vr: 'CS', Value: ['ISO_IR 192'] }
        : convertElement(el, decode, options, hex);
      continue;
    }
    json[hex] = convertElement(el, decode, options, pathPrefix ? `${pathPrefix}/${hex}` : hex);
  }
  return json;
}

/** Converts a parsed data set (top level) to DICOM JSON. */
export function datasetToJson(elements: DicomElement[], options: JsonConversionOptions): DicomJsonDataset {
  return convertDataset(elements, options, undefined, '');
}

/** First value of an attribute as a string (PN: its alphabetic group), or undefined. */
export function firstString(attr: DicomJsonAttribute | undefined): string | undefined {
  const v = attr?.Value?.[0];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if ('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v) {
    const pn = v as PersonNameJson;
    return pn.Alphabetic ?? pn.Ideographic ?? pn.Phonetic;
  }
  return undefined;
}

/** First value of an attribute as a finite number, or undefined. */
export function firstNumber(attr: DicomJsonAttribute | undefined): number | undefined {
  const v = attr?.Value?.[0];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
