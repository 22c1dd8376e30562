import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Database, DatabaseConfig } from './types';

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'pglite' ? openPglite(config.dataDir, config.loadDataDir) : openPostgres(config.url);
}
