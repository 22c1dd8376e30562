/**
 * Per-station tag mapping: some modalities write a fact in a private or non-standard tag, in their own unit. The
 * department's admin maps that tag to an IQS field with its unit (table stations.tag_mapping); the mapped value,
 * converted to the canonical unit, takes the field's place.
 */
import type { DicomDataset } from './dicomValues';
import { readNumber } from './dicomValues';
import { deviationIndex } from './imageFacts';
import { type QuantityKind, toCanonical } from './units';

/** The numeric IQS fields a station's tag can be mapped to, with what they measure. */
export const MAPPABLE_FIELDS = {
  dap_gy_cm2: 'dap',
  organ_dose_mgy: 'dose',
  ctdivol_mgy: 'dose',
  dlp_mgy_cm: 'dlp',
  body_part_thickness_mm: 'length',
  exposure_index: 'index',
  target_exposure_index: 'index',
  deviation_index: 'index',
  patient_weight_kg: 'weight',
  patient_size_m: 'height',
  kvp: 'voltage',
  exposure_mas: 'charge',
  exposure_time_ms: 'time',
  distance_source_detector_mm: 'length',
} as const satisfies Record<string, QuantityKind>;

export type MappableField = keyof typeof MAPPABLE_FIELDS;

export interface TagMappingEntry {
  /** 8 hex digits, e.g. "00191006" */
  readonly tag: string;
  readonly field: MappableField;
  /** the unit the tag holds, e.g. "mGy·cm²" (indices: "" or "1") */
  readonly unit: string;
}

export class TagMappingError extends Error {}

/** Check entries as an admin stored them (JSON in the database); throws a TagMappingError saying what is wrong. */
export function parseTagMapping(value: unknown): TagMappingEntry[] {
  if (!Array.isArray(value)) throw new TagMappingError('a tag mapping is a list of { tag, field, unit }');
  return value.map((entry: unknown, index) => {
    const { tag, field, unit } = (entry ?? {}) as Record<string, unknown>;
    if (typeof tag !== 'string' || !/^[0-9A-Fa-f]{8}$/u.test(tag))
      throw new TagMappingError(`entry ${index + 1}: tag must be 8 hex digits, e.g. "00191006"`);
    if (typeof field !== 'string' || !(field in MAPPABLE_FIELDS))
      throw new TagMappingError(`entry ${index + 1}: field must be one of ${Object.keys(MAPPABLE_FIELDS).join(', ')}`);
    const kind = MAPPABLE_FIELDS[field as MappableField];
    const unitText = typeof unit === 'string' ? unit : '';
    if (toCanonical(1, unitText, kind) === null)
      throw new TagMappingError(`entry ${index + 1}: unit "${unitText}" is not a unit IQS knows for ${field}`);
    return { tag: tag.toUpperCase(), field: field as MappableField, unit: unitText };
  });
}

/**
 * The number in a mapped tag. Private tags in implicit-VR files have no known VR and arrive as raw bytes
 * (InlineBinary, base64): their text is read as a decimal string.
 */
export function readTagNumber(dataset: DicomDataset, tag: string): number | null {
  const key = tag.toUpperCase();
  const raw = dataset[key];
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'InlineBinary' in raw) {
    const base64 = (raw as { InlineBinary?: unknown }).InlineBinary;
    if (typeof base64 !== 'string') return null;
    try {
      return readNumber({ value: atob(base64) }, 'value');
    } catch {
      return null;
    }
  }
  return readNumber(dataset, key);
}

/** The facts with every mapped tag that holds a number in a known unit applied. */
export function applyTagMapping<T extends Partial<Record<MappableField, number | null>>>(
  facts: T,
  dataset: DicomDataset,
  mapping: readonly TagMappingEntry[],
): T {
  if (mapping.length === 0) return facts;
  const result: T = { ...facts };
  for (const entry of mapping) {
    const raw = readTagNumber(dataset, entry.tag);
    const kind = MAPPABLE_FIELDS[entry.field];
    const value = raw === null ? null : toCanonical(raw, entry.unit, kind);
    // doses, sizes and exposure settings are positive (0 is a vendor's "not measured"); only a DI can be negative
    const usable = value !== null && (entry.field === 'deviation_index' || value > 0);
    if (usable) (result as Record<MappableField, number | null>)[entry.field] = value;
  }
  // a mapped EI or target gives a DI where none was written
  if (result.deviation_index == null && result.exposure_index != null && result.target_exposure_index != null) {
    (result as Record<MappableField, number | null>).deviation_index = deviationIndex(result.exposure_index, result.target_exposure_index);
  }
  return result;
}
