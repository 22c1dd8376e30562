/**
 * IHE IOCM rejection notes: a Key Object Selection Document whose title (CID 7010/7031) says why the instances it
 * references were removed from use. Only 113001 "Rejected for Quality Reasons" makes an image a reject in the
 * sense of reject analysis; the other titles are recorded but are not quality rejects (domain.md §6).
 */
import { type DicomDataset, readSequence, readText } from './dicomValues';
import { conceptName } from './structuredReport';

export const REJECTION_TITLES = {
  qualityReasons: '113001',
  patientSafety: '113037',
  incorrectWorklistEntry: '113038',
  retentionExpired: '113039',
} as const;

const REJECTION_CODES = new Set<string>(Object.values(REJECTION_TITLES));

export interface RejectionNote {
  /** the KOS document title's code value */
  readonly code: string;
  /** the SOP Instance UIDs it references */
  readonly rejects: string[];
}

/** The document title code of a KOS, when it is one of the IOCM rejection titles; else null. */
export function rejectionTitle(dataset: DicomDataset): string | null {
  const title = conceptName(dataset);
  if (!title || (title.scheme !== null && title.scheme.toUpperCase() !== 'DCM')) return null;
  return REJECTION_CODES.has(title.value) ? title.value : null;
}

export function isQualityRejection(code: string | null): boolean {
  return code === REJECTION_TITLES.qualityReasons;
}

/**
 * The instances a KOS references: from its evidence (CurrentRequestedProcedureEvidenceSequence) and from its
 * content items, which should agree; a note that lists an instance in only one of them still rejects it.
 */
export function referencedInstances(dataset: DicomDataset): string[] {
  const uids = new Set<string>();
  const addSops = (holder: DicomDataset): void => {
    for (const sop of readSequence(holder, 'ReferencedSOPSequence')) {
      const uid = readText(sop, 'ReferencedSOPInstanceUID');
      if (uid !== null) uids.add(uid);
    }
  };
  for (const study of readSequence(dataset, 'CurrentRequestedProcedureEvidenceSequence')) {
    for (const series of readSequence(study, 'ReferencedSeriesSequence')) addSops(series);
  }
  for (const item of readSequence(dataset, 'ContentSequence')) addSops(item);
  return [...uids];
}

export function readRejectionNote(dataset: DicomDataset): RejectionNote | null {
  const code = rejectionTitle(dataset);
  return code === null ? null : { code, rejects: referencedInstances(dataset) };
}
