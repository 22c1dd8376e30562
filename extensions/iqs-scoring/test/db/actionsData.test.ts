/**
 * The follow-up actions' data layer (src/data/actions.ts) against the local stand-in on both engines, through the
 * supabase-js calls the actions section makes: Fatima gives Petra an action, Petra reads it as hers and moves it
 * through Do to done, the lists and flags come back as the database decides them (overdue, on time, completed_at),
 * and a refused change is an error with the database's code — never a silent success.
 */
import path from 'node:path';
import WebSocket from 'ws';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { createIqsClient, type IqsClient, signIn } from '../../src/data';
import { createActionData } from '../../src/data/actions';
import type { ActionData } from '../../src/actions/actionsPorts';
import { BackendError } from '../../src/data/profile';
import { ENGINES, memoryStorage, startTestSupabase, type TestSupabase } from '../../../../test/support/engines';

const PROJECT = path.resolve(__dirname, '../../../../backend/supabase');
const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;

jest.setTimeout(180_000);

describe.each(ENGINES)('the actions data layer on %s', (engine) => {
  let env: TestSupabase;
  let fatima: ActionData;
  let petra: ActionData;
  let daan: ActionData;
  let today: string;

  const signedIn = async (email: string): Promise<IqsClient> => {
    const client = createIqsClient(
      { supabaseUrl: env.supabase.url, supabaseAnonKey: env.supabase.anonKey },
      { auth: { storage: memoryStorage(), autoRefreshToken: false }, realtime: { transport: WebSocket as never } },
    );
    expect(await signIn(client, email, DEMO_PASSWORD)).toEqual({ ok: true });
    return client;
  };
  const dayBefore = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
    today = (await env.db.query<{ d: string }>('select current_date::text as d')).rows[0]!.d;
    fatima = createActionData(await signedIn(DEMO_PEOPLE.fatima.email), () => DEMO_PEOPLE.fatima.personId);
    petra = createActionData(await signedIn(DEMO_PEOPLE.petra.email), () => PETRA);
    daan = createActionData(await signedIn(DEMO_PEOPLE.daan.email), () => DAAN);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('creates, lists and moves an action through Do to done; the flags and times are the database’s', async () => {
    const finding = { kind: 'reject_analysis' as const, ref: 'section=reject-analysis&filter=%7B%7D', label: 'Reject analysis' };
    const created = await fatima.create({ title: 'Houding thorax', finding, ownerId: PETRA, dueDate: dayBefore(4) });
    expect(created).toMatchObject({
      title: 'Houding thorax',
      finding,
      ownerId: PETRA,
      ownerName: DEMO_PEOPLE.petra.name,
      dueDate: dayBefore(4),
      state: 'planned',
      createdBy: DEMO_PEOPLE.fatima.personId,
      completedAt: null,
      overdue: true,
      onTime: false,
    });
    expect((await petra.listMine()).map((a) => a.id)).toEqual([created.id]);
    expect(await daan.listMine()).toEqual([]);
    expect((await fatima.listDepartment({ ownerId: PETRA, states: ['planned'] })).map((a) => a.id)).toEqual([created.id]);
    expect(await fatima.listDepartment({ states: ['done'] })).toEqual([]);
    expect((await fatima.listByOwner(PETRA)).map((a) => a.id)).toEqual([created.id]);

    const doing = await petra.update(created.id, { state: 'in_progress' });
    expect(doing).toMatchObject({ state: 'in_progress', overdue: true, completedAt: null });
    const done = await petra.update(created.id, { state: 'done', outcome: 'Les gegeven' });
    expect(done).toMatchObject({ state: 'done', outcome: 'Les gegeven', overdue: false, onTime: false });
    expect(done.completedAt).not.toBeNull();
    const row = (await env.db.query<{ completed_at: Date }>('select completed_at from public.quality_actions where id = $1', [created.id]))
      .rows[0];
    expect(new Date(done.completedAt!).getTime()).toBe(new Date(row!.completed_at).getTime());
  });

  it('says no with the database’s code: a colleague’s action, an action for a colleague, done without an outcome', async () => {
    const forDaan = await fatima.create({
      title: 'Voor Daan',
      finding: { kind: 'other', ref: null, label: null },
      ownerId: DAAN,
      dueDate: today,
    });
    const refused = async (promise: Promise<unknown>): Promise<string | null> =>
      promise.then(
        () => null,
        (error: unknown) => (error instanceof BackendError ? error.code : 'not a BackendError'),
      );
    expect(await refused(petra.update(forDaan.id, { state: 'cancelled' }))).toBe('42501');
    expect(
      await refused(
        petra.create({ title: 'Voor Daan', finding: { kind: 'other', ref: null, label: null }, ownerId: DAAN, dueDate: today }),
      ),
    ).toBe('42501');
    expect(await refused(fatima.update(forDaan.id, { state: 'done' }))).toBe('23514');
    // nothing changed
    expect((await fatima.listByOwner(DAAN)).map((a) => a.state)).toEqual(['planned']);
  });

  it('lists the active people of the site as owners', async () => {
    const owners = await fatima.owners();
    expect(owners.map((o) => o.id)).toEqual(expect.arrayContaining([PETRA, DAAN]));
  });
});
