/**
 * Tag ↔ keyword ↔ VR look-ups over dcmjs's data dictionary, with tags as numbers
 * ((group << 16) | element, unsigned) because the parser works with numbers.
 */
import { dcmjsData } from './dcmjs';

export interface DictionaryEntry {
  keyword: string;
  /** the dictionary VR; ambiguous ones keep dcmjs's pseudo-VRs ('ox', 'xs', 'lt') */
  vr: string;
}

const byTag = new Map<number, DictionaryEntry | null>();

export function tagHex(tag: number): string {
  return (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

export function lookupTag(tag: number): DictionaryEntry | undefined {
  const cached = byTag.get(tag);
  if (cached !== undefined) return cached ?? undefined;
  const entry = dcmjsData.DicomMetaDictionary.dictionary[tagHex(tag)];
  const found = entry ? { keyword: entry.name, vr: entry.vr } : null;
  byTag.set(tag, found);
  return found ?? undefined;
}

/** "PatientName" or "00100010" → tag number; undefined when neither form is known. */
export function parseTagOrKeyword(name: string): number | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(name)) return parseInt(name, 16) >>> 0;
  const entry = dcmjsData.DicomMetaDictionary.nameMap[name];
  if (!entry) return undefined;
  const hex = entry.tag.replace(/[(),]/g, '');
  // repeating-group entries (e.g. "60xx3000") have no single tag
  return /^[0-9A-Fa-f]{8}$/.test(hex) ? parseInt(hex, 16) >>> 0 : undefined;
}
