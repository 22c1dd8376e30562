import pg from 'pg';
import { SESSION_SEARCH_PATH, type Database, type QueryResult, type Tx } from './types';

/** A real PostgreSQL server through a pg Pool: one pooled client per transaction, so requests run in parallel. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 10_000,
    // a startup parameter, so every pooled session has it from the first query on
    options: `-c search_path=${SESSION_SEARCH_PATH.replace(/ /g, '')}`,
  });
  // an idle client losing its connection must not crash the process
  pool.on('error', () => undefined);

  const toResult = <R>(result: pg.QueryResult): QueryResult<R> => ({
    rows: result.rows as R[],
    rowCount: result.rowCount ?? result.rows.length,
  });

  // fail fast on a bad URL
  await pool.query('select 1');

  return {
    kind: 'postgres',
    async transaction(fn, options) {
      const client = await pool.connect();
      let destroy = false;
      try {
        await client.query(options?.readOnly ? 'begin read only' : 'begin');
        const tx: Tx = {
          query: async <R>(sql: string, params?: unknown[]) => toResult<R>(await client.query(sql, params)),
          exec: async (sql: string) => {
            await client.query(sql);
          },
        };
        let value;
        try {
          value = await fn(tx);
        } catch (error) {
          // a client whose rollback fails is in an unknown state: drop it from the pool
          await client.query('rollback').catch(() => (destroy = true));
          throw error;
        }
        await client.query('commit');
        return value;
      } catch (error) {
        if (!isServerError(error) && !destroy) destroy = isClientFailure(error);
        throw error;
      } finally {
        client.release(destroy);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async query<R>(sql: string, params?: unknown[]) {
      return toResult<R>(await pool.query(sql, params));
    },
    async close() {
      await pool.end();
    },
  };
}

/** An error the server sent (the connection is still fine). */
function isServerError(error: unknown): boolean {
  return typeof (error as { severity?: unknown } | null)?.severity === 'string';
}

/** A socket-level failure of pg itself (not an error thrown by the caller's code). */
function isClientFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|ECONNRESET|EPIPE|Client has encountered a connection error/i.test(message);
}
