/**
 * `iqs report evaluations` and `iqs report evaluation`: the evaluations of a site, and one evaluation's answers one row
 * per image and criterion, as the wide summary /iqs?summary=<id> shows and downloads them.
 *
 *   iqs report evaluations [--site <code>] [--json]
 *   iqs report evaluation --id <evaluation id> [--csv <file>] [--language nl|en] [--site <code>] [--json]
 *
 * The rows are those of evaluation_answer_rows (migration 39), read here through the service role from the same
 * tables: that function is for signed-in people only (its worklist checks the caller), and the CLI has no person.
 * "Met" is @iqs/domain answerMeets, the mirror of private.answer_met; backend/test/db/evaluationCommand.test.ts holds
 * these rows equal to the function's. The CSV is the page's own: the extension's sheetRows (display names, answer
 * labels) into @iqs/domain evaluationRowsCsv, so the file is byte for byte the page's Download CSV.
 * Privacy: the rows hold no patient and no operator; the evaluator is left out while a blind evaluation is open (the
 * page's rule, sheetHeader). Reading the answers is written to the audit log as scores.read (actor: none, the CLI).
 */
import { writeFile } from 'node:fs/promises';
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient } from '@iqs/database';
import { answerMeets, type Criterion, type EvaluationFilter, evaluationRowsCsv, type SheetHeader } from '@iqs/domain';
// the page's display rules and messages (plain TypeScript, no React): one way to name things, on the page and here
import { createTranslator } from '../../../extensions/iqs-scoring/src/i18n/translator';
import { sheetHeader, sheetRows } from '../../../extensions/iqs-scoring/src/ui/sheetRows';
import type { EvaluationAnswerRow, EvaluationSheetData } from '../../../extensions/iqs-scoring/src/ports';
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

interface ItemRecord {
  id: string;
  evaluation_id: string;
  position: number;
  state: 'to_do' | 'scored' | 'skipped';
  image_id: string;
  form_id: string;
}

async function itemsOf(client: IqsServiceClient, evaluationIds: readonly string[]): Promise<ItemRecord[]> {
  return inChunks(evaluationIds, (chunk) =>
    allRows<ItemRecord>('evaluation items', (from, to) =>
      client
        .from('evaluation_items')
        .select('id, evaluation_id, position, state, image_id, form_id')
        .in('evaluation_id', chunk)
        .order('evaluation_id')
        .order('position')
        .order('id')
        .range(from, to),
    ),
  );
}

/**
 * The rows of evaluation_answer_rows for one evaluation: every item × every criterion of its form, in worklist and
 * form order; the image's procedure, view, date and room (the station's display name, else the name the modality
 * sends); the answer, its label from the form, whether it meets (null for a skipped image), the remark.
 */
export async function answerRowsOf(client: IqsServiceClient, evaluation: { id: string; site_id: string }): Promise<EvaluationAnswerRow[]> {
  const items = (await itemsOf(client, [evaluation.id])).sort((a, b) => a.position - b.position);
  const imageIds = [...new Set(items.map((i) => i.image_id))];
  const formIds = [...new Set(items.map((i) => i.form_id))];
  const itemIds = items.map((i) => i.id);
  type Image = {
    id: string;
    study_date: string | null;
    modality: string | null;
    view_position: string | null;
    procedure_id: string | null;
    station_name: string | null;
  };
  type Procedure = { id: string; code: string; name_nl: string | null; name_en: string | null };
  type CriterionRecord = {
    id: string;
    form_id: string;
    code: string;
    position: number;
    kind: Criterion['kind'];
    label_nl: string;
    label_en: string;
    options: unknown;
  };
  type Score = { id: string; evaluation_item_id: string; criterion_id: string; value: string | null; comment: string | null };
  const images = await inChunks(imageIds, async (chunk) => {
    const { data, error } = await client
      .from('images')
      .select('id, study_date, modality, view_position, procedure_id, station_name')
      .in('id', chunk);
    if (error) throw new Error(`could not read the images: ${error.message}`);
    return (data ?? []) as Image[];
  });
  const procedureIds = [...new Set(images.map((i) => i.procedure_id).filter((id): id is string => id !== null))];
  const procedures = await inChunks(procedureIds, async (chunk) => {
    const { data, error } = await client.from('procedures').select('id, code, name_nl, name_en').in('id', chunk);
    if (error) throw new Error(`could not read the procedures: ${error.message}`);
    return (data ?? []) as Procedure[];
  });
  const criteria = await inChunks(formIds, (chunk) =>
    allRows<CriterionRecord>('criteria', (from, to) =>
      client
        .from('scoring_criteria')
        .select('id, form_id, code, position, kind, label_nl, label_en, options')
        .in('form_id', chunk)
        .order('id')
        .range(from, to),
    ),
  );
  const scores = await inChunks(itemIds, (chunk) =>
    allRows<Score>('answers', (from, to) =>
      client
        .from('scores')
        .select('id, evaluation_item_id, criterion_id, value, comment')
        .in('evaluation_item_id', chunk)
        .order('id')
        .range(from, to),
    ),
  );
  // the rooms of the evaluation's site (the function reads stations under the caller's site)
  const stations = await allRows<{ id: string; station_name: string; display_name: string | null }>('stations', (from, to) =>
    client.from('stations').select('id, station_name, display_name').eq('site_id', evaluation.site_id).order('id').range(from, to),
  );
  const imageById = new Map(images.map((i) => [i.id, i]));
  const procedureById = new Map(procedures.map((p) => [p.id, p]));
  const roomByStation = new Map(stations.filter((s) => s.display_name !== null).map((s) => [s.station_name, s.display_name as string]));
  const scoreByKey = new Map(scores.map((s) => [`${s.evaluation_item_id} ${s.criterion_id}`, s]));
  const criteriaByForm = new Map<string, CriterionRecord[]>();
  for (const c of criteria) criteriaByForm.set(c.form_id, [...(criteriaByForm.get(c.form_id) ?? []), c]);
  for (const list of criteriaByForm.values())
    list.sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  return items.flatMap((item) => {
    const image = imageById.get(item.image_id);
    const procedure = image?.procedure_id ? procedureById.get(image.procedure_id) : undefined;
    const station = image?.station_name ?? null;
    return (criteriaByForm.get(item.form_id) ?? []).map((c): EvaluationAnswerRow => {
      const score = scoreByKey.get(`${item.id} ${c.id}`);
      const value = score?.value ?? null;
      // the answer's label: a choice's or grade's option, or a scale's value label ({"labels": [{value, label_nl, label_en}]})
      const options = c.options as { labels?: unknown } | unknown[] | null;
      const labelled = (Array.isArray(options) ? options : Array.isArray(options?.labels) ? options.labels : []) as Array<{
        value?: unknown;
        label_nl?: unknown;
        label_en?: unknown;
      }>;
      const option =
        value === null ? undefined : labelled.find((o) => o.value !== undefined && o.value !== null && String(o.value) === value);
      const text = (x: unknown): string | null => (x === undefined || x === null ? null : String(x));
      return {
        item_id: item.id,
        item_position: item.position,
        item_state: item.state,
        study_date: image?.study_date ?? null,
        modality: image?.modality ?? null,
        view_position: image?.view_position ?? null,
        procedure_code: procedure?.code ?? null,
        procedure_name_nl: procedure?.name_nl ?? null,
        procedure_name_en: procedure?.name_en ?? null,
        room: (station !== null ? roomByStation.get(station) : undefined) ?? station,
        criterion_code: c.code,
        criterion_position: c.position,
        criterion_kind: c.kind,
        criterion_label_nl: c.label_nl,
        criterion_label_en: c.label_en,
        value,
        answer_label_nl: text(option?.label_nl),
        answer_label_en: text(option?.label_en),
        // a skipped image has no answers that count (as in evaluation_summary)
        met: item.state === 'skipped' ? null : answerMeets({ kind: c.kind, options: c.options } as Criterion, value),
        remark: score?.comment ?? null,
      };
    });
  });
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
  const rows = await answerRowsOf(client, evaluation);
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

/** Whether who evaluated may be named: not while a blind evaluation is open (the page's rule, sheetHeader). */
const evaluatorShown = (e: { blind: boolean; status: string }): boolean => !(e.blind && e.status === 'open');

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
    // reading the answers is audited, as evaluation_scores does for anyone but the evaluator
    const audited = await connection.client.from('audit_log').insert({
      site_id: site.id,
      actor_id: null,
      action: 'scores.read',
      target_table: 'evaluations',
      target_id: evaluation.id,
      details: {
        function: 'iqs report evaluation',
        evaluation_id: evaluation.id,
        use: evaluation.use,
        subject_person_id: evaluation.subject_person_id,
        scores: sheet.rows.filter((r) => r.value !== null || r.remark !== null).length,
      },
    });
    if (audited.error) throw new Error(`could not write the read to the audit log: ${audited.error.message}`);
  } finally {
    await connection.close();
  }
  const translator = createTranslator(options.language);
  if (options.json) {
    const header: SheetHeader = sheetHeader(sheet, translator, today);
    output.out(
      JSON.stringify({
        evaluation: {
          id: sheet.id,
          name: sheet.name,
          use: sheet.use,
          status: sheet.status,
          blind: sheet.blind,
          site: sheet.siteName,
          evaluator: evaluatorShown(evaluation) ? sheet.evaluatorName : null,
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
    await writeFile(options.csv, evaluationRowsCsv(sheet.name, sheetRows(sheet.rows, translator), options.language), 'utf8');
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
  return evaluations.map((e) => {
    const mine = items.filter((i) => i.evaluation_id === e.id);
    const filter = (e.filter ?? {}) as EvaluationFilter;
    return {
      id: e.id,
      name: e.name,
      use: e.use,
      status: e.status,
      blind: e.blind,
      evaluator: evaluatorShown(e) ? (nameOf.get(e.evaluator_id) ?? null) : null,
      from: dateOf(filter.from),
      to: dateOf(filter.to),
      created_at: e.created_at,
      closed_at: e.closed_at,
      items: mine.length,
      scored: mine.filter((i) => i.state === 'scored').length,
      skipped: mine.filter((i) => i.state === 'skipped').length,
      to_do: mine.filter((i) => i.state === 'to_do').length,
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
