/**
 * The demo department ("Radiologie, Demo Ziekenhuis"): its radiographers, rooms and procedures, with the dose
 * levels around which the demo data is spread. Later issues seed people and stations from here too, so the demo
 * logins belong to the radiographers whose names are in the images.
 *
 * Dose levels are typical adult values in canonical units (shared/reference/domain.md §4.2–4.4; the radiography
 * values there are unconfirmed [U]), used only to make realistic demo data, never as reference levels.
 */
import type { BodyPart, Projection } from './anatomy';

export interface DemoRadiographer {
  /** as the modality writes it in OperatorsName */
  readonly operatorName: string;
  readonly startDate: string;
  /** share of this person's exposures that get rejected */
  readonly rejectRate: number;
  /** how much of the department's work this person does */
  readonly workload: number;
  /** this person's exposures relative to the department's typical dose */
  readonly doseFactor: number;
  /** trained for mammography */
  readonly mammography: boolean;
}

export const RADIOGRAPHERS: readonly DemoRadiographer[] = [
  { operatorName: 'Jansen^Petra', startDate: '2004-09-01', rejectRate: 0.04, workload: 1.2, doseFactor: 0.95, mammography: true },
  { operatorName: 'de Vries^Anna', startDate: '2012-02-01', rejectRate: 0.06, workload: 1.0, doseFactor: 1.0, mammography: false },
  { operatorName: 'Bakker^Jeroen', startDate: '2018-06-01', rejectRate: 0.07, workload: 1.0, doseFactor: 1.05, mammography: false },
  { operatorName: 'Visser^Sanne', startDate: '2021-09-01', rejectRate: 0.09, workload: 0.9, doseFactor: 1.0, mammography: false },
  { operatorName: 'Smit^Daan', startDate: '2024-02-01', rejectRate: 0.13, workload: 0.8, doseFactor: 1.2, mammography: false },
  { operatorName: 'Mulder^Fatima', startDate: '2009-03-01', rejectRate: 0.05, workload: 1.1, doseFactor: 0.95, mammography: true },
  { operatorName: 'Müller^Jürgen', startDate: '2016-01-01', rejectRate: 0.06, workload: 0.9, doseFactor: 1.1, mammography: false },
  { operatorName: 'Öztürk^Elif', startDate: '2023-09-01', rejectRate: 0.1, workload: 0.7, doseFactor: 1.0, mammography: true },
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
  readonly habits: StationHabits;
}

export const STATIONS: readonly DemoStation[] = [
  {
    stationName: 'RAD-KAMER1',
    modality: 'DX',
    manufacturer: 'Philips Medical Systems',
    model: 'DigitalDiagnost C90',
    doseFactor: 1.0,
    habits: { viewPosition: true, viewCodeScheme: null, targetExposureIndex: true, deviationIndex: true, characterSet: 'ISO_IR 192' },
  },
  {
    stationName: 'RAD-KAMER2',
    modality: 'DX',
    manufacturer: 'Siemens Healthineers',
    model: 'Ysio Max',
    doseFactor: 1.3,
    habits: { viewPosition: true, viewCodeScheme: 'SCT', targetExposureIndex: true, deviationIndex: true, characterSet: 'ISO_IR 192' },
  },
  {
    // an older CR room: the view only as a SNOMED-RT code, EI without target, Latin-1 names
    stationName: 'RAD-KAMER3',
    modality: 'CR',
    manufacturer: 'FUJIFILM Corporation',
    model: 'FCR PROFECT CS',
    doseFactor: 1.6,
    habits: { viewPosition: false, viewCodeScheme: 'SRT', targetExposureIndex: false, deviationIndex: false, characterSet: 'ISO_IR 100' },
  },
  {
    // emergency department room: target EI but no DI (IQS derives it)
    stationName: 'SEH-KAMER',
    modality: 'DX',
    manufacturer: 'Agfa',
    model: 'DR 600',
    doseFactor: 0.9,
    habits: { viewPosition: true, viewCodeScheme: null, targetExposureIndex: true, deviationIndex: false, characterSet: 'ISO_IR 192' },
  },
  {
    stationName: 'CT1',
    modality: 'CT',
    manufacturer: 'Canon Medical Systems',
    model: 'Aquilion Prime SP',
    doseFactor: 1.0,
    habits: { viewPosition: false, viewCodeScheme: null, targetExposureIndex: false, deviationIndex: false, characterSet: 'ISO_IR 192' },
  },
  {
    stationName: 'MAMMO1',
    modality: 'MG',
    manufacturer: 'HOLOGIC, Inc.',
    model: 'Selenia Dimensions',
    doseFactor: 1.0,
    habits: { viewPosition: true, viewCodeScheme: 'SCT', targetExposureIndex: false, deviationIndex: false, characterSet: 'ISO_IR 192' },
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
  /** share of patients who are children */
  readonly paediatricShare: number;
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
      { projection: 'PA', viewPosition: fixed('PA'), typicalDose: 0.08, thicknessMm: 220, targetExposureIndex: 300 },
      { projection: 'LAT', viewPosition: fixed('LL'), typicalDose: 0.25, thicknessMm: 320, targetExposureIndex: 300 },
    ],
    lateralized: false,
    frequency: 34,
    paediatricShare: 0.05,
  },
  {
    code: 'bekken',
    studyDescription: 'X-Bekken AP',
    bodyPart: 'pelvis',
    bodyPartExamined: 'PELVIS',
    modality: 'projection',
    views: [{ projection: 'AP', viewPosition: fixed('AP'), typicalDose: 1.6, thicknessMm: 220, targetExposureIndex: 400 }],
    lateralized: false,
    frequency: 10,
    paediatricShare: 0.02,
  },
  {
    code: 'knie',
    studyDescription: 'X-Knie AP/LAT',
    bodyPart: 'knee',
    bodyPartExamined: 'KNEE',
    modality: 'projection',
    views: [
      { projection: 'AP', viewPosition: fixed('AP'), typicalDose: 0.06, thicknessMm: 110, targetExposureIndex: 400 },
      { projection: 'LAT', viewPosition: sideLateral, typicalDose: 0.05, thicknessMm: 100, targetExposureIndex: 400 },
    ],
    lateralized: true,
    frequency: 15,
    paediatricShare: 0.15,
  },
  {
    code: 'lwk',
    studyDescription: 'X-LWK AP/LAT',
    bodyPart: 'lumbar-spine',
    bodyPartExamined: 'LSPINE',
    modality: 'projection',
    views: [
      { projection: 'AP', viewPosition: fixed('AP'), typicalDose: 1.2, thicknessMm: 220, targetExposureIndex: 400 },
      { projection: 'LAT', viewPosition: fixed('LL'), typicalDose: 2.2, thicknessMm: 320, targetExposureIndex: 400 },
    ],
    lateralized: false,
    frequency: 10,
    paediatricShare: 0.02,
  },
  {
    code: 'hand',
    studyDescription: 'X-Hand PA',
    bodyPart: 'hand',
    bodyPartExamined: 'HAND',
    modality: 'projection',
    views: [{ projection: 'PA', viewPosition: fixed('PA'), typicalDose: 0.025, thicknessMm: 30, targetExposureIndex: 500 }],
    lateralized: true,
    frequency: 12,
    paediatricShare: 0.2,
  },
  {
    code: 'schedel',
    studyDescription: 'X-Schedel PA/LAT',
    bodyPart: 'skull',
    bodyPartExamined: 'SKULL',
    modality: 'projection',
    views: [
      { projection: 'PA', viewPosition: fixed('PA'), typicalDose: 0.5, thicknessMm: 190, targetExposureIndex: 400 },
      { projection: 'LAT', viewPosition: fixed('LL'), typicalDose: 0.4, thicknessMm: 150, targetExposureIndex: 400 },
    ],
    lateralized: false,
    frequency: 5,
    paediatricShare: 0.1,
  },
  {
    code: 'ct-thorax',
    studyDescription: 'CT Thorax',
    bodyPart: 'ct-chest',
    bodyPartExamined: 'CHEST',
    modality: 'CT',
    // typicalDose: CTDIvol in mGy (UK NDRL for chest is 8.5 mGy)
    views: [{ projection: 'AXIAL', viewPosition: fixed(''), typicalDose: 6.5, thicknessMm: 300, targetExposureIndex: 0 }],
    lateralized: false,
    frequency: 6,
    paediatricShare: 0,
  },
  {
    code: 'mammo',
    studyDescription: 'Mammografie',
    bodyPart: 'breast',
    bodyPartExamined: 'BREAST',
    modality: 'MG',
    // typicalDose: mean glandular dose per view in mGy
    views: [
      { projection: 'CC', viewPosition: fixed('CC'), typicalDose: 1.4, thicknessMm: 55, targetExposureIndex: 0 },
      { projection: 'MLO', viewPosition: fixed('MLO'), typicalDose: 1.6, thicknessMm: 58, targetExposureIndex: 0 },
    ],
    lateralized: false,
    frequency: 7,
    paediatricShare: 0,
  },
];

export const DEPARTMENT = {
  institutionName: 'Demo Ziekenhuis',
  departmentName: 'Radiologie',
} as const;
