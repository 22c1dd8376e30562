/**
 * The yearly coverage plan's data (coverage/coveragePorts.ts CoverageData) over supabase-js. The figures come from
 * the database: coverage_matrix and peer_review_coverage (migration 34) decide whose rows the caller gets; the
 * targets are a row of coverage_targets that RLS lets admins and quality officers write (who and when filled by the
 * database). This module only passes the period on and turns the rows into the port's shapes.
 */
import type { CoverageCell, CoverageData, CoverageTargets, PeerReviewCoverageRow } from '../coverage/coveragePorts';
import { DEFAULT_COVERAGE_TARGETS } from '../coverage/coveragePorts';
import type { IqsClient } from './client';
import { BackendError } from './profile';

type Failure = { message: string; code?: string | null };

const fail = (error: Failure): never => {
  throw new BackendError(error.message, error.code ?? null);
};
const count = (value: unknown): number => {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
};
const textOf = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export async function coverageMatrix(client: IqsClient, from: string, to: string): Promise<CoverageCell[]> {
  const { data, error } = await client.rpc('coverage_matrix', { period_from: from, period_to: to });
  if (error) fail(error);
  return (data ?? []).map((row) => ({
    person_id: textOf(row.person_id),
    display_name: textOf(row.display_name),
    procedure_id: textOf(row.procedure_id),
    procedure_code: textOf(row.procedure_code),
    procedure_name_nl: textOf(row.procedure_name_nl),
    procedure_name_en: textOf(row.procedure_name_en),
    performed: count(row.performed),
    self_evaluations: count(row.self_evaluations),
    target: count(row.target),
    covered: row.covered === true,
  }));
}

export async function peerReviewCoverage(client: IqsClient, from: string, to: string): Promise<PeerReviewCoverageRow[]> {
  const { data, error } = await client.rpc('peer_review_coverage', { period_from: from, period_to: to });
  if (error) fail(error);
  return (data ?? []).map((row) => ({
    person_id: textOf(row.person_id),
    display_name: textOf(row.display_name),
    performed: count(row.performed),
    peer_reviews: count(row.peer_reviews),
    last_review: row.last_review ? String(row.last_review) : null,
    target: count(row.target),
    due: row.due === true,
  }));
}

/** The site's row (RLS: one's own site only), or the defaults when it has none. */
export async function coverageTargets(client: IqsClient): Promise<CoverageTargets> {
  const { data, error } = await client
    .from('coverage_targets')
    .select('self_evaluations_per_procedure, peer_reviews_per_radiographer, updated_at')
    .maybeSingle();
  if (error) fail(error);
  if (!data) return DEFAULT_COVERAGE_TARGETS;
  return {
    selfEvaluationsPerProcedure: count(data.self_evaluations_per_procedure),
    peerReviewsPerRadiographer: count(data.peer_reviews_per_radiographer),
    isDefault: false,
    updatedAt: data.updated_at ?? null,
  };
}

/** Insert or change the site's row; a refusal by RLS (not an admin or quality officer) is an error, not silence. */
export async function setCoverageTargets(
  client: IqsClient,
  siteId: string,
  targets: { readonly selfEvaluationsPerProcedure: number; readonly peerReviewsPerRadiographer: number },
): Promise<void> {
  const { data, error } = await client
    .from('coverage_targets')
    .upsert(
      {
        site_id: siteId,
        self_evaluations_per_procedure: targets.selfEvaluationsPerProcedure,
        peer_reviews_per_radiographer: targets.peerReviewsPerRadiographer,
      },
      { onConflict: 'site_id' },
    )
    .select('site_id');
  if (error) fail(error);
  if (!data || data.length === 0) throw new BackendError('the targets were not saved (not allowed)', '42501');
}

export function createCoverageData(client: IqsClient): CoverageData {
  return {
    coverageMatrix: (from, to) => coverageMatrix(client, from, to),
    peerReviewCoverage: (from, to) => peerReviewCoverage(client, from, to),
    coverageTargets: () => coverageTargets(client),
    setCoverageTargets: (siteId, targets) => setCoverageTargets(client, siteId, targets),
  };
}
