/**
 * Structured Report content items (PS3.3 C.17.3 SR Document Content Module) as datasets for the Part 10 writer,
 * and the coded concepts the RDSR and KOS fixtures use (PS3.16; SNOMED codes as the DICOM 2023 tables list them,
 * checked against pydicom's generated CID tables and the SRT→SCT mapping).
 */
import type { DicomItem } from '@iqs/dicom';

export interface Code {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

export const code = (value: string, scheme: string, meaning: string): Code => ({ value, scheme, meaning });

export type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'HAS ACQ CONTEXT' | 'INFERRED FROM';

/** A Code Sequence item (PS3.3 Table 8.8-1, basic code attributes). */
export function codeItem(c: Code): DicomItem {
  return { CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning };
}

function base(relationship: Relationship, valueType: string, concept: Code | undefined, children: readonly DicomItem[] = []): DicomItem {
  return {
    RelationshipType: relationship,
    ValueType: valueType,
    ConceptNameCodeSequence: concept ? [codeItem(concept)] : undefined,
    ContentSequence: children.length > 0 ? children : undefined,
  };
}

/** Content items by value type (PS3.3 Table C.17.3-7 and the value type macros). */
export const item = {
  container(relationship: Relationship, concept: Code, children: readonly DicomItem[], templateId?: string): DicomItem {
    return {
      ...base(relationship, 'CONTAINER', concept, children),
      ContinuityOfContent: 'SEPARATE',
      ContentTemplateSequence: templateId ? [{ MappingResource: 'DCMR', TemplateIdentifier: templateId }] : undefined,
    };
  },
  code(relationship: Relationship, concept: Code, value: Code, children: readonly DicomItem[] = []): DicomItem {
    return { ...base(relationship, 'CODE', concept, children), ConceptCodeSequence: [codeItem(value)] };
  },
  /** NUM with its Measured Value Sequence; the number is written as the given DS string. */
  num(relationship: Relationship, concept: Code, value: string, unit: Code, children: readonly DicomItem[] = []): DicomItem {
    return {
      ...base(relationship, 'NUM', concept, children),
      MeasuredValueSequence: [{ NumericValue: value, MeasurementUnitsCodeSequence: [codeItem(unit)] }],
    };
  },
  text(relationship: Relationship, concept: Code, text: string, children: readonly DicomItem[] = []): DicomItem {
    return { ...base(relationship, 'TEXT', concept, children), TextValue: text };
  },
  pname(relationship: Relationship, concept: Code, name: string, children: readonly DicomItem[] = []): DicomItem {
    return { ...base(relationship, 'PNAME', concept, children), PersonName: name };
  },
  uidref(relationship: Relationship, concept: Code, uid: string): DicomItem {
    return { ...base(relationship, 'UIDREF', concept), UID: uid };
  },
  datetime(relationship: Relationship, concept: Code, dt: string): DicomItem {
    return { ...base(relationship, 'DATETIME', concept), DateTime: dt };
  },
  /** IMAGE reference; TID 2010 key object references carry no concept name. */
  image(relationship: Relationship, sopClassUid: string, sopInstanceUid: string): DicomItem {
    return {
      ...base(relationship, 'IMAGE', undefined),
      ReferencedSOPSequence: [{ ReferencedSOPClassUID: sopClassUid, ReferencedSOPInstanceUID: sopInstanceUid }],
    };
  },
};

/** DCM concepts of PS3.16 Annex D (DICOM Controlled Terminology Definitions). */
export const DCM = {
  xRayRadiationDoseReport: code('113701', 'DCM', 'X-Ray Radiation Dose Report'),
  procedureReported: code('121058', 'DCM', 'Procedure reported'),
  projectionXRay: code('113704', 'DCM', 'Projection X-Ray'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  device: code('121007', 'DCM', 'Device'),
  deviceObserverUid: code('121012', 'DCM', 'Device Observer UID'),
  deviceObserverName: code('121013', 'DCM', 'Device Observer Name'),
  deviceObserverManufacturer: code('121014', 'DCM', 'Device Observer Manufacturer'),
  deviceObserverModelName: code('121015', 'DCM', 'Device Observer Model Name'),
  deviceObserverSerialNumber: code('121016', 'DCM', 'Device Observer Serial Number'),
  deviceObserverPhysicalLocation: code('121017', 'DCM', 'Device Observer Physical Location During Observation'),
  startOfXRayIrradiation: code('113809', 'DCM', 'Start of X-Ray Irradiation'),
  endOfXRayIrradiation: code('113810', 'DCM', 'End of X-Ray Irradiation'),
  scopeOfAccumulation: code('113705', 'DCM', 'Scope of Accumulation'),
  study: code('113014', 'DCM', 'Study'),
  studyInstanceUid: code('110180', 'DCM', 'Study Instance UID'),
  xRayDetectorDataAvailable: code('113945', 'DCM', 'X-Ray Detector Data Available'),
  xRaySourceDataAvailable: code('113943', 'DCM', 'X-Ray Source Data Available'),
  xRayMechanicalDataAvailable: code('113944', 'DCM', 'X-Ray Mechanical Data Available'),
  accumulatedXRayDoseData: code('113702', 'DCM', 'Accumulated X-Ray Dose Data'),
  acquisitionPlane: code('113764', 'DCM', 'Acquisition Plane'),
  singlePlane: code('113622', 'DCM', 'Single Plane'),
  doseAreaProductTotal: code('113722', 'DCM', 'Dose Area Product Total'),
  totalNumberOfRadiographicFrames: code('113731', 'DCM', 'Total Number of Radiographic Frames'),
  accumulatedAverageGlandularDose: code('111637', 'DCM', 'Accumulated Average Glandular Dose'),
  irradiationEventXRayData: code('113706', 'DCM', 'Irradiation Event X-Ray Data'),
  irradiationEventUid: code('113769', 'DCM', 'Irradiation Event UID'),
  dateTimeStarted: code('111526', 'DCM', 'DateTime Started'),
  irradiationEventType: code('113721', 'DCM', 'Irradiation Event Type'),
  stationaryAcquisition: code('113611', 'DCM', 'Stationary Acquisition'),
  acquisitionProtocol: code('125203', 'DCM', 'Acquisition Protocol'),
  targetRegion: code('123014', 'DCM', 'Target Region'),
  imageView: code('111031', 'DCM', 'Image View'),
  doseAreaProduct: code('122130', 'DCM', 'Dose Area Product'),
  averageGlandularDose: code('111631', 'DCM', 'Average Glandular Dose'),
  exposureIndex: code('113845', 'DCM', 'Exposure Index'),
  targetExposureIndex: code('113846', 'DCM', 'Target Exposure Index'),
  deviationIndex: code('113847', 'DCM', 'Deviation Index'),
  kvp: code('113733', 'DCM', 'KVP'),
  xRayTubeCurrent: code('113734', 'DCM', 'X-Ray Tube Current'),
  exposureTime: code('113824', 'DCM', 'Exposure Time'),
  personName: code('113870', 'DCM', 'Person Name'),
  personRoleInProcedure: code('113875', 'DCM', 'Person Role in Procedure'),
  irradiationAdministering: code('113851', 'DCM', 'Irradiation Administering'),
  sourceOfDoseInformation: code('113854', 'DCM', 'Source of Dose Information'),
  automatedDataCollection: code('113856', 'DCM', 'Automated Data Collection'),
  ctAccumulatedDoseData: code('113811', 'DCM', 'CT Accumulated Dose Data'),
  totalNumberOfIrradiationEvents: code('113812', 'DCM', 'Total Number of Irradiation Events'),
  ctDoseLengthProductTotal: code('113813', 'DCM', 'CT Dose Length Product Total'),
  ctAcquisition: code('113819', 'DCM', 'CT Acquisition'),
  ctAcquisitionType: code('113820', 'DCM', 'CT Acquisition Type'),
  sequencedAcquisition: code('113804', 'DCM', 'Sequenced Acquisition'),
  constantAngleAcquisition: code('113805', 'DCM', 'Constant Angle Acquisition'),
  ctAcquisitionParameters: code('113822', 'DCM', 'CT Acquisition Parameters'),
  numberOfXRaySources: code('113823', 'DCM', 'Number of X-Ray Sources'),
  scanningLength: code('113825', 'DCM', 'Scanning Length'),
  nominalSingleCollimationWidth: code('113826', 'DCM', 'Nominal Single Collimation Width'),
  nominalTotalCollimationWidth: code('113827', 'DCM', 'Nominal Total Collimation Width'),
  pitchFactor: code('113828', 'DCM', 'Pitch Factor'),
  ctXRaySourceParameters: code('113831', 'DCM', 'CT X-Ray Source Parameters'),
  identificationOfTheXRaySource: code('113832', 'DCM', 'Identification of the X-Ray Source'),
  maximumXRayTubeCurrent: code('113833', 'DCM', 'Maximum X-Ray Tube Current'),
  exposureTimePerRotation: code('113834', 'DCM', 'Exposure Time per Rotation'),
  ctDose: code('113829', 'DCM', 'CT Dose'),
  meanCtdiVol: code('113830', 'DCM', 'Mean CTDIvol'),
  ctdiwPhantomType: code('113835', 'DCM', 'CTDIw Phantom Type'),
  dlp: code('113838', 'DCM', 'DLP'),
  iecHeadPhantom: code('113690', 'DCM', 'IEC Head Dosimetry Phantom'),
  iecBodyPhantom: code('113691', 'DCM', 'IEC Body Dosimetry Phantom'),
  documentTitleModifier: code('113011', 'DCM', 'Document Title Modifier'),
  keyObjectDescription: code('113012', 'DCM', 'Key Object Description'),
} as const;

/** SNOMED CT concepts (SCT), with the retired SNOMED-RT (SRT) code where a vendor may still write it. */
export const SCT = {
  computedTomographyXRay: code('77477000', 'SCT', 'Computed Tomography X-Ray'),
  mammography: code('71651007', 'SCT', 'Mammography'),
  hasIntent: code('363703001', 'SCT', 'Has Intent'),
  diagnosticIntent: code('261004008', 'SCT', 'Diagnostic Intent'),
  yes: code('373066001', 'SCT', 'Yes'),
  no: code('373067005', 'SCT', 'No'),
  laterality: code('272741003', 'SCT', 'Laterality'),
  left: code('7771000', 'SCT', 'Left'),
  right: code('24028007', 'SCT', 'Right'),
  chest: code('51185008', 'SCT', 'Chest'),
  breast: code('76752008', 'SCT', 'Breast'),
  head: code('69536005', 'SCT', 'Head'),
  abdomen: code('113345001', 'SCT', 'Abdomen'),
  pelvis: code('12921003', 'SCT', 'Pelvis'),
  entireBody: code('38266002', 'SCT', 'Entire body'),
  spiralAcquisition: code('116152004', 'SCT', 'Spiral Acquisition'),
} as const;

/** UCUM units (PS3.16 CID 7181 and the units the dose templates name). */
export const UCUM = {
  gyM2: code('Gy.m2', 'UCUM', 'Gy.m2'),
  dGyCm2: code('dGy.cm2', 'UCUM', 'dGy.cm2'),
  cGyCm2: code('cGy.cm2', 'UCUM', 'cGy.cm2'),
  mGyCm2: code('mGy.cm2', 'UCUM', 'mGy.cm2'),
  uGyM2: code('uGy.m2', 'UCUM', 'uGy.m2'),
  mGy: code('mGy', 'UCUM', 'mGy'),
  mGyCm: code('mGy.cm', 'UCUM', 'mGy.cm'),
  mm: code('mm', 'UCUM', 'mm'),
  kV: code('kV', 'UCUM', 'kV'),
  mA: code('mA', 'UCUM', 'mA'),
  s: code('s', 'UCUM', 's'),
  ms: code('ms', 'UCUM', 'ms'),
  noUnits: code('1', 'UCUM', 'no units'),
  ratio: code('{ratio}', 'UCUM', 'ratio'),
  events: code('{events}', 'UCUM', 'events'),
  xRaySources: code('{X-Ray sources}', 'UCUM', 'X-Ray sources'),
} as const;

/** Projections of CID 4010 (DX) and CID 4014 (mammography): ViewPosition term ↔ SCT code ↔ retired SRT code. */
export const VIEWS = {
  AP: { sct: code('399348003', 'SCT', 'antero-posterior'), srt: code('R-10206', 'SRT', 'antero-posterior') },
  PA: { sct: code('272479007', 'SCT', 'postero-anterior'), srt: code('R-10214', 'SRT', 'postero-anterior') },
  LL: { sct: code('399173006', 'SCT', 'left lateral'), srt: code('R-10236', 'SRT', 'left lateral') },
  RL: { sct: code('399198007', 'SCT', 'right lateral'), srt: code('R-10232', 'SRT', 'right lateral') },
  CC: { sct: code('399162004', 'SCT', 'cranio-caudal'), srt: code('R-10242', 'SRT', 'cranio-caudal') },
  MLO: { sct: code('399368009', 'SCT', 'medio-lateral oblique'), srt: code('R-10226', 'SRT', 'medio-lateral oblique') },
} as const;

export type ViewName = keyof typeof VIEWS;
