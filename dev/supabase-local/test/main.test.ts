/**
 * `npx tsx dev/supabase-local/src/main.ts`: starts on a data folder (PGlite) or DATABASE_URL (PostgreSQL), applies the
 * project's migrations and seed, prints the URL and keys, keeps the secret, stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ENGINES } from '../../../test/support/engines';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '../../..');
const MAIN = path.join(REPO, 'dev/supabase-local/src/main.ts');

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
  anonKey: string;
}

function start(dataDir: string, env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--data', dataDir], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /API URL:\s+(\S+)/.exec(output)?.[1];
      const anonKey = /anon key:\s+(\S+)/.exec(output)?.[1];
      if (url && anonKey && /Ctrl-C/.test(output)) resolve({ child, output: () => output, url, anonKey });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`main.ts exited (${code}) before it was ready:\n${output}`)));
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

describe.each(ENGINES)('main.ts on %s', (engine) => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let databaseName: string | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iqs-main-'));
    if (engine === 'postgres') {
      databaseName = `iqs_main_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.IQS_TEST_POSTGRES_URL });
      await admin.connect();
      await admin.query(`create database "${databaseName}"`);
      await admin.end();
      const url = new URL(process.env.IQS_TEST_POSTGRES_URL!);
      url.pathname = `/${databaseName}`;
      databaseUrl = url.toString();
    }
  });

  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseName) {
      const admin = new pg.Client({ connectionString: process.env.IQS_TEST_POSTGRES_URL });
      await admin.connect();
      await admin.query(`drop database if exists "${databaseName}" with (force)`);
      await admin.end();
    }
  });

  it('starts, serves, stops on SIGTERM, and restarts on the same data with the same keys', async () => {
    const env = { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
    if (!databaseUrl) delete env.DATABASE_URL;
    const first = await start(dataDir, env);
    expect(first.output()).toMatch(/applied \d+_\w+\.sql/);
    const health = await fetch(`${first.url}/auth/v1/health`);
    expect(health.status).toBe(200);
    const read = await fetch(`${first.url}/rest/v1/no_such_table?select=*`, { headers: { apikey: first.anonKey } });
    expect(read.status).toBe(404);
    expect(await stop(first)).toBe(0);

    const second = await start(dataDir, env);
    try {
      expect(second.output()).not.toMatch(/applied /);
      expect(second.anonKey).toBe(first.anonKey);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });
});
