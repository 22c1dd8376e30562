import { createHash } from 'node:crypto';

/**
 * Deterministic UIDs under the 2.25 root (a UUID-derived UID, PS3.5 B.2): the same seed and names give the same
 * UIDs on every machine, and different ones never collide in practice (128 bits of a hash).
 */
export function deterministicUid(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${digest}`).toString(10)}`;
}
