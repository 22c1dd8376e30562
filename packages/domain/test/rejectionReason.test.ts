/**
 * The reason a modality gives in its rejection note: TID 2010's Document Title Modifier (DCM 113011, HAS CONCEPT
 * MOD, CODE) holding a CID 7011 code, read only when the title is 113001; and the note's ContentDate.
 */
import { extractIngestRecord, QUALITY_REJECTION_REASONS, readRejectionNote, rejectionReasonCode } from '../src';

const code = (value: string, scheme = 'DCM', meaning = '') => [{ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning }];

const modifier = (value: string, scheme = 'DCM', overrides: Record<string, unknown> = {}) => ({
  RelationshipType: 'HAS CONCEPT MOD',
  ValueType: 'CODE',
  ConceptNameCodeSequence: code('113011', 'DCM', 'Document Title Modifier'),
  ConceptCodeSequence: code(value, scheme),
  ...overrides,
});

const image = (uid: string) => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'IMAGE',
  ReferencedSOPSequence: [{ ReferencedSOPInstanceUID: uid }],
});

const kos = (title: string, content: unknown[], extra: Record<string, unknown> = {}) => ({
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.59',
  SOPInstanceUID: '9.9.9',
  StudyInstanceUID: '9.9',
  SeriesInstanceUID: '9.9.1',
  Modality: 'KO',
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: code(title),
  ContentSequence: [...content, image('9.8.7')],
  ...extra,
});

describe('the reason in a rejection note', () => {
  it('reads the CID 7011 code of a 113001 note’s Document Title Modifier', () => {
    expect(rejectionReasonCode(kos('113001', [modifier('111209')]))).toBe('111209');
    expect(readRejectionNote(kos('113001', [modifier('113026')]))).toEqual({
      code: '113001',
      rejects: ['9.8.7'],
      reasonCode: '113026',
      noteDate: null,
    });
  });

  it('knows every code of CID 7011 and nothing else', () => {
    expect([...QUALITY_REJECTION_REASONS].sort()).toEqual([
      '111207',
      '111208',
      '111209',
      '111210',
      '111211',
      '111212',
      '111213',
      '111214',
      '111215',
      '111216',
      '111217',
      '111218',
      '111219',
      '111220',
      '111221',
      '113026',
    ]);
    for (const reason of QUALITY_REJECTION_REASONS) expect(rejectionReasonCode(kos('113001', [modifier(reason)]))).toBe(reason);
  });

  it('gives none without a modifier', () => {
    expect(rejectionReasonCode(kos('113001', []))).toBeNull();
    expect(readRejectionNote(kos('113001', []))?.reasonCode).toBeNull();
  });

  it('gives none for the other titles, even with a CID 7011 modifier', () => {
    for (const title of ['113037', '113038', '113039']) {
      expect(readRejectionNote(kos(title, [modifier('111209')]))).toMatchObject({ code: title, reasonCode: null });
    }
  });

  it('ignores a modifier that holds no CID 7011 code, and takes the first one that does', () => {
    // a code outside CID 7011 (113001 itself, a title code), a private scheme, a CID 7011 value under another scheme
    expect(rejectionReasonCode(kos('113001', [modifier('113001')]))).toBeNull();
    expect(rejectionReasonCode(kos('113001', [modifier('RJ-17', '99PHILIPS')]))).toBeNull();
    expect(rejectionReasonCode(kos('113001', [modifier('111209', 'SCT')]))).toBeNull();
    expect(rejectionReasonCode(kos('113001', [modifier('RJ-17', '99PHILIPS'), modifier('111210')]))).toBe('111210');
  });

  it('ignores a CID 7011 code in other content items: another concept, relationship or value type', () => {
    const notAModifier = [
      { ...modifier('111209'), ConceptNameCodeSequence: code('121049', 'DCM', 'Language of Content Item and Descendants') },
      modifier('111210', 'DCM', { RelationshipType: 'CONTAINS' }),
      modifier('111211', 'DCM', { ValueType: 'TEXT' }),
    ];
    expect(rejectionReasonCode(kos('113001', notAModifier))).toBeNull();
    // nested below another item it is not the document title's modifier
    expect(
      rejectionReasonCode(kos('113001', [{ RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ContentSequence: [modifier('111209')] }])),
    ).toBeNull();
  });

  it('reads the note’s ContentDate', () => {
    expect(readRejectionNote(kos('113001', [], { ContentDate: '20260314' }))?.noteDate).toBe('2026-03-14');
    expect(readRejectionNote(kos('113039', [], { ContentDate: '2026.03.15' }))?.noteDate).toBe('2026-03-15');
    expect(readRejectionNote(kos('113001', [], { ContentDate: 'gisteren' }))?.noteDate).toBeNull();
  });

  it('puts both in the note’s ingest record', () => {
    expect(extractIngestRecord(kos('113001', [modifier('111212')], { ContentDate: '20260301' }))).toMatchObject({
      object: 'rejection_note',
      rejection_code: '113001',
      rejects: ['9.8.7'],
      reason_code: '111212',
      note_date: '2026-03-01',
    });
    expect(extractIngestRecord(kos('113038', [modifier('111212')]))).toMatchObject({
      object: 'rejection_note',
      rejection_code: '113038',
      reason_code: null,
      note_date: null,
    });
  });
});
