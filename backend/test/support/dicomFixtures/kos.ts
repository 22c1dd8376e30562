/**
 * IHE IOCM rejection notes: Key Object Selection Documents (SOP Class 1.2.840.10008.5.1.4.1.1.88.59, modality KO,
 * PS3.3 A.35.4) whose TID 2010 document title comes from CID 7010 and says why the referenced instances are rejected:
 *
 *   113001 Rejected for Quality Reasons (a reject, in the reject-analysis sense; optionally with a CID 7011 reason as
 *          Document Title Modifier 113011)
 *   113037 Rejected for Patient Safety Reasons · 113038 Incorrect Modality Worklist Entry · 113039 Data Retention
 *          Policy Expired
 *
 * The referenced instances are listed twice, as the IOD requires: in the Current Requested Procedure Evidence
 * Sequence (study → series → SOP instances) and as IMAGE content items (which carry no concept name in TID 2010).
 * IOCM puts the note in the study of the instances it rejects, in a series of its own.
 */
import type { DicomItem } from '@iqs/dicom';
import { expectedAge, headerElements, isoDate, resolveHeader, toPart10, type Fixture, type HeaderOptions, type Syntax } from './common';
import { DCM, code, codeItem, item, type Code } from './sr';

export const KEY_OBJECT_SELECTION_DOCUMENT = '1.2.840.10008.5.1.4.1.1.88.59';

/** CID 7010 titles that IOCM uses as rejection notes. */
export const REJECTION_TITLES = {
  '113001': code('113001', 'DCM', 'Rejected for Quality Reasons'),
  '113037': code('113037', 'DCM', 'Rejected for Patient Safety Reasons'),
  '113038': code('113038', 'DCM', 'Incorrect Modality Worklist Entry'),
  '113039': code('113039', 'DCM', 'Data Retention Policy Expired'),
} as const;

export type RejectionCode = keyof typeof REJECTION_TITLES;

/** CID 7011 Rejected for Quality Reasons. */
export const QUALITY_REASONS = {
  '111207': code('111207', 'DCM', 'Image artifact(s)'),
  '111208': code('111208', 'DCM', 'Grid artifact(s)'),
  '111209': code('111209', 'DCM', 'Positioning'),
  '111210': code('111210', 'DCM', 'Motion blur'),
  '111211': code('111211', 'DCM', 'Under exposed'),
  '111212': code('111212', 'DCM', 'Over exposed'),
  '111213': code('111213', 'DCM', 'No image'),
  '111214': code('111214', 'DCM', 'Detector artifact(s)'),
  '111215': code('111215', 'DCM', 'Artifact(s) other than grid or detector artifact'),
  '111216': code('111216', 'DCM', 'Mechanical failure'),
  '111217': code('111217', 'DCM', 'Electrical failure'),
  '111218': code('111218', 'DCM', 'Software failure'),
  '111219': code('111219', 'DCM', 'Inappropriate image processing'),
  '111220': code('111220', 'DCM', 'Other failure'),
  '111221': code('111221', 'DCM', 'Unknown failure'),
  '113026': code('113026', 'DCM', 'Double exposure'),
} as const;

export type QualityReason = keyof typeof QUALITY_REASONS;

/** One rejected instance; all of a note's references are in the note's study. */
export interface RejectedInstance {
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  /** default: Digital X-Ray Image Storage – For Presentation */
  readonly sopClassUid?: string;
}

export interface RejectionNoteOptions extends HeaderOptions {
  /** the study of the rejected instances: required, the note belongs to it */
  readonly studyInstanceUid: string;
  readonly title?: RejectionCode;
  /** CID 7011 reason, written as Document Title Modifier (113011); only with title 113001 */
  readonly reason?: QualityReason;
  readonly description?: string;
  readonly rejects: readonly RejectedInstance[];
  /** DA/TM of the note; default: the study date and 12:00 */
  readonly contentDate?: string;
  readonly contentTime?: string;
  readonly transferSyntax?: Syntax;
}

export interface RejectionNoteExpected {
  readonly sop_class_uid: string;
  readonly sop_instance_uid: string;
  readonly study_instance_uid: string;
  readonly series_instance_uid: string;
  readonly study_date: string;
  readonly patient_age_years: number | null;
  /** the CID 7010 document title code */
  readonly rejection_code: RejectionCode;
  /** the CID 7011 reason code, when the note carries one */
  readonly reason_code: QualityReason | null;
  /** the note's ContentDate, YYYY-MM-DD */
  readonly note_date: string;
  /** SOP Instance UIDs of the rejected instances, in the order written */
  readonly rejects: readonly string[];
  /** the same with their series and SOP class */
  readonly references: readonly {
    readonly series_instance_uid: string;
    readonly sop_instance_uid: string;
    readonly sop_class_uid: string;
  }[];
}

const DX_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.1';

/** An IOCM rejection note (KOS) for instances of one study. */
export function rejectionNote(options: RejectionNoteOptions): Fixture<RejectionNoteExpected> {
  const title = options.title ?? '113001';
  if (options.reason !== undefined && title !== '113001') throw new Error('A CID 7011 reason only goes with title 113001');
  return buildRejectionNote(options, options.reason === undefined ? [] : [QUALITY_REASONS[options.reason]]);
}

export interface RejectionNoteWithModifierOptions extends Omit<RejectionNoteOptions, 'reason'> {
  /**
   * the codes of its Document Title Modifiers (DCM 113011, HAS CONCEPT MOD, CODE), in order: CID 7011 codes, or any
   * other code (a local or private one, or a CID 7011 value under another scheme) to see that it is not taken as a
   * reason; with any title, to see that only 113001 carries one
   */
  readonly modifiers: readonly Code[];
}

/**
 * A rejection note whose TID 2010 root holds the given Document Title Modifiers. Its expected reason_code is the
 * first modifier that is a DCM CID 7011 code, when the title is 113001 (what a reader should take); else null.
 */
export function rejectionNoteWithModifier(options: RejectionNoteWithModifierOptions): Fixture<RejectionNoteExpected> {
  return buildRejectionNote(options, options.modifiers);
}

const CID_7011 = new Set<string>(Object.keys(QUALITY_REASONS));

function buildRejectionNote(options: Omit<RejectionNoteOptions, 'reason'>, modifiers: readonly Code[]): Fixture<RejectionNoteExpected> {
  if (options.rejects.length === 0) throw new Error('A rejection note references at least one instance');
  const title = options.title ?? '113001';
  const h = resolveHeader(options, 'kos', { seriesNumber: 9999 });
  const references = options.rejects.map((r) => ({
    series_instance_uid: r.seriesInstanceUid,
    sop_instance_uid: r.sopInstanceUid,
    sop_class_uid: r.sopClassUid ?? DX_FOR_PRESENTATION,
  }));

  // Hierarchical SOP Instance Reference Macro (PS3.3 C.17.2.1): series in order of first appearance
  const seriesOrder = [...new Set(references.map((r) => r.series_instance_uid))];
  const evidence: DicomItem[] = [
    {
      StudyInstanceUID: h.studyInstanceUid,
      ReferencedSeriesSequence: seriesOrder.map((seriesUid) => ({
        SeriesInstanceUID: seriesUid,
        ReferencedSOPSequence: references
          .filter((r) => r.series_instance_uid === seriesUid)
          .map((r) => ({ ReferencedSOPClassUID: r.sop_class_uid, ReferencedSOPInstanceUID: r.sop_instance_uid })),
      })),
    },
  ];

  const titleCode: Code = REJECTION_TITLES[title];
  const content: DicomItem[] = [
    ...modifiers.map((modifier) => item.code('HAS CONCEPT MOD', DCM.documentTitleModifier, modifier)),
    ...(options.description === undefined ? [] : [item.text('CONTAINS', DCM.keyObjectDescription, options.description)]),
    ...references.map((r) => item.image('CONTAINS', r.sop_class_uid, r.sop_instance_uid)),
  ];

  const dataset: DicomItem = {
    ...headerElements(h),
    SOPClassUID: KEY_OBJECT_SELECTION_DOCUMENT,
    // Key Object Document Series (C.17.6.1)
    Modality: 'KO',
    ReferencedPerformedProcedureStepSequence: [],
    // Key Object Document (C.17.6.2)
    ContentDate: options.contentDate ?? h.studyDate,
    ContentTime: options.contentTime ?? '120000',
    CurrentRequestedProcedureEvidenceSequence: evidence,
    // SR Document Content (C.17.3), root of TID 2010
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(titleCode)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    ContentSequence: content,
  };
  const expected: RejectionNoteExpected = {
    sop_class_uid: KEY_OBJECT_SELECTION_DOCUMENT,
    sop_instance_uid: h.sopInstanceUid,
    study_instance_uid: h.studyInstanceUid,
    series_instance_uid: h.seriesInstanceUid,
    study_date: isoDate(h.studyDate),
    patient_age_years: expectedAge(h),
    rejection_code: title,
    note_date: isoDate(options.contentDate ?? h.studyDate),
    reason_code:
      title === '113001'
        ? ((modifiers.find((m) => m.scheme === 'DCM' && CID_7011.has(m.value))?.value as QualityReason | undefined) ?? null)
        : null,
    rejects: references.map((r) => r.sop_instance_uid),
    references,
  };
  return { dataset, file: toPart10(dataset, options.transferSyntax), expected };
}
