/**
 * The one typed server-side client of IQS: supabase-js as the service role, for the ingestion, the `iqs` CLI and
 * the launcher. It bypasses Row Level Security, so it never reaches a browser: the browser has its own client in
 * the extension's data layer, with the anon key and the signed-in person's session.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { Database } from './database.types';

export type IqsServiceClient = SupabaseClient<Database>;

/** Where a Supabase API is and the service-role key that opens it. */
export interface ServiceTarget {
  readonly url: string;
  readonly serviceRoleKey: string;
}

export class ConnectionError extends Error {}

export function createServiceClient(target: ServiceTarget): IqsServiceClient {
  return createClient<Database>(target.url, target.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket, which realtime-js insists on at construction (IQS does not use realtime)
    realtime: { transport: WebSocket as never },
  });
}

/** The problem that stops the client from reading the schema, or null when it answers. */
export async function checkReachable(client: IqsServiceClient): Promise<string | null> {
  try {
    const { error } = await client.from('sites').select('id').limit(1);
    return error ? error.message || 'no answer' : null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A service client that has answered once; `describe` names the target in the error. */
export async function connectAsService(target: ServiceTarget, describe = target.url): Promise<IqsServiceClient> {
  const client = createServiceClient(target);
  const problem = await checkReachable(client);
  if (problem) throw new ConnectionError(`${describe} cannot be used: ${problem}`);
  return client;
}
