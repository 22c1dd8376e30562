import { extractImageFacts, yearsFromAgeString } from '../src';

const ageOf = (attributes: Record<string, unknown>) => extractImageFacts(attributes).patient_age_years;

describe('patient age at the study date', () => {
  it('counts whole years from the birth date to the study date', () => {
    expect(ageOf({ PatientBirthDate: '19800315', StudyDate: '20260314' })).toBe(45);
    expect(ageOf({ PatientBirthDate: '19800315', StudyDate: '20260315' })).toBe(46);
    expect(ageOf({ PatientBirthDate: '20251201', StudyDate: '20260314' })).toBe(0);
  });

  it('handles a birthday on 29 February', () => {
    expect(ageOf({ PatientBirthDate: '20000229', StudyDate: '20250228' })).toBe(24);
    expect(ageOf({ PatientBirthDate: '20000229', StudyDate: '20250301' })).toBe(25);
  });

  it('accepts the legacy YYYY.MM.DD date form', () => {
    expect(ageOf({ PatientBirthDate: '1980.03.15', StudyDate: '2026.03.15' })).toBe(46);
  });

  it('falls back to PatientAge when a date is missing or malformed', () => {
    expect(ageOf({ PatientAge: '045Y', StudyDate: '20260314' })).toBe(45);
    expect(ageOf({ PatientBirthDate: '19xx0101', StudyDate: '20260314', PatientAge: '062Y' })).toBe(62);
    expect(ageOf({ PatientBirthDate: '19800315', PatientAge: '030Y' })).toBe(30);
  });

  it('does not believe a birth date after the study date', () => {
    expect(ageOf({ PatientBirthDate: '20300101', StudyDate: '20260314' })).toBeNull();
    expect(ageOf({ PatientBirthDate: '20300101', StudyDate: '20260314', PatientAge: '010Y' })).toBe(10);
  });

  it.each([
    ['045Y', 45],
    ['006M', 0],
    ['024M', 2],
    ['012W', 0],
    ['104W', 1],
    ['003D', 0],
    ['400D', 1],
    ['45Y', null],
    ['045X', null],
    ['', null],
    ['abc', null],
  ])('PatientAge %p is %p years', (text, years) => {
    expect(yearsFromAgeString(text)).toBe(years);
  });

  it('rejects implausible ages', () => {
    expect(ageOf({ PatientAge: '150Y' })).toBeNull();
    expect(ageOf({ PatientBirthDate: '18500101', StudyDate: '20260314' })).toBeNull();
  });
});
