import { formatMeasured, formatPersonName, formatSigned, type ImageFactName, type ImageFacts } from '@iqs/domain';
import type { Translator } from '../i18n/translator';

/** The facts the panel shows, in the order a radiographer reads them. */
export const PANEL_FIELDS: readonly ImageFactName[] = [
  'operator_names',
  'station_name',
  'view_position',
  'study_description',
  'patient_age_years',
  'dap_gy_cm2',
  'organ_dose_mgy',
  'body_part_thickness_mm',
  'ctdivol_mgy',
  'exposure_index',
  'target_exposure_index',
  'deviation_index',
];

const withUnit = (value: number, unit: string, locale: string): string => `${formatMeasured(value, locale)} ${unit}`;

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
    default:
      return String(value);
  }
}
