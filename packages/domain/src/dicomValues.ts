/**
 * Readers for one instance's DICOM attributes in "naturalized" form: an object keyed by DICOM keyword, as
 * dcmjs's naturalizeDataset and OHIF's metadata store give it. Values arrive in several shapes for the same
 * attribute (a string, a number, an array of them, a person-name object, a backslash-joined raw string),
 * and vendors fill them badly; every reader here returns `null` for absent, empty or malformed values and
 * never throws.
 */

/** One instance's attributes by DICOM keyword (e.g. `OperatorsName`), or a sequence item. */
export type DicomDataset = Readonly<Record<string, unknown>>;

/** The values of an attribute as a flat list, splitting raw multi-valued strings on the DICOM separator. */
function valuesOf(dataset: DicomDataset, keyword: string): unknown[] {
  const raw = dataset[keyword];
  if (raw === null || raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((value) => (typeof value === 'string' ? value.split('\\') : [value]));
}

/** Text of one value: strings are trimmed (DICOM pads with spaces and NULs); person names give their Alphabetic group. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.replace(/[\s\0]+$/u, '').replace(/^\s+/u, '');
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value !== null && typeof value === 'object' && 'Alphabetic' in value) {
    return textOf((value as { Alphabetic?: unknown }).Alphabetic);
  }
  return null;
}

/** Every non-empty text value of an attribute (multi-valued attributes such as OperatorsName). */
export function readTexts(dataset: DicomDataset, keyword: string): string[] {
  return valuesOf(dataset, keyword)
    .map(textOf)
    .filter((text): text is string => text !== null);
}

/** The first non-empty text value of an attribute. */
export function readText(dataset: DicomDataset, keyword: string): string | null {
  return readTexts(dataset, keyword)[0] ?? null;
}

// A DICOM decimal string (DS) or integer string (IS): optional sign, digits, optional fraction and exponent.
const NUMERIC_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/u;

/** Parse one DS/IS value; anything else (text, NaN, Infinity, empty) is null. */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = textOf(value);
  if (text === null || !NUMERIC_STRING.test(text)) return null;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : null;
}

/** The first value of a numeric attribute (DS, IS, US, FD…), or null when absent or malformed. */
export function readNumber(dataset: DicomDataset, keyword: string): number | null {
  const first = valuesOf(dataset, keyword)[0];
  return first === undefined ? null : numberOf(first);
}

/** The items of a sequence attribute; anything that is not an item object is dropped. */
export function readSequence(dataset: DicomDataset, keyword: string): DicomDataset[] {
  const raw = dataset[keyword];
  const list = Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
  return list.filter((item): item is DicomDataset => item !== null && typeof item === 'object' && !Array.isArray(item));
}

/** A calendar date from a DICOM DA value (YYYYMMDD; the legacy YYYY.MM.DD form is accepted too). */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function parseDicomDate(text: string | null): CalendarDate | null {
  if (text === null) return null;
  const match = /^(\d{4})\.?(\d{2})\.?(\d{2})$/u.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1800 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth ? { year, month, day } : null;
}

export function readDate(dataset: DicomDataset, keyword: string): CalendarDate | null {
  return parseDicomDate(readText(dataset, keyword));
}

/** ISO 8601 form (YYYY-MM-DD) of a calendar date. */
export function isoDate(date: CalendarDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
