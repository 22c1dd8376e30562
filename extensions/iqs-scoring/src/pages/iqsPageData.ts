/**
 * What the IQS page (/iqs) needs from the backend, as an interface: the page only calls these, so it can be shown
 * and tested with any implementation. The real one is made over supabase-js (src/data) and handed to the page with
 * provideIqsPageData() at start-up. Row Level Security decides what each call returns: the page does not filter
 * by role beyond choosing what to offer.
 */
import type { EvaluationFilter, EvaluationSummary, EvaluationUse, StatisticsDimension, StatisticsPeriod, StatisticsRow } from '@iqs/domain';

/** A member of the department, for the colleague chooser (peer review). */
export interface PersonOption {
  readonly id: string;
  readonly display_name: string;
  readonly role: 'radiographer' | 'reviewer' | 'quality_officer' | 'admin';
}

export interface ProcedureOption {
  readonly id: string;
  readonly code: string;
  readonly name_nl: string;
  readonly name_en: string;
  readonly modality: string | null;
}

/** A room (stations row). */
export interface StationOption {
  readonly id: string;
  readonly station_name: string;
  readonly display_name: string | null;
  readonly modality: string;
}

/** A custom group of people (person_groups row); the years-of-service bands need no list. */
export interface GroupOption {
  readonly id: string;
  readonly name: string;
}

/** An evaluation to start: the sample is drawn in the database (start_evaluation). */
export interface StartEvaluationRequest {
  readonly use: EvaluationUse;
  readonly name: string;
  /** self: the signed-in person; peer: the colleague reviewed; quality: null */
  readonly subjectPersonId: string | null;
  readonly filter: EvaluationFilter;
  /** 1..500 */
  readonly sampleSize: number;
  /** hide the operators until closed (peer review and quality analysis; always false for self) */
  readonly blind: boolean;
  /** to draw the same sample again; default: a new random one */
  readonly seed?: number | null;
}

export interface StartEvaluationResult {
  readonly evaluationId: string;
  /** the sample size asked for */
  readonly requested: number;
  /** the images drawn: fewer than requested when fewer were available */
  readonly drawn: number;
  /** the images that matched the filter when drawing */
  readonly available: number;
}

/** One of the signed-in person's evaluations (as evaluator). */
export interface EvaluationListEntry {
  readonly id: string;
  readonly name: string;
  readonly use: EvaluationUse;
  readonly status: 'open' | 'closed';
  /** ISO timestamps */
  readonly created_at: string;
  readonly closed_at: string | null;
  readonly items: number;
  readonly scored: number;
  readonly skipped: number;
  /** the colleague reviewed (peer review); null otherwise */
  readonly subject_name: string | null;
}

/** What the statistics are restricted to (the database restricts further to what the caller may see). */
export interface StatisticsFilter {
  readonly use?: EvaluationUse | null;
  /** study dates, inclusive, YYYY-MM-DD */
  readonly from?: string | null;
  readonly to?: string | null;
}

export interface IqsPageData {
  listPeople(): Promise<readonly PersonOption[]>;
  listProcedures(): Promise<readonly ProcedureOption[]>;
  listStations(): Promise<readonly StationOption[]>;
  listGroups(): Promise<readonly GroupOption[]>;
  /** how many images the filter matches for this use and subject (the sample is drawn from these) */
  countCandidates(use: EvaluationUse, subjectPersonId: string | null, filter: EvaluationFilter): Promise<number>;
  startEvaluation(request: StartEvaluationRequest): Promise<StartEvaluationResult>;
  listMyEvaluations(): Promise<readonly EvaluationListEntry[]>;
  evaluationSummary(evaluationId: string): Promise<EvaluationSummary>;
  /** note in the audit log that a summary was exported or printed (data/evaluations.ts recordEvaluationExport) */
  recordExport(evaluationId: string, format: 'csv' | 'print'): Promise<void>;
  statistics(dimension: StatisticsDimension, period: StatisticsPeriod, filter: StatisticsFilter): Promise<readonly StatisticsRow[]>;
  /** go to the viewer with this evaluation open (at this item when given): leaves the page */
  openEvaluation(evaluationId: string, itemId?: string): void;
}

let provider: (() => IqsPageData | null) | null = null;

/** Called once at start-up by whoever builds the real implementation (it may depend on the backend being configured). */
export function provideIqsPageData(factory: (() => IqsPageData | null) | null): void {
  provider = factory;
}

/** The page's data, or null when IQS runs without its backend. */
export function getIqsPageData(): IqsPageData | null {
  return provider?.() ?? null;
}
