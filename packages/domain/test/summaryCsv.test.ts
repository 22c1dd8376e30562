import type { EvaluationSummary } from '../src';
import { csvField, SUMMARY_CSV_COLUMNS, summaryCsv } from '../src';

const summary: EvaluationSummary = {
  evaluation_id: 'e1',
  items: 20,
  scored: 18,
  skipped: 2,
  compared_with: 'earlier evaluations of Petra Jansen, same procedures',
  criteria: [
    {
      criterion_code: 'collimation',
      label_nl: 'Collimatie, "strak"',
      label_en: 'Collimation, "tight"',
      position: 2,
      kind: 'yes_no_na',
      answered: 16,
      met: 12,
      not_applicable: 2,
      share_met: 0.75,
      previous_share_met: 0.8,
      previous_answered: 40,
    },
    {
      criterion_code: 'positioning',
      label_nl: 'Positionering',
      label_en: 'Positioning',
      position: 1,
      kind: 'scale',
      answered: 18,
      met: 17,
      not_applicable: 0,
      share_met: 17 / 18,
      previous_share_met: null,
      previous_answered: 0,
    },
    {
      criterion_code: 'remark',
      label_nl: 'Opmerking',
      label_en: 'Remark\nfree text',
      position: 3,
      kind: 'comment',
      answered: 0,
      met: 0,
      not_applicable: 0,
      share_met: null,
      previous_share_met: null,
      previous_answered: 0,
    },
  ],
  grades: [
    { value: 'good', label_nl: 'Goed', label_en: 'Good', count: 14 },
    { value: 'reject', label_nl: 'Afwijzing', label_en: '=Reject', count: 1 },
  ],
  faults: [
    {
      item_id: 'i7',
      position: 7,
      image_id: 'im7',
      study_instance_uid: '1.2',
      series_instance_uid: '1.2.3',
      sop_instance_uid: '1.2.3.7',
      criteria: ['collimation', 'positioning'],
      grade: 'reject',
    },
    {
      item_id: 'i3',
      position: 3,
      image_id: 'im3',
      study_instance_uid: '1.2',
      series_instance_uid: '1.2.3',
      sop_instance_uid: '1.2.3.3',
      criteria: ['collimation'],
      grade: null,
    },
  ],
};

/** A minimal RFC 4180 reader, to check the text round-trips (fields with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

function table(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text.slice(1));
  return rows.map((row) => {
    expect(row).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((name, i) => [name, row[i]!]));
  });
}

describe('summaryCsv', () => {
  it('starts with a byte order mark and a header row, and ends every line with CRLF', () => {
    const text = summaryCsv(summary, 'en');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')[0]).toBe(SUMMARY_CSV_COLUMNS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\r')).toBe(false);
  });

  it('has one row per total, criterion (in form order), grade and faulty image (in worklist order)', () => {
    const rows = table(summaryCsv(summary, 'en'));
    expect(rows.map((r) => `${r['section']}:${r['key']}`)).toEqual([
      'total:items',
      'total:scored',
      'total:skipped',
      'total:compared_with',
      'criterion:positioning',
      'criterion:collimation',
      'criterion:remark',
      'grade:good',
      'grade:reject',
      'fault:3',
      'fault:7',
    ]);
    expect(rows[0]!['count']).toBe('20');
    expect(rows[3]!['detail']).toBe('earlier evaluations of Petra Jansen, same procedures');
  });

  it('gives shares as fractions with a decimal point, the difference signed, unknown empty', () => {
    const rows = table(summaryCsv(summary, 'nl'));
    const collimation = rows.find((r) => r['key'] === 'collimation')!;
    expect(collimation).toMatchObject({
      answered: '16',
      met: '12',
      not_applicable: '2',
      share_met: '0.75',
      previous_share_met: '0.8',
      previous_answered: '40',
      difference: '-0.05',
    });
    const positioning = rows.find((r) => r['key'] === 'positioning')!;
    expect(positioning).toMatchObject({ share_met: '0.9444', previous_share_met: '', difference: '' });
    expect(rows.find((r) => r['key'] === 'remark')!['share_met']).toBe('');
    const fault = rows.find((r) => r['key'] === '7')!;
    expect(fault).toMatchObject({ detail: 'collimation positioning', grade: 'reject', sop_instance_uid: '1.2.3.7' });
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and labels in the chosen language', () => {
    const en = summaryCsv(summary, 'en');
    expect(en).toContain('"Collimation, ""tight"""');
    expect(en).toContain('"Remark\nfree text"');
    const rows = table(en);
    expect(rows.find((r) => r['key'] === 'collimation')!['label']).toBe('Collimation, "tight"');
    expect(table(summaryCsv(summary, 'nl')).find((r) => r['key'] === 'collimation')!['label']).toBe('Collimatie, "strak"');
  });

  it('does not let a label run as a spreadsheet formula, but keeps negative numbers as numbers', () => {
    const rows = table(summaryCsv(summary, 'en'));
    expect(rows.find((r) => r['key'] === 'reject')!['label']).toBe("'=Reject");
    expect(csvField(-0.05)).toBe('-0.05');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(null)).toBe('');
  });
});
