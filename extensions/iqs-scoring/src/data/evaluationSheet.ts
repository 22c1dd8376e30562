/**
 * What the summary's page needs beyond the summary (ports.ts EvaluationSheetData): the evaluation's facts for the
 * print sheet's header (its site, evaluator, period) and its answers one row per image and criterion
 * (evaluation_answer_rows, migration 39: "met" decided by the database's one rule). The database decides who reads
 * it: the evaluator and the site's quality officers and admins; reading another's answers is audited there.
 */
import type { EvaluationFilter } from '@iqs/domain';
import type { EvaluationAnswerRow, EvaluationSheetData } from '../ports';
import type { IqsClient } from './client';
import { BackendError } from './profile';

const fail = (error: { message: string; code?: string | null }): never => {
  throw new BackendError(error.message, error.code ?? null);
};

const dateOf = (value: unknown): string | null => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);

export async function loadEvaluationSheet(client: IqsClient, evaluationId: string): Promise<EvaluationSheetData> {
  const evaluation = await client
    .from('evaluations')
    .select('id, name, use, status, blind, evaluator_id, site_id, filter')
    .eq('id', evaluationId)
    .maybeSingle();
  if (evaluation.error) fail(evaluation.error);
  if (!evaluation.data) throw new BackendError('this evaluation does not exist or is not yours to see', 'PGRST116');
  const row = evaluation.data;
  const [evaluator, site, rows] = await Promise.all([
    client.from('people').select('display_name').eq('id', row.evaluator_id).maybeSingle(),
    client.from('sites').select('name').eq('id', row.site_id).maybeSingle(),
    client.rpc('evaluation_answer_rows', { evaluation: evaluationId }),
  ]);
  if (evaluator.error) fail(evaluator.error);
  if (site.error) fail(site.error);
  if (rows.error) fail(rows.error);
  const filter = (row.filter ?? {}) as EvaluationFilter;
  return {
    id: row.id,
    name: row.name,
    use: row.use,
    status: row.status,
    blind: row.blind,
    siteName: site.data?.name ?? null,
    evaluatorName: evaluator.data?.display_name ?? null,
    from: dateOf(filter.from),
    to: dateOf(filter.to),
    rows: (rows.data ?? []) as unknown as EvaluationAnswerRow[],
  };
}
