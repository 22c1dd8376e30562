/**
 * The `iqs` tools reach the index as the service role, through the same API the viewer uses:
 *   - a Supabase project: SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY;
 *   - else the local backend that `npm start` runs (found through its data folder);
 *   - else the local backend started in this process for the duration of the command.
 */
import type { IqsSettings } from '@iqs/config';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { findRunningLocalBackend, jwtSecretIn, signJwt, startLocalBackend } from '@iqs/supabase-local';

export class ConnectionError extends Error {}

export interface ServiceConnection {
  readonly client: SupabaseClient;
  readonly description: string;
  close(): Promise<void>;
}

function serviceClient(url: string, serviceRoleKey: string): SupabaseClient {
  return createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket, which realtime-js insists on at construction (IQS does not use realtime)
    realtime: { transport: WebSocket as never },
  });
}

/** A service key for the local backend, signed with its data folder's secret. */
function localServiceKey(secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ role: 'service_role', iss: 'iqs-cli', iat: now, exp: now + 12 * 3600 }, secret);
}

async function reachable(client: SupabaseClient): Promise<string | null> {
  const { error } = await client.from('sites').select('id').limit(1);
  return error ? error.message || 'no answer' : null;
}

export async function connectAsService(settings: IqsSettings): Promise<ServiceConnection> {
  if (settings.supabase) {
    if (!settings.supabaseServiceRoleKey) {
      throw new ConnectionError('SUPABASE_URL is set, so the tools need that project’s service-role key too: set SUPABASE_SERVICE_ROLE_KEY.');
    }
    const client = serviceClient(settings.supabase.url, settings.supabaseServiceRoleKey);
    const problem = await reachable(client);
    if (problem) throw new ConnectionError(`the Supabase project at ${settings.supabase.url} cannot be used: ${problem}`);
    return { client, description: `Supabase project ${settings.supabase.url}`, close: async () => undefined };
  }

  const running = await findRunningLocalBackend(settings.supabaseDir);
  if (running?.url) {
    const client = serviceClient(running.url, localServiceKey(await jwtSecretIn(settings.supabaseDir)));
    const problem = await reachable(client);
    if (problem) throw new ConnectionError(`the local backend of process ${running.pid} at ${running.url} does not answer: ${problem}`);
    return { client, description: `local backend at ${running.url} (process ${running.pid})`, close: async () => undefined };
  }

  const local = await startLocalBackend({ dataDir: settings.supabaseDir, databaseUrl: settings.databaseUrl, port: 0, host: '127.0.0.1', allowedOrigins: [] });
  return {
    client: serviceClient(local.supabase.url, local.supabase.serviceRoleKey),
    description: `local backend (${local.engine}), started for this command`,
    close: () => local.close(),
  };
}
