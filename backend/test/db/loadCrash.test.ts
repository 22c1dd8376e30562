/**
 * Issue 12, item 7: the crash test. The stand-in runs as its own process (dev/supabase-local/src/main.ts, as
 * `npm run supabase:local` starts it) on a data folder (PGlite) or a PostgreSQL database; several clients write
 * through the REST API, each write counted only once the server acknowledged it (201); the process is killed with
 * SIGKILL in mid-stream, three times, and started again on the same data each time. Afterwards every acknowledged
 * write is in the database, the database opens cleanly (no migration left to apply, no seed run again, a query
 * answers) and the process still stops cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES, writePgliteDataDir } from '../../../test/support/engines';
import { MIGRATIONS, SEED } from './evaluationFixtures';

jest.setTimeout(240_000);

const REPO = path.resolve(__dirname, '../../..');
const MAIN = path.join(REPO, 'dev/supabase-local/src/main.ts');
const KILLS = 3;
const WRITERS = 4;
/** writes acknowledged between a start and its kill */
const ACKS_PER_ROUND = 40;

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
  serviceKey: string;
}

function start(dataDir: string, env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--data', dataDir], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts was not ready within 90 s:\n${output}`));
    }, 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /API URL:\s+(\S+)/.exec(output)?.[1];
      const serviceKey = /service_role key:\s+(\S+)/.exec(output)?.[1];
      if (url && serviceKey && /Ctrl-C/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, url, serviceKey });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`main.ts exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

const headers = (key: string) => ({ apikey: key, Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' });

/** One image row per write, told apart by its SOP Instance UID. */
function imageRow(uid: string) {
  return {
    site_id: DEMO_SITE_ID,
    sop_instance_uid: uid,
    study_instance_uid: `${uid}.0`,
    series_instance_uid: `${uid}.1`,
    modality: 'DX',
    study_date: '2026-03-01',
    source: 'demo',
  };
}

/**
 * WRITERS clients insert one row after another until the round has ACKS_PER_ROUND acknowledgements, then the process
 * is killed while they are still writing; what the server answered 201 to is returned, the rest (refused connections,
 * resets) was never acknowledged.
 */
async function writeUntilKilled(running: Running, round: number): Promise<string[]> {
  const acknowledged: string[] = [];
  let killed = false;
  let kill!: () => void;
  const killedNow = new Promise<void>((resolve) => (kill = resolve));
  const writer = async (w: number) => {
    for (let n = 0; !killed; n++) {
      const uid = `1.2.826.0.1.3680043.10.1467.99.${round}.${w}.${n}`;
      try {
        const response = await fetch(`${running.url}/rest/v1/images`, {
          method: 'POST',
          headers: { ...headers(running.serviceKey), Prefer: 'return=minimal' },
          body: JSON.stringify(imageRow(uid)),
        });
        if (response.status === 201) {
          acknowledged.push(uid);
          if (acknowledged.length >= ACKS_PER_ROUND) kill();
        } else if (!killed) throw new Error(`write ${uid} answered ${response.status}: ${await response.text()}`);
      } catch (error) {
        if (!killed) throw error;
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await Promise.race([killedNow, Promise.all(writers)]);
  killed = true;
  await exited(running.child, 'SIGKILL');
  await Promise.all(writers);
  return acknowledged;
}

describe.each(ENGINES)('kill -9 of the stand-in on %s during acknowledged writes', (engine) => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let databaseName: string | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iqs-crash-'));
    env = { ...process.env };
    delete env.DATABASE_URL;
    if (engine === 'postgres') {
      databaseName = `iqs_crash_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.IQS_TEST_POSTGRES_URL });
      await admin.connect();
      await admin.query(`create database "${databaseName}"`);
      await admin.end();
      const url = new URL(process.env.IQS_TEST_POSTGRES_URL!);
      url.pathname = `/${databaseName}`;
      env.DATABASE_URL = url.toString();
    } else {
      // the migrated and seeded template, so that the first start need not migrate
      await writePgliteDataDir(path.join(dataDir, 'pgdata'), { migrationsDir: MIGRATIONS, seedFile: SEED });
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

  it('keeps every acknowledged write across three kills and opens cleanly after each', async () => {
    const acknowledged: string[] = [];
    for (let round = 1; round <= KILLS; round++) {
      const running = await start(dataDir, env);
      if (round > 1) {
        // opened cleanly after the kill: nothing to migrate or seed again
        expect(running.output()).not.toMatch(/^applied |^seeded /m);
      }
      acknowledged.push(...(await writeUntilKilled(running, round)));
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILLS * ACKS_PER_ROUND);

    const running = await start(dataDir, env);
    try {
      expect(running.output()).not.toMatch(/^applied |^seeded /m);
      const held = new Set<string>();
      for (let at = 0; at < acknowledged.length; at += 100) {
        const uids = acknowledged.slice(at, at + 100);
        const response = await fetch(
          `${running.url}/rest/v1/images?select=sop_instance_uid&sop_instance_uid=in.(${uids.map((u) => `"${u}"`).join(',')})`,
          {
            headers: headers(running.serviceKey),
          },
        );
        expect(response.status).toBe(200);
        for (const row of (await response.json()) as Array<{ sop_instance_uid: string }>) held.add(row.sop_instance_uid);
      }
      expect(acknowledged.filter((uid) => !held.has(uid))).toEqual([]);
    } finally {
      expect(await exited(running.child, 'SIGTERM')).toBe(0);
    }
  });
});
