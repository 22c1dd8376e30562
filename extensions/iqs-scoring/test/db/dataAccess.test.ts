/**
 * The extension's data-access layer (extensions/iqs-scoring/src/data) against the local stand-in, on both
 * engines: the exact supabase-js calls the panel makes — sign-in, the profile, the session the panel follows.
 */
import { createIqsClient, type IqsClient, loadProfile, signIn, signOut, followSession } from '../../src/data';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { createAccountStore } from '../../src/state/accountStore';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '@iqs/demo-department';
import { ENGINES, memoryStorage, startTestSupabase, type TestSupabase } from '../../../../test/support/engines';

const PROJECT = path.resolve(__dirname, '../../../../backend/supabase');

jest.setTimeout(120_000);

describe.each(ENGINES)('the data-access layer on %s', (engine) => {
  let env: TestSupabase;
  const newClient = (): IqsClient =>
    createIqsClient(
      { supabaseUrl: env.supabase.url, supabaseAnonKey: env.supabase.anonKey },
      // Node has neither localStorage nor a global WebSocket
      { auth: { storage: memoryStorage(), autoRefreshToken: false }, realtime: { transport: WebSocket as never } },
    );

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('signs in a demo person and loads their profile: name, role, department', async () => {
    const client = newClient();
    expect(await signIn(client, ` ${DEMO_PEOPLE.anna.email} `, DEMO_PASSWORD)).toEqual({ ok: true });
    const { data } = await client.auth.getUser();
    const profile = await loadProfile(client, data.user?.id ?? '');
    expect(profile).toEqual({
      personId: DEMO_PEOPLE.anna.personId,
      displayName: 'Anna de Vries',
      role: 'reviewer',
      siteId: expect.any(String),
      siteName: 'Demo Ziekenhuis — Radiologie',
    });
    await signOut(client);
    expect((await client.auth.getSession()).data.session).toBeNull();
  });

  it("tells the server's pause after repeated wrong passwords from a wrong password", async () => {
    // an account no other test signs in with: its failures lock only itself
    const account = DEMO_PEOPLE.jeroen.email;
    const first = [];
    for (let attempt = 0; attempt < 5; attempt++) first.push((await signIn(newClient(), account, 'wrong')).ok === false);
    expect(first).toEqual([true, true, true, true, true]);
    expect(await signIn(newClient(), account, 'still wrong')).toMatchObject({ ok: false, reason: 'too_many_attempts' });
  });

  it('tells a wrong password from an unreachable server', async () => {
    expect(await signIn(newClient(), DEMO_PEOPLE.petra.email, 'wrong')).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    // a port nothing listens on
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined); // supabase-js logs the failed fetch
    const nowhere = createIqsClient(
      { supabaseUrl: `http://127.0.0.1:${closed}`, supabaseAnonKey: env.supabase.anonKey },
      { auth: { storage: memoryStorage(), autoRefreshToken: false }, realtime: { transport: WebSocket as never } },
    );
    expect(await signIn(nowhere, DEMO_PEOPLE.petra.email, DEMO_PASSWORD)).toMatchObject({ ok: false, reason: 'unreachable' });
    quiet.mockRestore();
  });

  it('finds no profile for an Auth user who is not a member of a department', async () => {
    const service = env.client(env.supabase.serviceRoleKey);
    const created = await service.auth.admin.createUser({
      email: `nobody-${engine}@example.org`,
      password: DEMO_PASSWORD,
      email_confirm: true,
    });
    const client = newClient();
    await signIn(client, `nobody-${engine}@example.org`, DEMO_PASSWORD);
    expect(await loadProfile(client, created.data.user?.id ?? '')).toBeNull();
  });

  it('follows the session: signed out, signed in with the profile, signed out again', async () => {
    const client = newClient();
    const accountStore = createAccountStore();
    const states: string[] = [];
    const unsubscribe = accountStore.subscribe((state) => states.push(state.status));
    const stop = followSession(client, accountStore);
    const settled = async (status: string): Promise<void> => {
      for (let i = 0; i < 200 && accountStore.getState().status !== status; i++) await new Promise((r) => setTimeout(r, 25));
      expect(accountStore.getState().status).toBe(status);
    };
    await settled('signed-out');
    await signIn(client, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);
    await settled('signed-in');
    const state = accountStore.getState();
    expect(state.status === 'signed-in' && state.profile.role).toBe('quality_officer');
    await signOut(client);
    await settled('signed-out');
    stop();
    unsubscribe();
    expect(states[0]).toBe('loading');
  });
});
