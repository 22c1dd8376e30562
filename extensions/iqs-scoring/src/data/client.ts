/**
 * The one supabase-js client of IQS. Everything that talks to the backend goes through the data-access modules
 * beside this file; panels never build queries themselves.
 */
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import type { BackendConfig } from './backendConfig';
import type { Database } from '@iqs/database';

export type IqsClient = SupabaseClient<Database>;

/** Extra client options: tests in Node pass a WebSocket transport and an in-memory auth storage. */
export type IqsClientOptions = SupabaseClientOptions<'public'>;

export function createIqsClient(config: BackendConfig, options: IqsClientOptions = {}): IqsClient {
  return createClient<Database>(config.supabaseUrl, config.supabaseAnonKey, {
    ...options,
    auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: false, ...options.auth },
  });
}
