/**
 * PostgREST's error bodies and status codes (src/PostgREST/Error.hs, mapSQLtoHTTP): {code, message, details, hint}.
 */
export interface ErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

/** An error answered to the client as is. */
export class ApiError extends Error {
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.headers = headers;
  }

  body(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}

export const parseError = (what: string, raw: string, details: string) =>
  new ApiError(400, 'PGRST100', `failed to parse ${what} (${raw})`, details);

/** What the pg and PGlite drivers put on a server error. */
export interface PgErrorLike {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function isPgError(error: unknown): error is PgErrorLike {
  const e = error as { code?: unknown; message?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.message === 'string' && e.severity !== undefined;
}

/** The HTTP status PostgREST answers for a PostgreSQL error; `authed` = the role is not anon. */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
  if (code.startsWith('08')) return 503;
  if (code.startsWith('09')) return 500;
  if (code.startsWith('0L') || code.startsWith('0P')) return 403;
  switch (code) {
    case '23503':
    case '23505':
      return 409;
    case '25006':
      return 405;
    case '21000':
      return /requires a WHERE clause$/.test(message) ? 400 : 500;
    case '22023':
      return /^role .* does not exist$/.test(message) ? 401 : 400;
    case '53400':
      return 500;
    case '57P01':
      return 503;
    case 'P0001':
      return 400;
    case '42883':
      return 404;
    case '42P01':
      return 404;
    case '42P17':
      return 500;
    case '42501':
      return authed ? 403 : 401;
  }
  if (/^(25|2D|38|39|3B|40|54|55|57|58|F0|HV|P0|XX)/.test(code)) return 500;
  if (code.startsWith('28')) return 403;
  if (code.startsWith('53')) return 503;
  if (code.startsWith('PT')) {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
  }
  return 400;
}

/** A PostgreSQL error as PostgREST answers it. */
export function apiErrorFromPg(error: PgErrorLike, role: string): ApiError {
  const status = statusForSqlState(error.code, error.message, role !== 'anon');
  // 401 tells the client to authenticate (PostgREST adds the header for every 401 from the database)
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return new ApiError(status, error.code, error.message, error.detail || null, error.hint || null, headers);
}
