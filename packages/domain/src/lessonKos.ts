/**
 * A clinical lesson as a DICOM Key Object Selection Document (PS3.3 A.35.4, TID 2010), and any KOS read back as a
 * lesson. The document title is (113004, DCM, "For Teaching"); the evidence lists every referenced instance by study
 * and series; the content tree holds one Key Object Description (113012) TEXT item, then one IMAGE (or COMPOSITE) item
 * per image in lesson order. The description is written for people and read back by IQS: it carries the lesson's
 * title and each case's teaching point and number of images, so that cases, their order, the grouping of images and
 * the teaching points survive an exchange. Other viewers show it as the document's text.
 *
 * The document holds no patient identity (IQS has none): the patient's type 2 attributes are present and empty.
 * Pure: the dataset is built and read in naturalized form (keywords, as dcmjs and the project's Part 10 writer take
 * it); encoding to bytes is the caller's.
 */
import { type DicomDataset, readSequence, readText } from './dicomValues';
import { SOP_CLASS } from './sopClasses';
import { children, conceptName, hasConcept } from './structuredReport';
import { isValidUid } from './uids';

export const KOS_TITLES = {
  forTeaching: '113004',
} as const;
const KEY_OBJECT_DESCRIPTION = '113012';
const DESCRIPTION_HEADER = 'IQS lesson: ';

/** An image of a lesson as a KOS references it. */
export interface KosImageReference {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
}

export interface KosLessonCase {
  readonly teachingPoint: string | null;
  readonly images: readonly KosImageReference[];
}

export interface KosLesson {
  readonly title: string;
  readonly cases: readonly KosLessonCase[];
}

/** The KOS's own identity: new UIDs for its study, series and instance, and when it was made. */
export interface KosIdentity {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly made: Date;
}

/** A KOS read back. References whose study or series the evidence does not give have them null. */
export interface ReadKos {
  /** the document title's code value (113004 for a teaching file; other titles are read too) */
  readonly titleCode: string;
  readonly titleScheme: string | null;
  readonly titleMeaning: string | null;
  /** the lesson's title from IQS's description, else null */
  readonly title: string | null;
  /** a foreign description's text (not IQS's), else null */
  readonly description: string | null;
  /** true when the description was IQS's and gave the cases */
  readonly fromIqs: boolean;
  readonly cases: readonly {
    readonly teachingPoint: string | null;
    readonly images: readonly {
      readonly sopInstanceUid: string;
      readonly sopClassUid: string | null;
      readonly studyInstanceUid: string | null;
      readonly seriesInstanceUid: string | null;
    }[];
  }[];
}

/**
 * What is wrong, as a code a user interface can word in its languages: not_dicom (no Part 10 file), unreadable (a
 * Part 10 file that cannot be read, e.g. cut short), not_kos (another SOP class), no_title, no_references,
 * bad_reference (a content item without a UID), no_images (a lesson without images cannot be written),
 * bad_uid (an image or the document without a valid UID, or without a SOP class).
 */
export type KosErrorReason =
  'not_dicom' | 'unreadable' | 'not_kos' | 'no_title' | 'no_references' | 'bad_reference' | 'no_images' | 'bad_uid';

/** What is wrong with a file that is not a KOS IQS can read (or a lesson that cannot be written as one). */
export class KosError extends Error {
  constructor(
    readonly reason: KosErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'KosError';
  }
}

// SOP classes that are no image: an IMAGE content item may not reference them (COMPOSITE instead)
const NON_IMAGE_SOP_CLASS_PREFIXES = [
  '1.2.840.10008.5.1.4.1.1.88.', // structured reports, KOS
  '1.2.840.10008.5.1.4.1.1.11.', // presentation states
  '1.2.840.10008.5.1.4.1.1.104.', // encapsulated documents
  '1.2.840.10008.5.1.4.1.1.9.', // waveforms
  '1.2.840.10008.5.1.4.1.1.66', // raw data, registrations, segmentations' kin
  '1.2.840.10008.5.1.4.1.1.481.2', // RT dose, structure set, plans, records
  '1.2.840.10008.5.1.4.1.1.481.3',
  '1.2.840.10008.5.1.4.1.1.481.4',
  '1.2.840.10008.5.1.4.1.1.481.5',
  '1.2.840.10008.5.1.4.1.1.481.6',
  '1.2.840.10008.5.1.4.1.1.481.7',
  '1.2.840.10008.5.1.4.1.1.481.8',
  '1.2.840.10008.5.1.4.1.1.481.9',
];

export function isImageSopClass(sopClassUid: string): boolean {
  return !NON_IMAGE_SOP_CLASS_PREFIXES.some((prefix) => sopClassUid.startsWith(prefix));
}

const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/gu, ' ').trim();

/**
 * The Key Object Description: the lesson's title, then per case its number, its images (their numbers in the
 * document's order) and its teaching point; a teaching point's further lines are indented by two spaces.
 *
 *   IQS lesson: Knee AP, positioning
 *   Case 1 of 2, images 1-2: Free the joint space.
 *     The patella is centred.
 *   Case 2 of 2, image 3
 */
export function lessonDescription(lesson: KosLesson): string {
  let first = 1;
  const lines = [`${DESCRIPTION_HEADER}${oneLine(lesson.title)}`];
  lesson.cases.forEach((c, n) => {
    const last = first + c.images.length - 1;
    const range = c.images.length === 1 ? `image ${first}` : `images ${first}-${last}`;
    const point = c.teachingPoint?.trim() ? c.teachingPoint.trim().split(/\r?\n/u) : [];
    const [head, ...rest] = point;
    lines.push(`Case ${n + 1} of ${lesson.cases.length}, ${range}${head === undefined ? '' : `: ${head.trimEnd()}`}`);
    for (const line of rest) lines.push(`  ${line.trimEnd()}`);
    first = last + 1;
  });
  return lines.join('\n');
}

const CASE_LINE = /^Case (\d+) of (\d+), images? (\d+)(?:-(\d+))?(?:: ?(.*))?$/u;

/** IQS's description read back: the title and the cases (teaching point, image count); null when it is not IQS's. */
export function parseLessonDescription(
  text: string,
): { title: string; cases: { teachingPoint: string | null; imageCount: number }[] } | null {
  const lines = text.replace(/\r\n?/gu, '\n').split('\n');
  const header = lines[0];
  if (header === undefined || !header.startsWith(DESCRIPTION_HEADER)) return null;
  const cases: { teachingPoint: string | null; imageCount: number; first: number; of: number; n: number }[] = [];
  for (const line of lines.slice(1)) {
    const match = CASE_LINE.exec(line);
    if (match) {
      const first = Number(match[3]);
      const last = match[4] === undefined ? first : Number(match[4]);
      cases.push({
        n: Number(match[1]),
        of: Number(match[2]),
        first,
        imageCount: last - first + 1,
        teachingPoint: match[5] === undefined || match[5] === '' ? null : match[5],
      });
      continue;
    }
    const current = cases[cases.length - 1];
    if (current && line.startsWith('  ')) {
      current.teachingPoint = `${current.teachingPoint ?? ''}\n${line.slice(2)}`;
      continue;
    }
    if (line.trim() === '') continue;
    return null;
  }
  // numbered 1..n of n, images consecutive from 1
  let next = 1;
  for (const [i, c] of cases.entries()) {
    if (c.n !== i + 1 || c.of !== cases.length || c.first !== next || c.imageCount < 1) return null;
    next += c.imageCount;
  }
  return {
    title: header.slice(DESCRIPTION_HEADER.length).trim(),
    cases: cases.map((c) => ({ teachingPoint: c.teachingPoint, imageCount: c.imageCount })),
  };
}

const code = (value: string, meaning: string) => [{ CodeValue: value, CodingSchemeDesignator: 'DCM', CodeMeaning: meaning }];

const dicomDate = (d: Date): string =>
  `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
const dicomTime = (d: Date): string =>
  `${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}${String(d.getUTCSeconds()).padStart(2, '0')}`;

/**
 * The lesson as a Key Object Selection Document (naturalized: keyword → value). Throws KosError when the lesson has
 * no image or an image lacks a valid UID (a KOS must name each instance's SOP class).
 */
export function lessonKosDataset(lesson: KosLesson, identity: KosIdentity): Record<string, unknown> {
  const images = lesson.cases.flatMap((c) => c.images);
  if (images.length === 0) throw new KosError('no_images', 'the lesson has no images: a Key Object Selection needs at least one');
  for (const image of images) {
    for (const [name, uid] of [
      ['StudyInstanceUID', image.studyInstanceUid],
      ['SeriesInstanceUID', image.seriesInstanceUid],
      ['SOPInstanceUID', image.sopInstanceUid],
      ['SOPClassUID', image.sopClassUid],
    ] as const)
      if (!isValidUid(uid)) throw new KosError('bad_uid', `image ${image.sopInstanceUid || '?'} has no valid ${name} (${uid || 'none'})`);
  }
  for (const uid of [identity.studyInstanceUid, identity.seriesInstanceUid, identity.sopInstanceUid])
    if (!isValidUid(uid)) throw new KosError('bad_uid', `the document's own UID ${uid} is not valid`);

  // evidence: study → series → instances, in order of first appearance, each instance once
  const studies = new Map<string, Map<string, Map<string, string>>>();
  for (const image of images) {
    const series = studies.get(image.studyInstanceUid) ?? new Map<string, Map<string, string>>();
    studies.set(image.studyInstanceUid, series);
    const instances = series.get(image.seriesInstanceUid) ?? new Map<string, string>();
    series.set(image.seriesInstanceUid, instances);
    instances.set(image.sopInstanceUid, image.sopClassUid);
  }
  const made = identity.made;
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: SOP_CLASS.keyObjectSelection,
    SOPInstanceUID: identity.sopInstanceUid,
    // patient and study: IQS holds no patient identity; type 2 attributes present and empty
    PatientName: '',
    PatientID: '',
    PatientBirthDate: '',
    PatientSex: '',
    StudyInstanceUID: identity.studyInstanceUid,
    StudyDate: dicomDate(made),
    StudyTime: dicomTime(made),
    ReferringPhysicianName: '',
    StudyID: '',
    AccessionNumber: '',
    StudyDescription: oneLine(lesson.title).slice(0, 64),
    Modality: 'KO',
    SeriesInstanceUID: identity.seriesInstanceUid,
    SeriesNumber: 1,
    SeriesDescription: 'For Teaching',
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: 'IQS',
    InstanceNumber: 1,
    ContentDate: dicomDate(made),
    ContentTime: dicomTime(made),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: code(KOS_TITLES.forTeaching, 'For Teaching'),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    CurrentRequestedProcedureEvidenceSequence: [...studies.entries()].map(([study, series]) => ({
      StudyInstanceUID: study,
      ReferencedSeriesSequence: [...series.entries()].map(([seriesUid, instances]) => ({
        SeriesInstanceUID: seriesUid,
        ReferencedSOPSequence: [...instances.entries()].map(([sop, sopClass]) => ({
          ReferencedSOPClassUID: sopClass,
          ReferencedSOPInstanceUID: sop,
        })),
      })),
    })),
    ContentSequence: [
      {
        // repeated in the item (PS3.5 7.5.3 allows it): some readers, dcmjs among them, decode an item's text in the
        // default repertoire otherwise
        SpecificCharacterSet: 'ISO_IR 192',
        RelationshipType: 'CONTAINS',
        ValueType: 'TEXT',
        ConceptNameCodeSequence: code(KEY_OBJECT_DESCRIPTION, 'Key Object Description'),
        TextValue: lessonDescription(lesson),
      },
      ...images.map((image) => ({
        RelationshipType: 'CONTAINS',
        ValueType: isImageSopClass(image.sopClassUid) ? 'IMAGE' : 'COMPOSITE',
        ReferencedSOPSequence: [{ ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: image.sopInstanceUid }],
      })),
    ],
  };
}

/**
 * Any Key Object Selection Document read as a lesson: its title code, and its cases — IQS's own from its description,
 * else one case per referenced instance (in the content tree's order, then any the evidence alone lists). Throws
 * KosError naming what is wrong: another SOP class, no document title, no referenced instance.
 */
export function readLessonKos(dataset: DicomDataset): ReadKos {
  const sopClass = readText(dataset, 'SOPClassUID');
  if (sopClass === null) throw new KosError('not_kos', 'no SOP Class UID: this is not a DICOM object IQS can read');
  if (sopClass !== SOP_CLASS.keyObjectSelection)
    throw new KosError('not_kos', `SOP Class ${sopClass} is not a Key Object Selection Document (${SOP_CLASS.keyObjectSelection})`);
  const title = conceptName(dataset);
  if (title === null) throw new KosError('no_title', 'the Key Object Selection has no document title (ConceptNameCodeSequence)');
  const titleMeaning = readText(readSequence(dataset, 'ConceptNameCodeSequence')[0] ?? {}, 'CodeMeaning');

  // where each instance is: the evidence
  const place = new Map<string, { study: string | null; series: string | null; sopClass: string | null }>();
  const evidenceOrder: string[] = [];
  for (const study of readSequence(dataset, 'CurrentRequestedProcedureEvidenceSequence')) {
    const studyUid = readText(study, 'StudyInstanceUID');
    for (const series of readSequence(study, 'ReferencedSeriesSequence')) {
      const seriesUid = readText(series, 'SeriesInstanceUID');
      for (const sop of readSequence(series, 'ReferencedSOPSequence')) {
        const uid = readText(sop, 'ReferencedSOPInstanceUID');
        if (uid === null || place.has(uid)) continue;
        place.set(uid, { study: studyUid, series: seriesUid, sopClass: readText(sop, 'ReferencedSOPClassUID') });
        evidenceOrder.push(uid);
      }
    }
  }
  // the instances in the content tree's order (IMAGE and COMPOSITE items at the root), then any the evidence alone lists
  const ordered: { uid: string; sopClass: string | null }[] = [];
  for (const item of children(dataset)) {
    const valueType = readText(item, 'ValueType')?.toUpperCase();
    if (valueType !== 'IMAGE' && valueType !== 'COMPOSITE' && valueType !== 'WAVEFORM') continue;
    const sop = readSequence(item, 'ReferencedSOPSequence')[0];
    const uid = sop ? readText(sop, 'ReferencedSOPInstanceUID') : null;
    if (uid === null) throw new KosError('bad_reference', `a ${valueType} content item references no SOP Instance UID`);
    if (!ordered.some((o) => o.uid === uid)) ordered.push({ uid, sopClass: readText(sop ?? {}, 'ReferencedSOPClassUID') });
  }
  const inContent = ordered.length;
  for (const uid of evidenceOrder) if (!ordered.some((o) => o.uid === uid)) ordered.push({ uid, sopClass: null });
  const references = ordered.map((o) => {
    const where = place.get(o.uid);
    return {
      sopInstanceUid: o.uid,
      sopClassUid: o.sopClass ?? where?.sopClass ?? null,
      studyInstanceUid: where?.study ?? null,
      seriesInstanceUid: where?.series ?? null,
    };
  });
  if (references.length === 0) throw new KosError('no_references', 'the Key Object Selection references no instance');

  const descriptionItem = children(dataset).find(
    (item) => hasConcept(item, KEY_OBJECT_DESCRIPTION) && readText(item, 'ValueType')?.toUpperCase() === 'TEXT',
  );
  const text = descriptionItem ? (readTextValue(descriptionItem) ?? null) : null;
  const iqs = text === null ? null : parseLessonDescription(text);
  const header = { titleCode: title.value, titleScheme: title.scheme, titleMeaning };
  // IQS's grouping holds only when the content tree lists exactly the images it counts, and nothing else is referenced
  if (iqs !== null && inContent === references.length && iqs.cases.reduce((n, c) => n + c.imageCount, 0) === inContent) {
    let next = 0;
    return {
      ...header,
      title: iqs.title || null,
      description: null,
      fromIqs: true,
      cases: iqs.cases.map((c) => {
        const images = references.slice(next, next + c.imageCount);
        next += c.imageCount;
        return { teachingPoint: c.teachingPoint, images };
      }),
    };
  }
  return {
    ...header,
    title: null,
    description: text,
    fromIqs: false,
    cases: references.map((image) => ({ teachingPoint: null, images: [image] })),
  };
}

/** A TEXT item's value as written (readText trims and splits on backslashes, which a free text may hold). */
function readTextValue(item: DicomDataset): string | null {
  const raw = item['TextValue'];
  const value = Array.isArray(raw) ? raw.join('\\') : raw;
  if (typeof value !== 'string') return null;
  const text = value.replace(/[\s\0]+$/u, '');
  return text === '' ? null : text;
}
