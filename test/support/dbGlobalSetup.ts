/**
 * Jest globalSetup of the `db` project: one throwaway PostgreSQL cluster for every worker (its URL goes to the
 * workers in IQS_TEST_POSTGRES_URL). Fails — never skips — when the PostgreSQL binaries are missing.
 */
import { ensureSupabaseBootstrap, openDatabase } from '@iqs/supabase-local';
import { startTestCluster, stopTestCluster, type TestCluster } from './postgres';

declare global {
  var __IQS_TEST_CLUSTER__: TestCluster | undefined;
}

export default async function dbGlobalSetup(): Promise<void> {
  // a server given from outside (e.g. a CI service) is used as is
  if (process.env.IQS_TEST_POSTGRES_URL) return;
  const cluster = await startTestCluster();
  globalThis.__IQS_TEST_CLUSTER__ = cluster;
  process.env.IQS_TEST_POSTGRES_URL = cluster.url;
  // if Jest dies without running the teardown, do not leave a server behind
  process.once('exit', () => {
    if (globalThis.__IQS_TEST_CLUSTER__) stopTestCluster(globalThis.__IQS_TEST_CLUSTER__);
  });
  // the API roles are cluster-wide: create them once, before parallel workers race for them
  const db = await openDatabase({ kind: 'postgres', url: cluster.url });
  try {
    await ensureSupabaseBootstrap(db);
  } finally {
    await db.close();
  }
}
