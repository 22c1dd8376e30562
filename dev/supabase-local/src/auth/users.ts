/** auth.users rows as GoTrue's JSON (models.User), and the SQL that reads them. */
import type { Tx } from '../db/types';

/** Columns read for every user; identities come as one JSON text. */
export const USER_COLUMNS = `
  u.id::text as id, u.aud, u.role, u.email, u.phone, u.email_confirmed_at, u.phone_confirmed_at, u.confirmed_at,
  u.last_sign_in_at, u.raw_app_meta_data::text as app_metadata, u.raw_user_meta_data::text as user_metadata,
  u.created_at, u.updated_at, u.banned_until, u.is_anonymous, u.invited_at, u.confirmation_sent_at,
  u.recovery_sent_at, u.deleted_at,
  (select coalesce(json_agg(json_build_object(
      'identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id, 'identity_data', i.identity_data,
      'provider', i.provider, 'last_sign_in_at', i.last_sign_in_at, 'created_at', i.created_at,
      'updated_at', i.updated_at, 'email', i.email) order by i.created_at), '[]')::text
   from auth.identities i where i.user_id = u.id) as identities`;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  email_confirmed_at: unknown;
  phone_confirmed_at: unknown;
  confirmed_at: unknown;
  last_sign_in_at: unknown;
  app_metadata: string | null;
  user_metadata: string | null;
  created_at: unknown;
  updated_at: unknown;
  banned_until: unknown;
  is_anonymous: boolean | null;
  invited_at: unknown;
  confirmation_sent_at: unknown;
  recovery_sent_at: unknown;
  deleted_at: unknown;
  identities: string;
}

/** A timestamp from either driver (Date, or text) as RFC 3339, or undefined when NULL. */
export function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const date =
    value instanceof Date
      ? value
      : new Date(
          String(value)
            .replace(' ', 'T')
            .replace(/([+-]\d\d)$/, '$1:00'),
        );
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

const parseObject = (text: string | null): Record<string, unknown> => {
  const value = text ? (JSON.parse(text) as unknown) : null;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

export function appMetadata(row: UserRow): Record<string, unknown> {
  return parseObject(row.app_metadata);
}

export function userMetadata(row: UserRow): Record<string, unknown> {
  return parseObject(row.user_metadata);
}

/** GoTrue's user JSON: optional timestamps are left out when NULL, as Go's omitempty does. */
export function userJson(row: UserRow): Record<string, unknown> {
  const optional = (key: string, value: unknown) => (iso(value) === undefined ? {} : { [key]: iso(value) });
  return {
    id: row.id,
    aud: row.aud ?? '',
    role: row.role ?? '',
    email: row.email ?? '',
    ...optional('email_confirmed_at', row.email_confirmed_at),
    phone: row.phone ?? '',
    ...optional('phone_confirmed_at', row.phone_confirmed_at),
    ...optional('confirmation_sent_at', row.confirmation_sent_at),
    ...optional('recovery_sent_at', row.recovery_sent_at),
    ...optional('invited_at', row.invited_at),
    ...optional('confirmed_at', row.confirmed_at),
    ...optional('last_sign_in_at', row.last_sign_in_at),
    app_metadata: appMetadata(row),
    user_metadata: userMetadata(row),
    identities: JSON.parse(row.identities) as unknown[],
    created_at: iso(row.created_at) ?? '',
    updated_at: iso(row.updated_at) ?? '',
    ...optional('banned_until', row.banned_until),
    ...optional('deleted_at', row.deleted_at),
    is_anonymous: row.is_anonymous ?? false,
  };
}

export async function findUserById(tx: Tx, id: string): Promise<UserRow | undefined> {
  const { rows } = await tx.query<UserRow>(`select ${USER_COLUMNS} from auth.users u where u.id = $1::uuid`, [id]);
  return rows[0];
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
