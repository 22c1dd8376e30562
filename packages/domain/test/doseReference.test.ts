import { CANONICAL_DOSE_UNIT, compareWithReference, isReferenceExam, publishedToCanonical, REFERENCE_EXAMS } from '../src';

describe('compareWithReference', () => {
  it('bands a value against the DRN and the streefwaarde, with its percentage of the DRN', () => {
    // the example: DAP 0.331 Gy·cm² against the Dutch chest PA DRN 0.12 (streefwaarde 0.06)
    const above = compareWithReference(0.331, 0.12, 0.06);
    expect(above.status).toBe('above_drl');
    expect(Math.round(above.percentOfDrl as number)).toBe(276);
    expect(compareWithReference(0.09, 0.12, 0.06)).toEqual({ status: 'above_target', percentOfDrl: 75 });
    expect(compareWithReference(0.06, 0.12, 0.06)).toEqual({ status: 'at_or_below_target', percentOfDrl: 50 });
    expect(compareWithReference(0.03, 0.12, 0.06)).toEqual({ status: 'at_or_below_target', percentOfDrl: 25 });
  });

  it('counts a value equal to the DRN as not above it', () => {
    expect(compareWithReference(0.12, 0.12, 0.06)).toEqual({ status: 'above_target', percentOfDrl: 100 });
    expect(compareWithReference(3, 3, null)).toEqual({ status: 'at_or_below_target', percentOfDrl: 100 });
  });

  it('without a streefwaarde: above the DRN or not', () => {
    expect(compareWithReference(3.3, 3, null).status).toBe('above_drl');
    expect(compareWithReference(2.9, 3, null).status).toBe('at_or_below_target');
  });

  it('says no_reference without a usable DRN or value', () => {
    for (const drl of [null, 0, -1, Number.NaN])
      expect(compareWithReference(0.1, drl, 0.06)).toEqual({ status: 'no_reference', percentOfDrl: null });
    expect(compareWithReference(Number.NaN, 0.12, 0.06)).toEqual({ status: 'no_reference', percentOfDrl: null });
  });
});

describe('publishedToCanonical', () => {
  it('converts the units reference levels are published in (analysis.md: 1 µGy·m² = 1 cGy·cm² = 10 mGy·cm² = 0.01 Gy·cm²)', () => {
    expect(publishedToCanonical(12, 'µGy·m²', 'dap')).toBe(0.12);
    expect(publishedToCanonical(6, 'μGy·m²', 'dap')).toBe(0.06); // Greek mu as well as the micro sign
    expect(publishedToCanonical(300, 'µGy·m²', 'dap')).toBe(3);
    expect(publishedToCanonical(150, 'mGy·cm²', 'dap')).toBe(0.15);
    expect(publishedToCanonical(12, 'cGy·cm²', 'dap')).toBe(0.12);
    expect(publishedToCanonical(0.12, 'Gy·cm²', 'dap')).toBe(0.12);
    expect(publishedToCanonical(8.5, 'mGy', 'ctdivol')).toBe(8.5);
    expect(publishedToCanonical(290, 'mGy·cm', 'dlp')).toBe(290);
    expect(publishedToCanonical(1.4, 'mGy', 'organ_dose')).toBe(1.4);
  });

  it('refuses a unit that does not fit the quantity', () => {
    expect(publishedToCanonical(12, 'mGy', 'dap')).toBeNull();
    expect(publishedToCanonical(8.5, 'mGy·cm', 'ctdivol')).toBeNull();
    expect(publishedToCanonical(290, 'mGy', 'dlp')).toBeNull();
    expect(publishedToCanonical(1, 'furlong', 'organ_dose')).toBeNull();
  });

  it('names the canonical unit of each quantity', () => {
    expect(CANONICAL_DOSE_UNIT).toEqual({ dap: 'Gy·cm²', ctdivol: 'mGy', dlp: 'mGy·cm', organ_dose: 'mGy' });
  });
});

describe('reference exams', () => {
  it('are IQS keys, unique, and recognised', () => {
    expect(new Set(REFERENCE_EXAMS).size).toBe(REFERENCE_EXAMS.length);
    for (const key of REFERENCE_EXAMS) expect(key).toMatch(/^[a-z][a-z-]*$/u);
    expect(isReferenceExam('chest-pa')).toBe(true);
    expect(isReferenceExam('thorax')).toBe(false);
  });
});
