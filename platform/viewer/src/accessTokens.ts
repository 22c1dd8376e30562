/**
 * Whether a request for patient data (/dicomweb) comes from a signed-in IQS user: the Bearer token the viewer sends
 * is the user's Supabase access token, checked as the backend checks it. For the local stand-in: an HS256 JWT made
 * with its secret; for a Supabase project: its /auth/v1/user answers for it (remembered for a short while, so that
 * the images of a study do not each cost a round trip).
 */
import { JwtError, roleOfClaims, verifyJwt } from '@iqs/supabase-local';

export type AccessTokenVerdict = { readonly ok: true; readonly userId: string } | { readonly ok: false; readonly reason: string };
export type AccessTokenCheck = (token: string) => Promise<AccessTokenVerdict>;

const refused = (reason: string): AccessTokenVerdict => ({ ok: false, reason });

/**
 * A signed-in user's token from the local stand-in: signed with its secret (HS256 only: no alg none, no other
 * algorithm), not expired and with an expiry, role authenticated (not the anon or service-role key), naming a user.
 */
export function createLocalTokenCheck(jwtSecret: string): AccessTokenCheck {
  return async (token) => {
    let claims: Record<string, unknown>;
    try {
      claims = verifyJwt(token, jwtSecret);
    } catch (error) {
      if (error instanceof JwtError) return refused(error.message);
      throw error;
    }
    if (typeof claims.exp !== 'number') return refused('the token has no expiry');
    if (roleOfClaims(claims) !== 'authenticated') return refused('the token is not a signed-in user’s');
    if (typeof claims.sub !== 'string' || claims.sub === '') return refused('the token names no user');
    return { ok: true, userId: claims.sub };
  };
}

export interface SupabaseTokenCheckOptions {
  readonly supabaseUrl: string;
  readonly anonKey: string;
  /** how long a good answer is remembered (default 30 s) */
  readonly rememberMs?: number;
  /** milliseconds, for tests */
  readonly now?: () => number;
}

const MAX_REMEMBERED = 1000;

/** A signed-in user's token for a Supabase project: the project's GoTrue says whose it is (GET /auth/v1/user). */
export function createSupabaseTokenCheck(options: SupabaseTokenCheckOptions): AccessTokenCheck {
  const rememberMs = options.rememberMs ?? 30_000;
  const now = options.now ?? Date.now;
  const remembered = new Map<string, { readonly userId: string; readonly until: number }>();
  const userUrl = `${options.supabaseUrl.replace(/\/+$/u, '')}/auth/v1/user`;

  return async (token) => {
    if (token === '') return refused('no token');
    const known = remembered.get(token);
    if (known && known.until > now()) return { ok: true, userId: known.userId };
    remembered.delete(token);
    let answer: Response;
    try {
      answer = await fetch(userUrl, {
        headers: { Authorization: `Bearer ${token}`, apikey: options.anonKey },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      return refused(`the session could not be checked: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!answer.ok) {
      await answer.body?.cancel();
      return refused(`the IQS backend does not accept the token (${answer.status})`);
    }
    const user = (await answer.json().catch(() => null)) as { id?: unknown; role?: unknown } | null;
    if (typeof user?.id !== 'string' || user.role !== 'authenticated') return refused('the token is not a signed-in user’s');
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
    remembered.set(token, { userId: user.id, until: now() + rememberMs });
    return { ok: true, userId: user.id };
  };
}
