/**
 * Every extraction rule of the ingestion, on DICOM files the tests write themselves (support/dicomFixtures: built
 * from the standard, each with the facts a correct reader must find, written out by hand): images in every
 * character set and transfer syntax, views by code, the NM Scan Length trap, dose reports in every DAP unit,
 * CT dose reports, rejection notes of each title, and a per-station private tag with a unit conversion.
 */
import { parseTagMapping } from '@iqs/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type IngestLine, lineFromFile, type StationMappings } from '../src/ingest/ingestLine';
import { ctRdsr, image, projectionRdsr, rejectionNote } from './support/dicomFixtures';

let folder: string;
let count = 0;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-rules-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function read(file: Buffer, mappings: StationMappings = new Map()): Promise<Exclude<IngestLine, { error: string }>> {
  const name = path.join(folder, `${++count}.dcm`);
  writeFileSync(name, file);
  const line = await lineFromFile(name, mappings);
  if ('error' in line) throw new Error(`${name}: ${line.error}`);
  return line;
}

/** A derived deviation index is kept to 6 significant digits; read values are not rounded. */
const RELATIVE_TOLERANCE: Record<string, number> = { deviation_index: 5e-6 };

/** Numbers equal to 9 significant digits (unless RELATIVE_TOLERANCE says otherwise); everything else exactly. */
function expectFacts(line: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const [field, want] of Object.entries(expected)) {
    const got = line[field];
    const tolerance = RELATIVE_TOLERANCE[field] ?? 1e-9;
    if (typeof want === 'number')
      expect({ field, got, close: typeof got === 'number' && Math.abs(got - want) <= Math.abs(want) * tolerance }).toEqual({
        field,
        got,
        close: true,
      });
    else expect({ field, value: got }).toEqual({ field, value: want });
  }
}

const IMAGE_FIELDS = [
  'sop_instance_uid',
  'study_instance_uid',
  'series_instance_uid',
  'sop_class_uid',
  'modality',
  'study_date',
  'station_name',
  'study_description',
  'view_position',
  'patient_age_years',
  'dap_gy_cm2',
  'organ_dose_mgy',
  'body_part_thickness_mm',
  'ctdivol_mgy',
  'dlp_mgy_cm',
  'exposure_index',
  'target_exposure_index',
  'deviation_index',
] as const;

const pick = (expected: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((f) => f in expected).map((f) => [f, expected[f]]));

describe('images', () => {
  it.each([
    ['explicit VR, UTF-8', { transferSyntax: 'explicit', characterSet: 'utf8', operators: ['Øster^Åse', '李^小龙'] }],
    ['explicit VR, Latin-1', { transferSyntax: 'explicit', characterSet: 'latin1', operators: ['Müller^Jürgen', 'Jansen^Petra'] }],
    ['implicit VR, default repertoire', { transferSyntax: 'implicit', characterSet: 'ascii', operators: ['PJ'] }],
    ['deflated, Latin-1', { transferSyntax: 'deflated', characterSet: 'latin1', operators: ['Bäcker^Jörg'] }],
    ['RLE (encapsulated), several frames', { transferSyntax: 'rle', frames: 3, operators: ['Smit^Daan'] }],
    ['JPEG Lossless (encapsulated), fragments', { transferSyntax: 'jpegLossless', fragmentsPerFrame: 3, operators: ['Visser^Sanne'] }],
  ] as const)('read from %s: every fact, in canonical units', async (_label, options) => {
    const fixture = image({
      modality: 'DX',
      dapDgyCm2: 1.234,
      bodyPartThicknessMm: 210,
      exposureIndex: 410,
      targetExposureIndex: 380,
      viewPosition: 'PA',
      ...options,
    });
    const line = await read(fixture.file);
    expectFacts(line as unknown as Record<string, unknown>, pick(fixture.expected as unknown as Record<string, unknown>, IMAGE_FIELDS));
    expect(line.operator_names).toEqual(options.operators);
    expect(line).toMatchObject({ object: 'image', rejected: false });
    expect(line.dap_gy_cm2).toBeCloseTo(0.1234, 9);
  });

  it.each([
    ['SCT', 'PA'],
    ['SRT', 'PA'],
    ['SCT', 'RL'],
    ['SRT', 'LL'],
    ['SRT', 'AP'],
  ] as const)('takes the view from a %s code (%s) when ViewPosition is empty', async (scheme, view) => {
    const fixture = image({ modality: 'CR', viewCode: { view, scheme } });
    expect((await read(fixture.file)).view_position).toBe(fixture.expected.view_position);
  });

  it('converts the organ dose from dGy, keeps CTDIvol in mGy, and ignores the NM Scan Length', async () => {
    const mg = image({ modality: 'MG', organDoseDgy: 0.0135, bodyPartThicknessMm: 52 });
    expect((await read(mg.file)).organ_dose_mgy).toBeCloseTo(1.35, 9);
    const ct = image({ modality: 'CT', ctdivolMgy: 7.3, nmScanLengthMm: 400 });
    const line = await read(ct.file);
    expect(line.ctdivol_mgy).toBe(7.3);
    expect(line.dlp_mgy_cm).toBeNull();
    expect(JSON.stringify(line)).not.toContain('400');
  });

  it('gives the age at the study date from the birth date, or from PatientAge', async () => {
    expect((await read(image({ patientBirthDate: '19800315', studyDate: '20260314' }).file)).patient_age_years).toBe(45);
    expect((await read(image({ patientAge: '012Y', studyDate: '20260314' }).file)).patient_age_years).toBe(12);
  });

  it('reads a station’s private tag through its mapping, converting the vendor’s unit', async () => {
    const fixture = image({ modality: 'DX', stationName: 'ACME-ROOM', privateDap: { mGyCm2: 95 } });
    const privateDap = fixture.expected.private_dap;
    if (!privateDap) throw new Error('the fixture has no private DAP');
    const mappings: StationMappings = new Map([
      ['acme-room', parseTagMapping([{ tag: privateDap.value_tag, field: 'dap_gy_cm2', unit: 'mGy·cm²' }])],
    ]);
    expect((await read(fixture.file, mappings)).dap_gy_cm2).toBeCloseTo(privateDap.gy_cm2, 9);
    // another station's mapping does not apply
    expect((await read(fixture.file, new Map([['other-room', mappings.get('acme-room') ?? []]]))).dap_gy_cm2).toBeNull();
  });
});

describe('radiation dose reports', () => {
  it.each(['Gy.m2', 'dGy.cm2', 'cGy.cm2', 'mGy.cm2', 'uGy.m2'] as const)(
    'takes the projection DAP total written in %s, converted to Gy·cm²',
    async (unit) => {
      const value = { 'Gy.m2': 2.5e-5, 'dGy.cm2': 2.5, 'cGy.cm2': 25, 'mGy.cm2': 250, 'uGy.m2': 25 }[unit];
      const fixture = projectionRdsr({
        dapUnit: unit,
        dapTotal: value,
        events: [{ dap: value, exposureIndex: 410, targetExposureIndex: 380, deviationIndex: 0.33 }],
        operators: ['Jansen^Petra', 'Müller^Jürgen'],
        characterSet: 'latin1',
      });
      const line = await read(fixture.file);
      expect(line).toMatchObject({ object: 'dose_report', dose_report: true, rejected: false });
      expect(line.dap_gy_cm2).toBeCloseTo(fixture.expected.dap_gy_cm2 ?? Number.NaN, 9);
      expect(line.dap_gy_cm2).toBeCloseTo(0.25, 9);
      expect(line.operator_names).toEqual(fixture.expected.operator_names);
      expect({ ei: line.exposure_index, target: line.target_exposure_index, di: line.deviation_index }).toEqual({
        ei: 410,
        target: 380,
        di: 0.33,
      });
      expectFacts(
        line as unknown as Record<string, unknown>,
        pick(fixture.expected as unknown as Record<string, unknown>, [
          'sop_instance_uid',
          'study_instance_uid',
          'study_date',
          'station_name',
          'study_description',
          'patient_age_years',
        ]),
      );
    },
  );

  it('leaves EI and DI unknown for a report of several exposures, and has no DAP total for mammography', async () => {
    const two = projectionRdsr({
      events: [
        { dap: 1e-5, exposureIndex: 400 },
        { dap: 2e-5, exposureIndex: 500 },
      ],
    });
    const line = await read(two.file);
    expect(line.dap_gy_cm2).toBeCloseTo(two.expected.dap_gy_cm2 ?? Number.NaN, 9);
    expect(line.exposure_index).toBeNull();
    expect((await read(projectionRdsr({ modality: 'MG' }).file)).dap_gy_cm2).toBeNull();
  });

  it('takes the DLP total and the largest CTDIvol of a CT report, with its operator', async () => {
    const fixture = ctRdsr({
      operators: ['Smit^Daan'],
      acquisitions: [
        { acquisitionType: 'constantAngle', scanningLengthMm: 500 },
        { acquisitionType: 'spiral', ctdivol: 4.1, dlp: 120, phantom: 'body', scanningLengthMm: 300 },
        { acquisitionType: 'spiral', ctdivol: 8.6, dlp: 170.5, phantom: 'body', scanningLengthMm: 200 },
      ],
    });
    const line = await read(fixture.file);
    expect(line).toMatchObject({ object: 'dose_report', dose_report: true, dap_gy_cm2: null });
    expect(line.dlp_mgy_cm).toBeCloseTo(fixture.expected.dlp_mgy_cm, 9);
    expect(line.ctdivol_mgy).toBe(fixture.expected.ctdivol_mgy);
    expect(line.ctdivol_mgy).toBe(8.6);
    expect(line.operator_names).toEqual(['Smit^Daan']);
  });
});

describe('rejection notes', () => {
  it.each(['113001', '113037', '113038', '113039'] as const)(
    'records a note titled %s with every instance it references',
    async (title) => {
      const fixture = rejectionNote({
        title,
        studyInstanceUid: '1.2.826.0.1.3680043.10.1467.77.1',
        rejects: [
          { seriesInstanceUid: '1.2.826.0.1.3680043.10.1467.77.1.1', sopInstanceUid: '1.2.826.0.1.3680043.10.1467.77.1.1.1' },
          { seriesInstanceUid: '1.2.826.0.1.3680043.10.1467.77.1.1', sopInstanceUid: '1.2.826.0.1.3680043.10.1467.77.1.1.2' },
          { seriesInstanceUid: '1.2.826.0.1.3680043.10.1467.77.1.2', sopInstanceUid: '1.2.826.0.1.3680043.10.1467.77.1.2.1' },
        ],
      });
      const line = await read(fixture.file);
      expect(line).toMatchObject({
        object: 'rejection_note',
        rejection_note: true,
        rejection_code: fixture.expected.rejection_code,
        rejected: false,
      });
      expect([...(line.rejects ?? [])].sort()).toEqual([...fixture.expected.rejects].sort());
    },
  );
});
