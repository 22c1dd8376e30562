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
  /** Patient's Weight (0010,1030), kg */
  patient_weight_kg: number | null;
  /** Patient's Size (0010,1020), m */
  patient_size_m: number | null;
  /** KVP (0018,0060), kV */
  kvp: number | null;
  /** the exposure in mAs: Exposure in mAs (0018,9332), Exposure in µAs (0018,1153) ÷ 1000, or Exposure (0018,1152) */
  exposure_mas: number | null;
  /** in ms: Exposure Time in ms (0018,9328), Exposure Time in µS (0018,8150) ÷ 1000, or Exposure Time (0018,1150) */
  exposure_time_ms: number | null;
  /** Distance Source to Detector (0018,1110), mm (the SID) */
  distance_source_detector_mm: number | null;
  /** Grid (0018,1166): its values as written (FIXED, FOCUSED, RECIPROCATING, PARALLEL, CROSSED, NONE), joined by a backslash */
  grid: string | null;
  /** Filter Material (0018,7050): its values (ALUMINUM, COPPER, MOLYBDENUM, RHODIUM, …), joined by a backslash */
  filter_material: string | null;
  /** Exposure Control Mode (0018,7060: MANUAL, AUTOMATIC); for CT without it, Exposure Modulation Type (0018,9323) */
  aec_mode: string | null;
}

export type ImageFactName = keyof ImageFacts;

/**
 * The items of one functional group macro (e.g. CTExposureSequence) of an enhanced image: the shared groups first,
 * then the first frame's. Classic images have none.
 */
function frameMacros(dataset: DicomDataset, macro: string): DicomDataset[] {
  const frameGroups = [
    ...readSequence(dataset, 'SharedFunctionalGroupsSequence'),
    ...readSequence(dataset, 'PerFrameFunctionalGroupsSequence').slice(0, 1),
  ];
  return frameGroups.flatMap((group) => readSequence(group, macro));
}

/**
 * A number that sits at the top level in classic images and in a functional group macro of enhanced ones (CTDIvol,
 * ExposureInmAs and ExposureTimeInms in CTExposureSequence, KVP in CTXRayDetailsSequence).
 */
function readAcquisitionNumber(dataset: DicomDataset, keyword: string, macro: string): number | null {
  const topLevel = readNumber(dataset, keyword);
  if (topLevel !== null) return topLevel;
  for (const item of frameMacros(dataset, macro)) {
    const value = readNumber(item, keyword);
    if (value !== null) return value;
  }
  return null;
}

/**
 * The same for a code string: every value, upper case, joined by a backslash as DICOM joins them (e.g.
 * FOCUSED\RECIPROCATING); null when there is none.
 */
function readAcquisitionText(dataset: DicomDataset, keyword: string, macro: string | null): string | null {
  const values = readTexts(dataset, keyword);
  const found =
    values.length > 0 || macro === null
      ? values
      : frameMacros(dataset, macro)
          .map((item) => readTexts(item, keyword))
          .find((v) => v.length > 0);
  return found && found.length > 0 ? found.map((v) => v.toUpperCase()).join('\\') : null;
}

/** CTDIvol sits at the top level in classic CT images and in the functional groups of enhanced CT images. */
function readCtdiVol(dataset: DicomDataset): number | null {
  return readAcquisitionNumber(dataset, 'CTDIvol', 'CTExposureSequence');
}

/** A positive value within what a human body can be (kg or m): outside it, another unit or a corrupt value, never a guess. */
function plausibleOrNull(value: number | null, maximum: number): number | null {
  const positive = positiveOrNull(value);
  return positive !== null && positive <= maximum ? positive : null;
}

/** The heaviest people recorded weighed some 600 kg and the tallest measured 2.72 m. */
const MAX_PATIENT_WEIGHT_KG = 650;
const MAX_PATIENT_SIZE_M = 3;

/**
 * The exposure in mAs. The standard has three attributes for it, most precise first: Exposure in mAs (FD, enhanced
 * images and the CT Exposure macro), Exposure in µAs (IS, DX/MG: for small exposures such as 2.5 mAs, which the
 * integer Exposure (0018,1152) cannot hold) and Exposure (IS, mAs).
 */
function readExposureMas(dataset: DicomDataset): number | null {
  const inMas = positiveOrNull(readAcquisitionNumber(dataset, 'ExposureInmAs', 'CTExposureSequence'));
  if (inMas !== null) return roundToSignificant(inMas);
  const inUas = positiveOrNull(readNumber(dataset, 'ExposureInuAs'));
  if (inUas !== null) return roundToSignificant(inUas / 1000);
  return positiveOrNull(readNumber(dataset, 'Exposure'));
}

/** The exposure time in ms: Exposure Time in ms (FD), Exposure Time in µS (DS), Exposure Time (IS, ms). */
function readExposureTimeMs(dataset: DicomDataset): number | null {
  const inMs = positiveOrNull(readAcquisitionNumber(dataset, 'ExposureTimeInms', 'CTExposureSequence'));
  if (inMs !== null) return roundToSignificant(inMs);
  const inUs = positiveOrNull(readNumber(dataset, 'ExposureTimeInuS'));
  if (inUs !== null) return roundToSignificant(inUs / 1000);
  return positiveOrNull(readNumber(dataset, 'ExposureTime'));
}

/**
 * Automatic exposure control: Exposure Control Mode (projection radiography and mammography); a CT image states its
 * tube current modulation instead, in Exposure Modulation Type (e.g. NONE, or a vendor's term such as XYZ_EC).
 */
function readAecMode(dataset: DicomDataset): string | null {
  return (
    readAcquisitionText(dataset, 'ExposureControlMode', null) ??
    readAcquisitionText(dataset, 'ExposureModulationType', 'CTExposureSequence')
  );
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
    patient_weight_kg: plausibleOrNull(readNumber(dataset, 'PatientWeight'), MAX_PATIENT_WEIGHT_KG),
    patient_size_m: plausibleOrNull(readNumber(dataset, 'PatientSize'), MAX_PATIENT_SIZE_M),
    kvp: positiveOrNull(readAcquisitionNumber(dataset, 'KVP', 'CTXRayDetailsSequence')),
    exposure_mas: readExposureMas(dataset),
    exposure_time_ms: readExposureTimeMs(dataset),
    distance_source_detector_mm: positiveOrNull(readNumber(dataset, 'DistanceSourceToDetector')),
    grid: readAcquisitionText(dataset, 'Grid', null),
    filter_material: readAcquisitionText(dataset, 'FilterMaterial', 'CTXRayDetailsSequence'),
    aec_mode: readAecMode(dataset),
  };
}

/** A fact's value as one string for machines (data-iqs-value): '' when unknown, JSON for lists. */
export function canonicalValue(value: ImageFacts[ImageFactName]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}
