/**
 * npm run bench:rejects — the reject analysis on a large index, and (second section) the reject worklist in Chromium.
 *
 * Database section (PostgreSQL 15, a throw-away cluster): an index of 3,000,000 images — three years of a department
 * with 48 radiographers (one in ten images made by two, a few OperatorsNames no alias maps), the demo's DX/CR rooms
 * and a little mammography, weighted procedures, views, children and adults, about 10 % rejected (rooms and
 * procedures differ), most rejects with a reason (from a person or the modality), some test/QC, a few images named by
 * a non-quality IOCM note — filled with set-based SQL. Then, as the quality officer (reject_analysis, RLS and audit
 * included, each call in a transaction rolled back), the analysis by room per month, by radiographer and by reason,
 * each timed against one `select count(*) from public.images` in the same run: median of RUNS after a warm-up.
 * Target (issue 10): each at most 0.1× the count(*), which the rollup (migration 20) makes possible.
 * Also printed: the rollup's full build, the first analysis after an ingested batch (the dirty month rebuilt),
 * and a question the rollup cannot answer (by room per week: the scan), for comparison.
 *
 * Browser section: rejectWorklistFigures() below — the worklist timing in Chromium on the demo (Enter on a reason →
 * the next rejected image drawn with its picker ready, against a cold deep link). It is added by the worklist's
 * engineer: fill that function in; main() prints what it returns after the database figures.
 *
 *   npx tsx bench/rejects.ts [--database-only | --browser-only]
 *
 * Output: one line per figure, "<figure>: <value> <unit>".
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { DEMO_SITE_ID } from '@iqs/demo-department';
import { applyMigrations, ensureSupabaseBootstrap, openDatabase } from '@iqs/supabase-local';
import { startTestCluster, stopTestCluster } from '../test/support/postgres';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../backend/supabase');
const IMAGES = Number(process.env['IQS_BENCH_REJECT_IMAGES'] ?? 3_000_000);
const RUNS = 7;
const TARGET = 0.1;
/** Fatima Mulder, the demo's quality officer: she reads the department named */
const QUALITY_OFFICER_AUTH_ID = 'c0000000-0000-4000-8000-000000000006';

export interface Figure {
  readonly name: string;
  readonly value: number | string;
  readonly unit: string;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** The index, in a few set-based statements (deterministic: setseed). Triggers are off for the bulk load. */
export async function fill(client: pg.Client): Promise<void> {
  await client.query('select setseed(0.2026)');
  await client.query(
    `insert into public.people (site_id, display_name, role, employment_start)
     select $1, 'Laborant ' || g, 'radiographer', date '2000-01-01' + (g * 197)
     from generate_series(1, 40) g`,
    [DEMO_SITE_ID],
  );
  // the FK checks and triggers of a bulk load are what make it slow; the rows below refer only to rows that exist
  await client.query('set session_replication_role = replica');
  await client.query(
    `insert into public.images (site_id, sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, modality,
                                study_date, station_id, station_name, procedure_id, view_position, patient_age_years,
                                dap_gy_cm2, deviation_index, rejected, reject_source, iocm_title, iocm_note_date, source)
     with st as (
       select array_agg(s.id order by s.station_name) as ids, array_agg(s.station_name order by s.station_name) as names,
              array_agg(s.modality order by s.station_name) as modalities
       from public.stations s where s.site_id = $1 and s.modality in ('DX', 'CR')
     ),
     mg as (select s.id, s.station_name from public.stations s where s.site_id = $1 and s.modality = 'MG'),
     -- procedures weighted as a general radiology department sees them; knee and shoulder-type worse than chest
     pr as (
       select array_agg(p.id order by w.n) as ids, array_agg(w.risk order by w.n) as risks
       from (values ('thorax', 1, 0.7), ('thorax', 2, 0.7), ('thorax', 3, 0.7), ('thorax', 4, 0.7), ('knie', 5, 1.5),
                    ('knie', 6, 1.5), ('bekken', 7, 1.1), ('lwk', 8, 1.3), ('hand', 9, 0.9), ('hand', 10, 0.9),
                    ('schedel', 11, 1.2)) as w (code, n, risk)
       join public.procedures p on p.code = w.code and p.site_id = $1
     ),
     mammo as (select p.id from public.procedures p where p.site_id = $1 and p.code = 'mammo')
     select $1,
            '1.2.826.0.1.3680043.10.1467.90.' || g, '1.2.826.0.1.3680043.10.1467.91.' || (g / 3), '1.2.826.0.1.3680043.10.1467.92.' || (g / 2),
            '1.2.840.10008.5.1.4.1.1.1.1', case when x.is_mg then 'MG' else st.modalities[x.room] end,
            x.day,
            case when x.is_mg then mg.id else st.ids[x.room] end, case when x.is_mg then mg.station_name else st.names[x.room] end,
            case when x.is_mg then mammo.id else pr.ids[x.proc] end,
            case when x.is_mg then (array['CC', 'MLO'])[1 + (g % 2)] else (array['PA', 'AP', 'LAT', 'LL', 'OBL'])[1 + floor(r.v * 5)::int] end,
            case when r.a < 0.03 then null else floor(r.a * r.a * 96)::smallint end,
            0.02 + r.d * 2, round((r.v * 6 - 3)::numeric, 1)::double precision,
            x.rejected, case when x.rejected then 'iocm' end,
            case when x.rejected then '113001' when r.n < 0.004 then '113038' end,
            case when x.rejected or r.n < 0.004 then x.day end,
            'demo'
     from generate_series(1, $2::int) g
     cross join st cross join mg cross join pr cross join mammo
     cross join lateral (select random() as d, random() as p, random() as v, random() as rej, random() as a, random() as n,
                                random() as m, g as dummy) r
     cross join lateral (
       select r.m < 0.05 as is_mg, 1 + (g % 4) as room, 1 + floor(r.p * 11)::int as proc,
              date '2023-01-01' + floor(r.d * 1096)::int as day,
              -- about 10 %: rooms differ (one worse), procedures differ
              r.rej < 0.1 * (array[0.8, 1.3, 0.9, 1.0])[1 + (g % 4)] * pr.risks[1 + floor(r.p * 11)::int] / 0.98 as rejected
     ) x`,
    [DEMO_SITE_ID, IMAGES],
  );
  // one operator per image, a second for one in ten; one in fifty an OperatorsName no alias maps
  await client.query(
    `with ppl as (select array_agg(p.id order by p.id) as ids from public.people p where p.site_id = $1 and p.role in ('radiographer', 'reviewer', 'quality_officer'))
     insert into public.image_operators (site_id, image_id, position, raw_name, person_id)
     select i.site_id, i.id, o.position, case when o.r < 0.02 then 'ONBEKEND' || floor(o.r * 500)::int else 'op' end,
            case when o.r < 0.02 then null else ppl.ids[1 + floor(o.q * array_length(ppl.ids, 1))::int] end
     from public.images i cross join ppl
     cross join lateral (select 0 as position, random() as r, random() as q, i.id as dummy
                         union all select 1, random(), random(), i.id where random() < 0.1) o`,
    [DEMO_SITE_ID],
  );
  // reasons: three in four rejects have one (mostly from a person, some from the modality), a few are test/QC
  await client.query(
    `with rs as (
       select array_agg(r.id order by w.n) as ids, array_agg(w.modality order by w.n) as from_modality
       from (values ('positioning', 1, false), ('positioning', 2, false), ('positioning', 3, false), ('cutoff_collimation', 4, false),
                    ('cutoff_collimation', 5, false), ('motion', 6, false), ('under_exposure', 7, false), ('over_exposure', 8, false),
                    ('artefact_patient', 9, false), ('marker', 10, false), ('inspiration', 11, false), ('other', 12, false),
                    ('test_qc', 13, false), ('111209', 14, true), ('111211', 15, true), ('111210', 16, true)) as w (code, n, modality)
       join public.reject_reasons r on r.code = w.code and r.site_id = $1
     ),
     officer as (select p.id from public.people p where p.site_id = $1 and p.role = 'quality_officer' limit 1)
     insert into public.rejects (site_id, image_id, reason_id, recorded_by, source)
     select i.site_id, i.id, rs.ids[x.k], case when rs.from_modality[x.k] then null else officer.id end,
            case when rs.from_modality[x.k] then 'modality' else 'person' end
     from public.images i cross join rs cross join officer
     cross join lateral (select random() as r, 1 + floor(random() * 16)::int as k, i.id as dummy) x
     where i.rejected and x.r < 0.75`,
    [DEMO_SITE_ID],
  );
  await client.query('set session_replication_role = origin');
  // as autovacuum leaves a department's server: statistics and the visibility map
  await client.query('vacuum analyze');
}

async function asQualityOfficer<T>(client: pg.Client, run: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: QUALITY_OFFICER_AUTH_ID, role: 'authenticated', aud: 'authenticated' }),
    ]);
    return await run();
  } finally {
    await client.query('rollback');
  }
}

/** The database section: figures for the analysis questions against count(*) in the same run. */
export async function rejectDatabaseFigures(): Promise<Figure[]> {
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
      const fillMs = await timed(() => fill(client));
      return await measure(client, fillMs);
    } finally {
      await client.end();
    }
  } finally {
    stopTestCluster(cluster);
  }
}

async function measure(client: pg.Client, fillMs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const images = Number((await client.query<{ n: string }>('select count(*) as n from public.images')).rows[0]?.n);
  const rejected = Number((await client.query<{ n: string }>('select count(*) as n from public.images where rejected')).rows[0]?.n);
  figures.push({ name: 'rejects_images', value: images, unit: 'images' });
  figures.push({ name: 'rejects_rejected_share', value: ((rejected / images) * 100).toFixed(1), unit: '%' });
  figures.push({ name: 'rejects_fill', value: (fillMs / 1000).toFixed(1), unit: 's' });

  // the rollup's full build: every month dirty (the bulk load ran without triggers), rebuilt as the first call does
  await client.query(
    `insert into private.reject_rollup_dirty (site_id, month) select distinct i.site_id, private.reject_month(i.study_date) from public.images i on conflict do nothing`,
  );
  const buildMs = await timed(() => client.query('select private.refresh_reject_rollup($1)', [DEMO_SITE_ID]));
  await client.query('vacuum analyze private.reject_rollup_images, private.reject_rollup_operators, private.reject_rollup_bands');
  const rollupRows = (
    await client.query<{ images: string; operators: string; bands: string }>(
      `select (select count(*) from private.reject_rollup_images) as images, (select count(*) from private.reject_rollup_operators) as operators,
              (select count(*) from private.reject_rollup_bands) as bands`,
    )
  ).rows[0]!;
  figures.push({ name: 'rejects_rollup_full_build', value: (buildMs / 1000).toFixed(1), unit: 's' });
  figures.push({
    name: 'rejects_rollup_rows',
    value: `${rollupRows.images} + ${rollupRows.operators} + ${rollupRows.bands}`,
    unit: 'rows (images + operators + bands)',
  });

  const analysis = (dimension: string, period: string, filter: object = {}) =>
    asQualityOfficer(client, async () => {
      const { rows } = await client.query('select * from public.reject_analysis($1, $2, $3::jsonb)', [
        dimension,
        period,
        JSON.stringify(filter),
      ]);
      if (rows.length === 0) throw new Error(`reject_analysis(${dimension}, ${period}) gave no rows`);
      return rows.length;
    });
  const count = () => client.query('select count(*) from public.images');

  const questions = [
    { name: 'room_per_month', dimension: 'room', period: 'month', target: true },
    { name: 'radiographer', dimension: 'radiographer', period: 'all', target: true },
    { name: 'reason', dimension: 'reason', period: 'all', target: true },
    { name: 'radiographer_per_month', dimension: 'radiographer', period: 'month', target: false },
    { name: 'reason_per_month', dimension: 'reason', period: 'month', target: false },
  ] as const;
  // warm-up, as a department's server is warm
  await count();
  for (const q of questions) await analysis(q.dimension, q.period);
  const countRuns: number[] = [];
  const runs = new Map<string, number[]>(questions.map((q) => [q.name, []]));
  for (let i = 0; i < RUNS; i++) {
    countRuns.push(await timed(count));
    for (const q of questions) runs.get(q.name)!.push(await timed(() => analysis(q.dimension, q.period)));
  }
  const countMs = median(countRuns);
  figures.push({ name: 'rejects_count_all_images_median_postgres15', value: countMs.toFixed(2), unit: 'ms' });
  let met = true;
  for (const q of questions) {
    const ms = median(runs.get(q.name)!);
    const ratio = ms / countMs;
    if (q.target && ratio > TARGET) met = false;
    figures.push({ name: `rejects_by_${q.name}_median_postgres15`, value: ms.toFixed(2), unit: 'ms' });
    figures.push({ name: `rejects_by_${q.name}_vs_count_all`, value: ratio.toFixed(3), unit: 'x' });
  }

  // right after an ingested batch (100 images of one day, through ingest_records with its triggers): the first
  // analysis rebuilds the dirty month
  const batch = Array.from({ length: 100 }, (_, i) => ({
    object: 'image',
    sop_instance_uid: `1.2.826.0.1.3680043.10.1467.95.${i}`,
    study_instance_uid: '1.2.826.0.1.3680043.10.1467.95',
    series_instance_uid: '1.2.826.0.1.3680043.10.1467.95.1',
    modality: 'DX',
    study_date: '2025-06-12',
    station_name: 'RAD-KAMER2',
    study_description: 'X-Thorax PA',
    rejected: i % 9 === 0,
    operator_names: ['Jansen^Petra'],
    source: 'demo',
  }));
  const ingestMs = await timed(() => client.query('select public.ingest_records($1, $2::jsonb)', [DEMO_SITE_ID, JSON.stringify(batch)]));
  const afterIngestMs = await timed(() => analysis('room', 'month'));
  figures.push({ name: 'rejects_ingest_100_images', value: ingestMs.toFixed(1), unit: 'ms' });
  figures.push({ name: 'rejects_by_room_per_month_after_ingest_first_call', value: afterIngestMs.toFixed(1), unit: 'ms' });

  // a question the rollup cannot answer (weeks): the same computation over the rows, once
  const scanMs = await timed(() => analysis('room', 'week'));
  figures.push({ name: 'rejects_by_room_per_week_scan', value: scanMs.toFixed(0), unit: 'ms' });
  figures.push({ name: 'rejects_by_room_per_week_scan_vs_count_all', value: (scanMs / countMs).toFixed(2), unit: 'x' });

  figures.push({ name: 'rejects_target_each_at_most', value: TARGET, unit: 'x count(*)' });
  figures.push({ name: 'rejects_target_met', value: met ? 'yes' : 'no', unit: '' });
  return figures;
}

/**
 * The browser section (issue 10: the reject worklist in headless Chromium on the demo): from Enter on a reason to the
 * next rejected image drawn with its picker ready, median over 20 images, against a cold deep link to the same
 * images (target ≤ 0.05×). Not built yet: its engineer fills this in; main() prints what it returns.
 */
export async function rejectWorklistFigures(): Promise<Figure[]> {
  return [];
}

const print = (figures: readonly Figure[]) => {
  for (const f of figures) console.log(`${f.name}: ${f.value}${f.unit ? ` ${f.unit}` : ''}`);
};

async function main(): Promise<void> {
  const browserOnly = process.argv.includes('--browser-only');
  const databaseOnly = process.argv.includes('--database-only');
  if (!browserOnly) print(await rejectDatabaseFigures());
  if (!databaseOnly) print(await rejectWorklistFigures());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`bench:rejects failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
