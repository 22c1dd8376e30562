/**
 * The demo department's reasons in the database, on both engines: a small demo (generated with its rejection notes,
 * some carrying the modality's reason) ingested with `iqs ingest`, then the radiographers' reasons written by
 * recordDemoReasons, as `npm start` does. Every rejected image then holds what the manifest says (the note's CID 7011
 * code from the modality, the radiographer's IQS reason, or nothing), a reason recorded meanwhile by a person is
 * kept, and a second run writes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import {
  DEMO_PEOPLE,
  DEMO_SITE_ID,
  DICOM_SUBFOLDER,
  type DemoManifest,
  generateDemoData,
  readDemoManifest,
  recordDemoReasons,
} from '@iqs/demo-department';
import { run } from '../../src/cli/main';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';

const PROJECT = path.resolve(__dirname, '../../supabase');

jest.setTimeout(180_000);

let root: string;
let manifest: DemoManifest;
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'iqs-demo-reasons-'));
  // 20 studies of seed 13: rejects of every reason source (the modality, a radiographer, none), in a few seconds
  await generateDemoData(path.join(root, 'demo'), { studyCount: 20, seed: 13 });
  const read = await readDemoManifest(path.join(root, 'demo'));
  if (!read) throw new Error('no demo manifest');
  manifest = read;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Rejected = { sop: string; operators: readonly string[]; image: DemoManifest['studies'][number]['images'][number] };
const rejectedImages = (): Rejected[] =>
  manifest.studies.flatMap((study) =>
    study.images
      .filter((image) => image.rejected)
      .map((image) => ({ sop: image.facts.sop_instance_uid ?? '', operators: study.operators, image })),
  );

describe.each(ENGINES)('the demo reasons on %s', (engine) => {
  let env: TestSupabase;
  let service: IqsServiceClient;

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
    service = createServiceClient({ url: env.supabase.url, serviceRoleKey: env.supabase.serviceRoleKey });
    const err: string[] = [];
    const code = await run(
      ['ingest', path.join(root, 'demo', DICOM_SUBFOLDER)],
      {
        SUPABASE_URL: env.supabase.url,
        SUPABASE_ANON_KEY: env.supabase.anonKey,
        SUPABASE_SERVICE_ROLE_KEY: env.supabase.serviceRoleKey,
        IQS_DATA_DIR: path.join(root, `data-${engine}`),
      },
      { out: () => undefined, err: (line) => err.push(line), progress: { isTTY: false, write: (text: string) => err.push(text) } },
    );
    expect({ code, err: code === 0 ? [] : err }).toEqual({ code: 0, err: [] });
  });
  afterAll(async () => {
    await env?.close();
  });

  /** each rejected image's reason as the database holds it, by SOP Instance UID */
  async function reasonsInDatabase(): Promise<Map<string, { code: string; scheme: string; source: string; recordedBy: string | null }>> {
    const { rows } = await env.db.query<{ sop: string; code: string; scheme: string; source: string; recorded_by: string | null }>(
      `select i.sop_instance_uid as sop, rr.code, rr.coding_scheme as scheme, r.source, r.recorded_by
       from public.rejects r join public.images i on i.id = r.image_id join public.reject_reasons rr on rr.id = r.reason_id`,
    );
    return new Map(rows.map((row) => [row.sop, { code: row.code, scheme: row.scheme, source: row.source, recordedBy: row.recorded_by }]));
  }

  const personOf = async (operatorName: string): Promise<string> => {
    const { rows } = await env.db.query<{ person_id: string }>('select person_id from public.operator_aliases where raw_name = $1', [
      operatorName,
    ]);
    const id = rows[0]?.person_id;
    if (!id) throw new Error(`no alias ${operatorName}`);
    return id;
  };

  it('has every source in the small demo, and the modality’s reasons arrive with the ingestion', async () => {
    const rejected = rejectedImages();
    for (const source of ['modality', 'radiographer', null]) expect(rejected.some(({ image }) => image.reasonSource === source)).toBe(true);
    const held = await reasonsInDatabase();
    for (const { sop, image } of rejected.filter(({ image }) => image.reasonSource === 'modality')) {
      expect({ sop, reason: held.get(sop) }).toEqual({
        sop,
        reason: { code: image.recordedReason, scheme: 'DCM', source: 'modality', recordedBy: null },
      });
    }
    // nothing else yet: the radiographers' reasons are rows the demo writes, not DICOM
    expect(held.size).toBe(rejected.filter(({ image }) => image.reasonSource === 'modality').length);
  });

  it('records the radiographers’ reasons in their names, keeps a reason given meanwhile, and writes nothing the second time', async () => {
    const rejected = rejectedImages();
    const byRadiographer = rejected.filter(({ image }) => image.reasonSource === 'radiographer');
    // one of them was explained meanwhile by a quality officer, with another reason: it stays hers
    const [first, ...rest] = byRadiographer;
    if (!first) throw new Error('no radiographer reason in the small demo');
    const fatima = DEMO_PEOPLE.fatima.personId;
    await env.db.query(
      `insert into public.rejects (site_id, image_id, reason_id, recorded_by, source)
       select i.site_id, i.id, rr.id, $2, 'person' from public.images i
       join public.reject_reasons rr on rr.site_id = i.site_id and rr.coding_scheme = 'IQS' and rr.code = 'other'
       where i.sop_instance_uid = $1`,
      [first.sop, fatima],
    );

    const result = await recordDemoReasons(service, manifest, { siteId: DEMO_SITE_ID });
    expect(result).toEqual({ planned: byRadiographer.length, recorded: rest.length, kept: 1, skipped: [] });

    const held = await reasonsInDatabase();
    for (const { sop, operators, image } of rest) {
      expect({ sop, reason: held.get(sop) }).toEqual({
        sop,
        reason: { code: image.rejectReason, scheme: 'IQS', source: 'person', recordedBy: await personOf(operators[0] ?? '') },
      });
      expect(image.recordedReason).toBe(image.rejectReason);
    }
    expect(held.get(first.sop)).toEqual({ code: 'other', scheme: 'IQS', source: 'person', recordedBy: fatima });
    for (const { sop } of rejected.filter(({ image }) => image.reasonSource === null)) expect(held.has(sop)).toBe(false);
    for (const { sop, image } of rejected.filter(({ image }) => image.reasonSource === 'modality'))
      expect(held.get(sop)?.code).toBe(image.recordedReason);

    // again: nothing written, nothing audited
    const audited = async (): Promise<number> =>
      (await env.db.query<{ n: number }>("select count(*)::int as n from public.audit_log where action like 'reject.%'")).rows[0]?.n ?? 0;
    const before = await audited();
    expect(await recordDemoReasons(service, manifest)).toEqual({
      planned: byRadiographer.length,
      recorded: 0,
      kept: byRadiographer.length,
      skipped: [],
    });
    expect(await audited()).toBe(before);
    expect((await reasonsInDatabase()).size).toBe(held.size);
  });

  it('skips what is not in the index, and says why', async () => {
    const study = manifest.studies.find((s) => s.images.some((image) => image.reasonSource === 'radiographer'));
    if (!study) throw new Error('no study with a radiographer reason');
    const foreign: DemoManifest = {
      ...manifest,
      studies: [
        {
          ...study,
          images: study.images.map((image) => ({
            ...image,
            facts: { ...image.facts, sop_instance_uid: `${image.facts.sop_instance_uid}.9` },
          })),
        },
      ],
    };
    const result = await recordDemoReasons(service, foreign);
    expect(result.recorded).toBe(0);
    expect(result.skipped.length).toBeGreaterThan(0);
    for (const skipped of result.skipped) expect(skipped.why).toBe('not in the image index');
  });
});
