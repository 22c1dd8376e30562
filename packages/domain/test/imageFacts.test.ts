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
      patient_weight_kg: null,
      patient_size_m: null,
      kvp: null,
      exposure_mas: null,
      exposure_time_ms: null,
      distance_source_detector_mm: null,
      grid: null,
      filter_material: null,
      aec_mode: null,
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

  describe('patient and acquisition facts', () => {
    const acquisition = {
      PatientWeight: '82.5',
      PatientSize: '1.78',
      KVP: '125',
      Exposure: 3,
      ExposureInuAs: 2500,
      ExposureTime: 8,
      DistanceSourceToDetector: '1800',
      Grid: ['FOCUSED', 'RECIPROCATING'],
      FilterMaterial: 'COPPER\\ALUMINUM',
      ExposureControlMode: 'AUTOMATIC',
    };

    it('reads weight, size, kVp, mAs, time, SID, grid, filter and AEC mode in canonical units', () => {
      expect(extractImageFacts(dxInstance(acquisition))).toMatchObject({
        patient_weight_kg: 82.5,
        patient_size_m: 1.78,
        kvp: 125,
        // 2500 µAs = 2.5 mAs: the µAs attribute is more precise than the integer Exposure (3)
        exposure_mas: 2.5,
        exposure_time_ms: 8,
        distance_source_detector_mm: 1800,
        grid: 'FOCUSED\\RECIPROCATING',
        filter_material: 'COPPER\\ALUMINUM',
        aec_mode: 'AUTOMATIC',
      });
    });

    it.each([
      [{ Exposure: '12' }, 12],
      [{ ExposureInuAs: '12500' }, 12.5],
      [{ ExposureInuAs: 800 }, 0.8],
      [{ ExposureInmAs: 4.25, ExposureInuAs: 4000, Exposure: 4 }, 4.25],
      [{ ExposureInuAs: 'abc', Exposure: 6 }, 6],
      [{ ExposureInuAs: 0, Exposure: 6 }, 6],
      [{ Exposure: -2 }, null],
      [{}, null],
    ])('exposure %p is %p mAs', (attributes, mas) => {
      expect(extractImageFacts({ Modality: 'DX', ...attributes }).exposure_mas).toBe(mas);
    });

    it.each([
      [{ ExposureTime: '20' }, 20],
      [{ ExposureTimeInuS: '12500' }, 12.5],
      [{ ExposureTimeInms: 3.2, ExposureTime: 3 }, 3.2],
      [{ ExposureTimeInuS: '', ExposureTime: 7 }, 7],
      [{ ExposureTime: 0 }, null],
    ])('exposure time %p is %p ms', (attributes, ms) => {
      expect(extractImageFacts({ Modality: 'DX', ...attributes }).exposure_time_ms).toBe(ms);
    });

    it('finds kVp, mAs, time, filter and the tube current modulation in the functional groups of an enhanced CT image', () => {
      const facts = extractImageFacts({
        Modality: 'CT',
        SharedFunctionalGroupsSequence: [
          {
            CTXRayDetailsSequence: [{ KVP: 100, FilterMaterial: ['ALUMINUM'] }],
            CTExposureSequence: [{ ExposureInmAs: 180.5, ExposureTimeInms: 500, ExposureModulationType: 'xyz_ec' }],
          },
        ],
      });
      expect(facts).toMatchObject({
        kvp: 100,
        exposure_mas: 180.5,
        exposure_time_ms: 500,
        filter_material: 'ALUMINUM',
        aec_mode: 'XYZ_EC',
      });
    });

    it('takes the Exposure Control Mode before a CT modulation type', () => {
      expect(extractImageFacts({ ExposureControlMode: 'manual ', ExposureModulationType: 'NONE' }).aec_mode).toBe('MANUAL');
      expect(extractImageFacts({ Modality: 'CT', ExposureModulationType: 'NONE' }).aec_mode).toBe('NONE');
    });

    it('keeps a grid of NONE (known: no grid) apart from an absent grid (unknown)', () => {
      expect(extractImageFacts({ Grid: 'NONE' }).grid).toBe('NONE');
      expect(extractImageFacts({ Grid: '' }).grid).toBeNull();
      expect(extractImageFacts({ Grid: [] }).grid).toBeNull();
    });

    it.each([
      ['a height in cm rather than m', { PatientSize: '178' }, 'patient_size_m'],
      ['a weight in g rather than kg', { PatientWeight: '3400' }, 'patient_weight_kg'],
      ['a weight of 0 (not weighed)', { PatientWeight: '0' }, 'patient_weight_kg'],
      ['a negative size', { PatientSize: '-1.7' }, 'patient_size_m'],
      ['text as kVp', { KVP: 'n/a' }, 'kvp'],
      ['two numbers run together as SID', { DistanceSourceToDetector: '1000.1.100' }, 'distance_source_detector_mm'],
      ['a SID of 0', { DistanceSourceToDetector: 0 }, 'distance_source_detector_mm'],
      ['Infinity as kVp', { KVP: Number.POSITIVE_INFINITY }, 'kvp'],
    ] as const)('%s is unknown, never a guess', (_label, attributes, field) => {
      expect(extractImageFacts({ Modality: 'DX', ...attributes })[field]).toBeNull();
    });

    it('mammography: the compressed breast thickness and the average glandular dose (OrganDose) in canonical units', () => {
      const facts = extractImageFacts({
        Modality: 'MG',
        BodyPartThickness: '52',
        OrganDose: '0.0135',
        KVP: '29',
        ExposureInuAs: 85000,
        FilterMaterial: 'RHODIUM',
      });
      expect(facts).toMatchObject({
        body_part_thickness_mm: 52,
        organ_dose_mgy: 1.35,
        kvp: 29,
        exposure_mas: 85,
        filter_material: 'RHODIUM',
      });
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
