import type { ImageFactName, ImageFacts } from '@iqs/domain';

export type PanelLanguage = 'en' | 'nl';

/** How the panel writes a fact for people (its data-iqs-value is always the fact as the image index holds it). */
type Shown =
  | { readonly kind: 'as-written' }
  /** people's names, formatted: compared by their data-iqs-value only */
  | { readonly kind: 'names' }
  | { readonly kind: 'years' }
  /** a measured value: at least `digits` significant digits, then the unit (none for exposure indices) */
  | { readonly kind: 'number'; readonly unit: string | null; readonly digits: number }
  /** the deviation index: signed, one decimal */
  | { readonly kind: 'signed' }
  /** DICOM code strings (several joined by a backslash), the known terms in the reader's language, joined by ", " */
  | { readonly kind: 'codes'; readonly terms: Readonly<Record<string, Readonly<Record<PanelLanguage, string>>>> };

const measured = (unit: string | null, digits = 3): Shown => ({ kind: 'number', unit, digits });

/**
 * Every fact of an image that the panel lists, with how it reads it out; the identifiers are not listed. A new fact
 * in ImageFacts does not compile here until the test knows whether and how the panel shows it.
 */
const PANEL: Readonly<
  Record<
    Exclude<ImageFactName, 'sop_instance_uid' | 'study_instance_uid' | 'series_instance_uid' | 'sop_class_uid' | 'modality' | 'study_date'>,
    Shown
  >
> = {
  operator_names: { kind: 'names' },
  station_name: { kind: 'as-written' },
  view_position: { kind: 'as-written' },
  study_description: { kind: 'as-written' },
  patient_age_years: { kind: 'years' },
  patient_weight_kg: measured('kg'),
  patient_size_m: measured('m'),
  dap_gy_cm2: measured('Gy·cm²'),
  organ_dose_mgy: measured('mGy'),
  body_part_thickness_mm: measured('mm'),
  ctdivol_mgy: measured('mGy'),
  exposure_index: measured(null, 4),
  target_exposure_index: measured(null, 4),
  deviation_index: { kind: 'signed' },
  kvp: measured('kV'),
  exposure_mas: measured('mAs'),
  exposure_time_ms: measured('ms'),
  distance_source_detector_mm: measured('mm'),
  grid: { kind: 'codes', terms: { NONE: { en: 'none', nl: 'geen' } } },
  filter_material: { kind: 'codes', terms: {} },
  aec_mode: {
    kind: 'codes',
    terms: { AUTOMATIC: { en: 'automatic', nl: 'automatisch' }, MANUAL: { en: 'manual', nl: 'handmatig' } },
  },
};

export const PANEL_FIELDS = Object.keys(PANEL) as ReadonlyArray<keyof typeof PANEL>;

const WORDS: Readonly<Record<PanelLanguage, { readonly unknown: string; readonly years: string }>> = {
  en: { unknown: 'unknown', years: 'years' },
  nl: { unknown: 'onbekend', years: 'jaar' },
};

/**
 * Differences between what the panel shows (data-iqs-value strings) and the facts the generator wrote. Numbers
 * compare as numbers (a derived DI to 1e-4, written values to 1e-9 relative); lists and text exactly.
 */
export function factDifferences(panel: Record<string, string>, expected: ImageFacts): string[] {
  const differences: string[] = [];
  for (const field of PANEL_FIELDS) {
    const want = expected[field];
    const got = panel[field];
    if (got === undefined) {
      differences.push(`${field}: not shown`);
      continue;
    }
    if (want === null) {
      if (got !== '') differences.push(`${field}: expected unknown, panel shows ${got}`);
    } else if (typeof want === 'number') {
      const tolerance = field === 'deviation_index' ? 1e-4 : Math.abs(want) * 1e-9;
      if (got === '' || Math.abs(Number(got) - want) > tolerance) differences.push(`${field}: expected ${want}, panel shows ${got}`);
    } else {
      const wanted = Array.isArray(want) ? JSON.stringify(want) : want;
      if (got !== wanted) differences.push(`${field}: expected ${wanted}, panel shows ${got}`);
    }
  }
  return differences;
}

/** A number as the reader's language writes it (en: 1,150.5; nl: 1.150,5; a minus sign or a hyphen). */
function parseShownNumber(text: string, language: PanelLanguage): number {
  const [group, decimal] = language === 'nl' ? ['.', ','] : [',', '.'];
  const plain = text
    .replace(/\u2212/gu, '-')
    .split(group)
    .join('')
    .replace(decimal, '.');
  return /^[+-]?\d+(\.\d+)?$/u.test(plain) ? Number(plain) : Number.NaN;
}

/** Shown to `digits` significant digits (at least; the formatting never adds made-up precision). */
function closeToShown(shown: number, want: number, digits: number): boolean {
  if (want === 0) return shown === 0;
  const halfStep = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(want))) - (digits - 1));
  return Math.abs(shown - want) <= halfStep * (1 + 1e-9);
}

function shownTextDifference(
  field: string,
  how: Shown,
  want: ImageFacts[ImageFactName],
  got: string,
  language: PanelLanguage,
): string | null {
  const differs = (expected: string) => `${field}: expected the text ${expected}, panel shows ${JSON.stringify(got)}`;
  if (want === null) return got === WORDS[language].unknown ? null : differs(JSON.stringify(WORDS[language].unknown));
  switch (how.kind) {
    case 'names':
      return null;
    case 'as-written':
      return got === String(want) ? null : differs(JSON.stringify(String(want)));
    case 'years':
      return got === `${String(want)} ${WORDS[language].years}` ? null : differs(`"${String(want)} ${WORDS[language].years}"`);
    case 'number':
    case 'signed': {
      const unit = how.kind === 'number' ? how.unit : null;
      const suffix = unit === null ? '' : ` ${unit}`;
      const number = got.endsWith(suffix) ? parseShownNumber(got.slice(0, got.length - suffix.length), language) : Number.NaN;
      const close =
        how.kind === 'signed'
          ? Math.abs(number - (want as number)) <= 0.05 + 1e-9 && (/^[+\u2212-]/u.test(got) || number === 0)
          : closeToShown(number, want as number, how.digits);
      return close ? null : differs(`${String(want)}${suffix}${how.kind === 'signed' ? ' (signed, one decimal)' : ''}`);
    }
    case 'codes': {
      const expected = String(want)
        .split('\\')
        .map((term) => how.terms[term]?.[language] ?? term)
        .join(', ');
      return got === expected ? null : differs(JSON.stringify(expected));
    }
    default:
      return null;
  }
}

/**
 * Differences between the text the panel shows a person (field name → text) and the facts the generator wrote:
 * each measured value with its unit, rounded as shown; code strings with the known terms in the reader's language;
 * unknown facts as the word for unknown. Names are left to factDifferences (their data-iqs-value).
 */
export function shownTextDifferences(shown: Record<string, string>, expected: ImageFacts, language: PanelLanguage = 'en'): string[] {
  const differences: string[] = [];
  for (const field of PANEL_FIELDS) {
    const got = shown[field];
    if (got === undefined) {
      differences.push(`${field}: not shown`);
      continue;
    }
    const difference = shownTextDifference(field, PANEL[field], expected[field], got, language);
    if (difference) differences.push(difference);
  }
  return differences;
}
