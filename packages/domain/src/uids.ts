/**
 * A usable DICOM UID: digits in dot-separated components, at most 64 characters (PS3.5 9.1). Leading zeros in a
 * component break the standard but occur in real archives, so they are accepted.
 */
export function isValidUid(uid: string | null): uid is string {
  return uid !== null && uid.length <= 64 && /^[0-9]+(\.[0-9]+)*$/u.test(uid);
}
