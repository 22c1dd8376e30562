/**
 * The in-memory index the demo PACS serves from: studies → series → instances.
 *
 * Each instance keeps its DICOM JSON (with BulkDataURIs relative to its study), where its
 * bulk data and pixel data are in its file, and what is needed to cut frames. Study and
 * series records carry the attributes QIDO returns at their level, computed once.
 */
import type { BulkDataLocation, DicomJsonAttribute, DicomJsonDataset } from '@iqs/dicom';
import { firstNumber, firstString } from '@iqs/dicom';
import type { PixelDataLocation } from '@iqs/dicom';

export interface FrameGeometry {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  numberOfFrames: number;
  photometricInterpretation: string;
}

export interface InstanceRecord {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** absolute path */
  file: string;
  fileSize: number;
  transferSyntaxUID: string;
  /** deflated files: offsets refer to the inflated data set, which is re-inflated on demand */
  deflated: boolean;
  bigEndian: boolean;
  /** WADO-RS metadata; BulkDataURIs are relative to the study ("series/…/bulkdata/…") */
  json: DicomJsonDataset;
  /** bulk data path (as in the BulkDataURI after "bulkdata/") → where its bytes are */
  bulkData: Map<string, BulkDataLocation>;
  pixelData: PixelDataLocation | undefined;
  geometry: FrameGeometry;
}

export interface SeriesRecord {
  seriesInstanceUID: string;
  studyInstanceUID: string;
  /** in InstanceNumber order */
  instances: Map<string, InstanceRecord>;
  /** series-level QIDO attributes, including NumberOfSeriesRelatedInstances */
  attributes: DicomJsonDataset;
}

export interface StudyRecord {
  studyInstanceUID: string;
  /** in SeriesNumber order */
  series: Map<string, SeriesRecord>;
  /** patient/study-level QIDO attributes, including ModalitiesInStudy and the counts */
  attributes: DicomJsonDataset;
}

export interface DicomIndex {
  /** the folder that was scanned */
  root: string;
  /** newest first */
  studies: Map<string, StudyRecord>;
  instanceCount: number;
}

/** Tags of the attributes this folder reads, as DICOM JSON keys. */
export const tags = {
  SpecificCharacterSet: '00080005',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  StudyTime: '00080030',
  SeriesTime: '00080031',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  SOPClassesInStudy: '00080062',
  AvailableTransferSyntaxUID: '00083002',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  BitsAllocated: '00280100',
} as const;

/** Patient and study level attributes (PS3.4 C.6.2.1.2 and the study IE) copied to study records. */
const STUDY_LEVEL_TAGS = [
  '00080005', // SpecificCharacterSet
  '00080020', // StudyDate
  '00080030', // StudyTime
  '00080050', // AccessionNumber
  '00080051', // IssuerOfAccessionNumberSequence
  '00080056', // InstanceAvailability
  '00080090', // ReferringPhysicianName
  '00080201', // TimezoneOffsetFromUTC
  '00081030', // StudyDescription
  '00081032', // ProcedureCodeSequence
  '00081060', // NameOfPhysiciansReadingStudy
  '00100010', // PatientName
  '00100020', // PatientID
  '00100021', // IssuerOfPatientID
  '00100030', // PatientBirthDate
  '00100032', // PatientBirthTime
  '00100040', // PatientSex
  '00101000', // OtherPatientIDs
  '00101010', // PatientAge
  '00101020', // PatientSize
  '00101030', // PatientWeight
  '0020000D', // StudyInstanceUID
  '00200010', // StudyID
];

/** Series level attributes copied to series records. */
const SERIES_LEVEL_TAGS = [
  '00080005', // SpecificCharacterSet
  '00080021', // SeriesDate
  '00080031', // SeriesTime
  '00080060', // Modality
  '00080070', // Manufacturer
  '00080080', // InstitutionName
  '00081010', // StationName
  '0008103E', // SeriesDescription
  '00081090', // ManufacturerModelName
  '00180015', // BodyPartExamined
  '00181030', // ProtocolName
  '0020000D', // StudyInstanceUID
  '0020000E', // SeriesInstanceUID
  '00200011', // SeriesNumber
  '00200060', // Laterality
  '00400244', // PerformedProcedureStepStartDate
  '00400245', // PerformedProcedureStepStartTime
  '00400275', // RequestAttributesSequence
];

const hasValue = (a: DicomJsonAttribute | undefined): a is DicomJsonAttribute =>
  a !== undefined && Array.isArray(a.Value) && a.Value.length > 0;

/** Copies the given tags, each from the first instance that has a value for it. */
function collect(tagList: readonly string[], instances: Iterable<InstanceRecord>): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  const list = [...instances];
  for (const tag of tagList) {
    const withValue = list.find((i) => hasValue(i.json[tag]));
    const attr = withValue?.json[tag] ?? list.find((i) => i.json[tag] !== undefined)?.json[tag];
    if (attr) out[tag] = attr;
  }
  return out;
}

const compareNumbers = (a: number | undefined, b: number | undefined): number =>
  (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);

function byInstanceNumber(a: InstanceRecord, b: InstanceRecord): number {
  return (
    compareNumbers(firstNumber(a.json[tags.InstanceNumber]), firstNumber(b.json[tags.InstanceNumber])) ||
    a.sopInstanceUID.localeCompare(b.sopInstanceUID)
  );
}

function seriesSortKey(s: SeriesRecord): [number | undefined, string] {
  const first = s.instances.values().next().value as InstanceRecord | undefined;
  const json = first?.json ?? {};
  return [firstNumber(json[tags.SeriesNumber]), `${firstString(json[tags.SeriesDate]) ?? ''}${firstString(json[tags.SeriesTime]) ?? ''}`];
}

function studySortKey(s: StudyRecord): string {
  return `${firstString(s.attributes[tags.StudyDate]) ?? ''}${firstString(s.attributes[tags.StudyTime]) ?? ''}`;
}

/** Builds the study → series → instance maps, sorted, with their QIDO attributes. */
export function buildIndex(root: string, instances: InstanceRecord[]): DicomIndex {
  const grouped = new Map<string, Map<string, InstanceRecord[]>>();
  for (const inst of instances) {
    let study = grouped.get(inst.studyInstanceUID);
    if (!study) grouped.set(inst.studyInstanceUID, (study = new Map()));
    let series = study.get(inst.seriesInstanceUID);
    if (!series) study.set(inst.seriesInstanceUID, (series = []));
    series.push(inst);
  }

  const studies: StudyRecord[] = [];
  for (const [studyUID, seriesMap] of grouped) {
    const seriesList: SeriesRecord[] = [];
    for (const [seriesUID, list] of seriesMap) {
      list.sort(byInstanceNumber);
      const attributes = collect(SERIES_LEVEL_TAGS, list);
      attributes[tags.NumberOfSeriesRelatedInstances] = { vr: 'IS', Value: [list.length] };
      seriesList.push({
        seriesInstanceUID: seriesUID,
        studyInstanceUID: studyUID,
        instances: new Map(list.map((i) => [i.sopInstanceUID, i])),
        attributes,
      });
    }
    seriesList.sort((a, b) => {
      const [na, da] = seriesSortKey(a);
      const [nb, db] = seriesSortKey(b);
      return compareNumbers(na, nb) || da.localeCompare(db) || a.seriesInstanceUID.localeCompare(b.seriesInstanceUID);
    });

    const all = seriesList.flatMap((s) => [...s.instances.values()]);
    const attributes = collect(STUDY_LEVEL_TAGS, all);
    const modalities = new Set<string>();
    const sopClasses = new Set<string>();
    for (const inst of all) {
      const modality = firstString(inst.json[tags.Modality]);
      if (modality) modalities.add(modality);
      const sopClass = firstString(inst.json[tags.SOPClassUID]);
      if (sopClass) sopClasses.add(sopClass);
    }
    attributes[tags.ModalitiesInStudy] = modalities.size > 0 ? { vr: 'CS', Value: [...modalities].sort() } : { vr: 'CS' };
    attributes[tags.SOPClassesInStudy] = sopClasses.size > 0 ? { vr: 'UI', Value: [...sopClasses].sort() } : { vr: 'UI' };
    attributes[tags.NumberOfStudyRelatedSeries] = { vr: 'IS', Value: [seriesList.length] };
    attributes[tags.NumberOfStudyRelatedInstances] = { vr: 'IS', Value: [all.length] };
    studies.push({
      studyInstanceUID: studyUID,
      series: new Map(seriesList.map((s) => [s.seriesInstanceUID, s])),
      attributes,
    });
  }
  // newest first; studies without a date last
  studies.sort((a, b) => {
    const ka = studySortKey(a);
    const kb = studySortKey(b);
    if (ka === kb) return a.studyInstanceUID.localeCompare(b.studyInstanceUID);
    if (!ka) return 1;
    if (!kb) return -1;
    return kb.localeCompare(ka);
  });

  return {
    root,
    studies: new Map(studies.map((s) => [s.studyInstanceUID, s])),
    instanceCount: instances.length,
  };
}

export function findInstance(index: DicomIndex, study: string, series: string, sop: string): InstanceRecord | undefined {
  return index.studies.get(study)?.series.get(series)?.instances.get(sop);
}
