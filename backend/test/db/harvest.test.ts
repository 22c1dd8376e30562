/**
 * `iqs harvest` from a real Orthanc with its DICOMweb plugin into the image index (local stand-in on PostgreSQL):
 * a corpus of images in every transfer syntax and character set, dose reports of both kinds and rejection notes
 * is stored in Orthanc, harvested, and the index is checked against the facts the corpus was written with. The
 * PACS path gives the same lines as reading the files; a second run reads nothing again and duplicates nothing;
 * a study added later is picked up; a date range limits the run.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main';
import { DEMO_SITE_ID } from '@iqs/demo-department';
import { lineFromFile } from '../../src/ingest/ingestLine';
import { loadStationMappings } from '../../src/ingest/stationMappings';
import {
  ctRdsr,
  image,
  projectionRdsr,
  rejectionNote,
  type Fixture,
  type ImageExpected,
  type ImageOptions,
} from '../support/dicomFixtures';
import { startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { startOrthanc, type TestOrthanc } from '../../../test/support/orthanc';

const PROJECT = path.resolve(__dirname, '../../supabase');
const ROOT = '1.2.826.0.1.3680043.10.1467.55';
const PRIVATE_DAP_STATION = 'SEH-KAMER';

jest.setTimeout(180_000);

interface Corpus {
  readonly images: Fixture<ImageExpected>[];
  readonly files: Buffer[];
  readonly projectionReports: ReturnType<typeof projectionRdsr>[];
  readonly ctReports: ReturnType<typeof ctRdsr>[];
  readonly notes: ReturnType<typeof rejectionNote>[];
}

const SYNTAXES = ['explicit', 'implicit', 'deflated', 'rle', 'jpegLossless'] as const;
const CHARACTER_SETS = ['utf8', 'latin1', 'ascii'] as const;
const OPERATORS = { utf8: ['Øster^Åse', 'Jansen^Petra'], latin1: ['Müller^Jürgen'], ascii: ['Smit^Daan', 'de Vries^Anna'] } as const;
const ROOMS = ['RAD-KAMER1', 'RAD-KAMER2', 'RAD-KAMER3', PRIVATE_DAP_STATION] as const;

/** Study s (1-based) of a corpus: one patient each, a date in 2024, two or three images, and its objects. */
function study(s: number, corpus: Corpus): void {
  const studyUid = `${ROOT}.${s}`;
  const characterSet = CHARACTER_SETS[s % CHARACTER_SETS.length] ?? 'ascii';
  const header = {
    patientId: `P-${s}`,
    patientName: characterSet === 'ascii' ? 'Fixture^Patient' : 'Bäcker^Jörg',
    characterSet,
    studyInstanceUid: studyUid,
    studyDate: `2024${String(s).padStart(2, '0')}15`,
    patientBirthDate: '19600101',
  } as const;
  const ct = s % 5 === 0;
  const modality = ct ? 'CT' : s % 4 === 0 ? 'MG' : s % 3 === 0 ? 'CR' : 'DX';
  const count = 2 + (s % 2);
  const images = Array.from({ length: count }, (_, i) => {
    const transferSyntax = SYNTAXES[(s + i) % SYNTAXES.length] ?? 'explicit';
    const station = ROOMS[(s + i) % ROOMS.length] ?? 'RAD-KAMER1';
    const options: ImageOptions = {
      ...header,
      modality,
      seriesInstanceUid: `${studyUid}.1`,
      sopInstanceUid: `${studyUid}.1.${i + 1}`,
      instanceNumber: i + 1,
      transferSyntax,
      stationName: ct ? 'CT1' : modality === 'MG' ? 'MAMMO1' : station,
      studyDescription: modality === 'MG' ? 'Mammografie' : 'X-Thorax',
      operators: OPERATORS[characterSet],
      ...(ct ? { ctdivolMgy: 5 + s / 10 } : {}),
      ...(modality === 'MG' ? { organDoseDgy: 0.011 + i / 1000, bodyPartThicknessMm: 48 + i } : {}),
      ...(modality === 'DX' || modality === 'CR'
        ? i % 2
          ? { viewCode: { view: 'LL', scheme: s % 2 ? 'SCT' : 'SRT' } as const, exposureIndex: 300 + s, targetExposureIndex: 400 }
          : { viewPosition: 'PA' as const, exposureIndex: 350 + s, targetExposureIndex: 400, deviationIndex: -0.6 }
        : {}),
      // the station with a vendor's private DAP writes no standard one (implicit VR: the PACS gives it as bulk data)
      ...(station === PRIVATE_DAP_STATION && !ct && modality !== 'MG'
        ? { privateDap: { mGyCm2: 80 + s } }
        : modality === 'DX' || modality === 'CR'
          ? { dapDgyCm2: 0.9 + s / 10 }
          : {}),
    };
    return image(options);
  });
  corpus.images.push(...images);
  corpus.files.push(...images.map((f) => f.file));
  if (ct) {
    const report = ctRdsr({
      ...header,
      seriesInstanceUid: `${studyUid}.2`,
      sopInstanceUid: `${studyUid}.2.1`,
      operators: ['Smit^Daan'],
      acquisitions: [{ acquisitionType: 'spiral', ctdivol: 5 + s / 10, dlp: 200 + s, phantom: 'body', scanningLengthMm: 350 }],
    });
    corpus.ctReports.push(report);
    corpus.files.push(report.file);
  } else if (modality === 'DX' || modality === 'CR') {
    const report = projectionRdsr({
      ...header,
      modality,
      seriesInstanceUid: `${studyUid}.2`,
      sopInstanceUid: `${studyUid}.2.1`,
      dapUnit: s % 2 ? 'dGy.cm2' : 'Gy.m2',
      events: [{ dap: s % 2 ? 1.5 : 1.5e-5 }, { dap: s % 2 ? 0.5 : 0.5e-5 }],
    });
    corpus.projectionReports.push(report);
    corpus.files.push(report.file);
  }
  // study 2 rejects its first image for quality; study 6 records a note of another IOCM title
  if (s === 2 || s === 6) {
    const note = rejectionNote({
      ...header,
      title: s === 2 ? '113001' : '113039',
      seriesInstanceUid: `${studyUid}.9`,
      sopInstanceUid: `${studyUid}.9.1`,
      rejects: [{ seriesInstanceUid: `${studyUid}.1`, sopInstanceUid: `${studyUid}.1.1` }],
    });
    corpus.notes.push(note);
    corpus.files.push(note.file);
  }
}

function corpusOf(studies: number[]): Corpus {
  const corpus: Corpus = { images: [], files: [], projectionReports: [], ctReports: [], notes: [] };
  for (const s of studies) study(s, corpus);
  return corpus;
}

type Line = Record<string, unknown> & { file: string };

describe('iqs harvest from Orthanc', () => {
  const corpus = corpusOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const later = corpusOf([11]);
  let pacs: TestOrthanc;
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

  async function rows<T = Record<string, unknown>>(table: string, columns = '*'): Promise<T[]> {
    const { data, error } = await service
      .from(table)
      .select(columns)
      .eq('site_id', DEMO_SITE_ID)
      .like('study_instance_uid', `${ROOT}.%`)
      .order('sop_instance_uid');
    if (error) throw new Error(`${table}: ${error.message}`);
    return (data ?? []) as T[];
  }

  beforeAll(async () => {
    [pacs, env] = await Promise.all([
      startOrthanc(),
      startTestSupabase('postgres', { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') }),
    ]);
    service = env.client(env.supabase.serviceRoleKey);
    folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-harvest-'));
    cliEnv = {
      SUPABASE_URL: env.supabase.url,
      SUPABASE_ANON_KEY: env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: env.supabase.serviceRoleKey,
      IQS_DATA_DIR: folder,
    };
    const privateDap = corpus.images.find((f) => f.expected.private_dap)?.expected.private_dap;
    if (!privateDap) throw new Error('the corpus has no private DAP');
    const mapping = [{ tag: privateDap.value_tag, field: 'dap_gy_cm2', unit: 'mGy·cm²' }];
    const { error } = await service
      .from('stations')
      .update({ tag_mapping: mapping })
      .eq('site_id', DEMO_SITE_ID)
      .eq('station_name', PRIVATE_DAP_STATION);
    if (error) throw new Error(error.message);
    await pacs.storeInstances(corpus.files);
  });
  afterAll(async () => {
    await Promise.all([pacs?.close(), env?.close()]);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('gives, on a dry run, the same line for every instance as reading its file does', async () => {
    const dry = await iqs('harvest', '--dicomweb', pacs.dicomweb, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const harvested = dry.out.map((l) => JSON.parse(l) as Line);
    expect(harvested.filter((l) => 'error' in l)).toEqual([]);
    expect(harvested).toHaveLength(corpus.files.length);

    const mappings = await loadStationMappings(service, DEMO_SITE_ID);
    const fromFiles = new Map<string, Line>();
    for (const [n, file] of corpus.files.entries()) {
      const name = path.join(folder, `${n}.dcm`);
      writeFileSync(name, file);
      const line = (await lineFromFile(name, mappings)) as Line;
      fromFiles.set(String(line['sop_instance_uid']), line);
    }
    // a dry run has no index: an image read after a quality rejection note naming it (113001) says rejected, one read
    // before it does not (the note's own line lists it); the order of a harvest is the PACS's and the downloads'
    const notedEarlier = new Set<string>();
    for (const line of harvested) {
      const { file: url, ...facts } = line;
      const { file: _file, ...fromFile } = fromFiles.get(String(line['sop_instance_uid'])) ?? { file: '' };
      const expected = notedEarlier.has(String(line['sop_instance_uid'])) ? { ...fromFile, rejected: true } : fromFile;
      expect({ url, facts }).toEqual({ url, facts: expected });
      if (line['rejection_note'] === true && line['rejection_code'] === '113001')
        for (const uid of (line['rejects'] as string[] | undefined) ?? []) notedEarlier.add(uid);
    }
    // and the run wrote nothing
    expect(await rows('images', 'sop_instance_uid')).toEqual([]);
  });

  it('indexes every image of the corpus with the facts it was written with', async () => {
    const result = await iqs('harvest', '--dicomweb', pacs.dicomweb);
    expect(result.code).toBe(0);
    const summary = result.err.join('\n');
    expect(summary).toMatch(new RegExp(`10 studies \\(0 read before\\), ${corpus.files.length} instances`, 'u'));
    expect(summary).toMatch(
      new RegExp(
        `${corpus.images.length} images, 2 rejection notes, ${corpus.projectionReports.length + corpus.ctReports.length} dose reports, 0 other objects, 0 quarantined`,
        'u',
      ),
    );

    const indexed = new Map((await rows('images')).map((r) => [String(r['sop_instance_uid']), r]));
    expect(indexed.size).toBe(corpus.images.length);
    const operators = await service
      .from('image_operators')
      .select('image_id, position, raw_name')
      .eq('site_id', DEMO_SITE_ID)
      .order('position');
    for (const { expected } of corpus.images) {
      const row = indexed.get(expected.sop_instance_uid);
      const dap = expected.private_dap ? expected.private_dap.gy_cm2 : expected.dap_gy_cm2;
      expect({ sop: expected.sop_instance_uid, row }).toEqual({
        sop: expected.sop_instance_uid,
        row: expect.objectContaining({
          study_instance_uid: expected.study_instance_uid,
          series_instance_uid: expected.series_instance_uid,
          sop_class_uid: expected.sop_class_uid,
          modality: expected.modality,
          study_date: expected.study_date,
          station_name: expected.station_name,
          study_description: expected.study_description,
          view_position: expected.view_position,
          patient_age_years: expected.patient_age_years,
          ctdivol_mgy: expected.ctdivol_mgy,
          body_part_thickness_mm: expected.body_part_thickness_mm,
          exposure_index: expected.exposure_index,
          target_exposure_index: expected.target_exposure_index,
          rejected: expected.sop_instance_uid === `${ROOT}.2.1.1`,
          source: 'dicomweb',
        }),
      });
      expect({
        sop: expected.sop_instance_uid,
        dap: row?.['dap_gy_cm2'] === null ? null : Number((row?.['dap_gy_cm2'] as number).toPrecision(9)),
      }).toEqual({ sop: expected.sop_instance_uid, dap: dap === null ? null : Number(dap.toPrecision(9)) });
      expect({ sop: expected.sop_instance_uid, organ: row?.['organ_dose_mgy'] }).toEqual({
        sop: expected.sop_instance_uid,
        organ: expected.organ_dose_mgy === null ? null : expect.closeTo(expected.organ_dose_mgy, 9),
      });
      expect({ sop: expected.sop_instance_uid, di: row?.['deviation_index'] }).toEqual({
        sop: expected.sop_instance_uid,
        di: expected.deviation_index === null ? null : expect.closeTo(expected.deviation_index, 5),
      });
      const names = (operators.data ?? []).filter((o) => o.image_id === row?.['id']).map((o) => o.raw_name);
      expect({ sop: expected.sop_instance_uid, names }).toEqual({ sop: expected.sop_instance_uid, names: expected.operator_names });
    }

    const reports = new Map((await rows('dose_reports')).map((r) => [String(r['sop_instance_uid']), r]));
    expect(reports.size).toBe(corpus.projectionReports.length + corpus.ctReports.length);
    for (const { expected } of corpus.projectionReports)
      expect(reports.get(expected.sop_instance_uid)?.['dap_gy_cm2']).toBeCloseTo(expected.dap_gy_cm2 ?? Number.NaN, 9);
    for (const { expected } of corpus.ctReports)
      expect(reports.get(expected.sop_instance_uid)).toMatchObject({
        dlp_mgy_cm: expected.dlp_mgy_cm,
        ctdivol_mgy: expected.ctdivol_mgy,
        operator_names: ['Smit^Daan'],
      });

    const notes = await rows<{ sop_instance_uid: string; title_code: string; referenced_sop_uids: string[] }>(
      'rejection_notes',
      'sop_instance_uid, title_code, referenced_sop_uids',
    );
    expect(notes).toEqual(
      corpus.notes.map((n) => ({
        sop_instance_uid: n.expected.sop_instance_uid,
        title_code: n.expected.rejection_code,
        referenced_sop_uids: [...n.expected.rejects],
      })),
    );
    // the 113039 note is recorded but rejects nothing
    expect(indexed.get(`${ROOT}.6.1.1`)?.['rejected']).toBe(false);
  });

  it('reads nothing again on a second run, and duplicates nothing', async () => {
    const before = {
      images: (await rows('images', 'id, ingested_at')).length,
      reports: (await rows('dose_reports', 'id')).length,
      notes: (await rows('rejection_notes', 'id')).length,
    };
    const again = await iqs('harvest', '--dicomweb', pacs.dicomweb);
    expect(again.code).toBe(0);
    expect(again.err.join('\n')).toMatch(/continuing: 10 studies were read completely before/u);
    expect(again.err.join('\n')).toMatch(/10 studies \(10 read before\), 0 instances/u);
    expect({
      images: (await rows('images', 'id, ingested_at')).length,
      reports: (await rows('dose_reports', 'id')).length,
      notes: (await rows('rejection_notes', 'id')).length,
    }).toEqual(before);
  });

  it('picks up a study stored later, and only that one', async () => {
    await pacs.storeInstances(later.files);
    const result = await iqs('harvest', '--dicomweb', pacs.dicomweb);
    expect(result.code).toBe(0);
    expect(result.err.join('\n')).toMatch(new RegExp(`11 studies \\(10 read before\\), ${later.files.length} instances`, 'u'));
    const sops = (await rows<{ sop_instance_uid: string }>('images', 'sop_instance_uid')).map((r) => r.sop_instance_uid);
    expect(sops).toHaveLength(corpus.images.length + later.images.length);
    expect(new Set(sops).size).toBe(sops.length);
    for (const { expected } of later.images) expect(sops).toContain(expected.sop_instance_uid);
  });

  it('limits a run to a date range', async () => {
    const dry = await iqs('harvest', '--dicomweb', pacs.dicomweb, '--since', '2024-03-01', '--until', '2024-04-30', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const studies = new Set(dry.out.map((l) => (JSON.parse(l) as Line)['study_instance_uid']));
    expect([...studies].sort()).toEqual([`${ROOT}.3`, `${ROOT}.4`]);
    expect((await iqs('harvest', '--dicomweb', pacs.dicomweb, '--since', '2024-02-30')).code).toBe(2);
  });
});
