/** The request shape of the auth handlers, and how they read bodies and tokens. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Database } from '../db/types';
import { AuthError } from './errors';
import type { LoginLimiter } from './loginLimits';
import { JwtError, verifyJwt, type JwtClaims } from './jwt';
import type { TokenSettings } from './sessions';

export interface AuthContext extends TokenSettings {
  db: Database;
  loginLimiter: LoginLimiter;
}

export interface AuthRequest {
  method: string;
  /** the part after /auth/v1, e.g. /token */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string | null;
  /** the client's address (the socket's peer), for the sign-in limits */
  address: string;
}

export function parseJsonObject(body: string | null): Record<string, unknown> {
  if (body === null || body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AuthError(400, 'bad_json', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

export const bearer = (headers: IncomingHttpHeaders): string | null => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match ? match[1]! : null;
};

/** GoTrue's requireAuthentication: a valid HS256 token (else 401/403). */
export function authenticate(ctx: AuthContext, headers: IncomingHttpHeaders): JwtClaims {
  const token = bearer(headers);
  if (token === null) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  try {
    return verifyJwt(token, ctx.jwtSecret);
  } catch (error) {
    if (error instanceof JwtError)
      throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${error.message}`);
    throw error;
  }
}
