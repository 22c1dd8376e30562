import { canonicalValue, extractImageFacts, type DicomDataset } from '../src';

/** A DX instance as OHIF's metadata store holds it (dcmjs-naturalized DICOM JSON). */
function dxInstance(overrides: Record<string, unknown> = {}): DicomDataset {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: '1.2.3.4.5',
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: '1.2.3.4',
    Modality: 'DX',
    StudyDate: '20260314',
    PatientBirthDate: '19800315',
    OperatorsName: [{ Alphabetic: 'Jansen^Petra' }],
    StationName: 'KAMER1',
    ViewPosition: 'PA',
    StudyDescription: 'Thorax PA',
    ImageAndFluoroscopyAreaDoseProduct: 1.23,
    BodyPartThickness: 220,
    ExposureIndex: 400,
    TargetExposureIndex: 320,
    DeviationIndex: 0.97,
    ...overrides,
  };
}

describe('extractImageFacts', () => {
  it('gives every fact of a complete DX image in canonical units', () => {
    expect(extractImageFacts(dxInstance())).toEqual({
      sop_instance_uid: '1.2.3.4.5',
      study_instance_uid: '1.2.3',
      series_instance_uid: '1.2.3.4',
      sop_class_uid: '1.2.840.10008.5.1.4.1.1.1.1',
      modality: 'DX',
      study_date: '2026-03-14',
      operator_names: ['Jansen^Petra'],
      station_name: 'KAMER1',
      view_position: 'PA',
      study_description: 'Thorax PA',
      patient_age_years: 45,
      dap_gy_cm2: 0.123,
      organ_dose_mgy: null,
      body_part_thickness_mm: 220,
      ctdivol_mgy: null,
      exposure_index: 400,
      target_exposure_index: 320,
      deviation_index: 0.97,
    });
  });

  describe('unit conversions', () => {
    it.each([
      [1.23, 0.123],
      ['1.23', 0.123],
      [0.5, 0.05],
      [12, 1.2],
      ['2.5E1', 2.5],
      [0.0001, 0.00001],
    ])('0018,115E DAP %p dGy·cm² is %p Gy·cm²', (stored, gyCm2) => {
      expect(extractImageFacts(dxInstance({ ImageAndFluoroscopyAreaDoseProduct: stored })).dap_gy_cm2).toBe(gyCm2);
    });

    it.each([
      [0.012, 1.2],
      ['0.015', 1.5],
      [1, 100],
    ])('0040,0316 organ dose %p dGy is %p mGy', (stored, mGy) => {
      expect(extractImageFacts(dxInstance({ Modality: 'MG', OrganDose: stored })).organ_dose_mgy).toBe(mGy);
    });

    it('keeps CTDIvol in mGy and body part thickness in mm', () => {
      const facts = extractImageFacts(dxInstance({ Modality: 'CT', CTDIvol: '8.5', BodyPartThickness: '55' }));
      expect(facts.ctdivol_mgy).toBe(8.5);
      expect(facts.body_part_thickness_mm).toBe(55);
    });

    it('finds CTDIvol in the functional groups of an enhanced CT image', () => {
      const shared = extractImageFacts({ Modality: 'CT', SharedFunctionalGroupsSequence: [{ CTExposureSequence: [{ CTDIvol: 12.4 }] }] });
      expect(shared.ctdivol_mgy).toBe(12.4);
      const perFrame = extractImageFacts({
        Modality: 'CT',
        PerFrameFunctionalGroupsSequence: [{ CTExposureSequence: [{ CTDIvol: '9.1' }] }],
      });
      expect(perFrame.ctdivol_mgy).toBe(9.1);
    });

    it('does not read the nuclear-medicine Scan Length (0018,1302) as anything', () => {
      const facts = extractImageFacts({ Modality: 'CT', ScanLength: 400 });
      expect(facts.ctdivol_mgy).toBeNull();
      expect(facts.body_part_thickness_mm).toBeNull();
    });
  });

  describe('exposure index and deviation index', () => {
    it('takes DI from the header when present, even when it disagrees with EI/EI_T', () => {
      expect(extractImageFacts(dxInstance({ DeviationIndex: '-1.5' })).deviation_index).toBe(-1.5);
    });

    it('derives DI = 10·log10(EI/EI_T) when the header has EI and target but no DI', () => {
      const facts = extractImageFacts(dxInstance({ ExposureIndex: 500, TargetExposureIndex: 250, DeviationIndex: undefined }));
      expect(facts.deviation_index).toBeCloseTo(3.0103, 4);
      expect(extractImageFacts(dxInstance({ ExposureIndex: 250, TargetExposureIndex: 250, DeviationIndex: null })).deviation_index).toBe(0);
    });

    it('leaves DI unknown when EI or the target is missing', () => {
      expect(extractImageFacts(dxInstance({ TargetExposureIndex: undefined, DeviationIndex: undefined })).deviation_index).toBeNull();
    });
  });

  describe('operators', () => {
    it('keeps every value of a multi-valued OperatorsName, as written', () => {
      const facts = extractImageFacts(dxInstance({ OperatorsName: [{ Alphabetic: 'Jansen^Petra' }, { Alphabetic: 'de Vries^Anna' }] }));
      expect(facts.operator_names).toEqual(['Jansen^Petra', 'de Vries^Anna']);
    });

    it('splits a raw backslash-joined value and keeps non-ASCII names intact', () => {
      const facts = extractImageFacts(dxInstance({ OperatorsName: 'Müller^Jürgen\\Øster^Åse\\李^小龙' }));
      expect(facts.operator_names).toEqual(['Müller^Jürgen', 'Øster^Åse', '李^小龙']);
    });

    it('accepts plain strings and drops empty values', () => {
      expect(extractImageFacts(dxInstance({ OperatorsName: ['PJ ', '', 'AV'] })).operator_names).toEqual(['PJ', 'AV']);
      expect(extractImageFacts(dxInstance({ OperatorsName: [{ Alphabetic: '' }] })).operator_names).toBeNull();
      expect(extractImageFacts(dxInstance({ OperatorsName: null })).operator_names).toBeNull();
    });
  });

  describe('missing and malformed values give unknown, never a crash or a zero', () => {
    const unknownOf = (overrides: Record<string, unknown>) => extractImageFacts(dxInstance(overrides));

    it.each([
      ['absent', undefined],
      ['null', null],
      ['empty string', ''],
      ['text', 'abc'],
      ['two numbers run together', '1.2.3'],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['zero (not measured)', 0],
      ['negative', -4],
      ['an object', { weird: true }],
      ['an empty array', []],
    ])('DAP %s', (_label, value) => {
      expect(unknownOf({ ImageAndFluoroscopyAreaDoseProduct: value }).dap_gy_cm2).toBeNull();
    });

    it.each([
      ['absent', undefined],
      ['not a date', 'yesterday'],
      ['impossible date', '20260230'],
      ['month 13', '20261301'],
    ])('study date %s', (_label, value) => {
      expect(unknownOf({ StudyDate: value }).study_date).toBeNull();
    });

    it('an empty dataset gives all facts unknown', () => {
      const facts = extractImageFacts({});
      for (const value of Object.values(facts)) expect(value).toBeNull();
    });

    it('does not throw on odd shapes', () => {
      expect(() =>
        extractImageFacts({
          OperatorsName: 42,
          ViewCodeSequence: 'not a sequence',
          SharedFunctionalGroupsSequence: [null, 3, { CTExposureSequence: {} }],
          PatientBirthDate: ['1980', null],
          StationName: { Alphabetic: { nested: 'x' } },
        }),
      ).not.toThrow();
    });

    it('a malformed DI with good EI/target falls back to the derived value', () => {
      expect(unknownOf({ DeviationIndex: 'n/a', ExposureIndex: 320, TargetExposureIndex: 320 }).deviation_index).toBe(0);
    });
  });
});

describe('canonicalValue', () => {
  it('writes unknown as empty, lists as JSON and numbers plainly', () => {
    expect(canonicalValue(null)).toBe('');
    expect(canonicalValue(['Jansen^Petra', 'Müller^Jürgen'])).toBe('["Jansen^Petra","Müller^Jürgen"]');
    expect(canonicalValue(0.123)).toBe('0.123');
    expect(canonicalValue(-1.5)).toBe('-1.5');
    expect(canonicalValue('PA')).toBe('PA');
  });
});
