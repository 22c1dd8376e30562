/** Public types of the synthetic-anatomy renderer (see index.ts). */

export type BodyPart = 'chest' | 'pelvis' | 'knee' | 'lumbar-spine' | 'hand' | 'skull' | 'breast' | 'ct-chest';

export type Projection = 'PA' | 'AP' | 'LAT' | 'CC' | 'MLO' | 'AXIAL';

export interface RenderRequest {
  bodyPart: BodyPart;
  /** chest: PA|LAT; pelvis: AP; knee: AP|LAT; lumbar-spine: AP|LAT; hand: PA; skull: PA|LAT; breast: CC|MLO; ct-chest: AXIAL */
  projection: Projection;
  /** deterministic: the same request gives identical pixels */
  seed: number;
  /** knee, hand, breast (default R) */
  laterality?: 'L' | 'R';
  /** ct-chest: 0..sliceCount-1, apex to base */
  sliceIndex?: number;
  /** ct-chest */
  sliceCount?: number;
  /** 1 = on target; 0.5 under-exposed; 2 over-exposed */
  exposureFactor?: number;
  /** 0 = ideal; ~1 = visibly rotated / off-centre */
  positioningError?: number;
}

export interface RenderedImage {
  rows: number;
  columns: number;
  /** rows*columns, row-major, values 0..(2^bitsStored - 1) */
  pixels: Uint16Array;
  bitsStored: number;
  photometric: 'MONOCHROME1' | 'MONOCHROME2';
  /** isotropic */
  pixelSpacingMm: number;
  /** default VOI window; for CT in Hounsfield units (DICOM applies it after the modality rescale) */
  windowCenter: number;
  windowWidth: number;
  /** CT only: stored value * slope + intercept = Hounsfield units */
  rescaleSlope?: number;
  rescaleIntercept?: number;
}
