/**
 * What every fixture builder shares: UIDs, the patient/study/equipment header, character sets, decimal strings and
 * unit conversions. Written from the standard (PS3.3 modules, PS3.5 value representations), not from the ingestion.
 */
import { createHash } from 'node:crypto';
import { TRANSFER_SYNTAX, writePart10, type DicomItem } from '@iqs/dicom';

/** How text is encoded: the default repertoire, Latin-1 (ISO_IR 100) or UTF-8 (ISO_IR 192). */
export type CharacterSet = 'ascii' | 'latin1' | 'utf8';

export const SPECIFIC_CHARACTER_SET: Record<CharacterSet, string | undefined> = {
  ascii: undefined,
  latin1: 'ISO_IR 100',
  utf8: 'ISO_IR 192',
};

let uidCounter = 0;

/** A UID under 2.25 (PS3.5 B.2) from a hash of the parts: stable for the same parts, unique in practice. */
export function fixtureUid(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256')
    .update(['iqs-fixture', ...parts].join('/'))
    .digest('hex')
    .slice(0, 32);
  return `2.25.${BigInt(`0x${digest}`).toString(10)}`;
}

/** A fresh UID for defaults: deterministic for the same sequence of calls in one process. */
export function nextUid(kind: string): string {
  uidCounter += 1;
  return fixtureUid(kind, uidCounter);
}

/**
 * A DS value (PS3.5 6.2: at most 16 characters, digits, sign, point and exponent). The builders write this string
 * and derive their expected facts from Number(this string), so both sides see the same number.
 */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a decimal string`);
  for (let digits = 12; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  throw new Error(`${value} does not fit a DS`);
}

/** value × factor, rounded to 12 significant digits so that 12.5 dGy·cm² is 1.25 Gy·cm², not 1.2500000000000002. */
export function scaled(value: number, factor: number): number {
  return Number((value * factor).toPrecision(12));
}

/** 'YYYYMMDD' (DA) → 'YYYY-MM-DD', the form the image index stores. */
export function isoDate(da: string): string {
  if (!/^\d{8}$/u.test(da)) throw new Error(`${da} is not a DA value`);
  return `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`;
}

/** Completed years between a birth date and a study date, both DA. */
export function ageInYears(birthDate: string, studyDate: string): number {
  const [by, bm, bd] = [Number(birthDate.slice(0, 4)), Number(birthDate.slice(4, 6)), Number(birthDate.slice(6, 8))];
  const [sy, sm, sd] = [Number(studyDate.slice(0, 4)), Number(studyDate.slice(4, 6)), Number(studyDate.slice(6, 8))];
  return sy - by - (sm < bm || (sm === bm && sd < bd) ? 1 : 0);
}

/** An AS value ('045Y', '018M', '010W', '012D', PS3.5 6.2) in completed years. */
export function ageStringInYears(as: string): number {
  const match = /^(\d{3})([DWMY])$/u.exec(as);
  if (!match) throw new Error(`${as} is not an AS value`);
  const n = Number(match[1]);
  switch (match[2]) {
    case 'Y':
      return n;
    case 'M':
      return Math.floor(n / 12);
    case 'W':
      return Math.floor((n * 7) / 365.25);
    default:
      return Math.floor(n / 365.25);
  }
}

/** Patient, study, series and equipment facts that every kind of object carries. */
export interface HeaderOptions {
  readonly patientName?: string;
  readonly patientId?: string;
  /** DA, e.g. '19800315' */
  readonly patientBirthDate?: string;
  readonly patientSex?: 'M' | 'F' | 'O';
  /** AS, e.g. '045Y' */
  readonly patientAge?: string;
  readonly studyInstanceUid?: string;
  readonly seriesInstanceUid?: string;
  readonly sopInstanceUid?: string;
  /** DA, e.g. '20240315' */
  readonly studyDate?: string;
  /** TM, e.g. '101500' */
  readonly studyTime?: string;
  readonly accessionNumber?: string;
  readonly studyDescription?: string;
  readonly seriesDescription?: string;
  readonly seriesNumber?: number;
  readonly instanceNumber?: number;
  readonly stationName?: string;
  readonly institutionName?: string;
  readonly manufacturer?: string;
  readonly manufacturerModelName?: string;
  readonly characterSet?: CharacterSet;
}

/** The header facts after defaults, as written. */
export interface ResolvedHeader {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string | undefined;
  readonly patientSex: string;
  readonly patientAge: string | undefined;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly accessionNumber: string;
  readonly studyDescription: string | undefined;
  readonly seriesDescription: string | undefined;
  readonly seriesNumber: number;
  readonly instanceNumber: number;
  readonly stationName: string | undefined;
  readonly institutionName: string | undefined;
  readonly manufacturer: string;
  readonly manufacturerModelName: string;
  readonly characterSet: CharacterSet;
}

export function resolveHeader(
  options: HeaderOptions,
  kind: string,
  defaults: { seriesNumber: number; manufacturer?: string; model?: string },
): ResolvedHeader {
  return {
    patientName: options.patientName ?? 'Fixture^Patient',
    patientId: options.patientId ?? 'IQS-FIX-0001',
    patientBirthDate: options.patientBirthDate,
    patientSex: options.patientSex ?? 'O',
    patientAge: options.patientAge,
    studyInstanceUid: options.studyInstanceUid ?? nextUid(`${kind}-study`),
    seriesInstanceUid: options.seriesInstanceUid ?? nextUid(`${kind}-series`),
    sopInstanceUid: options.sopInstanceUid ?? nextUid(`${kind}-sop`),
    studyDate: options.studyDate ?? '20240315',
    studyTime: options.studyTime ?? '101500',
    accessionNumber: options.accessionNumber ?? 'ACC0001',
    studyDescription: options.studyDescription,
    seriesDescription: options.seriesDescription,
    seriesNumber: options.seriesNumber ?? defaults.seriesNumber,
    instanceNumber: options.instanceNumber ?? 1,
    stationName: options.stationName,
    institutionName: options.institutionName,
    manufacturer: options.manufacturer ?? defaults.manufacturer ?? 'IQS Fixtures',
    manufacturerModelName: options.manufacturerModelName ?? defaults.model ?? 'Fixture Model 1',
    characterSet: options.characterSet ?? 'ascii',
  };
}

/**
 * Patient (C.7.1.1), General Study (C.7.2.1), General Series (C.7.3.1, without Modality), General Equipment
 * (C.7.5.1) and SOP Common (C.12.1, without the SOP class). Type 2 attributes are written empty when unknown.
 */
export function headerElements(h: ResolvedHeader): DicomItem {
  return {
    SpecificCharacterSet: SPECIFIC_CHARACTER_SET[h.characterSet],
    SOPInstanceUID: h.sopInstanceUid,
    PatientName: h.patientName,
    PatientID: h.patientId,
    PatientBirthDate: h.patientBirthDate ?? '',
    PatientSex: h.patientSex,
    PatientAge: h.patientAge,
    StudyInstanceUID: h.studyInstanceUid,
    StudyDate: h.studyDate,
    StudyTime: h.studyTime,
    AccessionNumber: h.accessionNumber,
    ReferringPhysicianName: '',
    StudyID: '1',
    StudyDescription: h.studyDescription,
    SeriesInstanceUID: h.seriesInstanceUid,
    SeriesNumber: h.seriesNumber,
    SeriesDescription: h.seriesDescription,
    InstanceNumber: h.instanceNumber,
    Manufacturer: h.manufacturer,
    ManufacturerModelName: h.manufacturerModelName,
    StationName: h.stationName,
    InstitutionName: h.institutionName,
  };
}

/** The patient's age in years as a correct reader derives it: birth date and study date first, else PatientAge. */
export function expectedAge(h: ResolvedHeader): number | null {
  if (h.patientBirthDate) return ageInYears(h.patientBirthDate, h.studyDate);
  if (h.patientAge) return ageStringInYears(h.patientAge);
  return null;
}

/** The uncompressed transfer syntaxes the Part 10 writer produces. */
export type Syntax = 'explicit' | 'implicit' | 'deflated';

export const SYNTAX_UID = {
  explicit: TRANSFER_SYNTAX.explicitLittle,
  implicit: TRANSFER_SYNTAX.implicitLittle,
  deflated: TRANSFER_SYNTAX.deflatedExplicitLittle,
} as const;

export function toPart10(dataset: DicomItem, syntax: Syntax = 'explicit'): Buffer {
  return writePart10(dataset, { transferSyntax: SYNTAX_UID[syntax] });
}

/** What every builder returns: the dataset as written, its Part 10 bytes and the facts a correct reader must get. */
export interface Fixture<E> {
  readonly dataset: DicomItem;
  readonly file: Buffer;
  readonly expected: E;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
