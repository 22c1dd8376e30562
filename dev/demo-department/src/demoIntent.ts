/**
 * What the demo department's rejects are meant to show (issue 10, "demo data that shows something"), written into
 * the manifest beside the images so that tests can check the figures, computed from the manifest or read from
 * the analysis, against the story. Reject figures follow AAPM TG-305: rejected ÷ (accepted + rejected) patient
 * images of radiography (CR, DX), counted per image; an image made by two radiographers counts for both.
 */
import { CID_7011_OF, type RejectReason } from './department';

export interface DemoIntent {
  /** the modalities the reject figures are about; CT and mammography studies have no rejects in the demo */
  readonly modalities: readonly string[];
  /** the department's reject rate over the demo year lies in this range */
  readonly rejectRate: { readonly min: number; readonly max: number };
  /** one room is clearly worse: its rate is at least `timesEveryOther` times the rate of every other room */
  readonly worstRoom: { readonly stationName: string; readonly timesEveryOther: number };
  /** these procedures (knee, and the hand as the limb) have at least `times` the reject rate of `than` (the chest) */
  readonly worseProcedures: { readonly procedures: readonly string[]; readonly than: string; readonly times: number };
  /**
   * one radiographer with many positioning rejects: the highest reject rate of the radiographers, at least
   * `minCount` rejects with this reason and at least `minShare` of their rejects
   */
  readonly manyPositioning: {
    readonly operatorName: string;
    readonly reason: RejectReason;
    readonly minCount: number;
    readonly minShare: number;
  };
  /** one radiographer with suspiciously few rejects (TG-305: a too-low rate suggests rejects are deleted): the lowest rate, below `maxRate` */
  readonly fewRejects: { readonly operatorName: string; readonly maxRate: number };
  /** the radiographer of the browser tests has at least this many rejected images of her own without any reason */
  readonly withoutReason: { readonly operatorName: string; readonly min: number };
  /** each reason source (the modality, a radiographer in IQS, none yet) holds at least this many rejected images */
  readonly minPerReasonSource: number;
  /** the rejects are spread over the year: at least this many months have some */
  readonly minMonthsWithRejects: number;
  /** the CID 7011 code the rooms' consoles send for each IQS reason that has one */
  readonly modalityCodes: Readonly<Partial<Record<RejectReason, string>>>;
}

export const DEMO_INTENT: DemoIntent = {
  modalities: ['CR', 'DX'],
  rejectRate: { min: 0.08, max: 0.12 },
  worstRoom: { stationName: 'SEH-KAMER', timesEveryOther: 1.5 },
  worseProcedures: { procedures: ['knie', 'hand'], than: 'thorax', times: 1.5 },
  manyPositioning: { operatorName: 'Smit^Daan', reason: 'positioning', minCount: 6, minShare: 0.5 },
  fewRejects: { operatorName: 'Müller^Jürgen', maxRate: 0.03 },
  withoutReason: { operatorName: 'Jansen^Petra', min: 6 },
  minPerReasonSource: 5,
  minMonthsWithRejects: 10,
  modalityCodes: Object.fromEntries(Object.entries(CID_7011_OF).map(([reason, code]) => [reason, code.code])),
};

/** The bands of the dose analysis (issue 11): median above the DRN, above the streefwaarde, at or below it; too few. */
export type DoseBand = 'above_drl' | 'above_target' | 'at_or_below_target' | 'too_few';

/**
 * What the demo department's doses are meant to show (issue 11, "demo data with a story"), written into the manifest
 * as `doseIntent`. The figures count accepted images of adults (18 and older), per image, by the room's StationName.
 * The reference values are the published ones of shared/reference/analysis.md §2 (not the demo's own).
 */
export interface DemoDoseIntent {
  /** chest PA against the Dutch DRN 2012: each room's median DAP lands in its band */
  readonly chestPa: {
    readonly procedure: string;
    readonly view: string;
    readonly quantity: 'dap';
    readonly unit: 'Gy·cm²';
    /** dose_reference_sets.code and the catalogue exam key (procedures.reference_exam of the seed) */
    readonly referenceSet: string;
    readonly referenceExam: string;
    readonly drl: number;
    readonly target: number;
    readonly referenceWeightKg: number;
    /** the site's minimum number of images per row (sites.dose_min_images, default 20) */
    readonly minImages: number;
    /** each room's band; a room with fewer than minImages images is too_few */
    readonly rooms: Readonly<Record<string, DoseBand>>;
    /** a room's median lies at least this factor inside its band (away from the DRN and the streefwaarde) */
    readonly margin: number;
  };
  /**
   * patient weights on part of the images (PatientWeight, from the RIS of some rooms): these rooms have at least
   * `minPerRoom` weighed chest PA images, enough for the 77 kg fit; other images have none
   */
  readonly weights: { readonly rooms: readonly string[]; readonly minPerRoom: number };
  /**
   * CT within its reference: every study's CTDIvol (one per series, as the analysis counts CT) under the value the
   * seed holds for ct-thorax (the UK's, a site value without a streefwaarde and without a catalogue set). The demo
   * has only a few CT studies (they are big), fewer than the site's minimum: the band is `band` (the median still
   * shown), and `withMinimum.band` when the site's minimum is lowered to `withMinimum.minImages`.
   */
  readonly ct: {
    readonly procedure: string;
    readonly quantity: 'ctdivol';
    readonly unit: 'mGy';
    readonly drl: number;
    readonly referenceSet: string | null;
    readonly band: DoseBand;
    readonly withMinimum: { readonly minImages: number; readonly band: DoseBand };
    /** the study's DLP from its dose report (RDSR), in mGy·cm, under the seed's value for ct-thorax */
    readonly dlp: { readonly unit: 'mGy·cm'; readonly drl: number };
  };
  /**
   * mammography: every image has its compressed breast thickness and its AGD (organ dose), a thicker breast receiving
   * more; against the FANC values per exposure (`drl`, `target`, set `referenceSet`) the median lies in `band`. There
   * is no Dutch value: until the department adopts one, the analysis says `defaultStatus`.
   */
  readonly mammography: {
    readonly procedure: string;
    readonly quantity: 'organ_dose';
    readonly unit: 'mGy';
    readonly drl: number;
    readonly target: number;
    readonly referenceSet: string;
    readonly band: DoseBand;
    readonly defaultStatus: 'no_reference';
  };
}

export const DEMO_DOSE_INTENT: DemoDoseIntent = {
  chestPa: {
    procedure: 'thorax',
    view: 'PA',
    quantity: 'dap',
    unit: 'Gy·cm²',
    referenceSet: 'nl-drn-2012',
    referenceExam: 'chest-pa',
    drl: 0.12,
    target: 0.06,
    referenceWeightKg: 77,
    minImages: 20,
    rooms: { 'RAD-KAMER3': 'above_drl', 'RAD-KAMER2': 'above_target', 'RAD-KAMER1': 'at_or_below_target', 'SEH-KAMER': 'too_few' },
    margin: 1.15,
  },
  weights: { rooms: ['RAD-KAMER1', 'RAD-KAMER2', 'RAD-KAMER3'], minPerRoom: 20 },
  ct: {
    procedure: 'ct-thorax',
    quantity: 'ctdivol',
    unit: 'mGy',
    drl: 8.5,
    referenceSet: null,
    band: 'too_few',
    withMinimum: { minImages: 5, band: 'at_or_below_target' },
    dlp: { unit: 'mGy·cm', drl: 290 },
  },
  mammography: {
    procedure: 'mammo',
    quantity: 'organ_dose',
    unit: 'mGy',
    drl: 2.0,
    target: 1.4,
    referenceSet: 'be-fanc',
    band: 'above_target',
    defaultStatus: 'no_reference',
  },
};
