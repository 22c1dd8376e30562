/**
 * IHE IOCM rejection notes: a Key Object Selection Document whose title (CID 7010/7031) says why the instances it
 * references were removed from use. Only 113001 "Rejected for Quality Reasons" makes an image a reject in the
 * sense of reject analysis; the other titles are recorded but are not quality rejects (domain.md §6).
 *
 * A 113001 note may also say which quality reason: TID 2010 lets the document title be refined by a Document Title
 * Modifier (DCM 113011, relationship HAS CONCEPT MOD, value type CODE) holding a CID 7011 code (analysis.md §1).
 * IQS records that code as the reason from the modality, which the radiographer confirms or changes.
 */
import { type DicomDataset, isoDate, readDate, readSequence, readText } from './dicomValues';
import { children, conceptCode, conceptName, hasConcept } from './structuredReport';

export const REJECTION_TITLES = {
  qualityReasons: '113001',
  patientSafety: '113037',
  incorrectWorklistEntry: '113038',
  retentionExpired: '113039',
} as const;

const REJECTION_CODES = new Set<string>(Object.values(REJECTION_TITLES));

/** CID 7011 "Rejected for Quality Reasons" (DCM): the reasons a 113001 note's Document Title Modifier may hold. */
export const QUALITY_REJECTION_REASONS: ReadonlySet<string> = new Set([
  '111207', // image artifact(s)
  '111208', // grid artifact(s)
  '111209', // positioning
  '111210', // motion blur
  '111211', // under exposed
  '111212', // over exposed
  '111213', // no image
  '111214', // detector artifact(s)
  '111215', // artifact(s) other than grid or detector artifact
  '111216', // mechanical failure
  '111217', // electrical failure
  '111218', // software failure
  '111219', // inappropriate image processing
  '111220', // other failure
  '111221', // unknown failure
  '113026', // double exposure
]);

/** TID 2010 Document Title Modifier. */
const DOCUMENT_TITLE_MODIFIER = '113011';

export interface RejectionNote {
  /** the KOS document title's code value */
  readonly code: string;
  /** the SOP Instance UIDs it references */
  readonly rejects: string[];
  /** the CID 7011 code of its Document Title Modifier (only for title 113001), else null */
  readonly reasonCode: string | null;
  /** its ContentDate (YYYY-MM-DD), else null */
  readonly noteDate: string | null;
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

/**
 * The CID 7011 reason of a quality rejection note: the first Document Title Modifier among the root's content items
 * (HAS CONCEPT MOD, CODE, concept DCM 113011) whose code is a DCM code of CID 7011. Null for other titles, without a
 * modifier, or when the modifier holds another code (a local or private code is not a reason IQS can map).
 */
export function rejectionReasonCode(dataset: DicomDataset): string | null {
  if (!isQualityRejection(rejectionTitle(dataset))) return null;
  for (const item of children(dataset)) {
    if (!hasConcept(item, DOCUMENT_TITLE_MODIFIER)) continue;
    const relationship = readText(item, 'RelationshipType');
    const valueType = readText(item, 'ValueType');
    if (
      (relationship !== null && relationship.toUpperCase() !== 'HAS CONCEPT MOD') ||
      (valueType !== null && valueType.toUpperCase() !== 'CODE')
    )
      continue;
    const reason = conceptCode(item);
    if (reason === null || (reason.scheme !== null && reason.scheme.toUpperCase() !== 'DCM')) continue;
    if (QUALITY_REJECTION_REASONS.has(reason.value)) return reason.value;
  }
  return null;
}

export function readRejectionNote(dataset: DicomDataset): RejectionNote | null {
  const code = rejectionTitle(dataset);
  if (code === null) return null;
  const contentDate = readDate(dataset, 'ContentDate');
  return {
    code,
    rejects: referencedInstances(dataset),
    reasonCode: rejectionReasonCode(dataset),
    noteDate: contentDate === null ? null : isoDate(contentDate),
  };
}
