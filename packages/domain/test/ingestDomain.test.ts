import {
  applyTagMapping,
  extractDoseReportFacts,
  extractIngestRecord,
  normalizeUnit,
  parseTagMapping,
  readRejectionNote,
  TagMappingError,
  toCanonical,
} from '../src';

const code = (value: string, scheme = 'DCM', meaning = '') => [{ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning }];
const num = (concept: string, value: number | string, unit: string) => ({
  ValueType: 'NUM',
  ConceptNameCodeSequence: code(concept),
  MeasuredValueSequence: [{ NumericValue: value, MeasurementUnitsCodeSequence: code(unit, 'UCUM') }],
});
const container = (concept: string, content: object[]) => ({
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: code(concept),
  ContentSequence: content,
});
const operator = (name: string, role = '113851') => ({
  ValueType: 'PNAME',
  ConceptNameCodeSequence: code('113870'),
  PersonName: [{ Alphabetic: name }],
  ContentSequence: [{ ValueType: 'CODE', ConceptNameCodeSequence: code('113875'), ConceptCodeSequence: code(role) }],
});

describe('units', () => {
  it.each([
    ['dGy·cm²', 'dGy.cm2'],
    ['dGy*cm*cm', 'dGy.cm2'],
    ['µGy·m²', 'uGy.m2'],
    [' mGy.cm ', 'mGy.cm'],
    ['Gy.m2', 'Gy.m2'],
  ])('normalises %p to %p', (written, ucum) => expect(normalizeUnit(written)).toBe(ucum));

  it.each([
    [1.5e-5, 'Gy.m2', 'dap', 0.15],
    [1.5, 'dGy.cm2', 'dap', 0.15],
    [15, 'cGy.cm2', 'dap', 0.15],
    [150, 'mGy.cm2', 'dap', 0.15],
    [15, 'uGy.m2', 'dap', 0.15],
    [0.0142, 'dGy', 'dose', 1.42],
    [8.5, 'mGy', 'dose', 8.5],
    [0.29, 'Gy.cm', 'dlp', 290],
    [4.5, 'cm', 'length', 45],
  ] as const)('converts %p %s (%s) to %p in the canonical unit', (value, unit, kind, expected) => {
    expect(toCanonical(value, unit, kind)).toBe(expected);
  });

  it('leaves a value in an unknown or mismatched unit unknown', () => {
    expect(toCanonical(1, 'R.cm2', 'dap')).toBeNull();
    expect(toCanonical(1, 'mGy', 'dap')).toBeNull();
    expect(toCanonical(1, null, 'dose')).toBeNull();
  });
});

describe('RDSR facts', () => {
  it('takes the DAP total of a projection report and converts it from Gy·m²', () => {
    const report = {
      ConceptNameCodeSequence: code('113701'),
      ContentSequence: [
        operator('Jansen^Petra'),
        operator('Dokter^Dirk', '113850'),
        container('113702', [num('113722', 2.5e-5, 'Gy.m2')]),
        container('113706', [num('122130', 2.5e-5, 'Gy.m2'), num('113845', 410, '1'), num('113846', 400, '1'), num('113847', 0.11, '1')]),
      ],
    };
    expect(extractDoseReportFacts(report)).toEqual({
      kind: 'projection',
      dap_gy_cm2: 0.25,
      dlp_mgy_cm: null,
      ctdivol_mgy: null,
      exposure_index: 410,
      target_exposure_index: 400,
      deviation_index: 0.11,
      operator_names: ['Jansen^Petra'],
    });
  });

  it('reads a non-conformant DAP in dGy·cm² by its unit, and sums events when there is no total', () => {
    const canon = {
      ConceptNameCodeSequence: code('113701'),
      ContentSequence: [container('113706', [num('122130', 1.2, 'dGy.cm2')]), container('113706', [num('122130', 0.8, 'dGy.cm2')])],
    };
    const facts = extractDoseReportFacts(canon);
    expect(facts?.dap_gy_cm2).toBe(0.2);
    // two exposures: their indices do not describe the study
    expect(facts?.exposure_index).toBeNull();
  });

  it('takes the DLP total and the largest CTDIvol of a CT report', () => {
    const ctEvent = (ctdi: number, dlp: number) =>
      container('113819', [container('113829', [num('113830', ctdi, 'mGy'), num('113838', dlp, 'mGy.cm')])]);
    const report = {
      ConceptNameCodeSequence: code('113701'),
      ContentSequence: [operator('Smit^Daan'), container('113811', [num('113813', 0.31, 'Gy.cm')]), ctEvent(4.2, 60), ctEvent(8.1, 250)],
    };
    expect(extractDoseReportFacts(report)).toMatchObject({
      kind: 'ct',
      dlp_mgy_cm: 310,
      ctdivol_mgy: 8.1,
      dap_gy_cm2: null,
      operator_names: ['Smit^Daan'],
    });
  });

  it('is not a dose report without the 113701 root', () => {
    expect(extractDoseReportFacts({ ConceptNameCodeSequence: code('126000') })).toBeNull();
  });
});

describe('rejection notes', () => {
  const kos = (title: string) => ({
    ConceptNameCodeSequence: code(title),
    CurrentRequestedProcedureEvidenceSequence: [
      {
        ReferencedSeriesSequence: [
          { ReferencedSOPSequence: [{ ReferencedSOPInstanceUID: '1.2.3' }, { ReferencedSOPInstanceUID: '1.2.4' }] },
        ],
      },
    ],
    ContentSequence: [
      { ValueType: 'IMAGE', ReferencedSOPSequence: [{ ReferencedSOPInstanceUID: '1.2.4' }] },
      { ValueType: 'IMAGE', ReferencedSOPSequence: [{ ReferencedSOPInstanceUID: '1.2.5' }] },
    ],
  });

  it('reads the title and every referenced instance, from the evidence and the content', () => {
    expect(readRejectionNote(kos('113001'))).toEqual({
      code: '113001',
      rejects: ['1.2.3', '1.2.4', '1.2.5'],
      reasonCode: null,
      noteDate: null,
    });
    expect(readRejectionNote(kos('113039'))?.code).toBe('113039');
  });

  it('is no rejection note with another title', () => {
    expect(readRejectionNote(kos('113000'))).toBeNull();
  });
});

describe('per-station tag mapping', () => {
  it('checks what an admin stored', () => {
    expect(parseTagMapping([{ tag: '00191006', field: 'dap_gy_cm2', unit: 'mGy·cm²' }])).toEqual([
      { tag: '00191006', field: 'dap_gy_cm2', unit: 'mGy·cm²' },
    ]);
    expect(() => parseTagMapping({})).toThrow(TagMappingError);
    expect(() => parseTagMapping([{ tag: '0019', field: 'dap_gy_cm2', unit: 'Gy.cm2' }])).toThrow(/8 hex digits/u);
    expect(() => parseTagMapping([{ tag: '00191006', field: 'patient_name', unit: '' }])).toThrow(/field must be one of/u);
    expect(() => parseTagMapping([{ tag: '00191006', field: 'dap_gy_cm2', unit: 'mGy' }])).toThrow(/not a unit IQS knows/u);
  });

  it('takes the mapped value in the canonical unit, from a number, a string or raw bytes', () => {
    const mapping = parseTagMapping([
      { tag: '00191006', field: 'dap_gy_cm2', unit: 'mGy·cm²' },
      { tag: '00191007', field: 'exposure_index', unit: '' },
      { tag: '00191008', field: 'target_exposure_index', unit: '1' },
    ]);
    const facts = applyTagMapping(
      { dap_gy_cm2: null, exposure_index: null, target_exposure_index: null, deviation_index: null },
      { '00191006': 150, '00191007': '500', '00191008': { InlineBinary: btoa('250 ') } },
      mapping,
    );
    expect(facts).toEqual({
      dap_gy_cm2: 0.15,
      exposure_index: 500,
      target_exposure_index: 250,
      deviation_index: expect.closeTo(3.0103, 3),
    });
  });

  it('maps a station’s private acquisition tags in their units: µAs, s, V, g, cm', () => {
    const mapping = parseTagMapping([
      { tag: '00191010', field: 'exposure_mas', unit: 'µAs' },
      { tag: '00191011', field: 'exposure_time_ms', unit: 's' },
      { tag: '00191012', field: 'kvp', unit: 'V' },
      { tag: '00191013', field: 'patient_weight_kg', unit: 'g' },
      { tag: '00191014', field: 'patient_size_m', unit: 'cm' },
      { tag: '00191015', field: 'distance_source_detector_mm', unit: 'cm' },
    ]);
    const record = extractIngestRecord(
      {
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
        Modality: 'DX',
        Rows: 2,
        KVP: '100',
        '00191010': '2500',
        '00191011': '0.0125',
        '00191012': '125000',
        '00191013': '82500',
        '00191014': '178',
        '00191015': '180',
      },
      { tagMapping: mapping },
    );
    // worked out by hand: 2500 µAs = 2.5 mAs; 0.0125 s = 12.5 ms; 125000 V = 125 kV (over the header's 100);
    // 82500 g = 82.5 kg; 178 cm = 1.78 m; 180 cm = 1800 mm
    expect(record).toMatchObject({
      exposure_mas: 2.5,
      exposure_time_ms: 12.5,
      kvp: 125,
      patient_weight_kg: 82.5,
      patient_size_m: 1.78,
      distance_source_detector_mm: 1800,
    });
    expect(() => parseTagMapping([{ tag: '00191010', field: 'exposure_mas', unit: 'mA' }])).toThrow(/not a unit IQS knows/u);
    expect(() => parseTagMapping([{ tag: '00191010', field: 'kvp', unit: 'mAs' }])).toThrow(/not a unit IQS knows/u);
  });

  it('keeps the header value when the mapped tag is absent, malformed or zero', () => {
    const mapping = parseTagMapping([{ tag: '00191006', field: 'dap_gy_cm2', unit: 'mGy·cm²' }]);
    expect(applyTagMapping({ dap_gy_cm2: 0.2 }, {}, mapping)).toEqual({ dap_gy_cm2: 0.2 });
    expect(applyTagMapping({ dap_gy_cm2: 0.2 }, { '00191006': 'n/a' }, mapping)).toEqual({ dap_gy_cm2: 0.2 });
    expect(applyTagMapping({ dap_gy_cm2: 0.2 }, { '00191006': 0 }, mapping)).toEqual({ dap_gy_cm2: 0.2 });
  });
});

describe('ingest records', () => {
  it('records an image with the panel’s facts, no DLP, not rejected', () => {
    const record = extractIngestRecord({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
      Modality: 'DX',
      Rows: 2,
      ImageAndFluoroscopyAreaDoseProduct: 1.5,
    });
    expect(record).toMatchObject({ object: 'image', dap_gy_cm2: 0.15, dlp_mgy_cm: null, rejected: false });
    expect(record.dose_report).toBeUndefined();
  });

  it('records a dose report with the report’s doses and operator', () => {
    const record = extractIngestRecord({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.67',
      Modality: 'SR',
      OperatorsName: 'Header^Name',
      ConceptNameCodeSequence: code('113701'),
      ContentSequence: [operator('Jansen^Petra'), container('113811', [num('113813', 290, 'mGy.cm')])],
    });
    expect(record).toMatchObject({ object: 'dose_report', dose_report: true, dlp_mgy_cm: 290, operator_names: ['Jansen^Petra'] });
  });

  it('records an image with its patient and acquisition facts', () => {
    const record = extractIngestRecord({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
      Modality: 'DX',
      Rows: 2,
      PatientWeight: '77',
      KVP: '125',
      ExposureInuAs: '1600',
      Grid: 'FOCUSED',
    });
    expect(record).toMatchObject({ object: 'image', patient_weight_kg: 77, kvp: 125, exposure_mas: 1.6, grid: 'FOCUSED', aec_mode: null });
  });

  it('keeps a dose report header’s patient weight and size, but no acquisition settings (they are the images’)', () => {
    const record = extractIngestRecord({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.67',
      Modality: 'SR',
      PatientWeight: '80',
      PatientSize: '1.8',
      KVP: '120',
      Exposure: '200',
      ExposureTime: '500',
      DistanceSourceToDetector: '1000',
      Grid: 'FIXED',
      FilterMaterial: 'COPPER',
      ExposureControlMode: 'AUTOMATIC',
      ConceptNameCodeSequence: code('113701'),
      ContentSequence: [container('113811', [num('113813', 290, 'mGy.cm')])],
    });
    expect(record).toMatchObject({
      object: 'dose_report',
      patient_weight_kg: 80,
      patient_size_m: 1.8,
      kvp: null,
      exposure_mas: null,
      exposure_time_ms: null,
      distance_source_detector_mm: null,
      grid: null,
      filter_material: null,
      aec_mode: null,
    });
  });

  it('records a rejection note with its code and references', () => {
    const record = extractIngestRecord({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.59',
      Modality: 'KO',
      ConceptNameCodeSequence: code('113001'),
      ContentSequence: [{ ValueType: 'IMAGE', ReferencedSOPSequence: [{ ReferencedSOPInstanceUID: '9.8.7' }] }],
    });
    expect(record).toMatchObject({
      object: 'rejection_note',
      rejection_note: true,
      rejection_code: '113001',
      rejects: ['9.8.7'],
      rejected: false,
    });
  });

  it('calls anything else an other object: not counted as an image', () => {
    expect(extractIngestRecord({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.104.1', Modality: 'DOC' }).object).toBe('other');
    expect(extractIngestRecord({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.59', ConceptNameCodeSequence: code('113000') }).object).toBe(
      'other',
    );
  });
});
