/** Sessions, rotating refresh tokens and access tokens, as GoTrue keeps them in auth.sessions/auth.refresh_tokens. */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/types';
import { signJwt } from './jwt';
import { appMetadata, userJson, userMetadata, type UserRow } from './users';

export interface TokenSettings {
  jwtSecret: string;
  /** iss of access tokens: <url>/auth/v1 */
  issuer: string;
  accessTokenTtl: number;
}

interface SessionRow {
  id: string;
  created_at: unknown;
}

const newRefreshToken = () => randomBytes(18).toString('base64url');

/** GoTrue's AccessTokenClaims, in its order. */
export function accessTokenClaims(settings: TokenSettings, user: UserRow, session: { id: string; signedInAt: number }, now: number) {
  return {
    iss: settings.issuer,
    sub: user.id,
    aud: user.aud || 'authenticated',
    exp: now + settings.accessTokenTtl,
    iat: now,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: appMetadata(user),
    user_metadata: userMetadata(user),
    role: user.role || 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: session.signedInAt }],
    session_id: session.id,
    is_anonymous: user.is_anonymous ?? false,
  };
}

/** The session response: {access_token, token_type, expires_in, expires_at, refresh_token, user}. */
export function sessionResponse(settings: TokenSettings, user: UserRow, session: { id: string; signedInAt: number }, refreshToken: string) {
  const now = Math.floor(Date.now() / 1000);
  const claims = accessTokenClaims(settings, user, session, now);
  return {
    access_token: signJwt(claims, settings.jwtSecret),
    token_type: 'bearer',
    expires_in: settings.accessTokenTtl,
    expires_at: claims.exp,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

const epochSeconds = (value: unknown) => Math.floor((value instanceof Date ? value : new Date(String(value))).getTime() / 1000);

/** A new session with its first refresh token (password sign-in). */
export async function createSession(
  tx: Tx,
  userId: string,
  userAgent: string | null,
): Promise<{ id: string; signedInAt: number; refreshToken: string }> {
  const { rows } = await tx.query<SessionRow>(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent)
     values (gen_random_uuid(), $1::uuid, now(), now(), 'aal1', $2)
     returning id::text as id, created_at`,
    [userId, userAgent],
  );
  const session = rows[0]!;
  const refreshToken = newRefreshToken();
  await tx.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), null, $3::uuid)`,
    [refreshToken, userId, session.id],
  );
  return { id: session.id, signedInAt: epochSeconds(session.created_at), refreshToken };
}

export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; session: { id: string; signedInAt: number }; refreshToken: string }
  | { kind: 'not_found' }
  | { kind: 'reused' };

/**
 * Swaps a refresh token for a new one in the same session. A token used a second time is an attack signal: the
 * whole session is revoked (its tokens and the session itself), so the rotated token stops working too.
 */
export async function rotateRefreshToken(tx: Tx, token: string): Promise<RefreshOutcome> {
  const { rows } = await tx.query<{ id: string; user_id: string; revoked: boolean; session_id: string | null; session_created: unknown }>(
    `select r.id::text as id, r.user_id, r.revoked, r.session_id::text as session_id, s.created_at as session_created
     from auth.refresh_tokens r left join auth.sessions s on s.id = r.session_id
     where r.token = $1 for update of r`,
    [token],
  );
  const row = rows[0];
  if (!row || row.session_id === null || row.session_created === null) return { kind: 'not_found' };
  if (row.revoked) {
    await tx.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1::uuid`, [row.session_id]);
    await tx.query(`delete from auth.sessions where id = $1::uuid`, [row.session_id]);
    return { kind: 'reused' };
  }
  await tx.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1::bigint`, [row.id]);
  const refreshToken = newRefreshToken();
  await tx.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4::uuid)`,
    [refreshToken, row.user_id, token, row.session_id],
  );
  await tx.query(`update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now() where id = $1::uuid`, [
    row.session_id,
  ]);
  return {
    kind: 'rotated',
    userId: row.user_id,
    session: { id: row.session_id, signedInAt: epochSeconds(row.session_created) },
    refreshToken,
  };
}
