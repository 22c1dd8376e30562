/**
 * Where a finding's link leads. An analysis's finding is kept as a query string of /iqs: the page section it belongs
 * to and the filter it was seen under (section=reject-analysis&filter={…}); an evaluation or lesson by its id; a
 * report by its own /iqs?report=… address.
 */
import type { ActionFinding, FindingKind } from './actionsPorts';

/** The page section (data-iqs-section) of each kind of finding that lives on /iqs. */
const SECTION_OF: Partial<Record<FindingKind, string>> = {
  reject_analysis: 'reject-analysis',
  dose_analysis: 'dose-analysis',
  lesson: 'lessons',
  indicator: 'indicators',
};

/** The ref of an analysis's finding: its section and the filter it was seen under. */
export function analysisFindingRef(section: string, filter: unknown): string {
  const query = new URLSearchParams({ section });
  if (filter !== undefined && filter !== null) query.set('filter', JSON.stringify(filter));
  return query.toString();
}

export type FindingTarget =
  | { readonly kind: 'evaluation'; readonly evaluationId: string }
  /** a section of /iqs; `lessonId`: the lesson's row in the lessons section, when it is listed there */
  | { readonly kind: 'section'; readonly section: string; readonly lessonId?: string }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'none' };

export function findingTarget(finding: ActionFinding): FindingTarget {
  const ref = finding.ref?.trim() ?? '';
  if (finding.kind === 'evaluation') return ref ? { kind: 'evaluation', evaluationId: ref } : { kind: 'none' };
  if (ref.startsWith('/iqs')) return { kind: 'path', path: ref };
  const section =
    (ref.includes('section=') ? new URLSearchParams(ref.replace(/^\?/, '')).get('section') : null) ?? SECTION_OF[finding.kind];
  if (finding.kind === 'lesson' && ref && section) return { kind: 'section', section, lessonId: ref };
  return section ? { kind: 'section', section } : { kind: 'none' };
}
