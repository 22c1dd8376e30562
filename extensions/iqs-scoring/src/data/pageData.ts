/**
 * The IQS page's data (ports.ts IqsPageData) over supabase-js. What each list holds is decided by the database:
 * every member reads their site's people, procedures and rooms; evaluations and statistics follow RLS.
 */
import { EVALUATION_PARAM, EVALUATION_ITEM_PARAM, MODE_ROUTE } from '../ids';
import type { EvaluationListEntry, IqsPageData, StatisticsFilter } from '../ports';
import type { EvaluationFilter, StatisticsRow } from '@iqs/domain';
import type { IqsClient } from './client';
import type { Json } from '@iqs/database';
import {
  countSampleCandidates,
  countSampleUnits,
  evaluationSummary,
  loadWorklist,
  recordEvaluationExport,
  startEvaluation,
} from './evaluations';
import { BackendError } from './profile';
// the summary's page: its print sheet's header and answer rows (issue 14)
import { loadEvaluationSheet } from './evaluationSheet';
import { studiesToOpenWith } from '../browser/evaluationStudies';
import { imageViewerPath, rejectAnalysis, rejectExposure, rejectImages, rejectReasonCatalogue, rejectThresholds } from './rejectAnalysis';

const fail = (error: { message: string; code?: string | null }): never => {
  throw new BackendError(error.message, error.code ?? null);
};

/** The viewer URL of an evaluation: the studies named are loaded by the mode, the panels open the evaluation. */
export function evaluationViewerPath(evaluationId: string, studyInstanceUids: readonly string[], itemId?: string): string {
  const query = new URLSearchParams({ StudyInstanceUIDs: [...new Set(studyInstanceUids)].join(','), [EVALUATION_PARAM]: evaluationId });
  if (itemId) query.set(EVALUATION_ITEM_PARAM, itemId);
  return `/${MODE_ROUTE}?${query.toString()}`;
}

/** What the page's data needs from around it: who is signed in, and the way into the viewer. */
export interface PageDataContext {
  /** the signed-in person's id (people.id), or null */
  readonly personId: () => string | null;
  /** go to this path of the viewer (leaves the page) */
  readonly navigate: (path: string) => void;
}

async function myEvaluations(client: IqsClient, personId: string | null): Promise<EvaluationListEntry[]> {
  if (personId === null) return [];
  const evaluations = await client
    .from('evaluations')
    .select('id, name, use, status, created_at, closed_at, subject_person_id')
    .eq('evaluator_id', personId)
    .order('created_at', { ascending: false });
  if (evaluations.error) fail(evaluations.error);
  const rows = evaluations.data ?? [];
  const counts = new Map<string, { items: number; scored: number; skipped: number }>();
  const ids = rows.map((r) => r.id);
  for (let start = 0; start < ids.length; start += 100) {
    const items = await client
      .from('evaluation_items')
      .select('evaluation_id, state')
      .in('evaluation_id', ids.slice(start, start + 100));
    if (items.error) fail(items.error);
    for (const item of items.data ?? []) {
      const count = counts.get(item.evaluation_id) ?? { items: 0, scored: 0, skipped: 0 };
      count.items++;
      if (item.state === 'scored') count.scored++;
      if (item.state === 'skipped') count.skipped++;
      counts.set(item.evaluation_id, count);
    }
  }
  const subjects = [...new Set(rows.filter((r) => r.use === 'peer' && r.subject_person_id).map((r) => r.subject_person_id as string))];
  const names = new Map<string, string>();
  if (subjects.length > 0) {
    const people = await client.from('people').select('id, display_name').in('id', subjects);
    if (people.error) fail(people.error);
    for (const person of people.data ?? []) names.set(person.id, person.display_name);
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    use: r.use,
    status: r.status,
    created_at: r.created_at,
    closed_at: r.closed_at,
    ...(counts.get(r.id) ?? { items: 0, scored: 0, skipped: 0 }),
    subject_name: r.use === 'peer' && r.subject_person_id ? (names.get(r.subject_person_id) ?? null) : null,
  }));
}

async function statistics(client: IqsClient, dimension: string, period: string, filter: StatisticsFilter): Promise<StatisticsRow[]> {
  const sqlFilter: EvaluationFilter & { use?: string } = {
    from: filter.from ?? null,
    to: filter.to ?? null,
    ...(filter.use ? { use: filter.use } : {}),
  };
  const { data, error } = await client.rpc('score_statistics', { dimension, period, filter: sqlFilter as Json });
  if (error) fail(error);
  return ((data ?? []) as unknown as StatisticsRow[]).map((row) => ({
    ...row,
    share_met: row.share_met === null ? null : Number(row.share_met),
  }));
}

export function createIqsPageData(client: IqsClient, context: PageDataContext): IqsPageData {
  return {
    async listPeople() {
      const { data, error } = await client.from('people').select('id, display_name, role').eq('active', true).order('display_name');
      if (error) fail(error);
      return data ?? [];
    },
    async listProcedures() {
      const { data, error } = await client.from('procedures').select('id, code, name_nl, name_en, modality').order('name_nl');
      if (error) fail(error);
      return data ?? [];
    },
    async listStations() {
      const { data, error } = await client
        .from('stations')
        .select('id, station_name, display_name, modality')
        .eq('active', true)
        .order('station_name');
      if (error) fail(error);
      return data ?? [];
    },
    async listGroups() {
      const { data, error } = await client.from('person_groups').select('id, name').order('name');
      if (error) fail(error);
      return data ?? [];
    },
    countCandidates: (use, subjectPersonId, filter) => countSampleCandidates(client, use, subjectPersonId, filter),
    countCandidateUnits: (use, subjectPersonId, filter) => countSampleUnits(client, use, subjectPersonId, filter),
    startEvaluation: (request) => startEvaluation(client, request),
    listMyEvaluations: () => myEvaluations(client, context.personId()),
    evaluationSummary: (evaluationId) => evaluationSummary(client, evaluationId),
    recordExport: (evaluationId, format) => recordEvaluationExport(client, evaluationId, format),
    evaluationSheet: (evaluationId) => loadEvaluationSheet(client, evaluationId),
    statistics: (dimension, period, filter) => statistics(client, dimension, period, filter),
    // reject analysis (data/rejectAnalysis.ts)
    rejectReasonCatalogue: () => rejectReasonCatalogue(client),
    rejectThresholds: () => rejectThresholds(client),
    rejectAnalysis: (dimension, period, filter) => rejectAnalysis(client, dimension, period, filter),
    rejectImages: (filter, options) => rejectImages(client, filter, options),
    rejectExposure: (filter) => rejectExposure(client, filter),
    openImage: (image) => context.navigate(imageViewerPath(image)),
    // end of reject analysis
    openEvaluation(evaluationId, itemId) {
      void loadWorklist(client, evaluationId).then(
        (items) =>
          context.navigate(
            // only the study it opens at: the others are loaded when the evaluation reaches them
            evaluationViewerPath(evaluationId, studiesToOpenWith(items, itemId), itemId),
          ),
        (error: unknown) => console.error('[IQS] could not open the evaluation', error),
      );
    },
  };
}
