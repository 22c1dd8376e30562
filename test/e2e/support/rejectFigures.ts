/**
 * The reject figures of the demo department, computed here from the generator's manifest alone (not from the
 * database), so that a browser test or a CLI test can check what IQS shows against what the demo holds.
 *
 * The definitions are those of the README ("Reject analysis"), after AAPM TG-305: rejected ÷ (accepted + rejected)
 * patient images of projection radiography (CR and DX by default: mammography and CT are left out), counted per
 * SOP instance; the reason of a rejected image is the one the database holds (the modality's CID 7011 code, or
 * what a person chose); `given` overrides it for images a test gave a reason to.
 */
import type { DemoManifest } from '@iqs/demo-department';

export type RejectDimension = 'all' | 'room' | 'procedure' | 'reason' | 'radiographer';

export interface ExpectedRow {
  readonly key: string | null;
  readonly rejected: number;
  readonly total: number;
  readonly withoutReason: number;
  readonly reasons: Readonly<Record<string, number>>;
  readonly wastedDapGyCm2: number;
}

interface Counted {
  readonly sop: string;
  readonly station: string;
  readonly procedure: string;
  readonly operators: readonly string[];
  readonly rejected: boolean;
  readonly reason: string | null;
  readonly dap: number | null;
}

const RADIOGRAPHY = new Set(['CR', 'DX']);

/** Every image of the default scope, with the reason the database holds for it. */
export function countedImages(manifest: DemoManifest, given: ReadonlyMap<string, string> = new Map()): Counted[] {
  return manifest.studies.flatMap((study) =>
    study.images
      .filter((image) => RADIOGRAPHY.has(image.facts.modality ?? ''))
      .map((image) => ({
        sop: image.facts.sop_instance_uid ?? '',
        station: study.stationName,
        procedure: study.procedure,
        operators: study.operators,
        rejected: image.rejected,
        reason: image.rejected ? (given.get(image.facts.sop_instance_uid ?? '') ?? image.recordedReason) : null,
        dap: image.facts.dap_gy_cm2 ?? null,
      })),
  );
}

function keysOf(image: Counted, dimension: RejectDimension): (string | null)[] {
  switch (dimension) {
    case 'all':
      return [null];
    case 'room':
      return [image.station];
    case 'procedure':
      return [image.procedure];
    case 'radiographer':
      // an image made by two counts for both (the operator names as written; the caller maps them to people)
      return image.operators.length > 0 ? [...new Set(image.operators)] : [null];
    case 'reason':
      return [];
  }
}

/** The rows of one dimension over the whole period. For `reason`: one row per reason (and one for none yet), total = every image. */
export function expectedRows(images: readonly Counted[], dimension: RejectDimension): Map<string | null, ExpectedRow> {
  const rows = new Map<
    string | null,
    { rejected: number; total: number; withoutReason: number; reasons: Record<string, number>; dap: number }
  >();
  const row = (key: string | null) => {
    let found = rows.get(key);
    if (!found) rows.set(key, (found = { rejected: 0, total: 0, withoutReason: 0, reasons: {}, dap: 0 }));
    return found;
  };
  if (dimension === 'reason') {
    // rejects still without a reason are a row of their own (key null)
    for (const image of images.filter((i) => i.rejected)) {
      const r = row(image.reason);
      r.rejected++;
      if (image.reason === null) r.withoutReason++;
      else r.reasons[image.reason] = (r.reasons[image.reason] ?? 0) + 1;
      r.dap += image.dap ?? 0;
    }
    for (const r of rows.values()) r.total = images.length;
  } else {
    for (const image of images) {
      for (const key of keysOf(image, dimension)) {
        const r = row(key);
        r.total++;
        if (!image.rejected) continue;
        r.rejected++;
        r.dap += image.dap ?? 0;
        if (image.reason === null) r.withoutReason++;
        else r.reasons[image.reason] = (r.reasons[image.reason] ?? 0) + 1;
      }
    }
  }
  return new Map(
    [...rows].map(([key, r]) => [
      key,
      { key, rejected: r.rejected, total: r.total, withoutReason: r.withoutReason, reasons: r.reasons, wastedDapGyCm2: r.dap },
    ]),
  );
}

/** Petra's (or anyone's) rejected images that have no reason from a person yet, oldest first as IQS lists them. */
export function rejectsToExplain(manifest: DemoManifest, operatorName: string): { sop: string; studyDate: string; studyUid: string }[] {
  return manifest.studies
    .flatMap((study) =>
      study.images
        .filter((image) => image.rejected && study.operators.includes(operatorName) && image.reasonSource !== 'radiographer')
        .map((image) => ({ sop: image.facts.sop_instance_uid ?? '', studyDate: study.studyDate, studyUid: study.studyInstanceUid })),
    )
    .sort((a, b) => (a.studyDate === b.studyDate ? (a.sop < b.sop ? -1 : a.sop > b.sop ? 1 : 0) : a.studyDate < b.studyDate ? -1 : 1));
}
