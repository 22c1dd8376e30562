/**
 * The mixed load of the demo department's users, shared by `npm run bench:load` (timed, on the demo) and the bounded
 * load test in `npm test` (untimed, on a small world): every demo login has an open evaluation; clients, each signed
 * in as one of them, run a fixed number of operations as the viewer runs them — score upserts on client-made ids
 * (extensions/iqs-scoring/src/data/answerSender.ts), reads of scores, evaluations and images, the evaluation
 * worklist and the score statistics. Each client writes its own (item, criterion) pairs only, so the last value a
 * client saw acknowledged is the value the database must hold afterwards.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { createHash } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import type { TestSupabase } from './engines';

export type DemoLoginName = keyof typeof DEMO_PEOPLE;
export type LoadOp = 'upsert' | 'read_scores' | 'read_evaluations' | 'read_images' | 'worklist' | 'statistics';

/** Ten operations a client cycles through: 4 upserts, 4 reads, 1 worklist, 1 statistics. */
export const LOAD_MIX: readonly LoadOp[] = [
  'upsert',
  'read_scores',
  'upsert',
  'worklist',
  'read_images',
  'upsert',
  'statistics',
  'read_evaluations',
  'upsert',
  'read_scores',
];

/** Who starts what: the radiographers their own images, the reviewer a colleague's, the others the department's. */
const EVALUATIONS: ReadonlyArray<{ login: DemoLoginName; use: 'self' | 'peer' | 'quality'; subject?: DemoLoginName }> = [
  { login: 'petra', use: 'self' },
  { login: 'daan', use: 'self' },
  { login: 'anna', use: 'peer', subject: 'petra' },
  { login: 'fatima', use: 'quality' },
  { login: 'jeroen', use: 'quality' },
];

export interface LoadUser {
  login: DemoLoginName;
  client: SupabaseClient;
  evaluationId: string;
  items: Array<{ id: string; formId: string }>;
}

export interface LoadWorld {
  users: LoadUser[];
  /** yes/no/n.a. criteria of each form, the answers the mix gives */
  criteriaByForm: Map<string, string[]>;
  service: SupabaseClient;
}

export async function signIn(env: TestSupabase, login: DemoLoginName): Promise<SupabaseClient> {
  const client = env.client();
  const { error } = await client.auth.signInWithPassword({ email: DEMO_PEOPLE[login].email, password: DEMO_PASSWORD });
  if (error) throw new Error(`sign-in as ${login} failed: ${error.message}`);
  return client;
}

/**
 * Each demo login signed in once (the clients of one login share its session; `signedIn` = sessions already made) with
 * an open evaluation of `sampleSize`.
 */
export async function prepareLoadWorld(
  env: TestSupabase,
  sampleSize: number,
  signedIn: Partial<Record<DemoLoginName, SupabaseClient>> = {},
): Promise<LoadWorld> {
  const service = env.client(env.supabase.serviceRoleKey);
  const users: LoadUser[] = [];
  for (const plan of EVALUATIONS) {
    const client = signedIn[plan.login] ?? (await signIn(env, plan.login));
    const started = await client
      .rpc('start_evaluation', {
        use: plan.use,
        name: `load ${plan.login}`,
        subject_person_id: plan.subject ? DEMO_PEOPLE[plan.subject].personId : null,
        filter: {},
        sample_size: sampleSize,
        seed: 12,
      })
      .single();
    if (started.error) throw new Error(`start_evaluation as ${plan.login}: ${started.error.message}`);
    const evaluationId = (started.data as { evaluation_id: string }).evaluation_id;
    const worklist = await client.rpc('evaluation_worklist', { evaluation: evaluationId });
    if (worklist.error) throw new Error(`evaluation_worklist as ${plan.login}: ${worklist.error.message}`);
    const items = (worklist.data as Array<{ item_id: string; form_id: string }>).map((r) => ({ id: r.item_id, formId: r.form_id }));
    if (items.length === 0) throw new Error(`the evaluation of ${plan.login} drew no images`);
    users.push({ login: plan.login, client, evaluationId, items });
  }
  const criteria = await service
    .from('scoring_criteria')
    .select('id, form_id, position')
    .eq('site_id', DEMO_SITE_ID)
    .eq('kind', 'yes_no_na');
  if (criteria.error) throw new Error(`scoring_criteria: ${criteria.error.message}`);
  const criteriaByForm = new Map<string, string[]>();
  for (const c of (criteria.data as Array<{ id: string; form_id: string; position: number }>).sort((a, b) => a.position - b.position)) {
    criteriaByForm.set(c.form_id, [...(criteriaByForm.get(c.form_id) ?? []), c.id]);
  }
  return { users, criteriaByForm, service };
}

/** The client-made id of the answer to one criterion of one item (as stable as the viewer's outbox makes it). */
function answerId(itemId: string, criterionId: string): string {
  const hex = createHash('sha256').update(`${itemId}:${criterionId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface LoadResult {
  /** ms of every operation, by kind */
  latencies: Array<{ op: LoadOp; ms: number }>;
  errors: Array<{ op: LoadOp; login: DemoLoginName; message: string }>;
  /** answer id → the value last acknowledged (a client writes only its own pairs, one at a time) */
  acknowledged: Map<string, string>;
  wallMs: number;
}

export interface LoadOptions {
  clients: number;
  opsPerClient: number;
}

async function runOp(
  world: LoadWorld,
  user: LoadUser,
  op: LoadOp,
  client: number,
  slot: number,
  slots: number,
  i: number,
  result: LoadResult,
) {
  const db = user.client;
  if (op === 'upsert') {
    // this client's items: every slots-th one of its login's evaluation
    const own = user.items.filter((_, n) => n % slots === slot);
    const item = own[(i * 7 + client) % own.length] ?? user.items[0]!;
    const criteria = world.criteriaByForm.get(item.formId) ?? [];
    const criterion = criteria[i % Math.max(1, criteria.length)];
    if (!criterion) throw new Error(`form ${item.formId} has no yes/no criterion`);
    const id = answerId(item.id, criterion);
    const value = i % 3 === 0 ? 'no' : 'yes';
    const row = {
      id,
      site_id: DEMO_SITE_ID,
      evaluation_item_id: item.id,
      form_id: item.formId,
      criterion_id: criterion,
      value,
      comment: null,
    };
    const { error } = await db.from('scores').upsert(row as never, { onConflict: 'id' });
    if (error) throw new Error(error.message);
    result.acknowledged.set(id, value);
    return;
  }
  const answer =
    op === 'read_scores'
      ? await db
          .from('scores')
          .select('id, evaluation_item_id, criterion_id, value, comment')
          .in(
            'evaluation_item_id',
            user.items.slice(0, 40).map((it) => it.id),
          )
      : op === 'read_evaluations'
        ? await db
            .from('evaluations')
            .select('id, name, use, status, created_at, closed_at, subject_person_id')
            .order('created_at', { ascending: false })
        : op === 'read_images'
          ? await db
              .from('images')
              .select('id, study_date, station_name, modality, view_position', { count: 'exact' })
              .order('study_date', { ascending: false })
              // the first two pages of 10: even a radiographer with few images has them
              .range((i % 2) * 10, (i % 2) * 10 + 9)
          : op === 'worklist'
            ? await db.rpc('evaluation_worklist', { evaluation: user.evaluationId })
            : await db.rpc('score_statistics', { dimension: 'radiographer', period: 'month', filter: { from: null, to: null } });
  if (answer.error) throw new Error(answer.error.message);
}

/** `clients` concurrent clients, each running `opsPerClient` operations of the mix one after another. */
export async function runLoadMix(world: LoadWorld, options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], errors: [], acknowledged: new Map(), wallMs: 0 };
  const slots = Math.ceil(options.clients / world.users.length);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      const user = world.users[client % world.users.length]!;
      const slot = Math.floor(client / world.users.length);
      for (let i = 0; i < options.opsPerClient; i++) {
        const op = LOAD_MIX[(i + client) % LOAD_MIX.length]!;
        const t0 = performance.now();
        try {
          await runOp(world, user, op, client, slot, slots, i, result);
        } catch (error) {
          result.errors.push({ op, login: user.login, message: error instanceof Error ? error.message : String(error) });
        }
        result.latencies.push({ op, ms: performance.now() - t0 });
      }
    }),
  );
  result.wallMs = performance.now() - started;
  return result;
}

/** The acknowledged answers the database does not hold with their acknowledged value (read as the service role). */
export async function missingAcknowledged(service: SupabaseClient, acknowledged: Map<string, string>): Promise<string[]> {
  const ids = [...acknowledged.keys()];
  const held = new Map<string, string | null>();
  for (let start = 0; start < ids.length; start += 100) {
    const { data, error } = await service
      .from('scores')
      .select('id, value')
      .in('id', ids.slice(start, start + 100));
    if (error) throw new Error(`reading the answers back: ${error.message}`);
    for (const row of data as Array<{ id: string; value: string | null }>) held.set(row.id, row.value);
  }
  return ids
    .filter((id) => held.get(id) !== acknowledged.get(id))
    .map((id) => `${id}: acknowledged ${acknowledged.get(id)}, held ${held.get(id) ?? 'nothing'}`);
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export const median = (values: number[]): number => percentile(values, 50);
