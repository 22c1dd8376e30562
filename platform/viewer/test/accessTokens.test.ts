import { signJwt } from '@iqs/supabase-local';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalTokenCheck, createSupabaseTokenCheck } from '../src/accessTokens';

const SECRET = 'a-test-secret-of-at-least-32-characters!!';
const now = () => Math.floor(Date.now() / 1000);
const session = (claims: Record<string, unknown> = {}, secret = SECRET) =>
  signJwt(
    { sub: '7d0e7c1e-0000-4000-8000-000000000001', role: 'authenticated', aud: 'authenticated', exp: now() + 3600, ...claims },
    secret,
  );
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('checking an IQS session token against the local stand-in’s secret', () => {
  const check = createLocalTokenCheck(SECRET);

  it('accepts a signed-in user’s access token', async () => {
    expect(await check(session())).toEqual({ ok: true, userId: '7d0e7c1e-0000-4000-8000-000000000001' });
  });

  it.each([
    ['expired', () => session({ exp: now() - 10 })],
    ['without an expiry', () => session({ exp: undefined })],
    ['signed with another secret (forged)', () => session({}, 'another-secret-of-at-least-32-characters!')],
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'authenticated', exp: now() + 60 })}.`],
    [
      'alg none with a signature',
      () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'authenticated', exp: now() + 60 })}.abc`,
    ],
    ['the anon key', () => session({ role: 'anon', sub: undefined })],
    ['the service-role key', () => session({ role: 'service_role', sub: undefined })],
    ['without a user', () => session({ sub: undefined })],
    ['malformed', () => 'not-a-token'],
    ['empty', () => ''],
  ])('refuses a token %s', async (_what, token) => {
    const verdict = await check(token());
    expect(verdict.ok).toBe(false);
  });
});

describe('checking an IQS session token with a Supabase project', () => {
  let server: http.Server;
  let url: string;
  const asked: Array<{ authorization?: string; apikey?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      asked.push({ authorization: req.headers.authorization, apikey: req.headers.apikey as string | undefined });
      if (req.url !== '/auth/v1/user') return void res.writeHead(404).end();
      if (req.headers.authorization === 'Bearer good' && req.headers.apikey === 'anon-key')
        return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'user-1', role: 'authenticated' }));
      if (req.headers.authorization === 'Bearer service')
        return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'svc', role: 'service_role' }));
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"msg":"invalid JWT"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks the project’s /auth/v1/user with the token and the anon key, and remembers a good answer for a while', async () => {
    let clock = 1_000_000;
    const check = createSupabaseTokenCheck({ supabaseUrl: url, anonKey: 'anon-key', now: () => clock });
    asked.length = 0;
    expect(await check('good')).toEqual({ ok: true, userId: 'user-1' });
    expect(await check('good')).toEqual({ ok: true, userId: 'user-1' });
    expect(asked).toEqual([{ authorization: 'Bearer good', apikey: 'anon-key' }]);
    clock += 31_000;
    expect(await check('good')).toEqual({ ok: true, userId: 'user-1' });
    expect(asked).toHaveLength(2);
  });

  it('refuses what the project refuses, a user that is not signed in as authenticated, and an unreachable project', async () => {
    const check = createSupabaseTokenCheck({ supabaseUrl: url, anonKey: 'anon-key' });
    expect((await check('forged')).ok).toBe(false);
    expect((await check('forged')).ok).toBe(false);
    expect((await check('service')).ok).toBe(false);
    const down = createSupabaseTokenCheck({ supabaseUrl: 'http://127.0.0.1:9', anonKey: 'anon-key' });
    expect(await down('good')).toEqual({ ok: false, reason: expect.stringMatching(/could not be checked/u) });
  });
});
