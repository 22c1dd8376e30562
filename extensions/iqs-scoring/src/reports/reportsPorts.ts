/**
 * The quality reports' port (issue 13): the department's report and a personal report for a period, as the database
 * computes them (department_report / personal_report, migration 35, which decide who may see which), the people a
 * quality officer may choose from, and the recommendations' text. Implemented over supabase-js in src/data/reports.ts.
 */
import type { DepartmentReport, PersonalReport } from '@iqs/domain';

export type { DepartmentReport, PersonalReport, QualityReport } from '@iqs/domain';

export interface ReportPerson {
  readonly id: string;
  readonly displayName: string;
}

export type ReportKind = 'department' | 'personal';

export interface ReportData {
  /** quality officers and admins; others are refused (42501) */
  departmentReport(from: string, to: string): Promise<DepartmentReport>;
  /** the person themself, quality officers and admins */
  personalReport(person: string, from: string, to: string): Promise<PersonalReport>;
  /** the site's active people (a quality officer chooses whose personal report) */
  people(): Promise<readonly ReportPerson[]>;
  /** saves (creates or replaces) the report's recommendations; personal: the person's id */
  saveRecommendations(kind: ReportKind, person: string | null, from: string, to: string, text: string): Promise<void>;
}

/** What /iqs?report=… asks for (src/reports/reportQuery.ts reads it from the address). */
export interface ReportRequest {
  readonly kind: ReportKind;
  readonly person: string | null;
  readonly from: string;
  readonly to: string;
}
