/**
 * Reading back what the lessons browser test made, without IQS's own code: the exported Key Object Selection with
 * dcmjs (as another viewer would read it), and a lesson straight from its tables with the service role.
 */
import type { IqsServiceClient } from '@iqs/database';
import dcmjs from 'dcmjs';

type Item = Record<string, unknown>;
const items = (value: unknown): Item[] => (Array.isArray(value) ? (value as Item[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface KosRead {
  readonly sopClassUid: string;
  readonly titleCode: { readonly value: string; readonly scheme: string };
  /** the content tree's IMAGE items, in document order */
  readonly contentImages: ReadonlyArray<{ readonly sopClassUid: string; readonly sopInstanceUid: string }>;
  /** every instance of the evidence (study, series, SOP class and instance), sorted by SOP Instance UID */
  readonly evidence: ReadonlyArray<{
    readonly study: string;
    readonly series: string;
    readonly sopClassUid: string;
    readonly sopInstanceUid: string;
  }>;
}

export function readKos(file: Buffer): KosRead {
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  const read = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buffer).dict) as Item;
  const title = items(read['ConceptNameCodeSequence'])[0] ?? {};
  const contentImages = items(read['ContentSequence'])
    .filter((item) => item['ValueType'] === 'IMAGE')
    .map((item) => {
      const reference = items(item['ReferencedSOPSequence'])[0] ?? {};
      return { sopClassUid: text(reference['ReferencedSOPClassUID']), sopInstanceUid: text(reference['ReferencedSOPInstanceUID']) };
    });
  const evidence = items(read['CurrentRequestedProcedureEvidenceSequence'])
    .flatMap((study) =>
      items(study['ReferencedSeriesSequence']).flatMap((series) =>
        items(series['ReferencedSOPSequence']).map((instance) => ({
          study: text(study['StudyInstanceUID']),
          series: text(series['SeriesInstanceUID']),
          sopClassUid: text(instance['ReferencedSOPClassUID']),
          sopInstanceUid: text(instance['ReferencedSOPInstanceUID']),
        })),
      ),
    )
    .sort((a, b) => a.sopInstanceUid.localeCompare(b.sopInstanceUid));
  return {
    sopClassUid: text(read['SOPClassUID']),
    titleCode: { value: text(title['CodeValue']), scheme: text(title['CodingSchemeDesignator']) },
    contentImages,
    evidence,
  };
}

export interface StoredLesson {
  readonly title: string;
  readonly cases: ReadonlyArray<{ readonly position: number; readonly teachingPoint: string | null; readonly images: readonly string[] }>;
}

/** A lesson as its tables hold it: title, cases in order with their teaching points and images (SOP Instance UIDs) in order. */
export async function readStoredLesson(service: IqsServiceClient, lessonId: string): Promise<StoredLesson> {
  const lesson = await service.from('lessons').select('title').eq('id', lessonId).single();
  if (lesson.error) throw new Error(lesson.error.message);
  const cases = await service.from('lesson_cases').select('id, position, teaching_point').eq('lesson_id', lessonId).order('position');
  if (cases.error) throw new Error(cases.error.message);
  const caseIds = cases.data.map((c) => c.id);
  const links = await service
    .from('lesson_case_images')
    .select('case_id, position, image_id')
    .in('case_id', caseIds.length > 0 ? caseIds : ['00000000-0000-0000-0000-000000000000'])
    .order('position');
  if (links.error) throw new Error(links.error.message);
  const imageIds = links.data.map((l) => l.image_id);
  const images = await service
    .from('images')
    .select('id, sop_instance_uid')
    .in('id', imageIds.length > 0 ? imageIds : ['00000000-0000-0000-0000-000000000000']);
  if (images.error) throw new Error(images.error.message);
  const sopOf = new Map(images.data.map((i) => [i.id, i.sop_instance_uid]));
  return {
    title: lesson.data.title,
    cases: cases.data.map((c) => ({
      position: c.position,
      teachingPoint: c.teaching_point,
      images: links.data.filter((l) => l.case_id === c.id).map((l) => sopOf.get(l.image_id) ?? ''),
    })),
  };
}
