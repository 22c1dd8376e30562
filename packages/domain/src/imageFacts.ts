import { type DicomDataset, isoDate, readDate, readNumber, readSequence, readText, readTexts } from './dicomValues';
import { readPatientAgeYears } from './patientAge';
import { dGyCm2ToGyCm2, dGyToMGy, positiveOrNull, roundToSignificant } from './units';
import { readViewPosition } from './viewCodes';

/**
 * The IQS facts of one image, in canonical units. The field names are the names used everywhere else too: in
 * the panel's data-iqs-field attributes, in the ingestion's JSON Lines and in the image index. `null` means
 * unknown (absent or malformed in the DICOM header), never zero.
 */
export interface ImageFacts {
  sop_instance_uid: string | null;
  study_instance_uid: string | null;
  series_instance_uid: string | null;
  sop_class_uid: string | null;
  modality: string | null;
  /** YYYY-MM-DD */
  study_date: string | null;
  /** every value of OperatorsName, as written (e.g. "Jansen^Petra") */
  operator_names: string[] | null;
  station_name: string | null;
  /** a ViewPosition term (AP, PA, LL, RL, …), from ViewPosition or mapped from ViewCodeSequence */
  view_position: string | null;
  study_description: string | null;
  /** whole years at the study date */
  patient_age_years: number | null;
  dap_gy_cm2: number | null;
  organ_dose_mgy: number | null;
  body_part_thickness_mm: number | null;
  ctdivol_mgy: number | null;
  exposure_index: number | null;
  target_exposure_index: number | null;
  deviation_index: number | null;
}

export type ImageFactName = keyof ImageFacts;

/** CTDIvol sits at the top level in classic CT images and in the functional groups of enhanced CT images. */
function readCtdiVol(dataset: DicomDataset): number | null {
  const topLevel = readNumber(dataset, 'CTDIvol');
  if (topLevel !== null) return topLevel;
  const frameGroups = [
    ...readSequence(dataset, 'SharedFunctionalGroupsSequence'),
    ...readSequence(dataset, 'PerFrameFunctionalGroupsSequence').slice(0, 1),
  ];
  for (const group of frameGroups) {
    for (const exposure of readSequence(group, 'CTExposureSequence')) {
      const value = readNumber(exposure, 'CTDIvol');
      if (value !== null) return value;
    }
  }
  return null;
}

/**
 * DI = 10·log10(EI / EI_T) (IEC 62494-1). Many detectors store EI and the target but not DI; the definition
 * then gives it exactly, so it is derived rather than left unknown.
 */
export function deviationIndex(exposureIndex: number | null, targetExposureIndex: number | null): number | null {
  if (exposureIndex === null || targetExposureIndex === null) return null;
  return roundToSignificant(10 * Math.log10(exposureIndex / targetExposureIndex), 6);
}

function readStudyDate(dataset: DicomDataset): string | null {
  const date = readDate(dataset, 'StudyDate');
  return date === null ? null : isoDate(date);
}

function orNullIfEmpty<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

/** Turn one instance's DICOM attributes into its IQS facts. Never throws. */
export function extractImageFacts(dataset: DicomDataset): ImageFacts {
  const dap = positiveOrNull(readNumber(dataset, 'ImageAndFluoroscopyAreaDoseProduct'));
  const organDose = positiveOrNull(readNumber(dataset, 'OrganDose'));
  const exposureIndex = positiveOrNull(readNumber(dataset, 'ExposureIndex'));
  const targetExposureIndex = positiveOrNull(readNumber(dataset, 'TargetExposureIndex'));
  return {
    sop_instance_uid: readText(dataset, 'SOPInstanceUID'),
    study_instance_uid: readText(dataset, 'StudyInstanceUID'),
    series_instance_uid: readText(dataset, 'SeriesInstanceUID'),
    sop_class_uid: readText(dataset, 'SOPClassUID'),
    modality: readText(dataset, 'Modality')?.toUpperCase() ?? null,
    study_date: readStudyDate(dataset),
    operator_names: orNullIfEmpty(readTexts(dataset, 'OperatorsName')),
    station_name: readText(dataset, 'StationName'),
    view_position: readViewPosition(dataset),
    study_description: readText(dataset, 'StudyDescription'),
    patient_age_years: readPatientAgeYears(dataset),
    dap_gy_cm2: dap === null ? null : dGyCm2ToGyCm2(dap),
    organ_dose_mgy: organDose === null ? null : dGyToMGy(organDose),
    body_part_thickness_mm: positiveOrNull(readNumber(dataset, 'BodyPartThickness')),
    ctdivol_mgy: positiveOrNull(readCtdiVol(dataset)),
    exposure_index: exposureIndex,
    target_exposure_index: targetExposureIndex,
    deviation_index: readNumber(dataset, 'DeviationIndex') ?? deviationIndex(exposureIndex, targetExposureIndex),
  };
}

/** A fact's value as one string for machines (data-iqs-value): '' when unknown, JSON for lists. */
export function canonicalValue(value: ImageFacts[ImageFactName]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}
