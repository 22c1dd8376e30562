/**
 * The department's quality report and a radiographer's personal report as the database returns them
 * (public.department_report / personal_report, migration 35): one JSON document each, snake_case, numbers as the
 * analyses give them (rates and shares are fractions 0..1; null: nothing to divide). The page, the print/PDF
 * renderer and `npx iqs report` all read this shape. Plain TypeScript: no React, no I/O.
 */

export type ReportLanguage = 'nl' | 'en';

export interface ReportSite {
  readonly code: string;
  readonly name: string;
}

/** A row of the reject analysis (private.reject_rows): key is a procedure code, a StationName or a reason code */
export interface ReportRejectRow {
  readonly key: string | null;
  readonly label_nl: string | null;
  readonly label_en: string | null;
  readonly images: number;
  readonly rejected: number;
  readonly rate: number | null;
  readonly without_reason: number;
  readonly wasted_dap_gy_cm2: number | null;
  readonly flag: string | null;
}

export interface ReportRejects {
  readonly images: number;
  readonly rejected: number;
  readonly rate: number | null;
  readonly without_reason: number;
  readonly wasted_dap_gy_cm2: number | null;
  readonly flag: string | null;
  /** department only: rejected per reason (key null: without a reason) */
  readonly reasons?: readonly ReportRejectRow[] | null;
  readonly by_procedure: readonly ReportRejectRow[];
  /** department only */
  readonly by_room?: readonly ReportRejectRow[] | null;
}

export interface ReportCriterionShare {
  readonly code: string;
  readonly label_nl: string | null;
  readonly label_en: string | null;
  readonly answered: number;
  readonly met: number;
  readonly share: number | null;
  readonly previous_answered?: number;
  readonly previous_met?: number;
  readonly previous_share?: number | null;
  /** share − previous share (a fraction: 0.05 is five percentage points) */
  readonly change?: number | null;
}

export interface ReportEvaluations {
  readonly previous_from: string;
  readonly previous_to: string;
  readonly by_use: readonly { readonly use: 'quality' | 'peer' | 'self'; readonly started: number; readonly closed: number }[];
  readonly evaluations_counted: number;
  readonly images_scored: number;
  readonly criteria: readonly ReportCriterionShare[];
}

export interface ReportDoseRow {
  readonly quantity: string;
  readonly unit: string;
  readonly room_key: string | null;
  readonly room: string | null;
  readonly procedure_code: string | null;
  readonly procedure_nl: string | null;
  readonly procedure_en: string | null;
  readonly view_position: string | null;
  readonly n: number;
  readonly median: number | null;
  readonly drl: number | null;
  readonly target: number | null;
  /** above_drl, above_target, at_or_below_target, too_few, no_reference */
  readonly status: string | null;
  /** personal report: the department's figures for the same procedure and view */
  readonly department_n?: number | null;
  readonly department_median?: number | null;
  readonly department_status?: string | null;
}

export interface ReportAction {
  readonly title: string;
  readonly finding_kind: string;
  readonly finding_label: string | null;
  readonly owner: string | null;
  readonly due_date: string;
  readonly state: 'planned' | 'in_progress' | 'checking' | 'done' | 'cancelled';
  readonly outcome: string | null;
  readonly completed_at: string | null;
  readonly overdue: boolean;
  readonly on_time: boolean;
}

export interface ReportActions {
  /** false: the follow-up actions are not installed (migration 33 absent) */
  readonly available: boolean;
  readonly open?: number;
  readonly overdue?: number;
  readonly done?: number;
  readonly done_on_time?: number;
  readonly items: readonly ReportAction[];
}

export interface ReportRecommendations {
  readonly text: string;
  readonly updated_at: string | null;
}

interface ReportBase {
  readonly site: ReportSite | null;
  readonly period_from: string;
  readonly period_to: string;
  /** who asked for it (null from the command line: the CLI names its user) */
  readonly author: string | null;
  readonly generated_at: string;
  readonly recommendations: ReportRecommendations;
}

export interface DepartmentReport extends ReportBase {
  readonly kind: 'department';
  readonly rejects: ReportRejects;
  readonly evaluations: ReportEvaluations;
  readonly dose: readonly ReportDoseRow[];
  readonly actions: ReportActions;
}

export interface OwnEvaluations {
  readonly evaluations: number;
  readonly images_scored: number;
  readonly by_procedure: readonly {
    readonly procedure_code: string | null;
    readonly procedure_nl: string | null;
    readonly procedure_en: string | null;
    readonly evaluations: number;
    readonly images_scored: number;
    readonly answered: number;
    readonly met: number;
    readonly share: number | null;
  }[];
  readonly criteria: readonly ReportCriterionShare[];
}

export interface PersonalReport extends ReportBase {
  readonly kind: 'personal';
  readonly person: { readonly id: string; readonly display_name: string };
  readonly self_evaluations: OwnEvaluations;
  readonly peer_reviews: OwnEvaluations;
  readonly rejects: { readonly own: ReportRejects; readonly department: ReportRejects };
  readonly dose: readonly ReportDoseRow[];
}

export type QualityReport = DepartmentReport | PersonalReport;

/** YYYY-MM-DD, a real day */
export function isReportDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The period of a month, a quarter or a year holding `day` (YYYY-MM-DD), as from/to dates. */
export function reportPeriodOf(kind: 'month' | 'quarter' | 'year', day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const startMonth = kind === 'month' ? m - 1 : kind === 'quarter' ? Math.floor((m - 1) / 3) * 3 : 0;
  const months = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  return { from: iso(new Date(Date.UTC(y, startMonth, 1))), to: iso(new Date(Date.UTC(y, startMonth + months, 0))) };
}
