/**
 * Comparing a dose with its reference level: the Diagnostic Reference Level (Dutch: DRN) and the lower target value
 * (streefwaarde). The same three bands everywhere: the analysis (a room's median, in SQL), the viewer's panel and
 * overlay (one image) and the command line. A DRL is not a limit for one patient; for one image the comparison is
 * a pointer, for a room's median it is the ICRP 135 comparison (shared/reference/analysis.md §2).
 *
 * The database applies the same rule in private.dose_status (migration 22).
 */
import type { DoseQuantityCode } from './units';

/** The catalogue's reference sets (public.dose_reference_sets.code); the Dutch one applies by default. */
export const DOSE_REFERENCE_SETS = ['nl-drn-2012', 'be-fanc', 'de-bfs-2022', 'uk-ndrl-2022'] as const;
export type DoseReferenceSet = (typeof DOSE_REFERENCE_SETS)[number];
export const DEFAULT_REFERENCE_SET: DoseReferenceSet = 'nl-drn-2012';

/**
 * IQS's own examination keys: what a reference value is for (dose_reference_values.exam_key) and what a procedure
 * of the department is (procedures.reference_exam, mapped by the admin).
 */
export const REFERENCE_EXAMS = [
  'chest-pa',
  'chest-lat',
  'chest-ap-supine',
  'pelvis-ap',
  'lumbar-spine-ap',
  'lumbar-spine-lat',
  'lumbar-spine-oblique',
  'thoracic-spine-ap',
  'thoracic-spine-lat',
  'abdomen-ap',
  'shoulder',
  'ct-head',
  'ct-chest',
  'ct-abdomen',
  'ct-chest-abdomen',
  'ct-lumbar-spine',
  'ct-cervical-spine',
  'ct-sinuses',
  'ct-cta-chest',
  'ct-ctpa',
  'ct-abdomen-pelvis',
  'ct-kub',
  'mammography',
] as const;
export type ReferenceExam = (typeof REFERENCE_EXAMS)[number];

export function isReferenceExam(key: string): key is ReferenceExam {
  return (REFERENCE_EXAMS as readonly string[]).includes(key);
}

/** Where an image or a room stands against its reference. */
export type DoseReferenceStatus = 'above_drl' | 'above_target' | 'at_or_below_target' | 'no_reference';
export const DOSE_REFERENCE_STATUSES: readonly DoseReferenceStatus[] = ['above_drl', 'above_target', 'at_or_below_target', 'no_reference'];

/**
 * Why no reference applies (private.applicable_reference's reason): the image has no procedure; neither the
 * department nor the Dutch set has a value for its examination (and view); the value is for adults and the patient
 * is younger than 18; or there are values for the examination but not in this quantity.
 */
export type NoReferenceReason = 'no_procedure' | 'no_reference' | 'not_adult' | 'no_quantity';
export const NO_REFERENCE_REASONS: readonly NoReferenceReason[] = ['no_procedure', 'no_reference', 'not_adult', 'no_quantity'];

export interface ReferenceComparison {
  readonly status: DoseReferenceStatus;
  /** the value as a percentage of the DRN (0.331 against 0.12 → 275.8…); null without a DRN */
  readonly percentOfDrl: number | null;
}

/**
 * The band of a value (a single image's dose or a room's median) against the applicable DRN and streefwaarde:
 * above the DRN; above the streefwaarde but not the DRN; at or below the streefwaarde otherwise (also when no
 * streefwaarde is known and the value does not exceed the DRN). Equal to the DRN is not above it.
 * No DRN (null, zero or not a number) → no_reference. Values are in the same canonical unit.
 */
export function compareWithReference(value: number, drl: number | null, target: number | null): ReferenceComparison {
  if (drl === null || !Number.isFinite(drl) || drl <= 0 || !Number.isFinite(value)) return { status: 'no_reference', percentOfDrl: null };
  const percentOfDrl = (value / drl) * 100;
  if (value > drl) return { status: 'above_drl', percentOfDrl };
  if (target !== null && Number.isFinite(target) && value > target) return { status: 'above_target', percentOfDrl };
  return { status: 'at_or_below_target', percentOfDrl };
}

/** The quantities in the order the viewer lists them (the enum's order in the database). */
export const DOSE_QUANTITY_CODES: readonly DoseQuantityCode[] = ['dap', 'ctdivol', 'dlp', 'organ_dose'];
