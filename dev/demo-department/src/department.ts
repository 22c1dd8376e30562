/**
 * The demo department ("Radiologie, Demo Ziekenhuis"): its radiographers, rooms and procedures, with the dose
 * levels around which the demo data is spread. Later issues seed people and stations from here too, so the demo
 * logins belong to the radiographers whose names are in the images.
 *
 * Dose levels are typical adult values in canonical units (shared/reference/domain.md §4.2–4.4; the radiography
 * values there are unconfirmed [U]), used only to make realistic demo data, never as reference levels.
 */
import type { BodyPart, Projection } from './anatomy';

/**
 * Why an exposure was rejected: reason codes of the IQS reason list (backend/supabase/seed.sql, scheme 'IQS').
 * The demo uses the ones a radiography department meets most.
 */
export type RejectReason =
  'positioning' | 'cutoff_collimation' | 'motion' | 'under_exposure' | 'over_exposure' | 'artefact_patient' | 'marker' | 'inspiration';

/**
 * The CID 7011 code ("Rejected for Quality Reasons") a modality writes for a reason, as the Document Title Modifier
 * (TID 2010, concept DCM 113011) of its rejection note. Only reasons with a code of their own: the rest
 * (collimation, marker, inspiration) have none, so a modality cannot send them.
 */
export const CID_7011_OF: Readonly<Partial<Record<RejectReason, { readonly code: string; readonly meaning: string }>>> = {
  positioning: { code: '111209', meaning: 'Positioning' },
  motion: { code: '111210', meaning: 'Motion blur' },
  under_exposure: { code: '111211', meaning: 'Under exposed' },
  over_exposure: { code: '111212', meaning: 'Over exposed' },
  artefact_patient: { code: '111207', meaning: 'Image artifact(s)' },
};

/** How often each reason is the cause of a reject, before the room, procedure and radiographer tilt it. */
export const REJECT_REASON_WEIGHTS: Readonly<Record<RejectReason, number>> = {
  positioning: 34,
  cutoff_collimation: 18,
  motion: 10,
  under_exposure: 7,
  over_exposure: 5,
  artefact_patient: 8,
  marker: 5,
  inspiration: 2,
};

/** The department's chance that a radiography exposure is rejected, before room, procedure and radiographer. */
export const BASE_REJECT_CHANCE = 0.065;

/** Multipliers on the reason weights: what a room, procedure or person gets wrong more (or less) often. */
export type ReasonTilt = Readonly<Partial<Record<RejectReason, number>>>;

export interface DemoRadiographer {
  /** as the modality writes it in OperatorsName */
  readonly operatorName: string;
  readonly startDate: string;
  /** how often this person's exposures fail, relative to the department (1 = as often) */
  readonly rejectFactor: number;
  /**
   * share of this person's failed exposures that reach the PACS as rejects: 1 for everyone but someone who deletes
   * rejected exposures on the console (a suspiciously low reject rate, TG-305's warning sign)
   */
  readonly keepsRejects: number;
  /** which reasons this person's rejects have more often */
  readonly reasonTilt: ReasonTilt;
  /** share of the console's reason questions (rooms whose console asks, see DemoStation) this person answers */
  readonly answersConsole: number;
  /**
   * share of this person's rejects (those without a reason from the modality) that they have explained in IQS by
   * the time the demo is loaded; 0 for Petra, who explains hers in the browser tests
   */
  readonly explainsRejects: number;
  /** how much of the department's work this person does */
  readonly workload: number;
  /** this person's exposures relative to the department's typical dose */
  readonly doseFactor: number;
  /** trained for mammography */
  readonly mammography: boolean;
}

export const RADIOGRAPHERS: readonly DemoRadiographer[] = [
  // the radiographer of the browser tests: many studies, an ordinary reject rate, her rejects not yet explained
  {
    operatorName: 'Jansen^Petra',
    startDate: '2004-09-01',
    rejectFactor: 1.3,
    keepsRejects: 1,
    reasonTilt: {},
    explainsRejects: 0,
    answersConsole: 0.35,
    workload: 2.2,
    doseFactor: 0.95,
    mammography: true,
  },
  {
    operatorName: 'de Vries^Anna',
    startDate: '2012-02-01',
    rejectFactor: 0.8,
    keepsRejects: 1,
    reasonTilt: {},
    explainsRejects: 0.8,
    answersConsole: 1,
    workload: 1.0,
    doseFactor: 1.0,
    mammography: false,
  },
  {
    operatorName: 'Bakker^Jeroen',
    startDate: '2018-06-01',
    rejectFactor: 0.9,
    keepsRejects: 1,
    reasonTilt: {},
    explainsRejects: 0.6,
    answersConsole: 1,
    workload: 1.0,
    doseFactor: 1.05,
    mammography: false,
  },
  {
    operatorName: 'Visser^Sanne',
    startDate: '2021-09-01',
    rejectFactor: 1.1,
    keepsRejects: 1,
    reasonTilt: {},
    explainsRejects: 0.7,
    answersConsole: 1,
    workload: 0.9,
    doseFactor: 1.0,
    mammography: false,
  },
  // the newest colleague: many rejects, most of them positioning, and he explains them
  {
    operatorName: 'Smit^Daan',
    startDate: '2024-02-01',
    rejectFactor: 2.2,
    keepsRejects: 1,
    reasonTilt: { positioning: 6, cutoff_collimation: 1.2, under_exposure: 0.5, over_exposure: 0.5 },
    explainsRejects: 1,
    answersConsole: 1,
    workload: 1.2,
    doseFactor: 1.2,
    mammography: false,
  },
  {
    operatorName: 'Mulder^Fatima',
    startDate: '2009-03-01',
    rejectFactor: 0.8,
    keepsRejects: 1,
    reasonTilt: {},
    explainsRejects: 0.9,
    answersConsole: 1,
    workload: 1.1,
    doseFactor: 0.95,
    mammography: true,
  },
  // suspiciously few rejects: he deletes most failed exposures on the console
  {
    operatorName: 'Müller^Jürgen',
    startDate: '2016-01-01',
    rejectFactor: 1.0,
    keepsRejects: 0.15,
    reasonTilt: {},
    explainsRejects: 0.5,
    answersConsole: 1,
    workload: 0.9,
    doseFactor: 1.1,
    mammography: false,
  },
  {
    operatorName: 'Öztürk^Elif',
    startDate: '2023-09-01',
    rejectFactor: 1.2,
    keepsRejects: 1,
    reasonTilt: {},
    explainsRejects: 0.5,
    answersConsole: 1,
    workload: 0.7,
    doseFactor: 1.0,
    mammography: true,
  },
];

/** What a room's modality writes into its images: vendors differ, which is why IQS maps tags per station. */
export interface StationHabits {
  /** fills ViewPosition (0018,5101) */
  readonly viewPosition: boolean;
  /** fills ViewCodeSequence (0054,0220), in this coding scheme */
  readonly viewCodeScheme: 'SCT' | 'SRT' | null;
  readonly targetExposureIndex: boolean;
  readonly deviationIndex: boolean;
  /** SpecificCharacterSet of its files */
  readonly characterSet: 'ISO_IR 100' | 'ISO_IR 192';
}

export interface DemoStation {
  readonly stationName: string;
  readonly modality: 'DX' | 'CR' | 'CT' | 'MG';
  readonly manufacturer: string;
  readonly model: string;
  /** this room's dose relative to the department's typical level */
  readonly doseFactor: number;
  /** how often exposures in this room are rejected, relative to the department */
  readonly rejectFactor: number;
  /** which reasons this room's rejects have more often */
  readonly reasonTilt: ReasonTilt;
  /**
   * share of its rejection notes in which the console sends the reason (a CID 7011 code): the console asks for one
   * when an exposure is rejected, and the radiographer may skip the question; 0 for a console that never asks
   */
  readonly sendsRejectReason: number;
  /** share of the department's radiography studies made here (0 for CT and MG) */
  readonly share: number;
  readonly habits: StationHabits;
  /** how the room exposes: what it writes into each image's acquisition attributes */
  readonly acquisition: StationAcquisition;
}

/**
 * A room's exposure habits, written into its images (0018,xxxx) as a correct reader finds them. Chest PA is where
 * the rooms differ most: the old CR room exposes at a lower tube voltage, without automatic exposure control, and
 * reaches a DAP well above the DRN; the newest DX room, with a copper filter and AEC, stays under the streefwaarde.
 */
export interface StationAcquisition {
  /** share of studies whose PatientWeight (0010,1030) and PatientSize (0010,1020) reach the header (from the RIS) */
  readonly weightShare: number;
  /** ExposureControlMode (0018,7060); null: the room does not write it */
  readonly aecMode: 'AUTOMATIC' | 'MANUAL' | null;
  /** FilterMaterial (0018,7050); null: not written */
  readonly filterMaterial: string | null;
  /** tube voltage for the chest (other procedures use the procedure's kVp) */
  readonly chestKvp: number;
  /** source–detector distance of the chest stand in mm (other projections: 1150 mm on the table) */
  readonly chestDistanceMm: number;
}

export const STATIONS: readonly DemoStation[] = [
  {
    stationName: 'RAD-KAMER1',
    modality: 'DX',
    manufacturer: 'Philips Medical Systems',
    model: 'DigitalDiagnost C90',
    // the newest DX room, copper filter and AEC: its chest PA stays under the streefwaarde
    doseFactor: 0.55,
    rejectFactor: 0.85,
    reasonTilt: {},
    sendsRejectReason: 0,
    share: 32,
    habits: { viewPosition: true, viewCodeScheme: null, targetExposureIndex: true, deviationIndex: true, characterSet: 'ISO_IR 192' },
    acquisition: { weightShare: 0.9, aecMode: 'AUTOMATIC', filterMaterial: 'COPPER', chestKvp: 125, chestDistanceMm: 1800 },
  },
  {
    stationName: 'RAD-KAMER2',
    modality: 'DX',
    manufacturer: 'Siemens Healthineers',
    model: 'Ysio Max',
    // between the streefwaarde and the DRN for the chest PA
    doseFactor: 1.1,
    rejectFactor: 0.8,
    reasonTilt: {},
    // its console asks for a reason on each reject and sends it in the rejection note
    sendsRejectReason: 0.85,
    share: 28,
    habits: { viewPosition: true, viewCodeScheme: 'SCT', targetExposureIndex: true, deviationIndex: true, characterSet: 'ISO_IR 192' },
    acquisition: { weightShare: 0.85, aecMode: 'AUTOMATIC', filterMaterial: 'ALUMINUM', chestKvp: 125, chestDistanceMm: 1800 },
  },
  {
    // an older CR room: the view only as a SNOMED-RT code, EI without target, Latin-1 names
    stationName: 'RAD-KAMER3',
    modality: 'CR',
    manufacturer: 'FUJIFILM Corporation',
    model: 'FCR PROFECT CS',
    // CR plates need more dose, and without AEC at a lower kVp: its chest PA is clearly above the DRN
    doseFactor: 2.5,
    // no automatic exposure control on the old CR plates: more exposure faults
    rejectFactor: 0.95,
    reasonTilt: { under_exposure: 2.5, over_exposure: 2.5 },
    sendsRejectReason: 0,
    share: 18,
    habits: { viewPosition: false, viewCodeScheme: 'SRT', targetExposureIndex: false, deviationIndex: false, characterSet: 'ISO_IR 100' },
    acquisition: { weightShare: 0.75, aecMode: 'MANUAL', filterMaterial: null, chestKvp: 102, chestDistanceMm: 1500 },
  },
  {
    // emergency department room: target EI but no DI (IQS derives it)
    stationName: 'SEH-KAMER',
    modality: 'DX',
    manufacturer: 'Agfa',
    model: 'DR 600',
    doseFactor: 0.9,
    // the worst room: trauma patients in pain, at any hour, who cannot hold still or be positioned as usual
    rejectFactor: 2.4,
    reasonTilt: { motion: 2.5, positioning: 1.3, artefact_patient: 1.5 },
    sendsRejectReason: 0.5,
    share: 22,
    habits: { viewPosition: true, viewCodeScheme: null, targetExposureIndex: true, deviationIndex: false, characterSet: 'ISO_IR 192' },
    acquisition: { weightShare: 0.15, aecMode: 'AUTOMATIC', filterMaterial: 'COPPER', chestKvp: 117, chestDistanceMm: 1500 },
  },
  {
    stationName: 'CT1',
    modality: 'CT',
    manufacturer: 'Canon Medical Systems',
    model: 'Aquilion Prime SP',
    doseFactor: 1.0,
    rejectFactor: 0,
    reasonTilt: {},
    sendsRejectReason: 0,
    share: 0,
    habits: { viewPosition: false, viewCodeScheme: null, targetExposureIndex: false, deviationIndex: false, characterSet: 'ISO_IR 192' },
    acquisition: { weightShare: 0.9, aecMode: null, filterMaterial: null, chestKvp: 120, chestDistanceMm: 0 },
  },
  {
    stationName: 'MAMMO1',
    modality: 'MG',
    manufacturer: 'HOLOGIC, Inc.',
    model: 'Selenia Dimensions',
    doseFactor: 1.0,
    rejectFactor: 0,
    reasonTilt: {},
    sendsRejectReason: 0,
    share: 0,
    habits: { viewPosition: true, viewCodeScheme: 'SCT', targetExposureIndex: false, deviationIndex: false, characterSet: 'ISO_IR 192' },
    acquisition: { weightShare: 0, aecMode: 'AUTOMATIC', filterMaterial: 'RHODIUM', chestKvp: 0, chestDistanceMm: 0 },
  },
];

export interface DemoView {
  readonly projection: Projection;
  /** ViewPosition term for this view (for lateral views of a limb: the side against the detector) */
  readonly viewPosition: (laterality: 'L' | 'R' | null) => string;
  /** typical dose: DAP in Gy·cm² for radiography, mean glandular dose in mGy for MG */
  readonly typicalDose: number;
  /** typical body part thickness in mm */
  readonly thicknessMm: number;
  readonly targetExposureIndex: number;
  /** typical tube current–time product in mAs at the typical dose (mAs follows the dose) */
  readonly typicalMas: number;
  /** tube voltage in kV (the chest's depends on the room) */
  readonly kvp: number;
  /** Grid (0018,1166) as written; 'NONE' for thin parts exposed without a grid */
  readonly grid: 'FOCUSED' | 'RECIPROCATING' | 'NONE' | null;
}

export interface DemoProcedure {
  readonly code: string;
  /** StudyDescription as the department's RIS writes it */
  readonly studyDescription: string;
  readonly bodyPart: BodyPart;
  readonly bodyPartExamined: string;
  readonly modality: 'projection' | 'CT' | 'MG';
  readonly views: readonly DemoView[];
  /** paired body parts get a side per study */
  readonly lateralized: boolean;
  /** share of the department's studies */
  readonly frequency: number;
  /** how often this procedure's exposures are rejected, relative to the department (0: never, for CT and MG) */
  readonly rejectFactor: number;
  /** which reasons this procedure's rejects have more often */
  readonly reasonTilt: ReasonTilt;
  /** share of patients who are children */
  readonly paediatricShare: number;
  /**
   * the rooms this procedure is made in, by share, when they differ from the rooms' shares of all radiography
   * (the chest: most in the three radiography rooms, few in the emergency room)
   */
  readonly roomShares?: Readonly<Record<string, number>>;
  /** the trunk: DAP (and CTDIvol) grow with the patient's weight, exp(weightSlope · (weight − 77 kg)) */
  readonly weightSlope: number;
}

const fixed = (term: string) => () => term;
const sideLateral = (laterality: 'L' | 'R' | null) => (laterality === 'R' ? 'RL' : 'LL');

export const PROCEDURES: readonly DemoProcedure[] = [
  {
    code: 'thorax',
    studyDescription: 'X-Thorax PA/LAT',
    bodyPart: 'chest',
    bodyPartExamined: 'CHEST',
    modality: 'projection',
    views: [
      {
        projection: 'PA',
        viewPosition: fixed('PA'),
        typicalDose: 0.08,
        thicknessMm: 220,
        targetExposureIndex: 300,
        typicalMas: 2,
        kvp: 125,
        grid: 'FOCUSED',
      },
      {
        projection: 'LAT',
        viewPosition: fixed('LL'),
        typicalDose: 0.25,
        thicknessMm: 320,
        targetExposureIndex: 300,
        typicalMas: 6,
        kvp: 125,
        grid: 'FOCUSED',
      },
    ],
    lateralized: false,
    // the department's most frequent examination, and the one the Dutch DRN is about
    frequency: 45,
    roomShares: { 'RAD-KAMER1': 30, 'RAD-KAMER2': 30, 'RAD-KAMER3': 30, 'SEH-KAMER': 10 },
    // the chest is the department's most practised examination
    rejectFactor: 0.6,
    reasonTilt: { inspiration: 6, cutoff_collimation: 1.3 },
    paediatricShare: 0.05,
    weightSlope: 0.02,
  },
  {
    code: 'bekken',
    studyDescription: 'X-Bekken AP',
    bodyPart: 'pelvis',
    bodyPartExamined: 'PELVIS',
    modality: 'projection',
    views: [
      {
        projection: 'AP',
        viewPosition: fixed('AP'),
        typicalDose: 1.6,
        thicknessMm: 220,
        targetExposureIndex: 400,
        typicalMas: 25,
        kvp: 77,
        grid: 'FOCUSED',
      },
    ],
    lateralized: false,
    frequency: 9,
    rejectFactor: 0.9,
    reasonTilt: {},
    paediatricShare: 0.02,
    weightSlope: 0.02,
  },
  {
    code: 'knie',
    studyDescription: 'X-Knie AP/LAT',
    bodyPart: 'knee',
    bodyPartExamined: 'KNEE',
    modality: 'projection',
    views: [
      {
        projection: 'AP',
        viewPosition: fixed('AP'),
        typicalDose: 0.06,
        thicknessMm: 110,
        targetExposureIndex: 400,
        typicalMas: 5,
        kvp: 63,
        grid: 'NONE',
      },
      {
        projection: 'LAT',
        viewPosition: sideLateral,
        typicalDose: 0.05,
        thicknessMm: 100,
        targetExposureIndex: 400,
        typicalMas: 4,
        kvp: 63,
        grid: 'NONE',
      },
    ],
    lateralized: true,
    frequency: 19,
    // knees (and other joints) are hard to position: the worst procedure in published reject analyses
    rejectFactor: 2.3,
    reasonTilt: { positioning: 1.5 },
    paediatricShare: 0.15,
    weightSlope: 0,
  },
  {
    code: 'lwk',
    studyDescription: 'X-LWK AP/LAT',
    bodyPart: 'lumbar-spine',
    bodyPartExamined: 'LSPINE',
    modality: 'projection',
    views: [
      {
        projection: 'AP',
        viewPosition: fixed('AP'),
        typicalDose: 1.2,
        thicknessMm: 220,
        targetExposureIndex: 400,
        typicalMas: 32,
        kvp: 81,
        grid: 'FOCUSED',
      },
      {
        projection: 'LAT',
        viewPosition: fixed('LL'),
        typicalDose: 2.2,
        thicknessMm: 320,
        targetExposureIndex: 400,
        typicalMas: 50,
        kvp: 90,
        grid: 'FOCUSED',
      },
    ],
    lateralized: false,
    frequency: 9,
    rejectFactor: 1.0,
    reasonTilt: {},
    paediatricShare: 0.02,
    weightSlope: 0.02,
  },
  {
    code: 'hand',
    studyDescription: 'X-Hand PA',
    bodyPart: 'hand',
    bodyPartExamined: 'HAND',
    modality: 'projection',
    views: [
      {
        projection: 'PA',
        viewPosition: fixed('PA'),
        typicalDose: 0.025,
        thicknessMm: 30,
        targetExposureIndex: 500,
        typicalMas: 2.5,
        kvp: 55,
        grid: 'NONE',
      },
    ],
    lateralized: true,
    frequency: 16,
    // a limb: fingers overlap, the marker and the field are easily wrong
    rejectFactor: 2.0,
    reasonTilt: { cutoff_collimation: 1.5, marker: 2, motion: 1.3 },
    paediatricShare: 0.2,
    weightSlope: 0,
  },
  {
    code: 'schedel',
    studyDescription: 'X-Schedel PA/LAT',
    bodyPart: 'skull',
    bodyPartExamined: 'SKULL',
    modality: 'projection',
    views: [
      {
        projection: 'PA',
        viewPosition: fixed('PA'),
        typicalDose: 0.5,
        thicknessMm: 190,
        targetExposureIndex: 400,
        typicalMas: 20,
        kvp: 73,
        grid: 'FOCUSED',
      },
      {
        projection: 'LAT',
        viewPosition: fixed('LL'),
        typicalDose: 0.4,
        thicknessMm: 150,
        targetExposureIndex: 400,
        typicalMas: 16,
        kvp: 70,
        grid: 'FOCUSED',
      },
    ],
    lateralized: false,
    frequency: 6,
    rejectFactor: 1.1,
    reasonTilt: {},
    paediatricShare: 0.1,
    weightSlope: 0,
  },
  {
    code: 'ct-thorax',
    studyDescription: 'CT Thorax',
    bodyPart: 'ct-chest',
    bodyPartExamined: 'CHEST',
    modality: 'CT',
    // typicalDose: CTDIvol in mGy (UK NDRL for chest is 8.5 mGy)
    views: [
      {
        projection: 'AXIAL',
        viewPosition: fixed(''),
        typicalDose: 6.5,
        thicknessMm: 300,
        targetExposureIndex: 0,
        typicalMas: 110,
        kvp: 120,
        grid: null,
      },
    ],
    lateralized: false,
    // few, for CT studies are big and slow to write
    frequency: 2.2,
    rejectFactor: 0,
    reasonTilt: {},
    paediatricShare: 0,
    weightSlope: 0.012,
  },
  {
    code: 'mammo',
    studyDescription: 'Mammografie',
    bodyPart: 'breast',
    bodyPartExamined: 'BREAST',
    modality: 'MG',
    // typicalDose: mean glandular dose per view in mGy
    views: [
      {
        projection: 'CC',
        viewPosition: fixed('CC'),
        typicalDose: 1.4,
        thicknessMm: 55,
        targetExposureIndex: 0,
        typicalMas: 90,
        kvp: 29,
        grid: 'RECIPROCATING',
      },
      {
        projection: 'MLO',
        viewPosition: fixed('MLO'),
        typicalDose: 1.6,
        thicknessMm: 58,
        targetExposureIndex: 0,
        typicalMas: 100,
        kvp: 29,
        grid: 'RECIPROCATING',
      },
    ],
    lateralized: false,
    frequency: 4.3,
    rejectFactor: 0,
    reasonTilt: {},
    paediatricShare: 0,
    weightSlope: 0,
  },
];

export const DEPARTMENT = {
  institutionName: 'Demo Ziekenhuis',
  departmentName: 'Radiologie',
} as const;
