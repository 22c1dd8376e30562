/**
 * Clinical lessons (lessons/lessonPorts.ts LessonData) over supabase-js. The database decides who reads and changes a
 * lesson (RLS of migration 32: one's own and the site's shared lessons; only the owner changes one) and what a
 * presentation holds (lesson_presentation: no person's name, faults only from closed evaluations the caller may
 * read). A lesson leaves and enters IQS as a DICOM Key Object Selection, built and read here in the browser with
 * @iqs/domain's lessonKos; an import keeps the images the site's index holds and lists the others.
 */
import { KosError, lessonKosDataset, newUid, readLessonKos, type KosLesson } from '@iqs/domain';
import type {
  KosFile,
  Lesson,
  LessonCase,
  LessonData,
  LessonImage,
  LessonImageOrigin,
  LessonImportResult,
  LessonSummary,
} from '../lessons/lessonPorts';
import type { Database } from '@iqs/database';
import type { DoseQuantity, DoseStatus } from '../ports';
import type { IqsClient } from './client';
import { decodePart10, encodePart10 } from './kosFile';
import { BackendError } from './profile';

type Failure = { message: string; code?: string | null };
type Row = Record<string, unknown>;

const fail = (error: Failure): never => {
  throw new BackendError(error.message, error.code ?? null);
};

/** The answer's data, or the backend's error. */
function dataOf<T>(answer: { data: unknown; error: Failure | null }): T {
  if (answer.error) fail(answer.error);
  return answer.data as T;
}

/** A change the policies left without effect (not the caller's lesson): said, not silently ignored. */
function changedOne(rows: unknown, what: string): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new BackendError(`${what}: not found, or not yours to change`, '42501');
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function summaryOf(row: Row): LessonSummary {
  return {
    id: String(row['id']),
    title: String(row['title']),
    description: (row['description'] as string | null) ?? null,
    shared: row['shared'] === true,
    mine: row['mine'] === true,
    caseCount: Number(row['case_count'] ?? 0),
    imageCount: Number(row['image_count'] ?? 0),
    updatedAt: String(row['updated_at']),
  };
}

function imageOf(row: Row): LessonImage {
  const facts = (row['facts'] ?? {}) as Row;
  const dose = facts['dose'] as Row | null;
  const reason = facts['reject_reason'] as Row | null;
  return {
    imageId: String(row['image_id']),
    sopInstanceUid: String(row['sop_instance_uid']),
    studyInstanceUid: String(row['study_instance_uid']),
    seriesInstanceUid: String(row['series_instance_uid']),
    sopClassUid: (row['sop_class_uid'] as string | null) ?? null,
    modality: (row['modality'] as string | null) ?? null,
    procedureLabel: (row['procedure_label'] as string | null) ?? null,
    procedureLabelNl: (row['procedure_label_nl'] as string | null) ?? null,
    procedureLabelEn: (row['procedure_label_en'] as string | null) ?? null,
    viewPosition: (row['view_position'] as string | null) ?? null,
    patientAgeYears: numberOrNull(row['patient_age_years']),
    facts: {
      rejected: facts['rejected'] === true,
      rejectReason: reason
        ? { code: String(reason['code']), label_nl: String(reason['label_nl']), label_en: String(reason['label_en']) }
        : null,
      faults: ((facts['faults'] ?? []) as Row[]).map((f) => ({
        code: String(f['code']),
        label_nl: String(f['label_nl']),
        label_en: String(f['label_en']),
        count: Number(f['count']),
      })),
      dose: dose
        ? {
            quantity: dose['quantity'] as DoseQuantity,
            value: Number(dose['value']),
            unit: String(dose['unit']),
            drl: numberOrNull(dose['drl']),
            target: numberOrNull(dose['target']),
            status: (dose['status'] ?? 'no_reference') as DoseStatus,
          }
        : null,
    },
  };
}

function caseOf(row: Row): LessonCase {
  return {
    id: String(row['id']),
    position: Number(row['position']),
    teachingPoint: (row['teaching_point'] as string | null) ?? null,
    showFacts: row['show_facts'] !== false,
    images: ((row['images'] ?? []) as Row[]).map(imageOf),
  };
}

/** lesson_presentation's JSON as the port's Lesson. */
export function lessonOf(row: Row): Lesson {
  return { ...summaryOf(row), cases: ((row['cases'] ?? []) as Row[]).map(caseOf) };
}

/** The lesson as the KOS takes it; KosError when an image lacks what a KOS must say. */
export function kosLessonOf(lesson: Lesson): KosLesson {
  return {
    title: lesson.title,
    cases: lesson.cases.map((c) => ({
      teachingPoint: c.teachingPoint,
      images: c.images.map((image) => {
        if (!image.sopClassUid)
          throw new KosError(
            'bad_uid',
            `image ${image.sopInstanceUid} has no SOP Class UID in the index: it cannot be referenced in a KOS`,
          );
        return {
          studyInstanceUid: image.studyInstanceUid,
          seriesInstanceUid: image.seriesInstanceUid,
          sopInstanceUid: image.sopInstanceUid,
          sopClassUid: image.sopClassUid,
        };
      }),
    })),
  };
}

/** A file name from the title: letters, digits and dashes only (no path, nothing a file system refuses). */
export function kosFileName(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[^A-Za-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 60);
  return `${stem || 'lesson'}.kos.dcm`;
}

export function createLessonData(client: IqsClient, now: () => Date = () => new Date()): LessonData {
  const listLessons = async (): Promise<LessonSummary[]> => dataOf<Row[]>(await client.rpc('lesson_list')).map(summaryOf);
  const summary = async (id: string): Promise<LessonSummary> => {
    const found = (await listLessons()).find((l) => l.id === id);
    if (!found) throw new BackendError(`no lesson ${id} that you may read`, '42501');
    return found;
  };
  const lesson = async (id: string): Promise<Lesson> => lessonOf(dataOf<Row>(await client.rpc('lesson_presentation', { lesson: id })));

  return {
    listLessons,
    async createLesson(input) {
      const row = dataOf<Row>(
        await client
          .from('lessons')
          .insert({ title: input.title, description: input.description ?? null, shared: input.shared ?? false })
          .select('id, title, description, shared, updated_at')
          .single(),
      );
      return summaryOf({ ...row, mine: true, case_count: 0, image_count: 0 });
    },
    async updateLesson(id, change) {
      const patch: Database['public']['Tables']['lessons']['Update'] = {};
      if (change.title !== undefined) patch['title'] = change.title;
      if (change.description !== undefined) patch['description'] = change.description;
      if (change.shared !== undefined) patch['shared'] = change.shared;
      if (Object.keys(patch).length === 0) return;
      changedOne(dataOf(await client.from('lessons').update(patch).eq('id', id).select('id')), 'lesson');
    },
    async deleteLesson(id) {
      changedOne(dataOf(await client.from('lessons').delete().eq('id', id).select('id')), 'lesson');
    },
    lesson,
    async addCase(lessonId, images, options = {}) {
      const caseId = dataOf<string>(
        await client.rpc('add_lesson_case', {
          lesson: lessonId,
          sop_instance_uids: images.map((i) => i.sopInstanceUid),
          teaching_point: options.teachingPoint ?? undefined,
          origin: (options.origin ?? 'viewer') satisfies LessonImageOrigin,
        }),
      );
      const added = (await lesson(lessonId)).cases.find((c) => c.id === caseId);
      if (!added) throw new BackendError(`case ${caseId} was added but cannot be read back`, null);
      return added;
    },
    async updateCase(caseId, change) {
      const patch: Database['public']['Tables']['lesson_cases']['Update'] = {};
      if (change.teachingPoint !== undefined) patch['teaching_point'] = change.teachingPoint;
      if (change.showFacts !== undefined) patch['show_facts'] = change.showFacts;
      if (Object.keys(patch).length === 0) return;
      changedOne(dataOf(await client.from('lesson_cases').update(patch).eq('id', caseId).select('id')), 'lesson case');
    },
    async removeCase(caseId) {
      dataOf(await client.rpc('remove_lesson_case', { lesson_case: caseId }));
    },
    async moveCase(caseId, position) {
      dataOf(await client.rpc('move_lesson_case', { lesson_case: caseId, position }));
    },
    async exportKos(lessonId): Promise<KosFile> {
      const shown = await lesson(lessonId);
      const dataset = lessonKosDataset(kosLessonOf(shown), {
        studyInstanceUid: newUid(),
        seriesInstanceUid: newUid(),
        sopInstanceUid: newUid(),
        made: now(),
      });
      return { fileName: kosFileName(shown.title), bytes: await encodePart10(dataset) };
    },
    async importKos(bytes, options = {}): Promise<LessonImportResult> {
      const read = readLessonKos(await decodePart10(bytes));
      const title = options.title?.trim() || read.title || read.titleMeaning || 'Key Object Selection';
      const result = dataOf<Row>(
        await client.rpc('import_lesson', {
          title,
          description: read.description ?? undefined,
          cases: read.cases.map((c) => ({ teaching_point: c.teachingPoint, images: c.images.map((i) => i.sopInstanceUid) })),
        }),
      );
      return {
        lesson: await summary(String(result['lesson_id'])),
        missing: ((result['missing'] ?? []) as string[]).map(String),
        titleCode: read.titleCode,
      };
    },
  };
}
