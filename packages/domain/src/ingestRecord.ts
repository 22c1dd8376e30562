/**
 * One DICOM object as the image index records it: the JSON Lines contract of `iqs ingest --dry-run --json` and the
 * rows of the index. Images get the same facts as the viewer's panel (extractImageFacts: one implementation);
 * radiation dose reports and IOCM rejection notes get what they carry instead.
 */
import { type DicomDataset, readText } from './dicomValues';
import { extractDoseReportFacts } from './doseReport';
import { extractImageFacts, type ImageFacts } from './imageFacts';
import { readRejectionNote } from './rejectionNote';
import { isDoseReportSopClass, SOP_CLASS } from './sopClasses';
import { applyTagMapping, type TagMappingEntry } from './tagMapping';

/** What the object is, for the index: images are counted; reports and notes change what is known of images. */
export type IndexedObject = 'image' | 'dose_report' | 'rejection_note' | 'other';

export interface IngestRecord extends ImageFacts {
  object: IndexedObject;
  /** what procedure aliases may also match on, besides the study description */
  protocol_name: string | null;
  series_description: string | null;
  dlp_mgy_cm: number | null;
  /** marked by a 113001 rejection note (the writer applies notes to images, in either order) */
  rejected: boolean;
  dose_report?: true;
  rejection_note?: true;
  /** the KOS document title code (113001, 113037, 113038, 113039) */
  rejection_code?: string;
  /** the SOP Instance UIDs the rejection note references */
  rejects?: string[];
  /** the CID 7011 reason of a 113001 note (its Document Title Modifier 113011), null when it gives none */
  reason_code?: string | null;
  /** the rejection note's ContentDate (YYYY-MM-DD), null when absent */
  note_date?: string | null;
}

/** Image objects carry pixel data; the header reader stops before it, so its image pixel attributes tell. */
function isImage(dataset: DicomDataset): boolean {
  return dataset['Rows'] !== undefined && dataset['Rows'] !== null;
}

export interface IngestOptions {
  /** the station's tag mapping (found by StationName by the caller) */
  readonly tagMapping?: readonly TagMappingEntry[];
}

export function extractIngestRecord(dataset: DicomDataset, options: IngestOptions = {}): IngestRecord {
  const facts = extractImageFacts(dataset);
  const base: IngestRecord = {
    ...facts,
    object: 'other',
    protocol_name: readText(dataset, 'ProtocolName'),
    series_description: readText(dataset, 'SeriesDescription'),
    dlp_mgy_cm: null,
    rejected: false,
  };

  if (isDoseReportSopClass(facts.sop_class_uid)) {
    const report = extractDoseReportFacts(dataset);
    if (report) {
      const { kind: _kind, ...doses } = report;
      return applyTagMapping(
        {
          ...base,
          ...doses,
          // the report names who irradiated; the header's OperatorsName is the fallback
          operator_names: doses.operator_names ?? facts.operator_names,
          // an image fact of the SR header (e.g. a stray DAP attribute) is not the report's dose
          organ_dose_mgy: null,
          body_part_thickness_mm: null,
          view_position: null,
          // nor are acquisition settings in its header (the patient's weight and size are the patient's: kept)
          kvp: null,
          exposure_mas: null,
          exposure_time_ms: null,
          distance_source_detector_mm: null,
          grid: null,
          filter_material: null,
          aec_mode: null,
          object: 'dose_report',
          dose_report: true,
        },
        dataset,
        options.tagMapping ?? [],
      );
    }
  }

  if (facts.sop_class_uid === SOP_CLASS.keyObjectSelection) {
    const note = readRejectionNote(dataset);
    if (note)
      return {
        ...base,
        object: 'rejection_note',
        rejection_note: true,
        rejection_code: note.code,
        rejects: note.rejects,
        reason_code: note.reasonCode,
        note_date: note.noteDate,
      };
  }

  if (isImage(dataset)) return applyTagMapping({ ...base, object: 'image' }, dataset, options.tagMapping ?? []);
  return base;
}
