/**
 * The dose figures of the demo department, computed here from the generator's manifest alone (not from the database),
 * so that a browser test or a CLI test can check what IQS shows against what the demo holds.
 *
 * The definitions are those of issue 11 and the README ("Dose analysis"): per procedure and view × room, the accepted
 * images of adults (age 18 or more, or unknown) that have the quantity; n, the median (the room's typical value), P25
 * and P75 as PostgreSQL's percentile_cont computes them (linear interpolation between the sorted values); the band
 * against the reference that applies: too_few when n is under the site's minimum, else above_drl when the median
 * exceeds the DRN, above_target when it exceeds the streefwaarde, at_or_below_target otherwise.
 */
import type { DemoManifest, DemoManifestImage, DemoManifestStudy } from '@iqs/demo-department';

export type DoseStatus = 'above_drl' | 'above_target' | 'at_or_below_target' | 'too_few' | 'no_reference';

export interface DoseReference {
  readonly drl: number;
  readonly target: number | null;
  /** dose_reference_sets.code, or null for a value of the department's own */
  readonly referenceSet: string | null;
}

export interface ExpectedDoseRow {
  readonly key: string;
  readonly n: number;
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly drl: number;
  readonly target: number | null;
  readonly status: DoseStatus;
  readonly referenceSet: string | null;
}

/** percentile_cont(fraction) of the values: linear interpolation at position fraction × (n − 1) of the sorted values. */
export function percentileCont(values: readonly number[], fraction: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const below = sorted[lower] ?? Number.NaN;
  const above = sorted[upper] ?? Number.NaN;
  return below + (above - below) * (position - lower);
}

/** The band of a value against a reference (private.dose_status): the single image's comparison in the viewer. */
export function doseStatus(value: number, drl: number | null, target: number | null): DoseStatus {
  if (drl === null || drl <= 0) return 'no_reference';
  if (value > drl) return 'above_drl';
  if (target !== null && value > target) return 'above_target';
  return 'at_or_below_target';
}

export interface DoseImage {
  readonly study: DemoManifestStudy;
  readonly image: DemoManifestImage;
}

/** Adults as the analysis counts them by default: 18 or older, or of unknown age. */
export function isAdult(image: DemoManifestImage): boolean {
  const age = image.facts.patient_age_years ?? null;
  return age === null || age >= 18;
}

/** The accepted images of adults of one procedure and view that have the quantity. */
export function acceptedAdultImages(
  manifest: DemoManifest,
  procedure: string,
  view: string,
  valueOf: (image: DemoManifestImage) => number | null,
): DoseImage[] {
  return manifest.studies
    .filter((study) => study.procedure === procedure)
    .flatMap((study) => study.images.map((image) => ({ study, image })))
    .filter(({ image }) => !image.rejected && image.facts.view_position === view && isAdult(image) && valueOf(image) !== null);
}

export const dapOf = (image: DemoManifestImage): number | null => image.facts.dap_gy_cm2 ?? null;
export const organDoseOf = (image: DemoManifestImage): number | null => image.facts.organ_dose_mgy ?? null;

/** The accepted images of adults of one procedure and view that have a DAP. */
export function dapImages(manifest: DemoManifest, procedure: string, view: string): DoseImage[] {
  return acceptedAdultImages(manifest, procedure, view, dapOf);
}

/** Per room (StationName): the rows the dose analysis by room over the whole period must show for one procedure and view. */
export function expectedRowsByRoom(
  manifest: DemoManifest,
  procedure: string,
  view: string,
  valueOf: (image: DemoManifestImage) => number | null,
  reference: DoseReference,
  minImages: number,
): Map<string, ExpectedDoseRow> {
  const perRoom = new Map<string, number[]>();
  for (const { study, image } of acceptedAdultImages(manifest, procedure, view, valueOf)) {
    const values = perRoom.get(study.stationName) ?? [];
    values.push(valueOf(image) ?? Number.NaN);
    perRoom.set(study.stationName, values);
  }
  return new Map(
    [...perRoom].map(([key, values]) => {
      const median = percentileCont(values, 0.5);
      return [
        key,
        {
          key,
          n: values.length,
          median,
          p25: percentileCont(values, 0.25),
          p75: percentileCont(values, 0.75),
          drl: reference.drl,
          target: reference.target,
          status: values.length < minImages ? 'too_few' : doseStatus(median, reference.drl, reference.target),
          referenceSet: reference.referenceSet,
        },
      ];
    }),
  );
}

/** The DAP rows by room of one procedure and view. */
export function expectedDapRowsByRoom(
  manifest: DemoManifest,
  procedure: string,
  view: string,
  reference: DoseReference,
  minImages: number,
): Map<string, ExpectedDoseRow> {
  return expectedRowsByRoom(manifest, procedure, view, dapOf, reference, minImages);
}

/** OHIF's own parameters for one image in the IQS mode (as the reject drill-down opens it, viewer/imageFromUrl.ts). */
export function imageUrl(baseUrl: string, study: DemoManifestStudy, image: DemoManifestImage): string {
  const query = new URLSearchParams({
    StudyInstanceUIDs: study.studyInstanceUid,
    initialSeriesInstanceUID: image.facts.series_instance_uid ?? '',
    initialSOPInstanceUID: image.facts.sop_instance_uid ?? '',
  });
  return `${baseUrl}/iqs-evaluation?${query.toString()}`;
}

/** a equals b within a relative tolerance (the attributes carry the database's double precision numbers as JavaScript writes them) */
export function near(a: number, b: number, relative = 1e-9): boolean {
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b), 1e-12);
}
