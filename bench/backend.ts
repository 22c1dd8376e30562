/**
 * npm run bench:backend — latency through supabase-js against the local stand-in, on the embedded engine (PGlite)
 * and on PostgreSQL 15 in the same run: a typical read (a page of 20 images with a filter and an exact count, as a
 * quality officer under RLS) and a score insert (a reviewer's answer, upserted on its client-made id).
 *
 * Output: one line per figure, "<figure>: <value> <unit>"; the PostgreSQL figures are the baseline the PGlite ones
 * are compared with.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { startTestSupabase, type Engine } from '../test/support/engines';
import { startTestCluster, stopTestCluster } from '../test/support/postgres';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../backend/supabase');
const IMAGES = 2000;
const WARMUP = 20;
const READS = 300;
const INSERTS = 300;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function timed(run: () => Promise<{ error: unknown }>): Promise<number> {
  const started = performance.now();
  const { error } = await run();
  if (error) throw new Error(`benchmark request failed: ${JSON.stringify(error)}`);
  return performance.now() - started;
}

async function measure(engine: Engine): Promise<{ read: number[]; insert: number[] }> {
  const env = await startTestSupabase(engine, {
    migrationsDir: path.join(PROJECT, 'migrations'),
    seedFile: path.join(PROJECT, 'seed.sql'),
  });
  try {
    // a year of images in four rooms, made by the demo radiographers
    const stations = ['RAD-KAMER1', 'RAD-KAMER2', 'RAD-KAMER3', 'SEH-KAMER'];
    await env.db.query(
      `insert into public.images (site_id, sop_instance_uid, study_instance_uid, series_instance_uid, modality, study_date, station_name, dap_gy_cm2, source)
       select $1, '1.2.826.0.1.3680043.10.1467.7.' || i, '1.2.826.0.1.3680043.10.1467.8.' || i, '1.2.826.0.1.3680043.10.1467.9.' || i, 'DX',
              date '2026-01-01' + (i % 330), ($2::text[])[1 + i % 4], 0.05 + (i % 100) / 1000.0, 'demo'
       from generate_series(1, $3) as i`,
      [DEMO_SITE_ID, stations, IMAGES],
    );
    await env.db.query(
      `insert into public.image_operators (site_id, image_id, position, raw_name, person_id)
       select site_id, id, 0, 'Jansen^Petra', $1 from public.images`,
      [DEMO_PEOPLE.petra.personId],
    );

    const signedIn = async (email: string): Promise<SupabaseClient> => {
      const client = env.client();
      const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
      if (error) throw new Error(error.message);
      return client;
    };
    const officer = await signedIn(DEMO_PEOPLE.fatima.email);
    const reviewer = await signedIn(DEMO_PEOPLE.anna.email);

    const read = async (i: number) =>
      timed(async () =>
        officer
          .from('images')
          .select('id, study_date, station_name, dap_gy_cm2', { count: 'exact' })
          .eq('station_name', stations[i % 4] as string)
          .order('study_date', { ascending: false })
          .range((i % 10) * 20, (i % 10) * 20 + 19),
      );
    for (let i = 0; i < WARMUP; i++) await read(i);
    const reads: number[] = [];
    for (let i = 0; i < READS; i++) reads.push(await read(i));

    // a peer review with enough items that every insert answers a new (item, criterion)
    const form = await reviewer.from('scoring_forms').select('id').eq('code', 'generic').single();
    const criteria = await reviewer
      .from('scoring_criteria')
      .select('id, kind')
      .eq('form_id', form.data?.id as string)
      .eq('kind', 'yes_no_na');
    const evaluation = await reviewer
      .from('evaluations')
      .insert({
        site_id: DEMO_SITE_ID,
        use: 'peer',
        name: 'bench',
        evaluator_id: DEMO_PEOPLE.anna.personId,
        subject_person_id: DEMO_PEOPLE.petra.personId,
        seed: 1,
        sample_size: 200,
      })
      .select('id')
      .single();
    const images = await reviewer.from('images').select('id').limit(200);
    const items = await reviewer
      .from('evaluation_items')
      .insert(
        (images.data ?? []).map((image, i) => ({
          site_id: DEMO_SITE_ID,
          evaluation_id: evaluation.data?.id as string,
          image_id: image.id,
          form_id: form.data?.id as string,
          position: i + 1,
        })),
      )
      .select('id');
    const pairs = (items.data ?? []).flatMap((item) =>
      (criteria.data ?? []).map((criterion) => ({ item: item.id, criterion: criterion.id })),
    );
    if (pairs.length < WARMUP + INSERTS) throw new Error(`only ${pairs.length} item/criterion pairs to score`);
    const insert = async (i: number) => {
      const pair = pairs[i] as { item: string; criterion: string };
      return timed(async () =>
        reviewer.from('scores').upsert(
          {
            id: randomUUID(),
            site_id: DEMO_SITE_ID,
            evaluation_item_id: pair.item,
            form_id: form.data?.id as string,
            criterion_id: pair.criterion,
            value: 'yes',
            scored_by: DEMO_PEOPLE.anna.personId,
          },
          { onConflict: 'id' },
        ),
      );
    };
    for (let i = 0; i < WARMUP; i++) await insert(i);
    const inserts: number[] = [];
    for (let i = WARMUP; i < WARMUP + INSERTS; i++) inserts.push(await insert(i));
    return { read: reads, insert: inserts };
  } finally {
    await env.close();
  }
}

async function main(): Promise<void> {
  // the PostgreSQL 15 cluster the test suites use, started for this run
  const cluster = await startTestCluster();
  process.env['IQS_TEST_POSTGRES_URL'] = cluster.url;
  try {
    const pglite = await measure('pglite');
    const postgres = await measure('postgres');
    const line = (figure: string, value: number, unit: string): void => console.log(`${figure}: ${value.toFixed(2)} ${unit}`);
    for (const [name, pick] of [
      ['read_page20_count', (r: typeof pglite) => r.read],
      ['score_insert', (r: typeof pglite) => r.insert],
    ] as const) {
      for (const p of [50, 95]) {
        const embedded = percentile(pick(pglite), p);
        const baseline = percentile(pick(postgres), p);
        line(`${name}_p${p}_pglite`, embedded, 'ms');
        line(`${name}_p${p}_postgres15`, baseline, 'ms');
        line(`${name}_p${p}_pglite_vs_postgres15`, embedded / baseline, 'x');
      }
    }
  } finally {
    stopTestCluster(cluster);
  }
}

main().catch((error: unknown) => {
  console.error(`bench:backend failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
