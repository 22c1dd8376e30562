/**
 * A local stand-in for the Supabase APIs IQS uses — PostgREST (/rest/v1) and GoTrue (/auth/v1) — on embedded
 * PGlite or a real PostgreSQL, so the same supabase-js code runs against it and against a Supabase project.
 * See README.md beside this file.
 */
export type { Database, DatabaseConfig, Tx } from './db/types';
export { openDatabase } from './db/open';
export { ensureSupabaseBootstrap } from './bootstrap/bootstrap';
export { applyMigrations } from './migrations/applyMigrations';
export { startLocalSupabase, type LocalSupabase, type LocalSupabaseOptions } from './server';
export { signJwt, verifyJwt, roleOfClaims, JwtError, createJwtSecret, apiKeys } from './auth/jwt';
export {
  startLocalBackend,
  findRunningLocalBackend,
  jwtSecretIn,
  LocalBackendInUseError,
  SUPABASE_PROJECT_DIR,
  type LocalBackend,
  type LocalBackendOptions,
  type RunningLocalBackend,
} from './localBackend';
export { readBootstrapSql } from './bootstrap/bootstrap';
export { listMigrationFiles, type MigrationFile } from './migrations/applyMigrations';
export { generateDatabaseTypes, type QueryRows } from './databaseTypes';
