/**
 * IQS settings from environment variables: the one place that reads them, so the README's table and the code
 * cannot drift apart.
 */
import path from 'node:path';
import { withoutCredentials } from './urlCredentials';

export interface IqsSettings {
  /** viewer port (IQS_PORT, else PORT; default 3000) */
  readonly port: number;
  /** address to listen on (IQS_HOST; default 127.0.0.1) */
  readonly host: string;
  /**
   * host names (optionally name:port) the viewer answers besides loopback and IQS_HOST, lower case
   * (IQS_ALLOWED_HOSTS, comma-separated; e.g. the name a TLS reverse proxy passes on): any other Host header is
   * refused, so that a web page cannot reach IQS through DNS rebinding
   */
  readonly allowedHosts: readonly string[];
  /**
   * /dicomweb (the patient data) asks for a signed-in IQS user (IQS_REQUIRE_LOGIN=1): always when IQS_HOST is not
   * a loopback address, and IQS_REQUIRE_LOGIN=0 cannot turn it off there
   */
  readonly requireLogin: boolean;
  /** a folder of DICOM files to serve instead of the demo data (IQS_DICOM_DIR) */
  readonly dicomDir: string | null;
  /** an external DICOMweb PACS to use instead of the demo one (IQS_DICOMWEB_URL) */
  readonly dicomwebUrl: string | null;
  /** where generated data lives (IQS_DATA_DIR; default .data in the repository) */
  readonly dataDir: string;
  /** a Supabase project to use instead of the local stand-in (SUPABASE_URL + SUPABASE_ANON_KEY) */
  readonly supabase: { readonly url: string; readonly anonKey: string } | null;
  /** that project's service-role key, for the ingestion and other tools (SUPABASE_SERVICE_ROLE_KEY; never sent to browsers) */
  readonly supabaseServiceRoleKey: string | null;
  /** the local stand-in's port (IQS_SUPABASE_PORT; default 54321) */
  readonly supabasePort: number;
  /** the stand-in's database: a PostgreSQL server (DATABASE_URL) instead of the embedded engine */
  readonly databaseUrl: string | null;
  /** the stand-in's embedded database and secret (IQS_SUPABASE_DIR; default <data dir>/supabase) */
  readonly supabaseDir: string;
}

export class SettingsError extends Error {}

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(`${name}=${text} is not a port number (0–65535)`);
  return port;
}

function parseUrl(text: string, name: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(`${name}=${withoutCredentials(text)} is not a URL (expected e.g. http://localhost:8042/dicom-web)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SettingsError(`${name} must be an http(s) URL, not ${url.protocol}`);
  return url.href.replace(/\/+$/u, '');
}

/** Whether an address to listen on is reachable from this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/u, '$1').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(name);
}

// a host name, an IPv4 address or a bracketed IPv6 address, optionally with a port
const HOST_ENTRY = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/u;

function parseAllowedHosts(text: string | undefined): string[] {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  for (const entry of entries)
    if (!HOST_ENTRY.test(entry))
      throw new SettingsError(
        `IQS_ALLOWED_HOSTS: ${JSON.stringify(entry)} is not a host name (expected names such as iqs.hospital.example or 10.1.2.3, optionally with :port, separated by commas)`,
      );
  return entries;
}

function parseRequireLogin(text: string | undefined, host: string): boolean {
  const value = text?.trim() ?? '';
  if (value !== '' && value !== '0' && value !== '1')
    throw new SettingsError(`IQS_REQUIRE_LOGIN=${value} is not understood: use 1 (ask for a login) or leave it unset`);
  if (!isLoopbackHost(host)) {
    if (value === '0')
      throw new SettingsError(
        `IQS_REQUIRE_LOGIN=0 with IQS_HOST=${host}: on a network the images (patient data) are shown to signed-in IQS users only; unset IQS_REQUIRE_LOGIN`,
      );
    return true;
  }
  return value === '1';
}

export function readSettings(env: NodeJS.ProcessEnv, repositoryRoot: string): IqsSettings {
  const portText = env['IQS_PORT'] ?? env['PORT'];
  const dicomDir = env['IQS_DICOM_DIR']?.trim() || null;
  const dicomwebUrl = env['IQS_DICOMWEB_URL']?.trim() || null;
  if (dicomDir && dicomwebUrl)
    throw new SettingsError('Set IQS_DICOM_DIR or IQS_DICOMWEB_URL, not both: they name two different sources of images.');
  const supabaseUrl = env['SUPABASE_URL']?.trim() || null;
  const supabaseAnonKey = env['SUPABASE_ANON_KEY']?.trim() || null;
  if (Boolean(supabaseUrl) !== Boolean(supabaseAnonKey)) {
    throw new SettingsError(
      'Set both SUPABASE_URL and SUPABASE_ANON_KEY (the project URL and its anon key), or neither to use the local stand-in.',
    );
  }
  if (env['SUPABASE_SERVICE_ROLE_KEY']?.trim() && !supabaseUrl) {
    throw new SettingsError('SUPABASE_SERVICE_ROLE_KEY is set without SUPABASE_URL: say which Supabase project the key belongs to.');
  }
  const databaseUrl = env['DATABASE_URL']?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//u.test(databaseUrl))
    throw new SettingsError(`DATABASE_URL must be a postgres:// URL, not ${withoutCredentials(databaseUrl)}`);
  const supabasePortText = env['IQS_SUPABASE_PORT'];
  const dataDir = path.resolve(env['IQS_DATA_DIR']?.trim() || path.join(repositoryRoot, '.data'));
  const host = env['IQS_HOST']?.trim() || '127.0.0.1';
  return {
    port: portText ? parsePort(portText, env['IQS_PORT'] ? 'IQS_PORT' : 'PORT') : 3000,
    host,
    allowedHosts: parseAllowedHosts(env['IQS_ALLOWED_HOSTS']),
    requireLogin: parseRequireLogin(env['IQS_REQUIRE_LOGIN'], host),
    dicomDir: dicomDir ? path.resolve(dicomDir) : null,
    dicomwebUrl: dicomwebUrl ? parseUrl(dicomwebUrl, 'IQS_DICOMWEB_URL') : null,
    dataDir,
    supabase: supabaseUrl && supabaseAnonKey ? { url: parseUrl(supabaseUrl, 'SUPABASE_URL'), anonKey: supabaseAnonKey } : null,
    supabaseServiceRoleKey: env['SUPABASE_SERVICE_ROLE_KEY']?.trim() || null,
    supabasePort: supabasePortText ? parsePort(supabasePortText, 'IQS_SUPABASE_PORT') : 54321,
    databaseUrl,
    supabaseDir: path.resolve(env['IQS_SUPABASE_DIR']?.trim() || path.join(dataDir, 'supabase')),
  };
}
