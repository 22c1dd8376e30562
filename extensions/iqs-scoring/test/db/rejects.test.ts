/**
 * The viewer's reject data layer (src/data/rejects.ts and the outbox's reject transport in src/data/answerSender.ts)
 * against the local stand-in on both engines, through the exact supabase-js calls the IQS panel makes, signed in as
 * Petra: the site's reasons, her rejects to explain, an image's reject status, and reasons, marks and undos sent
 * as the outbox sends them (twice where a lost answer makes it resend). Images and rejection notes are written as
 * the ingestion writes them (ingest_records, service role).
 */
import path from 'node:path';
import WebSocket from 'ws';
import { IDBFactory } from 'fake-indexeddb';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { createAnswerSender } from '../../src/data/answerSender';
import { createIqsClient, type IqsClient, signIn } from '../../src/data';
import { loadImageRejectStatus, loadRejectReasons, loadRejectsToExplain } from '../../src/data/rejects';
import { createAnswerOutbox, openAnswerStore, OutboxSendError, type RejectEntry } from '../../src/sync';
import { ENGINES, memoryStorage, startTestSupabase, type TestSupabase } from '../../../../test/support/engines';

const PROJECT = path.resolve(__dirname, '../../../../backend/supabase');
const ROOT = '1.2.826.0.1.3680043.10.1467.97';

jest.setTimeout(180_000);

const image = (n: number, operator: string, date: string) => ({
  object: 'image',
  sop_instance_uid: `${ROOT}.${n}.1.1`,
  study_instance_uid: `${ROOT}.${n}`,
  series_instance_uid: `${ROOT}.${n}.1`,
  sop_class_uid: '1.2.840.10008.5.1.4.1.1.1.1',
  modality: 'DX',
  study_date: date,
  station_name: 'RAD-KAMER1',
  study_description: 'X-Knie AP/LAT',
  view_position: 'AP',
  operator_names: [operator],
  rejected: false,
  source: 'file',
  source_ref: `/images/${n}.dcm`,
});
const note = (n: number, title: string, refs: number[], reasonCode: string | null, date: string) => ({
  object: 'rejection_note',
  sop_instance_uid: `${ROOT}.${n}.99.1`,
  study_instance_uid: `${ROOT}.${n}`,
  rejection_code: title,
  rejects: refs.map((r) => `${ROOT}.${r}.1.1`),
  reason_code: reasonCode,
  note_date: date,
  source: 'file',
  source_ref: `/notes/${n}.dcm`,
});
const sop = (n: number): string => `${ROOT}.${n}.1.1`;

describe.each(ENGINES)('the reject data layer on %s', (engine) => {
  let env: TestSupabase;
  let petra: IqsClient;
  let reasonId: Record<string, string>;
  const idOf: Record<number, string> = {};

  const newClient = (): IqsClient =>
    createIqsClient(
      { supabaseUrl: env.supabase.url, supabaseAnonKey: env.supabase.anonKey },
      { auth: { storage: memoryStorage(), autoRefreshToken: false }, realtime: { transport: WebSocket as never } },
    );

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
    const service = env.client(env.supabase.serviceRoleKey);
    const records = [
      image(1, 'Jansen^Petra', '2026-03-02'), // rejected, the modality says positioning (111209)
      image(2, 'Jansen^Petra', '2026-03-01'), // rejected, no reason: the oldest
      image(3, 'Jansen^Petra', '2026-03-03'), // named by a 113037 note only: not a quality reject
      image(4, 'Jansen^Petra', '2026-03-04'), // accepted
      image(5, 'Smit^Daan', '2026-03-05'), // Daan's reject
      note(1, '113001', [1], '111209', '2026-03-02'),
      note(2, '113001', [2], null, '2026-03-06'),
      note(3, '113037', [3], null, '2026-03-07'),
      note(5, '113001', [5], null, '2026-03-05'),
    ];
    const { error } = await service.rpc('ingest_records', { site: DEMO_SITE_ID, records });
    if (error) throw new Error(error.message);
    const { data } = await service.from('images').select('id, sop_instance_uid').like('sop_instance_uid', `${ROOT}.%`);
    for (const row of data ?? []) idOf[Number(row.sop_instance_uid.split('.').at(-3))] = row.id;
    petra = newClient();
    expect(await signIn(petra, DEMO_PEOPLE.petra.email, DEMO_PASSWORD)).toEqual({ ok: true });
    reasonId = Object.fromEntries((await loadRejectReasons(petra)).map((r) => [r.code, r.id]));
  });
  afterAll(async () => {
    await env?.close();
  });

  it('reads the site’s active reasons in the site’s order, with their categories', async () => {
    const reasons = await loadRejectReasons(petra);
    expect(reasons.length).toBeGreaterThanOrEqual(29);
    expect(reasons.slice(0, 3).map((r) => r.code)).toEqual(['positioning', 'cutoff_collimation', 'motion']);
    expect(reasons.map((r) => r.sort_order)).toEqual([...reasons.map((r) => r.sort_order)].sort((a, b) => a - b));
    expect(new Set(reasons.map((r) => r.category))).toEqual(
      new Set(['positioning', 'exposure', 'motion', 'artefact', 'equipment', 'other']),
    );
    expect(reasons.find((r) => r.code === 'test_qc')).toMatchObject({ counts_as_reject: false, label_en: 'Test or QC image' });
  });

  it('reads Petra’s rejects to explain, oldest first, with the modality’s reason as a suggestion', async () => {
    const items = await loadRejectsToExplain(petra);
    expect(items.map((i) => i.sop_instance_uid)).toEqual([sop(2), sop(1)]);
    expect(items[1]).toMatchObject({
      image_id: idOf[1],
      study_instance_uid: `${ROOT}.1`,
      series_instance_uid: `${ROOT}.1.1`,
      iocm_title: '113001',
      reject_source: 'iocm',
      noted_on: '2026-03-02',
      suggested_reason_code: '111209',
      suggested_reason_id: reasonId['111209'],
    });
  });

  it('reads an image’s reject status: a quality reject, another IOCM title, an accepted image, a colleague’s', async () => {
    expect(await loadImageRejectStatus(petra, sop(1))).toMatchObject({
      image_id: idOf[1],
      rejected: true,
      reject_source: 'iocm',
      iocm_title: '113001',
      noted_on: '2026-03-02',
      reason_code: '111209',
      reason_source: 'modality',
      may_record: true,
      may_mark: false,
      may_unmark: false,
    });
    expect(await loadImageRejectStatus(petra, sop(3))).toMatchObject({ rejected: false, iocm_title: '113037', may_mark: true });
    expect(await loadImageRejectStatus(petra, sop(4))).toMatchObject({
      rejected: false,
      iocm_title: null,
      may_mark: true,
      may_record: false,
    });
    expect(await loadImageRejectStatus(petra, '1.2.3.4.5')).toBeNull();
  });

  it('sends reasons, marks and undos as the outbox does: idempotent, and the worklist empties', async () => {
    const sender = createAnswerSender(petra, DEMO_SITE_ID);
    const send = (entries: RejectEntry[]): Promise<void> => sender(entries.map((reject) => ({ kind: 'reject', reject })));
    const entry = (n: number, action: RejectEntry['action'], reason: string | null, comment: string | null = null): RejectEntry => ({
      action,
      image_id: idOf[n]!,
      sop_instance_uid: sop(n),
      reason_id: reason ? reasonId[reason]! : null,
      comment,
    });
    // a reason for the oldest, sent twice (a lost answer): one reason, given by Petra
    await send([entry(2, 'record', 'motion', 'moved during exposure')]);
    await send([entry(2, 'record', 'motion', 'moved during exposure')]);
    expect(await loadImageRejectStatus(petra, sop(2))).toMatchObject({
      reason_code: 'motion',
      reason_source: 'person',
      comment: 'moved during exposure',
    });
    // the modality's reason confirmed; an accepted image marked with a reason, in one batch
    await send([entry(1, 'record', '111209'), entry(4, 'mark', 'over_exposure')]);
    expect(await loadImageRejectStatus(petra, sop(1))).toMatchObject({ reason_code: '111209', reason_source: 'person' });
    expect(await loadImageRejectStatus(petra, sop(4))).toMatchObject({
      rejected: true,
      reject_source: 'iqs',
      reason_code: 'over_exposure',
      may_unmark: true,
    });
    expect(await loadRejectsToExplain(petra)).toEqual([]);
    // undone, twice: the second changes nothing
    await send([entry(4, 'unmark', null)]);
    await send([entry(4, 'unmark', null)]);
    expect(await loadImageRejectStatus(petra, sop(4))).toMatchObject({
      rejected: false,
      reject_source: null,
      reason_id: null,
      may_mark: true,
    });
  });

  it('a refusal is not retried: a colleague’s image, an accepted image, an undo of a modality’s reject', async () => {
    const sender = createAnswerSender(petra, DEMO_SITE_ID);
    const refusal = async (reject: RejectEntry): Promise<OutboxSendError> => {
      const error = await sender([{ kind: 'reject', reject }]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OutboxSendError);
      expect((error as OutboxSendError).retryable).toBe(false);
      return error as OutboxSendError;
    };
    const base = { sop_instance_uid: '', reason_id: reasonId['motion']!, comment: null };
    expect((await refusal({ ...base, action: 'record', image_id: idOf[5]! })).message).toMatch(/42501/u);
    expect((await refusal({ ...base, action: 'record', image_id: idOf[3]! })).message).toMatch(/not rejected.*22023/u);
    expect((await refusal({ ...base, action: 'unmark', image_id: idOf[1]!, reason_id: null })).message).toMatch(/42501/u);
  });

  it('through the outbox: kept in the browser while the server is away, then sent once', async () => {
    // the server "away": a client for a port nothing listens on, then the real one
    let reachable = false;
    const away = createIqsClient(
      { supabaseUrl: 'http://127.0.0.1:9', supabaseAnonKey: env.supabase.anonKey },
      { auth: { storage: memoryStorage(), autoRefreshToken: false }, realtime: { transport: WebSocket as never } },
    );
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = await openAnswerStore({ indexedDB: new IDBFactory(), name: 'iqs-rejects-petra' });
    const outbox = createAnswerOutbox({
      store,
      send: (entries) => createAnswerSender(reachable ? petra : away, DEMO_SITE_ID)(entries),
      setTimer: () => () => undefined,
      onlineEvents: null,
    });
    await outbox.saveReject({
      action: 'record',
      image_id: idOf[2]!,
      sop_instance_uid: sop(2),
      reason_id: reasonId['positioning']!,
      comment: null,
    });
    expect(await outbox.flush()).toBe('waiting');
    expect(await store.pendingCount()).toBe(1);
    reachable = true;
    expect(await outbox.flush()).toBe('saved');
    expect(await store.pendingCount()).toBe(0);
    expect(await loadImageRejectStatus(petra, sop(2))).toMatchObject({
      reason_code: 'positioning',
      reason_source: 'person',
      comment: null,
    });
    outbox.stop();
    store.close();
    quiet.mockRestore();
  });
});
