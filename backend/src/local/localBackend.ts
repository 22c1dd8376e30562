/**
 * The whole local backend in one call, as `npm start` and the stand-in's own command run it: the JWT secret kept
 * in the data folder (so keys survive restarts), the database (PGlite in the folder, or PostgreSQL at
 * DATABASE_URL), Supabase's bootstrap, the project's migrations (and its seed on a fresh database), the server.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, createJwtSecret, ensureSupabaseBootstrap, openDatabase, startLocalSupabase, type Database, type LocalSupabase } from './index';

/** The Supabase project in the repository (Supabase CLI layout). */
export const SUPABASE_PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../supabase');

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
  close(): Promise<void>;
}

async function jwtSecretIn(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = createJwtSecret();
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  await mkdir(options.dataDir, { recursive: true });
  const jwtSecret = await jwtSecretIn(options.dataDir);
  const pgdata = path.join(options.dataDir, 'pgdata');
  const db = options.databaseUrl ? await openDatabase({ kind: 'postgres', url: options.databaseUrl }) : await openDatabase({ kind: 'pglite', dataDir: pgdata });
  try {
    await ensureSupabaseBootstrap(db);
    const { applied, seeded } = await applyMigrations(db, {
      migrationsDir: path.join(SUPABASE_PROJECT_DIR, 'migrations'),
      seedFile: path.join(SUPABASE_PROJECT_DIR, 'seed.sql'),
    });
    const supabase = await startLocalSupabase({ db, port: options.port, host: options.host, jwtSecret, allowedOrigins: options.allowedOrigins });
    return {
      supabase,
      db,
      engine: options.databaseUrl ? 'PostgreSQL' : `PGlite in ${pgdata}`,
      applied,
      seeded,
      close: async () => {
        await supabase.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
