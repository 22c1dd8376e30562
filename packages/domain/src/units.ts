/**
 * DICOM dose quantities and their units. The canonical units of IQS are chosen once, here, and every value is
 * converted on the way in: mixing dGy·cm² with Gy·cm² is the classic error of dose software
 * (shared/reference/domain.md §4.4).
 *
 *   Image and Fluoroscopy Area Dose Product (0018,115E): dGy·cm²  → Gy·cm²  (× 0.1)
 *   RDSR Dose Area Product (113722, 122130):             Gy·m²    → Gy·cm²  (× 10⁴)
 *   Organ Dose (0040,0316):                              dGy      → mGy     (× 100)
 *   CTDIvol (0018,9345):                                 mGy      (canonical already)
 *   Body Part Thickness (0018,11A0):                     mm       (canonical already)
 */

export type CanonicalUnit = 'Gy·cm²' | 'mGy' | 'mGy·cm' | 'mm';

export const DGY_CM2_TO_GY_CM2 = 0.1;
export const GY_M2_TO_GY_CM2 = 1e4;
export const DGY_TO_MGY = 100;

/**
 * Multiplying by powers of ten in binary floating point leaves noise (1.23 × 0.1 = 0.12300000000000001).
 * Twelve significant digits are far more than any dose meter resolves, and remove that noise.
 */
export function roundToSignificant(value: number, digits = 12): number {
  return Number(value.toPrecision(digits));
}

export function dGyCm2ToGyCm2(value: number): number {
  return roundToSignificant(value * DGY_CM2_TO_GY_CM2);
}

export function gyM2ToGyCm2(value: number): number {
  return roundToSignificant(value * GY_M2_TO_GY_CM2);
}

export function dGyToMGy(value: number): number {
  return roundToSignificant(value * DGY_TO_MGY);
}

/** Doses and sizes are physically positive; a vendor's 0 means "not measured", a negative value is corrupt. */
export function positiveOrNull(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

/** What a number measures, for converting it from the unit it was written in. */
export type QuantityKind = 'dap' | 'dose' | 'dlp' | 'length' | 'index' | 'weight' | 'height' | 'voltage' | 'charge' | 'time';

/** Factors to the canonical unit of each kind, by UCUM unit code (as RDSRs write them: "Gy.m2", "mGy.cm"). */
const TO_CANONICAL: Record<QuantityKind, Readonly<Record<string, number>>> = {
  // → Gy·cm²
  dap: {
    'Gy.m2': 1e4,
    'dGy.m2': 1e3,
    'cGy.m2': 1e2,
    'mGy.m2': 10,
    'uGy.m2': 1e-2,
    'Gy.cm2': 1,
    'dGy.cm2': 0.1,
    'cGy.cm2': 1e-2,
    'mGy.cm2': 1e-3,
    'uGy.cm2': 1e-6,
  },
  // → mGy
  dose: { Gy: 1e3, dGy: 100, cGy: 10, mGy: 1, uGy: 1e-3 },
  // → mGy·cm
  dlp: { 'Gy.cm': 1e3, 'dGy.cm': 100, 'cGy.cm': 10, 'mGy.cm': 1, 'mGy.mm': 0.1 },
  // → mm
  length: { m: 1e3, cm: 10, mm: 1 },
  // exposure and deviation indices have no unit
  index: { '1': 1, '': 1 },
  // the acquisition facts of an image (imageFacts.ts), for a station that writes them in a private tag
  // → kg
  weight: { kg: 1, g: 1e-3 },
  // → m (a patient's height)
  height: { m: 1, cm: 1e-2, mm: 1e-3 },
  // → kV
  voltage: { kV: 1, V: 1e-3 },
  // → mAs
  charge: { mAs: 1, 'mA.s': 1, uAs: 1e-3, 'uA.s': 1e-3, As: 1e3, 'A.s': 1e3 },
  // → ms
  time: { ms: 1, us: 1e-3, s: 1e3 },
};

/**
 * A unit as UCUM writes it, from the spellings people and dictionaries use: "dGy·cm²", "dGy*cm*cm", "µGy.m2".
 * Returns the text unchanged (trimmed) when it is not recognisably a dose unit.
 */
export function normalizeUnit(unit: string): string {
  return unit
    .trim()
    .replace(/[·*×]/gu, '.')
    .replace(/²/gu, '2')
    .replace(/[µμ]/gu, 'u')
    .replace(/\b(c|d|m)?m\.(c|d|m)?m\b/gu, (whole) => {
      const [a, b] = whole.split('.');
      return a === b ? `${a}2` : whole;
    })
    .replace(/\s+/gu, '');
}

/** The value in the canonical unit of its kind, or null when the unit is not one IQS knows (never a guess). */
export function toCanonical(value: number, unit: string | null, kind: QuantityKind): number | null {
  if (!Number.isFinite(value)) return null;
  const factor = TO_CANONICAL[kind][normalizeUnit(unit ?? '')];
  return factor === undefined ? null : roundToSignificant(value * factor);
}

/** The dose quantities a reference level is given in, as the database names them (public.dose_quantity). */
export type DoseQuantityCode = 'dap' | 'ctdivol' | 'dlp' | 'organ_dose';

/** The canonical unit of each dose quantity: drls.unit and every *_value column of the reference catalogue. */
export const CANONICAL_DOSE_UNIT: Readonly<Record<DoseQuantityCode, CanonicalUnit>> = {
  dap: 'Gy·cm²',
  ctdivol: 'mGy',
  dlp: 'mGy·cm',
  organ_dose: 'mGy',
};

const KIND_OF_QUANTITY: Readonly<Record<DoseQuantityCode, QuantityKind>> = {
  dap: 'dap',
  ctdivol: 'dose',
  dlp: 'dlp',
  organ_dose: 'dose',
};

/**
 * A reference value as published (e.g. 12 µGy·m², 150 mGy·cm², 12 cGy·cm²) in the canonical unit of its quantity
 * (0.12, 0.15, 0.12 Gy·cm²); null when the unit is not one of that quantity (a DAP given in mGy is refused, not
 * guessed). The database converts with the same factors (private.dose_unit_factor).
 */
export function publishedToCanonical(value: number, unit: string, quantity: DoseQuantityCode): number | null {
  return toCanonical(value, unit, KIND_OF_QUANTITY[quantity]);
}
