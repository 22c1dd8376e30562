/**
 * Shared set-up of the evaluation suites (sampling, summary, statistics, access): a stand-in on the demo seed, the
 * demo logins signed in, images written as the ingestion writes them (service role), answers given through
 * supabase-js as the evaluator, and the raw rows read back through the service role so that the tests compute their
 * expectations from the rows themselves, never by asking the SQL under test.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import type { EvaluationAnswerRow } from '@iqs/domain';
import { startTestSupabase, type Engine, type TestSupabase } from '../../../test/support/engines';

export const MIGRATIONS = path.resolve(__dirname, '../../supabase/migrations');
export const SEED = path.resolve(__dirname, '../../supabase/seed.sql');

/** The seeded people without a login (their images are still attributed to them). */
export const SANNE = 'b0000000-0000-4000-8000-000000000004';
export const JURGEN = 'b0000000-0000-4000-8000-000000000007';
export const ELIF = 'b0000000-0000-4000-8000-000000000008';

export type Login = keyof typeof DEMO_PEOPLE;

export interface ImageSpec {
  /** a fixed id (else the database makes one) */
  id?: string;
  /** person ids, or { raw } for an OperatorsName no alias matches */
  operators: Array<string | { raw: string }>;
  procedure?: string | null;
  view?: string | null;
  modality?: string;
  station?: string | null;
  date: string;
  rejected?: boolean;
}

export interface FixtureImage extends ImageSpec {
  id: string;
  sop: string;
  procedureId: string | null;
  stationId: string | null;
}

export interface Criterion {
  id: string;
  form_id: string;
  position: number;
  code: string;
  kind: 'yes_no_na' | 'scale' | 'choice' | 'comment' | 'grade';
  label_nl: string;
  label_en: string;
  options: unknown;
}

export interface Catalogue {
  procedures: Record<string, string>;
  stations: Record<string, string>;
  forms: Record<string, string>;
  formCodeById: Record<string, string>;
  criteria: Criterion[];
}

export interface EvaluationWorld {
  env: TestSupabase;
  service: SupabaseClient;
  as: Record<Login, SupabaseClient>;
  catalogue: Catalogue;
  addImages(specs: ImageSpec[]): Promise<FixtureImage[]>;
}

let sopCounter = 0;

/** `migrationsDir`: another folder of migrations (a measurement of the schema before a change), else the project's */
export async function startEvaluationWorld(engine: Engine, migrationsDir: string = MIGRATIONS): Promise<EvaluationWorld> {
  const env = await startTestSupabase(engine, { migrationsDir, seedFile: SEED });
  const service = env.client(env.supabase.serviceRoleKey);
  const as = {} as Record<Login, SupabaseClient>;
  for (const login of Object.keys(DEMO_PEOPLE) as Login[]) {
    const client = env.client();
    const { error } = await client.auth.signInWithPassword({ email: DEMO_PEOPLE[login].email, password: DEMO_PASSWORD });
    if (error) throw new Error(`sign-in as ${login} failed: ${error.message}`);
    as[login] = client;
  }
  const byCode = async (table: string, key: string): Promise<Record<string, string>> => {
    const { data, error } = await service.from(table).select(`id, ${key}`).eq('site_id', DEMO_SITE_ID);
    if (error) throw new Error(error.message);
    return Object.fromEntries((data as unknown as Array<Record<string, string>>).map((r) => [r[key] as string, r['id'] as string]));
  };
  const forms = await byCode('scoring_forms', 'code');
  const criteria = await service
    .from('scoring_criteria')
    .select('id, form_id, position, code, kind, label_nl, label_en, options')
    .eq('site_id', DEMO_SITE_ID);
  if (criteria.error) throw new Error(criteria.error.message);
  const catalogue: Catalogue = {
    procedures: await byCode('procedures', 'code'),
    stations: await byCode('stations', 'station_name'),
    forms,
    formCodeById: Object.fromEntries(Object.entries(forms).map(([code, id]) => [id, code])),
    criteria: criteria.data as Criterion[],
  };

  async function addImages(specs: ImageSpec[]): Promise<FixtureImage[]> {
    const rows = specs.map((spec) => {
      sopCounter += 1;
      const sop = `1.2.826.0.1.3680043.10.1467.50.${sopCounter}`;
      const procedureId = spec.procedure ? (catalogue.procedures[spec.procedure] ?? null) : null;
      if (spec.procedure && !procedureId) throw new Error(`no procedure ${spec.procedure}`);
      const stationId = spec.station ? (catalogue.stations[spec.station] ?? null) : null;
      return {
        spec,
        sop,
        procedureId,
        stationId,
        row: {
          ...(spec.id ? { id: spec.id } : {}),
          site_id: DEMO_SITE_ID,
          sop_instance_uid: sop,
          study_instance_uid: `${sop}.0`,
          series_instance_uid: `${sop}.1`,
          modality: spec.modality ?? 'DX',
          study_date: spec.date,
          station_id: stationId,
          station_name: spec.station ?? null,
          procedure_id: procedureId,
          view_position: spec.view ?? null,
          rejected: spec.rejected ?? false,
          source: 'demo',
        },
      };
    });
    const inserted = await service
      .from('images')
      .insert(rows.map((r) => r.row))
      .select('id, sop_instance_uid');
    if (inserted.error) throw new Error(inserted.error.message);
    const idBySop = new Map((inserted.data as Array<{ id: string; sop_instance_uid: string }>).map((r) => [r.sop_instance_uid, r.id]));
    const images: FixtureImage[] = rows.map((r) => ({
      ...r.spec,
      id: idBySop.get(r.sop) as string,
      sop: r.sop,
      procedureId: r.procedureId,
      stationId: r.stationId,
    }));
    const operators = images.flatMap((image) =>
      image.operators.map((op, position) => ({
        site_id: DEMO_SITE_ID,
        image_id: image.id,
        position,
        raw_name: typeof op === 'string' ? `op-${op.slice(-4)}` : op.raw,
        person_id: typeof op === 'string' ? op : null,
      })),
    );
    if (operators.length > 0) {
      const added = await service.from('image_operators').insert(operators);
      if (added.error) throw new Error(added.error.message);
    }
    return images;
  }

  return { env, service, as, catalogue, addImages };
}

/** The draw's key, computed here independently of the SQL: md5 of "seed:image id", compared as text. */
export function drawKey(seed: number | bigint, imageId: string): string {
  return createHash('md5').update(`${seed}:${imageId}`).digest('hex');
}

/** The sample the draw must give: the n smallest keys (spread: rank within procedure first). */
export function expectedSample(
  candidates: Array<{ id: string; procedureId: string | null }>,
  seed: number,
  n: number,
  spread = false,
): string[] {
  const keyed = candidates.map((c) => ({ ...c, key: drawKey(seed, c.id), rank: 1 }));
  const cmp = (a: { key: string; id: string }, b: { key: string; id: string }) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1;
  if (spread) {
    const groups = new Map<string, typeof keyed>();
    for (const c of keyed) groups.set(c.procedureId ?? '', [...(groups.get(c.procedureId ?? '') ?? []), c]);
    for (const group of groups.values()) group.sort(cmp).forEach((c, i) => (c.rank = i + 1));
  }
  return keyed
    .sort((a, b) => a.rank - b.rank || cmp(a, b))
    .slice(0, n)
    .map((c) => c.id);
}

/** The met rule of the contract (domain/evaluation.ts), written again here to check the database's. */
export function answerMet(kind: Criterion['kind'], options: unknown, value: string | null): boolean | null {
  if (value === null) return null;
  if (kind === 'yes_no_na') return value === 'yes' ? true : value === 'no' ? false : null;
  if (kind === 'scale') {
    const o = options as { max: number; met_from?: number };
    return Number(value) >= (o.met_from ?? o.max - 1);
  }
  // a grade counts like a choice when its options mark which grades meet (migration 37: the PGMI grade)
  if (kind === 'choice' || kind === 'grade') {
    const o = options as Array<{ value: string; met?: boolean }>;
    if (!o.some((x) => x.met === true)) return null;
    return o.some((x) => x.value === value && x.met === true);
  }
  return null;
}

/**
 * Whether an answer enters the shares met (statistics, reports, indicators; migration 42): yes/no, scale and choice
 * criteria, and a grade where its form marks which grades meet (answerMet not null: the PGMI grade).
 */
export function countsForShare(kind: Criterion['kind'], options: unknown, value: string | null): boolean {
  return ['yes_no_na', 'scale', 'choice'].includes(kind) || (kind === 'grade' && answerMet(kind, options, value) !== null);
}

/** A small deterministic generator (no randomness in the tests). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An answer of the criterion's kind, picked with the generator. */
export function pickValue(criterion: Criterion, next: () => number): { value: string | null; comment: string | null } {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  switch (criterion.kind) {
    case 'yes_no_na':
      return { value: pick(['yes', 'yes', 'no', 'na']), comment: null };
    case 'scale': {
      const o = criterion.options as { min: number; max: number };
      return { value: String(o.min + Math.floor(next() * (o.max - o.min + 1))), comment: null };
    }
    case 'choice':
    case 'grade':
      return { value: pick((criterion.options as Array<{ value: string }>).map((x) => x.value)), comment: null };
    default:
      return { value: null, comment: `opmerking ${Math.floor(next() * 1000)}` };
  }
}

export interface WorklistRow {
  item_id: string;
  position: number;
  state: string;
  image_id: string;
  form_id: string;
  operator_names: string[] | null;
  [key: string]: unknown;
}

export async function worklist(client: SupabaseClient, evaluation: string): Promise<WorklistRow[]> {
  const { data, error } = await client.rpc('evaluation_worklist', { evaluation });
  if (error) throw new Error(`worklist: ${error.message}`);
  return data as WorklistRow[];
}

export async function startEvaluation(
  client: SupabaseClient,
  args: {
    use: 'self' | 'peer' | 'quality';
    name?: string;
    subject_person_id?: string | null;
    filter: object;
    sample_size: number;
    blind?: boolean;
    seed?: number;
  },
): Promise<{ evaluation_id: string; requested: number; drawn: number; available: number }> {
  const { data, error } = await client.rpc('start_evaluation', { name: 'test', subject_person_id: null, ...args }).single();
  if (error) throw new Error(`start_evaluation: ${error.code} ${error.message}`);
  return data as { evaluation_id: string; requested: number; drawn: number; available: number };
}

/**
 * Answers every criterion of every item (the criteria of the item's form), as the data layer does: one upsert of
 * client-made ids without scored_by; then the items' states. `skip` and `leave` pick items to skip or leave to do.
 */
export async function scoreAll(
  world: EvaluationWorld,
  client: SupabaseClient,
  evaluation: string,
  seed: number,
  options: { skip?: (position: number) => boolean; leave?: (position: number) => boolean } = {},
): Promise<void> {
  const next = lcg(seed);
  const items = await worklist(client, evaluation);
  const rows = items.flatMap((item) =>
    world.catalogue.criteria
      .filter((c) => c.form_id === item.form_id)
      // an unanswered criterion now and then
      .filter(() => next() > 0.08)
      .map((c) => ({
        id: cryptoUuid(next),
        site_id: DEMO_SITE_ID,
        evaluation_item_id: item.item_id,
        form_id: item.form_id,
        criterion_id: c.id,
        ...pickValue(c, next),
      })),
  );
  // in slices (the stand-in takes at most 1000 rows per insert)
  for (let start = 0; start < rows.length; start += 500) {
    const upserted = await client.from('scores').upsert(rows.slice(start, start + 500), { onConflict: 'id' });
    if (upserted.error) throw new Error(`scores: ${upserted.error.message}`);
  }
  for (const item of items) {
    const state = options.skip?.(item.position) ? 'skipped' : options.leave?.(item.position) ? 'to_do' : 'scored';
    if (state === 'to_do') continue;
    const updated = await client.from('evaluation_items').update({ state }).eq('id', item.item_id);
    if (updated.error) throw new Error(`item state: ${updated.error.message}`);
  }
}

/** A version 4 UUID from the generator (client-made answer ids, reproducible). */
export function cryptoUuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface RawRows {
  evaluations: Array<{
    id: string;
    use: string;
    evaluator_id: string;
    subject_person_id: string | null;
    filter: Record<string, unknown>;
    created_at: string;
    status: 'open' | 'closed';
  }>;
  items: Array<{ id: string; evaluation_id: string; image_id: string; form_id: string; position: number; state: string }>;
  scores: Array<{ id: string; evaluation_item_id: string; criterion_id: string; value: string | null; scored_by: string }>;
  images: Array<{
    id: string;
    procedure_id: string | null;
    modality: string | null;
    station_id: string | null;
    station_name: string | null;
    study_date: string | null;
    study_instance_uid: string;
    series_instance_uid: string;
    sop_instance_uid: string;
  }>;
  operators: Array<{ image_id: string; position: number; raw_name: string; person_id: string | null }>;
  people: Array<{ id: string; display_name: string; employment_start: string | null }>;
}

/** Everything, read through the service role (which bypasses RLS). */
/**
 * Whose answers a caller reads (issue 12, migration 26): the quality officer (Fatima) and the admin (Jeroen) the
 * site's; anyone else the answers of their own evaluations, and on the images they made those of a quality analysis
 * or a closed peer review (never a colleague's self-evaluation, nor a peer review still open).
 */
export function readsAnswers(caller: string, privileged: readonly string[]) {
  return (evaluation: RawRows['evaluations'][number], operators: Array<string | null>): boolean =>
    privileged.includes(caller) ||
    evaluation.evaluator_id === caller ||
    (operators.includes(caller) && (evaluation.use === 'quality' || (evaluation.use === 'peer' && evaluation.status === 'closed')));
}

export async function rawRows(service: SupabaseClient): Promise<RawRows> {
  // pages of 1000 (the stand-in's max_rows), in an order of unique keys so that pages neither overlap nor skip
  const all = async <T>(table: string, columns: string, order: string[] = ['id']): Promise<T[]> => {
    const out: T[] = [];
    for (let offset = 0; ; offset += 1000) {
      let query = service.from(table).select(columns);
      for (const column of order) query = query.order(column);
      const { data, error } = await query.range(offset, offset + 999);
      if (error) throw new Error(`${table}: ${error.message}`);
      out.push(...(data as T[]));
      if ((data as T[]).length < 1000) return out;
    }
  };
  return {
    evaluations: await all('evaluations', 'id, use, evaluator_id, subject_person_id, filter, created_at, status'),
    items: await all('evaluation_items', 'id, evaluation_id, image_id, form_id, position, state'),
    scores: await all('scores', 'id, evaluation_item_id, criterion_id, value, scored_by'),
    images: await all(
      'images',
      'id, procedure_id, modality, station_id, station_name, study_date, study_instance_uid, series_instance_uid, sop_instance_uid',
    ),
    operators: await all('image_operators', 'image_id, position, raw_name, person_id', ['image_id', 'position']),
    people: await all('people', 'id, display_name, employment_start'),
  };
}

/** Completed years between two YYYY-MM-DD dates, and the service band of the contract. */
export function serviceBand(start: string | null, day: string | null): string | null {
  if (!start || !day || day < start) return null;
  const [sy, sm, sd] = start.split('-').map(Number) as [number, number, number];
  const [dy, dm, dd] = day.split('-').map(Number) as [number, number, number];
  const years = dy - sy - (dm < sm || (dm === sm && dd < sd) ? 1 : 0);
  return years < 2 ? '0-2' : years < 5 ? '2-5' : years < 10 ? '5-10' : '10+';
}

/** The audit entries with this action, newest last (read as the quality officer would: service role here). */
export async function auditEntries(
  service: SupabaseClient,
  action: string,
): Promise<Array<{ actor_id: string | null; action: string; target_id: string | null; details: Record<string, unknown> }>> {
  const { data, error } = await service.from('audit_log').select('actor_id, action, target_id, details').eq('action', action).order('id');
  if (error) throw new Error(error.message);
  return data as Array<{ actor_id: string | null; action: string; target_id: string | null; details: Record<string, unknown> }>;
}

/**
 * An evaluation's answer rows (evaluation_answer_rows, evaluation_answer_rows_for_site) computed from the raw tables
 * (service role): every item × every criterion of its form, in worklist and form order; met by answerMet.
 */
export async function expectedAnswerRows(world: EvaluationWorld, evaluation: string): Promise<EvaluationAnswerRow[]> {
  const raw = await rawRows(world.service);
  const read = async <T>(table: string, columns: string): Promise<T[]> => {
    const { data, error } = await world.service.from(table).select(columns);
    if (error) throw new Error(error.message);
    return data as T[];
  };
  const stations = new Map(
    (await read<{ id: string; display_name: string | null }>('stations', 'id, display_name')).map((s) => [s.id, s.display_name]),
  );
  const procedures = new Map(
    (await read<{ id: string; code: string; name_nl: string; name_en: string }>('procedures', 'id, code, name_nl, name_en')).map((p) => [
      p.id,
      p,
    ]),
  );
  const comments = new Map((await read<{ id: string; comment: string | null }>('scores', 'id, comment')).map((s) => [s.id, s.comment]));
  const views = new Map(
    (await read<{ id: string; view_position: string | null }>('images', 'id, view_position')).map((i) => [i.id, i.view_position]),
  );
  const images = new Map(raw.images.map((i) => [i.id, i]));
  const items = raw.items.filter((i) => i.evaluation_id === evaluation).sort((a, b) => a.position - b.position);
  return items.flatMap((item) => {
    const image = images.get(item.image_id)!;
    const procedure = image.procedure_id ? procedures.get(image.procedure_id) : undefined;
    return world.catalogue.criteria
      .filter((c) => c.form_id === item.form_id)
      .sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : 1))
      .map((c) => {
        const score = raw.scores.find((s) => s.evaluation_item_id === item.id && s.criterion_id === c.id);
        const value = score?.value ?? null;
        const options = c.options as unknown;
        const labelled = (Array.isArray(options) ? options : ((options as { labels?: unknown[] } | null)?.labels ?? [])) as Array<{
          value: unknown;
          label_nl?: string;
          label_en?: string;
        }>;
        const option = value === null ? undefined : labelled.find((o) => String(o.value) === value);
        return {
          item_id: item.id,
          item_position: item.position,
          item_state: item.state as EvaluationAnswerRow['item_state'],
          study_date: image.study_date,
          modality: image.modality,
          view_position: views.get(image.id) ?? null,
          procedure_code: procedure?.code ?? null,
          procedure_name_nl: procedure?.name_nl ?? null,
          procedure_name_en: procedure?.name_en ?? null,
          room: (image.station_id ? stations.get(image.station_id) : null) ?? image.station_name,
          criterion_code: c.code,
          criterion_position: c.position,
          criterion_kind: c.kind,
          criterion_label_nl: c.label_nl,
          criterion_label_en: c.label_en,
          value,
          answer_label_nl: option?.label_nl ?? null,
          answer_label_en: option?.label_en ?? null,
          met: item.state === 'skipped' ? null : answerMet(c.kind, c.options, value),
          remark: score ? (comments.get(score.id) ?? null) : null,
        };
      });
  });
}
