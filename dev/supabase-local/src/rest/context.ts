import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRole, JwtClaims } from '../auth/jwt';
import type { Database, Tx } from '../db/types';
import type { SchemaCache } from './schemaCache';
import { ident } from './sql';

/** What the REST handler needs from the server. */
export interface RestContext {
  db: Database;
  schemaCache(): SchemaCache;
  exposedSchemas: readonly string[];
  /** PostgREST's db-max-rows (Supabase: api.max_rows); null = unlimited */
  maxRows: number | null;
  /** most rows one insert/upsert of anon or a user may send (service_role: no limit but the body size); null = unlimited */
  maxInsertRows: number | null;
}

/** One REST request, already authenticated. */
export interface RestRequest {
  method: string;
  /** the part after /rest/v1, e.g. /notes or /rpc/add */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string | null;
  role: ApiRole;
  claims: JwtClaims;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Extra schemas on the search_path of every request, as Supabase's api.extra_search_path. */
const EXTRA_SEARCH_PATH = ['public', 'extensions'];

const SET_LOCALS = `select
  set_config('search_path', $1, true),
  set_config('role', $2, true),
  set_config('request.jwt.claims', $3, true),
  set_config('request.method', $4, true),
  set_config('request.path', $5, true),
  set_config('request.headers', $6, true),
  set_config('request.cookies', $7, true)`;

function headersJson(headers: IncomingHttpHeaders): string {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return JSON.stringify(out);
}

function cookiesJson(header: string | undefined): string {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return JSON.stringify(out);
}

/**
 * PostgREST's per-request transaction locals (Query.hs setPgLocals): the role from the JWT, its claims, the request
 * method, path and headers, and the search_path — all transaction-local, so nothing outlives the request.
 */
export async function setRequestLocals(
  tx: Tx,
  request: RestRequest,
  schema: string,
  roleSettings: ReadonlyArray<[string, string]> = [],
): Promise<void> {
  const searchPath = [...new Set([schema, ...EXTRA_SEARCH_PATH])].map(ident).join(', ');
  // the role's own settings (statement_timeout…) as PostgREST applies them, before the role is switched to
  const settings = roleSettings.map((_, i) => `set_config($${8 + 2 * i}, $${9 + 2 * i}, true), `).join('');
  await tx.query(SET_LOCALS.replace('select\n', `select ${settings}\n`), [
    searchPath,
    request.role,
    JSON.stringify(request.claims),
    request.method,
    request.path, // as PostgREST sees it behind the gateway: /notes
    headersJson(request.headers),
    cookiesJson(request.headers.cookie),
    ...roleSettings.flat(),
  ]);
}
