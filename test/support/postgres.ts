/**
 * A throwaway PostgreSQL cluster from Debian's server binaries, for the database tests: a temporary folder, a free
 * loopback port, trust authentication (nothing but this machine's loopback can reach it), fsync off.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestCluster {
  url: string;
  dir: string;
  port: number;
  binDir: string;
  /** 'postgres' when the cluster runs as that system user (we were root), otherwise null */
  runAs: string | null;
}

/** IQS_PG_BINDIR, or the newest /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string {
  if (process.env.IQS_PG_BINDIR) return process.env.IQS_PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return `${root}/${majors[0] ?? '15'}/bin`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(cluster: Pick<TestCluster, 'runAs'>, command: string, args: string[]): SpawnSyncReturns<string> {
  const [cmd, argv] = cluster.runAs ? ['runuser', ['-u', cluster.runAs, '--', command, ...args]] : [command, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', cwd: os.tmpdir() });
}

function check(result: SpawnSyncReturns<string>, what: string): void {
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
}

/** initdb + pg_ctl start. Throws with what to install when the server binaries are missing. */
export async function startTestCluster(): Promise<TestCluster> {
  const binDir = postgresBinDir();
  const initdb = path.join(binDir, 'initdb');
  if (!existsSync(initdb)) {
    throw new Error(
      `The database tests need the PostgreSQL server binaries, and ${initdb} does not exist.\n` +
        `Install them with: sudo apt-get install postgresql   (npm test installs it when run as root), ` +
        `or point IQS_PG_BINDIR at a PostgreSQL 15+ bin folder.`,
    );
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const runAs = isRoot ? 'postgres' : null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iqs-pg-'));
  if (runAs) {
    // initdb refuses to run as root: the cluster belongs to the postgres system user
    const ids = spawnSync('id', ['-u', runAs], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', runAs], { encoding: 'utf8' });
    if (ids.status !== 0) throw new Error(`Running as root, but there is no '${runAs}' system user to run PostgreSQL as`);
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  const cluster: TestCluster = { url: '', dir, port: 0, binDir, runAs };
  const dataDir = path.join(dir, 'data');
  check(run(cluster, initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']), 'initdb');

  // a port can be taken between choosing and binding it: try a few
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    const started = run(cluster, path.join(binDir, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    if (started.status === 0) {
      cluster.port = port;
      cluster.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      return cluster;
    }
    if (attempt >= 2) {
      const log = existsSync(path.join(dir, 'server.log')) ? readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pg_ctl start failed:\n${started.stderr}\n${log}`);
    }
  }
}

/** pg_ctl stop (immediate: the data is thrown away) and remove the folder. Synchronous, so it also works on exit. */
export function stopTestCluster(cluster: Pick<TestCluster, 'dir' | 'binDir' | 'runAs'>): void {
  const dataDir = path.join(cluster.dir, 'data');
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    run(cluster, path.join(cluster.binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  }
  rmSync(cluster.dir, { recursive: true, force: true });
}
