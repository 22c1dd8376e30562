import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Mutex } from './mutex';
import { SESSION_SEARCH_PATH, type Database, type QueryResult, type Tx } from './types';

type Op = 'query' | 'exec' | 'dump' | 'close';
type Reply =
  | { type: 'ready' }
  | { type: 'failed'; error: Record<string, unknown> }
  | { type: 'result'; id: number; ok: boolean; result?: unknown; error?: Record<string, unknown> };

/** A PostgreSQL error as the drivers throw it: an Error carrying code, detail, hint, severity… */
const rehydrate = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message)), fields);

interface PgliteAssets {
  wasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let assets: Promise<PgliteAssets | null> | null = null;

/**
 * PGlite's WASM compiled, and its file-system bundle read, once per process and shared with every worker: doing
 * that per worker was most of the cost of opening a database.
 */
function pgliteAssets(): Promise<PgliteAssets | null> {
  assets ??= (async () => {
    const require = createRequire(import.meta.url);
    const [wasm, data] = await Promise.all([
      readFile(require.resolve('@electric-sql/pglite/pglite.wasm')),
      readFile(require.resolve('@electric-sql/pglite/pglite.data')),
    ]);
    return { wasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([data]) };
  })().catch(() => null); // PGlite then loads them itself
  return assets;
}

/**
 * Embedded PostgreSQL (PGlite, WASM), hosted in a worker thread: its WASM work then never blocks the HTTP server's
 * event loop, and it runs outside test sandboxes (PGlite's CommonJS build imports Node built-ins dynamically, which
 * Jest's VM refuses). PGlite has a single backend session, so everything — transactions, exec, query — goes
 * through one mutex: an open transaction must never see another caller's statements (roles and JWT claims are set
 * per transaction and would leak).
 */
export async function openPglite(dataDir: string | null, loadDataDir?: Blob | File): Promise<Database> {
  const worker = new Worker(new URL('./pgliteWorker.mjs', import.meta.url), {
    workerData: { dataDir, loadDataDir: loadDataDir ?? null, searchPath: SESSION_SEARCH_PATH, assets: await pgliteAssets() },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'ready') resolve();
      else if (reply.type === 'failed') reject(rehydrate(reply.error));
      else {
        const waiter = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.ok) waiter?.resolve(reply.result);
        else waiter?.reject(rehydrate(reply.error ?? {}));
      }
    });
    worker.on('error', (error) => {
      reject(error);
      failAll(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`PGlite worker exited (code ${code})`);
      reject(error);
      failAll(error);
    });
  });

  /** `begin`: a BEGIN the worker runs just before this statement, in the same message (see transaction below) */
  const call = <T>(op: Op, sql?: string, params?: unknown[], begin?: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op, sql, params, begin });
    });

  const rawQuery = <R>(sql: string, params?: unknown[]) => call<QueryResult<R>>('query', sql, params ?? []);
  const rawExec = (sql: string) => call<void>('exec', sql);
  const mutex = new Mutex();
  let closed = false;

  return {
    kind: 'pglite',
    // Every request holds the one session for as long as its transaction lasts, and each message to the worker costs
    // a trip through both event loops (which, under load, wait behind other requests' HTTP work): the BEGIN travels
    // with the transaction's first statement rather than on its own, and a transaction that ran no statement neither
    // begins nor commits.
    transaction: (fn, options) =>
      mutex.run(async () => {
        let begin: string | undefined = options?.readOnly ? 'begin read only' : 'begin';
        const first = () => {
          const sent = begin;
          begin = undefined;
          return sent;
        };
        const tx: Tx = {
          query: <R>(sql: string, params?: unknown[]) => call<QueryResult<R>>('query', sql, params ?? [], first()),
          exec: (sql: string) => call<void>('exec', sql, undefined, first()),
        };
        try {
          const value = await fn(tx);
          if (begin === undefined) await rawExec('commit');
          return value;
        } catch (error) {
          if (begin === undefined) await rawExec('rollback').catch(() => undefined);
          throw error;
        }
      }),
    exec: (sql) => mutex.run(() => rawExec(sql)),
    query: (sql, params) => mutex.run(() => rawQuery(sql, params)),
    dumpDataDir: () => mutex.run(() => call<Blob>('dump')),
    close: () =>
      mutex.run(async () => {
        if (closed) return;
        closed = true;
        try {
          await call('close');
        } finally {
          await worker.terminate();
        }
      }),
  };
}
