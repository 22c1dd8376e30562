/**
 * Evaluations over supabase-js: starting one (the sample is drawn in the database), its worklist, the answers the
 * server holds, the summary, closing and exporting. The database decides what the signed-in person may see and do
 * (RLS and the SQL functions in backend/supabase/migrations); errors come back as BackendErrors with its message.
 */
import type { Answer, EvaluationFilter, EvaluationSummary, EvaluationUse, WorklistItem } from '@iqs/domain';
import type { CandidateCount, EvaluationData, EvaluationHeader, StartEvaluationRequest, StartEvaluationResult } from '../ports';
import type { IqsClient } from './client';
import type { Json } from '@iqs/database';
import { BackendError } from './profile';
import { loadScoringForms } from './scoringForms';

const fail = (error: { message: string; code?: string | null }): never => {
  throw new BackendError(error.message, error.code ?? null);
};

export async function countSampleCandidates(
  client: IqsClient,
  use: EvaluationUse,
  subjectPersonId: string | null,
  filter: EvaluationFilter,
): Promise<number> {
  const { data, error } = await client.rpc('count_sample_candidates', {
    use,
    subject_person_id: subjectPersonId as string,
    filter: filter as Json,
  });
  if (error) fail(error);
  return data as number;
}

/** the same, said in units, images, multi-slice series and studies (migration 38, count_sample_units) */
export async function countSampleUnits(
  client: IqsClient,
  use: EvaluationUse,
  subjectPersonId: string | null,
  filter: EvaluationFilter,
): Promise<CandidateCount> {
  const { data, error } = await client
    .rpc('count_sample_units', { use, subject_person_id: subjectPersonId as string, filter: filter as Json })
    .single();
  if (error) fail(error);
  const row = data as CandidateCount;
  return { units: row.units, images: row.images, series: row.series, studies: row.studies };
}

export async function startEvaluation(client: IqsClient, request: StartEvaluationRequest): Promise<StartEvaluationResult> {
  const { data, error } = await client
    .rpc('start_evaluation', {
      use: request.use,
      name: request.name,
      subject_person_id: request.subjectPersonId as string,
      filter: request.filter as Json,
      sample_size: request.sampleSize,
      blind: request.blind,
      ...(request.seed != null ? { seed: request.seed } : {}),
    })
    .single();
  if (error) fail(error);
  const row = data as { evaluation_id: string; requested: number; drawn: number; available: number };
  return { evaluationId: row.evaluation_id, requested: row.requested, drawn: row.drawn, available: row.available };
}

export async function loadEvaluationHeader(client: IqsClient, evaluationId: string): Promise<EvaluationHeader> {
  const { data, error } = await client
    .from('evaluations')
    .select('id, name, use, status, blind, evaluator_id, subject_person_id')
    .eq('id', evaluationId)
    .maybeSingle();
  if (error) fail(error);
  if (!data) throw new BackendError('this evaluation does not exist or is not yours to see', 'PGRST116');
  return data;
}

export async function loadWorklist(client: IqsClient, evaluationId: string): Promise<WorklistItem[]> {
  const { data, error } = await client.rpc('evaluation_worklist', { evaluation: evaluationId });
  if (error) fail(error);
  return (data ?? []) as unknown as WorklistItem[];
}

export async function loadServerAnswers(client: IqsClient, itemIds: readonly string[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  // in slices: the ids go into the URL
  for (let start = 0; start < itemIds.length; start += 100) {
    const { data, error } = await client
      .from('scores')
      .select('id, evaluation_item_id, form_id, criterion_id, value, comment')
      .in('evaluation_item_id', itemIds.slice(start, start + 100));
    if (error) fail(error);
    answers.push(...(data ?? []));
  }
  return answers;
}

export async function evaluationSummary(client: IqsClient, evaluationId: string): Promise<EvaluationSummary> {
  const { data, error } = await client.rpc('evaluation_summary', { evaluation: evaluationId });
  if (error) fail(error);
  return data as unknown as EvaluationSummary;
}

export async function closeEvaluation(client: IqsClient, evaluationId: string): Promise<void> {
  const { error } = await client.rpc('close_evaluation', { evaluation: evaluationId });
  if (error) fail(error);
}

export async function recordEvaluationExport(client: IqsClient, evaluationId: string, format: 'csv' | 'print'): Promise<void> {
  const { error } = await client.rpc('record_evaluation_export', { evaluation: evaluationId, format });
  if (error) fail(error);
}

/** The session's backend port over this client. */
export function evaluationData(client: IqsClient): EvaluationData {
  return {
    loadEvaluation: (id) => loadEvaluationHeader(client, id),
    loadWorklist: (id) => loadWorklist(client, id),
    loadForms: (formIds) => loadScoringForms(client, formIds),
    loadServerAnswers: (itemIds) => loadServerAnswers(client, itemIds),
    summary: (id) => evaluationSummary(client, id),
    close: (id) => closeEvaluation(client, id),
  };
}
