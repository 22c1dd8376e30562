import type { IncomingHttpHeaders } from 'node:http';
import { JwtError, roleOfClaims, verifyJwt, type ApiRole, type JwtClaims } from '../auth/jwt';
import { ApiError } from './errors';

const invalidToken = (message: string) =>
  new ApiError(401, 'PGRST301', message, null, null, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`,
  });

const JWT_MESSAGES: Record<JwtError['reason'], string> = {
  malformed: 'JWT could not be decoded',
  algorithm: 'Wrong or unsupported encoding algorithm',
  signature: 'JWT cryptographic operation failed',
  expired: 'JWT expired',
  claims: 'JWT claims could not be validated',
};

/**
 * PostgREST's authentication: the Bearer token (or, as Supabase's gateway does, the apikey header when there is no
 * Authorization) must be an HS256 JWT made with the project's secret; its role claim picks the database role.
 * No token at all means anon. Only anon, authenticated and service_role are accepted.
 */
export function authenticateRest(headers: IncomingHttpHeaders, secret: string): { role: ApiRole; claims: JwtClaims } {
  const authorization = headers.authorization;
  let token: string | null = null;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization);
    if (!match) throw invalidToken('Expected a Bearer token in the Authorization header');
    token = match[1]!;
    if (token === '') throw invalidToken('Empty JWT is sent in Authorization header');
  } else if (typeof headers.apikey === 'string' && headers.apikey !== '') {
    token = headers.apikey;
  }
  if (token === null) return { role: 'anon', claims: { role: 'anon' } };
  let claims: JwtClaims;
  try {
    claims = verifyJwt(token, secret);
  } catch (error) {
    if (error instanceof JwtError) throw invalidToken(JWT_MESSAGES[error.reason]);
    throw error;
  }
  const role = roleOfClaims(claims);
  if (role === null)
    throw invalidToken(`JWT role ${JSON.stringify(claims.role)} is not allowed (only anon, authenticated and service_role)`);
  return { role, claims: claims.role === undefined ? { ...claims, role } : claims };
}
