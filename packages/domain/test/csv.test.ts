import { csvField } from '../src';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180), doubling the quotes', () => {
    expect(csvField('Collimation, "tight"')).toBe('"Collimation, ""tight"""');
    expect(csvField('Remark\nfree text')).toBe('"Remark\nfree text"');
    expect(csvField('Thorax')).toBe('Thorax');
  });

  it('does not let text run as a spreadsheet formula, but keeps negative numbers as numbers', () => {
    expect(csvField('=Reject')).toBe("'=Reject");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-0.05)).toBe('-0.05');
  });

  it('leaves unknown empty', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
});
