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
