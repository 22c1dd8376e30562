/**
 * GoTrue behaviour of the stand-in through supabase-js 2.109, on both engines: password sign-in, the session and
 * access-token claims supabase-wire.md shows, getUser, refresh rotation, sign-out, expired tokens, the admin API.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { signJwt } from '../src';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { ALICE, BOB, CAROL, FIXTURE_SQL, raw, signedIn } from './fixture';

jest.setTimeout(60_000);

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe.each(ENGINES)('auth flows on %s', (engine) => {
  let env: TestSupabase;
  let admin: SupabaseClient;

  beforeAll(async () => {
    env = await startTestSupabase(engine, { fixtureSql: FIXTURE_SQL });
    admin = env.client(env.supabase.serviceRoleKey, { persistSession: false });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('signInWithPassword → a session shaped like GoTrue’s (seeded users, email case-insensitive)', async () => {
    const client = env.client();
    const { data, error } = await client.auth.signInWithPassword({ email: 'Alice@Example.COM', password: ALICE.password });
    expect(error).toBeNull();
    const session = data.session!;
    expect(session).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(typeof session.refresh_token).toBe('string');
    expect(session.expires_at).toBe(claimsOf(session.access_token).exp);
    expect(data.user).toMatchObject({
      id: ALICE.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: ALICE.email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'], role: 'clinician' },
      user_metadata: { name: 'Alice' },
      is_anonymous: false,
    });
    for (const key of ['email_confirmed_at', 'confirmed_at', 'last_sign_in_at', 'created_at', 'updated_at']) {
      expect(new Date(String((data.user as unknown as Record<string, unknown>)[key])).getTime()).not.toBeNaN();
    }
    expect(data.user?.identities?.[0]).toMatchObject({ provider: 'email', user_id: ALICE.id, id: ALICE.id });
  });

  it('the access token carries exactly GoTrue’s claims', async () => {
    const client = await signedIn(env, ALICE);
    const token = (await client.auth.getSession()).data.session!.access_token;
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = claimsOf(token);
    expect(Object.keys(claims)).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'email',
      'phone',
      'app_metadata',
      'user_metadata',
      'role',
      'aal',
      'amr',
      'session_id',
      'is_anonymous',
    ]);
    expect(claims).toMatchObject({
      iss: `${env.supabase.url}/auth/v1`,
      sub: ALICE.id,
      aud: 'authenticated',
      email: ALICE.email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'], role: 'clinician' },
      user_metadata: { name: 'Alice' },
    });
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
    expect(String(claims.session_id)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('wrong password → 400 invalid_credentials; unconfirmed email → email_not_confirmed', async () => {
    const wrong = await env.client().auth.signInWithPassword({ email: ALICE.email, password: 'nope' });
    expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
    const unconfirmed = await env.client().auth.signInWithPassword({ email: CAROL.email, password: CAROL.password });
    expect(unconfirmed.error).toMatchObject({ status: 400, code: 'email_not_confirmed' });
    const carolWrong = await env.client().auth.signInWithPassword({ email: CAROL.email, password: 'nope' });
    expect(carolWrong.error).toMatchObject({ code: 'invalid_credentials' });
  });

  it('getUser → the user; the signed-in user’s requests run as authenticated with their claims', async () => {
    const client = await signedIn(env, BOB);
    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: BOB.id, email: BOB.email, user_metadata: { name: 'Bob' } });
    const who = await client.rpc('whoami').single();
    expect(who.data).toEqual({ uid: BOB.id, role: 'authenticated', email: BOB.email });
  });

  it('refreshSession rotates the refresh token and keeps the session', async () => {
    const client = await signedIn(env, ALICE);
    const before = (await client.auth.getSession()).data.session!;
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const after = data.session!;
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(claimsOf(after.access_token).session_id).toBe(claimsOf(before.access_token).session_id);
    expect((await client.auth.getUser()).data.user?.id).toBe(ALICE.id);
    // the rotated-out token is spent
    const reuse = await env.client().auth.refreshSession({ refresh_token: before.refresh_token });
    expect(reuse.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
  });

  it('signOut, then the old refresh token and access token no longer work', async () => {
    const client = await signedIn(env, ALICE);
    const session = (await client.auth.getSession()).data.session!;
    const other = await signedIn(env, ALICE);
    expect((await client.auth.signOut()).error).toBeNull();
    expect((await client.auth.getSession()).data.session).toBeNull();
    const refreshed = await env.client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    // the server answers 403 session_not_found, which supabase-js reports as AuthSessionMissingError
    const user = await env.client().auth.getUser(session.access_token);
    expect(user.error?.name).toBe('AuthSessionMissingError');
    const rawUser = await raw(env, '/auth/v1/user', {
      headers: { Authorization: `Bearer ${session.access_token}`, 'X-Supabase-Api-Version': '2024-01-01' },
    });
    expect(rawUser.status).toBe(403);
    expect((await rawUser.json()).code).toBe('session_not_found');
    // scope global: the other session of the same user is gone too
    const otherRefresh = (await other.auth.getSession()).data.session!.refresh_token;
    expect((await env.client().auth.refreshSession({ refresh_token: otherRefresh })).error).toMatchObject({
      code: 'refresh_token_not_found',
    });
  });

  it('signOut({ scope: "local" }) ends only that session', async () => {
    const first = await signedIn(env, BOB);
    const second = await signedIn(env, BOB);
    expect((await first.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect((await second.auth.refreshSession()).error).toBeNull();
  });

  it('an expired access token → getUser 403 bad_jwt; the REST API answers 401', async () => {
    const client = await signedIn(env, ALICE);
    const claims = claimsOf((await client.auth.getSession()).data.session!.access_token);
    const expired = signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }, env.jwtSecret);
    const { data, error } = await env.client().auth.getUser(expired);
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ status: 403, code: 'bad_jwt' });
    expect(error?.message).toMatch(/^invalid JWT: unable to parse or verify signature, .*token is expired/);
    const rest = await env.client(expired).from('notes').select('*');
    expect(rest).toMatchObject({ status: 401, error: { code: 'PGRST301', message: 'JWT expired' } });
  });

  it('getUser with the anon key or no token is refused', async () => {
    expect((await env.client().auth.getUser(env.supabase.anonKey)).error).toMatchObject({ status: 403, code: 'bad_jwt' });
    const none = await raw(env, '/auth/v1/user', { headers: { 'X-Supabase-Api-Version': '2024-01-01' } });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ code: 'no_authorization', message: 'This endpoint requires a valid Bearer token' });
  });

  it('errors without the API version header use GoTrue’s older shape', async () => {
    const res = await raw(env, '/auth/v1/token?grant_type=password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ALICE.email, password: 'x' }),
    });
    expect(res.headers.get('x-supabase-api-version')).toBeNull();
    expect(await res.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
  });

  it('signUp → 422 signup_disabled', async () => {
    const { error } = await env.client().auth.signUp({ email: 'new@example.com', password: 'new-password' });
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled' });
  });

  it('the admin API (service key): create, list, get, update, delete users', async () => {
    const created = await admin.auth.admin.createUser({
      email: 'Dave@Example.com',
      password: 'dave-password',
      email_confirm: true,
      user_metadata: { name: 'Dave' },
      app_metadata: { site: 'demo' },
    });
    expect(created.error).toBeNull();
    const dave = created.data.user!;
    expect(dave).toMatchObject({
      email: 'dave@example.com',
      app_metadata: { provider: 'email', providers: ['email'], site: 'demo' },
      user_metadata: { name: 'Dave' },
    });
    expect(dave.email_confirmed_at).toBeTruthy();
    const duplicate = await admin.auth.admin.createUser({ email: 'dave@example.com', password: 'dave-password' });
    expect(duplicate.error).toMatchObject({ status: 422, code: 'email_exists' });
    const weak = await admin.auth.admin.createUser({ email: 'erin@example.com', password: '123' });
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' });

    const client = await signedIn(env, { email: 'dave@example.com', password: 'dave-password' });
    expect((await client.auth.getUser()).data.user?.id).toBe(dave.id);

    const list = await admin.auth.admin.listUsers();
    expect(list.error).toBeNull();
    expect(list.data.users.map((u) => u.email)).toEqual(expect.arrayContaining([ALICE.email, BOB.email, 'dave@example.com']));

    const got = await admin.auth.admin.getUserById(dave.id);
    expect(got.data.user?.email).toBe('dave@example.com');
    const updated = await admin.auth.admin.updateUserById(dave.id, { user_metadata: { team: 'night' }, password: 'new-dave-password' });
    expect(updated.data.user?.user_metadata).toEqual({ name: 'Dave', team: 'night' });
    expect((await env.client().auth.signInWithPassword({ email: 'dave@example.com', password: 'new-dave-password' })).error).toBeNull();

    expect((await admin.auth.admin.deleteUser(dave.id)).error).toBeNull();
    expect((await admin.auth.admin.getUserById(dave.id)).error).toMatchObject({ status: 404, code: 'user_not_found' });
    expect((await client.auth.getUser()).error).toMatchObject({ status: 403, code: 'user_not_found' });
  });

  it('the admin API refuses a signed-in user', async () => {
    const client = await signedIn(env, ALICE);
    const token = (await client.auth.getSession()).data.session!.access_token;
    const asUser = env.client(token, { persistSession: false });
    expect((await asUser.auth.admin.listUsers()).error).toMatchObject({ status: 403, code: 'not_admin' });
  });
});
