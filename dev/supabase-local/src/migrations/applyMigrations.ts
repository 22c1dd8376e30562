import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/types';
import { splitSqlStatements } from './splitSql';

/** The Supabase CLI's file-name pattern: <version>_<name>.sql */
const MIGRATION_FILE = /^([0-9]+)_(.*)\.sql$/;

export interface MigrationFile {
  file: string;
  version: string;
  name: string;
  path: string;
}

/** The migration files of a folder, in the order the Supabase CLI applies them (file name). */
export async function listMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = existsSync(migrationsDir) ? await readdir(migrationsDir) : [];
  return entries
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .flatMap((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) {
        console.warn(`applyMigrations: skipping ${file} (file name must match <timestamp>_name.sql)`);
        return [];
      }
      return [{ file, version: match[1]!, name: match[2]!, path: path.join(migrationsDir, file) }];
    });
}

/**
 * Applies the migrations not yet applied, in file-name order, each in one transaction, recorded in
 * supabase_migrations.schema_migrations as the Supabase CLI records them. Then, only when this call applied the
 * very first migration (a fresh database), the seed file (if it exists).
 */
export async function applyMigrations(
  db: Database,
  options: { migrationsDir: string; seedFile?: string | null },
): Promise<{ applied: string[]; seeded: boolean }> {
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;
  `);
  const { rows } = await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const fresh = done.size === 0;

  const applied: string[] = [];
  for (const migration of await listMigrationFiles(options.migrationsDir)) {
    if (done.has(migration.version)) continue;
    const script = await readFile(migration.path, 'utf8');
    try {
      await db.transaction(async (tx) => {
        await tx.exec(script);
        await tx.query(
          `insert into supabase_migrations.schema_migrations (version, name, statements)
           values ($1, $2, array(select json_array_elements_text($3::json)))`,
          [migration.version, migration.name, JSON.stringify(splitSqlStatements(script))],
        );
      });
    } catch (error) {
      throw new Error(`Migration ${migration.file} failed: ${describePgError(error)}`, { cause: error });
    }
    done.add(migration.version);
    applied.push(migration.file);
  }

  let seeded = false;
  const seedFile = options.seedFile;
  if (fresh && applied.length > 0 && seedFile && existsSync(seedFile)) {
    const script = await readFile(seedFile, 'utf8');
    try {
      await db.transaction((tx) => tx.exec(script));
    } catch (error) {
      throw new Error(`Seed ${path.basename(seedFile)} failed: ${describePgError(error)}`, { cause: error });
    }
    seeded = true;
  }
  return { applied, seeded };
}

function describePgError(error: unknown): string {
  const e = error as { message?: string; code?: string; detail?: string; hint?: string; position?: string };
  const parts = [`${e.message ?? String(error)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`];
  if (e.detail) parts.push(`DETAIL: ${e.detail}`);
  if (e.hint) parts.push(`HINT: ${e.hint}`);
  return parts.join(' ');
}
