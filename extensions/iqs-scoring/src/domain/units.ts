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
