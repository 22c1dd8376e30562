/**
 * Linear attenuation coefficients (per mm) at the effective energy of general radiography
 * (~60–70 keV). Bone is a little stronger than the physics tables so that it reads clearly
 * after the display pipeline, as it does on a processed clinical image.
 */
import type { BoneMaterial } from './primitives';

export const SOFT_TISSUE = 0.02;
export const FAT = 0.017;
/** air in place of soft tissue */
export const AIR = -SOFT_TISSUE;
/** inflated lung (density ~0.25) in place of soft tissue */
export const LUNG = -0.015;
/** fat in place of soft tissue (fat pads, the obturator and gluteal fat planes) */
export const FAT_IN_TISSUE = FAT - SOFT_TISSUE;

export const CORTICAL = 0.05;
export const CANCELLOUS = 0.027;

/** cortical bone in place of soft tissue, for bones drawn inside the body outline */
export const boneInTissue = (cortex: number, strength = 1): BoneMaterial => ({
  cortex,
  muCortex: (CORTICAL - SOFT_TISSUE) * strength,
  muMarrow: (CANCELLOUS - SOFT_TISSUE) * strength,
});
