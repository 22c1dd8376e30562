/**
 * The new facts per image in the index (migration 24), through `iqs ingest` and `iqs remap` against the local
 * stand-in on both engines: the columns filled in canonical units; an index filled before them brought up to date by
 * a re-ingest (header facts) and by `iqs remap` (the CT study's DLP from a dose report already in the index); the
 * study's DLP on its CT images whichever of image and report is read first, a report sent again with a larger total,
 * a CT image's own DLP kept; the checks refuse what is not physical.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DicomItem, writePart10 } from '@iqs/dicom';
import { run } from '../../src/cli/main';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { ctRdsr } from '../support/dicomFixtures';

const PROJECT = path.resolve(__dirname, '../../supabase');
const ROOT = '1.2.826.0.1.3680043.10.1467.45';

jest.setTimeout(120_000);

const NEW_COLUMNS = [
  'patient_weight_kg',
  'patient_size_m',
  'kvp',
  'exposure_mas',
  'exposure_time_ms',
  'distance_source_detector_mm',
  'grid',
  'filter_material',
  'aec_mode',
] as const;

/** the DICOM attributes the new columns come from */
const ACQUISITION_KEYWORDS = [
  'PatientWeight',
  'PatientSize',
  'KVP',
  'ExposureInuAs',
  'Exposure',
  'ExposureTime',
  'DistanceSourceToDetector',
  'Grid',
  'FilterMaterial',
  'ExposureControlMode',
];

const PIXELS = {
  Rows: 2,
  Columns: 2,
  BitsAllocated: 16,
  BitsStored: 12,
  HighBit: 11,
  PixelRepresentation: 0,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  PixelData: new Uint16Array([1, 2, 3, 4]),
};

function dx(n: number, attributes: DicomItem = {}): DicomItem {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: `${ROOT}.1.${n}`,
    StudyInstanceUID: `${ROOT}.1`,
    SeriesInstanceUID: `${ROOT}.1.1`,
    Modality: 'DX',
    StudyDate: '20260301',
    StationName: 'RAD-KAMER2',
    StudyDescription: 'X-Thorax PA/LAT',
    ViewPosition: 'PA',
    ImageAndFluoroscopyAreaDoseProduct: 1.2,
    PatientWeight: '82.5',
    PatientSize: '1.78',
    KVP: '125',
    ExposureInuAs: '2500',
    Exposure: '3',
    ExposureTime: '6',
    DistanceSourceToDetector: '1800',
    Grid: ['FOCUSED', 'RECIPROCATING'],
    FilterMaterial: 'COPPER',
    ExposureControlMode: 'AUTOMATIC',
    ...PIXELS,
    ...attributes,
  };
}

function ct(study: number, n: number, attributes: DicomItem = {}): DicomItem {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: `${ROOT}.${study}.2.${n}`,
    StudyInstanceUID: `${ROOT}.${study}`,
    SeriesInstanceUID: `${ROOT}.${study}.2`,
    Modality: 'CT',
    StudyDate: '20260302',
    StationName: 'CT-1',
    StudyDescription: 'CT Thorax',
    KVP: '100',
    Exposure: '145',
    ExposureModulationType: 'XYZ_EC',
    CTDIvol: 6.2,
    ...PIXELS,
    ...attributes,
  };
}

const reportOf = (study: number, dlpTotal: number, n = 1): Buffer =>
  ctRdsr({
    studyInstanceUid: `${ROOT}.${study}`,
    sopInstanceUid: `${ROOT}.${study}.9.${n}`,
    seriesInstanceUid: `${ROOT}.${study}.9`,
    studyDate: '20260302',
    stationName: 'CT-1',
    dlpTotal,
  }).file;

describe.each(ENGINES)('acquisition facts in the index on %s', (engine) => {
  let env: TestSupabase;
  let service: SupabaseClient;
  let folder: string;
  let cliEnv: NodeJS.ProcessEnv;

  async function iqs(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, cliEnv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      progress: { isTTY: false, write: (text: string) => err.push(text) },
    });
    return { code, out, err };
  }

  /** Writes the files into a fresh folder and ingests that folder. */
  let batch = 0;
  async function ingest(files: Record<string, Buffer | DicomItem>): Promise<void> {
    const dir = path.join(folder, `batch-${++batch}`);
    mkdirSync(dir);
    for (const [name, content] of Object.entries(files))
      writeFileSync(path.join(dir, name), Buffer.isBuffer(content) ? content : writePart10(content));
    const result = await iqs('ingest', dir);
    expect({ code: result.code, err: result.err.filter((l) => /error|refused/iu.test(l)) }).toEqual({ code: 0, err: [] });
  }

  async function row(sopInstanceUid: string): Promise<Record<string, unknown>> {
    const { data, error } = await service.from('images').select('*').eq('sop_instance_uid', sopInstanceUid).single();
    if (error) throw new Error(`${sopInstanceUid}: ${error.message}`);
    return data as Record<string, unknown>;
  }

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
    service = env.client(env.supabase.serviceRoleKey);
    folder = mkdtempSync(path.join(os.tmpdir(), `iqs-acquisition-${engine}-`));
    cliEnv = {
      SUPABASE_URL: env.supabase.url,
      SUPABASE_ANON_KEY: env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: env.supabase.serviceRoleKey,
      IQS_DATA_DIR: folder,
    };
  });
  afterAll(async () => {
    await env?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('fills the new columns in canonical units, and leaves them null where the header has nothing', async () => {
    const without = Object.fromEntries(ACQUISITION_KEYWORDS.map((keyword) => [keyword, undefined]));
    await ingest({ 'dx1.dcm': dx(1), 'dx2.dcm': dx(2, without) });
    expect(await row(`${ROOT}.1.1`)).toMatchObject({
      patient_weight_kg: 82.5,
      patient_size_m: 1.78,
      kvp: 125,
      // 2500 µAs = 2.5 mAs
      exposure_mas: 2.5,
      exposure_time_ms: 6,
      distance_source_detector_mm: 1800,
      grid: 'FOCUSED\\RECIPROCATING',
      filter_material: 'COPPER',
      aec_mode: 'AUTOMATIC',
      dap_gy_cm2: 0.12,
      dlp_mgy_cm: null,
    });
    expect(await row(`${ROOT}.1.2`)).toMatchObject({ ...Object.fromEntries(NEW_COLUMNS.map((c) => [c, null])), dap_gy_cm2: 0.12 });
  });

  it('a re-ingest brings rows of an index filled before the new facts up to date', async () => {
    // an index filled before migration 24: the rows exist, the new columns are empty
    const blank = Object.fromEntries(NEW_COLUMNS.map((c) => [c, null]));
    const { error } = await service.from('images').update(blank).like('sop_instance_uid', `${ROOT}.1.%`);
    expect(error).toBeNull();
    expect(await row(`${ROOT}.1.1`)).toMatchObject(blank);
    const again = await iqs('ingest', path.join(folder, 'batch-1'));
    expect(again.code).toBe(0);
    expect(await row(`${ROOT}.1.1`)).toMatchObject({ patient_weight_kg: 82.5, exposure_mas: 2.5, grid: 'FOCUSED\\RECIPROCATING' });
    expect(await row(`${ROOT}.1.2`)).toMatchObject(blank);
    const count = await service.from('images').select('id', { count: 'exact', head: true }).like('sop_instance_uid', `${ROOT}.1.%`);
    expect(count.count).toBe(2);
  });

  it('gives a CT study’s DLP from its dose report to its CT images, the report read after the images', async () => {
    await ingest({
      'ct1.dcm': ct(2, 1),
      'ct2.dcm': ct(2, 2),
      'dx-in-ct-study.dcm': dx(9, { StudyInstanceUID: `${ROOT}.2`, SOPInstanceUID: `${ROOT}.2.1.9` }),
    });
    expect((await row(`${ROOT}.2.2.1`))['dlp_mgy_cm']).toBeNull();
    await ingest({ 'rdsr.dcm': reportOf(2, 312.4) });
    expect(await row(`${ROOT}.2.2.1`)).toMatchObject({
      dlp_mgy_cm: 312.4,
      ctdivol_mgy: 6.2,
      kvp: 100,
      exposure_mas: 145,
      aec_mode: 'XYZ_EC',
    });
    expect((await row(`${ROOT}.2.2.2`))['dlp_mgy_cm']).toBe(312.4);
    // not a CT image: the CT report's DLP is not its dose
    expect((await row(`${ROOT}.2.1.9`))['dlp_mgy_cm']).toBeNull();
  });

  it('… and read before them', async () => {
    await ingest({ 'rdsr.dcm': reportOf(3, 98.7) });
    await ingest({ 'ct1.dcm': ct(3, 1) });
    expect((await row(`${ROOT}.3.2.1`))['dlp_mgy_cm']).toBe(98.7);
  });

  it('takes a report sent again with a larger total, and keeps a CT image’s own DLP', async () => {
    const { error } = await service.from('images').update({ dlp_mgy_cm: 55.5 }).eq('sop_instance_uid', `${ROOT}.2.2.2`);
    expect(error).toBeNull();
    await ingest({ 'rdsr-update.dcm': reportOf(2, 420, 2) });
    expect((await row(`${ROOT}.2.2.1`))['dlp_mgy_cm']).toBe(420);
    expect((await row(`${ROOT}.2.2.2`))['dlp_mgy_cm']).toBe(55.5);
    // the smaller earlier report read again changes nothing: the study's DLP is the largest total
    await ingest({ 'rdsr.dcm': reportOf(2, 312.4) });
    expect((await row(`${ROOT}.2.2.1`))['dlp_mgy_cm']).toBe(420);
  });

  it('iqs remap gives CT images of an older index the DLP of a report already in the index', async () => {
    // an index filled before migration 24: the report is there, its CT images have no DLP
    const { error } = await service
      .from('images')
      .update({ dlp_mgy_cm: null })
      .in('sop_instance_uid', [`${ROOT}.2.2.1`, `${ROOT}.3.2.1`]);
    expect(error).toBeNull();
    const remap = await iqs('remap');
    expect(remap.code).toBe(0);
    expect(remap.out.join('\n')).toMatch(/DLP from its dose report given to 2 CT images/u);
    expect((await row(`${ROOT}.2.2.1`))['dlp_mgy_cm']).toBe(420);
    expect((await row(`${ROOT}.3.2.1`))['dlp_mgy_cm']).toBe(98.7);
    expect((await row(`${ROOT}.2.2.2`))['dlp_mgy_cm']).toBe(55.5);
    expect((await row(`${ROOT}.2.1.9`))['dlp_mgy_cm']).toBeNull();
    expect((await iqs('remap')).out.join('\n')).toMatch(/given to 0 CT images/u);
  });

  it('refuses values that are not physical', async () => {
    for (const [column, value] of [
      ['patient_weight_kg', 0],
      ['patient_size_m', -1.7],
      ['kvp', 0],
      ['exposure_mas', -2],
      ['exposure_time_ms', 0],
      ['distance_source_detector_mm', -1],
      ['grid', ''],
    ] as const) {
      const { error } = await service
        .from('images')
        .update({ [column]: value })
        .eq('sop_instance_uid', `${ROOT}.1.1`);
      expect({ column, refused: error?.code }).toEqual({ column, refused: '23514' });
    }
  });
});
