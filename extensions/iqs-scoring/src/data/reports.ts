/**
 * The quality reports' data (reports/reportsPorts.ts ReportData) over supabase-js. The reports are computed and
 * guarded by the database (department_report, personal_report, save_report_recommendations: migration 35); this
 * module passes the arguments on and returns the JSON as the renderer reads it.
 */
import type { DepartmentReport, PersonalReport, ReportData, ReportKind, ReportPerson } from '../reports/reportsPorts';
import type { IqsClient } from './client';
import { BackendError } from './profile';

type Failure = { message: string; code?: string | null };
type Answer = { data: unknown; error: Failure | null };

/** a database function by name: the report functions return one JSON document */
async function call(client: IqsClient, fn: string, args: Record<string, unknown>): Promise<unknown> {
  const rpc = client.rpc.bind(client) as unknown as (fn: string, args: Record<string, unknown>) => PromiseLike<Answer>;
  const { data, error } = await rpc(fn, args);
  if (error) throw new BackendError(error.message, error.code ?? null);
  return data;
}

export function createReportData(client: IqsClient): ReportData {
  return {
    async departmentReport(from, to) {
      return (await call(client, 'department_report', { period_from: from, period_to: to })) as DepartmentReport;
    },
    async personalReport(person, from, to) {
      return (await call(client, 'personal_report', { person, period_from: from, period_to: to })) as PersonalReport;
    },
    async people(): Promise<readonly ReportPerson[]> {
      const { data, error } = await client.from('people').select('id, display_name').eq('active', true).order('display_name');
      if (error) throw new BackendError(error.message, error.code ?? null);
      return (data ?? []).map((p) => ({ id: p.id, displayName: p.display_name }));
    },
    async saveRecommendations(kind: ReportKind, person, from, to, text) {
      await call(client, 'save_report_recommendations', { kind, person, period_from: from, period_to: to, text });
    },
  };
}
