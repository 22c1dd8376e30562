/**
 * Which backend the `iqs` tools write to, as the service role, through the same API the viewer uses:
 *   - a Supabase project: SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY;
 *   - else the local stand-in that `npm start` runs (found through its data folder);
 *   - else the local stand-in started in this process for the duration of the command.
 * The stand-in (dev/supabase-local) is loaded only when no project is configured.
 */
import type { IqsSettings } from '@iqs/config';
import { ConnectionError, connectAsService as connectTo, createServiceClient, type IqsServiceClient } from '@iqs/database';

export { ConnectionError };

export interface ServiceConnection {
  readonly client: IqsServiceClient;
  readonly description: string;
  close(): Promise<void>;
}

export async function connectAsService(settings: IqsSettings): Promise<ServiceConnection> {
  if (settings.supabase) {
    if (!settings.supabaseServiceRoleKey) {
      throw new ConnectionError(
        'SUPABASE_URL is set, so the tools need that project’s service-role key too: set SUPABASE_SERVICE_ROLE_KEY.',
      );
    }
    const description = `Supabase project ${settings.supabase.url}`;
    const client = await connectTo({ url: settings.supabase.url, serviceRoleKey: settings.supabaseServiceRoleKey }, `the ${description}`);
    return { client, description, close: async () => undefined };
  }

  const local = await import('@iqs/supabase-local');
  const running = await local.findRunningLocalBackend(settings.supabaseDir);
  if (running?.url) {
    const description = `local backend at ${running.url} (process ${running.pid})`;
    const client = await connectTo(
      { url: running.url, serviceRoleKey: local.apiKeys(await local.jwtSecretIn(settings.supabaseDir)).serviceRoleKey },
      `the ${description}`,
    );
    return { client, description, close: async () => undefined };
  }

  const started = await local.startLocalBackend({
    dataDir: settings.supabaseDir,
    databaseUrl: settings.databaseUrl,
    port: 0,
    host: '127.0.0.1',
    allowedOrigins: [],
  });
  return {
    client: createServiceClient({ url: started.supabase.url, serviceRoleKey: started.supabase.serviceRoleKey }),
    description: `local backend (${started.engine}), started for this command`,
    close: () => started.close(),
  };
}
