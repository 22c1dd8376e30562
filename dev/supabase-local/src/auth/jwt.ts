import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The roles a token may name; anything else is refused before the database is touched. */
export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export type JwtClaims = Record<string, unknown>;

export type JwtFailure = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'claims';

export class JwtError extends Error {
  constructor(
    readonly reason: JwtFailure,
    message: string,
  ) {
    super(message);
    this.name = 'JwtError';
  }
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** HS256 — the only algorithm the stand-in signs or accepts. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** A random secret for a new data folder (256 bits, 43 characters). */
export function createJwtSecret(): string {
  return randomBytes(32).toString('base64url');
}

function decodeJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new JwtError('malformed', 'token is malformed: illegal base64 data');
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed', 'token is malformed: could not JSON decode segment');
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies an HS256 token made with `secret` and returns its claims. Refuses `alg: none` and every other algorithm,
 * a bad signature, a malformed token and an expired one (exp in the past; nbf in the future).
 */
export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3)
    throw new JwtError('malformed', `token is malformed: token contains an invalid number of segments (expected 3, got ${parts.length})`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (!isObject(header)) throw new JwtError('malformed', 'token is malformed: the header is not a JSON object');
  if (header.alg !== 'HS256') {
    throw new JwtError('algorithm', `token is unverifiable: signing method ${String(header.alg)} is invalid`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) throw new JwtError('malformed', 'token is malformed: illegal base64 data in the signature');
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new JwtError('signature', 'token signature is invalid: signature is invalid');
  }
  const claims = decodeJson(payloadPart);
  if (!isObject(claims)) throw new JwtError('malformed', 'token is malformed: the claims are not a JSON object');
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') throw new JwtError('claims', "token has invalid claims: the 'exp' claim must be a number");
    if (nowSeconds >= claims.exp) throw new JwtError('expired', 'token has invalid claims: token is expired');
  }
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number') throw new JwtError('claims', "token has invalid claims: the 'nbf' claim must be a number");
    if (nowSeconds < claims.nbf) throw new JwtError('claims', 'token has invalid claims: token is not valid yet');
  }
  return claims;
}

/** The database role a verified token asks for: its `role` claim, anon when absent; null when not an API role. */
export function roleOfClaims(claims: JwtClaims): ApiRole | null {
  const role = claims.role ?? 'anon';
  return typeof role === 'string' && (API_ROLES as readonly string[]).includes(role) ? (role as ApiRole) : null;
}

/** Long-lived anon/service keys, stable for a given secret (fixed iat/exp), like Supabase's project API keys. */
export function apiKeys(secret: string): { anonKey: string; serviceRoleKey: string } {
  const common = { iss: 'supabase', ref: 'iqs-local', iat: 1767225600 /* 2026-01-01 */, exp: 2082758400 /* 2036-01-01 */ };
  return {
    anonKey: signJwt({ ...common, role: 'anon' }, secret),
    serviceRoleKey: signJwt({ ...common, role: 'service_role' }, secret),
  };
}
