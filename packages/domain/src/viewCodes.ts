import { type DicomDataset, readSequence, readText } from './dicomValues';

/**
 * The view (projection) of an image, as a ViewPosition (0018,5101) term.
 *
 * Many systems leave ViewPosition empty and code the view in ViewCodeSequence (0054,0220) with a concept of
 * DICOM CID 4010 "DX View" (or CID 4014 "View for Mammography"). Those concepts exist in two SNOMED schemes:
 * SNOMED CT (designator SCT, numeric codes) and the older SNOMED-RT (designators SRT, SNM3 or 99SDM, codes such
 * as R-10206). Both are in use in archives, so both map here.
 *
 * The target vocabulary is ViewPosition's defined terms (AP, PA, LL, RL, RLO, LLO; CC, MLO, ML, LM… for
 * mammography). Concepts without such a term get a short IQS term (LAT, OBL, AXIAL, …) so that the view is
 * still known and can be mapped to a procedure later.
 */
interface ViewConcept {
  /** SNOMED CT code(s); older and newer editions of CID 4010 used different codes for some concepts */
  readonly sct: readonly string[];
  /** SNOMED-RT code(s), including codes that earlier versions of the context group assigned */
  readonly srt: readonly string[];
  readonly meaning: string;
  readonly viewPosition: string;
}

const VIEW_CONCEPTS: readonly ViewConcept[] = [
  { sct: ['399348003'], srt: ['R-10206'], meaning: 'antero-posterior', viewPosition: 'AP' },
  // CID 4010 listed 399066004 for postero-anterior before it moved to 272479007: accept both.
  { sct: ['272479007', '399066004'], srt: ['R-10214'], meaning: 'postero-anterior', viewPosition: 'PA' },
  { sct: ['399173006'], srt: ['R-10236'], meaning: 'left lateral', viewPosition: 'LL' },
  { sct: ['399198007'], srt: ['R-10232'], meaning: 'right lateral', viewPosition: 'RL' },
  { sct: ['399067008'], srt: ['R-102CD'], meaning: 'lateral', viewPosition: 'LAT' },
  { sct: ['399236003'], srt: ['R-10234'], meaning: 'right oblique', viewPosition: 'RLO' },
  { sct: ['399184004'], srt: ['R-10238'], meaning: 'left oblique', viewPosition: 'LLO' },
  { sct: ['399033003'], srt: ['R-10202'], meaning: 'frontal', viewPosition: 'FRONTAL' },
  { sct: ['399160007'], srt: ['R-10204'], meaning: 'frontal oblique', viewPosition: 'FO' },
  { sct: ['399312000'], srt: ['R-10208'], meaning: 'antero-posterior oblique', viewPosition: 'APO' },
  { sct: ['399038007'], srt: ['R-10210'], meaning: 'right posterior oblique', viewPosition: 'RPO' },
  { sct: ['399006002'], srt: ['R-10212'], meaning: 'left posterior oblique', viewPosition: 'LPO' },
  { sct: ['399059000'], srt: ['R-10216'], meaning: 'postero-anterior oblique', viewPosition: 'PAO' },
  // R-10218 was wrongly assigned to right anterior oblique in an early version; it is not a view in SNOMED.
  { sct: ['399356000'], srt: ['R-40985'], meaning: 'right anterior oblique', viewPosition: 'RAO' },
  { sct: ['399135007'], srt: ['R-10220'], meaning: 'left anterior oblique', viewPosition: 'LAO' },
  { sct: ['399182000'], srt: ['R-102C1'], meaning: 'oblique', viewPosition: 'OBL' },
  { sct: ['260427002'], srt: ['R-40783'], meaning: 'lateral oblique', viewPosition: 'LO' },
  { sct: ['260426006'], srt: ['R-40782'], meaning: 'medial oblique', viewPosition: 'MO' },
  { sct: ['30730003'], srt: ['G-A145'], meaning: 'sagittal', viewPosition: 'SAG' },
  { sct: ['399061009'], srt: ['R-10241'], meaning: 'axial', viewPosition: 'AXIAL' },
  { sct: ['399110001'], srt: ['R-102C2'], meaning: 'tangential', viewPosition: 'TAN' },
  { sct: ['399196006'], srt: ['R-10244'], meaning: 'caudo-cranial', viewPosition: 'CAUDOCRANIAL' },
  { sct: ['399255003'], srt: ['R-10256'], meaning: 'submentovertical', viewPosition: 'SMV' },
  { sct: ['399360002'], srt: ['R-10257'], meaning: 'verticosubmental', viewPosition: 'VSM' },
  { sct: ['399071006'], srt: ['R-102C3'], meaning: 'plantodorsal', viewPosition: 'PD' },
  { sct: ['399335002'], srt: ['R-102C4'], meaning: 'dorsoplantar', viewPosition: 'DP' },
  // Mammography (CID 4014) views that CID 4010 shares; their ViewPosition terms are defined for MG.
  { sct: ['399162004'], srt: ['R-10242'], meaning: 'cranio-caudal', viewPosition: 'CC' },
  // R-10226 once also stood for "lateral oblique" in DX; in practice it is the MLO.
  { sct: ['399368009'], srt: ['R-10226'], meaning: 'medio-lateral oblique', viewPosition: 'MLO' },
  { sct: ['399260004'], srt: ['R-10224'], meaning: 'medio-lateral', viewPosition: 'ML' },
  { sct: ['399352003'], srt: ['R-10228'], meaning: 'latero-medial', viewPosition: 'LM' },
  { sct: ['399099002'], srt: ['R-10230'], meaning: 'latero-medial oblique', viewPosition: 'LMO' },
];

const SNOMED_CT_DESIGNATORS = new Set(['SCT', 'SNOMED', 'SNOMED-CT']);
const SNOMED_RT_DESIGNATORS = new Set(['SRT', 'SNM3', '99SDM']);

const BY_SCT = new Map(VIEW_CONCEPTS.flatMap((concept) => concept.sct.map((code) => [code, concept] as const)));
const BY_SRT = new Map(VIEW_CONCEPTS.flatMap((concept) => concept.srt.map((code) => [code, concept] as const)));

/** The ViewPosition term of a coded view, or null when the code is not a known view concept. */
export function viewPositionFromCode(codeValue: string, codingSchemeDesignator: string | null): string | null {
  const code = codeValue.trim().toUpperCase();
  const scheme = codingSchemeDesignator?.trim().toUpperCase() ?? null;
  if (scheme !== null && SNOMED_CT_DESIGNATORS.has(scheme)) return BY_SCT.get(code)?.viewPosition ?? null;
  if (scheme !== null && SNOMED_RT_DESIGNATORS.has(scheme)) return BY_SRT.get(code)?.viewPosition ?? null;
  // A missing or unusual designator: the two schemes' codes cannot be confused (numeric vs "R-…"), so match either.
  if (scheme === null || scheme === '') return (BY_SCT.get(code) ?? BY_SRT.get(code))?.viewPosition ?? null;
  return null;
}

/** View of the image: ViewPosition when filled, else the first ViewCodeSequence item that maps. */
export function readViewPosition(dataset: DicomDataset): string | null {
  const viewPosition = readText(dataset, 'ViewPosition');
  if (viewPosition !== null) return viewPosition.toUpperCase();
  for (const item of readSequence(dataset, 'ViewCodeSequence')) {
    const codeValue = readText(item, 'CodeValue') ?? readText(item, 'LongCodeValue');
    if (codeValue === null) continue;
    const mapped = viewPositionFromCode(codeValue, readText(item, 'CodingSchemeDesignator'));
    if (mapped !== null) return mapped;
  }
  return null;
}
