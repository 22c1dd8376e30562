import type { IncomingMessage, ServerResponse } from 'node:http';

/** What supabase-js sends from a browser (local-supabase.md §Recommendation). */
const ALLOWED_HEADERS = [
  'apikey',
  'authorization',
  'content-type',
  'prefer',
  'accept',
  'accept-profile',
  'content-profile',
  'x-client-info',
  'x-supabase-api-version',
  'x-retry-count',
  'range',
];

/** Content-Range carries the counts: without exposing it, `count` is null in the browser. */
const EXPOSED_HEADERS = ['Content-Range', 'Content-Profile', 'Content-Location', 'X-Supabase-Api-Version', 'X-Total-Count', 'Link'];

const ALLOWED_METHODS = 'GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS';

/**
 * Adds CORS headers for allowed origins only (never a wildcard), and answers preflights.
 * Returns true when the request was an OPTIONS request and has been answered.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  const allowed = typeof origin === 'string' && allowedOrigins.includes(origin);
  res.setHeader('Vary', 'Origin');
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '));
    res.setHeader('Access-Control-Max-Age', '86400');
  }
  res.statusCode = 204;
  res.end();
  return true;
}
