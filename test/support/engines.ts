/**
 * Test databases and test servers on both engines, for the `db` Jest project.
 *
 *   describe.each(ENGINES)('… on %s', (engine) => {
 *     const env = await startTestSupabase(engine, { migrationsDir, seedFile });   // in beforeAll
 *     const anon = env.client();                        // supabase-js with the anon key
 *     const admin = env.client(env.supabase.serviceRoleKey);
 *     await env.db.query('select …');                   // as the superuser, outside any request
 *     await env.close();                                // in afterAll
 *   });
 *
 * PGlite databases are loaded from a dumped template (bootstrap + migrations + seed applied once, cached on disk by
 * the content of those files), so each one costs well under a second. PostgreSQL databases are created in the
 * cluster dbGlobalSetup started (IQS_TEST_POSTGRES_URL), from a template database built once per content hash.
 */
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import {
  applyMigrations,
  createJwtSecret,
  ensureSupabaseBootstrap,
  openDatabase,
  startLocalSupabase,
  type Database,
  type LocalSupabase,
  type LocalSupabaseOptions,
} from '@iqs/supabase-local';
import { readBootstrapSql } from '@iqs/supabase-local';
import { listMigrationFiles } from '@iqs/supabase-local';

export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export interface TestDatabaseOptions {
  /** a folder of <version>_<name>.sql files (the Supabase CLI layout); none = bootstrap only */
  migrationsDir?: string;
  /** applied after the migrations, as `supabase db reset` does */
  seedFile?: string;
}

/** Everything that decides a template's content: the bootstrap, the migrations and the seed (name and text). */
async function contentHash(options: TestDatabaseOptions, engine: Engine): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`iqs-test-template-v1\u0000${engine}\u0000`);
  if (engine === 'pglite') hash.update(await pgliteVersion());
  hash.update(await readBootstrapSql());
  for (const migration of options.migrationsDir ? await listMigrationFiles(options.migrationsDir) : []) {
    hash.update(`\u0000${migration.file}\u0000`);
    hash.update(await readFile(migration.path));
  }
  if (options.seedFile && existsSync(options.seedFile)) {
    hash.update(`\u0000seed\u0000`);
    hash.update(await readFile(options.seedFile));
  }
  return hash.digest('hex').slice(0, 24);
}

/** The installed PGlite's version (its package.json is not exported: found beside the resolved entry point). */
async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = path.join(path.dirname(entry), '..', 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

async function prepare(db: Database, options: TestDatabaseOptions): Promise<void> {
  await ensureSupabaseBootstrap(db);
  if (options.migrationsDir) await applyMigrations(db, { migrationsDir: options.migrationsDir, seedFile: options.seedFile ?? null });
}

// ---------------------------------------------------------------------------------------------------------------
// PGlite: dumped templates in the temp folder, shared by workers and runs
// ---------------------------------------------------------------------------------------------------------------

const TEMPLATE_DIR = path.join(os.tmpdir(), 'iqs-pglite-templates');
const KEEP_TEMPLATES = 6;
const templates = new Map<string, Promise<Blob>>();

async function pgliteTemplate(options: TestDatabaseOptions): Promise<Blob> {
  const key = await contentHash(options, 'pglite');
  let template = templates.get(key);
  if (!template) {
    template = loadOrBuildTemplate(key, options);
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  return template;
}

async function loadOrBuildTemplate(key: string, options: TestDatabaseOptions): Promise<Blob> {
  const file = path.join(TEMPLATE_DIR, `${key}.tar`);
  if (existsSync(file)) return new Blob([await readFile(file)]);
  const db = await openDatabase({ kind: 'pglite', dataDir: null });
  let blob: Blob;
  try {
    await prepare(db, options);
    blob = await db.dumpDataDir!();
  } finally {
    await db.close();
  }
  // another worker may write the same template at the same time: write aside, then rename (atomic)
  await mkdir(TEMPLATE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  await writeFile(partial, Buffer.from(await blob.arrayBuffer()));
  await rename(partial, file);
  await pruneTemplates();
  return blob;
}

/** Keeps the few most recently written templates. */
async function pruneTemplates(): Promise<void> {
  const files = (await readdir(TEMPLATE_DIR)).filter((f) => f.endsWith('.tar'));
  const dated = await Promise.all(files.map(async (f) => ({ f, t: (await stat(path.join(TEMPLATE_DIR, f))).mtimeMs })));
  for (const { f } of dated.sort((a, b) => b.t - a.t).slice(KEEP_TEMPLATES)) await rm(path.join(TEMPLATE_DIR, f), { force: true });
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: a database per call, created from a template database built once per content hash
// ---------------------------------------------------------------------------------------------------------------

function clusterUrl(): string {
  const url = process.env.IQS_TEST_POSTGRES_URL;
  if (!url)
    throw new Error(
      'IQS_TEST_POSTGRES_URL is not set: run the database tests through Jest’s `db` project (its globalSetup starts PostgreSQL)',
    );
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: clusterUrl() });
  await client.connect();
  return client;
}

async function openPostgresTestDatabase(options: TestDatabaseOptions): Promise<Database> {
  const key = await contentHash(options, 'postgres');
  const template = `iqs_tpl_${key}`;
  const name = `iqs_test_${randomBytes(6).toString('hex')}`;
  const admin = await adminClient();
  try {
    // advisory locks are per database: every worker takes this one in the cluster's postgres database
    await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_build`;
        await admin.query(`drop database if exists "${building}"`);
        await admin.query(`create database "${building}"`);
        const db = await openDatabase({ kind: 'postgres', url: withDatabase(clusterUrl(), building) });
        try {
          await prepare(db, options);
        } finally {
          await db.close();
        }
        // only a complete template gets the real name
        await admin.query(`alter database "${building}" rename to "${template}"`);
      }
      await admin.query(`create database "${name}" template "${template}"`);
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
    }
  } finally {
    await admin.end();
  }
  const db = await openDatabase({ kind: 'postgres', url: withDatabase(clusterUrl(), name) });
  return {
    ...db,
    kind: db.kind,
    async close() {
      await db.close();
      const client = await adminClient();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A PGlite data folder (for a stand-in started as its own process on it) holding the template of these options:
 * bootstrap, migrations and seed already applied, so the process starts in about a second.
 */
export async function writePgliteDataDir(dataDir: string, options: TestDatabaseOptions = {}): Promise<void> {
  const db = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: await pgliteTemplate(options) });
  await db.close();
}

/** A fresh, isolated database: bootstrap, then the given migrations and seed applied. Close it when done. */
export async function openTestDatabase(engine: Engine, options: TestDatabaseOptions = {}): Promise<Database> {
  if (engine === 'postgres') return openPostgresTestDatabase(options);
  return openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: await pgliteTemplate(options) });
}

// ---------------------------------------------------------------------------------------------------------------
// The stand-in on a test database, and supabase-js clients for it
// ---------------------------------------------------------------------------------------------------------------

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  role: string;
  ms: number;
}

export interface TestSupabase {
  engine: Engine;
  db: Database;
  supabase: LocalSupabase;
  jwtSecret: string;
  /** every answered request, in order (the server's onRequest) */
  requests: RequestLogEntry[];
  /**
   * A supabase-js client with its own in-memory session storage. `accessKey` defaults to the anon key; pass
   * `env.supabase.serviceRoleKey` for a service-role client. Sign in with client.auth.signInWithPassword().
   */
  client(accessKey?: string, options?: { persistSession?: boolean }): SupabaseClient;
  close(): Promise<void>;
}

export interface TestSupabaseOptions extends TestDatabaseOptions {
  exposedSchemas?: readonly string[];
  allowedOrigins?: readonly string[];
  accessTokenTtl?: number;
  maxRows?: number | null;
  maxBodyBytes?: number;
  /** SQL run as the superuser after the migrations, before the server reads the schema (test fixtures) */
  fixtureSql?: string;
}

/** A memory-only storage for supabase-js sessions (Node has no localStorage). */
export function memoryStorage(): {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
} {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

export function supabaseClient(url: string, accessKey: string, options: { persistSession?: boolean } = {}): SupabaseClient {
  const clientOptions: SupabaseClientOptions<'public'> = {
    auth: { storage: memoryStorage(), persistSession: options.persistSession ?? true, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket; realtime-js refuses to construct without one
    realtime: { transport: WebSocket as never },
  };
  return createClient(url, accessKey, clientOptions);
}

export async function startTestSupabase(engine: Engine, options: TestSupabaseOptions = {}): Promise<TestSupabase> {
  const db = await openTestDatabase(engine, options);
  try {
    if (options.fixtureSql) await db.exec(options.fixtureSql);
    const jwtSecret = createJwtSecret();
    const requests: RequestLogEntry[] = [];
    const serverOptions: LocalSupabaseOptions = {
      db,
      port: 0,
      jwtSecret,
      onRequest: (entry) => requests.push(entry),
      ...(options.exposedSchemas ? { exposedSchemas: options.exposedSchemas } : {}),
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      ...(options.accessTokenTtl ? { accessTokenTtl: options.accessTokenTtl } : {}),
      ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
      ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    };
    const supabase = await startLocalSupabase(serverOptions);
    return {
      engine,
      db,
      supabase,
      jwtSecret,
      requests,
      client: (accessKey = supabase.anonKey, clientOptions = {}) => supabaseClient(supabase.url, accessKey, clientOptions),
      async close() {
        await supabase.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
