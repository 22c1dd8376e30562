/**
 * A script of the repository run as its user runs it (through tsx) in a child process: its output logged to
 * test-results/<name>.log, started once what it printed says it is ready, stopped as Ctrl-C stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT, RESULTS_DIR } from './repository';

export interface ScriptOptions<T> {
  /** the log file's name in test-results */
  readonly logName: string;
  /** the script and its arguments, relative to the repository */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** what the process is, for the error messages */
  readonly what: string;
  /** what it printed so far → its details once it is ready, else null */
  readonly ready: (output: string) => T | null;
  readonly timeoutMs: number;
  /** after the process has exited at stop (e.g. remove its data folder) */
  readonly cleanUp?: () => void;
}

export interface RunningScript<T> {
  readonly ready: T;
  /** everything the process printed so far */
  output(): string;
  /** SIGINT, as Ctrl-C; resolves with the exit code */
  stop(): Promise<number | null>;
}

export async function startScript<T>(options: ScriptOptions<T>): Promise<RunningScript<T>> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const log = createWriteStream(path.join(RESULTS_DIR, options.logName));
  const child: ChildProcess = spawn(path.join(REPOSITORY_ROOT, 'node_modules/.bin/tsx'), [...options.args], {
    cwd: REPOSITORY_ROOT,
    env: options.env,
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
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const code = await exited;
    log.end();
    options.cleanUp?.();
    return code;
  };

  const ready = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.what} did not start within ${options.timeoutMs} ms:\n${output}`)),
      options.timeoutMs,
    );
    const check = (): void => {
      const details = options.ready(output);
      if (details !== null) {
        clearTimeout(timer);
        resolve(details);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.what} exited with ${code} before it started:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { ready, output: () => output, stop };
}
