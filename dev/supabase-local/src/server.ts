/**
 * The stand-in's HTTP server: /rest/v1 (PostgREST) and /auth/v1 (GoTrue) on one port, like Supabase's gateway.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { handleAuth } from './auth/handler';
import { apiKeys } from './auth/jwt';
import type { Database } from './db/types';
import { LoginLimiter, type LoginLimitSettings } from './auth/loginLimits';
import { BodyTooLargeError, readBody } from './http/body';
import { InvalidInputError, refuseNul } from './http/invalidInput';
import { handleCors } from './http/cors';
import { authenticateRest } from './rest/authenticate';
import type { RestContext } from './rest/context';
import { ApiError } from './rest/errors';
import { handleRest } from './rest/handler';
import { loadSchemaCache, type SchemaCache } from './rest/schemaCache';

export interface LocalSupabaseOptions {
  db: Database;
  port: number; // 0 = any free port
  host?: string; // default 127.0.0.1
  jwtSecret: string; // HS256, at least 32 characters
  /** browser origins allowed by CORS (the viewer's, e.g. http://127.0.0.1:3000); default: none */
  allowedOrigins?: readonly string[];
  exposedSchemas?: readonly string[]; // default ['public']
  /** access-token lifetime in seconds, default 3600 */
  accessTokenTtl?: number;
  /** at most this many rows per read, like Supabase's api.max_rows (default 1000); null = unlimited */
  maxRows?: number | null;
  /** largest accepted request body in bytes for anon and user tokens and for /auth/v1, default 1 MB */
  maxBodyBytes?: number;
  /** largest accepted request body in bytes for a service_role token (the ingestion's batches), default 10 MB */
  serviceRoleMaxBodyBytes?: number;
  /** at most this many rows per insert/upsert for anon and user tokens (default 1000); null = unlimited */
  maxInsertRows?: number | null;
  /** password sign-in limits per account and per client address (see auth/loginLimits.ts for the defaults) */
  loginLimits?: Partial<LoginLimitSettings>;
  /** called once per request after it is answered */
  onRequest?: (entry: { method: string; path: string; status: number; role: string; ms: number }) => void;
}

export interface LocalSupabase {
  readonly url: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  /** re-read the schema (tables, views, columns, functions) after migrations */
  reloadSchema(): Promise<void>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** An error as the API it happened in answers it (PostgREST's or GoTrue's body); internals stay in the log. */
function errorAnswer(req: IncomingMessage, path: string, error: unknown): Answer {
  const auth = path.startsWith('/auth/v1/');
  if (error instanceof ApiError) return json(error.status, error.body(), error.headers);
  if (error instanceof InvalidInputError) {
    return auth
      ? json(400, { code: 'validation_failed', message: error.message })
      : json(400, { code: error.part === 'body' ? 'PGRST102' : 'PGRST100', message: error.message, details: null, hint: null });
  }
  if (error instanceof BodyTooLargeError) {
    return auth
      ? json(413, { code: 'request_too_large', message: error.message })
      : json(413, { code: 'PGRST413', message: error.message, details: null, hint: null });
  }
  console.error(`local-supabase: ${req.method} ${path} failed:`, error);
  return auth
    ? json(500, { code: 'unexpected_failure', message: 'Unexpected failure, please check server logs for more information' })
    : json(500, { code: 'PGRSTX00', message: 'Internal server error', details: null, hint: null });
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  const body = req.method === 'HEAD' || answer.status === 204 || answer.status === 304 ? '' : answer.body;
  res.statusCode = answer.status;
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export async function startLocalSupabase(options: LocalSupabaseOptions): Promise<LocalSupabase> {
  if (options.jwtSecret.length < 32) throw new Error('startLocalSupabase: jwtSecret must be at least 32 characters');
  const host = options.host ?? '127.0.0.1';
  const exposedSchemas = options.exposedSchemas ?? ['public'];
  if (exposedSchemas.length === 0) throw new Error('startLocalSupabase: exposedSchemas must name at least one schema');
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const serviceRoleMaxBodyBytes = options.serviceRoleMaxBodyBytes ?? 10 * 1024 * 1024;
  const loginLimiter = new LoginLimiter(options.loginLimits);
  const { anonKey, serviceRoleKey } = apiKeys(options.jwtSecret);

  let cache: SchemaCache = await loadSchemaCache(options.db, exposedSchemas);
  const restContext: RestContext = {
    db: options.db,
    schemaCache: () => cache,
    exposedSchemas,
    maxRows: options.maxRows === undefined ? 1000 : options.maxRows,
    maxInsertRows: options.maxInsertRows === undefined ? 1000 : options.maxInsertRows,
  };
  let url = '';

  async function route(req: IncomingMessage, path: string, query: URLSearchParams, setRole: (role: string) => void): Promise<Answer> {
    const method = req.method ?? 'GET';
    const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (path === '/rest/v1' || path.startsWith('/rest/v1/')) {
      // the token decides the body limit; the body is read before a refusal is answered, so that the refusal reaches
      // a client that is still sending
      let authenticated: ReturnType<typeof authenticateRest> | null = null;
      let refusal: unknown = null;
      try {
        authenticated = authenticateRest(req.headers, options.jwtSecret);
      } catch (error) {
        refusal = error;
      }
      const limit = authenticated?.role === 'service_role' ? serviceRoleMaxBodyBytes : maxBodyBytes;
      const body = hasBody ? await readBody(req, limit) : null;
      setRole('invalid'); // until the token is accepted
      if (!authenticated) throw refusal;
      const { role, claims } = authenticated;
      setRole(role);
      refuseNul(path, query, body);
      const rest = path.slice('/rest/v1'.length) || '/';
      return handleRest(restContext, { method, path: rest, query, headers: req.headers, body, role, claims });
    }
    if (path.startsWith('/auth/v1/')) {
      const body = hasBody ? await readBody(req, maxBodyBytes) : null;
      refuseNul(path, query, body);
      const answer = await handleAuth(
        {
          db: options.db,
          jwtSecret: options.jwtSecret,
          issuer: `${url}/auth/v1`,
          accessTokenTtl: options.accessTokenTtl ?? 3600,
          loginLimiter,
        },
        { method, path: path.slice('/auth/v1'.length), query, headers: req.headers, body, address: req.socket.remoteAddress ?? 'unknown' },
      );
      setRole(answer.role);
      return answer;
    }
    // what Supabase's gateway (Kong) answers for an unknown route
    return json(404, { message: 'no Route matched with those values' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let role = 'anon';
    let path = '';
    let logged = false;
    const log = () => {
      if (logged || !options.onRequest) return;
      logged = true;
      try {
        options.onRequest({
          method: req.method ?? '',
          path,
          status: res.statusCode,
          role,
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      } catch (error) {
        console.error('local-supabase: onRequest threw', error);
      }
    };
    res.on('finish', log);
    res.on('close', log);
    let parsed: URL;
    try {
      parsed = new URL(req.url ?? '/', 'http://stand-in.invalid');
    } catch {
      send(req, res, json(400, { message: 'Invalid request URL' }));
      return;
    }
    path = parsed.pathname;
    if (handleCors(req, res, options.allowedOrigins ?? [])) return;
    let answer: Answer;
    try {
      answer = await route(req, path, parsed.searchParams, (r) => (role = r));
    } catch (error) {
      answer = errorAnswer(req, path, error);
    }
    if (!res.headersSent && !res.writableEnded) send(req, res, answer);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('local-supabase: unhandled', error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  // a stuck client must not keep a PGlite transaction (and so every other request) waiting: bodies are read before
  // the transaction starts, and idle sockets are closed
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url,
    anonKey,
    serviceRoleKey,
    async reloadSchema() {
      cache = await loadSchemaCache(options.db, exposedSchemas);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
