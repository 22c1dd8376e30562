/** Where the stand-in keeps its data: embedded PGlite (in memory or a folder) or a real PostgreSQL server. */
export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string | null /* null = in memory */; loadDataDir?: Blob | File /* a dumped template */ }
  | { kind: 'postgres'; url: string };

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** One open transaction. */
export interface Tx {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** A script of several statements without parameters, inside this transaction (used for migration files). */
  exec(sql: string): Promise<void>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** one transaction (BEGIN [READ ONLY] … COMMIT/ROLLBACK); on PGlite transactions run strictly one at a time (async mutex) */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>;
  /** a script of several statements, no parameters (migrations, seeds) — as the superuser, outside any request */
  exec(sql: string): Promise<void>;
  /** one statement as the superuser, outside any request (tooling, tests) */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** PGlite only: a tarball of the data directory, for fast test templates */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * Every session starts with this search_path, as Supabase's postgres role has it: seeds and migrations written for
 * Supabase call pgcrypto's crypt()/gen_salt() unqualified.
 */
export const SESSION_SEARCH_PATH = '"$user", public, extensions';
