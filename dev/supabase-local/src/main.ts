/**
 * The local Supabase stand-in as a command:
 *
 *   npx tsx dev/supabase-local/src/main.ts [--port 54321] [--host 127.0.0.1] [--data .data/supabase] [--origin URL]…
 *
 * PGlite keeps its data in <data>/pgdata (or a real PostgreSQL when DATABASE_URL is set); the JWT secret is made
 * once and kept in <data>/jwt-secret, so the printed keys stay the same from run to run. On start it bootstraps
 * the database, applies backend/supabase/migrations (and seed.sql on a fresh database) and prints the URL and keys.
 * Ctrl-C / SIGTERM stop it cleanly (PGlite is closed, so its folder stays intact).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalBackend } from './localBackend';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '54321' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.data/supabase' },
      origin: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npx tsx dev/supabase-local/src/main.ts [--port 54321] [--host 127.0.0.1] [--data .data/supabase] [--origin http://127.0.0.1:3000]…',
    );
    console.log('Set DATABASE_URL to use a PostgreSQL server instead of the embedded PGlite.');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${values.port}`);
  const dataDir = path.resolve(values.data);
  const origins = values.origin ?? ['http://127.0.0.1:3000', 'http://localhost:3000'];
  const backend = await startLocalBackend({
    dataDir,
    databaseUrl: process.env.DATABASE_URL ?? null,
    port,
    host: values.host,
    allowedOrigins: origins,
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // closing PGlite properly keeps its folder intact
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  for (const file of backend.applied) console.log(`applied ${file}`);
  if (backend.seeded) console.log('seeded seed.sql');
  console.log(`Local Supabase stand-in (${backend.engine})`);
  console.log(`API URL:          ${backend.supabase.url}`);
  console.log(`anon key:         ${backend.supabase.anonKey}`);
  console.log(`service_role key: ${backend.supabase.serviceRoleKey}`);
  console.log(`CORS origins:     ${origins.join(', ')}`);
  console.log('Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
