/**
 * The DICOM data dictionary (PS3.6), from dcmjs's copy: keyword ↔ tag ↔ VR. Tags are numbers
 * ((group << 16) | element, unsigned) for parsers, or 8 upper-case hex digits ("00081070") for JSON and writers.
 */
import dcmjs from 'dcmjs';

const { dictionary, nameMap } = dcmjs.data.DicomMetaDictionary;

export function tagHex(tag: number): string {
  return (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

export interface TagEntry {
  readonly keyword: string;
  /** the dictionary VR; ambiguous ones keep dcmjs's pseudo-VRs ('ox', 'xs', 'lt') */
  readonly vr: string;
}

const byTag = new Map<number, TagEntry | null>();

/** Keyword and VR of a tag, when the dictionary knows it. */
export function lookupTag(tag: number): TagEntry | undefined {
  const cached = byTag.get(tag);
  if (cached !== undefined) return cached ?? undefined;
  const entry = dictionary[tagHex(tag)];
  const found = entry ? { keyword: entry.name, vr: entry.vr } : null;
  byTag.set(tag, found);
  return found ?? undefined;
}

/** "PatientName" or "00100010" → tag number; undefined when neither form is known. */
export function parseTagOrKeyword(name: string): number | undefined {
  if (/^[0-9A-Fa-f]{8}$/u.test(name)) return parseInt(name, 16) >>> 0;
  const entry = nameMap[name];
  if (!entry) return undefined;
  const hex = entry.tag.replace(/[(),]/gu, '');
  // repeating-group entries (e.g. "60xx3000") have no single tag
  return /^[0-9A-Fa-f]{8}$/u.test(hex) ? parseInt(hex, 16) >>> 0 : undefined;
}

export interface KeywordEntry {
  /** 8 hex digits, upper case: "00081070" */
  readonly tag: string;
  readonly vr: string;
}

// Context-dependent VRs in the dictionary ("ox", "xs"): IQS writes 16-bit unsigned images.
const DEFAULT_FOR_AMBIGUOUS: Record<string, string> = { ox: 'OW', xs: 'US', ux: 'UL' };

/** Tag and VR for writing an attribute given by keyword. */
export function lookupKeyword(keyword: string): KeywordEntry {
  const entry = nameMap[keyword];
  if (!entry) throw new Error(`Unknown DICOM keyword: ${keyword}`);
  const tag = entry.tag.replace(/[(),]/gu, '').toUpperCase();
  const vr = DEFAULT_FOR_AMBIGUOUS[entry.vr] ?? entry.vr.split('|')[0] ?? entry.vr;
  return { tag, vr };
}
