import { pathWithQuery } from '../browser/navigation';
import { LESSON_CASE_PARAM, LESSON_MODE_ROUTE, LESSON_PARAM } from '../ids';

/**
 * The viewer presenting a lesson: the lesson mode's route with the studies of its images (OHIF loads those) and the
 * lesson, optionally at a case (1-based).
 */
export function presentationUrl(lessonId: string, studyInstanceUids: readonly string[], casePosition?: number): string {
  return pathWithQuery(`/${LESSON_MODE_ROUTE}`, {
    StudyInstanceUIDs: [...new Set(studyInstanceUids)].join(','),
    [LESSON_PARAM]: lessonId,
    [LESSON_CASE_PARAM]: casePosition === undefined ? null : String(casePosition),
  });
}
