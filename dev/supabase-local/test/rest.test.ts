/**
 * PostgREST conformance of the stand-in, through supabase-js 2.109 (the call shapes of supabase-wire.md), on both
 * engines: reads, counts, writes, upserts, rpc, single/maybeSingle, every filter operator, profiles, and the
 * PostgREST error codes and statuses.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { startLocalSupabase } from '../src';
import { ENGINES, openTestDatabase, startTestSupabase, supabaseClient, type TestSupabase } from '../../../test/support/engines';
import { ALICE, BOB, FIXTURE_SCHEMAS, FIXTURE_SQL, raw, signedIn } from './fixture';

jest.setTimeout(60_000);

/** the notes alice starts with (later tests add more) */
const ORIGINAL = ['alpha', 'beta', 'gamma', 'delta', 'Epsilon'];

describe.each(ENGINES)('PostgREST conformance on %s', (engine) => {
  let env: TestSupabase;
  let anon: SupabaseClient;
  let alice: SupabaseClient;
  let bob: SupabaseClient;
  let service: SupabaseClient;

  beforeAll(async () => {
    env = await startTestSupabase(engine, {
      fixtureSql: FIXTURE_SQL,
      exposedSchemas: FIXTURE_SCHEMAS,
      allowedOrigins: ['http://127.0.0.1:3000'],
    });
    anon = env.client();
    service = env.client(env.supabase.serviceRoleKey, { persistSession: false });
    alice = await signedIn(env, ALICE);
    bob = await signedIn(env, BOB);
    const notes = [
      { title: 'alpha', score: 1, tags: ['x'], meta: { kind: 'a' } },
      { title: 'beta', score: 2, tags: ['x', 'y'], meta: { kind: 'b' } },
      { title: 'gamma', score: 3, tags: ['y'], meta: { kind: 'a', n: 2 }, body: 'has, comma' },
      { title: 'delta', score: null, tags: [], meta: {} },
      { title: 'Epsilon', score: 5, tags: ['z'], meta: { kind: 'c' } },
    ];
    const inserted = await alice.from('notes').insert(notes);
    if (inserted.error) throw new Error(inserted.error.message);
    const bobs = await bob.from('notes').insert({ title: 'bob only', score: 9 });
    if (bobs.error) throw new Error(bobs.error.message);
  });

  afterAll(async () => {
    await env?.close();
  });

  describe('reads', () => {
    it('select + filters + order + range (offset/limit)', async () => {
      const { data, error, status, count } = await alice
        .from('notes')
        .select('title,score')
        .gte('score', 2)
        .order('score', { ascending: false })
        .range(0, 1);
      expect(error).toBeNull();
      expect(status).toBe(200);
      expect(count).toBeNull();
      expect(data).toEqual([
        { title: 'Epsilon', score: 5 },
        { title: 'gamma', score: 3 },
      ]);
    });

    it('RLS: each user sees only their rows; service_role sees all', async () => {
      const mine = await alice.from('notes').select('title');
      expect(mine.data?.map((n) => n.title).sort()).toEqual(['Epsilon', 'alpha', 'beta', 'delta', 'gamma']);
      const bobs = await bob.from('notes').select('title');
      expect(bobs.data).toEqual([{ title: 'bob only' }]);
      const all = await service.from('notes').select('title', { count: 'exact', head: true });
      expect(all.count).toBe(6);
      const anonymous = await anon.from('notes').select('*');
      expect(anonymous).toMatchObject({ error: null, data: [], status: 200 });
    });

    it('count=exact with GET: 206 and the total when the page is partial', async () => {
      const { data, count, status } = await alice.from('notes').select('id', { count: 'exact' }).order('id').range(0, 1);
      expect(data).toHaveLength(2);
      expect(count).toBe(5);
      expect(status).toBe(206);
      const whole = await alice.from('notes').select('id', { count: 'exact' });
      expect(whole).toMatchObject({ count: 5, status: 200 });
    });

    it('count=exact with HEAD: no body, the count', async () => {
      const { data, count, status, error } = await alice.from('notes').select('*', { count: 'exact', head: true }).lt('score', 3);
      expect({ data, count, status, error }).toEqual({ data: null, count: 2, status: 200, error: null });
    });

    it('Content-Range as PostgREST writes it (and exposed to the allowed origin)', async () => {
      const token = (await alice.auth.getSession()).data.session!.access_token;
      const page = await raw(env, '/rest/v1/notes?select=id&order=id&offset=1&limit=2', {
        headers: { Authorization: `Bearer ${token}`, Prefer: 'count=exact', Origin: 'http://127.0.0.1:3000' },
      });
      expect(page.status).toBe(206);
      expect(page.headers.get('content-range')).toBe('1-2/5');
      expect(page.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
      expect(page.headers.get('access-control-expose-headers')).toContain('Content-Range');
      const empty = await raw(env, '/rest/v1/notes?select=id&title=eq.none', { headers: { Authorization: `Bearer ${token}` } });
      expect(empty.headers.get('content-range')).toBe('*/*');
      const beyond = await raw(env, '/rest/v1/notes?select=id&offset=10', {
        headers: { Authorization: `Bearer ${token}`, Prefer: 'count=exact' },
      });
      expect(beyond.status).toBe(416);
      expect(await beyond.json()).toMatchObject({ code: 'PGRST103' });
    });

    it('select lists: columns, alias:column, column::cast, JSON paths', async () => {
      const { data, error } = await alice.from('notes').select('name:title,score::text,meta->>kind,meta->n').eq('title', 'gamma');
      expect(error).toBeNull();
      expect(data).toEqual([{ name: 'gamma', score: '3', kind: 'a', n: 2 }]);
      const star = await alice.from('notes').select().eq('title', 'alpha').single();
      expect(Object.keys(star.data!).sort()).toEqual(['body', 'created_at', 'deleted_at', 'id', 'meta', 'owner', 'score', 'tags', 'title']);
      expect(star.data).toMatchObject({ owner: ALICE.id, tags: ['x'], meta: { kind: 'a' } });
    });

    it('order: asc/desc, nullsfirst/nullslast, several columns', async () => {
      const nullsFirst = await alice.from('notes').select('title').order('score', { ascending: true, nullsFirst: true });
      expect(nullsFirst.data?.map((n) => n.title)).toEqual(['delta', 'alpha', 'beta', 'gamma', 'Epsilon']);
      const nullsLast = await alice.from('notes').select('title').order('score', { ascending: false, nullsFirst: false });
      expect(nullsLast.data?.map((n) => n.title)).toEqual(['Epsilon', 'gamma', 'beta', 'alpha', 'delta']);
      const several = await alice.from('notes').select('title').order('tags', { ascending: false }).order('title');
      expect(several.data?.[0]).toEqual({ title: 'Epsilon' });
    });

    it('views (security_invoker) follow the caller’s RLS', async () => {
      const { data } = await bob.from('note_titles').select('title');
      expect(data).toEqual([{ title: 'bob only' }]);
    });

    it('reloadSchema() picks up tables created after the start', async () => {
      await env.db.exec(`create table public.late (id int primary key); insert into public.late values (1);`);
      expect(await service.from('late').select('id')).toMatchObject({ status: 404, error: { code: 'PGRST205' } });
      await env.supabase.reloadSchema();
      expect(await service.from('late').select('id')).toMatchObject({ status: 200, data: [{ id: 1 }] });
    });

    it('limit and max rows', async () => {
      const limited = await alice.from('notes').select('id').limit(3);
      expect(limited.data).toHaveLength(3);
      // a second server on the same database, with Supabase's max_rows set low
      const small = await startLocalSupabase({ db: env.db, port: 0, jwtSecret: env.jwtSecret, maxRows: 2 });
      try {
        const client = supabaseClient(small.url, env.supabase.serviceRoleKey, { persistSession: false });
        const capped = await client.from('notes').select('id', { count: 'exact' });
        expect(capped.data).toHaveLength(2);
        expect(capped.count).toBe(6);
        expect(capped.status).toBe(206);
      } finally {
        await small.close();
      }
    });
  });

  describe('filters', () => {
    const titles = async (query: PromiseLike<{ data: Array<{ title: string }> | null; error: unknown }>) => {
      const { data, error } = await query;
      expect(error).toBeNull();
      return (data ?? []).map((r) => r.title).sort();
    };
    const notes = () => alice.from('notes').select('title');

    it('eq neq gt gte lt lte', async () => {
      expect(await titles(notes().eq('score', 2))).toEqual(['beta']);
      expect(await titles(notes().neq('score', 2))).toEqual(['Epsilon', 'alpha', 'gamma']);
      expect(await titles(notes().gt('score', 2))).toEqual(['Epsilon', 'gamma']);
      expect(await titles(notes().gte('score', 2))).toEqual(['Epsilon', 'beta', 'gamma']);
      expect(await titles(notes().lt('score', 2))).toEqual(['alpha']);
      expect(await titles(notes().lte('score', 2))).toEqual(['alpha', 'beta']);
    });

    it('like and ilike, with % or *', async () => {
      expect(await titles(notes().like('title', '%ta'))).toEqual(['beta', 'delta']);
      expect(await titles(notes().like('title', '*ta'))).toEqual(['beta', 'delta']);
      expect(await titles(notes().ilike('title', 'e%'))).toEqual(['Epsilon']);
      expect(await titles(notes().like('title', 'e%'))).toEqual([]);
      expect(await titles(notes().likeAnyOf('title', ['a%', 'b%']))).toEqual(['alpha', 'beta']);
    });

    it('match and imatch (regular expressions)', async () => {
      expect(await titles(notes().match({ score: 3 }))).toEqual(['gamma']);
      expect(await titles(notes().filter('title', 'match', '^[ab]'))).toEqual(['alpha', 'beta']);
      expect(await titles(notes().filter('title', 'imatch', '^e'))).toEqual(['Epsilon']);
    });

    it('is null / not null / true / false', async () => {
      expect(await titles(notes().is('score', null))).toEqual(['delta']);
      expect(await titles(notes().not('score', 'is', null))).toEqual(['Epsilon', 'alpha', 'beta', 'gamma']);
      expect(await titles(notes().filter('score', 'is', 'not_null'))).toEqual(['Epsilon', 'alpha', 'beta', 'gamma']);
      const flags = await service.from('kv').upsert([{ k: 'flag-true', v: 1, note: null }]);
      expect(flags.error).toBeNull();
      const truth = await service.from('notes').select('title').filter('deleted_at', 'is', 'null').eq('title', 'alpha');
      expect(truth.data).toEqual([{ title: 'alpha' }]);
    });

    it('in, including values with commas, and not.in', async () => {
      expect(await titles(notes().in('title', ['alpha', 'gamma', 'x,y']))).toEqual(['alpha', 'gamma']);
      expect(await titles(notes().in('body', ['has, comma']))).toEqual(['gamma']);
      expect(await titles(notes().not('title', 'in', '(alpha,beta)').not('score', 'is', null))).toEqual(['Epsilon', 'gamma']);
      expect(await titles(notes().in('title', []))).toEqual([]);
    });

    it('cs, cd, ov on arrays and jsonb', async () => {
      expect(await titles(notes().contains('tags', ['x']))).toEqual(['alpha', 'beta']);
      expect(await titles(notes().containedBy('tags', ['x', 'y']))).toEqual(['alpha', 'beta', 'delta', 'gamma']);
      expect(await titles(notes().overlaps('tags', ['z', 'y']))).toEqual(['Epsilon', 'beta', 'gamma']);
      expect(await titles(notes().contains('meta', { kind: 'a' }))).toEqual(['alpha', 'gamma']);
    });

    it('JSON path filters', async () => {
      expect(await titles(notes().eq('meta->>kind', 'b'))).toEqual(['beta']);
      expect(await titles(notes().gt('meta->n', 1))).toEqual(['gamma']);
    });

    it('not.<op>, or=(…), and=(…), nested', async () => {
      expect(await titles(notes().not('title', 'eq', 'alpha').lt('score', 3))).toEqual(['beta']);
      expect(await titles(notes().or('score.eq.1,title.eq.gamma'))).toEqual(['alpha', 'gamma']);
      expect(await titles(notes().or('score.gt.4,and(score.gte.2,tags.cs.{y},title.neq.gamma)'))).toEqual(['Epsilon', 'beta']);
      expect(await titles(notes().or('title.in.(alpha,"x,y"),body.eq."has, comma"'))).toEqual(['alpha', 'gamma']);
      const andTree = await raw(env, '/rest/v1/notes?select=title&and=(score.gte.1,score.lte.2)&order=title', {
        headers: { Authorization: `Bearer ${(await alice.auth.getSession()).data.session!.access_token}` },
      });
      expect(await andTree.json()).toEqual([{ title: 'alpha' }, { title: 'beta' }]);
      expect(await titles(notes().not('score', 'is', null).or('title.eq.alpha,title.eq.beta', { foreignTable: undefined }))).toEqual([
        'alpha',
        'beta',
      ]);
      const negatedTree = await raw(env, '/rest/v1/notes?select=title&not.or=(score.is.null,score.gt.1)', {
        headers: { Authorization: `Bearer ${(await alice.auth.getSession()).data.session!.access_token}` },
      });
      expect(await negatedTree.json()).toEqual([{ title: 'alpha' }]);
    });

    it('full-text search', async () => {
      expect(await titles(notes().textSearch('body', 'comma'))).toEqual(['gamma']);
      expect(await titles(notes().textSearch('body', 'has comma', { type: 'plain', config: 'english' }))).toEqual(['gamma']);
    });
  });

  describe('writes', () => {
    it('insert without select: 201, no body', async () => {
      const result = await alice.from('notes').insert({ title: 'w1' });
      expect(result).toMatchObject({ error: null, data: null, status: 201 });
    });

    it('insert with select: 201 and the rows (defaults filled, owner = auth.uid())', async () => {
      const { data, status, error } = await alice
        .from('notes')
        .insert([{ title: 'w2', score: 7 }, { title: 'w3' }])
        .select('title,score,owner');
      expect(error).toBeNull();
      expect(status).toBe(201);
      expect(data).toEqual([
        { title: 'w2', score: 7, owner: ALICE.id },
        { title: 'w3', score: null, owner: ALICE.id },
      ]);
      const single = await alice.from('notes').insert({ title: 'w4' }).select('title').single();
      expect(single.data).toEqual({ title: 'w4' });
    });

    it('upsert merge-duplicates on a unique key', async () => {
      await alice.from('kv').insert({ k: 'u1', v: 1, note: 'first' });
      const { data, error, status } = await alice.from('kv').upsert({ k: 'u1', v: 2 }, { onConflict: 'k' }).select();
      expect(error).toBeNull();
      expect(status).toBe(201);
      expect(data).toEqual([{ k: 'u1', v: 2, note: 'first' }]);
      const noSelect = await alice.from('kv').upsert({ k: 'u1', v: 3 });
      expect(noSelect).toMatchObject({ error: null, status: 201, data: null });
      expect((await alice.from('kv').select('v').eq('k', 'u1').single()).data).toEqual({ v: 3 });
    });

    it('upsert ignore-duplicates returns only the inserted rows', async () => {
      await alice.from('kv').insert({ k: 'i1', v: 1 });
      const { data, error } = await alice
        .from('kv')
        .upsert(
          [
            { k: 'i1', v: 100 },
            { k: 'i2', v: 2 },
          ],
          { onConflict: 'k', ignoreDuplicates: true },
        )
        .select('k,v');
      expect(error).toBeNull();
      expect(data).toEqual([{ k: 'i2', v: 2 }]);
      expect((await alice.from('kv').select('v').eq('k', 'i1').single()).data).toEqual({ v: 1 });
    });

    it('bulk insert with differing keys: missing columns become NULL (columns=)', async () => {
      const { data, error } = await alice
        .from('kv')
        .insert([
          { k: 'b1', v: 1 },
          { k: 'b2', note: 'n' },
        ])
        .select('k,v,note')
        .order('k');
      expect(error).toBeNull();
      expect(data).toEqual([
        { k: 'b1', v: 1, note: null },
        { k: 'b2', v: null, note: 'n' },
      ]);
    });

    it('update with and without select', async () => {
      await alice.from('notes').insert({ title: 'u-target', score: 1 });
      const plain = await alice.from('notes').update({ score: 2 }).eq('title', 'u-target');
      expect(plain).toMatchObject({ error: null, data: null, status: 204 });
      const selected = await alice.from('notes').update({ score: 3, body: 'b' }).eq('title', 'u-target').select('title,score,body');
      expect(selected).toMatchObject({ error: null, status: 200, data: [{ title: 'u-target', score: 3, body: 'b' }] });
      // RLS: bob cannot see, so cannot change, alice's row
      const other = await bob.from('notes').update({ score: 99 }).eq('title', 'u-target').select();
      expect(other).toMatchObject({ error: null, data: [] });
      const counted = await alice.from('notes').update({ score: 4 }, { count: 'exact' }).eq('title', 'u-target');
      expect(counted.count).toBe(1);
    });

    it('delete with and without select', async () => {
      await alice.from('notes').insert([{ title: 'd1' }, { title: 'd2' }]);
      const plain = await alice.from('notes').delete().eq('title', 'd1');
      expect(plain).toMatchObject({ error: null, status: 204, data: null });
      const selected = await alice.from('notes').delete().eq('title', 'd2').select('title');
      expect(selected).toMatchObject({ error: null, status: 200, data: [{ title: 'd2' }] });
      expect((await alice.from('notes').select('id').in('title', ['d1', 'd2'])).data).toEqual([]);
    });

    it('an unfiltered update or delete is refused, as Supabase’s safeupdate does', async () => {
      const update = await alice.from('kv').update({ v: 0 }).neq('k', 'never').select();
      expect(update.error).toBeNull();
      const unfiltered = await raw(env, '/rest/v1/kv', {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${(await alice.auth.getSession()).data.session!.access_token}` },
      });
      expect(unfiltered.status).toBe(400);
      expect(await unfiltered.json()).toMatchObject({ code: '21000', message: 'DELETE requires a WHERE clause' });
    });

    it('a single() write that touches 0 rows is rolled back with 406', async () => {
      const res = await alice.from('notes').update({ score: 1 }).eq('title', 'no such note').select().single();
      expect(res).toMatchObject({ status: 406, error: { code: 'PGRST116' } });
      const twice = await alice
        .from('kv')
        .insert([{ k: 's1' }, { k: 's2' }])
        .select()
        .single();
      expect(twice).toMatchObject({ status: 406, error: { code: 'PGRST116', details: 'The result contains 2 rows' } });
      expect((await alice.from('kv').select('k').in('k', ['s1', 's2'])).data).toEqual([]);
    });
  });

  describe('rpc', () => {
    it('POST with named arguments: scalar → JSON value', async () => {
      expect(await anon.rpc('add', { a: 40, b: 2 })).toMatchObject({ data: 42, error: null, status: 200 });
      expect((await anon.rpc('add', { a: 1 })).data).toBe(2);
    });

    it('GET and HEAD', async () => {
      expect((await anon.rpc('add', { a: 5, b: 5 }, { get: true })).data).toBe(10);
      const head = await alice.rpc('notes_scored', { min_score: 2 }, { head: true, count: 'exact' }).in('title', ORIGINAL);
      expect(head).toMatchObject({ data: null, count: 3, error: null });
    });

    it('set/table results → arrays, with select, filters, order, limit', async () => {
      const { data, error } = await alice
        .rpc('notes_scored', { min_score: 2 })
        .select('title,score')
        .in('title', ORIGINAL)
        .lt('score', 5)
        .order('score', { ascending: false })
        .limit(1);
      expect(error).toBeNull();
      expect(data).toEqual([{ title: 'gamma', score: 3 }]);
      const who = await alice.rpc('whoami');
      expect(who.data).toEqual([{ uid: ALICE.id, role: 'authenticated', email: ALICE.email }]);
      const anonWho = await anon.rpc('whoami').single();
      expect(anonWho.data).toEqual({ uid: null, role: 'anon', email: null });
    });

    it('volatile functions: POST commits; GET is refused', async () => {
      expect((await alice.rpc('bump', { key: 'counter' })).data).toBe(1);
      expect((await alice.rpc('bump', { key: 'counter' })).data).toBe(2);
      const viaGet = await alice.rpc('bump', { key: 'counter' }, { get: true });
      expect(viaGet).toMatchObject({ status: 405, error: { code: 'PGRST101' } });
      expect(await alice.rpc('touch', { key: 'touched' })).toMatchObject({ status: 204, data: null, error: null });
    });

    it('jsonb arguments and results', async () => {
      // a number beyond double precision, as a client may send it: both sides round it the same way
      /* eslint-disable no-loss-of-precision */
      const { data } = await anon.rpc('echo', { payload: { a: [1, 2, { b: 'c' }], big: 12345678901234567890 } });
      expect(data).toEqual({ a: [1, 2, { b: 'c' }], big: 12345678901234567890 });
      /* eslint-enable no-loss-of-precision */
    });

    it('RAISE → 400 P0001; unknown function or arguments → 404 PGRST202', async () => {
      expect(await anon.rpc('fail', { message: 'nope' })).toMatchObject({ status: 400, error: { code: 'P0001', message: 'nope' } });
      expect(await anon.rpc('nope', {})).toMatchObject({
        status: 404,
        error: { code: 'PGRST202', message: 'Could not find the function public.nope without parameters in the schema cache' },
      });
      expect(await anon.rpc('add', { x: 1 })).toMatchObject({ status: 404, error: { code: 'PGRST202' } });
    });
  });

  describe('single and maybeSingle', () => {
    it('single(): the object, or 406 PGRST116', async () => {
      expect(await alice.from('notes').select('title').eq('title', 'alpha').single()).toMatchObject({
        data: { title: 'alpha' },
        status: 200,
      });
      const none = await alice.from('notes').select('title').eq('title', 'nothing').single();
      expect(none).toMatchObject({
        data: null,
        status: 406,
        error: { code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object', details: 'The result contains 0 rows' },
      });
      const many = await alice.from('notes').select('title').lt('score', 3).single();
      expect(many).toMatchObject({ status: 406, error: { code: 'PGRST116', details: 'The result contains 2 rows' } });
    });

    it('maybeSingle(): null, the object, or an error for several rows', async () => {
      expect(await alice.from('notes').select('title').eq('title', 'nothing').maybeSingle()).toMatchObject({ data: null, error: null });
      expect(await alice.from('notes').select('title').eq('title', 'beta').maybeSingle()).toMatchObject({
        data: { title: 'beta' },
        error: null,
      });
      expect(await alice.from('notes').select('title').lt('score', 3).maybeSingle()).toMatchObject({
        data: null,
        status: 406,
        error: { code: 'PGRST116' },
      });
    });
  });

  describe('profiles', () => {
    it('schema() reads and writes the other exposed schema', async () => {
      expect(await anon.schema('stats').from('counters').select('name,n')).toMatchObject({ data: [{ name: 'visits', n: 7 }], error: null });
      const inserted = await alice.schema('stats').from('counters').insert({ name: 'clicks', n: 1 }).select();
      expect(inserted).toMatchObject({ status: 201, data: [{ name: 'clicks', n: 1 }] });
      const res = await raw(env, '/rest/v1/counters?select=n&name=eq.visits', { headers: { 'Accept-Profile': 'stats' } });
      expect(res.headers.get('content-profile')).toBe('stats');
    });

    it('a schema that is not exposed → 406 PGRST106', async () => {
      const res = await anon.schema('auth').from('users').select('*');
      expect(res).toMatchObject({ status: 406, error: { code: 'PGRST106', message: 'Invalid schema: auth' } });
    });
  });

  describe('errors', () => {
    it('unique violation → 409 23505', async () => {
      await alice.from('kv').insert({ k: 'dup' });
      expect(await alice.from('kv').insert({ k: 'dup' })).toMatchObject({
        status: 409,
        error: { code: '23505', message: 'duplicate key value violates unique constraint "kv_pkey"' },
      });
    });

    it('foreign key violation → 409 23503', async () => {
      const res = await service.from('notes').insert({ title: 'orphan', owner: '99999999-9999-4999-8999-999999999999' });
      expect(res).toMatchObject({ status: 409, error: { code: '23503' } });
    });

    it('RLS denial → 401 for anon (with WWW-Authenticate), 403 when signed in', async () => {
      const asAnon = await anon.from('notes').insert({ title: 'sneaky', owner: ALICE.id });
      expect(asAnon).toMatchObject({
        status: 401,
        error: { code: '42501', message: 'new row violates row-level security policy for table "notes"' },
      });
      const asAlice = await alice.from('notes').insert({ title: 'forged', owner: BOB.id });
      expect(asAlice).toMatchObject({ status: 403, error: { code: '42501' } });
      const header = await raw(env, '/rest/v1/secrets?select=*');
      expect(header.status).toBe(401);
      expect(header.headers.get('www-authenticate')).toBe('Bearer');
      expect(await alice.from('secrets').select('*')).toMatchObject({
        status: 403,
        error: { code: '42501', message: 'permission denied for table secrets' },
      });
      expect(await service.from('secrets').select('secret')).toMatchObject({ status: 200, data: [{ secret: 'the launch codes' }] });
    });

    it('unknown table → 404 PGRST205', async () => {
      expect(await anon.from('nope').select('*')).toMatchObject({
        status: 404,
        error: { code: 'PGRST205', message: "Could not find the table 'public.nope' in the schema cache" },
      });
    });

    it('unknown column → 400 42703; bad filter → 400 PGRST100; bad payload column → 400 PGRST204', async () => {
      expect(await anon.from('bulletins').select('nope')).toMatchObject({
        status: 400,
        error: { code: '42703', message: 'column bulletins.nope does not exist' },
      });
      expect(await anon.from('bulletins').select('id').eq('nope', 1)).toMatchObject({ status: 400, error: { code: '42703' } });
      expect(
        await anon
          .from('bulletins')
          .select('id')
          .filter('id', 'between' as never, 1),
      ).toMatchObject({ status: 400, error: { code: 'PGRST100' } });
      expect(await anon.from('bulletins').select('id').eq('id', 'not a number')).toMatchObject({ status: 400, error: { code: '22P02' } });
      expect(await alice.from('kv').insert({ k: 'x', nope: 1 })).toMatchObject({ status: 400, error: { code: 'PGRST204' } });
    });

    it('resource embedding and Prefer: missing=default are refused clearly', async () => {
      const embed = await alice.from('notes').select('title, owner:users(email)');
      expect(embed).toMatchObject({ status: 400, error: { code: 'PGRST100' } });
      expect(embed.error?.message).toMatch(/embedding/);
      const missing = await alice.from('kv').insert([{ k: 'm1' }], { defaultToNull: false });
      expect(missing).toMatchObject({ status: 400 });
    });

    it('an unexpected failure → 500 without internals (logged on the server)', async () => {
      const db = await openTestDatabase(engine);
      await db.exec('create table public.t_gone (id int)');
      const server = await startLocalSupabase({ db, port: 0, jwtSecret: env.jwtSecret });
      const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        await db.close(); // the database goes away under a running server
        const rest = await fetch(`${server.url}/rest/v1/t_gone?select=*`);
        expect(rest.status).toBe(500);
        expect(await rest.json()).toEqual({ code: 'PGRSTX00', message: 'Internal server error', details: null, hint: null });
        const auth = await fetch(`${server.url}/auth/v1/token?grant_type=password`, {
          method: 'POST',
          body: '{"email":"a@b.c","password":"x"}',
        });
        expect(auth.status).toBe(500);
        expect(await auth.json()).toEqual({
          code: 'unexpected_failure',
          message: 'Unexpected failure, please check server logs for more information',
        });
        expect(logged).toHaveBeenCalled();
      } finally {
        logged.mockRestore();
        await server.close();
      }
    });

    it('malformed JSON → 400 PGRST102', async () => {
      const res = await raw(env, '/rest/v1/kv', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"k": ' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'PGRST102', message: 'Empty or invalid json', details: null, hint: null });
    });
  });

  describe('CORS', () => {
    it('answers preflights for allowed origins only, never with a wildcard', async () => {
      const ok = await fetch(`${env.supabase.url}/rest/v1/notes`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://127.0.0.1:3000',
          'Access-Control-Request-Method': 'PATCH',
          'Access-Control-Request-Headers': 'apikey, authorization, prefer, content-profile, x-client-info',
        },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
      expect(ok.headers.get('access-control-allow-methods')).toContain('PATCH');
      for (const header of ['apikey', 'authorization', 'prefer', 'content-profile', 'x-client-info', 'x-supabase-api-version']) {
        expect(ok.headers.get('access-control-allow-headers')).toContain(header);
      }
      const evil = await fetch(`${env.supabase.url}/rest/v1/notes`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
      });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const get = await raw(env, '/rest/v1/bulletins?select=id', { headers: { Origin: 'http://evil.example' } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
