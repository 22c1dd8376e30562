// Hosts one PGlite instance in a worker thread (see pglite.ts for why). Plain JavaScript: a worker is loaded by
// Node itself, outside any TypeScript loader or test sandbox. Requests are answered one by one, in order.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';

/** The fields of a PostgreSQL error the gateway maps to HTTP (structured clone drops an Error's own fields). */
function serializeError(error) {
  const fields = { message: error?.message ?? String(error), name: error?.name ?? 'Error' };
  for (const key of ['code', 'severity', 'detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'dataType', 'constraint']) {
    if (error && error[key] !== undefined) fields[key] = error[key];
  }
  return fields;
}

const { dataDir, loadDataDir, searchPath, assets } = workerData;
let pg;
try {
  pg = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(assets ? { pgliteWasmModule: assets.wasmModule, fsBundle: assets.fsBundle } : {}),
    extensions: { pgcrypto, uuid_ossp },
  });
  await pg.exec(`set search_path to ${searchPath}`);
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'failed', error: serializeError(error) });
}

let queue = Promise.resolve();
parentPort.on('message', (message) => {
  queue = queue.then(async () => {
    const { id, op, sql, params, begin } = message;
    try {
      let result = null;
      // a transaction's BEGIN, sent with its first statement (pglite.ts): one message instead of two
      if (begin) await pg.exec(begin);
      if (op === 'query') {
        const r = await pg.query(sql, params);
        // affectedRows is set for INSERT/UPDATE/DELETE, rows for SELECT/RETURNING
        result = { rows: r.rows, rowCount: Math.max(r.rows.length, r.affectedRows ?? 0) };
      } else if (op === 'exec') {
        await pg.exec(sql);
      } else if (op === 'dump') {
        result = await pg.dumpDataDir('none');
      } else if (op === 'close') {
        await pg.close();
      }
      parentPort.postMessage({ type: 'result', id, ok: true, result });
      if (op === 'close') parentPort.close();
    } catch (error) {
      parentPort.postMessage({ type: 'result', id, ok: false, error: serializeError(error) });
    }
  });
});
