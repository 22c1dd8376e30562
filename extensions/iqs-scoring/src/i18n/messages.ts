import type { ImageFactName } from '../domain';

/** Labels of the IQS user interface. English is the reference; Dutch must have every key (the type checks it). */
export const en = {
  modeName: 'IQS evaluation',
  panelLabel: 'IQS',
  panelTitle: 'Image facts',
  noImage: 'No image in the active viewport.',
  notAnImage: 'This series holds no image that IQS can describe.',
  unknown: 'unknown',
  failed: 'This part of IQS could not be shown.',
  years: 'years',
  doseOverlayTitle: 'Dose (IQS)',
  'quantity.DAP': 'DAP',
  'quantity.CTDIvol': 'CTDIvol',
  'quantity.OrganDose': 'Organ dose',
  'quantity.DI': 'DI',
  'field.operator_names': 'Radiographer(s)',
  'field.station_name': 'Room (station)',
  'field.view_position': 'View',
  'field.study_description': 'Study description',
  'field.patient_age_years': 'Patient age',
  'field.dap_gy_cm2': 'Dose-area product (DAP)',
  'field.organ_dose_mgy': 'Organ dose',
  'field.body_part_thickness_mm': 'Body part thickness',
  'field.ctdivol_mgy': 'CTDIvol',
  'field.exposure_index': 'Exposure index (EI)',
  'field.target_exposure_index': 'Target EI (EI_T)',
  'field.deviation_index': 'Deviation index (DI)',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const nl: Messages = {
  modeName: 'IQS evaluatie',
  panelLabel: 'IQS',
  panelTitle: 'Beeldgegevens',
  noImage: 'Geen beeld in het actieve venster.',
  notAnImage: 'Deze serie bevat geen beeld dat IQS kan beschrijven.',
  unknown: 'onbekend',
  failed: 'Dit deel van IQS kon niet worden getoond.',
  years: 'jaar',
  doseOverlayTitle: 'Dosis (IQS)',
  'quantity.DAP': 'DAP',
  'quantity.CTDIvol': 'CTDIvol',
  'quantity.OrganDose': 'Orgaandosis',
  'quantity.DI': 'DI',
  'field.operator_names': "MBB'er(s)",
  'field.station_name': 'Kamer (station)',
  'field.view_position': 'Projectie',
  'field.study_description': 'Omschrijving onderzoek',
  'field.patient_age_years': 'Leeftijd patiënt',
  'field.dap_gy_cm2': 'Dosis-oppervlakteproduct (DAP)',
  'field.organ_dose_mgy': 'Orgaandosis',
  'field.body_part_thickness_mm': 'Lichaamsdikte',
  'field.ctdivol_mgy': 'CTDIvol',
  'field.exposure_index': 'Belichtingsindex (EI)',
  'field.target_exposure_index': 'Streef-EI (EI_T)',
  'field.deviation_index': 'Afwijkingsindex (DI)',
};

/** The label key of a fact. */
export function fieldLabelKey(field: ImageFactName): MessageKey | null {
  const key = `field.${field}`;
  return key in en ? (key as MessageKey) : null;
}
