/**
 * Attacks on the stand-in, on both engines: forged and broken tokens, SQL in every part of a request, abuse of the
 * auth endpoints, oversized and malformed bodies. Each must be refused, and the request log must never show it as
 * a success.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, lstatSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import { signJwt, startLocalBackend, startLocalSupabase, type LocalSupabase, type LocalSupabaseOptions } from '../src';
import { BCRYPT_COST, bcryptCost } from '../src/auth/passwords';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { ALICE, BOB, FIXTURE_SCHEMAS, FIXTURE_SQL, lastLogged, raw, signedIn, userToken } from './fixture';

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
    const json = (token: string) => ({ ...bearer(token), 'Content-Type': 'application/json' });

    it('a body over 1 MB from a user or to /auth/v1 → 413 with a clear message', async () => {
      const big = JSON.stringify({ k: 'big', note: 'x'.repeat(1024 * 1024 + 10) });
      const rest = await refused('/rest/v1/kv', { method: 'POST', headers: json(aliceToken), body: big }, 413, 'PGRST413');
      expect(rest.message).toBe('The request body exceeds 1048576 bytes');
      await refused('/rest/v1/kv', { method: 'POST', headers: json(env.supabase.anonKey), body: big }, 413, 'PGRST413');
      // a refused token is no way around the limit
      await refused('/rest/v1/kv', { method: 'POST', headers: json('not-a-jwt'), body: big }, 413);
      await refused(
        '/auth/v1/token?grant_type=password',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big },
        413,
      );
      expect((await env.db.query(`select 1 from public.kv where k = 'big'`)).rowCount).toBe(0);
    });

    it('service_role (the ingestion) may send up to 10 MB, not more', async () => {
      const note = 'x'.repeat(3 * 1024 * 1024);
      const ok = await raw(env, '/rest/v1/kv', {
        method: 'POST',
        headers: json(env.supabase.serviceRoleKey),
        body: JSON.stringify({ k: 'big3', note }),
      });
      expect(ok.status).toBe(201);
      const big = JSON.stringify({ k: 'big', note: 'x'.repeat(10 * 1024 * 1024 + 10) });
      await refused('/rest/v1/kv', { method: 'POST', headers: json(env.supabase.serviceRoleKey), body: big }, 413, 'PGRST413');
      await env.db.query(`delete from public.kv where k = 'big3'`);
    });

    it('52,000 rows in one insert from a user → 413 "too many rows", nothing written; 1,000 are accepted', async () => {
      const rows = (n: number, prefix: string) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ k: `${prefix}${i}` })));
      const body = await refused(
        '/rest/v1/kv',
        { method: 'POST', headers: json(aliceToken), body: rows(52_000, 'flood') },
        413,
        'PGRST413',
      );
      expect(body.message).toBe('Too many rows in one request: 52000, at most 1000 may be inserted at once');
      const upsert = { ...json(aliceToken), Prefer: 'resolution=merge-duplicates' };
      await refused('/rest/v1/kv', { method: 'POST', headers: upsert, body: rows(1001, 'flood') }, 413, 'PGRST413');
      expect((await env.db.query(`select 1 from public.kv where k like 'flood%'`)).rowCount).toBe(0);
      const thousand = await raw(env, '/rest/v1/kv', { method: 'POST', headers: json(aliceToken), body: rows(1000, 'batch') });
      expect(thousand.status).toBe(201);
      expect((await env.db.query(`select 1 from public.kv where k like 'batch%'`)).rowCount).toBe(1000);
      await env.db.query(`delete from public.kv where k like 'batch%'`);
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

  describe('NUL and other input PostgreSQL cannot take → 400, never 500', () => {
    const auth = () => bearer(aliceToken);

    it('NUL in a select alias, a select column, a filter column, a filter value, order and the path', async () => {
      const headers = auth();
      expect((await refused('/rest/v1/notes?select=a%00b:title', { headers }, 400, 'PGRST100')).message).toBe(
        'The request contains a NUL character (U+0000) in the query parameter "select": PostgreSQL text cannot hold it',
      );
      await refused('/rest/v1/notes?select=ti%00tle', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/notes?select=title&ti%00tle=eq.x', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/notes?select=title&title=eq.a%00b', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/notes?select=title&title=in.(a%00,b)', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/notes?select=title&title=like.*%00*', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/notes?select=title&meta->>k%00=eq.x', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/notes?select=title&order=title%00', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/rpc/add?a=1%00', { headers }, 400, 'PGRST100');
      await refused('/rest/v1/no%00tes?select=*', { headers }, 400, 'PGRST100');
    });

    it('NUL in a JSON body: a string value, a key, an rpc argument, a sign-in email', async () => {
      const headers = { ...auth(), 'Content-Type': 'application/json' };
      await refused('/rest/v1/kv', { method: 'POST', headers, body: '{"k":"a\\u0000b"}' }, 400, 'PGRST102');
      await refused('/rest/v1/kv', { method: 'POST', headers, body: '{"k\\u0000":"a"}' }, 400, 'PGRST102');
      await refused('/rest/v1/kv?k=eq.a', { method: 'PATCH', headers, body: '{"note":"\\u0000"}' }, 400, 'PGRST102');
      await refused('/rest/v1/rpc/echo', { method: 'POST', headers, body: '{"payload":{"x":"\\u0000"}}' }, 400, 'PGRST102');
      const login = await refused(
        '/auth/v1/token?grant_type=password',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
          body: JSON.stringify({ email: 'alice@example.com\u0000', password: 'x' }),
        },
        400,
        'validation_failed',
      );
      expect(login.message).toMatch(/NUL/);
      // an escaped backslash followed by the text u0000 is no NUL: stored as written
      const text = await raw(env, '/rest/v1/kv', { method: 'POST', headers, body: '{"k":"backslash-u0000","note":"\\\\u0000"}' });
      expect(text.status).toBe(201);
      expect((await env.db.query<{ note: string }>(`select note from public.kv where k = 'backslash-u0000'`)).rows[0]!.note).toBe(
        '\\u0000',
      );
    });

    it('NUL in a header: refused by the HTTP parser with 400', async () => {
      const { port, hostname } = new URL(env.supabase.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(`GET /rest/v1/notes?select=* HTTP/1.1\r\nHost: x\r\nAccept-Profile: pub\u0000lic\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
    });
  });

  describe('sign-in: the same work for unknown accounts, and limits per account and address', () => {
    const servers: LocalSupabase[] = [];
    afterAll(async () => {
      for (const server of servers) await server.close();
    });
    /** a server of its own (its own counters) on the same database */
    async function server(options: Partial<LocalSupabaseOptions> = {}): Promise<LocalSupabase> {
      const started = await startLocalSupabase({ db: env.db, port: 0, jwtSecret: env.jwtSecret, ...options });
      servers.push(started);
      return started;
    }
    const login = (at: LocalSupabase, email: string, password: string) =>
      fetch(`${at.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: at.anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ email, password }),
      });

    it('every stored hash has the cost the unknown-account comparison uses', async () => {
      const { rows } = await env.db.query<{ hash: string }>(`select encrypted_password as hash from auth.users`);
      expect(rows.map((r) => bcryptCost(r.hash))).toEqual(rows.map(() => BCRYPT_COST));
    });

    it('an unknown email takes as long as a known one with a wrong password (bcrypt cost 10 against 6 was 10x slower)', async () => {
      const at = await server({ loginLimits: { accountFailures: 1000, addressFailures: 1000 } });
      const median = async (email: string) => {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          expect((await login(at, email, `wrong-${i}`)).status).toBe(400);
          times.push(performance.now() - started);
        }
        return times.sort((a, b) => a - b)[2]!;
      };
      await median(ALICE.email); // warm-up
      const known = await median(ALICE.email);
      const unknown = await median('nobody-at-all@example.com');
      expect(unknown / known).toBeGreaterThan(0.5);
      expect(unknown / known).toBeLessThan(2);
    });

    it('a hash of another cost (an older seed) is redone at the common cost when its owner signs in', async () => {
      await env.db.query(`update auth.users set encrypted_password = crypt($1, gen_salt('bf', 6)) where id = $2`, [BOB.password, BOB.id]);
      const at = await server();
      expect((await login(at, BOB.email, BOB.password)).status).toBe(200);
      const { rows } = await env.db.query<{ hash: string }>(`select encrypted_password as hash from auth.users where id = $1`, [BOB.id]);
      expect(bcryptCost(rows[0]!.hash)).toBe(BCRYPT_COST);
      expect((await login(at, BOB.email, BOB.password)).status).toBe(200);
    });

    it('30 wrong passwords in a burst, then the right one: locked after 5 (429, Retry-After), the right one refused too', async () => {
      const at = await server();
      const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => login(at, ALICE.email, `guess-${i}`)));
      const sequence: Response[] = [];
      for (let i = 0; i < 15; i++) sequence.push(await login(at, ALICE.email, `guess-${15 + i}`));
      const statuses = [...burst, ...sequence].map((r) => r.status);
      expect(statuses.filter((s) => s === 400)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(25);
      const right = await login(at, ALICE.email.toUpperCase(), ALICE.password);
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await right.json()).toEqual({
        code: 'over_request_rate_limit',
        message: expect.stringMatching(/^Too many failed sign-in attempts for this account: try again in \d+ s$/),
      });
      // another account from the same address is not locked by it
      expect((await login(at, BOB.email, BOB.password)).status).toBe(200);
    });

    it('the lock doubles with every further failure; a success resets the account', async () => {
      const at = await server({ loginLimits: { accountFailures: 3, addressFailures: 1000, firstLockSeconds: 1 } });
      const waitOut = async (response: Response) => {
        await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after')) * 1000 + 100));
      };
      for (let i = 0; i < 3; i++) expect((await login(at, ALICE.email, 'wrong')).status).toBe(400);
      const first = await login(at, ALICE.email, 'wrong');
      expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1']);
      await waitOut(first);
      expect((await login(at, ALICE.email, 'wrong')).status).toBe(400); // the 4th failure: 2 s
      const second = await login(at, ALICE.email, ALICE.password);
      expect([second.status, second.headers.get('retry-after')]).toEqual([429, '2']);
      await waitOut(second);
      expect((await login(at, ALICE.email, ALICE.password)).status).toBe(200); // resets the account
      for (let i = 0; i < 2; i++) expect((await login(at, ALICE.email, 'wrong')).status).toBe(400);
      expect((await login(at, ALICE.email, ALICE.password)).status).toBe(200);
    });

    it('failures from one address over many accounts lock the address, for known and unknown accounts alike', async () => {
      const at = await server({ loginLimits: { accountFailures: 1000, addressFailures: 4 } });
      for (let i = 0; i < 4; i++) expect((await login(at, `spray-${i}@example.com`, 'wrong')).status).toBe(400);
      const locked = await login(at, ALICE.email, ALICE.password);
      expect(locked.status).toBe(429);
      expect((await locked.json()).message).toMatch(/from this address/);
      expect((await login(at, 'spray-9@example.com', 'x')).status).toBe(429);
    });

    it('normal use is not limited: 25 sign-ins of one account in a row, and 10 at once', async () => {
      const at = await server();
      for (let i = 0; i < 25; i++) expect((await login(at, ALICE.email, ALICE.password)).status).toBe(200);
      const parallel = await Promise.all(Array.from({ length: 10 }, () => login(at, BOB.email, BOB.password)));
      expect(parallel.map((r) => r.status)).toEqual(parallel.map(() => 200));
    });
  });

  describe("the API roles' settings (alter role … set), applied per request as PostgREST does", () => {
    let tuned: TestSupabase;
    beforeAll(async () => {
      tuned = await startTestSupabase(engine, {
        exposedSchemas: FIXTURE_SCHEMAS,
        fixtureSql: `${FIXTURE_SQL}
          do $$ begin
            execute format('alter role authenticated in database %I set statement_timeout = %L', current_database(), '1s');
            execute format('alter role anon in database %I set "app.marker" = %L', current_database(), 'anon-setting');
          end $$;
          create function public.setting(name text) returns text language sql stable as $$ select current_setting(name, true) $$;
          create function public.nap(seconds float8) returns int language sql volatile as $$ select 1 from pg_sleep(seconds) $$;`,
      });
    });
    afterAll(async () => {
      await tuned?.close();
    });

    it("a user's request runs with the role's statement_timeout; anon with its own settings", async () => {
      const alice = await signedIn(tuned, ALICE);
      expect((await alice.rpc('setting', { name: 'statement_timeout' })).data).toBe('1s');
      const anon = tuned.client();
      expect((await anon.rpc('setting', { name: 'app.marker' })).data).toBe('anon-setting');
      // anon keeps its own timeout, not authenticated's: none, or the role-wide one that IQS's migration 29 sets on a
      // PostgreSQL cluster its other databases share
      const anonTimeout = await tuned.db.query<{ value: string }>(
        `select coalesce((select split_part(cfg, '=', 2) from pg_db_role_setting s, unnest(s.setconfig) cfg
                           where s.setrole = 'anon'::regrole and cfg like 'statement_timeout=%'
                             and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
                           order by s.setdatabase desc limit 1), '0') as value`,
      );
      expect((await anon.rpc('setting', { name: 'statement_timeout' })).data).toBe(anonTimeout.rows[0]!.value);
      expect(anonTimeout.rows[0]!.value).not.toBe('1s');
      // anon's setting never reaches another role's request (the session keeps an empty placeholder at most)
      expect((await alice.rpc('setting', { name: 'app.marker' })).data ?? '').toBe('');
    });

    // PGlite runs in one thread without signals: statement_timeout never fires there (README: use PostgreSQL on a
    // network). Each engine's test says what that engine does, so a change in either shows.
    if (engine === 'postgres') {
      it('a statement past it is canceled: 500 57014, as PostgREST maps it', async () => {
        const alice = await signedIn(tuned, ALICE);
        const started = performance.now();
        const { error, status } = await alice.rpc('nap', { seconds: 5 });
        expect(performance.now() - started).toBeLessThan(4000);
        expect(status).toBe(500);
        expect(error).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
      });
    } else {
      it('PGlite cannot cancel a statement past it: the statement runs to its end (the documented limit of the embedded engine)', async () => {
        const alice = await signedIn(tuned, ALICE);
        const { data, error } = await alice.rpc('nap', { seconds: 1.5 });
        expect(error).toBeNull();
        expect(data).toBe(1);
      });
    }
  });

  describe('the data folder: the database and the key file readable by the owner only', () => {
    /** every file and folder under `dir` whose mode lets anyone but the owner in */
    function opened(dir: string): string[] {
      const found: string[] = [];
      const walk = (target: string) => {
        const info = lstatSync(target);
        if (info.isSymbolicLink()) return;
        if ((info.mode & 0o077) !== 0) found.push(`${path.relative(dir, target) || '.'} ${(info.mode & 0o777).toString(8)}`);
        if (info.isDirectory()) for (const name of readdirSync(target)) walk(path.join(target, name));
      };
      walk(dir);
      return found;
    }

    it('0700 folders and 0600 files after start, while writing, and after close; earlier files fixed at start', async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iqs-modes-'));
      chmodSync(dataDir, 0o755);
      // what an earlier version left: a world-readable secret and world-writable database files
      writeFileSync(path.join(dataDir, 'jwt-secret'), `${'s'.repeat(48)}\n`, { mode: 0o666 });
      chmodSync(path.join(dataDir, 'jwt-secret'), 0o666);
      mkdirSync(path.join(dataDir, 'old'), { mode: 0o777 });
      chmodSync(path.join(dataDir, 'old'), 0o777);
      writeFileSync(path.join(dataDir, 'old', 'file'), 'x');
      chmodSync(path.join(dataDir, 'old', 'file'), 0o666);
      let databaseName: string | null = null;
      let databaseUrl: string | null = null;
      if (engine === 'postgres') {
        databaseName = `iqs_modes_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: process.env.IQS_TEST_POSTGRES_URL });
        await admin.connect();
        await admin.query(`create database "${databaseName}"`);
        await admin.end();
        const url = new URL(process.env.IQS_TEST_POSTGRES_URL!);
        url.pathname = `/${databaseName}`;
        databaseUrl = url.toString();
      }
      try {
        const backend = await startLocalBackend({ dataDir, databaseUrl, port: 0, host: '127.0.0.1', allowedOrigins: [] });
        try {
          expect(opened(dataDir)).toEqual([]);
          const written = await fetch(`${backend.supabase.url}/rest/v1/sites`, {
            method: 'POST',
            headers: { apikey: backend.supabase.serviceRoleKey, 'Content-Type': 'application/json' },
            body: JSON.stringify({ code: 'modes', name: 'Modes test' }),
          });
          expect(written.status).toBe(201);
          await backend.db.exec('checkpoint');
          // files PGlite made meanwhile may be 0666, but inside a folder no one else may enter
          expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
        } finally {
          await backend.close();
        }
        expect(opened(dataDir)).toEqual([]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        if (databaseName) {
          const admin = new pg.Client({ connectionString: process.env.IQS_TEST_POSTGRES_URL });
          await admin.connect();
          await admin.query(`drop database if exists "${databaseName}" with (force)`);
          await admin.end();
        }
      }
    }, 180_000);
  });

  it('never logged an attack as a success, and never answered 500', () => {
    expect(env.requests.filter((r) => r.status >= 500)).toEqual([]);
  });
});
