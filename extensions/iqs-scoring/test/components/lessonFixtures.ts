import type {
  KosFile,
  Lesson,
  LessonCase,
  LessonData,
  LessonImage,
  LessonImageOrigin,
  LessonImportResult,
  LessonSummary,
} from '../../src/lessons/lessonPorts';

/** An image of the fake index: a chest PA, accepted, no faults, dose below the DRN unless told. */
export function lessonImage(sopInstanceUid: string, change: Partial<LessonImage> = {}): LessonImage {
  return {
    imageId: `img-${sopInstanceUid}`,
    sopInstanceUid,
    studyInstanceUid: `study-${sopInstanceUid}`,
    seriesInstanceUid: `series-${sopInstanceUid}`,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1',
    modality: 'DX',
    procedureLabel: 'Thorax PA',
    viewPosition: 'PA',
    patientAgeYears: 54,
    facts: { rejected: false, rejectReason: null, faults: [], dose: null },
    ...change,
  };
}

interface StoredLesson {
  id: string;
  title: string;
  description: string | null;
  shared: boolean;
  mine: boolean;
  updatedAt: string;
  cases: { id: string; teachingPoint: string | null; showFacts: boolean; images: LessonImage[]; origin: LessonImageOrigin | undefined }[];
}

export type LessonCall = { method: keyof LessonData; args: unknown[] };

/**
 * An in-memory LessonData: lessons of the caller and of colleagues, images from a fixed index. `failNext(method)`
 * makes the next call of that method fail (a refused save), so a test can check that nothing typed is lost.
 */
export function fakeLessonData(options: { index?: readonly LessonImage[] } = {}) {
  const index = new Map((options.index ?? []).map((image) => [image.sopInstanceUid, image]));
  const lessons: StoredLesson[] = [];
  const calls: LessonCall[] = [];
  const failures = new Map<string, string>();
  let seq = 0;
  let clock = Date.parse('2026-11-01T10:00:00Z');
  const now = (): string => new Date((clock += 60_000)).toISOString();

  const find = (id: string): StoredLesson => {
    const lesson = lessons.find((candidate) => candidate.id === id);
    if (!lesson) throw new Error(`no lesson ${id}`);
    return lesson;
  };
  const findCase = (caseId: string) => {
    for (const lesson of lessons) {
      const index = lesson.cases.findIndex((lessonCase) => lessonCase.id === caseId);
      if (index >= 0) return { lesson, index };
    }
    throw new Error(`no case ${caseId}`);
  };
  const own = (lesson: StoredLesson): void => {
    if (!lesson.mine) throw new Error('new row violates row-level security policy for table "lessons"');
  };
  const summary = (lesson: StoredLesson): LessonSummary => ({
    id: lesson.id,
    title: lesson.title,
    description: lesson.description,
    shared: lesson.shared,
    mine: lesson.mine,
    caseCount: lesson.cases.length,
    imageCount: lesson.cases.reduce((sum, lessonCase) => sum + lessonCase.images.length, 0),
    updatedAt: lesson.updatedAt,
  });
  const caseOf = (lesson: StoredLesson, position: number): LessonCase => {
    const stored = lesson.cases[position - 1]!;
    return { id: stored.id, position, teachingPoint: stored.teachingPoint, showFacts: stored.showFacts, images: stored.images };
  };
  /** every call is noted; a failure set with failNext answers it once */
  const call = async <T>(method: keyof LessonData, args: unknown[], run: () => T): Promise<T> => {
    calls.push({ method, args });
    await Promise.resolve();
    const failure = failures.get(method);
    if (failure !== undefined) {
      failures.delete(method);
      throw new Error(failure);
    }
    return run();
  };

  const data: LessonData = {
    listLessons: () => call('listLessons', [], () => lessons.filter((lesson) => lesson.mine || lesson.shared).map(summary)),
    createLesson: (input) =>
      call('createLesson', [input], () => {
        const lesson: StoredLesson = {
          id: `lesson-${++seq}`,
          title: input.title,
          description: input.description ?? null,
          shared: input.shared ?? false,
          mine: true,
          updatedAt: now(),
          cases: [],
        };
        lessons.push(lesson);
        return summary(lesson);
      }),
    updateLesson: (id, change) =>
      call('updateLesson', [id, change], () => {
        const lesson = find(id);
        own(lesson);
        if (change.title !== undefined) lesson.title = change.title;
        if (change.description !== undefined) lesson.description = change.description;
        if (change.shared !== undefined) lesson.shared = change.shared;
        lesson.updatedAt = now();
      }),
    deleteLesson: (id) =>
      call('deleteLesson', [id], () => {
        own(find(id));
        lessons.splice(lessons.indexOf(find(id)), 1);
      }),
    lesson: (id) =>
      call('lesson', [id], (): Lesson => {
        const lesson = find(id);
        return { ...summary(lesson), cases: lesson.cases.map((_stored, i) => caseOf(lesson, i + 1)) };
      }),
    addCase: (lessonId, images, addOptions) =>
      call('addCase', [lessonId, images, addOptions], () => {
        const lesson = find(lessonId);
        own(lesson);
        const found = images.map((image) => {
          const known = index.get(image.sopInstanceUid);
          if (!known) throw new Error(`image ${image.sopInstanceUid} is not in the index`);
          return known;
        });
        lesson.cases.push({
          id: `case-${++seq}`,
          teachingPoint: addOptions?.teachingPoint ?? null,
          showFacts: true,
          images: found,
          origin: addOptions?.origin,
        });
        lesson.updatedAt = now();
        return caseOf(lesson, lesson.cases.length);
      }),
    updateCase: (caseId, change) =>
      call('updateCase', [caseId, change], () => {
        const { lesson, index: at } = findCase(caseId);
        own(lesson);
        if (change.teachingPoint !== undefined) lesson.cases[at]!.teachingPoint = change.teachingPoint;
        if (change.showFacts !== undefined) lesson.cases[at]!.showFacts = change.showFacts;
      }),
    removeCase: (caseId) =>
      call('removeCase', [caseId], () => {
        const { lesson, index: at } = findCase(caseId);
        own(lesson);
        lesson.cases.splice(at, 1);
      }),
    moveCase: (caseId, position) =>
      call('moveCase', [caseId, position], () => {
        const { lesson, index: at } = findCase(caseId);
        own(lesson);
        const [moved] = lesson.cases.splice(at, 1);
        lesson.cases.splice(Math.max(0, Math.min(position - 1, lesson.cases.length)), 0, moved!);
      }),
    exportKos: (lessonId) =>
      call('exportKos', [lessonId], (): KosFile => {
        const lesson = find(lessonId);
        return { fileName: `lesson-${lesson.id}.dcm`, bytes: new Uint8Array([0x44, 0x49, 0x43, 0x4d, lesson.cases.length]) };
      }),
    importKos: (bytes, importOptions) =>
      call('importKos', [bytes, importOptions], (): LessonImportResult => {
        // the fake KOS: its text lists the UIDs, one a line, after a first line with the title code
        const [titleCode, ...uids] = String.fromCharCode(...bytes)
          .split('\n')
          .filter(Boolean);
        const lesson: StoredLesson = {
          id: `lesson-${++seq}`,
          title: importOptions?.title ?? 'Imported lesson',
          description: null,
          shared: false,
          mine: true,
          updatedAt: now(),
          cases: [],
        };
        const missing: string[] = [];
        for (const uid of uids) {
          const known = index.get(uid);
          if (known) lesson.cases.push({ id: `case-${++seq}`, teachingPoint: null, showFacts: true, images: [known], origin: 'import' });
          else missing.push(uid);
        }
        lessons.push(lesson);
        return { lesson: summary(lesson), missing, titleCode: titleCode ?? '' };
      }),
  };

  return {
    data,
    calls,
    /** the next call of this method fails with this message */
    failNext(method: keyof LessonData, message = 'the server refused it'): void {
      failures.set(method, message);
    },
    /** a lesson as stored (tests compare against it, not against what the UI shows) */
    stored: (id: string): StoredLesson => find(id),
    all: (): readonly StoredLesson[] => lessons,
    /** a lesson already there: the caller's (mine) or a colleague's */
    seed(lesson: {
      title: string;
      mine: boolean;
      shared?: boolean;
      description?: string | null;
      cases?: { images: string[]; teachingPoint?: string }[];
    }): string {
      const id = `lesson-${++seq}`;
      lessons.push({
        id,
        title: lesson.title,
        description: lesson.description ?? null,
        shared: lesson.shared ?? false,
        mine: lesson.mine,
        updatedAt: now(),
        cases: (lesson.cases ?? []).map((lessonCase) => ({
          id: `case-${++seq}`,
          teachingPoint: lessonCase.teachingPoint ?? null,
          showFacts: true,
          images: lessonCase.images.map((uid) => {
            const known = index.get(uid);
            if (!known) throw new Error(`fixture: ${uid} not in the index`);
            return known;
          }),
          origin: undefined,
        })),
      });
      return id;
    },
  };
}
