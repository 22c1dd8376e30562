/**
 * A DICOM person name (PN, "Family^Given^Middle^Prefix^Suffix") as people write it: "Family, Given Middle".
 * Names that are not in that form (initials, free text) are shown as they are.
 */
export function formatPersonName(name: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = name.split('=')[0]?.split('^') ?? [];
  const first = [prefix, given, middle].filter(Boolean).join(' ');
  const last = [family, suffix].filter(Boolean).join(' ');
  if (!first) return last.trim();
  if (!last) return first.trim();
  return `${last}, ${first}`.trim();
}
