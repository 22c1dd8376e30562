/**
 * The IQS backend for `npm start`: the Supabase project named by SUPABASE_URL + SUPABASE_ANON_KEY, or else the
 * local stand-in (dev/supabase-local) on its embedded database, with migrations and the demo seed applied.
 */
import { type IqsSettings, withoutCredentials } from '@iqs/config';
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PEOPLE } from '@iqs/demo-department';
import { startLocalBackend } from '@iqs/supabase-local';
import { type AccessTokenCheck, createLocalTokenCheck, createSupabaseTokenCheck } from './accessTokens';

export interface BackendConfig {
  readonly supabaseUrl: string;
  readonly supabaseAnonKey: string;
}

export interface RunningBackend {
  readonly config: BackendConfig;
  readonly description: string;
  /** the demo logins exist in this backend's database */
  readonly hasDemoLogins: boolean;
  /** a service-role client for the ingestion, when the service key is known (local backend, or SUPABASE_SERVICE_ROLE_KEY) */
  readonly service: IqsServiceClient | null;
  /** whether a Bearer token is a signed-in user's access token of this backend (the login in front of /dicomweb) */
  readonly accessTokens: AccessTokenCheck;
  close(): Promise<void>;
}

export async function startBackend(settings: IqsSettings, allowedOrigins: readonly string[]): Promise<RunningBackend> {
  if (settings.supabase) {
    return {
      config: { supabaseUrl: settings.supabase.url, supabaseAnonKey: settings.supabase.anonKey },
      description: `Supabase project ${withoutCredentials(settings.supabase.url)}`,
      hasDemoLogins: false,
      service: settings.supabaseServiceRoleKey
        ? createServiceClient({ url: settings.supabase.url, serviceRoleKey: settings.supabaseServiceRoleKey })
        : null,
      accessTokens: createSupabaseTokenCheck({ supabaseUrl: settings.supabase.url, anonKey: settings.supabase.anonKey }),
      close: async () => undefined,
    };
  }
  let local;
  try {
    local = await startLocalBackend({
      dataDir: settings.supabaseDir,
      databaseUrl: settings.databaseUrl,
      port: settings.supabasePort,
      host: '127.0.0.1',
      allowedOrigins,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${settings.supabasePort} (the local Supabase stand-in) is in use: stop what runs there or choose another port with IQS_SUPABASE_PORT=<port>.`,
        { cause: error },
      );
    }
    throw error;
  }
  const emails = Object.values(DEMO_PEOPLE).map((p) => p.email);
  const found = await local.db.query<{ n: number }>('select count(*)::int as n from auth.users where email = any($1)', [emails]);
  const migrations = local.applied.length > 0 ? `; applied ${local.applied.length} migration(s)${local.seeded ? ' and the seed' : ''}` : '';
  return {
    config: { supabaseUrl: local.supabase.url, supabaseAnonKey: local.supabase.anonKey },
    description: `local Supabase stand-in at ${local.supabase.url} (${local.engine}${migrations})`,
    hasDemoLogins: (found.rows[0]?.n ?? 0) > 0,
    service: createServiceClient({ url: local.supabase.url, serviceRoleKey: local.supabase.serviceRoleKey }),
    accessTokens: createLocalTokenCheck(local.jwtSecret),
    close: () => local.close(),
  };
}
