/**
 * Self-tests of the DICOM test fixtures (backend/test/support/dicomFixtures): read back with dcmjs — not with the
 * ingestion's reader — and checked against PS3.16 (RDSR TID 10001/10011, KOS TID 2010) and PS3.3/PS3.5; and the
 * broken variants checked to be many, different and structurally broken.
 */
import dcmjs from 'dcmjs';
import { brokenVariants, checkStructure } from './support/dicomFixtures/broken';
import { ageInYears, ageStringInYears } from './support/dicomFixtures/common';
import { ENCAPSULATED_SYNTAX_UID, image, SOP_CLASS, type ImageOptions } from './support/dicomFixtures/images';
import { KEY_OBJECT_SELECTION_DOCUMENT, rejectionNote, type RejectionCode } from './support/dicomFixtures/kos';
import { ctRdsr, projectionRdsr, XRAY_RADIATION_DOSE_SR, type DapUnit } from './support/dicomFixtures/rdsr';

type Node = Record<string, unknown>;

function read(file: Buffer): { transferSyntax: string; ds: Node } {
  const dict = dcmjs.data.DicomMessage.readFile(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const ts = (dict.meta['00020010'] as { Value: string[] }).Value[0] as string;
  return { transferSyntax: ts, ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Node };
}

const seq = (node: Node, keyword: string): Node[] => {
  const value = node[keyword];
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as Node[]) : [value as Node];
};
const first = (node: Node, keyword: string): Node => {
  const item = seq(node, keyword)[0];
  if (!item) throw new Error(`no ${keyword}`);
  return item;
};
const concept = (node: Node): string => String(first(node, 'ConceptNameCodeSequence')['CodeValue']);
const children = (node: Node): Node[] => seq(node, 'ContentSequence');
const childrenNamed = (node: Node, code: string): Node[] =>
  children(node).filter((c) => seq(c, 'ConceptNameCodeSequence').length > 0 && concept(c) === code);
const child = (node: Node, code: string): Node => {
  const found = childrenNamed(node, code)[0];
  if (!found) throw new Error(`no child ${code} under ${concept(node)}`);
  return found;
};
const codeOf = (node: Node): { value: string; scheme: string } => {
  const c = first(node, 'ConceptCodeSequence');
  return { value: String(c['CodeValue']), scheme: String(c['CodingSchemeDesignator']) };
};
const num = (node: Node): { value: number; unit: string; scheme: string } => {
  const measured = first(node, 'MeasuredValueSequence');
  const unit = first(measured, 'MeasurementUnitsCodeSequence');
  return { value: Number(measured['NumericValue']), unit: String(unit['CodeValue']), scheme: String(unit['CodingSchemeDesignator']) };
};
const personName = (node: Node): string => {
  const value = node['PersonName'];
  const pn = Array.isArray(value) ? value[0] : value;
  return typeof pn === 'string' ? pn : String((pn as { Alphabetic: string }).Alphabetic);
};
const allItems = (node: Node): Node[] => children(node).flatMap((c) => [c, ...allItems(c)]);
const templateOf = (node: Node): string | undefined =>
  seq(node, 'ContentTemplateSequence')[0]?.['TemplateIdentifier'] as string | undefined;
const names = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) =>
    typeof v === 'string' ? v : String((v as { Alphabetic: string }).Alphabetic),
  );

describe('projection RDSR (TID 10001)', () => {
  it('has the X-Ray Radiation Dose Report root, Projection X-Ray reported, a device observer and study scope', () => {
    const fixture = projectionRdsr({ stationName: 'KAMER1' });
    const { ds } = read(fixture.file);
    expect(ds['SOPClassUID']).toBe(XRAY_RADIATION_DOSE_SR);
    expect(ds['Modality']).toBe('SR');
    expect(ds['ValueType']).toBe('CONTAINER');
    expect(concept(ds)).toBe('113701');
    expect(templateOf(ds)).toBe('10001');
    const procedure = child(ds, '121058');
    expect(procedure['RelationshipType']).toBe('HAS CONCEPT MOD');
    expect(codeOf(procedure)).toEqual({ value: '113704', scheme: 'DCM' });
    expect(codeOf(child(ds, '121005'))).toEqual({ value: '121007', scheme: 'DCM' });
    expect(child(ds, '121013')['TextValue']).toBe('KAMER1');
    const scope = child(ds, '113705');
    expect(codeOf(scope)).toEqual({ value: '113014', scheme: 'DCM' });
    expect(child(scope, '110180')['UID']).toBe(fixture.expected.study_instance_uid);
  });

  it('puts DAP Total in the accumulated data and a DAP in each irradiation event, with its UID, EI/EI_T/DI and operators', () => {
    const fixture = projectionRdsr({
      characterSet: 'latin1',
      operators: ['Müller^Jürgen', 'Jansen^Petra'],
      events: [
        { dap: 1.2e-5, exposureIndex: 420, targetExposureIndex: 400, deviationIndex: 0.2, view: 'PA', irradiationEventUid: '1.2.3.4.1' },
        { dap: 0.9e-5, view: 'LL', irradiationEventUid: '1.2.3.4.2' },
      ],
    });
    const { ds } = read(fixture.file);
    const accumulated = child(ds, '113702');
    expect(templateOf(accumulated)).toBe('10002');
    expect(codeOf(child(accumulated, '113764'))).toEqual({ value: '113622', scheme: 'DCM' });
    expect(num(child(accumulated, '113722'))).toEqual({ value: 2.1e-5, unit: 'Gy.m2', scheme: 'UCUM' });
    expect(num(child(accumulated, '113731')).value).toBe(2);

    const events = childrenNamed(ds, '113706');
    expect(events).toHaveLength(2);
    expect(events.map((e) => child(e, '113769')['UID'])).toEqual(['1.2.3.4.1', '1.2.3.4.2']);
    expect(events.map((e) => templateOf(e))).toEqual(['10003', '10003']);
    expect(num(child(events[0] as Node, '122130'))).toEqual({ value: 1.2e-5, unit: 'Gy.m2', scheme: 'UCUM' });
    // TID 10003A is included: EI, target EI and DI are direct children of the event
    expect(num(child(events[0] as Node, '113845'))).toEqual({ value: 420, unit: '1', scheme: 'UCUM' });
    expect(num(child(events[0] as Node, '113846')).value).toBe(400);
    expect(num(child(events[0] as Node, '113847')).value).toBe(0.2);
    expect(childrenNamed(events[1] as Node, '113845')).toHaveLength(0);
    expect(codeOf(child(events[0] as Node, '111031'))).toEqual({ value: '272479007', scheme: 'SCT' });

    for (const event of events) {
      const persons = childrenNamed(event, '113870');
      expect(persons.map((p) => p['ValueType'])).toEqual(['PNAME', 'PNAME']);
      expect(persons.map(personName)).toEqual(['Müller^Jürgen', 'Jansen^Petra']);
      for (const person of persons) expect(codeOf(child(person, '113875'))).toEqual({ value: '113851', scheme: 'DCM' });
    }
    // written out by hand: 2.1e-5 Gy·m² = 0.21 Gy·cm²; 1.2e-5 Gy·m² = 0.12 Gy·cm²
    expect(fixture.expected.dap_gy_cm2).toBeCloseTo(0.21, 12);
    expect(fixture.expected.events.map((e) => e.dap_gy_cm2)).toEqual([0.12, 0.09]);
    expect(fixture.expected.events[0]).toMatchObject({ exposure_index: 420, target_exposure_index: 400, deviation_index: 0.2 });
    expect(fixture.expected.operator_names).toEqual(['Müller^Jürgen', 'Jansen^Petra']);
  });

  it('gives every NUM its units in UCUM', () => {
    for (const fixture of [
      projectionRdsr({ events: [{ dap: 1e-5, exposureIndex: 300, kvp: 125 }] }),
      projectionRdsr({ modality: 'MG' }),
      ctRdsr(),
    ]) {
      const nums = allItems(read(fixture.file).ds).filter((i) => i['ValueType'] === 'NUM');
      expect(nums.length).toBeGreaterThan(1);
      for (const n of nums) expect(num(n).scheme).toBe('UCUM');
    }
  });

  it.each<[DapUnit, number, number]>([
    // value as written, and Gy·cm² worked out by hand from the unit's definition
    ['Gy.m2', 1.2e-5, 0.12],
    ['dGy.cm2', 1.2, 0.12],
    ['cGy.cm2', 12, 0.12],
    ['mGy.cm2', 120, 0.12],
    ['uGy.m2', 12, 0.12],
  ])('writes a DAP Total in %s with that unit code and expects it in Gy·cm²', (unit, value, gyCm2) => {
    const fixture = projectionRdsr({ dapUnit: unit, dapTotal: value, events: [{ dap: value }] });
    const total = num(child(child(read(fixture.file).ds, '113702'), '113722'));
    expect(total).toEqual({ value, unit, scheme: 'UCUM' });
    expect(fixture.expected.dap_gy_cm2).toBeCloseTo(gyCm2, 12);
    expect(fixture.expected.declared_dap_unit).toBe(unit);
  });

  it('reports mammography with TID 10005 (AGD per breast) and no DAP Total', () => {
    const fixture = projectionRdsr({ modality: 'MG' });
    const { ds } = read(fixture.file);
    expect(codeOf(child(ds, '121058'))).toEqual({ value: '71651007', scheme: 'SCT' });
    const accumulated = child(ds, '113702');
    expect(childrenNamed(accumulated, '113722')).toHaveLength(0);
    const agd = childrenNamed(accumulated, '111637').map((n) => [codeOf(child(n, '272741003')).value, num(n)]);
    expect(agd).toEqual([
      ['7771000', { value: 1.4, unit: 'mGy', scheme: 'UCUM' }],
      ['24028007', { value: 1.2, unit: 'mGy', scheme: 'UCUM' }],
    ]);
    expect(fixture.expected.dap_gy_cm2).toBeNull();
    expect(fixture.expected.accumulated_agd_mgy).toEqual({ L: 1.4, R: 1.2 });
    expect(() => projectionRdsr({ modality: 'MG', dapTotal: 1 })).toThrow(/TID 10005/u);
  });

  it('reads the same in implicit VR and deflated', () => {
    for (const transferSyntax of ['implicit', 'deflated'] as const) {
      const fixture = projectionRdsr({ transferSyntax, dapTotal: 3e-5, events: [{ dap: 3e-5 }] });
      const { ds, transferSyntax: ts } = read(fixture.file);
      expect(ts).toBe(transferSyntax === 'implicit' ? '1.2.840.10008.1.2' : '1.2.840.10008.1.2.1.99');
      expect(num(child(child(ds, '113702'), '113722')).value).toBe(3e-5);
    }
  });
});

describe('CT RDSR (TID 10011)', () => {
  it('has CT Accumulated Dose Data with the DLP Total and one CT Acquisition per event', () => {
    const fixture = ctRdsr({ operators: ['de Vries^Anna', 'Bakker^Tom'] });
    const { ds } = read(fixture.file);
    expect(concept(ds)).toBe('113701');
    expect(templateOf(ds)).toBe('10011');
    expect(codeOf(child(ds, '121058'))).toEqual({ value: '77477000', scheme: 'SCT' });
    const accumulated = child(ds, '113811');
    expect(num(child(accumulated, '113812')).value).toBe(2);
    expect(num(child(accumulated, '113813'))).toEqual({ value: 210.5, unit: 'mGy.cm', scheme: 'UCUM' });

    const acquisitions = childrenNamed(ds, '113819');
    expect(acquisitions).toHaveLength(2);
    const [localizer, spiral] = acquisitions as [Node, Node];
    expect(codeOf(child(localizer, '113820')).value).toBe('113805');
    expect(childrenNamed(localizer, '113829')).toHaveLength(0);
    expect(codeOf(child(spiral, '113820'))).toEqual({ value: '116152004', scheme: 'SCT' });
    expect(num(child(child(spiral, '113822'), '113825'))).toEqual({ value: 340, unit: 'mm', scheme: 'UCUM' });
    const dose = child(spiral, '113829');
    expect(num(child(dose, '113830'))).toEqual({ value: 6.2, unit: 'mGy', scheme: 'UCUM' });
    expect(codeOf(child(dose, '113835'))).toEqual({ value: '113691', scheme: 'DCM' });
    expect(num(child(dose, '113838'))).toEqual({ value: 210.5, unit: 'mGy.cm', scheme: 'UCUM' });
    expect(acquisitions.map((a) => child(a, '113769')['UID'])).toEqual(fixture.expected.events.map((e) => e.irradiation_event_uid));
    for (const acquisition of acquisitions) {
      expect(childrenNamed(acquisition, '113870').map(personName)).toEqual(['de Vries^Anna', 'Bakker^Tom']);
      for (const person of childrenNamed(acquisition, '113870')) expect(codeOf(child(person, '113875')).value).toBe('113851');
    }
    expect(fixture.expected).toMatchObject({
      dlp_mgy_cm: 210.5,
      ctdivol_mgy: 6.2,
      dap_gy_cm2: null,
      operator_names: ['de Vries^Anna', 'Bakker^Tom'],
    });
  });

  it('expects the DLP Total as written and the largest event CTDIvol', () => {
    const fixture = ctRdsr({
      dlpTotal: 1000,
      acquisitions: [
        { ctdivol: 55.1, dlp: 600, phantom: 'head', acquisitionType: 'sequenced', scanningLengthMm: 120 },
        { ctdivol: 12.4, dlp: 380, phantom: 'body' },
        { ctdivol: 8, dlp: 20, phantom: 'body', acquisitionType: 'stationary' },
      ],
    });
    const { ds } = read(fixture.file);
    expect(num(child(child(ds, '113811'), '113813')).value).toBe(1000);
    expect(codeOf(child(child(childrenNamed(ds, '113819')[0] as Node, '113829'), '113835')).value).toBe('113690');
    expect(fixture.expected.dlp_mgy_cm).toBe(1000);
    expect(fixture.expected.ctdivol_mgy).toBe(55.1);
    expect(fixture.expected.events.map((e) => e.phantom)).toEqual(['head', 'body', 'body']);
  });
});

describe('IOCM rejection note (KOS)', () => {
  const rejects = [
    { seriesInstanceUid: '1.2.3.1', sopInstanceUid: '1.2.3.1.1' },
    { seriesInstanceUid: '1.2.3.2', sopInstanceUid: '1.2.3.2.1', sopClassUid: SOP_CLASS.CR },
    { seriesInstanceUid: '1.2.3.1', sopInstanceUid: '1.2.3.1.2' },
  ];

  it.each<[RejectionCode, string]>([
    ['113001', 'Rejected for Quality Reasons'],
    ['113037', 'Rejected for Patient Safety Reasons'],
    ['113038', 'Incorrect Modality Worklist Entry'],
    ['113039', 'Data Retention Policy Expired'],
  ])('titles the document %s and references every rejected instance twice', (title, meaning) => {
    const fixture = rejectionNote({ studyInstanceUid: '1.2.3', title, rejects });
    const { ds } = read(fixture.file);
    expect(ds['SOPClassUID']).toBe(KEY_OBJECT_SELECTION_DOCUMENT);
    expect(ds['Modality']).toBe('KO');
    expect(first(ds, 'ConceptNameCodeSequence')).toMatchObject({ CodeValue: title, CodingSchemeDesignator: 'DCM', CodeMeaning: meaning });
    expect(templateOf(ds)).toBe('2010');
    const evidence = seq(ds, 'CurrentRequestedProcedureEvidenceSequence');
    expect(evidence.map((s) => s['StudyInstanceUID'])).toEqual(['1.2.3']);
    const series = seq(evidence[0] as Node, 'ReferencedSeriesSequence');
    expect(series.map((s) => [s['SeriesInstanceUID'], seq(s, 'ReferencedSOPSequence').map((r) => r['ReferencedSOPInstanceUID'])])).toEqual([
      ['1.2.3.1', ['1.2.3.1.1', '1.2.3.1.2']],
      ['1.2.3.2', ['1.2.3.2.1']],
    ]);
    const images = children(ds).filter((c) => c['ValueType'] === 'IMAGE');
    expect(images.map((i) => first(i, 'ReferencedSOPSequence')['ReferencedSOPInstanceUID'])).toEqual([
      '1.2.3.1.1',
      '1.2.3.2.1',
      '1.2.3.1.2',
    ]);
    expect(images.map((i) => first(i, 'ReferencedSOPSequence')['ReferencedSOPClassUID'])).toEqual([
      SOP_CLASS.DX,
      SOP_CLASS.CR,
      SOP_CLASS.DX,
    ]);
    for (const i of images) expect(i['RelationshipType']).toBe('CONTAINS');
    expect(fixture.expected).toMatchObject({
      rejection_code: title,
      rejects: ['1.2.3.1.1', '1.2.3.2.1', '1.2.3.1.2'],
      study_instance_uid: '1.2.3',
    });
  });

  it('carries a CID 7011 reason as Document Title Modifier, only for quality rejections', () => {
    const fixture = rejectionNote({ studyInstanceUid: '1.2.3', reason: '111211', description: 'te licht', rejects });
    const { ds } = read(fixture.file);
    const modifier = child(ds, '113011');
    expect(modifier['RelationshipType']).toBe('HAS CONCEPT MOD');
    expect(codeOf(modifier)).toEqual({ value: '111211', scheme: 'DCM' });
    expect(child(ds, '113012')['TextValue']).toBe('te licht');
    expect(fixture.expected.reason_code).toBe('111211');
    expect(() => rejectionNote({ studyInstanceUid: '1.2.3', title: '113037', reason: '111211', rejects })).toThrow(/113001/u);
    expect(() => rejectionNote({ studyInstanceUid: '1.2.3', rejects: [] })).toThrow(/at least one/u);
  });
});

describe('images', () => {
  const header = (options: ImageOptions) => {
    const fixture = image(options);
    return { fixture, ...read(fixture.file) };
  };

  it('writes the DX dose, exposure and operator facts and expects them in canonical units', () => {
    const { fixture, ds, transferSyntax } = header({
      characterSet: 'latin1',
      operators: ['Müller^Jürgen', 'JP'],
      stationName: 'KAMER1',
      studyDescription: 'Thorax',
      protocolName: 'Thorax PA staand',
      viewPosition: 'PA',
      dapDgyCm2: 1.25,
      exposureIndex: 420,
      targetExposureIndex: 400,
      deviationIndex: 0.2,
      patientBirthDate: '19800316',
      studyDate: '20240315',
      nmScanLengthMm: 1800,
      irradiationEventUid: '1.2.3.9',
    });
    expect(transferSyntax).toBe('1.2.840.10008.1.2.1');
    expect(ds['SOPClassUID']).toBe(SOP_CLASS.DX);
    expect(ds['ImageAndFluoroscopyAreaDoseProduct']).toBe(1.25);
    expect(names(ds['OperatorsName'])).toEqual(['Müller^Jürgen', 'JP']);
    expect(ds['StationName']).toBe('KAMER1');
    expect(ds['ViewPosition']).toBe('PA');
    expect([ds['ExposureIndex'], ds['TargetExposureIndex'], ds['DeviationIndex']]).toEqual([420, 400, 0.2]);
    expect(ds['ScanLength']).toBe(1800);
    expect(fixture.expected).toMatchObject({
      modality: 'DX',
      station_name: 'KAMER1',
      study_description: 'Thorax',
      protocol_name: 'Thorax PA staand',
      view_position: 'PA',
      dap_gy_cm2: 0.125, // 1.25 dGy·cm² = 0.125 Gy·cm²
      exposure_index: 420,
      target_exposure_index: 400,
      deviation_index: 0.2,
      operator_names: ['Müller^Jürgen', 'JP'],
      patient_age_years: 43, // the day before the 44th birthday
      study_date: '2024-03-15',
      dlp_mgy_cm: null, // (0018,1302) is an NM scan length, not a CT one
      irradiation_event_uid: '1.2.3.9',
    });
  });

  it('writes MG organ dose in dGy and thickness in mm, with a view code, in UTF-8', () => {
    const { fixture, ds } = header({
      modality: 'MG',
      characterSet: 'utf8',
      operators: ['Øster^Åse'],
      organDoseDgy: 0.012,
      bodyPartThicknessMm: 52,
      laterality: 'L',
      viewCode: { view: 'MLO', scheme: 'SCT' },
    });
    expect(ds['SOPClassUID']).toBe(SOP_CLASS.MG);
    expect([ds['OrganDose'], ds['BodyPartThickness'], ds['ImageLaterality']]).toEqual([0.012, 52, 'L']);
    expect(first(ds, 'ViewCodeSequence')).toMatchObject({ CodeValue: '399368009', CodingSchemeDesignator: 'SCT' });
    expect(names(ds['OperatorsName'])).toEqual(['Øster^Åse']);
    expect(fixture.expected).toMatchObject({ organ_dose_mgy: 1.2, body_part_thickness_mm: 52, view_position: 'MLO', dap_gy_cm2: null });
  });

  it('writes a view code in the retired SRT scheme and expects the same view', () => {
    const { fixture, ds } = header({ modality: 'CR', viewCode: { view: 'AP', scheme: 'SRT' } });
    expect(first(ds, 'ViewCodeSequence')).toMatchObject({
      CodeValue: 'R-10206',
      CodingSchemeDesignator: 'SRT',
      CodeMeaning: 'antero-posterior',
    });
    expect(fixture.expected.view_position).toBe('AP');
  });

  it('writes CTDIvol as FD and the patient age when there is no birth date', () => {
    const { fixture, ds } = header({ modality: 'CT', ctdivolMgy: 6.2, patientAge: '045Y' });
    expect(ds['CTDIvol']).toBe(6.2);
    expect(ds['PatientAge']).toBe('045Y');
    expect(fixture.expected).toMatchObject({ ctdivol_mgy: 6.2, patient_age_years: 45, modality: 'CT' });
  });

  it('writes a private DAP under its private creator, in the block the creator reserves', () => {
    const { fixture, ds } = header({ privateDap: { mGyCm2: 125, block: 0x11, otherCreatorFirst: 'OTHER VENDOR' } });
    expect(ds['00190010']).toBe('OTHER VENDOR');
    expect(ds['00190011']).toBe('ACME DOSE');
    expect(Number(ds['00191121'])).toBe(125);
    // the other vendor's (0019,1021) is a trap for readers that ignore the creator
    expect(Number(ds['00191021'])).toBe(999);
    expect(fixture.expected.private_dap).toEqual({
      creator: 'ACME DOSE',
      creator_tag: '00190011',
      value_tag: '00191121',
      mgy_cm2: 125,
      gy_cm2: 0.125,
    });
    expect(fixture.expected.dap_gy_cm2).toBeNull();
  });

  it.each(['explicit', 'implicit', 'deflated', 'rle', 'jpegLossless'] as const)('is readable in %s', (transferSyntax) => {
    const { fixture, ds, transferSyntax: ts } = header({ transferSyntax, stationName: 'KAMER2', dapDgyCm2: 2 });
    expect(ts).toBe(fixture.expected.transfer_syntax_uid);
    expect(ds['StationName']).toBe('KAMER2');
    expect(ds['ImageAndFluoroscopyAreaDoseProduct']).toBe(2);
    expect(ds['PixelData']).toBeDefined();
  });

  it('encapsulates RLE one fragment per frame and JPEG Lossless in several fragments, with a basic offset table', () => {
    for (const [transferSyntax, frames, fragmentsPerFrame] of [
      ['rle', 2, 1],
      ['jpegLossless', 2, 3],
    ] as const) {
      const fixture = image({ transferSyntax, frames, fragmentsPerFrame, rows: 16, columns: 12 });
      const file = fixture.file;
      expect(read(file).transferSyntax).toBe(ENCAPSULATED_SYNTAX_UID[transferSyntax]);
      // Pixel Data (7FE0,0010) OB with undefined length, then the offset table item
      const start = file.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff]));
      expect(start).toBeGreaterThan(0);
      let pos = start + 12;
      expect(file.readUInt32LE(pos)).toBe(0xe000fffe);
      const tableLength = file.readUInt32LE(pos + 4);
      expect(tableLength).toBe(4 * frames);
      const offsets = Array.from({ length: frames }, (_, i) => file.readUInt32LE(pos + 8 + 4 * i));
      pos += 8 + tableLength;
      const firstFragment = pos;
      const fragments: { at: number; bytes: Buffer }[] = [];
      while (file.readUInt32LE(pos) === 0xe000fffe) {
        const length = file.readUInt32LE(pos + 4);
        expect(length % 2).toBe(0);
        fragments.push({ at: pos - firstFragment, bytes: file.subarray(pos + 8, pos + 8 + length) });
        pos += 8 + length;
      }
      expect(file.readUInt32LE(pos)).toBe(0xe0ddfffe);
      expect(pos + 8).toBe(file.length);
      expect(fragments).toHaveLength(frames * fragmentsPerFrame);
      expect(offsets).toEqual(fragments.filter((_, i) => i % fragmentsPerFrame === 0).map((f) => f.at));
      for (let f = 0; f < frames; f++) {
        const frame = Buffer.concat(fragments.slice(f * fragmentsPerFrame, (f + 1) * fragmentsPerFrame).map((x) => x.bytes));
        if (transferSyntax === 'rle') expect(frame.readUInt32LE(0)).toBe(2);
        else {
          expect(frame.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
          expect(frame.lastIndexOf(Buffer.from([0xff, 0xd9]))).toBeGreaterThan(frame.length - 4);
        }
      }
    }
  });

  it('works out ages in completed years', () => {
    expect(ageInYears('19800316', '20240315')).toBe(43);
    expect(ageInYears('19800315', '20240315')).toBe(44);
    expect(ageInYears('20200229', '20240228')).toBe(3);
    expect(ageStringInYears('045Y')).toBe(45);
    expect(ageStringInYears('018M')).toBe(1);
    expect(ageStringInYears('030W')).toBe(0);
    expect(ageStringInYears('400D')).toBe(1);
  });
});

describe('broken variants', () => {
  const goods: [string, Buffer][] = [
    [
      'a projection RDSR',
      projectionRdsr({ characterSet: 'latin1', operators: ['Müller^Jürgen'], events: [{ dap: 1e-5, exposureIndex: 300 }, { dap: 2e-5 }] })
        .file,
    ],
    [
      'a DX image with sequences, a private tag and pixel data',
      image({ viewCode: { view: 'PA', scheme: 'SCT' }, privateDap: { mGyCm2: 100 }, operators: ['A^B'] }).file,
    ],
    ['an RLE image', image({ transferSyntax: 'rle', frames: 2 }).file],
    ['an implicit VR CT image', image({ modality: 'CT', transferSyntax: 'implicit', ctdivolMgy: 5 }).file],
    [
      'a rejection note',
      rejectionNote({ studyInstanceUid: '1.2.3', rejects: [{ seriesInstanceUid: '1.2.3.1', sopInstanceUid: '1.2.3.1.1' }] }).file,
    ],
  ];

  it.each(goods)('starts from a sound file: %s', (_, good) => {
    expect(checkStructure(good)).toBeNull();
  });

  it.each(goods)('makes at least 200 different, uniquely named, structurally broken files from %s', (_, good) => {
    const variants = brokenVariants(good, 1234);
    expect(variants.length).toBeGreaterThanOrEqual(200);
    expect(new Set(variants.map((v) => v.name)).size).toBe(variants.length);
    for (const variant of variants) {
      expect(variant.bytes.equals(good)).toBe(false);
      expect(variant.why.length).toBeGreaterThan(5);
      const reason = checkStructure(variant.bytes);
      if (reason === null) throw new Error(`${variant.name} (${variant.why}) is structurally sound`);
    }
  });

  it('covers every kind for a file with sequences, private tags and pixel data', () => {
    const variants = brokenVariants(goods[1]?.[1] as Buffer, 7);
    const kinds = [
      'truncated-at',
      'empty',
      'zeros',
      'random',
      'random-after-dicm',
      'random-dataset',
      'no-dicm',
      'no-preamble',
      'length-odd',
      'length-max16',
      'length-over',
      'length-huge',
      'length-undefined',
      'vr',
      'meta-length',
      'deflate-cut',
      'deflate-reserved-block-type',
      'deflate-corrupt',
      'undelimited-sequence',
      'item-tag',
    ];
    for (const kind of kinds) {
      expect({ kind, found: variants.some((v) => v.name === kind || v.name.startsWith(`${kind}-`)) }).toEqual({ kind, found: true });
    }
    const truncations = variants.filter((v) => v.name.startsWith('truncated-'));
    for (const place of ['preamble', "'DICM'", 'meta', 'header of', 'value of', 'depth', 'pixel data']) {
      expect(truncations.some((t) => t.why.includes(place))).toBe(true);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const good = goods[0]?.[1] as Buffer;
    const a = brokenVariants(good, 99);
    const b = brokenVariants(good, 99);
    const c = brokenVariants(good, 100);
    expect(b.map((v) => v.name)).toEqual(a.map((v) => v.name));
    expect(b.every((v, i) => v.bytes.equals((a[i] as { bytes: Buffer }).bytes))).toBe(true);
    expect(c.map((v) => v.name)).not.toEqual(a.map((v) => v.name));
  });
});
