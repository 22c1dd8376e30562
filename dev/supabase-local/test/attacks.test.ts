/**
 * Attacks on the stand-in, on both engines: forged and broken tokens, SQL in every part of a request, abuse of the
 * auth endpoints, oversized and malformed bodies. Each must be refused, and the request log must never show it as
 * a success.
 */
import { createHmac } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { signJwt } from '../src';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { ALICE, FIXTURE_SCHEMAS, FIXTURE_SQL, lastLogged, raw, signedIn, userToken } from './fixture';

jest.setTimeout(60_000);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(ENGINES)('attacks on %s', (engine) => {
  let env: TestSupabase;
  let alice: SupabaseClient;
  let aliceToken: string;

  beforeAll(async () => {
    env = await startTestSupabase(engine, { fixtureSql: FIXTURE_SQL, exposedSchemas: FIXTURE_SCHEMAS });
    alice = await signedIn(env, ALICE);
    aliceToken = (await alice.auth.getSession()).data.session!.access_token;
    const seeded = await alice.from('notes').insert([
      { title: 'one', score: 1 },
      { title: 'two', score: 2 },
    ]);
    if (seeded.error) throw new Error(seeded.error.message);
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Sends a raw request and checks both the answer and the request log: refused, never logged as 2xx. */
  async function refused(
    path: string,
    init: Parameters<typeof raw>[2] = {},
    expectedStatus?: number,
    expectedCode?: string,
  ): Promise<Record<string, unknown>> {
    const before = env.requests.length;
    const response = await raw(env, path, init);
    const text = await response.text();
    const logged = await lastLogged(env, before);
    expect(logged.status).toBe(response.status);
    expect(response.status).toBeGreaterThanOrEqual(400);
    if (expectedStatus !== undefined) expect(response.status).toBe(expectedStatus);
    const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    if (expectedCode !== undefined) expect(body.code).toBe(expectedCode);
    // no stack traces or internals in any answer
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules|Error:/);
    return body;
  }

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('tokens', () => {
    it('no token at all on a table anon may not read → 401', async () => {
      const before = env.requests.length;
      const response = await fetch(`${env.supabase.url}/rest/v1/secrets?select=*`);
      expect(response.status).toBe(401);
      expect((await lastLogged(env, before)).status).toBe(401);
      expect((await response.json()).code).toBe('42501');
    });

    it('a token signed with another secret → 401 PGRST301', async () => {
      const forged = userToken(env, { sub: ALICE.id, role: 'authenticated' }, 'another-secret-that-is-at-least-32-chars!!');
      const body = await refused('/rest/v1/notes?select=*', { headers: bearer(forged) }, 401, 'PGRST301');
      expect(body.message).toBe('JWT cryptographic operation failed');
    });

    it('alg: none → 401', async () => {
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ role: 'service_role', exp: 4102444800 })}.`;
      await refused('/rest/v1/secrets?select=*', { headers: bearer(none) }, 401, 'PGRST301');
      const noneSigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ role: 'service_role' })}.${createHmac('sha256', env.jwtSecret).update('x').digest('base64url')}`;
      await refused('/rest/v1/secrets?select=*', { headers: bearer(noneSigned) }, 401, 'PGRST301');
    });

    it('another algorithm, even with the right secret (HS512, RS256 header) → 401', async () => {
      for (const alg of ['HS512', 'RS256', 'hs256']) {
        const header = b64({ alg, typ: 'JWT' });
        const payload = b64({ role: 'service_role', exp: 4102444800 });
        const signature = createHmac(alg === 'HS512' ? 'sha512' : 'sha256', env.jwtSecret)
          .update(`${header}.${payload}`)
          .digest('base64url');
        await refused('/rest/v1/secrets?select=*', { headers: bearer(`${header}.${payload}.${signature}`) }, 401, 'PGRST301');
      }
    });

    it('an expired token → 401 "JWT expired"', async () => {
      const expired = signJwt({ sub: ALICE.id, role: 'authenticated', exp: Math.floor(Date.now() / 1000) - 10 }, env.jwtSecret);
      const body = await refused('/rest/v1/notes?select=*', { headers: bearer(expired) }, 401, 'PGRST301');
      expect(body.message).toBe('JWT expired');
    });

    it('a forged service_role token (wrong secret, or a tampered payload) → 401', async () => {
      const forged = signJwt({ role: 'service_role', iss: 'supabase' }, 'not-the-secret-not-the-secret-not-the-secret');
      await refused('/rest/v1/secrets?select=*', { headers: bearer(forged) }, 401, 'PGRST301');
      // alice's real token with its payload swapped for a service_role one: the signature no longer matches
      const [header, , signature] = aliceToken.split('.');
      const tampered = `${header}.${b64({ role: 'service_role', sub: ALICE.id })}.${signature}`;
      await refused('/rest/v1/secrets?select=*', { headers: bearer(tampered) }, 401, 'PGRST301');
      // and through the apikey header alone
      await refused('/rest/v1/secrets?select=*', { headers: { apikey: forged } }, 401, 'PGRST301');
    });

    it('a correctly signed token claiming the role postgres (or any non-API role) → 401', async () => {
      for (const role of ['postgres', 'authenticator', 'pg_read_all_data', 'supabase_admin']) {
        const token = signJwt({ role, sub: ALICE.id }, env.jwtSecret);
        await refused('/rest/v1/secrets?select=*', { headers: bearer(token) }, 401, 'PGRST301');
      }
    });

    it('malformed tokens → 401', async () => {
      for (const token of ['not-a-jwt', 'a.b', 'a.b.c.d', `${b64({ alg: 'HS256' })}.!!!.abc`, `${b64('x')}.${b64({})}.`]) {
        await refused('/rest/v1/notes?select=*', { headers: bearer(token) }, 401, 'PGRST301');
      }
    });
  });

  describe('SQL injection', () => {
    const auth = () => bearer(aliceToken);

    it('in filter values: bound as values (a number column refuses text)', async () => {
      await refused(`/rest/v1/notes?select=*&id=eq.${encodeURIComponent('1 or 1=1')}`, { headers: auth() }, 400, '22P02');
      await refused(`/rest/v1/notes?select=*&id=in.(${encodeURIComponent('1);delete from notes;--')})`, { headers: auth() }, 400, '22P02');
      // on a text column the attempt is just a string that matches nothing
      const text = await raw(env, `/rest/v1/notes?select=title&title=eq.${encodeURIComponent("x' or '1'='1")}`, { headers: auth() });
      expect(await text.json()).toEqual([]);
      const tree = await raw(env, `/rest/v1/notes?select=title&or=(title.eq.${encodeURIComponent('"x\') or true --"')},score.eq.99)`, {
        headers: auth(),
      });
      expect(await tree.json()).toEqual([]);
    });

    it('in column names (filters, select, JSON paths)', async () => {
      await refused(
        `/rest/v1/notes?select=*&${encodeURIComponent('title"; drop table notes; --')}=eq.x`,
        { headers: auth() },
        400,
        '42703',
      );
      await refused(
        `/rest/v1/notes?select=${encodeURIComponent('title,"score) from notes; drop table notes; --"')}`,
        { headers: auth() },
        400,
        '42703',
      );
      await refused(`/rest/v1/notes?select=${encodeURIComponent('(select secret from secrets)')}`, { headers: auth() }, 400);
      await refused(
        `/rest/v1/notes?select=${encodeURIComponent('title::text); drop table notes; --')}`,
        { headers: auth() },
        400,
        'PGRST100',
      );
      const path = await raw(env, `/rest/v1/notes?select=title&${encodeURIComponent("meta->>kind') or true --")}=eq.x`, {
        headers: auth(),
      });
      expect(await path.json()).toEqual([]);
    });

    it('in order', async () => {
      await refused(`/rest/v1/notes?select=*&order=${encodeURIComponent('id;drop table notes')}`, { headers: auth() }, 400);
      await refused(`/rest/v1/notes?select=*&order=${encodeURIComponent('(select 1)')}`, { headers: auth() }, 400);
      await refused(
        `/rest/v1/notes?select=*&order=${encodeURIComponent('id.desc; drop table notes')}`,
        { headers: auth() },
        400,
        'PGRST100',
      );
    });

    it('in limit and offset', async () => {
      await refused(`/rest/v1/notes?select=*&limit=${encodeURIComponent('1; drop table notes')}`, { headers: auth() }, 400, 'PGRST100');
      await refused(`/rest/v1/notes?select=*&offset=-1`, { headers: auth() }, 400, 'PGRST100');
    });

    it('in on_conflict and columns', async () => {
      const headers = { ...auth(), 'Content-Type': 'application/json', Prefer: 'resolution=merge-duplicates' };
      await refused(
        `/rest/v1/kv?on_conflict=${encodeURIComponent('k) do nothing; drop table kv; --')}`,
        { method: 'POST', headers, body: '{"k":"a"}' },
        400,
        '42703',
      );
      await refused(
        `/rest/v1/kv?columns=${encodeURIComponent('"k","v\\"; drop table kv; --"')}`,
        { method: 'POST', headers, body: '[{"k":"a"}]' },
        400,
        'PGRST204',
      );
      await refused('/rest/v1/kv', { method: 'POST', headers, body: '{"k":"a","v); drop table kv; --":1}' }, 400, 'PGRST204');
    });

    it('in the rpc name and argument names', async () => {
      const post = { ...auth(), 'Content-Type': 'application/json' };
      await refused(
        `/rest/v1/rpc/${encodeURIComponent('add(1,2); drop table notes; --')}`,
        { method: 'POST', headers: post, body: '{}' },
        404,
        'PGRST202',
      );
      await refused('/rest/v1/rpc/pg_sleep', { method: 'POST', headers: post, body: '{"seconds": 1}' }, 404, 'PGRST202');
      await refused('/rest/v1/rpc/add', { method: 'POST', headers: post, body: '{"a := 1); drop table notes; --": 1}' }, 404, 'PGRST202');
      await refused(`/rest/v1/rpc/add?${encodeURIComponent('a; drop table notes')}=1`, { headers: auth() }, 404, 'PGRST202');
    });

    it('in the profile headers, and reaching unexposed schemas', async () => {
      await refused('/rest/v1/notes?select=*', { headers: { ...auth(), 'Accept-Profile': 'public; drop table notes' } }, 406, 'PGRST106');
      await refused('/rest/v1/users?select=*', { headers: { ...auth(), 'Accept-Profile': 'auth' } }, 406, 'PGRST106');
      await refused(
        '/rest/v1/kv',
        { method: 'POST', headers: { ...auth(), 'Content-Profile': 'pg_catalog', 'Content-Type': 'application/json' }, body: '{}' },
        406,
        'PGRST106',
      );
      await refused(`/rest/v1/${encodeURIComponent('auth.users')}?select=*`, { headers: auth() }, 404, 'PGRST205');
      await refused('/rest/v1/pg_authid?select=*', { headers: auth() }, 404, 'PGRST205');
    });

    it('left every table intact', async () => {
      const { rows } = await env.db.query<{ n: number }>(`select count(*)::int as n from public.notes`);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
      const kv = await env.db.query(`select 1 from public.kv limit 1`);
      expect(kv.rowCount).toBeGreaterThanOrEqual(0);
    });
  });

  describe('auth endpoints', () => {
    const login = (email: string, password: string) =>
      raw(env, '/auth/v1/token?grant_type=password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ email, password }),
      });

    it('a wrong password and an unknown user get the same answer', async () => {
      const wrong = await login(ALICE.email, 'wrong-password');
      const unknown = await login('nobody@example.com', 'wrong-password');
      expect(wrong.status).toBe(400);
      expect(unknown.status).toBe(400);
      const expected = { code: 'invalid_credentials', message: 'Invalid login credentials' };
      expect(await wrong.json()).toEqual(expected);
      expect(await unknown.json()).toEqual(expected);
      const sqlEmail = await login("alice@example.com' or '1'='1", 'x');
      expect(await sqlEmail.json()).toEqual(expected);
    });

    it('a refresh token used twice: refused, and the whole session revoked', async () => {
      const client = await signedIn(env, ALICE);
      const first = (await client.auth.getSession()).data.session!;
      const refresh = (body: unknown) =>
        raw(env, '/auth/v1/token?grant_type=refresh_token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
          body: JSON.stringify(body),
        });
      const rotated = await refresh({ refresh_token: first.refresh_token });
      expect(rotated.status).toBe(200);
      const second = (await rotated.json()) as { refresh_token: string; access_token: string };
      expect(second.refresh_token).not.toBe(first.refresh_token);
      const reused = await refresh({ refresh_token: first.refresh_token });
      expect(reused.status).toBe(400);
      expect(await reused.json()).toEqual({ code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' });
      const afterRevocation = await refresh({ refresh_token: second.refresh_token });
      expect(afterRevocation.status).toBe(400);
      expect((await afterRevocation.json()).code).toMatch(/^refresh_token_(not_found|already_used)$/);
      const user = await raw(env, '/auth/v1/user', { headers: { ...bearer(second.access_token), 'X-Supabase-Api-Version': '2024-01-01' } });
      expect(user.status).toBe(403);
      expect((await user.json()).code).toBe('session_not_found');
      expect(await refresh({ refresh_token: 'no-such-token' }).then((r) => r.json())).toEqual({
        code: 'refresh_token_not_found',
        message: 'Invalid Refresh Token: Refresh Token Not Found',
      });
    });

    it('the admin API refuses anon and user tokens', async () => {
      await refused(
        '/auth/v1/admin/users',
        { headers: { ...bearer(env.supabase.anonKey), 'X-Supabase-Api-Version': '2024-01-01' } },
        403,
        'not_admin',
      );
      await refused(
        '/auth/v1/admin/users',
        { headers: { ...bearer(aliceToken), 'X-Supabase-Api-Version': '2024-01-01' } },
        403,
        'not_admin',
      );
      const forged = signJwt({ role: 'service_role' }, 'not-the-secret-not-the-secret-not-the-secret');
      await refused('/auth/v1/admin/users', { headers: { ...bearer(forged), 'X-Supabase-Api-Version': '2024-01-01' } }, 403, 'bad_jwt');
      await refused(
        '/auth/v1/admin/users',
        { method: 'POST', headers: { 'X-Supabase-Api-Version': '2024-01-01' }, body: '{"email":"x@example.com"}' },
        401,
        'no_authorization',
      );
    });

    it('sign-up is disabled', async () => {
      await refused(
        '/auth/v1/signup',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
          body: '{"email":"new@example.com","password":"secret123"}',
        },
        422,
        'signup_disabled',
      );
    });
  });

  describe('bodies', () => {
    it('a body over 10 MB → 413', async () => {
      const big = JSON.stringify({ k: 'big', note: 'x'.repeat(10 * 1024 * 1024 + 10) });
      await refused(
        '/rest/v1/kv',
        { method: 'POST', headers: { ...bearer(aliceToken), 'Content-Type': 'application/json' }, body: big },
        413,
      );
      await refused(
        '/auth/v1/token?grant_type=password',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big },
        413,
      );
      expect((await env.db.query(`select 1 from public.kv where k = 'big'`)).rowCount).toBe(0);
    });

    it('malformed JSON → 400 (REST PGRST102, auth bad_json)', async () => {
      const headers = { ...bearer(aliceToken), 'Content-Type': 'application/json' };
      await refused('/rest/v1/kv', { method: 'POST', headers, body: '{"k": "a"' }, 400, 'PGRST102');
      await refused('/rest/v1/kv?k=eq.a', { method: 'PATCH', headers, body: 'not json' }, 400, 'PGRST102');
      await refused('/rest/v1/kv', { method: 'POST', headers, body: '"just a string"' }, 400, 'PGRST102');
      await refused('/rest/v1/kv', { method: 'POST', headers, body: '[1, 2]' }, 400, 'PGRST102');
      await refused('/rest/v1/rpc/add', { method: 'POST', headers, body: '{"a": 1,' }, 400, 'PGRST102');
      await refused(
        '/auth/v1/token?grant_type=password',
        { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' }, body: '{"email":' },
        400,
        'bad_json',
      );
    });
  });

  it('never logged an attack as a success, and never answered 500', () => {
    expect(env.requests.filter((r) => r.status >= 500)).toEqual([]);
  });
});
