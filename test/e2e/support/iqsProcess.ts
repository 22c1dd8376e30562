/**
 * Runs IQS as a user does (`npm start`'s script) in a child process, with the environment a test gives it, and
 * stops it as Ctrl-C does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScript } from './childProcess';

export interface RunningIqs {
  readonly url: string;
  /** the data folder of its embedded backend (IQS_SUPABASE_DIR): the `iqs` tools find the running backend through it */
  readonly supabaseDir: string;
  /** everything the process printed so far */
  output(): string;
  /** SIGINT, as Ctrl-C; resolves with the exit code */
  stop(): Promise<number | null>;
}

/**
 * Each test's IQS gets free ports and a backend database of its own (so it never meets a developer's running
 * `npm start`); the demo images are shared (generated once by the global set-up).
 */
export async function startIqs(name: string, env: Record<string, string>, timeoutMs = 180_000): Promise<RunningIqs> {
  const supabaseDir = mkdtempSync(path.join(os.tmpdir(), `iqs-${name}-supabase-`));
  const script = await startScript({
    logName: `${name}.server.log`,
    args: ['platform/viewer/src/start.ts'],
    env: { ...process.env, IQS_PORT: '0', IQS_SUPABASE_PORT: '0', IQS_SUPABASE_DIR: supabaseDir, ...env },
    what: 'IQS',
    ready: (output) => /IQS is running at (http:\/\/\S+)/u.exec(output)?.[1] ?? null,
    timeoutMs,
    cleanUp: () => rmSync(supabaseDir, { recursive: true, force: true }),
  });
  return { url: script.ready, supabaseDir, output: script.output, stop: script.stop };
}
