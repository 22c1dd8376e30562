/**
 * The evaluation sampling benchmark: on PostgreSQL 15 (a throw-away cluster), an image index of 3,000,000 images —
 * six years of a department with 48 radiographers, the demo rooms and procedures, ~10% made by two, ~8% rejected —
 * then draw_sample for a 20-image peer review with a typical filter (one radiographer, one procedure, one year) as the
 * signed-in reviewer, timed against one plain `select count(*) from images` in the same run. Median of 5 each.
 *
 *   samplingFigures()            → { sampleMs, countMs, images }
 *   npx tsx bench/evaluationSampling.ts [--explain]   prints "<figure>: <value> <unit>" lines (and the draw's plan)
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { applyMigrations, ensureSupabaseBootstrap, openDatabase } from '@iqs/supabase-local';
import { startTestCluster, stopTestCluster } from '../test/support/postgres';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../backend/supabase');
const IMAGES = 3_000_000;
const RUNS = 5;
/** Anna de Vries (reviewer) reviews Petra Jansen: her chest X-rays of 2025 */
const REVIEWER_AUTH_ID = 'c0000000-0000-4000-8000-000000000002';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** The index, in a few statements: people, images, operators. Deterministic (setseed). */
async function fill(client: pg.Client): Promise<void> {
  await client.query('select setseed(0.2026)');
  // 40 more radiographers (no login), with aliases, hired over twenty years
  await client.query(
    `insert into public.people (site_id, display_name, role, employment_start)
     select $1, 'Laborant ' || g, 'radiographer', date '2005-01-01' + (g * 173)
     from generate_series(1, 40) g`,
    [DEMO_SITE_ID],
  );
  // the FK checks of a bulk load are what make it slow; the data below refers only to rows that exist (with the
  // triggers off, what they would fill is written here: a rejected image's source, the IOCM note)
  await client.query('set session_replication_role = replica');
  await client.query(
    `insert into public.images (site_id, sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, modality,
                                study_date, station_id, station_name, procedure_id, view_position, rejected, reject_source, source, dap_gy_cm2)
     with st as (
       select array_agg(s.id order by s.station_name) as ids, array_agg(s.station_name order by s.station_name) as names,
              array_agg(s.modality order by s.station_name) as modalities
       from public.stations s where s.site_id = $1 and s.modality in ('DX', 'CR')
     ),
     -- procedures weighted as a general radiology department sees them
     pr as (
       select array_agg(p.id order by w.n) as ids, array_agg(p.code order by w.n) as codes
       from (values ('thorax', 1), ('thorax', 2), ('thorax', 3), ('thorax', 4), ('knie', 5), ('knie', 6), ('bekken', 7),
                    ('lwk', 8), ('hand', 9), ('hand', 10), ('schedel', 11)) as w (code, n)
       join public.procedures p on p.code = w.code and p.site_id = $1
     )
     select $1,
            '1.2.826.0.1.3680043.10.1467.90.' || g, '1.2.826.0.1.3680043.10.1467.91.' || (g / 3), '1.2.826.0.1.3680043.10.1467.92.' || (g / 2),
            '1.2.840.10008.5.1.4.1.1.1.1', st.modalities[1 + (g % 4)],
            date '2020-01-01' + floor(r.d * 2191)::int,
            st.ids[1 + (g % 4)], st.names[1 + (g % 4)],
            pr.ids[1 + floor(r.p * 11)::int],
            (array['PA', 'AP', 'LAT', 'LL', 'OBL'])[1 + floor(r.v * 5)::int],
            r.rej < 0.08, case when r.rej < 0.08 then 'iocm' end, 'demo', 0.02 + r.d / 10
     from generate_series(1, $2::int) g
     cross join st cross join pr
     cross join lateral (select random() as d, random() as p, random() as v, random() as rej, g as dummy) r`,
    [DEMO_SITE_ID, IMAGES],
  );
  // one operator per image, a second for one in ten
  await client.query(
    `with ppl as (select array_agg(p.id order by p.id) as ids from public.people p where p.site_id = $1 and p.role in ('radiographer', 'reviewer', 'quality_officer'))
     insert into public.image_operators (site_id, image_id, position, raw_name, person_id)
     select i.site_id, i.id, o.position, 'op', ppl.ids[1 + floor(o.r * array_length(ppl.ids, 1))::int]
     from public.images i cross join ppl
     cross join lateral (select 0 as position, random() as r, i.id as dummy
                         union all select 1, random(), i.id where random() < 0.1) o`,
    [DEMO_SITE_ID],
  );
  await client.query('set session_replication_role = origin');
  // as autovacuum leaves a department's server: statistics and the visibility map that index-only scans need
  await client.query('vacuum analyze');
}

async function asReviewer<T>(client: pg.Client, run: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: REVIEWER_AUTH_ID, role: 'authenticated', aud: 'authenticated' }),
    ]);
    return await run();
  } finally {
    await client.query('rollback');
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function measure(
  client: pg.Client,
  options: { explain: boolean },
): Promise<{ sampleMs: number; countMs: number; images: number; candidates: number; candidateCountMs: number; plan: string | null }> {
  const thorax = (
    await client.query<{ id: string }>(`select id from public.procedures where site_id = $1 and code = 'thorax'`, [DEMO_SITE_ID])
  ).rows[0]?.id;
  const filter = JSON.stringify({ procedure_ids: [thorax], from: '2025-01-01', to: '2025-12-31' });
  const draw = (seed: number) =>
    asReviewer(client, async () => {
      const { rows } = await client.query('select * from public.draw_sample($1, $2, $3::jsonb, $4, $5)', [
        'peer',
        DEMO_PEOPLE.petra.personId,
        filter,
        20,
        seed,
      ]);
      if (rows.length !== 20) throw new Error(`the draw gave ${rows.length} images, not 20`);
    });
  const countCandidates = () =>
    asReviewer(
      client,
      async () =>
        (
          await client.query<{ n: number }>('select public.count_sample_candidates($1, $2, $3::jsonb) as n', [
            'peer',
            DEMO_PEOPLE.petra.personId,
            filter,
          ])
        ).rows[0]?.n ?? 0,
    );
  const count = async () => Number((await client.query<{ n: string }>('select count(*) as n from public.images')).rows[0]?.n);

  // warm the cache as a department's server is warm
  await draw(0);
  await count();
  const sample: number[] = [];
  const counts: number[] = [];
  const candidateCounts: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    sample.push(await timed(() => draw(i)));
    counts.push(await timed(count));
    candidateCounts.push(await timed(countCandidates));
  }

  let plan: string | null = null;
  if (options.explain) {
    // the statement inside draw_sample, with its plan, through auto_explain (sent to this client as notices)
    const lines: string[] = [];
    const onNotice = (notice: { message?: string }) => lines.push(notice.message ?? '');
    client.on('notice', onNotice);
    await client.query(`load 'auto_explain'`);
    await client.query(
      `set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on; set auto_explain.log_analyze = on; set auto_explain.log_buffers = on; set client_min_messages = log`,
    );
    await draw(99);
    await client.query(`set client_min_messages = notice; set auto_explain.log_min_duration = -1`);
    client.off('notice', onNotice);
    plan = lines.filter((l) => l.includes('md5')).join('\n\n') || lines.join('\n\n');
  }
  return {
    sampleMs: median(sample),
    countMs: median(counts),
    images: await count(),
    candidates: await countCandidates(),
    candidateCountMs: median(candidateCounts),
    plan,
  };
}

async function run(options: { explain: boolean }) {
  const cluster = await startTestCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database iqs_bench');
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, '/iqs_bench');
    const db = await openDatabase({ kind: 'postgres', url });
    try {
      await ensureSupabaseBootstrap(db);
      await applyMigrations(db, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
    } finally {
      await db.close();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('set search_path = "$user", public, extensions');
      await fill(client);
      return await measure(client, options);
    } finally {
      await client.end();
    }
  } finally {
    stopTestCluster(cluster);
  }
}

/** draw_sample (20 images, one radiographer, one procedure, one year, as the reviewer) against count(*) over the index. */
export async function samplingFigures(): Promise<{ sampleMs: number; countMs: number; images: number }> {
  const { sampleMs, countMs, images } = await run({ explain: false });
  return { sampleMs, countMs, images };
}

async function main(): Promise<void> {
  const explain = process.argv.includes('--explain');
  const figures = await run({ explain });
  console.log(`sampling_images: ${figures.images} images`);
  console.log(`sampling_candidates: ${figures.candidates} images`);
  console.log(`sampling_draw20_median_postgres15: ${figures.sampleMs.toFixed(2)} ms`);
  console.log(`sampling_count_candidates_median_postgres15: ${figures.candidateCountMs.toFixed(2)} ms`);
  console.log(`sampling_count_all_images_median_postgres15: ${figures.countMs.toFixed(2)} ms`);
  console.log(`sampling_draw20_vs_count_all: ${(figures.sampleMs / figures.countMs).toFixed(3)} x`);
  if (figures.plan) console.log(`\n${figures.plan}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`bench:evaluation failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
