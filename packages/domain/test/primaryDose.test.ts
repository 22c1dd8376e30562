import { formatMeasured, formatSigned, primaryDose } from '../src';

const facts = { dap_gy_cm2: 0.12, ctdivol_mgy: 8.5, organ_dose_mgy: 1.4 };

describe('primaryDose', () => {
  it('is DAP for projection radiography, CTDIvol for CT, organ dose for mammography', () => {
    expect(primaryDose({ ...facts, modality: 'DX' })).toEqual({ quantity: 'DAP', value: 0.12, unit: 'Gy·cm²' });
    expect(primaryDose({ ...facts, modality: 'CR' })).toEqual({ quantity: 'DAP', value: 0.12, unit: 'Gy·cm²' });
    expect(primaryDose({ ...facts, modality: 'CT' })).toEqual({ quantity: 'CTDIvol', value: 8.5, unit: 'mGy' });
    expect(primaryDose({ ...facts, modality: 'MG' })).toEqual({ quantity: 'OrganDose', value: 1.4, unit: 'mGy' });
  });

  it('does not substitute another quantity when the primary one is unknown', () => {
    expect(primaryDose({ ...facts, modality: 'CT', ctdivol_mgy: null })).toBeNull();
    expect(primaryDose({ ...facts, modality: 'MG', organ_dose_mgy: null })).toBeNull();
    expect(primaryDose({ ...facts, modality: 'DX', dap_gy_cm2: null })).toBeNull();
  });
});

describe('number formatting', () => {
  it('shows three significant digits in the reader locale', () => {
    expect(formatMeasured(0.12345, 'en')).toBe('0.123');
    expect(formatMeasured(0.12345, 'nl')).toBe('0,123');
    expect(formatMeasured(1234.5, 'en')).toBe('1,230');
  });

  it('shows a deviation index with its sign', () => {
    expect(formatSigned(1.24, 'en')).toBe('+1.2');
    expect(formatSigned(-0.44, 'nl')).toBe('-0,4');
    expect(formatSigned(0, 'en')).toBe('0.0');
  });
});
