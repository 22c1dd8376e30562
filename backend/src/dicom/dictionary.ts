/**
 * DICOM keyword → tag and VR, from dcmjs's copy of the PS3.6 data dictionary.
 */
import dcmjs from 'dcmjs';

export interface DictionaryEntry {
  /** 8 hex digits, upper case, group then element: "00081070" */
  readonly tag: string;
  readonly vr: string;
}

const nameMap = (dcmjs.data.DicomMetaDictionary as unknown as { nameMap: Record<string, { tag: string; vr: string }> }).nameMap;

// Context-dependent VRs in the dictionary ("ox", "xs"): IQS writes 16-bit unsigned images.
const DEFAULT_FOR_AMBIGUOUS: Record<string, string> = { ox: 'OW', xs: 'US', ux: 'UL' };

export function lookupKeyword(keyword: string): DictionaryEntry {
  const entry = nameMap[keyword];
  if (!entry) throw new Error(`Unknown DICOM keyword: ${keyword}`);
  const tag = entry.tag.replace(/[(),]/gu, '').toUpperCase();
  const vr = DEFAULT_FOR_AMBIGUOUS[entry.vr] ?? entry.vr.split('|')[0] ?? entry.vr;
  return { tag, vr };
}
