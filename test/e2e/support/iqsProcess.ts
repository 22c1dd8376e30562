/**
 * Runs IQS as a user does (`npm start`'s script) in a child process, with the environment a test gives it, and
 * stops it as Ctrl-C does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT, RESULTS_DIR } from './repository';

export interface RunningIqs {
  readonly url: string;
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
  mkdirSync(RESULTS_DIR, { recursive: true });
  const supabaseDir = mkdtempSync(path.join(os.tmpdir(), `iqs-${name}-supabase-`));
  const log = createWriteStream(path.join(RESULTS_DIR, `${name}.server.log`));
  const child: ChildProcess = spawn(path.join(REPOSITORY_ROOT, 'node_modules/.bin/tsx'), ['platform/viewer/src/start.ts'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, IQS_PORT: '0', IQS_SUPABASE_PORT: '0', IQS_SUPABASE_DIR: supabaseDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IQS did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = (): void => {
      const match = /IQS is running at (http:\/\/\S+)/u.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`IQS exited with ${code} before it started:\n${output}`));
    });
  });

  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGINT');
      const code = await exited;
      log.end();
      rmSync(supabaseDir, { recursive: true, force: true });
      return code;
    },
  };
}
