/**
 * X-Ray Radiation Dose SR objects (SOP Class 1.2.840.10008.5.1.4.1.1.88.67) laid out as PS3.16 defines them and as
 * modalities write them (cf. the pixelmed CT dose writer, a fo-dicom DX writer, OpenREM's reader):
 *
 *   projectionRdsr → TID 10001 Projection X-Ray Radiation Dose (DX, CR, MG)
 *     TID 1002/1004 device observer context, Start/End of X-Ray Irradiation, Scope of Accumulation = Study
 *     TID 10002 Accumulated X-Ray Dose (113702) with TID 10007 (DAP Total 113722; DX/CR) or TID 10005 (AGD; MG)
 *     TID 10003 Irradiation Event X-Ray Data (113706), one per exposure: UID 113769, DAP 122130, TID 10003A
 *       Exposure Index 113845 / Target EI 113846 / Deviation Index 113847 (INCLUDEd: direct children of the event),
 *       TID 1020 Person Participant: PNAME 113870 + Person Role in Procedure 113875 = 113851 Irradiation Administering
 *   ctRdsr → TID 10011 CT Radiation Dose
 *     TID 10012 CT Accumulated Dose Data (113811): Total Number of Irradiation Events 113812, DLP Total 113813
 *     TID 10013 CT Acquisition (113819), one per acquisition: Acquisition Type, UID, CT Acquisition Parameters
 *       (Scanning Length 113825 …), CT Dose (113829: Mean CTDIvol 113830, CTDIw Phantom Type 113835, DLP 113838),
 *       TID 1020 operators as above
 *
 * Every NUM carries its MeasurementUnitsCodeSequence in UCUM. Next to each dataset, `expected` holds what a correct
 * reader must get, in the image index's canonical units: DAP in Gy·cm², DLP in mGy·cm, CTDIvol as the largest event
 * CTDIvol in mGy, operator names as written.
 *
 * Mammography: TID 10002 holds no DAP Total for mammography (TID 10007 is for projection radiography; TID 10005 holds
 * the Accumulated Average Glandular Dose per breast), so an MG report's expected dap_gy_cm2 is null.
 */
import type { DicomItem } from '@iqs/dicom';
import {
  decimalString,
  expectedAge,
  headerElements,
  isoDate,
  nextUid,
  resolveHeader,
  scaled,
  toPart10,
  type Fixture,
  type HeaderOptions,
  type Syntax,
} from './common';
import { DCM, SCT, UCUM, VIEWS, item, type Code, type ViewName } from './sr';

export const XRAY_RADIATION_DOSE_SR = '1.2.840.10008.5.1.4.1.1.88.67';

/** DAP units a report may declare: Gy.m2 is what PS3.16 prescribes; the others are seen from non-conformant vendors. */
export type DapUnit = 'Gy.m2' | 'dGy.cm2' | 'cGy.cm2' | 'mGy.cm2' | 'uGy.m2';

/** Gy·cm² per unit: 1 Gy·m² = 10⁴ Gy·cm²; 1 dGy·cm² = 0.1; 1 cGy·cm² = 0.01; 1 mGy·cm² = 0.001; 1 µGy·m² = 10⁻⁶·10⁴ = 0.01. */
export const GY_CM2_PER_UNIT: Record<DapUnit, number> = {
  'Gy.m2': 1e4,
  'dGy.cm2': 0.1,
  'cGy.cm2': 0.01,
  'mGy.cm2': 0.001,
  'uGy.m2': 0.01,
};

const DAP_UNIT_CODE: Record<DapUnit, Code> = {
  'Gy.m2': UCUM.gyM2,
  'dGy.cm2': UCUM.dGyCm2,
  'cGy.cm2': UCUM.cGyCm2,
  'mGy.cm2': UCUM.mGyCm2,
  'uGy.m2': UCUM.uGyM2,
};

interface RdsrCommonOptions extends HeaderOptions {
  /** Person Participants with role Irradiation Administering (TID 1020), written in every irradiation event. */
  readonly operators?: readonly string[];
  readonly deviceSerialNumber?: string;
  /** DT; default: study date and time */
  readonly irradiationStart?: string;
  readonly transferSyntax?: Syntax;
}

// ------------------------------------------------------------------------------------------------------------------
// TID 10001 projection X-ray
// ------------------------------------------------------------------------------------------------------------------

export interface ProjectionEvent {
  /** in the report's dapUnit */
  readonly dap?: number;
  readonly exposureIndex?: number;
  readonly targetExposureIndex?: number;
  readonly deviationIndex?: number;
  readonly irradiationEventUid?: string;
  /** DT of the exposure; default: the start time plus one minute per event */
  readonly dateTime?: string;
  readonly protocol?: string;
  readonly targetRegion?: Code;
  readonly view?: ViewName;
  readonly kvp?: number;
  /** MG only: average glandular dose of this exposure in mGy, and the breast */
  readonly agdMgy?: number;
  readonly laterality?: 'L' | 'R';
}

export interface ProjectionRdsrOptions extends RdsrCommonOptions {
  /** the kind of procedure reported; default DX */
  readonly modality?: 'DX' | 'CR' | 'MG';
  /** Dose Area Product Total (113722) in dapUnit; default: the sum of the event DAPs. Not for MG. */
  readonly dapTotal?: number;
  /** the unit the DAPs are written in; default Gy.m2 (PS3.16) */
  readonly dapUnit?: DapUnit;
  /** default: one chest PA exposure of 1.2e-5 Gy·m² (0.12 Gy·cm²) */
  readonly events?: readonly ProjectionEvent[];
}

export interface ProjectionEventExpected {
  readonly irradiation_event_uid: string;
  readonly dap_gy_cm2: number | null;
  readonly exposure_index: number | null;
  readonly target_exposure_index: number | null;
  readonly deviation_index: number | null;
  readonly average_glandular_dose_mgy: number | null;
  readonly operator_names: readonly string[];
}

interface ReportExpected {
  readonly sop_class_uid: string;
  readonly sop_instance_uid: string;
  readonly study_instance_uid: string;
  readonly series_instance_uid: string;
  readonly study_date: string;
  readonly station_name: string | null;
  readonly study_description: string | null;
  readonly patient_age_years: number | null;
  /** Irradiation Administering persons of all events, unique, in order of first appearance */
  readonly operator_names: readonly string[];
}

export interface ProjectionRdsrExpected extends ReportExpected {
  readonly procedure_reported: 'projection' | 'mammography';
  /** DAP Total (113722) in Gy·cm²; null for MG (TID 10005 has none) */
  readonly dap_gy_cm2: number | null;
  readonly dlp_mgy_cm: null;
  readonly ctdivol_mgy: null;
  /** the unit the report declared for its DAPs */
  readonly declared_dap_unit: DapUnit;
  /** per breast, MG only: Accumulated Average Glandular Dose (111637) in mGy */
  readonly accumulated_agd_mgy: { readonly L?: number; readonly R?: number } | null;
  readonly events: readonly ProjectionEventExpected[];
}

export interface CtRdsrExpected extends ReportExpected {
  readonly procedure_reported: 'ct';
  readonly dap_gy_cm2: null;
  /** CT Dose Length Product Total (113813) in mGy·cm */
  readonly dlp_mgy_cm: number;
  /** the largest Mean CTDIvol (113830) of the events, in mGy; null when no event has a CT Dose container */
  readonly ctdivol_mgy: number | null;
  readonly events: readonly CtEventExpected[];
}

export interface CtEventExpected {
  readonly irradiation_event_uid: string;
  readonly ctdivol_mgy: number | null;
  readonly dlp_mgy_cm: number | null;
  readonly scanning_length_mm: number | null;
  readonly phantom: 'head' | 'body' | null;
  readonly operator_names: readonly string[];
}

const DEFAULT_PROJECTION_EVENT: ProjectionEvent = { dap: 1.2e-5, view: 'PA', targetRegion: SCT.chest, protocol: 'Thorax PA' };
const DEFAULT_MG_EVENTS: readonly ProjectionEvent[] = [
  { agdMgy: 1.2, laterality: 'R', view: 'CC', protocol: 'R CC' },
  { agdMgy: 1.4, laterality: 'L', view: 'CC', protocol: 'L CC' },
];

/** DT one minute per step after a DT 'YYYYMMDDHHMMSS'. */
function addMinutes(dt: string, minutes: number): string {
  const date = new Date(
    Date.UTC(+dt.slice(0, 4), +dt.slice(4, 6) - 1, +dt.slice(6, 8), +dt.slice(8, 10), +dt.slice(10, 12) + minutes, +dt.slice(12, 14)),
  );
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

const unique = (names: readonly string[]): string[] => [...new Set(names)];

/** TID 1020 with $PersonProcedureRole = (113851, DCM, "Irradiation Administering"). */
function personParticipants(names: readonly string[]): DicomItem[] {
  return names.map((name) =>
    item.pname('CONTAINS', DCM.personName, name, [item.code('HAS PROPERTIES', DCM.personRoleInProcedure, DCM.irradiationAdministering)]),
  );
}

/**
 * TID 1002 Observer Context with a device observer (TID 1004). The Device Observer Name is the station name when
 * there is one, and left out otherwise, so that a reader taking the station from either place gets the same answer.
 */
function deviceObserver(deviceUid: string, name: string | undefined, manufacturer: string, model: string, serial: string): DicomItem[] {
  return [
    item.code('HAS OBS CONTEXT', DCM.observerType, DCM.device),
    item.uidref('HAS OBS CONTEXT', DCM.deviceObserverUid, deviceUid),
    ...(name === undefined ? [] : [item.text('HAS OBS CONTEXT', DCM.deviceObserverName, name)]),
    item.text('HAS OBS CONTEXT', DCM.deviceObserverManufacturer, manufacturer),
    item.text('HAS OBS CONTEXT', DCM.deviceObserverModelName, model),
    item.text('HAS OBS CONTEXT', DCM.deviceObserverSerialNumber, serial),
  ];
}

/** SR Document Series/General (C.17.1, C.17.2), Enhanced General Equipment (C.7.5.2) and the root content item. */
function srDocument(
  header: DicomItem,
  options: RdsrCommonOptions,
  serial: string,
  templateId: string,
  content: DicomItem[],
  contentDate: string,
  contentTime: string,
): DicomItem {
  return {
    ...header,
    SOPClassUID: XRAY_RADIATION_DOSE_SR,
    Modality: 'SR',
    ReferencedPerformedProcedureStepSequence: [],
    ContentDate: contentDate,
    ContentTime: contentTime,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    DeviceSerialNumber: options.deviceSerialNumber ?? serial,
    SoftwareVersions: 'IQS fixtures 1',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [
      { CodeValue: DCM.xRayRadiationDoseReport.value, CodingSchemeDesignator: 'DCM', CodeMeaning: DCM.xRayRadiationDoseReport.meaning },
    ],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: templateId }],
    ContentSequence: content,
  };
}

function reportExpected(h: ReturnType<typeof resolveHeader>, operators: readonly string[]): ReportExpected {
  return {
    sop_class_uid: XRAY_RADIATION_DOSE_SR,
    sop_instance_uid: h.sopInstanceUid,
    study_instance_uid: h.studyInstanceUid,
    series_instance_uid: h.seriesInstanceUid,
    study_date: isoDate(h.studyDate),
    station_name: h.stationName ?? null,
    study_description: h.studyDescription ?? null,
    patient_age_years: expectedAge(h),
    operator_names: unique(operators),
  };
}

/** A TID 10001 Projection X-Ray Radiation Dose report for DX, CR or MG. */
export function projectionRdsr(options: ProjectionRdsrOptions = {}): Fixture<ProjectionRdsrExpected> {
  const modality = options.modality ?? 'DX';
  const mammography = modality === 'MG';
  if (mammography && options.dapTotal !== undefined) {
    throw new Error(
      'TID 10002 has no Dose Area Product Total for mammography (TID 10005 holds the accumulated AGD); give per-event DAPs instead',
    );
  }
  const h = resolveHeader(options, `rdsr-${modality}`, { seriesNumber: 999, model: 'Fixture DR' });
  const unit = options.dapUnit ?? 'Gy.m2';
  const unitCode = DAP_UNIT_CODE[unit];
  const toGyCm2 = (dsText: string): number => scaled(Number(dsText), GY_CM2_PER_UNIT[unit]);
  const operators = options.operators ?? ['Jansen^Petra'];
  const events = options.events ?? (mammography ? DEFAULT_MG_EVENTS : [DEFAULT_PROJECTION_EVENT]);
  const start = options.irradiationStart ?? `${h.studyDate}${h.studyTime}`;
  const deviceUid = nextUid('rdsr-device');
  const serial = 'SN-0001';

  const eventExpected: ProjectionEventExpected[] = [];
  const eventItems = events.map((event, index) => {
    const uid = event.irradiationEventUid ?? nextUid('irradiation-event');
    const dap = event.dap === undefined ? undefined : decimalString(event.dap);
    const ei = event.exposureIndex === undefined ? undefined : decimalString(event.exposureIndex);
    const eiT = event.targetExposureIndex === undefined ? undefined : decimalString(event.targetExposureIndex);
    const di = event.deviationIndex === undefined ? undefined : decimalString(event.deviationIndex);
    const agd = event.agdMgy === undefined ? undefined : decimalString(event.agdMgy);
    const region = event.targetRegion ?? (mammography ? SCT.breast : SCT.chest);
    const laterality = event.laterality === 'L' ? SCT.left : event.laterality === 'R' ? SCT.right : undefined;
    eventExpected.push({
      irradiation_event_uid: uid,
      dap_gy_cm2: dap === undefined ? null : toGyCm2(dap),
      exposure_index: ei === undefined ? null : Number(ei),
      target_exposure_index: eiT === undefined ? null : Number(eiT),
      deviation_index: di === undefined ? null : Number(di),
      average_glandular_dose_mgy: agd === undefined ? null : Number(agd),
      operator_names: unique(operators),
    });
    const children: (DicomItem | undefined)[] = [
      item.code('HAS CONCEPT MOD', DCM.acquisitionPlane, DCM.singlePlane),
      item.uidref('CONTAINS', DCM.irradiationEventUid, uid),
      item.datetime('CONTAINS', DCM.dateTimeStarted, event.dateTime ?? addMinutes(start, index)),
      item.code('CONTAINS', DCM.irradiationEventType, DCM.stationaryAcquisition),
      event.protocol === undefined ? undefined : item.text('CONTAINS', DCM.acquisitionProtocol, event.protocol),
      item.code('CONTAINS', DCM.targetRegion, region, laterality ? [item.code('HAS CONCEPT MOD', SCT.laterality, laterality)] : []),
      event.view === undefined ? undefined : item.code('CONTAINS', DCM.imageView, VIEWS[event.view].sct),
      dap === undefined ? undefined : item.num('CONTAINS', DCM.doseAreaProduct, dap, unitCode),
      // TID 10003A, included: EI, target EI and DI are direct children of the event
      ei === undefined ? undefined : item.num('CONTAINS', DCM.exposureIndex, ei, UCUM.noUnits),
      eiT === undefined ? undefined : item.num('CONTAINS', DCM.targetExposureIndex, eiT, UCUM.noUnits),
      di === undefined ? undefined : item.num('CONTAINS', DCM.deviationIndex, di, UCUM.noUnits),
      // TID 10003B, included
      agd === undefined ? undefined : item.num('CONTAINS', DCM.averageGlandularDose, agd, UCUM.mGy),
      event.kvp === undefined ? undefined : item.num('CONTAINS', DCM.kvp, decimalString(event.kvp), UCUM.kV),
      ...personParticipants(operators),
    ];
    return item.container(
      'CONTAINS',
      DCM.irradiationEventXRayData,
      children.filter((c): c is DicomItem => c !== undefined),
      '10003',
    );
  });

  // TID 10002 with TID 10007 (projection radiography) or TID 10005 (mammography)
  let dapTotal: string | undefined;
  let accumulatedAgd: { L?: number; R?: number } | null = null;
  const accumulated: DicomItem[] = [item.code('HAS CONCEPT MOD', DCM.acquisitionPlane, DCM.singlePlane)];
  if (mammography) {
    const perBreast: { L?: number; R?: number } = {};
    for (const event of events) {
      if (event.agdMgy === undefined || event.laterality === undefined) continue;
      perBreast[event.laterality] = (perBreast[event.laterality] ?? 0) + Number(decimalString(event.agdMgy));
    }
    accumulatedAgd = {};
    for (const side of ['L', 'R'] as const) {
      const total = perBreast[side];
      if (total === undefined) continue;
      const text = decimalString(total);
      accumulatedAgd[side] = Number(text);
      accumulated.push(
        item.num('CONTAINS', DCM.accumulatedAverageGlandularDose, text, UCUM.mGy, [
          item.code('HAS CONCEPT MOD', SCT.laterality, side === 'L' ? SCT.left : SCT.right),
        ]),
      );
    }
  } else {
    const sum = events.reduce((total, event) => total + (event.dap === undefined ? 0 : Number(decimalString(event.dap))), 0);
    dapTotal = decimalString(options.dapTotal ?? sum);
    accumulated.push(
      item.num('CONTAINS', DCM.doseAreaProductTotal, dapTotal, unitCode),
      item.num('CONTAINS', DCM.totalNumberOfRadiographicFrames, String(events.length), UCUM.noUnits),
    );
  }

  const anyDetectorData = events.some(
    (e) => e.exposureIndex !== undefined || e.targetExposureIndex !== undefined || e.deviationIndex !== undefined,
  );
  const content: DicomItem[] = [
    item.code('HAS CONCEPT MOD', DCM.procedureReported, mammography ? SCT.mammography : DCM.projectionXRay, [
      item.code('HAS CONCEPT MOD', SCT.hasIntent, SCT.diagnosticIntent),
    ]),
    ...deviceObserver(deviceUid, h.stationName, h.manufacturer, h.manufacturerModelName, serial),
    item.datetime('HAS OBS CONTEXT', DCM.startOfXRayIrradiation, start),
    item.datetime('HAS OBS CONTEXT', DCM.endOfXRayIrradiation, addMinutes(start, events.length)),
    item.code('HAS OBS CONTEXT', DCM.scopeOfAccumulation, DCM.study, [
      item.uidref('HAS PROPERTIES', DCM.studyInstanceUid, h.studyInstanceUid),
    ]),
    item.code('CONTAINS', DCM.xRayDetectorDataAvailable, anyDetectorData ? SCT.yes : SCT.no),
    item.code(
      'CONTAINS',
      DCM.xRaySourceDataAvailable,
      events.some((e) => e.kvp !== undefined || e.agdMgy !== undefined) ? SCT.yes : SCT.no,
    ),
    item.code('CONTAINS', DCM.xRayMechanicalDataAvailable, SCT.no),
    item.container('CONTAINS', DCM.accumulatedXRayDoseData, accumulated, '10002'),
    ...eventItems,
    item.code('CONTAINS', DCM.sourceOfDoseInformation, DCM.automatedDataCollection),
  ];

  const dataset = srDocument(headerElements(h), options, serial, '10001', content, h.studyDate, h.studyTime);
  const expected: ProjectionRdsrExpected = {
    ...reportExpected(h, operators),
    procedure_reported: mammography ? 'mammography' : 'projection',
    dap_gy_cm2: dapTotal === undefined ? null : toGyCm2(dapTotal),
    dlp_mgy_cm: null,
    ctdivol_mgy: null,
    declared_dap_unit: unit,
    accumulated_agd_mgy: accumulatedAgd,
    events: eventExpected,
  };
  return { dataset, file: toPart10(dataset, options.transferSyntax), expected };
}

// ------------------------------------------------------------------------------------------------------------------
// TID 10011 CT
// ------------------------------------------------------------------------------------------------------------------

export interface CtAcquisition {
  /** Mean CTDIvol in mGy; leave out (with dlp) for a localizer without a CT Dose container (allowed since CP 1075) */
  readonly ctdivol?: number;
  /** DLP in mGy·cm */
  readonly dlp?: number;
  readonly phantom?: 'head' | 'body';
  readonly scanningLengthMm?: number;
  readonly acquisitionType?: 'spiral' | 'sequenced' | 'stationary' | 'constantAngle';
  readonly protocol?: string;
  readonly targetRegion?: Code;
  readonly irradiationEventUid?: string;
  readonly kvp?: number;
  readonly tubeCurrentMa?: number;
  readonly exposureTimeS?: number;
  readonly pitchFactor?: number;
}

export interface CtRdsrOptions extends RdsrCommonOptions {
  /** CT Dose Length Product Total in mGy·cm; default: the sum of the acquisition DLPs */
  readonly dlpTotal?: number;
  /** default: a localizer and a chest spiral */
  readonly acquisitions?: readonly CtAcquisition[];
}

const DEFAULT_CT_ACQUISITIONS: readonly CtAcquisition[] = [
  {
    acquisitionType: 'constantAngle',
    protocol: 'Topogram',
    targetRegion: SCT.chest,
    scanningLengthMm: 512,
    kvp: 120,
    tubeCurrentMa: 35,
    exposureTimeS: 4.1,
  },
  {
    acquisitionType: 'spiral',
    protocol: 'Thorax',
    targetRegion: SCT.chest,
    ctdivol: 6.2,
    dlp: 210.5,
    phantom: 'body',
    scanningLengthMm: 340,
    kvp: 120,
    tubeCurrentMa: 180,
    exposureTimeS: 5.5,
    pitchFactor: 1.2,
  },
];

const CT_ACQUISITION_TYPE: Record<NonNullable<CtAcquisition['acquisitionType']>, Code> = {
  spiral: SCT.spiralAcquisition,
  sequenced: DCM.sequencedAcquisition,
  stationary: { value: '113806', scheme: 'DCM', meaning: 'Stationary Acquisition' },
  constantAngle: DCM.constantAngleAcquisition,
};

/** A TID 10011 CT Radiation Dose report. */
export function ctRdsr(options: CtRdsrOptions = {}): Fixture<CtRdsrExpected> {
  const h = resolveHeader(options, 'rdsr-CT', { seriesNumber: 997, model: 'Fixture CT' });
  const operators = options.operators ?? ['de Vries^Anna'];
  const acquisitions = options.acquisitions ?? DEFAULT_CT_ACQUISITIONS;
  const start = options.irradiationStart ?? `${h.studyDate}${h.studyTime}`;
  const serial = 'SN-CT-0001';

  const eventExpected: CtEventExpected[] = [];
  const eventItems = acquisitions.map((acq) => {
    const uid = acq.irradiationEventUid ?? nextUid('ct-irradiation-event');
    const ctdivol = acq.ctdivol === undefined ? undefined : decimalString(acq.ctdivol);
    const dlp = acq.dlp === undefined ? undefined : decimalString(acq.dlp);
    const length = acq.scanningLengthMm === undefined ? undefined : decimalString(acq.scanningLengthMm);
    const type = acq.acquisitionType ?? 'spiral';
    eventExpected.push({
      irradiation_event_uid: uid,
      ctdivol_mgy: ctdivol === undefined ? null : Number(ctdivol),
      dlp_mgy_cm: dlp === undefined ? null : Number(dlp),
      scanning_length_mm: length === undefined ? null : Number(length),
      phantom: ctdivol === undefined && dlp === undefined ? null : (acq.phantom ?? 'body'),
      operator_names: unique(operators),
    });
    const source: (DicomItem | undefined)[] = [
      item.text('CONTAINS', DCM.identificationOfTheXRaySource, 'A'),
      acq.kvp === undefined ? undefined : item.num('CONTAINS', DCM.kvp, decimalString(acq.kvp), UCUM.kV),
      acq.tubeCurrentMa === undefined
        ? undefined
        : item.num('CONTAINS', DCM.maximumXRayTubeCurrent, decimalString(acq.tubeCurrentMa), UCUM.mA),
      acq.tubeCurrentMa === undefined ? undefined : item.num('CONTAINS', DCM.xRayTubeCurrent, decimalString(acq.tubeCurrentMa), UCUM.mA),
      type === 'spiral' ? item.num('CONTAINS', DCM.exposureTimePerRotation, '0.5', UCUM.s) : undefined,
    ];
    const parameters: (DicomItem | undefined)[] = [
      acq.exposureTimeS === undefined ? undefined : item.num('CONTAINS', DCM.exposureTime, decimalString(acq.exposureTimeS), UCUM.s),
      length === undefined ? undefined : item.num('CONTAINS', DCM.scanningLength, length, UCUM.mm),
      item.num('CONTAINS', DCM.nominalSingleCollimationWidth, '0.6', UCUM.mm),
      item.num('CONTAINS', DCM.nominalTotalCollimationWidth, '38.4', UCUM.mm),
      type === 'spiral' ? item.num('CONTAINS', DCM.pitchFactor, decimalString(acq.pitchFactor ?? 1), UCUM.ratio) : undefined,
      item.num('CONTAINS', DCM.numberOfXRaySources, '1', UCUM.xRaySources),
      item.container(
        'CONTAINS',
        DCM.ctXRaySourceParameters,
        source.filter((c): c is DicomItem => c !== undefined),
      ),
    ];
    const dose: DicomItem[] = [];
    if (ctdivol !== undefined) dose.push(item.num('CONTAINS', DCM.meanCtdiVol, ctdivol, UCUM.mGy));
    if (ctdivol !== undefined || dlp !== undefined) {
      dose.push(item.code('CONTAINS', DCM.ctdiwPhantomType, acq.phantom === 'head' ? DCM.iecHeadPhantom : DCM.iecBodyPhantom));
    }
    if (dlp !== undefined) dose.push(item.num('CONTAINS', DCM.dlp, dlp, UCUM.mGyCm));
    const children: (DicomItem | undefined)[] = [
      acq.protocol === undefined ? undefined : item.text('CONTAINS', DCM.acquisitionProtocol, acq.protocol),
      item.code('CONTAINS', DCM.targetRegion, acq.targetRegion ?? SCT.chest),
      item.code('CONTAINS', DCM.ctAcquisitionType, CT_ACQUISITION_TYPE[type]),
      item.uidref('CONTAINS', DCM.irradiationEventUid, uid),
      item.container(
        'CONTAINS',
        DCM.ctAcquisitionParameters,
        parameters.filter((c): c is DicomItem => c !== undefined),
      ),
      dose.length > 0 ? item.container('CONTAINS', DCM.ctDose, dose) : undefined,
      ...personParticipants(operators),
    ];
    return item.container(
      'CONTAINS',
      DCM.ctAcquisition,
      children.filter((c): c is DicomItem => c !== undefined),
      '10013',
    );
  });

  const dlpSum = acquisitions.reduce((total, acq) => total + (acq.dlp === undefined ? 0 : Number(decimalString(acq.dlp))), 0);
  const dlpTotal = decimalString(options.dlpTotal ?? dlpSum);
  const content: DicomItem[] = [
    item.code('HAS CONCEPT MOD', DCM.procedureReported, SCT.computedTomographyXRay, [
      item.code('HAS CONCEPT MOD', SCT.hasIntent, SCT.diagnosticIntent),
    ]),
    ...deviceObserver(nextUid('rdsr-device'), h.stationName, h.manufacturer, h.manufacturerModelName, serial),
    item.datetime('HAS OBS CONTEXT', DCM.startOfXRayIrradiation, start),
    item.datetime('HAS OBS CONTEXT', DCM.endOfXRayIrradiation, addMinutes(start, acquisitions.length)),
    item.code('HAS OBS CONTEXT', DCM.scopeOfAccumulation, DCM.study, [
      item.uidref('HAS PROPERTIES', DCM.studyInstanceUid, h.studyInstanceUid),
    ]),
    item.container(
      'CONTAINS',
      DCM.ctAccumulatedDoseData,
      [
        item.num('CONTAINS', DCM.totalNumberOfIrradiationEvents, String(acquisitions.length), UCUM.events),
        item.num('CONTAINS', DCM.ctDoseLengthProductTotal, dlpTotal, UCUM.mGyCm),
      ],
      '10012',
    ),
    ...eventItems,
    item.code('CONTAINS', DCM.sourceOfDoseInformation, DCM.automatedDataCollection),
  ];

  const ctdivols = eventExpected.map((e) => e.ctdivol_mgy).filter((v): v is number => v !== null);
  const dataset = srDocument(headerElements(h), options, serial, '10011', content, h.studyDate, h.studyTime);
  const expected: CtRdsrExpected = {
    ...reportExpected(h, operators),
    procedure_reported: 'ct',
    dap_gy_cm2: null,
    dlp_mgy_cm: Number(dlpTotal),
    ctdivol_mgy: ctdivols.length > 0 ? Math.max(...ctdivols) : null,
    events: eventExpected,
  };
  return { dataset, file: toPart10(dataset, options.transferSyntax), expected };
}
