/**
 * The whole local backend in one call, as `npm start` and the stand-in's own command run it: the JWT secret kept
 * in the data folder (so keys survive restarts), the database (PGlite in the folder, or PostgreSQL at
 * DATABASE_URL), Supabase's bootstrap, the project's migrations (and its seed on a fresh database), the server.
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJwtSecret } from './auth/jwt';
import { ensureSupabaseBootstrap } from './bootstrap/bootstrap';
import { openDatabase } from './db/open';
import type { Database } from './db/types';
import { applyMigrations } from './migrations/applyMigrations';
import { OWNER_ONLY_FILE, secureDataDir } from './dataDirPermissions';
import { startLocalSupabase, type LocalSupabase } from './server';

/** The Supabase project in the repository (Supabase CLI layout). */
export const SUPABASE_PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../backend/supabase');

export interface LocalBackendOptions {
  /** holds the JWT secret and, for PGlite, the database (pgdata) */
  readonly dataDir: string;
  /** a PostgreSQL server instead of the embedded PGlite */
  readonly databaseUrl: string | null;
  readonly port: number;
  readonly host: string;
  /** browser origins allowed by CORS: the viewer's */
  readonly allowedOrigins: readonly string[];
}

export interface LocalBackend {
  readonly supabase: LocalSupabase;
  readonly db: Database;
  /** "PGlite in <folder>" or "PostgreSQL" */
  readonly engine: string;
  readonly applied: readonly string[];
  readonly seeded: boolean;
  readonly jwtSecret: string;
  close(): Promise<void>;
}

/** Thrown when another process already runs the local backend on this data folder. */
export class LocalBackendInUseError extends Error {
  constructor(
    readonly running: RunningLocalBackend,
    dataDir: string,
  ) {
    super(`the local backend in ${dataDir} is already running (process ${running.pid}${running.url ? `, ${running.url}` : ''})`);
  }
}

export interface RunningLocalBackend {
  readonly pid: number;
  /** its API URL, once it listens */
  readonly url: string | null;
}

const LOCK_FILE = 'local-backend.json';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The local backend another process runs on this data folder, if any (the `iqs` CLI uses it instead of starting one). */
export async function findRunningLocalBackend(dataDir: string): Promise<RunningLocalBackend | null> {
  try {
    const running = JSON.parse(await readFile(path.join(dataDir, LOCK_FILE), 'utf8')) as RunningLocalBackend;
    return Number.isInteger(running.pid) && running.pid !== process.pid && isAlive(running.pid) ? running : null;
  } catch {
    return null;
  }
}

/**
 * Claims the data folder: two processes writing one PGlite folder would corrupt it. The claim file also tells other
 * processes where the running server listens. A claim left by a process that died is taken over.
 */
async function claimDataDir(dataDir: string): Promise<{ publish(url: string): Promise<void>; release(): Promise<void> }> {
  const file = path.join(dataDir, LOCK_FILE);
  const running = await findRunningLocalBackend(dataDir);
  if (running) throw new LocalBackendInUseError(running, dataDir);
  const write = (url: string | null) => writeFile(file, JSON.stringify({ pid: process.pid, url }), { mode: OWNER_ONLY_FILE });
  await write(null);
  return {
    publish: (url) => write(url),
    release: () => rm(file, { force: true }),
  };
}

/** The data folder's JWT secret, made on first use (the keys stay the same across restarts). */
export async function jwtSecretIn(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = createJwtSecret();
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  // the database and the JWT secret are the owner's only (files PGlite makes later are fixed again below and at close)
  await secureDataDir(options.dataDir);
  const claim = await claimDataDir(options.dataDir);
  const jwtSecret = await jwtSecretIn(options.dataDir);
  const pgdata = path.join(options.dataDir, 'pgdata');
  let db: Database;
  try {
    db = options.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: options.databaseUrl })
      : await openDatabase({ kind: 'pglite', dataDir: pgdata });
  } catch (error) {
    await claim.release();
    throw error;
  }
  try {
    await ensureSupabaseBootstrap(db);
    const { applied, seeded } = await applyMigrations(db, {
      migrationsDir: path.join(SUPABASE_PROJECT_DIR, 'migrations'),
      seedFile: path.join(SUPABASE_PROJECT_DIR, 'seed.sql'),
    });
    const supabase = await startLocalSupabase({
      db,
      port: options.port,
      host: options.host,
      jwtSecret,
      allowedOrigins: options.allowedOrigins,
    });
    await secureDataDir(options.dataDir);
    await claim.publish(supabase.url);
    return {
      supabase,
      db,
      engine: options.databaseUrl ? 'PostgreSQL' : `PGlite in ${pgdata}`,
      applied,
      seeded,
      jwtSecret,
      close: async () => {
        await supabase.close();
        await db.close();
        await claim.release();
        await secureDataDir(options.dataDir);
      },
    };
  } catch (error) {
    await db.close();
    await claim.release();
    throw error;
  }
}
