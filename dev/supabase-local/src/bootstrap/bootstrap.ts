import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/types';

const BOOTSTRAP_SQL = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bootstrap.sql');

/** The bootstrap script's text (also part of the test templates' cache key). */
export function readBootstrapSql(): Promise<string> {
  return readFile(BOOTSTRAP_SQL, 'utf8');
}

/**
 * What real Supabase already has and plain PostgreSQL/PGlite do not: the API roles, the extensions and auth
 * schemas, auth.users & co., auth.uid()/role()/jwt()/email() and Supabase's default privileges on public.
 * Idempotent. Refuses to touch a database that looks like a real Supabase project.
 */
export async function ensureSupabaseBootstrap(db: Database): Promise<void> {
  const { rows } = await db.query<{ supabase: boolean }>(
    `select exists (select 1 from pg_roles where rolname in ('supabase_admin', 'supabase_auth_admin')) as supabase`,
  );
  if (rows[0]?.supabase) {
    throw new Error(
      'ensureSupabaseBootstrap: this database belongs to a real Supabase project (role supabase_admin exists); refusing to change it',
    );
  }
  await db.exec(await readBootstrapSql());
}
