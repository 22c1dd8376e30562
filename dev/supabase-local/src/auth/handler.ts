/**
 * /auth/v1: the part of GoTrue (supabase/auth) that IQS uses — password sign-in, refresh-token rotation, the current
 * user, sign-out, and the admin user API for tools. Sign-up is disabled (IQS's people are added by an admin).
 * All SQL here runs as the database superuser, as GoTrue runs as supabase_auth_admin, never as a request role.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { handleAdmin } from './admin';
import { API_VERSION_2024, API_VERSION_HEADER, AuthError, authErrorBody, invalidCredentials, wantsApi2024 } from './errors';
import { verifyJwt, type JwtClaims } from './jwt';
import { authenticate, bearer, parseJsonObject, type AuthContext, type AuthRequest } from './request';
import { LoginLockedError } from './loginLimits';
import { BCRYPT_COST, bcryptCost, DUMMY_BCRYPT_SALT, hashPasswordSql } from './passwords';
import { createSession, rotateRefreshToken, sessionResponse } from './sessions';
import { findUserById, userJson, UUID_PATTERN, type UserRow } from './users';

export interface AuthResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** the role of the caller's token, for the request log */
  role: string;
}

/** The signed-in user and session of a token (maybeLoadUserOrSession). */
async function loadUserAndSession(ctx: AuthContext, claims: JwtClaims): Promise<{ user: UserRow; sessionId: string | null }> {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  if (!UUID_PATTERN.test(sub)) throw new AuthError(400, 'bad_jwt', 'invalid claim: sub claim must be a UUID');
  const sessionId =
    typeof claims.session_id === 'string' && claims.session_id !== '' && claims.session_id !== '00000000-0000-0000-0000-000000000000'
      ? claims.session_id
      : null;
  return ctx.db.transaction(
    async (tx) => {
      const user = await findUserById(tx, sub);
      if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
      if (sessionId !== null) {
        const found = UUID_PATTERN.test(sessionId)
          ? await tx.query(`select 1 from auth.sessions where id = $1::uuid and user_id = $2::uuid`, [sessionId, sub])
          : { rows: [] };
        if (found.rows.length === 0) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
      }
      return { user, sessionId };
    },
    { readOnly: true },
  );
}

/** The sign-in's database work: ONE bcrypt comparison whether or not the account exists or has a password. */
async function passwordGrant(ctx: AuthContext, request: AuthRequest): Promise<unknown> {
  const params = parseJsonObject(request.body);
  const email = typeof params.email === 'string' ? params.email.trim() : '';
  const password = typeof params.password === 'string' ? params.password : '';
  if (email === '') throw new AuthError(400, 'validation_failed', 'missing email or phone');
  const userAgent = typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null;
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      id: string | null;
      stored: string | null;
      computed: string;
      confirmed: boolean;
      banned: boolean;
    }>(
      `select u.id::text as id, u.encrypted_password as stored,
              extensions.crypt($2, case when u.encrypted_password ~ '^\\$2[abxy]?\\$[0-9]{2}\\$' then u.encrypted_password else $3 end) as computed,
              coalesce(u.email_confirmed_at is not null, false) as confirmed,
              coalesce(u.banned_until > now(), false) as banned
       from (select 1) as one
       left join lateral (
         select * from auth.users u
         where lower(u.email) = lower($1) and u.deleted_at is null and not u.is_sso_user
         order by u.created_at nulls last limit 1
       ) u on true`,
      [email, password, DUMMY_BCRYPT_SALT],
    );
    const found = rows[0]!;
    if (found.id === null || bcryptCost(found.stored) === null || found.computed !== found.stored) throw invalidCredentials();
    if (found.banned) throw new AuthError(400, 'user_banned', 'User is banned');
    if (!found.confirmed) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed');
    // a hash made at another cost (an older seed) is redone at the common one, so that every account costs the same
    const rehash = bcryptCost(found.stored) !== BCRYPT_COST ? `, encrypted_password = ${hashPasswordSql('$2')}` : '';
    await tx.query(`update auth.users set last_sign_in_at = now(), updated_at = now()${rehash} where id = $1::uuid`, [
      found.id,
      ...(rehash ? [password] : []),
    ]);
    await tx.query(`update auth.identities set last_sign_in_at = now() where user_id = $1::uuid and provider = 'email'`, [found.id]);
    const session = await createSession(tx, found.id, userAgent);
    const user = (await findUserById(tx, found.id))!;
    return sessionResponse(ctx, user, session, session.refreshToken);
  });
}

/** A password sign-in under the limits per account and per address: 429 with Retry-After while either is locked. */
async function limitedPasswordGrant(ctx: AuthContext, request: AuthRequest): Promise<unknown> {
  const params = parseJsonObject(request.body);
  const email = typeof params.email === 'string' ? params.email : '';
  try {
    return await ctx.loginLimiter.attempt(
      email,
      request.address,
      () => passwordGrant(ctx, request),
      (error) => (error instanceof AuthError && error.code === 'invalid_credentials' ? 'failed' : 'neither'),
    );
  } catch (error) {
    if (error instanceof LoginLockedError) {
      throw new AuthError(429, 'over_request_rate_limit', error.message, {
        'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))),
      });
    }
    throw error;
  }
}

async function refreshGrant(ctx: AuthContext, request: AuthRequest): Promise<unknown> {
  const params = parseJsonObject(request.body);
  const token = typeof params.refresh_token === 'string' ? params.refresh_token : '';
  if (token === '') throw new AuthError(400, 'validation_failed', 'refresh_token required');
  // the revocation of a reused token must be committed even though the answer is an error
  const result = await ctx.db.transaction(async (tx) => {
    const outcome = await rotateRefreshToken(tx, token);
    if (outcome.kind !== 'rotated') return outcome;
    const user = await findUserById(tx, outcome.userId);
    if (!user) return { kind: 'not_found' as const };
    return { kind: 'ok' as const, response: sessionResponse(ctx, user, outcome.session, outcome.refreshToken) };
  });
  if (result.kind === 'not_found') throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  if (result.kind === 'reused') throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  return result.response;
}

async function logout(ctx: AuthContext, request: AuthRequest): Promise<void> {
  const scope = request.query.get('scope') ?? 'global';
  if (!['global', 'local', 'others'].includes(scope)) throw new AuthError(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
  const { user, sessionId } = await loadUserAndSession(ctx, authenticate(ctx, request.headers));
  await ctx.db.transaction(async (tx) => {
    if (sessionId === null || scope === 'global') {
      await tx.query(`delete from auth.sessions where user_id = $1::uuid`, [user.id]);
      await tx.query(`delete from auth.refresh_tokens where user_id = $1`, [user.id]);
    } else if (scope === 'local') {
      await tx.query(`delete from auth.sessions where id = $1::uuid`, [sessionId]);
    } else {
      await tx.query(`delete from auth.sessions where user_id = $1::uuid and id <> $2::uuid`, [user.id, sessionId]);
    }
  });
}

type Route = (ctx: AuthContext, request: AuthRequest) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;

const ROUTES: Record<string, Route> = {
  'GET /health': async () => ({
    status: 200,
    body: { version: 'iqs-local', name: 'GoTrue', description: 'The local Supabase stand-in (GoTrue subset)' },
  }),
  'GET /settings': async () => ({
    status: 200,
    body: {
      external: { email: true, phone: false, anonymous_users: false },
      disable_signup: true,
      mailer_autoconfirm: true,
      phone_autoconfirm: false,
      sms_provider: '',
      saml_enabled: false,
    },
  }),
  // HS256 keys are symmetric and never published: supabase-js then verifies tokens through /user
  'GET /.well-known/jwks.json': async () => ({ status: 200, body: { keys: [] } }),
  'POST /token': async (ctx, request) => {
    const grant = request.query.get('grant_type');
    if (grant === 'password') return { status: 200, body: await limitedPasswordGrant(ctx, request) };
    if (grant === 'refresh_token') return { status: 200, body: await refreshGrant(ctx, request) };
    throw new AuthError(400, 'validation_failed', 'unsupported_grant_type');
  },
  'GET /user': async (ctx, request) => {
    const { user } = await loadUserAndSession(ctx, authenticate(ctx, request.headers));
    return { status: 200, body: userJson(user) };
  },
  'POST /logout': async (ctx, request) => {
    await logout(ctx, request);
    return { status: 204 };
  },
  'POST /signup': async () => {
    throw new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance');
  },
};

/** The role claim of a verifiable token, for the request log only. */
function logRole(ctx: AuthContext, headers: IncomingHttpHeaders): string {
  const token = bearer(headers);
  if (token === null) return 'anon';
  try {
    const role = verifyJwt(token, ctx.jwtSecret).role;
    return typeof role === 'string' ? role : 'anon';
  } catch {
    return 'invalid';
  }
}

export async function handleAuth(ctx: AuthContext, request: AuthRequest): Promise<AuthResponse> {
  const api2024 = wantsApi2024(request.headers['x-supabase-api-version']);
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (api2024) headers[API_VERSION_HEADER] = API_VERSION_2024;
  const role = logRole(ctx, request.headers);
  try {
    const route = ROUTES[`${request.method} ${request.path}`];
    const result = route ? await route(ctx, request) : await handleAdmin(ctx, request);
    if (result.status === 204) return { status: 204, headers: { ...headers, ...result.headers }, body: '', role };
    return { status: result.status, headers: { ...headers, ...result.headers }, body: JSON.stringify(result.body ?? {}), role };
  } catch (error) {
    if (error instanceof AuthError)
      return { status: error.status, headers: { ...headers, ...error.headers }, body: JSON.stringify(authErrorBody(error, api2024)), role };
    throw error;
  }
}
