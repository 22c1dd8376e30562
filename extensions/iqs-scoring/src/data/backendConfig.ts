/**
 * Where the IQS backend is: the Supabase URL and anon key come from the viewer configuration
 * (window.config.iqs, written by platform/config), never from the code.
 */
export interface BackendConfig {
  readonly supabaseUrl: string;
  readonly supabaseAnonKey: string;
}

/** The backend settings in OHIF's app config, or null when IQS runs without a backend. */
export function backendConfigFrom(appConfig: unknown): BackendConfig | null {
  const iqs = (appConfig as { iqs?: { supabaseUrl?: unknown; supabaseAnonKey?: unknown } } | null | undefined)?.iqs;
  const url = typeof iqs?.supabaseUrl === 'string' ? iqs.supabaseUrl.trim() : '';
  const key = typeof iqs?.supabaseAnonKey === 'string' ? iqs.supabaseAnonKey.trim() : '';
  if (!url || !key) return null;
  try {
    new URL(url);
  } catch {
    return null;
  }
  return { supabaseUrl: url.replace(/\/+$/u, ''), supabaseAnonKey: key };
}
