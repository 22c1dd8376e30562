/**
 * "The hospital's Supabase project" for a browser test: the local stand-in run as its own command
 * (`npm run supabase:local`, dev/supabase-local/src/main.ts) in a child process, on a free port and a fresh folder,
 * with the browser origins allowed to call it. It prints its URL and keys as a Supabase project's dashboard shows
 * them; the test hands them to the viewers (URL, anon key) and to `npx iqs` (URL, service-role key), as a hospital
 * would. A fresh folder gets the migrations and the demo seed (logins, no images).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT, RESULTS_DIR } from './repository';

export interface SupabaseProject {
  readonly url: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  /** the environment `npm start` and `npx iqs` use to reach it */
  readonly env: Record<string, string>;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startSupabaseProject(name: string, origins: readonly string[], timeoutMs = 180_000): Promise<SupabaseProject> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), `iqs-${name}-project-`));
  const log = createWriteStream(path.join(RESULTS_DIR, `${name}.supabase.log`));
  const args = ['dev/supabase-local/src/main.ts', '--port', '0', '--data', dir, ...origins.flatMap((origin) => ['--origin', origin])];
  const child: ChildProcess = spawn(path.join(REPOSITORY_ROOT, 'node_modules/.bin/tsx'), args, {
    cwd: REPOSITORY_ROOT,
    env: process.env,
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
    rmSync(dir, { recursive: true, force: true });
    return code;
  };

  const printed = await new Promise<{ url: string; anonKey: string; serviceRoleKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The Supabase stand-in did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = (): void => {
      const url = /^API URL:\s+(\S+)$/mu.exec(output)?.[1];
      const anonKey = /^anon key:\s+(\S+)$/mu.exec(output)?.[1];
      const serviceRoleKey = /^service_role key:\s+(\S+)$/mu.exec(output)?.[1];
      if (url && anonKey && serviceRoleKey && /^Ctrl-C to stop/mu.test(output)) {
        clearTimeout(timer);
        resolve({ url, anonKey, serviceRoleKey });
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The Supabase stand-in exited with ${code} before it started:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  return {
    ...printed,
    env: { SUPABASE_URL: printed.url, SUPABASE_ANON_KEY: printed.anonKey, SUPABASE_SERVICE_ROLE_KEY: printed.serviceRoleKey },
    output: () => output,
    stop,
  };
}
