/**
 * `iqs report evaluations` and `iqs report evaluation`: the evaluations of a site, and one evaluation's answers one row
 * per image and criterion, as the wide summary /iqs?summary=<id> shows and downloads them.
 *
 *   iqs report evaluations [--site <code>] [--json]
 *   iqs report evaluation --id <evaluation id> [--csv <file>] [--language nl|en] [--site <code>] [--json]
 *
 * The rows are evaluation_answer_rows_for_site (migration 41): the rows of evaluation_answer_rows (migration 39),
 * built by the same SQL (private.answer_rows, "met" by private.answer_met), for the service role. The CSV is the
 * page's own: @iqs/domain sheetRows (the page calls it too) into evaluationRowsCsv, byte for byte the page's file.
 * Privacy: the rows hold no patient and no operator; the evaluator is left out while a blind evaluation is open (the
 * page's rule, sheetHeader). The database writes the read to the audit log as scores.read (actor: none).
 */
import { writeFile } from 'node:fs/promises';
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient } from '@iqs/database';
import {
  type EvaluationAnswerRow,
  type EvaluationFilter,
  evaluationRowsCsv,
  evaluatorHidden,
  type EvaluationSheetData,
  type SheetHeader,
  sheetHeader,
  sheetRows,
} from '@iqs/domain';
import type { Output } from './commands';
import { connectAsService } from './connect';
import { resolveSite } from './site';

export class EvaluationInputError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
/** ids per `in (…)` filter: the request's URL stays short */
const CHUNK = 200;
/** the stand-in's and Supabase's default max_rows */
const PAGE = 1000;

export interface EvaluationOptions {
  readonly id: string;
  readonly csv: string | null;
  readonly language: 'nl' | 'en';
  readonly json: boolean;
}

/** The options of report evaluation, checked: anything wrong is refused with a message naming the option (exit 2). */
export function parseEvaluationOptions(values: {
  id?: string | undefined;
  csv?: string | undefined;
  language?: string | undefined;
  json?: boolean | undefined;
}): EvaluationOptions {
  const id = values.id?.trim();
  if (!id) throw new EvaluationInputError('report evaluation needs --id <evaluation id> (iqs report evaluations lists them)');
  if (!UUID.test(id)) throw new EvaluationInputError(`--id must be an evaluation id (a UUID), not ${id}`);
  const language = values.language ?? 'nl';
  if (language !== 'nl' && language !== 'en') throw new EvaluationInputError(`--language must be nl or en, not ${language}`);
  const csv = values.csv ?? null;
  if (csv !== null && csv.trim() === '') throw new EvaluationInputError('--csv needs a file name');
  const json = values.json ?? false;
  if (!csv && !json) throw new EvaluationInputError('report evaluation needs an output: --csv <file> or --json');
  return { id: id.toLowerCase(), csv, language, json };
}

interface EvaluationRecord {
  id: string;
  site_id: string;
  name: string;
  use: 'self' | 'peer' | 'quality';
  status: 'open' | 'closed';
  blind: boolean;
  evaluator_id: string;
  subject_person_id: string | null;
  filter: unknown;
  sample_size: number;
  created_at: string;
  closed_at: string | null;
}

const EVALUATION_COLUMNS =
  'id, site_id, name, use, status, blind, evaluator_id, subject_person_id, filter, sample_size, created_at, closed_at';

const dateOf = (value: unknown): string | null => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(value) ? value : null);

/** Every row of a query, page by page (ordered by a unique key so pages neither overlap nor skip). */
async function allRows<T>(
  what: string,
  query: (from: number, to: number) => PromiseLike<{ data: unknown; error: { message: string } | null }>,
): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; ; from += PAGE) {
    const { data, error } = await query(from, from + PAGE - 1);
    if (error) throw new Error(`could not read the ${what}: ${error.message}`);
    const rows = (data ?? []) as T[];
    out.push(...rows);
    if (rows.length < PAGE) return out;
  }
}

async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}

/** what the listing counts of an item */
interface ItemRecord {
  id: string;
  evaluation_id: string;
  state: 'to_do' | 'scored' | 'skipped';
}

async function itemsOf(client: IqsServiceClient, evaluationIds: readonly string[]): Promise<ItemRecord[]> {
  return inChunks(evaluationIds, (chunk) =>
    allRows<ItemRecord>('evaluation items', (from, to) =>
      client.from('evaluation_items').select('id, evaluation_id, state').in('evaluation_id', chunk).order('id').range(from, to),
    ),
  );
}

/**
 * The rows of evaluation_answer_rows for one evaluation of the site, computed in SQL (evaluation_answer_rows_for_site,
 * which also writes the read to the audit log): every item × every criterion of its form, in worklist and form order.
 */
export async function answerRowsOf(client: IqsServiceClient, siteId: string, evaluationId: string): Promise<EvaluationAnswerRow[]> {
  // paged (the backend's max_rows holds for functions too); the function orders its rows, so pages neither overlap
  // nor skip; each page is a call, so a long evaluation's read is audited once per page
  return allRows<EvaluationAnswerRow>('answers', (from, to) =>
    client.rpc('evaluation_answer_rows_for_site', { site: siteId, evaluation: evaluationId }).range(from, to),
  );
}

/** One evaluation of the site: the facts the page's header reads and its rows. */
export async function evaluationSheetFor(
  client: IqsServiceClient,
  site: { id: string; name: string },
  evaluationId: string,
): Promise<{ sheet: EvaluationSheetData; evaluation: EvaluationRecord }> {
  const { data, error } = await client.from('evaluations').select(EVALUATION_COLUMNS).eq('id', evaluationId).maybeSingle();
  if (error) throw new Error(`could not read the evaluation: ${error.message}`);
  const evaluation = data as EvaluationRecord | null;
  if (!evaluation || evaluation.site_id !== site.id)
    throw new EvaluationInputError(`no evaluation ${evaluationId} in this site (iqs report evaluations lists them)`);
  const evaluator = await client.from('people').select('display_name').eq('id', evaluation.evaluator_id).maybeSingle();
  if (evaluator.error) throw new Error(`could not read the evaluator: ${evaluator.error.message}`);
  const filter = (evaluation.filter ?? {}) as EvaluationFilter;
  const rows = await answerRowsOf(client, site.id, evaluation.id);
  return {
    evaluation,
    sheet: {
      id: evaluation.id,
      name: evaluation.name,
      use: evaluation.use,
      status: evaluation.status,
      blind: evaluation.blind,
      siteName: site.name,
      evaluatorName: (evaluator.data as { display_name: string } | null)?.display_name ?? null,
      from: dateOf(filter.from),
      to: dateOf(filter.to),
      rows,
    },
  };
}

export async function reportEvaluationCommand(
  settings: IqsSettings,
  siteCode: string | null,
  options: EvaluationOptions,
  output: Output,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<void> {
  const connection = await connectAsService(settings);
  let sheet: EvaluationSheetData;
  let evaluation: EvaluationRecord;
  try {
    const site = await resolveSite(connection.client, siteCode);
    ({ sheet, evaluation } = await evaluationSheetFor(connection.client, site, options.id));
  } finally {
    await connection.close();
  }
  if (options.json) {
    const header: SheetHeader = sheetHeader(sheet, options.language, today);
    output.out(
      JSON.stringify({
        evaluation: {
          id: sheet.id,
          name: sheet.name,
          use: sheet.use,
          status: sheet.status,
          blind: sheet.blind,
          site: sheet.siteName,
          evaluator: evaluatorHidden(evaluation) ? null : sheet.evaluatorName,
          from: sheet.from,
          to: sheet.to,
          created_at: evaluation.created_at,
          closed_at: evaluation.closed_at,
        },
        header,
        rows: sheet.rows,
      }),
    );
  }
  if (options.csv) {
    await writeFile(options.csv, evaluationRowsCsv(sheet.name, sheetRows(sheet.rows, options.language), options.language), 'utf8');
    output.err(`wrote ${options.csv}`);
  }
}

export interface EvaluationListEntry {
  readonly id: string;
  readonly name: string;
  readonly use: 'self' | 'peer' | 'quality';
  readonly status: 'open' | 'closed';
  readonly blind: boolean;
  /** null while a blind evaluation is open */
  readonly evaluator: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly created_at: string;
  readonly closed_at: string | null;
  readonly items: number;
  readonly scored: number;
  readonly skipped: number;
  readonly to_do: number;
}

/** The site's evaluations, newest first, with how many images each holds and how far it is. */
export async function listEvaluations(client: IqsServiceClient, siteId: string): Promise<EvaluationListEntry[]> {
  const evaluations = await allRows<EvaluationRecord>('evaluations', (from, to) =>
    client
      .from('evaluations')
      .select(EVALUATION_COLUMNS)
      .eq('site_id', siteId)
      .order('created_at', { ascending: false })
      .order('id')
      .range(from, to),
  );
  const items = await itemsOf(
    client,
    evaluations.map((e) => e.id),
  );
  const people = await inChunks([...new Set(evaluations.map((e) => e.evaluator_id))], async (chunk) => {
    const { data, error } = await client.from('people').select('id, display_name').in('id', chunk);
    if (error) throw new Error(`could not read the people: ${error.message}`);
    return (data ?? []) as Array<{ id: string; display_name: string }>;
  });
  const nameOf = new Map(people.map((p) => [p.id, p.display_name]));
  // each evaluation's items by state, in one pass over the site's items
  const counts = new Map<string, Record<ItemRecord['state'], number>>();
  for (const item of items) {
    const of = counts.get(item.evaluation_id) ?? { to_do: 0, scored: 0, skipped: 0 };
    of[item.state] += 1;
    counts.set(item.evaluation_id, of);
  }
  return evaluations.map((e) => {
    const count = counts.get(e.id) ?? { to_do: 0, scored: 0, skipped: 0 };
    const filter = (e.filter ?? {}) as EvaluationFilter;
    return {
      id: e.id,
      name: e.name,
      use: e.use,
      status: e.status,
      blind: e.blind,
      evaluator: evaluatorHidden(e) ? null : (nameOf.get(e.evaluator_id) ?? null),
      from: dateOf(filter.from),
      to: dateOf(filter.to),
      created_at: e.created_at,
      closed_at: e.closed_at,
      items: count.to_do + count.scored + count.skipped,
      scored: count.scored,
      skipped: count.skipped,
      to_do: count.to_do,
    };
  });
}

export async function reportEvaluationsCommand(
  settings: IqsSettings,
  siteCode: string | null,
  json: boolean,
  output: Output,
): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, siteCode);
    const list = await listEvaluations(connection.client, site.id);
    if (json) {
      for (const entry of list) output.out(JSON.stringify(entry));
      return;
    }
    output.out(`Evaluations of site ${site.code} (${site.name}), newest first:`);
    if (list.length === 0) output.out('  none');
    for (const e of list) {
      const period = e.from || e.to ? `${e.from ?? '…'} to ${e.to ?? '…'}` : 'every date';
      output.out(
        `  ${e.id}  ${JSON.stringify(e.name)}  ${e.use}, ${e.status}${e.blind ? ', blind' : ''}` +
          `${e.evaluator ? `, by ${e.evaluator}` : ''}; ${period}; ${e.items} ${e.items === 1 ? 'image' : 'images'}: ${e.scored} scored, ${e.skipped} skipped, ${e.to_do} to do`,
      );
    }
  } finally {
    await connection.close();
  }
}
