/**
 * `npm run db:types`: regenerate extensions/iqs-scoring/src/data/database.types.ts from the migrations, on a
 * throw-away embedded database. Run it after changing a migration; a test fails while the file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, ensureSupabaseBootstrap, openDatabase, SUPABASE_PROJECT_DIR } from './';
import { generateDatabaseTypes } from './databaseTypes';

const TYPES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/database/src/database.types.ts');

async function main(): Promise<void> {
  const db = await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await ensureSupabaseBootstrap(db);
    await applyMigrations(db, { migrationsDir: path.join(SUPABASE_PROJECT_DIR, 'migrations'), seedFile: null });
    const text = await generateDatabaseTypes(async (sql) => (await db.query(sql)).rows);
    await writeFile(TYPES_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), TYPES_FILE)}`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:types failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
