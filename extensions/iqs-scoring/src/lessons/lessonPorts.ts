/**
 * Clinical lessons (issue 13): a named, ordered set of cases; a case is one or more images with a teaching point and,
 * optionally, what IQS knows about them. The shapes the lesson UI (pages, panels, the presentation) is bound to; the
 * data layer (data/lessons.ts) implements LessonData. Types only. Nothing here names a patient or a radiographer:
 * the backend holds no patient identity, and lesson_presentation gives no operator.
 */
import type { DoseQuantityCode } from '@iqs/domain';

// (ports.ts re-exports this file: the dose types are named here as ports.ts names them, not imported from it, so that
// the two files import no circle)
/** ports.ts DoseQuantity */
type DoseQuantity = DoseQuantityCode;
/** ports.ts DoseStatus */
type DoseStatus = 'above_drl' | 'above_target' | 'at_or_below_target' | 'too_few' | 'no_reference';

export interface LessonSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  /** shared with the department (everyone of the site reads it); false: only its owner sees it */
  readonly shared: boolean;
  /** the signed-in person owns it (and may change it) */
  readonly mine: boolean;
  readonly caseCount: number;
  readonly imageCount: number;
  /** ISO timestamp */
  readonly updatedAt: string;
}

/** What IQS knows about an image of a case, without any name. */
export interface LessonImageFacts {
  readonly rejected: boolean;
  /** the recorded reject reason, when the image was rejected and a reason is known */
  readonly rejectReason: { readonly code: string; readonly label_nl: string; readonly label_en: string } | null;
  /** criteria not met on this image in closed evaluations the caller may read, with how often */
  readonly faults: readonly { readonly code: string; readonly label_nl: string; readonly label_en: string; readonly count: number }[];
  /** the image's dose against the reference that applies, when known */
  readonly dose: {
    readonly quantity: DoseQuantity;
    readonly value: number;
    /** canonical unit of the quantity (Gy·cm², mGy, mGy·cm) */
    readonly unit: string;
    readonly drl: number | null;
    readonly target: number | null;
    readonly status: DoseStatus;
  } | null;
}

export interface LessonImage {
  readonly imageId: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopClassUid: string | null;
  readonly modality: string | null;
  /** the procedure's name in the site's words, null when unmapped */
  readonly procedureLabel: string | null;
  /** the procedure's name in Dutch and in English (procedureLabel is the Dutch one, else the English) */
  readonly procedureLabelNl?: string | null;
  readonly procedureLabelEn?: string | null;
  readonly viewPosition: string | null;
  /** age may show in a lesson (a birth date may not) */
  readonly patientAgeYears: number | null;
  readonly facts: LessonImageFacts;
}

export interface LessonCase {
  readonly id: string;
  /** 1-based order in the lesson */
  readonly position: number;
  readonly teachingPoint: string | null;
  /** show what IQS knows (reject reason, faults, dose) with the case */
  readonly showFacts: boolean;
  readonly images: readonly LessonImage[];
}

export interface Lesson extends LessonSummary {
  readonly cases: readonly LessonCase[];
}

/** Where an image to add comes from (kept with the case, for the lesson's owner). */
export type LessonImageOrigin = 'viewer' | 'evaluation' | 'reject_analysis' | 'dose_analysis' | 'import';

export interface KosFile {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface LessonImportResult {
  readonly lesson: LessonSummary;
  /** SOP Instance UIDs the KOS referenced that IQS's index does not hold (left out, and said) */
  readonly missing: readonly string[];
  /** the KOS's document title code (113004 For Teaching expected; others are read but said) */
  readonly titleCode: string;
}

export interface LessonData {
  /** the caller's own lessons and the department's shared ones */
  listLessons(): Promise<readonly LessonSummary[]>;
  createLesson(input: { title: string; description?: string | null; shared?: boolean }): Promise<LessonSummary>;
  updateLesson(id: string, change: { title?: string; description?: string | null; shared?: boolean }): Promise<void>;
  deleteLesson(id: string): Promise<void>;
  /** the lesson with its cases, images and facts (lesson_presentation) */
  lesson(id: string): Promise<Lesson>;
  /** a new case at the end of the lesson with these images, in this order */
  addCase(
    lessonId: string,
    images: readonly { readonly sopInstanceUid: string }[],
    options?: { teachingPoint?: string | null; origin?: LessonImageOrigin },
  ): Promise<LessonCase>;
  updateCase(caseId: string, change: { teachingPoint?: string | null; showFacts?: boolean }): Promise<void>;
  removeCase(caseId: string): Promise<void>;
  /** move a case to a 1-based position; the others shift */
  moveCase(caseId: string, position: number): Promise<void>;
  /** the lesson as a DICOM Key Object Selection, document title (113004, DCM, "For Teaching") */
  exportKos(lessonId: string): Promise<KosFile>;
  /** a KOS file read back into a new lesson of the caller's (private until shared) */
  importKos(bytes: Uint8Array, options?: { title?: string }): Promise<LessonImportResult>;
}
