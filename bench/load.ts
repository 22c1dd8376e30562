/**
 * npm run bench:load — the stand-in under a mixed load of the demo department, on the embedded engine (PGlite) and
 * on PostgreSQL 15 in the same run.
 *
 * Each engine gets a fresh stand-in with `npm start`'s demo department indexed (the demo PACS's folder ingested as
 * `npm start` ingests it, and the radiographers' reject reasons). Every demo login (two radiographers, the reviewer,
 * the quality officer, the admin) opens an evaluation of SAMPLE images; then CLIENTS concurrent clients, each signed
 * in as one of them, run OPS operations each, one after another (test/support/loadMix.ts: score upserts as the viewer
 * sends them, reads of scores/evaluations/images, the evaluation worklist, the score statistics). Afterwards, quiet:
 * a radiographer's and the admin's worklist of SAMPLE items, and score_statistics as each, median of RUNS.
 *
 * Output: one line per figure, "<figure>: <value> <unit>", then each target of issue 12 with pass or fail:
 *   PostgreSQL 15: p95 ≤ 300 ms and no errors; PGlite: p95 ≤ 1000 ms (and no errors);
 *   a radiographer's worklist ≤ 1.5 × the admin's; score_statistics < 100 ms.
 * Progress goes to stderr. `--engine pglite|postgres` runs one engine only.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DICOM_SUBFOLDER, ensureDemoData, readDemoManifest, recordDemoReasons } from '@iqs/demo-department';
import { scanDicomFolder } from '@iqs/demo-pacs';
import { createIndexWriter, loadStationMappings } from '@iqs/backend/ingest';
import { ingestDicomIndex } from '../platform/viewer/src/ingestServedIndex';
import { startTestSupabase, type Engine } from '../test/support/engines';
import { median, missingAcknowledged, percentile, prepareLoadWorld, runLoadMix, signIn, type LoadWorld } from '../test/support/loadMix';
import { startTestCluster, stopTestCluster } from '../test/support/postgres';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROJECT = path.join(ROOT, 'backend/supabase');
const DEMO_DIR = path.join(ROOT, '.data', 'demo');
const CLIENTS = 20;
const OPS = Number(process.env['IQS_BENCH_LOAD_OPS'] ?? 40);
const SAMPLE = 80;
const RUNS = 9;

interface EngineFigures {
  engine: Engine;
  images: number;
  ops: number;
  throughput: number;
  p50: number;
  p95: number;
  max: number;
  errors: number;
  firstErrors: string[];
  byOp: Map<string, number[]>;
  worklistRadiographer: number;
  worklistAdmin: number;
  worklistItems: { radiographer: number; admin: number };
  statisticsRadiographer: number;
  statisticsAdmin: number;
}

async function timedMedian(run: () => PromiseLike<{ error: unknown }>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const { error } = await run();
    if (error) throw new Error(`benchmark request failed: ${JSON.stringify(error)}`);
    if (i > 0) times.push(performance.now() - t0); // the first is a warm-up
  }
  return median(times);
}

async function measure(engine: Engine, index: Awaited<ReturnType<typeof scanDicomFolder>>['index']): Promise<EngineFigures> {
  const env = await startTestSupabase(engine, {
    migrationsDir: path.join(PROJECT, 'migrations'),
    seedFile: path.join(PROJECT, 'seed.sql'),
  });
  try {
    const service = env.client(env.supabase.serviceRoleKey);
    const { data: sites, error } = await service.from('sites').select('id, code');
    if (error || !sites?.[0]) throw new Error(`no site: ${error?.message}`);
    const site = sites.find((s) => s.code === 'demo') ?? sites[0];
    const writer = createIndexWriter(service as never, site.id, 'demo');
    await ingestDicomIndex(index, writer, await loadStationMappings(service as never, site.id));
    const manifest = await readDemoManifest(DEMO_DIR);
    if (manifest) await recordDemoReasons(service as never, manifest, { siteId: site.id });
    const images = writer.counts.images;
    process.stderr.write(`${engine}: demo indexed (${images} images); opening the evaluations\n`);

    const world: LoadWorld = await prepareLoadWorld(env, SAMPLE);
    // a short warm-up, not counted
    await runLoadMix(world, { clients: 5, opsPerClient: 4 });
    process.stderr.write(`${engine}: ${CLIENTS} clients × ${OPS} operations\n`);
    const load = await runLoadMix(world, { clients: CLIENTS, opsPerClient: OPS });
    const ms = load.latencies.map((l) => l.ms);
    const byOp = new Map<string, number[]>();
    for (const l of load.latencies) byOp.set(l.op, [...(byOp.get(l.op) ?? []), l.ms]);
    const missing = await missingAcknowledged(service, load.acknowledged);
    if (missing.length)
      load.errors.push(...missing.map((m) => ({ op: 'upsert' as const, login: 'petra' as const, message: `lost: ${m}` })));

    process.stderr.write(`${engine}: worklists and statistics, quiet\n`);
    const petra = world.users.find((u) => u.login === 'petra')!;
    const jeroen = world.users.find((u) => u.login === 'jeroen')!;
    const worklistRadiographer = await timedMedian(() => petra.client.rpc('evaluation_worklist', { evaluation: petra.evaluationId }));
    const worklistAdmin = await timedMedian(() => jeroen.client.rpc('evaluation_worklist', { evaluation: jeroen.evaluationId }));
    const statistics = (client: typeof petra.client) => () =>
      client.rpc('score_statistics', { dimension: 'radiographer', period: 'month', filter: { from: null, to: null } });
    const statisticsRadiographer = await timedMedian(statistics((await signIn(env, 'petra')) as typeof petra.client));
    const statisticsAdmin = await timedMedian(statistics(jeroen.client));
    return {
      engine,
      images,
      ops: ms.length,
      throughput: ms.length / (load.wallMs / 1000),
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      max: Math.max(...ms),
      errors: load.errors.length,
      firstErrors: load.errors.slice(0, 5).map((e) => `${e.op} as ${e.login}: ${e.message}`),
      byOp,
      worklistRadiographer,
      worklistAdmin,
      worklistItems: { radiographer: petra.items.length, admin: jeroen.items.length },
      statisticsRadiographer,
      statisticsAdmin,
    };
  } finally {
    await env.close();
  }
}

function report(f: EngineFigures): Array<{ target: string; pass: boolean }> {
  const e = f.engine === 'postgres' ? 'postgres15' : 'pglite';
  const line = (figure: string, value: number, unit: string, digits = 1): void =>
    console.log(`${figure}: ${value.toFixed(digits)} ${unit}`);
  line(`load_demo_images_${e}`, f.images, 'images', 0);
  line(`load_ops_${e}`, f.ops, 'ops', 0);
  line(`load_throughput_${e}`, f.throughput, 'ops/s');
  line(`load_p50_${e}`, f.p50, 'ms');
  line(`load_p95_${e}`, f.p95, 'ms');
  line(`load_max_${e}`, f.max, 'ms');
  line(`load_errors_${e}`, f.errors, 'errors', 0);
  for (const message of f.firstErrors) process.stderr.write(`${e} error: ${message}\n`);
  for (const [op, values] of f.byOp) {
    line(`load_${op}_p50_${e}`, percentile(values, 50), 'ms');
    line(`load_${op}_p95_${e}`, percentile(values, 95), 'ms');
  }
  line(`worklist_radiographer_${f.worklistItems.radiographer}_items_median_${e}`, f.worklistRadiographer, 'ms');
  line(`worklist_admin_${f.worklistItems.admin}_items_median_${e}`, f.worklistAdmin, 'ms');
  const ratio = f.worklistRadiographer / f.worklistAdmin;
  line(`ratio_worklist_radiographer_to_admin_${e}`, ratio, 'x', 2);
  line(`score_statistics_radiographer_median_${e}`, f.statisticsRadiographer, 'ms');
  line(`score_statistics_admin_median_${e}`, f.statisticsAdmin, 'ms');
  const p95Target = f.engine === 'postgres' ? 300 : 1000;
  return [
    { target: `${e}: p95 ${f.p95.toFixed(0)} ms <= ${p95Target} ms`, pass: f.p95 <= p95Target },
    { target: `${e}: errors ${f.errors} = 0`, pass: f.errors === 0 },
    { target: `${e}: worklist radiographer/admin ${ratio.toFixed(2)} <= 1.5`, pass: ratio <= 1.5 },
    {
      target: `${e}: score_statistics ${Math.max(f.statisticsRadiographer, f.statisticsAdmin).toFixed(0)} ms < 100 ms`,
      pass: Math.max(f.statisticsRadiographer, f.statisticsAdmin) < 100,
    },
  ];
}

async function main(): Promise<void> {
  const only = process.argv.includes('--engine') ? process.argv[process.argv.indexOf('--engine') + 1] : null;
  const engines = (['pglite', 'postgres'] as const).filter((e) => !only || e === only);
  const generated = await ensureDemoData(DEMO_DIR);
  if (generated) process.stderr.write(`demo department generated: ${generated.files} files\n`);
  const { index } = await scanDicomFolder(path.join(DEMO_DIR, DICOM_SUBFOLDER));
  const cluster = engines.includes('postgres') ? await startTestCluster() : null;
  if (cluster) process.env['IQS_TEST_POSTGRES_URL'] = cluster.url;
  const targets: Array<{ target: string; pass: boolean }> = [];
  try {
    for (const engine of engines) targets.push(...report(await measure(engine, index)));
  } finally {
    if (cluster) stopTestCluster(cluster);
  }
  for (const t of targets) console.log(`target ${t.pass ? 'pass' : 'FAIL'}: ${t.target}`);
}

main().catch((error: unknown) => {
  console.error(`bench:load failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
