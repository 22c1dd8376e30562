/**
 * Password hashes: bcrypt through pgcrypto, at one cost everywhere — the hashes the admin API makes, the seeds', and
 * the dummy hash compared against when the email is unknown — so a sign-in takes the same work whether the account
 * exists or not. GoTrue hashes with bcrypt's default cost, 10.
 */
export const BCRYPT_COST = 10;

/** SQL that hashes the text parameter `param` at BCRYPT_COST. */
export const hashPasswordSql = (param: string) => `extensions.crypt(${param}, extensions.gen_salt('bf', ${BCRYPT_COST}))`;

/** A bcrypt salt (no account has it) to hash against when there is no account's hash to compare with. */
export const DUMMY_BCRYPT_SALT = `$2a$${String(BCRYPT_COST).padStart(2, '0')}$CwTycUXWue0Thq9StjUM0u`;

const BCRYPT_HASH = /^\$2[abxy]?\$(\d{2})\$/;

/** The cost of a stored bcrypt hash, or null when it is no bcrypt hash (no password set). */
export function bcryptCost(hash: string | null): number | null {
  const match = BCRYPT_HASH.exec(hash ?? '');
  return match ? Number(match[1]) : null;
}
