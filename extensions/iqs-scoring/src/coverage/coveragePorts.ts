/**
 * The yearly coverage plan's shapes (issue 13): what the coverage section on /iqs (coverage/CoverageSection.tsx)
 * asks of the backend (data/coverage.ts). The figures are computed in SQL (migration 34: coverage_matrix,
 * peer_review_coverage); the database decides who sees which rows (a radiographer or reviewer only their own, a
 * quality officer or admin every radiographer of the site). Types only: nothing here runs.
 */

/** One radiographer × procedure type they performed in the period (coverage_matrix row). */
export interface CoverageCell {
  readonly person_id: string;
  readonly display_name: string;
  readonly procedure_id: string;
  readonly procedure_code: string;
  readonly procedure_name_nl: string;
  readonly procedure_name_en: string;
  /** accepted images of this procedure type the person is an operator of, study date in the period */
  readonly performed: number;
  /** the person's closed self-evaluations (closed in the period) holding a scored image of this procedure type */
  readonly self_evaluations: number;
  /** closed self-evaluations needed */
  readonly target: number;
  /** performed ≥ 1 and self_evaluations ≥ target */
  readonly covered: boolean;
}

/** One radiographer in scope and their peer reviews (peer_review_coverage row); never the reviewers' names. */
export interface PeerReviewCoverageRow {
  readonly person_id: string;
  readonly display_name: string;
  /** accepted images in the period (any procedure) */
  readonly performed: number;
  /** closed peer reviews of them, closed in the period */
  readonly peer_reviews: number;
  /** the day the last closed peer review of them was closed, up to the period's end (also before it); null: never */
  readonly last_review: string | null;
  readonly target: number;
  /** peer_reviews < target */
  readonly due: boolean;
}

/** The department's targets (coverage_targets; the defaults when the site has set none). */
export interface CoverageTargets {
  /** closed self-evaluations per procedure type performed, per radiographer per year (0..52) */
  readonly selfEvaluationsPerProcedure: number;
  /** closed peer reviews per radiographer per year (0..52) */
  readonly peerReviewsPerRadiographer: number;
  /** true: the site has set none (these are the defaults) */
  readonly isDefault: boolean;
  /** when they were last changed (ISO timestamp); null for the defaults */
  readonly updatedAt: string | null;
}

export const COVERAGE_TARGET_MAX = 52;
export const DEFAULT_COVERAGE_TARGETS: CoverageTargets = {
  selfEvaluationsPerProcedure: 1,
  peerReviewsPerRadiographer: 1,
  isDefault: true,
  updatedAt: null,
};

/** The coverage plan's data: RLS and the functions decide what each caller gets. */
export interface CoverageData {
  /** the matrix for a period (days YYYY-MM-DD, both included) */
  coverageMatrix(from: string, to: string): Promise<readonly CoverageCell[]>;
  peerReviewCoverage(from: string, to: string): Promise<readonly PeerReviewCoverageRow[]>;
  coverageTargets(): Promise<CoverageTargets>;
  /** admins and quality officers; the database refuses anyone else (and numbers outside 0..52) */
  setCoverageTargets(
    siteId: string,
    targets: { readonly selfEvaluationsPerProcedure: number; readonly peerReviewsPerRadiographer: number },
  ): Promise<void>;
}
