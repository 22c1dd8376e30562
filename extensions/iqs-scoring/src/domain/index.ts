/**
 * The IQS domain core: plain TypeScript with no React, no I/O and no browser APIs, shared by the viewer
 * extension and the backend's ingestion.
 */
export type { DicomDataset, CalendarDate } from './dicomValues';
export { readText, readTexts, readNumber, readSequence, readDate, parseDicomDate, isoDate } from './dicomValues';
export type { ImageFacts, ImageFactName } from './imageFacts';
export { extractImageFacts, canonicalValue, deviationIndex } from './imageFacts';
export { readPatientAgeYears, wholeYearsBetween, yearsFromAgeString } from './patientAge';
export { readViewPosition, viewPositionFromCode } from './viewCodes';
export type { CanonicalUnit } from './units';
export { dGyCm2ToGyCm2, gyM2ToGyCm2, dGyToMGy, roundToSignificant } from './units';
export type { DoseQuantity, DoseReading } from './primaryDose';
export { primaryDose } from './primaryDose';
export { formatMeasured, formatSigned } from './formatNumber';
export { formatPersonName } from './personName';
