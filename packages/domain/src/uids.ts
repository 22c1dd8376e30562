/**
 * A usable DICOM UID: digits in dot-separated components, at most 64 characters (PS3.5 9.1). Leading zeros in a
 * component break the standard but occur in real archives, so they are accepted.
 */
export function isValidUid(uid: string | null): uid is string {
  return uid !== null && uid.length <= 64 && /^[0-9]+(\.[0-9]+)*$/u.test(uid);
}

/**
 * A UID under the root 2.25 (PS3.5 B.2): the decimal value of a UUID, so that no organisation root is needed and two
 * makers never collide.
 */
export function uidFromUuid(uuid: string): string {
  const hex = uuid.replace(/-/gu, '');
  if (!/^[0-9a-f]{32}$/iu.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/** A new UID (2.25 and a random UUID, from the platform's crypto.randomUUID, in the browser and in Node). */
export function newUid(): string {
  return uidFromUuid(globalThis.crypto.randomUUID());
}
