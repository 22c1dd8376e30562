/**
 * Numbers for people: three significant digits for measured quantities (a DAP meter is not more precise than
 * that), in the reader's locale (0,123 in Dutch, 0.123 in English).
 */
export function formatMeasured(value: number, locale: string, significantDigits = 3): string {
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: significantDigits }).format(value);
}

/** A deviation index with its sign, one decimal: "+1.2", "−0.4", "0.0". */
export function formatSigned(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(value);
}
