/**
 * DICOM test fixtures written from the standard, independently of the ingestion's reader: RDSRs, IOCM rejection
 * notes, small images in every transfer syntax the ingestion meets, and broken variants of any of them. Each builder
 * returns { dataset, file, expected }: `expected` is what a correct reader must get, in canonical units.
 */
export { ageInYears, ageStringInYears, fixtureUid, type CharacterSet, type Fixture, type HeaderOptions, type Syntax } from './common';
export { ctRdsr, projectionRdsr, GY_CM2_PER_UNIT, XRAY_RADIATION_DOSE_SR } from './rdsr';
export type {
  CtAcquisition,
  CtEventExpected,
  CtRdsrExpected,
  CtRdsrOptions,
  DapUnit,
  ProjectionEvent,
  ProjectionEventExpected,
  ProjectionRdsrExpected,
  ProjectionRdsrOptions,
} from './rdsr';
export { KEY_OBJECT_SELECTION_DOCUMENT, QUALITY_REASONS, REJECTION_TITLES, rejectionNote, rejectionNoteWithModifier } from './kos';
export type {
  QualityReason,
  RejectedInstance,
  RejectionCode,
  RejectionNoteExpected,
  RejectionNoteOptions,
  RejectionNoteWithModifierOptions,
} from './kos';
export { ENCAPSULATED_SYNTAX_UID, fixturePixels, image, SOP_CLASS } from './images';
export type { ImageExpected, ImageModality, ImageOptions, ImageSyntax, PrivateDap } from './images';
export { brokenVariants, checkStructure, fileStructure, type BrokenVariant } from './broken';
export { VIEWS, type Code, type ViewName } from './sr';
