/** GoTrue's admin user API (service_role only): list, create, read, update and delete users — for CLI tools. */
import { AuthError } from './errors';
import { authenticate, parseJsonObject, type AuthContext, type AuthRequest } from './request';
import { hashPasswordSql } from './passwords';
import { findUserById, USER_COLUMNS, userJson, UUID_PATTERN, type UserRow } from './users';

const ADMIN_ROLES = ['service_role', 'supabase_admin'];
const MIN_PASSWORD_LENGTH = 6;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Result = { status: number; body?: unknown; headers?: Record<string, string> };

function requireAdmin(ctx: AuthContext, request: AuthRequest): void {
  const claims = authenticate(ctx, request.headers);
  if (typeof claims.role !== 'string' || !ADMIN_ROLES.includes(claims.role)) throw new AuthError(403, 'not_admin', 'User not allowed');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkPassword(password: unknown): string | null {
  if (password === undefined || password === null || password === '') return null;
  if (typeof password !== 'string') throw new AuthError(400, 'validation_failed', 'password must be a string');
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AuthError(422, 'weak_password', `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`);
  return password;
}

async function listUsers(ctx: AuthContext, request: AuthRequest): Promise<Result> {
  const page = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
  const perPage = Math.min(1000, Math.max(1, Number(request.query.get('per_page') ?? 50) || 50));
  return ctx.db.transaction(
    async (tx) => {
      const { rows } = await tx.query<UserRow>(
        `select ${USER_COLUMNS} from auth.users u order by u.created_at desc nulls last, u.id limit $1 offset $2`,
        [String(perPage), String((page - 1) * perPage)],
      );
      const total = await tx.query<{ n: string }>(`select count(*)::text as n from auth.users`);
      return {
        status: 200,
        body: { users: rows.map(userJson), aud: 'authenticated' },
        headers: { 'X-Total-Count': total.rows[0]?.n ?? '0' },
      };
    },
    { readOnly: true },
  );
}

async function createUser(ctx: AuthContext, request: AuthRequest): Promise<Result> {
  const params = parseJsonObject(request.body);
  const email = typeof params.email === 'string' ? params.email.trim().toLowerCase() : '';
  if (email === '') throw new AuthError(422, 'validation_failed', 'Cannot create a user without either an email or phone');
  if (!EMAIL_PATTERN.test(email)) throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  const password = checkPassword(params.password);
  const userMetadata = isObject(params.user_metadata) ? params.user_metadata : {};
  const appMetadata = { provider: 'email', providers: ['email'], ...(isObject(params.app_metadata) ? params.app_metadata : {}) };
  const id = typeof params.id === 'string' && UUID_PATTERN.test(params.id) ? params.id : null;
  return ctx.db.transaction(async (tx) => {
    const existing = await tx.query(`select 1 from auth.users where lower(email) = $1 and deleted_at is null`, [email]);
    if (existing.rows.length > 0) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
    const { rows } = await tx.query<{ id: string }>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
                               confirmation_token, recovery_token, email_change_token_new, email_change)
       values ('00000000-0000-0000-0000-000000000000', coalesce($1::uuid, gen_random_uuid()), 'authenticated', 'authenticated', $2,
               case when $3::text is null then '' else ${hashPasswordSql('$3::text')} end,
               case when $4::boolean then now() end, $5::jsonb, $6::jsonb, now(), now(), '', '', '', '')
       returning id::text as id`,
      [id, email, password, params.email_confirm === true ? 'true' : 'false', JSON.stringify(appMetadata), JSON.stringify(userMetadata)],
    );
    const userId = rows[0]!.id;
    await tx.query(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
       values ($1, $2::uuid, $3::jsonb, 'email', now(), now())`,
      [userId, userId, JSON.stringify({ sub: userId, email, email_verified: false, phone_verified: false })],
    );
    return { status: 200, body: userJson((await findUserById(tx, userId))!) };
  });
}

async function updateUser(ctx: AuthContext, id: string, request: AuthRequest): Promise<Result> {
  const params = parseJsonObject(request.body);
  const password = checkPassword(params.password);
  return ctx.db.transaction(async (tx) => {
    if (!(await findUserById(tx, id))) throw new AuthError(404, 'user_not_found', 'User not found');
    if (password !== null) {
      await tx.query(`update auth.users set encrypted_password = ${hashPasswordSql('$2')}, updated_at = now() where id = $1::uuid`, [
        id,
        password,
      ]);
    }
    if (params.email_confirm === true) {
      await tx.query(
        `update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now() where id = $1::uuid`,
        [id],
      );
    }
    // GoTrue merges metadata keys; a null value removes the key
    for (const [key, column] of [
      ['user_metadata', 'raw_user_meta_data'],
      ['app_metadata', 'raw_app_meta_data'],
    ] as const) {
      if (isObject(params[key])) {
        await tx.query(
          `update auth.users set ${column} = jsonb_strip_nulls(coalesce(${column}, '{}'::jsonb) || $2::jsonb), updated_at = now() where id = $1::uuid`,
          [id, JSON.stringify(params[key])],
        );
      }
    }
    return { status: 200, body: userJson((await findUserById(tx, id))!) };
  });
}

/** /admin/users and /admin/users/<id>; anything else under /auth/v1 is 404. */
export async function handleAdmin(ctx: AuthContext, request: AuthRequest): Promise<Result> {
  const single = /^\/admin\/users\/([^/]+)$/.exec(request.path);
  if (request.path !== '/admin/users' && !single)
    throw new AuthError(404, 'not_found', `${request.method} ${request.path} is not served by the local stand-in`);
  requireAdmin(ctx, request);
  if (!single) {
    if (request.method === 'GET') return listUsers(ctx, request);
    if (request.method === 'POST') return createUser(ctx, request);
    throw new AuthError(405, 'method_not_allowed', `${request.method} is not allowed on /admin/users`);
  }
  const id = decodeURIComponent(single[1]!);
  if (!UUID_PATTERN.test(id)) throw new AuthError(400, 'validation_failed', 'user_id must be an UUID');
  if (request.method === 'GET') {
    const user = await ctx.db.transaction((tx) => findUserById(tx, id), { readOnly: true });
    if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
    return { status: 200, body: userJson(user) };
  }
  if (request.method === 'PUT') return updateUser(ctx, id, request);
  if (request.method === 'DELETE') {
    const deleted = await ctx.db.transaction((tx) => tx.query(`delete from auth.users where id = $1::uuid returning id`, [id]));
    if (deleted.rows.length === 0) throw new AuthError(404, 'user_not_found', 'User not found');
    return { status: 200, body: {} };
  }
  throw new AuthError(405, 'method_not_allowed', `${request.method} is not allowed on /admin/users/<id>`);
}
