/** GoTrue's errors: {code, message} for API version 2024-01-01 clients, {code: status, error_code, msg} before. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** extra response headers, e.g. Retry-After */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export const API_VERSION_HEADER = 'X-Supabase-Api-Version';
export const API_VERSION_2024 = '2024-01-01';

/** Whether the client asked for the 2024-01-01 API (supabase-js sends it on every auth request). */
export function wantsApi2024(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= API_VERSION_2024;
}

export function authErrorBody(error: AuthError, api2024: boolean): Record<string, unknown> {
  return api2024 ? { code: error.code, message: error.message } : { code: error.status, error_code: error.code, msg: error.message };
}

export const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
