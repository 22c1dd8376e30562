import { type CalendarDate, type DicomDataset, readDate, readText } from './dicomValues';

/** Oldest plausible age; anything beyond is a date entry error, not a patient. */
const MAX_AGE_YEARS = 130;

/** Whole years between a birth date and a later date, counting a birthday on the day itself. */
export function wholeYearsBetween(birth: CalendarDate, on: CalendarDate): number {
  const hadBirthdayThisYear = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthdayThisYear ? 0 : 1);
}

/** Whole years from a PatientAge (AS) value such as 045Y, 006M, 012W or 003D. */
export function yearsFromAgeString(text: string | null): number | null {
  const match = text === null ? null : /^(\d{3})([DWMY])$/u.exec(text.trim().toUpperCase());
  if (!match) return null;
  const amount = Number(match[1]);
  const perYear: Record<string, number> = { D: 365.25, W: 365.25 / 7, M: 12, Y: 1 };
  return Math.floor(amount / (perYear[match[2] ?? 'Y'] ?? 1));
}

function plausible(years: number | null): number | null {
  return years !== null && years >= 0 && years <= MAX_AGE_YEARS ? years : null;
}

/**
 * The patient's age in whole years at the study date: from PatientBirthDate and StudyDate when both are valid
 * (the birth date is used for this and not kept), else from PatientAge.
 */
export function readPatientAgeYears(dataset: DicomDataset): number | null {
  const birth = readDate(dataset, 'PatientBirthDate');
  const study = readDate(dataset, 'StudyDate') ?? readDate(dataset, 'SeriesDate') ?? readDate(dataset, 'AcquisitionDate');
  if (birth !== null && study !== null) {
    const years = plausible(wholeYearsBetween(birth, study));
    if (years !== null) return years;
  }
  return plausible(yearsFromAgeString(readText(dataset, 'PatientAge')));
}
