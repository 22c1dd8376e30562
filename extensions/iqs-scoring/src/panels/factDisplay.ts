import { formatMeasured, formatPersonName, formatSigned, type ImageFactName, type ImageFacts } from '@iqs/domain';
import { en, type MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';

/** The facts the panel shows, in the order a radiographer reads them. */
export const PANEL_FIELDS: readonly ImageFactName[] = [
  'operator_names',
  'station_name',
  'view_position',
  'study_description',
  'patient_age_years',
  'patient_weight_kg',
  'patient_size_m',
  'dap_gy_cm2',
  'organ_dose_mgy',
  'body_part_thickness_mm',
  'ctdivol_mgy',
  'exposure_index',
  'target_exposure_index',
  'deviation_index',
  'kvp',
  'exposure_mas',
  'exposure_time_ms',
  'distance_source_detector_mm',
  'grid',
  'filter_material',
  'aec_mode',
];

const withUnit = (value: number, unit: string, locale: string): string => `${formatMeasured(value, locale)} ${unit}`;

/** Code strings (several joined by a backslash in the facts), the known terms in the reader's language. */
function codeStrings(value: string, prefix: 'aec' | 'grid', translator: Translator): string {
  return value
    .split('\\')
    .map((term) => {
      const key = `${prefix}.${term}`;
      return key in en ? translator.t(key as MessageKey) : term;
    })
    .join(', ');
}

/** A fact's value for people, in the reader's language; null when unknown. */
export function displayValue(facts: ImageFacts, field: ImageFactName, translator: Translator): string | null {
  const { locale } = translator;
  const value = facts[field];
  if (value === null) return null;
  switch (field) {
    case 'operator_names':
      return facts.operator_names?.map(formatPersonName).join('; ') ?? null;
    case 'patient_age_years':
      return `${value} ${translator.t('years')}`;
    case 'dap_gy_cm2':
      return withUnit(value as number, 'Gy·cm²', locale);
    case 'organ_dose_mgy':
    case 'ctdivol_mgy':
      return withUnit(value as number, 'mGy', locale);
    case 'body_part_thickness_mm':
      return withUnit(value as number, 'mm', locale);
    case 'exposure_index':
    case 'target_exposure_index':
      return formatMeasured(value as number, locale, 4);
    case 'deviation_index':
      return formatSigned(value as number, locale);
    case 'patient_weight_kg':
      return withUnit(value as number, 'kg', locale);
    case 'patient_size_m':
      return withUnit(value as number, 'm', locale);
    case 'kvp':
      return withUnit(value as number, 'kV', locale);
    case 'exposure_mas':
      return withUnit(value as number, 'mAs', locale);
    case 'exposure_time_ms':
      return withUnit(value as number, 'ms', locale);
    case 'distance_source_detector_mm':
      return withUnit(value as number, 'mm', locale);
    case 'grid':
      return codeStrings(value as string, 'grid', translator);
    case 'filter_material':
      return (value as string).split('\\').join(', ');
    case 'aec_mode':
      return codeStrings(value as string, 'aec', translator);
    default:
      return String(value);
  }
}
