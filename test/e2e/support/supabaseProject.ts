/**
 * "The hospital's Supabase project" for a browser test: the local stand-in run as its own command
 * (`npm run supabase:local`, dev/supabase-local/src/main.ts) in a child process, on a free port and a fresh folder,
 * with the browser origins allowed to call it. It prints its URL and keys as a Supabase project's dashboard shows
 * them; the test hands them to the viewers (URL, anon key) and to `npx iqs` (URL, service-role key), as a hospital
 * would. A fresh folder gets the migrations and the demo seed (logins, no images).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScript } from './childProcess';

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
  const dir = mkdtempSync(path.join(os.tmpdir(), `iqs-${name}-project-`));
  const script = await startScript({
    logName: `${name}.supabase.log`,
    args: ['dev/supabase-local/src/main.ts', '--port', '0', '--data', dir, ...origins.flatMap((origin) => ['--origin', origin])],
    env: process.env,
    what: 'The Supabase stand-in',
    ready: (output) => {
      const url = /^API URL:\s+(\S+)$/mu.exec(output)?.[1];
      const anonKey = /^anon key:\s+(\S+)$/mu.exec(output)?.[1];
      const serviceRoleKey = /^service_role key:\s+(\S+)$/mu.exec(output)?.[1];
      return url && anonKey && serviceRoleKey && /^Ctrl-C to stop/mu.test(output) ? { url, anonKey, serviceRoleKey } : null;
    },
    timeoutMs,
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  });
  const printed = script.ready;
  return {
    ...printed,
    env: { SUPABASE_URL: printed.url, SUPABASE_ANON_KEY: printed.anonKey, SUPABASE_SERVICE_ROLE_KEY: printed.serviceRoleKey },
    output: script.output,
    stop: script.stop,
  };
}
