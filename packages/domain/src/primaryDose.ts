import type { ImageFacts } from './imageFacts';
import type { CanonicalUnit } from './units';

export type DoseQuantity = 'DAP' | 'CTDIvol' | 'OrganDose';

export interface DoseReading {
  readonly quantity: DoseQuantity;
  readonly value: number;
  readonly unit: CanonicalUnit;
}

/**
 * The dose figure that characterises an image at a glance: CTDIvol for CT, the organ (mean glandular) dose for
 * mammography, the dose-area product for projection radiography. Null when that figure is unknown: another
 * quantity is not substituted, since it would be compared against the wrong reference level.
 */
export function primaryDose(facts: Pick<ImageFacts, 'modality' | 'dap_gy_cm2' | 'ctdivol_mgy' | 'organ_dose_mgy'>): DoseReading | null {
  switch (facts.modality) {
    case 'CT':
      return facts.ctdivol_mgy === null ? null : { quantity: 'CTDIvol', value: facts.ctdivol_mgy, unit: 'mGy' };
    case 'MG':
      return facts.organ_dose_mgy === null ? null : { quantity: 'OrganDose', value: facts.organ_dose_mgy, unit: 'mGy' };
    default:
      return facts.dap_gy_cm2 === null ? null : { quantity: 'DAP', value: facts.dap_gy_cm2, unit: 'Gy·cm²' };
  }
}
