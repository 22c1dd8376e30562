/**
 * `iqs report coverage`: the yearly coverage plan of a department (coverage_matrix_for_site and
 * peer_review_coverage_for_site, migration 34), the same figures as the coverage section on /iqs.
 *
 *   iqs report coverage [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--site <code>] [--json]
 *
 * Default period: the current calendar year (with only --from or --to: that date's year). --json prints one JSON
 * object per line: first one per radiographer and kind of examination ("kind": "self_evaluation"), then one per
 * radiographer in scope ("kind": "peer_review"); without it a readable list.
 */
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient } from '@iqs/database';
import { parseDicomDate } from '@iqs/domain';
import type { Output } from './commands';
import { connectAsService } from './connect';
import { resolveSite } from './site';

export class CoverageInputError extends Error {}

export interface CoverageOptions {
  readonly from: string;
  readonly to: string;
  readonly json: boolean;
}

function date(value: string | undefined, name: string): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value) || parseDicomDate(value.replaceAll('-', '')) === null)
    throw new CoverageInputError(`--${name} must be a date as YYYY-MM-DD, not ${value}`);
  return value;
}

export function parseCoverageOptions(values: { from?: string; to?: string; json?: boolean }, today: Date = new Date()): CoverageOptions {
  const from = date(values.from, 'from');
  const to = date(values.to, 'to');
  const year = (from ?? to)?.slice(0, 4) ?? String(today.getFullYear());
  const period = { from: from ?? `${year}-01-01`, to: to ?? `${year}-12-31` };
  if (period.from > period.to) throw new CoverageInputError(`--from ${period.from} is after --to ${period.to}`);
  return { ...period, json: values.json ?? false };
}

export async function printCoverage(client: IqsServiceClient, siteId: string, options: CoverageOptions, output: Output): Promise<void> {
  const period = { site: siteId, period_from: options.from, period_to: options.to };
  const matrix = await client.rpc('coverage_matrix_for_site', period);
  if (matrix.error) throw new Error(`coverage_matrix_for_site: ${matrix.error.message}`);
  const peers = await client.rpc('peer_review_coverage_for_site', period);
  if (peers.error) throw new Error(`peer_review_coverage_for_site: ${peers.error.message}`);
  const cells = matrix.data ?? [];
  const people = peers.data ?? [];
  if (options.json) {
    for (const c of cells)
      output.out(
        JSON.stringify({
          kind: 'self_evaluation',
          person_id: c.person_id,
          display_name: c.display_name,
          procedure_id: c.procedure_id,
          procedure_code: c.procedure_code,
          performed: c.performed,
          self_evaluations: c.self_evaluations,
          target: c.target,
          covered: c.covered,
          period: `${options.from}/${options.to}`,
        }),
      );
    for (const p of people)
      output.out(
        JSON.stringify({
          kind: 'peer_review',
          person_id: p.person_id,
          display_name: p.display_name,
          performed: p.performed,
          peer_reviews: p.peer_reviews,
          last_review: p.last_review,
          target: p.target,
          due: p.due,
          period: `${options.from}/${options.to}`,
        }),
      );
    return;
  }
  output.out(`Self-evaluations ${options.from} – ${options.to} (done/target, images made)`);
  let person: string | null = '';
  for (const c of cells) {
    if (c.person_id !== person) {
      person = c.person_id;
      output.out(`  ${c.display_name}`);
    }
    output.out(
      `    ${(c.procedure_code ?? '').padEnd(24)}${`${c.self_evaluations}/${c.target}`.padStart(7)}${String(c.performed).padStart(8)}  ${c.covered ? 'done' : 'to do'}`,
    );
  }
  output.out(`\nPeer reviews ${options.from} – ${options.to}`);
  for (const p of people)
    output.out(
      `  ${(p.display_name ?? '').padEnd(28)}${`${p.peer_reviews}/${p.target}`.padStart(7)}  last ${p.last_review ?? 'never'}  ${p.due ? 'due' : 'done'}`,
    );
  output.out('\nDefinitions: README, "The yearly coverage plan".');
}

export async function reportCoverageCommand(
  settings: IqsSettings,
  site: string | null,
  options: CoverageOptions,
  output: Output,
): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const resolved = await resolveSite(connection.client, site);
    await printCoverage(connection.client, resolved.id, options, output);
  } finally {
    await connection.close();
  }
}
