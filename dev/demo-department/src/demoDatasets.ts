/**
 * DICOM datasets of the demo department: one image of the plan with its rendered pixels, or a study's
 * rejection note (an IHE IOCM Key Object Selection titled 113001 "Rejected for Quality Reasons"), with the reason
 * as a Document Title Modifier when the room's console sent one.
 */
import type { DicomItem } from '@iqs/dicom';
import type { RenderedImage } from './anatomy';
import {
  CT_SLICE_SPACING_MM,
  type PlannedDoseReport,
  type PlannedImage,
  type PlannedRejectionNote,
  type PlannedSeries,
  type PlannedStudy,
  SOP_CLASSES,
} from './demoPlan';
import { DEPARTMENT } from './department';
import { deterministicUid } from './uids';

/** X-Ray Radiation Dose SR Storage */
export const XRAY_RADIATION_DOSE_SR = '1.2.840.10008.5.1.4.1.1.88.67';

function ageString(birth: string, on: string): string {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(4) >= birth.slice(4) ? 0 : 1);
  return `${String(years).padStart(3, '0')}Y`;
}

/** Patient and study attributes, shared by every object of a study. */
function studyAttributes(study: PlannedStudy): DicomItem {
  return {
    SpecificCharacterSet: study.station.habits.characterSet,
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.date,
    StudyTime: study.time,
    StudyID: study.studyId,
    AccessionNumber: study.accessionNumber,
    StudyDescription: study.procedure.studyDescription,
    ReferringPhysicianName: '',
    InstitutionName: DEPARTMENT.institutionName,
    InstitutionalDepartmentName: DEPARTMENT.departmentName,
    PatientName: study.patient.name,
    PatientID: study.patient.patientId,
    PatientBirthDate: study.patient.birthDate,
    PatientSex: study.patient.sex,
    PatientAge: ageString(study.patient.birthDate, study.date),
  };
}

function equipmentAttributes(study: PlannedStudy): DicomItem {
  return {
    Manufacturer: study.station.manufacturer,
    ManufacturerModelName: study.station.model,
    StationName: study.station.stationName,
    DeviceSerialNumber: `SN-${study.station.stationName}`,
    SoftwareVersions: 'IQS demo 1',
  };
}

export function imageDataset(study: PlannedStudy, series: PlannedSeries, image: PlannedImage, pixels: RenderedImage): DicomItem {
  const { written } = image;
  const isCt = series.modality === 'CT';
  const isMg = series.modality === 'MG';
  const spacing = [pixels.pixelSpacingMm, pixels.pixelSpacingMm];
  const laterality = image.laterality ?? (isCt ? undefined : 'U');
  const dataset: DicomItem = {
    ...studyAttributes(study),
    ...equipmentAttributes(study),
    SOPClassUID: image.sopClassUid,
    SOPInstanceUID: image.sopInstanceUid,
    ImageType: isCt ? ['ORIGINAL', 'PRIMARY', 'AXIAL'] : ['ORIGINAL', 'PRIMARY'],
    Modality: series.modality,
    SeriesInstanceUID: series.seriesInstanceUid,
    SeriesNumber: series.seriesNumber,
    SeriesDescription: series.description,
    SeriesDate: study.date,
    SeriesTime: study.time,
    AcquisitionDate: study.date,
    AcquisitionTime: image.acquisitionTime,
    ContentDate: study.date,
    ContentTime: image.acquisitionTime,
    InstanceNumber: image.instanceNumber,
    OperatorsName: study.operators,
    BodyPartExamined: study.procedure.bodyPartExamined,
    PatientWeight: written.patientWeightKg ?? undefined,
    PatientSize: written.patientSizeM ?? undefined,
    KVP: written.kvp,
    // whole mAs (IS), and exactly in µAs (DS): a reader prefers the exact one
    Exposure: Math.max(1, Math.round(written.mAs)),
    ExposureInuAs: Math.round(written.mAs * 1000),
    ExposureTime: written.exposureTimeMs,
    DistanceSourceToDetector: written.distanceSourceToDetectorMm ?? undefined,
    Grid: written.grid ?? undefined,
    FilterMaterial: written.filterMaterial ?? undefined,
    ExposureControlMode: written.exposureControlMode ?? undefined,
    ImageLaterality: isCt ? undefined : laterality,
    ViewPosition: written.viewPosition ?? (isCt ? undefined : ''),
    ViewCodeSequence: written.viewCode
      ? [{ CodeValue: written.viewCode.value, CodingSchemeDesignator: written.viewCode.scheme, CodeMeaning: written.viewCode.meaning }]
      : undefined,
    ImageAndFluoroscopyAreaDoseProduct: written.dapDGyCm2 ?? undefined,
    OrganDose: written.organDoseDGy ?? undefined,
    CTDIvol: written.ctdiVolMGy ?? undefined,
    BodyPartThickness: written.bodyPartThicknessMm ?? undefined,
    ExposureIndex: written.exposureIndex ?? undefined,
    TargetExposureIndex: written.targetExposureIndex ?? undefined,
    DeviationIndex: written.deviationIndex ?? undefined,
    SamplesPerPixel: 1,
    PhotometricInterpretation: pixels.photometric,
    Rows: pixels.rows,
    Columns: pixels.columns,
    PixelSpacing: spacing,
    BitsAllocated: 16,
    BitsStored: pixels.bitsStored,
    HighBit: pixels.bitsStored - 1,
    PixelRepresentation: 0,
    WindowCenter: pixels.windowCenter,
    WindowWidth: pixels.windowWidth,
    RescaleIntercept: pixels.rescaleIntercept ?? 0,
    RescaleSlope: pixels.rescaleSlope ?? 1,
    RescaleType: isCt ? 'HU' : 'US',
    PixelData: pixels.pixels,
  };
  if (isCt) {
    const z = written.sliceLocationMm ?? 0;
    const half = (pixels.columns * pixels.pixelSpacingMm) / 2;
    Object.assign(dataset, {
      SliceThickness: CT_SLICE_SPACING_MM,
      SpacingBetweenSlices: CT_SLICE_SPACING_MM,
      SliceLocation: z,
      ImagePositionPatient: [-half, -half, z],
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PatientPosition: 'HFS',
      FrameOfReferenceUID: deterministicUid(study.studyInstanceUid, 'frame-of-reference'),
      PositionReferenceIndicator: '',
    });
  } else {
    Object.assign(dataset, {
      ImagerPixelSpacing: spacing,
      PresentationIntentType: 'FOR PRESENTATION',
      PatientOrientation: isMg ? (image.laterality === 'L' ? ['A', 'R'] : ['P', 'L']) : ['L', 'F'],
    });
  }
  return dataset;
}

/**
 * The reason of a rejection note, as TID 2010 carries it: a content item "Document Title Modifier" (DCM 113011),
 * relationship HAS CONCEPT MOD, value type CODE, holding a code of CID 7011 "Rejected for Quality Reasons".
 */
export function documentTitleModifier(reason: { readonly code: string; readonly meaning: string }): DicomItem {
  return {
    RelationshipType: 'HAS CONCEPT MOD',
    ValueType: 'CODE',
    ConceptNameCodeSequence: [{ CodeValue: '113011', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Document Title Modifier' }],
    ConceptCodeSequence: [{ CodeValue: reason.code, CodingSchemeDesignator: 'DCM', CodeMeaning: reason.meaning }],
  };
}

/** IHE IOCM rejection note: a KOS whose title is 113001, referencing the rejected images of its study. */
export function rejectionNoteDataset(study: PlannedStudy, note: PlannedRejectionNote): DicomItem {
  const bySeries = new Map<string, PlannedRejectionNote['rejects'][number][]>();
  for (const reject of note.rejects) bySeries.set(reject.seriesInstanceUid, [...(bySeries.get(reject.seriesInstanceUid) ?? []), reject]);
  return {
    ...studyAttributes(study),
    Manufacturer: study.station.manufacturer,
    SOPClassUID: SOP_CLASSES.KOS,
    SOPInstanceUID: note.sopInstanceUid,
    Modality: 'KO',
    SeriesInstanceUID: note.seriesInstanceUid,
    SeriesNumber: 99,
    SeriesDescription: 'Rejected for Quality Reasons',
    InstanceNumber: 1,
    ContentDate: study.date,
    ContentTime: study.time,
    ReferencedPerformedProcedureStepSequence: [],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [{ CodeValue: note.titleCode, CodingSchemeDesignator: 'DCM', CodeMeaning: 'Rejected for Quality Reasons' }],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID: study.studyInstanceUid,
        ReferencedSeriesSequence: [...bySeries.entries()].map(([seriesInstanceUid, rejects]) => ({
          SeriesInstanceUID: seriesInstanceUid,
          ReferencedSOPSequence: rejects.map((r) => ({ ReferencedSOPClassUID: r.sopClassUid, ReferencedSOPInstanceUID: r.sopInstanceUid })),
        })),
      },
    ],
    // TID 2010: the title's modifier comes first, then the referenced images
    ContentSequence: [
      ...(note.reasonCode ? [documentTitleModifier(note.reasonCode)] : []),
      ...note.rejects.map((r) => ({
        RelationshipType: 'CONTAINS',
        ValueType: 'IMAGE',
        ReferencedSOPSequence: [{ ReferencedSOPClassUID: r.sopClassUid, ReferencedSOPInstanceUID: r.sopInstanceUid }],
      })),
    ],
  };
}

// --- the CT dose report ------------------------------------------------------------------------------------------

type Code = readonly [value: string, scheme: string, meaning: string];
const codeItem = ([value, scheme, meaning]: Code): DicomItem => ({
  CodeValue: value,
  CodingSchemeDesignator: scheme,
  CodeMeaning: meaning,
});
const contentItem = (relationship: string, valueType: string, concept: Code, rest: DicomItem = {}): DicomItem => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: [codeItem(concept)],
  ...rest,
});
const container = (relationship: string, concept: Code, children: DicomItem[], template?: string): DicomItem =>
  contentItem(relationship, 'CONTAINER', concept, {
    ContinuityOfContent: 'SEPARATE',
    ...(template ? { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: template }] } : {}),
    ContentSequence: children,
  });
const num = (concept: Code, value: number, unit: Code): DicomItem =>
  contentItem('CONTAINS', 'NUM', concept, {
    MeasuredValueSequence: [{ NumericValue: String(value), MeasurementUnitsCodeSequence: [codeItem(unit)] }],
  });
const coded = (relationship: string, concept: Code, value: Code): DicomItem =>
  contentItem(relationship, 'CODE', concept, { ConceptCodeSequence: [codeItem(value)] });

/** PS3.16 concepts of TID 10011 (DCM, SCT) and the UCUM units the report uses */
const RDSR = {
  report: ['113701', 'DCM', 'X-Ray Radiation Dose Report'],
  procedureReported: ['121058', 'DCM', 'Procedure reported'],
  ct: ['77477000', 'SCT', 'Computed Tomography X-Ray'],
  observerType: ['121005', 'DCM', 'Observer Type'],
  device: ['121007', 'DCM', 'Device'],
  deviceObserverUid: ['121012', 'DCM', 'Device Observer UID'],
  deviceObserverName: ['121013', 'DCM', 'Device Observer Name'],
  startOfIrradiation: ['113809', 'DCM', 'Start of X-Ray Irradiation'],
  scopeOfAccumulation: ['113705', 'DCM', 'Scope of Accumulation'],
  study: ['113014', 'DCM', 'Study'],
  studyInstanceUid: ['110180', 'DCM', 'Study Instance UID'],
  accumulated: ['113811', 'DCM', 'CT Accumulated Dose Data'],
  totalEvents: ['113812', 'DCM', 'Total Number of Irradiation Events'],
  dlpTotal: ['113813', 'DCM', 'CT Dose Length Product Total'],
  acquisition: ['113819', 'DCM', 'CT Acquisition'],
  targetRegion: ['123014', 'DCM', 'Target Region'],
  chest: ['43799004', 'SCT', 'Chest'],
  acquisitionType: ['113820', 'DCM', 'CT Acquisition Type'],
  spiral: ['116152004', 'SCT', 'Spiral Acquisition'],
  irradiationEventUid: ['113769', 'DCM', 'Irradiation Event UID'],
  parameters: ['113822', 'DCM', 'CT Acquisition Parameters'],
  scanningLength: ['113825', 'DCM', 'Scanning Length'],
  sourceParameters: ['113831', 'DCM', 'CT X-Ray Source Parameters'],
  kvp: ['113733', 'DCM', 'KVP'],
  tubeCurrent: ['113734', 'DCM', 'X-Ray Tube Current'],
  dose: ['113829', 'DCM', 'CT Dose'],
  meanCtdiVol: ['113830', 'DCM', 'Mean CTDIvol'],
  phantomType: ['113835', 'DCM', 'CTDIw Phantom Type'],
  bodyPhantom: ['113691', 'DCM', 'IEC Body Dosimetry Phantom'],
  dlp: ['113838', 'DCM', 'DLP'],
  personName: ['113870', 'DCM', 'Person Name'],
  personRole: ['113875', 'DCM', 'Person Role in Procedure'],
  irradiationAdministering: ['113851', 'DCM', 'Irradiation Administering'],
  mGy: ['mGy', 'UCUM', 'mGy'],
  mGyCm: ['mGy.cm', 'UCUM', 'mGy.cm'],
  mm: ['mm', 'UCUM', 'mm'],
  kV: ['kV', 'UCUM', 'kV'],
  mA: ['mA', 'UCUM', 'mA'],
  events: ['{events}', 'UCUM', 'events'],
} as const satisfies Record<string, Code>;

/**
 * A CT study's X-Ray Radiation Dose SR (TID 10011 CT Radiation Dose): the CT Accumulated Dose Data with the study's
 * DLP total, and one CT Acquisition (spiral, the chest) with its scanning length, kVp and tube current, its CT Dose
 * (mean CTDIvol, body phantom, DLP) and the radiographers who irradiated (TID 1020).
 */
export function doseReportDataset(study: PlannedStudy, report: PlannedDoseReport): DicomItem {
  const start = `${study.date}${study.time}`;
  const operators = study.operators.map((name) =>
    contentItem('CONTAINS', 'PNAME', RDSR.personName, {
      PersonName: name,
      ContentSequence: [coded('HAS PROPERTIES', RDSR.personRole, RDSR.irradiationAdministering)],
    }),
  );
  return {
    ...studyAttributes(study),
    ...equipmentAttributes(study),
    SOPClassUID: XRAY_RADIATION_DOSE_SR,
    SOPInstanceUID: report.sopInstanceUid,
    Modality: 'SR',
    SeriesInstanceUID: report.seriesInstanceUid,
    SeriesNumber: 997,
    SeriesDescription: 'Dose Report',
    InstanceNumber: 1,
    ContentDate: study.date,
    ContentTime: study.time,
    ReferencedPerformedProcedureStepSequence: [],
    PerformedProcedureCodeSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(RDSR.report)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '10011' }],
    ContentSequence: [
      coded('HAS CONCEPT MOD', RDSR.procedureReported, RDSR.ct),
      coded('HAS OBS CONTEXT', RDSR.observerType, RDSR.device),
      contentItem('HAS OBS CONTEXT', 'UIDREF', RDSR.deviceObserverUid, { UID: deterministicUid(study.station.stationName, 'device') }),
      contentItem('HAS OBS CONTEXT', 'TEXT', RDSR.deviceObserverName, { TextValue: study.station.stationName }),
      contentItem('HAS OBS CONTEXT', 'DATETIME', RDSR.startOfIrradiation, { DateTime: start }),
      contentItem('HAS OBS CONTEXT', 'CODE', RDSR.scopeOfAccumulation, {
        ConceptCodeSequence: [codeItem(RDSR.study)],
        ContentSequence: [contentItem('HAS PROPERTIES', 'UIDREF', RDSR.studyInstanceUid, { UID: study.studyInstanceUid })],
      }),
      container(
        'CONTAINS',
        RDSR.accumulated,
        [num(RDSR.totalEvents, 1, RDSR.events), num(RDSR.dlpTotal, report.dlpMgyCm, RDSR.mGyCm)],
        '10012',
      ),
      container(
        'CONTAINS',
        RDSR.acquisition,
        [
          coded('CONTAINS', RDSR.targetRegion, RDSR.chest),
          coded('CONTAINS', RDSR.acquisitionType, RDSR.spiral),
          contentItem('CONTAINS', 'UIDREF', RDSR.irradiationEventUid, { UID: report.irradiationEventUid }),
          container('CONTAINS', RDSR.parameters, [
            num(RDSR.scanningLength, report.scanningLengthMm, RDSR.mm),
            container('CONTAINS', RDSR.sourceParameters, [
              num(RDSR.kvp, report.kvp, RDSR.kV),
              num(RDSR.tubeCurrent, report.tubeCurrentMa, RDSR.mA),
            ]),
          ]),
          container('CONTAINS', RDSR.dose, [
            num(RDSR.meanCtdiVol, report.ctdivolMgy, RDSR.mGy),
            coded('CONTAINS', RDSR.phantomType, RDSR.bodyPhantom),
            num(RDSR.dlp, report.dlpMgyCm, RDSR.mGyCm),
          ]),
          ...operators,
        ],
        '10013',
      ),
    ],
  };
}
