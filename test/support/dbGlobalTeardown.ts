/** Jest globalTeardown of the `db` project: stops the cluster dbGlobalSetup started and removes its folder. */
import { stopTestCluster } from './postgres';

export default async function dbGlobalTeardown(): Promise<void> {
  const cluster = globalThis.__IQS_TEST_CLUSTER__;
  if (!cluster) return;
  globalThis.__IQS_TEST_CLUSTER__ = undefined;
  delete process.env.IQS_TEST_POSTGRES_URL;
  stopTestCluster(cluster);
}
