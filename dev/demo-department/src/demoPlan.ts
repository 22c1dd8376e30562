/**
 * The plan of the demo department's year: which patients came for which procedure, when, in which room, who
 * made which images, which exposures were rejected and retaken, and every dose and index, in canonical units.
 * Everything is drawn from one seeded generator, so the plan (and thus the files) is the same on every machine.
 * No pixels here: see writeDemoData.ts.
 */
import type { ImageFacts } from '@iqs/domain';
import type { Projection, RenderRequest } from './anatomy';
import {
  BASE_REJECT_CHANCE,
  CID_7011_OF,
  type DemoProcedure,
  type DemoRadiographer,
  type DemoStation,
  type DemoView,
  PROCEDURES,
  RADIOGRAPHERS,
  REJECT_REASON_WEIGHTS,
  type RejectReason,
  STATIONS,
} from './department';
import { createRandom, type Random } from './random';
import { deterministicUid } from './uids';

export const DEMO_SEED = 20261127;
/** The demo year ends here; fixed so that the data does not depend on the day it is generated. */
export const DEMO_PERIOD_END = '2026-11-27';
export const DEMO_STUDY_COUNT = 240;
export const CT_SLICES = 20;
export const CT_SLICE_SPACING_MM = 15;

export const SOP_CLASSES = {
  CR: '1.2.840.10008.5.1.4.1.1.1',
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  MG: '1.2.840.10008.5.1.4.1.1.1.2',
  CT: '1.2.840.10008.5.1.4.1.1.2',
  KOS: '1.2.840.10008.5.1.4.1.1.88.59',
} as const;

export type { RejectReason } from './department';

/**
 * Where the reason of a rejected image comes from, once the demo is loaded: 'modality' (its rejection note
 * carries it as a CID 7011 Document Title Modifier), 'radiographer' (its first operator gave it in IQS: rows that
 * recordDemoReasons writes), or null (nobody has given it yet).
 */
export type ReasonSource = 'modality' | 'radiographer' | null;

export interface DemoPatient {
  readonly patientId: string;
  readonly name: string;
  readonly sex: 'F' | 'M';
  readonly birthDate: string; // YYYYMMDD
  /** the patient's weight in kg (whole kg): it raises the dose of the trunk; the header has it only when the RIS sends it */
  readonly weightKg: number;
  /** the patient's height in m (two decimals) */
  readonly heightM: number;
}

/**
 * The acquisition facts the demo writes beyond the ones IQS read before issue 11, named as the image index's columns
 * (migration 24): null when the image does not carry them.
 */
export interface AcquisitionFacts {
  patient_weight_kg: number | null;
  patient_size_m: number | null;
  kvp: number | null;
  exposure_mas: number | null;
  exposure_time_ms: number | null;
  distance_source_detector_mm: number | null;
  grid: string | null;
  filter_material: string | null;
  aec_mode: string | null;
}

/** What a correct reader finds in a demo image: the image facts and the acquisition facts. */
export type DemoImageFacts = ImageFacts & AcquisitionFacts;

export interface PlannedImage {
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly instanceNumber: number;
  /** path of the file, relative to the demo data folder */
  readonly file: string;
  readonly render: RenderRequest;
  readonly laterality: 'L' | 'R' | null;
  readonly projection: Projection;
  readonly acquisitionTime: string; // HHMMSS
  /** what is written into the header; null attributes are left out */
  readonly written: {
    readonly viewPosition: string | null;
    readonly viewCode: { readonly value: string; readonly scheme: 'SCT' | 'SRT'; readonly meaning: string } | null;
    /** Image and Fluoroscopy Area Dose Product in dGy·cm² */
    readonly dapDGyCm2: number | null;
    /** Organ Dose in dGy */
    readonly organDoseDGy: number | null;
    readonly ctdiVolMGy: number | null;
    readonly bodyPartThicknessMm: number | null;
    readonly exposureIndex: number | null;
    readonly targetExposureIndex: number | null;
    readonly deviationIndex: number | null;
    readonly kvp: number;
    /** tube current–time product in mAs: written as Exposure (whole mAs) and ExposureInuAs */
    readonly mAs: number;
    /** ExposureTime in ms (whole ms) */
    readonly exposureTimeMs: number;
    readonly sliceLocationMm: number | null;
    /** PatientWeight in kg, PatientSize in m: only when the room's RIS sends them */
    readonly patientWeightKg: number | null;
    readonly patientSizeM: number | null;
    readonly distanceSourceToDetectorMm: number | null;
    readonly grid: string | null;
    readonly filterMaterial: string | null;
    readonly exposureControlMode: string | null;
  };
  /** the facts a correct reader finds in this image, in canonical units */
  readonly facts: DemoImageFacts;
  readonly rejected: boolean;
  /** what was wrong with a rejected image (an IQS reason code), whether or not anyone has said so yet */
  readonly rejectReason: RejectReason | null;
  /** where its reason comes from (null: rejected without a reason, or not rejected) */
  readonly reasonSource: ReasonSource;
}

export interface PlannedSeries {
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  readonly modality: string;
  readonly description: string;
  readonly images: readonly PlannedImage[];
}

export interface PlannedRejectionNote {
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly file: string;
  /** KOS document title: 113001 Rejected for Quality Reasons */
  readonly titleCode: '113001';
  /** the CID 7011 code of its Document Title Modifier (TID 2010), when the modality sent the reason */
  readonly reasonCode: { readonly code: string; readonly meaning: string } | null;
  readonly rejects: readonly { readonly seriesInstanceUid: string; readonly sopClassUid: string; readonly sopInstanceUid: string }[];
}

export interface PlannedStudy {
  readonly studyInstanceUid: string;
  readonly accessionNumber: string;
  readonly studyId: string;
  readonly date: string; // YYYYMMDD
  readonly time: string; // HHMMSS
  readonly patient: DemoPatient;
  readonly procedure: DemoProcedure;
  readonly station: DemoStation;
  readonly operators: readonly string[];
  readonly series: readonly PlannedSeries[];
  readonly rejectionNote: PlannedRejectionNote | null;
  /** a CT study's radiation dose report (RDSR, TID 10011): where the study's DLP comes from */
  readonly doseReport: PlannedDoseReport | null;
}

/**
 * The X-Ray Radiation Dose SR a CT scanner sends with its study (TID 10011): one spiral acquisition, its mean CTDIvol
 * (the value in every slice) and its DLP, which is also the study's DLP total. The DLP is the CTDIvol over the
 * scanned length: the slices' extent plus the spiral's overranging.
 */
export interface PlannedDoseReport {
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly file: string;
  readonly irradiationEventUid: string;
  readonly ctdivolMgy: number;
  /** mGy·cm */
  readonly dlpMgyCm: number;
  readonly scanningLengthMm: number;
  readonly kvp: number;
  readonly tubeCurrentMa: number;
}

/** CT scanners irradiate beyond the planned range in a spiral (overranging): the DLP's length is longer. */
export const CT_OVERRANGING_MM = 30;

export interface DemoPlan {
  readonly seed: number;
  readonly periodEnd: string;
  readonly studies: readonly PlannedStudy[];
}

// --- dates ------------------------------------------------------------------------------------------------

function addDays(isoDate: string, days: number): Date {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date;
}

const dicomDate = (date: Date): string => date.toISOString().slice(0, 10).replaceAll('-', '');
const isoOf = (yyyymmdd: string): string => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
const two = (n: number): string => String(n).padStart(2, '0');

function ageInYears(birth: string, on: string): number {
  const [by, bm, bd] = [Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8))];
  const [y, m, d] = [Number(on.slice(0, 4)), Number(on.slice(4, 6)), Number(on.slice(6, 8))];
  return y - by - (m > bm || (m === bm && d >= bd) ? 0 : 1);
}

/** Round to a number of significant digits, as a meter display would. */
function significant(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

// --- patients ---------------------------------------------------------------------------------------------

const FAMILY_NAMES = [
  'de Jong',
  'Jansen',
  'de Vries',
  'van den Berg',
  'van Dijk',
  'Bakker',
  'Janssen',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'Kok',
  'Jacobs',
  'Yılmaz',
  'Çelik',
  'Schröder',
  'Østergaard',
  'El Amrani',
];
const GIVEN_F = ['Anna', 'Emma', 'Sophie', 'Julia', 'Lotte', 'Maria', 'Fenna', 'Noor', 'Saar', 'Zoë', 'Ingrid', 'Wilma', 'Aïsha', 'Renée'];
const GIVEN_M = ['Jan', 'Pieter', 'Kees', 'Daan', 'Sem', 'Lucas', 'Bram', 'Thijs', 'Mohamed', 'Hendrik', 'Gerrit', 'Joël', 'René', 'Søren'];

/** Names that a Latin-1 (ISO_IR 100) room can write: 'ı' (dotless i) is not in Latin-1. */
function latin1Safe(name: string): string {
  return name.replaceAll('ı', 'i');
}

function makePatients(random: Random, count: number, periodStart: string, paediatric: boolean): DemoPatient[] {
  return Array.from({ length: count }, (_, index) => {
    const sex = random.chance(0.52) ? 'F' : 'M';
    const given = random.pick(sex === 'F' ? GIVEN_F : GIVEN_M);
    const family = random.pick(FAMILY_NAMES);
    const age = paediatric ? random.int(3, 15) : Math.round(Math.min(92, Math.max(18, random.normal(58, 18))));
    const birth = addDays(periodStart, -Math.round(age * 365.25) - random.int(0, 364));
    // adults around 77 kg (the Dutch standard patient of the chest DRN), some well outside 50–90 kg
    const weightKg = paediatric
      ? Math.round((8 + 2.6 * age) * random.logNormal(1, 1.15))
      : Math.round(Math.min(150, Math.max(42, random.normal(sex === 'M' ? 84 : 72, 14))));
    const heightM = paediatric
      ? Number((0.76 + 0.058 * age).toFixed(2))
      : Number(Math.min(2.05, Math.max(1.48, random.normal(sex === 'M' ? 1.8 : 1.67, 0.07))).toFixed(2));
    return {
      patientId: `DEMO${paediatric ? 'K' : 'V'}${String(index + 1).padStart(4, '0')}`,
      name: latin1Safe(`${family}^${given}`),
      sex,
      birthDate: dicomDate(birth),
      weightKg,
      heightM,
    };
  });
}

// --- choices ----------------------------------------------------------------------------------------------

const VIEW_CODES: Record<string, { sct: string; srt: string; meaning: string }> = {
  AP: { sct: '399348003', srt: 'R-10206', meaning: 'antero-posterior' },
  PA: { sct: '272479007', srt: 'R-10214', meaning: 'postero-anterior' },
  LL: { sct: '399173006', srt: 'R-10236', meaning: 'left lateral' },
  RL: { sct: '399198007', srt: 'R-10232', meaning: 'right lateral' },
  CC: { sct: '399162004', srt: 'R-10242', meaning: 'cranio-caudal' },
  MLO: { sct: '399368009', srt: 'R-10226', meaning: 'medio-lateral oblique' },
};

function stationNamed(name: string): DemoStation {
  const station = STATIONS.find((s) => s.stationName === name);
  if (!station) throw new Error(`no station ${name}`);
  return station;
}

/**
 * The rooms of a procedure with rooms of its own (the chest): each room earns its share of every study and the
 * room furthest ahead takes it (smooth weighted round robin), so that each room has the number of studies its
 * share says, not a coin toss: the dose analysis needs at least 20 chest PA images in each of three rooms.
 */
class RoomRota {
  private readonly credit = new Map<string, Map<string, number>>();
  constructor(private readonly random: Random) {}
  next(procedure: DemoProcedure, shares: Readonly<Record<string, number>>): DemoStation {
    let credit = this.credit.get(procedure.code);
    const rooms = Object.keys(shares);
    if (!credit) {
      credit = new Map(rooms.map((room) => [room, this.random.uniform(0, 0.5)]));
      this.credit.set(procedure.code, credit);
    }
    const total = rooms.reduce((sum, room) => sum + (shares[room] ?? 0), 0);
    let best = rooms[0] as string;
    for (const room of rooms) {
      credit.set(room, (credit.get(room) ?? 0) + (shares[room] ?? 0) / total);
      if ((credit.get(room) ?? 0) > (credit.get(best) ?? 0)) best = room;
    }
    credit.set(best, (credit.get(best) ?? 0) - 1);
    return stationNamed(best);
  }
}

function pickStation(random: Random, rota: RoomRota, procedure: DemoProcedure): DemoStation {
  if (procedure.modality === 'CT') return stationNamed('CT1');
  if (procedure.modality === 'MG') return stationNamed('MAMMO1');
  if (procedure.roomShares) return rota.next(procedure, procedure.roomShares);
  return random.weighted(STATIONS.filter((s) => s.share > 0).map((s) => [s, s.share] as const));
}

function pickOperators(random: Random, procedure: DemoProcedure): DemoRadiographer[] {
  const eligible = RADIOGRAPHERS.filter((r) => procedure.modality !== 'MG' || r.mammography);
  const first = random.weighted(eligible.map((r) => [r, r.workload] as const));
  const pairChance = procedure.modality === 'CT' ? 0.7 : 0.12;
  if (!random.chance(pairChance)) return [first];
  const second = random.weighted(eligible.filter((r) => r !== first).map((r) => [r, r.workload] as const));
  return [first, second];
}

// --- rejects ----------------------------------------------------------------------------------------------

/**
 * The chance that a radiography exposure of this study is rejected and kept as a reject: the department's chance
 * tilted by room, procedure and the radiographer who takes it (the first operator), and lowered when one of the
 * operators deletes failed exposures on the console instead of sending them.
 */
export function rejectChance(station: DemoStation, procedure: DemoProcedure, operators: readonly DemoRadiographer[]): number {
  const first = operators[0];
  const keeps = Math.min(1, ...operators.map((o) => o.keepsRejects));
  return Math.min(0.6, BASE_REJECT_CHANCE * station.rejectFactor * procedure.rejectFactor * (first?.rejectFactor ?? 1) * keeps);
}

const REASONS = Object.keys(REJECT_REASON_WEIGHTS) as RejectReason[];

/**
 * The reason of each reject: per radiographer, every reason earns its share of each reject (the weights tilted by
 * room, procedure and person) and the reason furthest ahead is chosen and pays one back (smooth weighted round
 * robin, from seeded starts). A person's mix of reasons is thus what their weights say, not a coin toss on a dozen
 * rejects, while the room and procedure of each reject still decide which reason it gets.
 */
class ReasonPicker {
  private readonly credit = new Map<string, Map<RejectReason, number>>();
  constructor(private readonly random: Random) {}
  pick(station: DemoStation, procedure: DemoProcedure, person: DemoRadiographer | undefined): RejectReason {
    const key = person?.operatorName ?? '';
    let credit = this.credit.get(key);
    if (!credit) {
      credit = new Map(REASONS.map((reason) => [reason, this.random.uniform(0, 0.5)]));
      this.credit.set(key, credit);
    }
    const weights = REASONS.map(
      (reason) =>
        REJECT_REASON_WEIGHTS[reason] *
        (station.reasonTilt[reason] ?? 1) *
        (procedure.reasonTilt[reason] ?? 1) *
        (person?.reasonTilt[reason] ?? 1),
    );
    const total = weights.reduce((a, w) => a + w, 0);
    let best: RejectReason = REASONS[0] as RejectReason;
    REASONS.forEach((reason, i) => {
      credit.set(reason, (credit.get(reason) ?? 0) + (weights[i] ?? 0) / total);
      if ((credit.get(reason) ?? 0) > (credit.get(best) ?? 0)) best = reason;
    });
    credit.set(best, (credit.get(best) ?? 0) - 1);
    return best;
  }
}

/**
 * The reason a room's console writes into a study's rejection note: one Document Title Modifier per note, so only
 * when the room sends reasons and every reject of the note has the same reason with a CID 7011 code.
 */
function noteReasonCode(
  random: Random,
  station: DemoStation,
  person: DemoRadiographer | undefined,
  reasons: readonly RejectReason[],
): PlannedRejectionNote['reasonCode'] {
  if (reasons.length === 0 || !random.chance(station.sendsRejectReason * (person?.answersConsole ?? 1))) return null;
  const codes = new Set(reasons.map((reason) => CID_7011_OF[reason]?.code ?? null));
  const [only] = codes;
  if (codes.size !== 1 || !only) return null;
  return CID_7011_OF[reasons[0] as RejectReason] ?? null;
}

/**
 * Which exposures are rejected: per radiographer and room a running sum of reject chances, an exposure rejected
 * whenever the sum passes a whole number (systematic sampling, each sum from a seeded start). The number of rejects
 * per person and per room is then close to its expected number rather than a coin toss on some sixty or a hundred
 * exposures, so the figures show what the department is meant to show; the chance of each exposure (room,
 * procedure, person) still decides where the rejects fall.
 */
class RejectClock {
  private readonly due = new Map<string, number>();
  constructor(private readonly random: Random) {}
  /** true when this exposure of `person` in `station`, with this chance, is rejected */
  rejects(person: DemoRadiographer | undefined, station: DemoStation, chance: number): boolean {
    if (!person || chance <= 0) return false;
    const key = `${person.operatorName}|${station.stationName}`;
    const due = (this.due.get(key) ?? this.random.next()) + chance;
    const rejected = due >= 1;
    this.due.set(key, rejected ? due - 1 : due);
    return rejected;
  }
}

/**
 * Whole numbers proportional to the weights, summing to `total` (largest remainders); each at least 1 when there
 * are enough to go round, so that a small department still has every procedure.
 */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; counts.reduce((a, c) => a + c, 0) < total; k++) {
    const index = order[k % order.length]?.[1] ?? 0;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  if (total >= counts.length) {
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] !== 0) continue;
      const largest = counts.indexOf(Math.max(...counts));
      counts[largest] = (counts[largest] ?? 0) - 1;
      counts[i] = 1;
    }
  }
  return counts;
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// --- the plan ---------------------------------------------------------------------------------------------

interface ExposureOutcome {
  readonly deviationIndex: number;
  readonly positioningError: number;
  readonly doseMultiplier: number;
}

function exposureOutcome(random: Random, reason: RejectReason | null): ExposureOutcome {
  switch (reason) {
    case 'under_exposure':
      return { deviationIndex: random.uniform(-4.5, -2.6), positioningError: 0, doseMultiplier: 0.5 };
    case 'over_exposure':
      return { deviationIndex: random.uniform(2.6, 4.5), positioningError: 0, doseMultiplier: 2 };
    case 'positioning':
    case 'cutoff_collimation':
      return { deviationIndex: random.normal(0.2, 0.8), positioningError: random.uniform(0.7, 1), doseMultiplier: 1 };
    case 'motion':
    case 'artefact_patient':
    case 'marker':
    case 'inspiration':
      return { deviationIndex: random.normal(0.2, 0.8), positioningError: random.uniform(0.2, 0.4), doseMultiplier: 1 };
    default:
      return { deviationIndex: Math.max(-2.4, Math.min(2.4, random.normal(0.2, 0.9))), positioningError: 0, doseMultiplier: 1 };
  }
}

interface ImageContext {
  readonly study: Omit<PlannedStudy, 'series' | 'rejectionNote' | 'doseReport'>;
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  readonly modality: string;
  readonly folder: string;
  /** the room's RIS sent the patient's weight and height for this study */
  readonly weighed: boolean;
  /** one draw per study where the images of a study share their dose (CT: one CTDIvol for the series) */
  readonly studyDoseDraw: number;
}

/** Reference patient weight of the Dutch chest DRN (kg): the trunk's dose is spread around it. */
export const REFERENCE_WEIGHT_KG = 77;

/** ms of exposure per mAs: the tube current the room uses (DX 400 mA, the old CR 250 mA, CT per rotation, MG) */
const MS_PER_MAS: Record<DemoStation['modality'], number> = { DX: 2.5, CR: 4, CT: 4.5, MG: 10 };

function planImage(
  random: Random,
  context: ImageContext,
  view: DemoView,
  laterality: 'L' | 'R' | null,
  instanceNumber: number,
  operators: readonly DemoRadiographer[],
  reason: RejectReason | null,
  slice: { index: number; count: number } | null,
): Omit<PlannedImage, 'reasonSource'> {
  const { study } = context;
  const { station, procedure, patient } = study;
  const habits = station.habits;
  const sopInstanceUid = deterministicUid(DEMO_SEED, study.studyInstanceUid, context.seriesNumber, instanceNumber);
  const outcome = exposureOutcome(random, reason);
  const paediatric = ageInYears(patient.birthDate, study.date) < 16;
  const person = operators[0];
  // the trunk of a heavier adult needs more dose: the chest DRN is compared at 77 kg for this reason
  const weightScale = paediatric ? 1 : Math.exp(procedure.weightSlope * (patient.weightKg - REFERENCE_WEIGHT_KG));
  const doseScale = station.doseFactor * (person?.doseFactor ?? 1) * (paediatric ? 0.45 : 1) * outcome.doseMultiplier * weightScale;
  const spread = procedure.modality === 'CT' ? context.studyDoseDraw : random.logNormal(1, 1.35);
  const thickness = Math.round(view.thicknessMm * (paediatric ? 0.6 : 1) * random.logNormal(1, 1.12));
  // a thicker compressed breast needs a higher glandular dose (the FANC mammography table rises with thickness)
  const thicknessScale = procedure.modality === 'MG' ? (thickness / view.thicknessMm) ** 1.2 : 1;
  const dose = significant(view.typicalDose * doseScale * spread * thicknessScale, 4);
  const chest = procedure.bodyPart === 'chest';
  const kvp = chest ? station.acquisition.chestKvp : view.kvp;
  // mAs follows the dose, and at a lower kVp more mAs is needed for it (DAP ∝ mAs·kV²)
  const mAs = significant(view.typicalMas * (dose / view.typicalDose) * (view.kvp / kvp) ** 2, 3);
  const exposureTimeMs = Math.max(1, Math.round(mAs * MS_PER_MAS[station.modality]));

  const isProjection = procedure.modality === 'projection';
  const targetEi = isProjection ? view.targetExposureIndex : null;
  const exposureIndex = targetEi === null ? null : Math.round(targetEi * 10 ** (outcome.deviationIndex / 10));
  // the DI a detector reports follows from its own (rounded) EI and target
  const deviationIndex =
    targetEi === null || exposureIndex === null ? null : Number((10 * Math.log10(exposureIndex / targetEi)).toFixed(2));

  const viewPositionTerm = view.viewPosition(laterality);
  const code = VIEW_CODES[viewPositionTerm];
  const writesViewCode = habits.viewCodeScheme !== null && code !== undefined;
  const written: PlannedImage['written'] = {
    viewPosition: habits.viewPosition && viewPositionTerm !== '' ? viewPositionTerm : null,
    viewCode:
      writesViewCode && habits.viewCodeScheme
        ? { value: habits.viewCodeScheme === 'SCT' ? code.sct : code.srt, scheme: habits.viewCodeScheme, meaning: code.meaning }
        : null,
    dapDGyCm2: isProjection ? significant(dose * 10, 6) : null,
    organDoseDGy: procedure.modality === 'MG' ? significant(dose / 100, 6) : null,
    ctdiVolMGy: procedure.modality === 'CT' ? dose : null,
    bodyPartThicknessMm: procedure.modality === 'CT' ? null : thickness,
    exposureIndex,
    targetExposureIndex: habits.targetExposureIndex ? targetEi : null,
    deviationIndex: habits.deviationIndex ? deviationIndex : null,
    kvp,
    mAs,
    exposureTimeMs,
    sliceLocationMm: slice ? -slice.index * CT_SLICE_SPACING_MM : null,
    patientWeightKg: context.weighed ? patient.weightKg : null,
    patientSizeM: context.weighed ? patient.heightM : null,
    distanceSourceToDetectorMm: isProjection
      ? chest
        ? station.acquisition.chestDistanceMm
        : 1150
      : procedure.modality === 'MG'
        ? 660
        : null,
    grid: view.grid,
    filterMaterial: station.acquisition.filterMaterial,
    exposureControlMode: station.acquisition.aecMode,
  };

  const viewPositionFact = written.viewPosition ?? (written.viewCode ? viewPositionTerm : null);
  const writtenTarget = written.targetExposureIndex;
  const facts: DemoImageFacts = {
    sop_instance_uid: sopInstanceUid,
    study_instance_uid: study.studyInstanceUid,
    series_instance_uid: context.seriesInstanceUid,
    sop_class_uid: SOP_CLASSES[context.modality as keyof typeof SOP_CLASSES],
    modality: context.modality,
    study_date: isoOf(study.date),
    operator_names: [...study.operators],
    station_name: station.stationName,
    view_position: viewPositionFact,
    study_description: procedure.studyDescription,
    patient_age_years: ageInYears(patient.birthDate, study.date),
    dap_gy_cm2: isProjection ? dose : null,
    organ_dose_mgy: procedure.modality === 'MG' ? dose : null,
    body_part_thickness_mm: written.bodyPartThicknessMm,
    ctdivol_mgy: written.ctdiVolMGy,
    exposure_index: exposureIndex,
    target_exposure_index: writtenTarget,
    deviation_index:
      written.deviationIndex ?? (exposureIndex !== null && writtenTarget !== null ? 10 * Math.log10(exposureIndex / writtenTarget) : null),
    patient_weight_kg: written.patientWeightKg,
    patient_size_m: written.patientSizeM,
    kvp: written.kvp,
    exposure_mas: written.mAs,
    exposure_time_ms: written.exposureTimeMs,
    distance_source_detector_mm: written.distanceSourceToDetectorMm,
    grid: written.grid,
    filter_material: written.filterMaterial,
    aec_mode: written.exposureControlMode,
  };

  const minutes = Number(study.time.slice(2, 4)) + instanceNumber;
  return {
    sopInstanceUid,
    sopClassUid: SOP_CLASSES[context.modality as keyof typeof SOP_CLASSES],
    instanceNumber,
    file: `${context.folder}/${String(instanceNumber).padStart(3, '0')}.dcm`,
    render: {
      bodyPart: procedure.bodyPart,
      projection: view.projection,
      seed: random.int(1, 2 ** 31 - 1),
      ...(laterality ? { laterality } : {}),
      ...(slice ? { sliceIndex: slice.index, sliceCount: slice.count } : {}),
      exposureFactor: 10 ** (outcome.deviationIndex / 10),
      positioningError: outcome.positioningError,
    },
    laterality,
    projection: view.projection,
    acquisitionTime: `${study.time.slice(0, 2)}${two(minutes % 60)}${two(random.int(0, 59))}`,
    written,
    facts,
    rejected: reason !== null,
    rejectReason: reason,
  };
}

function planStudy(
  random: Random,
  rota: RoomRota,
  clock: RejectClock,
  reasons: ReasonPicker,
  index: number,
  date: Date,
  patient: DemoPatient,
  procedure: DemoProcedure,
): PlannedStudy {
  const station = pickStation(random, rota, procedure);
  const operators = pickOperators(random, procedure);
  const hour = station.stationName === 'SEH-KAMER' ? random.int(0, 23) : random.int(8, 16);
  const accessionNumber = `DEMO${String(index + 1).padStart(5, '0')}`;
  const studyInstanceUid = deterministicUid(DEMO_SEED, 'study', accessionNumber);
  const studyBase = {
    studyInstanceUid,
    accessionNumber,
    studyId: String(index + 1),
    date: dicomDate(date),
    time: `${two(hour)}${two(random.int(0, 59))}${two(random.int(0, 59))}`,
    patient,
    procedure,
    station,
    operators: operators.map((o) => o.operatorName),
  };
  const modality = procedure.modality === 'projection' ? station.modality : procedure.modality;
  const seriesNumber = 1;
  const seriesInstanceUid = deterministicUid(DEMO_SEED, studyInstanceUid, 'series', seriesNumber);
  const context: ImageContext = {
    study: studyBase,
    seriesInstanceUid,
    seriesNumber,
    modality,
    folder: `${accessionNumber}/${seriesNumber}_${modality}`,
    weighed: random.chance(station.acquisition.weightShare),
    studyDoseDraw: random.logNormal(1, 1.2),
  };

  const images: Omit<PlannedImage, 'reasonSource'>[] = [];
  const next = (): number => images.length + 1;
  const chance = procedure.modality === 'projection' ? rejectChance(station, procedure, operators) : 0;
  if (procedure.modality === 'CT') {
    const view = procedure.views[0];
    if (!view) throw new Error(`${procedure.code} has no view`);
    for (let slice = 0; slice < CT_SLICES; slice++)
      images.push(planImage(random, context, view, null, next(), operators, null, { index: slice, count: CT_SLICES }));
  } else {
    const sides: ('L' | 'R' | null)[] =
      procedure.modality === 'MG' ? ['R', 'L'] : [procedure.lateralized ? (random.chance(0.5) ? 'L' : 'R') : null];
    for (const side of sides) {
      for (const view of procedure.views) {
        // a rejected exposure comes first; the retake that follows is the accepted image
        if (clock.rejects(operators[0], station, chance)) {
          images.push(planImage(random, context, view, side, next(), operators, reasons.pick(station, procedure, operators[0]), null));
        }
        images.push(planImage(random, context, view, side, next(), operators, null, null));
      }
    }
  }
  const reasonCode = noteReasonCode(
    random,
    station,
    operators[0],
    images.flatMap((image) => (image.rejectReason ? [image.rejectReason] : [])),
  );
  const explainer = operators[0];
  const withSources: PlannedImage[] = images.map((image) => ({
    ...image,
    reasonSource: !image.rejected
      ? null
      : reasonCode
        ? 'modality'
        : explainer && random.chance(explainer.explainsRejects)
          ? 'radiographer'
          : null,
  }));
  const series: PlannedSeries[] = [
    { seriesInstanceUid, seriesNumber, modality, description: procedure.studyDescription, images: withSources },
  ];
  const rejected = withSources.filter((image) => image.rejected);
  const noteSeriesUid = deterministicUid(DEMO_SEED, studyInstanceUid, 'series', 99);
  const rejectionNote: PlannedRejectionNote | null =
    rejected.length === 0
      ? null
      : {
          sopInstanceUid: deterministicUid(DEMO_SEED, studyInstanceUid, 'kos'),
          seriesInstanceUid: noteSeriesUid,
          file: `${accessionNumber}/99_KO/001.dcm`,
          titleCode: '113001',
          reasonCode,
          rejects: rejected.map((image) => ({ seriesInstanceUid, sopClassUid: image.sopClassUid, sopInstanceUid: image.sopInstanceUid })),
        };
  const firstCt = procedure.modality === 'CT' ? withSources[0] : undefined;
  const scanningLengthMm = CT_SLICES * CT_SLICE_SPACING_MM + CT_OVERRANGING_MM;
  const doseReport: PlannedDoseReport | null =
    firstCt && firstCt.written.ctdiVolMGy !== null
      ? {
          sopInstanceUid: deterministicUid(DEMO_SEED, studyInstanceUid, 'rdsr'),
          seriesInstanceUid: deterministicUid(DEMO_SEED, studyInstanceUid, 'series', 997),
          file: `${accessionNumber}/997_SR/001.dcm`,
          irradiationEventUid: deterministicUid(DEMO_SEED, studyInstanceUid, 'irradiation-event', 1),
          ctdivolMgy: firstCt.written.ctdiVolMGy,
          dlpMgyCm: significant((firstCt.written.ctdiVolMGy * scanningLengthMm) / 10, 4),
          scanningLengthMm,
          kvp: firstCt.written.kvp,
          tubeCurrentMa: Math.round(firstCt.written.mAs / 0.5),
        }
      : null;
  return { ...studyBase, series, rejectionNote, doseReport };
}

export function planDemoDepartment(options: { seed?: number; studyCount?: number; periodEnd?: string } = {}): DemoPlan {
  const seed = options.seed ?? DEMO_SEED;
  const periodEnd = options.periodEnd ?? DEMO_PERIOD_END;
  const studyCount = options.studyCount ?? DEMO_STUDY_COUNT;
  const random = createRandom(seed);
  const periodStart = addDays(periodEnd, -364).toISOString().slice(0, 10);
  const adults = makePatients(random, Math.ceil(studyCount * 0.75), periodStart, false);
  const children = makePatients(random, Math.ceil(studyCount * 0.12), periodStart, true);

  const days = Array.from({ length: studyCount }, () => random.int(0, 364)).sort((a, b) => a - b);
  // each procedure as often as its share says (CT and MG studies are big: their number stays what it is meant to be)
  const counts = apportion(
    studyCount,
    PROCEDURES.map((p) => p.frequency),
  );
  const procedures = shuffled(
    random,
    PROCEDURES.flatMap((p, i) => Array.from({ length: counts[i] ?? 0 }, () => p)),
  );
  const rota = new RoomRota(random.fork());
  const clock = new RejectClock(random.fork());
  const reasons = new ReasonPicker(random.fork());
  const studies = days.map((day, index) => {
    const procedure = procedures[index] as DemoProcedure;
    const paediatric = random.chance(procedure.paediatricShare);
    const pool = (paediatric ? children : adults).filter((p) => procedure.modality !== 'MG' || p.sex === 'F');
    return planStudy(random, rota, clock, reasons, index, addDays(periodStart, day), random.pick(pool), procedure);
  });
  return { seed, periodEnd, studies };
}
