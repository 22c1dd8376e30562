/**
 * One CSV field as every IQS CSV writes it (the evaluation rows, the reject analysis, the quality reports and
 * indicators): RFC 4180 quoting (a field holding a comma, a quote or a line break is quoted, its quotes doubled), and
 * text a spreadsheet would run as a formula neutralized. Plain TypeScript: no React, no I/O.
 */

/** Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field, quoted when RFC 4180 requires it; numbers stay numbers (never neutralized: -0.05 is not a formula). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
