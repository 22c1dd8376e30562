import { extractImageFacts, viewPositionFromCode } from '../src';

describe('view position', () => {
  it('takes ViewPosition when it is filled, normalised to upper case', () => {
    expect(extractImageFacts({ ViewPosition: 'ap ' }).view_position).toBe('AP');
  });

  it.each([
    // CID 4010 in SNOMED CT
    ['399348003', 'SCT', 'AP'],
    ['272479007', 'SCT', 'PA'],
    ['399066004', 'SCT', 'PA'],
    ['399173006', 'SCT', 'LL'],
    ['399198007', 'SCT', 'RL'],
    ['399067008', 'SCT', 'LAT'],
    ['399236003', 'SCT', 'RLO'],
    ['399184004', 'SCT', 'LLO'],
    ['399162004', 'SCT', 'CC'],
    ['399368009', 'SCT', 'MLO'],
    // the same concepts in SNOMED-RT, under each designator it was sent with
    ['R-10206', 'SRT', 'AP'],
    ['R-10214', 'SRT', 'PA'],
    ['R-10236', 'SNM3', 'LL'],
    ['R-10232', '99SDM', 'RL'],
    ['R-102CD', 'SRT', 'LAT'],
    ['R-10242', 'SRT', 'CC'],
    ['R-10226', 'SRT', 'MLO'],
    ['r-10206', 'srt', 'AP'],
  ])('maps %s (%s) to %s', (code, scheme, expected) => {
    expect(viewPositionFromCode(code, scheme)).toBe(expected);
  });

  it('does not cross schemes: an SCT code under SRT is not a view', () => {
    expect(viewPositionFromCode('399348003', 'SRT')).toBeNull();
    expect(viewPositionFromCode('R-10206', 'SCT')).toBeNull();
    expect(viewPositionFromCode('R-10206', 'LN')).toBeNull();
  });

  it('maps a code without designator by its shape', () => {
    expect(viewPositionFromCode('R-10214', null)).toBe('PA');
    expect(viewPositionFromCode('399348003', '')).toBe('AP');
  });

  it('uses ViewCodeSequence when ViewPosition is empty', () => {
    const facts = extractImageFacts({
      ViewPosition: '',
      ViewCodeSequence: [{ CodeValue: 'R-10236', CodingSchemeDesignator: 'SRT', CodeMeaning: 'left lateral' }],
    });
    expect(facts.view_position).toBe('LL');
  });

  it('skips unknown codes and takes the first item that maps', () => {
    const facts = extractImageFacts({
      ViewCodeSequence: [
        { CodeValue: 'R-10218', CodingSchemeDesignator: 'SRT' },
        { CodeValue: '399348003', CodingSchemeDesignator: 'SCT' },
      ],
    });
    expect(facts.view_position).toBe('AP');
  });

  it('is unknown for an unknown code or an empty sequence', () => {
    expect(extractImageFacts({ ViewCodeSequence: [{ CodeValue: 'XYZ', CodingSchemeDesignator: '99LOCAL' }] }).view_position).toBeNull();
    expect(extractImageFacts({ ViewCodeSequence: [] }).view_position).toBeNull();
    expect(extractImageFacts({ ViewCodeSequence: [{}] }).view_position).toBeNull();
  });
});
