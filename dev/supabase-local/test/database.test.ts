/**
 * The stand-in's database layer on both engines: transactions (and that PGlite's run one at a time), the Supabase
 * bootstrap, and applyMigrations as the Supabase CLI records migrations.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations, ensureSupabaseBootstrap, openDatabase, type Database } from '../src';
import { splitSqlStatements } from '../src/migrations/splitSql';
import { ENGINES, openTestDatabase } from '../../../test/support/engines';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ENGINES)('the database layer on %s', (engine) => {
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    dir = mkdtempSync(path.join(os.tmpdir(), 'iqs-migrations-'));
  });

  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits, rolls back on error, and refuses writes in read-only transactions', async () => {
    await db.exec('create table t_tx (id int primary key)');
    await db.transaction(async (tx) => {
      await tx.query('insert into t_tx values ($1)', [1]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t_tx values (2)');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await expect(db.transaction((tx) => tx.query('insert into t_tx values (3)'), { readOnly: true })).rejects.toMatchObject({
      code: '25006',
    });
    expect((await db.query<{ id: number }>('select id from t_tx order by id')).rows).toEqual([{ id: 1 }]);
    const inserted = await db.query('insert into t_tx values (4), (5)');
    expect(inserted.rowCount).toBe(2);
  });

  it('transaction-local role and claims never leak into other callers', async () => {
    const inside = db.transaction(async (tx) => {
      await tx.query(
        `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', '{"sub":"11111111-1111-4111-8111-111111111111"}', true)`,
      );
      await sleep(150);
      return (await tx.query<{ u: string; uid: string }>('select current_user as u, auth.uid()::text as uid')).rows[0];
    });
    await sleep(20);
    const outside = await db.query<{ u: string; uid: string | null }>('select current_user as u, auth.uid()::text as uid');
    expect(outside.rows[0]).toEqual({ u: 'postgres', uid: null });
    expect(await inside).toEqual({ u: 'authenticated', uid: '11111111-1111-4111-8111-111111111111' });
    // after the transaction the setting reads '' — auth.uid() must still be NULL, not fail
    expect(
      (await db.query<{ uid: string | null }>('select auth.uid()::text as uid, auth.role() as role, auth.jwt() as jwt')).rows[0],
    ).toEqual({ uid: null, role: null, jwt: null });
  });

  it('bootstrap: idempotent; the API roles; extensions on the search_path; Supabase’s default privileges', async () => {
    await ensureSupabaseBootstrap(db);
    await ensureSupabaseBootstrap(db);
    const roles = await db.query<{ rolname: string; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `select rolname, rolbypassrls, rolcanlogin from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by rolname`,
    );
    expect(roles.rows).toEqual([
      { rolname: 'anon', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticated', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticator', rolbypassrls: false, rolcanlogin: true },
      { rolname: 'service_role', rolbypassrls: true, rolcanlogin: false },
    ]);
    const hashed = await db.query<{ ok: boolean }>(
      `select crypt('pw', gen_salt('bf')) = crypt('pw', crypt('pw', gen_salt('bf'))) is not null as ok, extensions.uuid_generate_v4() is not null as ok2`,
    );
    expect(hashed.rows[0]?.ok).toBe(true);
    await db.exec(
      `create table public.t_grants (id int); create function public.f_grants() returns int language sql as 'select 1'; create sequence public.s_grants;`,
    );
    const grants = await db.query<{ grantee: string; n: number }>(
      `select grantee, count(*)::int as n from information_schema.role_table_grants where table_name = 't_grants' and grantee in ('anon','authenticated','service_role') group by grantee order by grantee`,
    );
    expect(grants.rows.map((g) => g.grantee)).toEqual(['anon', 'authenticated', 'service_role']);
    const fn = await db.query<{ ok: boolean }>(
      `select has_function_privilege('anon', 'public.f_grants()', 'execute') and has_sequence_privilege('authenticated', 'public.s_grants', 'usage') as ok`,
    );
    expect(fn.rows[0]?.ok).toBe(true);
    const auth = await db.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema = 'auth' and table_name in ('users','identities','sessions','refresh_tokens')`,
    );
    expect(auth.rows[0]?.n).toBe(4);
    // anon cannot read auth.users
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`select set_config('role', 'anon', true)`);
        await tx.query('select * from auth.users');
      }),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('applyMigrations: in order, recorded as the Supabase CLI does, seed only on a fresh database', async () => {
    const migrations = path.join(dir, 'ok');
    const seed = path.join(dir, 'seed.sql');
    mkdirSync(migrations);
    writeFileSync(
      path.join(migrations, '20260101000002_second.sql'),
      `alter table public.m_one add column note text;\ncreate function public.m_f() returns text language plpgsql as $$ begin return 'a;b'; end $$;`,
    );
    writeFileSync(
      path.join(migrations, '20260101000001_first.sql'),
      `-- first; with a comment\ncreate table public.m_one (id int primary key);`,
    );
    writeFileSync(path.join(migrations, 'README.md'), 'not a migration');
    writeFileSync(path.join(migrations, 'notes.sql'), 'select 1/0;');
    writeFileSync(seed, `insert into public.m_one (id, note) values (1, 'seeded');`);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const first = await applyMigrations(db, { migrationsDir: migrations, seedFile: seed });
    expect(first).toEqual({ applied: ['20260101000001_first.sql', '20260101000002_second.sql'], seeded: true });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('notes.sql'));
    const recorded = await db.query<{ version: string; name: string; statements: string[] }>(
      'select version, name, statements from supabase_migrations.schema_migrations order by version',
    );
    expect(recorded.rows).toEqual([
      {
        version: '20260101000001',
        name: 'first',
        statements: ['-- first; with a comment\ncreate table public.m_one (id int primary key)'],
      },
      {
        version: '20260101000002',
        name: 'second',
        statements: [
          'alter table public.m_one add column note text',
          "create function public.m_f() returns text language plpgsql as $$ begin return 'a;b'; end $$",
        ],
      },
    ]);
    expect((await db.query('select note from public.m_one')).rows).toEqual([{ note: 'seeded' }]);

    // nothing new: nothing applied, no seed
    expect(await applyMigrations(db, { migrationsDir: migrations, seedFile: seed })).toEqual({ applied: [], seeded: false });
    // a new migration on an existing database: applied, the seed is not run again
    writeFileSync(path.join(migrations, '20260101000003_third.sql'), `insert into public.m_one values (2, 'third');`);
    expect(await applyMigrations(db, { migrationsDir: migrations, seedFile: seed })).toEqual({
      applied: ['20260101000003_third.sql'],
      seeded: false,
    });
    expect((await db.query('select count(*)::int as n from public.m_one')).rows).toEqual([{ n: 2 }]);
    warn.mockRestore();
  });

  it('a failing migration rolls back and names the file and the PostgreSQL message', async () => {
    const migrations = path.join(dir, 'bad');
    mkdirSync(migrations);
    writeFileSync(path.join(migrations, '20260201000001_fine.sql'), 'create table public.b_fine (id int);');
    writeFileSync(
      path.join(migrations, '20260201000002_broken.sql'),
      'create table public.b_half (id int);\ninsert into public.b_nope values (1);',
    );
    await expect(applyMigrations(db, { migrationsDir: migrations })).rejects.toThrow(
      /^Migration 20260201000002_broken\.sql failed: relation "public\.b_nope" does not exist \(SQLSTATE 42P01\)/,
    );
    const half = await db.query(`select to_regclass('public.b_half') as t, to_regclass('public.b_fine') as f`);
    expect(half.rows[0]).toEqual({ t: null, f: 'b_fine' });
    const recorded = await db.query(`select version from supabase_migrations.schema_migrations where version like '202602%'`);
    expect(recorded.rows).toEqual([{ version: '20260201000001' }]);
  });
});

describe('the database layer: PGlite specifics', () => {
  it('refuses to bootstrap a database that belongs to a real Supabase project', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      await db.exec('create role supabase_admin');
      await expect(ensureSupabaseBootstrap(db)).rejects.toThrow(/real Supabase project/);
    } finally {
      await db.close();
    }
  });

  it('persists to a data folder and reopens it; dumps and loads templates', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iqs-pglite-'));
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir });
      await first.exec(`create table kept (v text); insert into kept values ('still here');`);
      const dump = await first.dumpDataDir!();
      await first.close();
      const reopened = await openDatabase({ kind: 'pglite', dataDir });
      expect((await reopened.query('select v from kept')).rows).toEqual([{ v: 'still here' }]);
      await reopened.close();
      const copy = await openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: dump });
      expect((await copy.query('select v from kept')).rows).toEqual([{ v: 'still here' }]);
      await copy.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('splitSqlStatements', () => {
  it('splits at top-level semicolons only', () => {
    const script = [
      "insert into t values ('a;b', E'c\\';d');",
      'create function f() returns int language sql as $body$ select 1; $body$;',
      '/* a; /* nested; */ comment */ select 2;',
      '-- line; comment\nselect "odd;name" from x;',
      'do $$ begin perform 1; end $$',
    ].join('\n');
    expect(splitSqlStatements(script)).toEqual([
      "insert into t values ('a;b', E'c\\';d')",
      'create function f() returns int language sql as $body$ select 1; $body$',
      '/* a; /* nested; */ comment */ select 2',
      '-- line; comment\nselect "odd;name" from x',
      'do $$ begin perform 1; end $$',
    ]);
  });
});
