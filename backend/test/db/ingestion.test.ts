/**
 * `iqs ingest` into the image index, through the backend's API against the local stand-in on both engines:
 * idempotence, rejection notes before and after their images (in one run and across runs), the department's
 * mappings (operator aliases, procedures, a per-station private tag) and re-mapping, the quarantine, privacy,
 * and the exit status.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main';
import { DEMO_SITE_ID } from '@iqs/demo-department';
import { type DicomItem, writePart10 } from '@iqs/dicom';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';

const PROJECT = path.resolve(__dirname, '../../supabase');
const ROOT = '1.2.826.0.1.3680043.10.1467.44';

jest.setTimeout(120_000);

function image(n: number, attributes: DicomItem = {}): DicomItem {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: `${ROOT}.1.${n}`,
    StudyInstanceUID: `${ROOT}.${Math.ceil(n / 2)}`,
    SeriesInstanceUID: `${ROOT}.${Math.ceil(n / 2)}.1`,
    Modality: 'DX',
    StudyDate: '20260301',
    PatientName: 'Geheim^Patiënt',
    PatientID: 'SECRET-123',
    PatientBirthDate: '19700101',
    OperatorsName: ['Jansen^Petra', 'Stagiair^Sam'],
    StationName: 'RAD-KAMER2',
    StudyDescription: 'X-Thorax PA/LAT',
    ViewPosition: 'PA',
    ImageAndFluoroscopyAreaDoseProduct: 1.2,
    Rows: 2,
    Columns: 2,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelData: new Uint16Array([1, 2, 3, 4]),
    ...attributes,
  };
}

function rejectionNote(n: number, rejects: number[], title = '113001'): DicomItem {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.59',
    SOPInstanceUID: `${ROOT}.9.${n}`,
    StudyInstanceUID: `${ROOT}.1`,
    SeriesInstanceUID: `${ROOT}.9`,
    Modality: 'KO',
    StudyDate: '20260301',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [{ CodeValue: title, CodingSchemeDesignator: 'DCM', CodeMeaning: 'Rejected for Quality Reasons' }],
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID: `${ROOT}.1`,
        ReferencedSeriesSequence: [
          {
            SeriesInstanceUID: `${ROOT}.1.1`,
            ReferencedSOPSequence: rejects.map((r) => ({
              ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
              ReferencedSOPInstanceUID: `${ROOT}.1.${r}`,
            })),
          },
        ],
      },
    ],
  };
}

describe.each(ENGINES)('iqs ingest on %s', (engine) => {
  let env: TestSupabase;
  let service: SupabaseClient;
  let folder: string;
  let cliEnv: NodeJS.ProcessEnv;

  const write = (name: string, dataset: DicomItem): string => {
    const file = path.join(folder, name);
    writeFileSync(file, writePart10(dataset));
    return file;
  };

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

  const imageRow = async (n: number) => {
    const { data, error } = await service.from('images').select('*').eq('sop_instance_uid', `${ROOT}.1.${n}`);
    if (error) throw new Error(error.message);
    return data ?? [];
  };

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
    service = env.client(env.supabase.serviceRoleKey);
    folder = mkdtempSync(path.join(os.tmpdir(), `iqs-ingest-${engine}-`));
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

  it('indexes images with the department’s mappings, and a note that comes before its image', async () => {
    write('a-note.dcm', rejectionNote(1, [1]));
    write('b-image1.dcm', image(1));
    write('c-image2.dcm', image(2, { StudyDescription: 'Onbekende opname' }));
    writeFileSync(path.join(folder, 'broken.dcm'), writePart10(image(3)).subarray(0, 200));
    const result = await iqs('ingest', folder);
    expect(result.code).toBe(0);
    expect(result.err.join('\n')).toMatch(/2 images, 1 rejection notes, 0 dose reports, 0 other objects, 1 quarantined/u);

    const [first] = await imageRow(1);
    expect(first).toMatchObject({
      site_id: DEMO_SITE_ID,
      rejected: true,
      dap_gy_cm2: 0.12,
      view_position: 'PA',
      station_name: 'RAD-KAMER2',
      source: 'file',
      // the path under the folder named to iqs ingest, not the full path (folder names often hold patient IDs)
      source_ref: 'b-image1.dcm',
    });
    const thorax = await service.from('procedures').select('id').eq('code', 'thorax').single();
    expect(first?.procedure_id).toBe(thorax.data?.id);
    expect(first?.station_id).not.toBeNull();
    const operators = await service
      .from('image_operators')
      .select('position, raw_name, person_id')
      .eq('image_id', first?.id)
      .order('position');
    expect(operators.data).toEqual([
      { position: 0, raw_name: 'Jansen^Petra', person_id: 'b0000000-0000-4000-8000-000000000001' },
      { position: 1, raw_name: 'Stagiair^Sam', person_id: null },
    ]);
    const [second] = await imageRow(2);
    expect(second).toMatchObject({ rejected: false, procedure_id: null });
  });

  it('lists what no mapping matched, and applies a changed mapping to the whole index', async () => {
    const unmatched = await iqs('unmatched');
    expect(unmatched.out.join('\n')).toContain('"Stagiair^Sam": 2 images');
    expect(unmatched.out.join('\n')).toContain('"Onbekende opname"');
    const procedure = await service.from('procedures').select('id').eq('code', 'thorax').single();
    await service.from('procedure_aliases').insert({ site_id: DEMO_SITE_ID, procedure_id: procedure.data?.id, pattern: 'Onbekende%' });
    await service
      .from('operator_aliases')
      .insert({ site_id: DEMO_SITE_ID, raw_name: 'stagiair^sam', person_id: 'b0000000-0000-4000-8000-000000000004' });
    const remap = await iqs('remap');
    expect(remap.code).toBe(0);
    expect(remap.out.join('\n')).toMatch(/1 images, 2 operators/u);
    expect((await imageRow(2))[0]?.procedure_id).toBe(procedure.data?.id);
    expect((await iqs('unmatched')).out.join('\n')).not.toContain('Stagiair');
  });

  it('marks an image rejected by a note read in a later run, and keeps one row per instance', async () => {
    write('d-note2.dcm', rejectionNote(2, [2]));
    expect((await iqs('ingest', folder)).code).toBe(0);
    expect((await imageRow(2))[0]?.rejected).toBe(true);
    expect((await iqs('ingest', folder)).code).toBe(0);
    const all = await service
      .from('images')
      .select('sop_instance_uid', { count: 'exact', head: true })
      .like('sop_instance_uid', `${ROOT}.%`);
    expect(all.count).toBe(2);
    const notes = await service
      .from('rejection_notes')
      .select('sop_instance_uid', { count: 'exact', head: true })
      .eq('site_id', DEMO_SITE_ID);
    expect(notes.count).toBe(2);
  });

  it('records other IOCM titles without rejecting images for quality', async () => {
    write('e-image5.dcm', image(5, { StudyInstanceUID: `${ROOT}.1`, SeriesInstanceUID: `${ROOT}.1.1` }));
    write('f-note3.dcm', rejectionNote(3, [5], '113039'));
    expect((await iqs('ingest', folder)).code).toBe(0);
    expect((await imageRow(5))[0]?.rejected).toBe(false);
    const note = await service.from('rejection_notes').select('title_code').eq('sop_instance_uid', `${ROOT}.9.3`).single();
    expect(note.data?.title_code).toBe('113039');
  });

  it('quarantines unreadable files with the reason, and clears them once they read', async () => {
    const quarantine = await service.from('ingest_quarantine').select('source_ref, reason, attempts').eq('site_id', DEMO_SITE_ID);
    const broken = quarantine.data?.find((q) => q.source_ref.endsWith('broken.dcm'));
    expect(broken?.source_ref).toBe('broken.dcm');
    expect(broken?.reason).toMatch(/truncated|DICM|not a DICOM/u);
    expect(broken?.attempts).toBeGreaterThanOrEqual(3);
    write('broken.dcm', image(3));
    expect((await iqs('ingest', folder)).code).toBe(0);
    const after = await service.from('ingest_quarantine').select('source_ref').eq('site_id', DEMO_SITE_ID);
    expect(after.data?.some((q) => q.source_ref.endsWith('broken.dcm'))).toBe(false);
  });

  it('reads a station’s private tag through its tag mapping, in the mapping’s unit', async () => {
    const mapping = [{ tag: '00191010', field: 'dap_gy_cm2', unit: 'mGy·cm²' }];
    await service.from('stations').update({ tag_mapping: mapping }).eq('site_id', DEMO_SITE_ID).eq('station_name', 'SEH-KAMER');
    write(
      'g-private.dcm',
      image(7, {
        StationName: 'SEH-KAMER',
        ImageAndFluoroscopyAreaDoseProduct: undefined,
        PrivateCreator: { tag: '00190010', vr: 'LO', value: 'ACME DOSE' },
        PrivateDap: { tag: '00191010', vr: 'DS', value: '95' },
      }),
    );
    expect((await iqs('ingest', folder)).code).toBe(0);
    expect((await imageRow(7))[0]?.dap_gy_cm2).toBe(0.095);
    // a mapping of the wrong shape is refused when it is written
    const typo = await service
      .from('stations')
      .update({ tag_mapping: [{ tag: '0019', field: 'dap_gy_cm2', unit: 'mGy·cm²' }] })
      .eq('site_id', DEMO_SITE_ID)
      .eq('station_name', 'SEH-KAMER');
    expect({ status: typo.status, code: typo.error?.code, message: typo.error?.message }).toEqual({
      status: 400,
      code: '23514',
      message: expect.stringContaining('stations_tag_mapping_valid'),
    });
    // a unit IQS cannot convert stops the run before anything is written, saying which station
    await service
      .from('stations')
      .update({ tag_mapping: [{ tag: '00191010', field: 'dap_gy_cm2', unit: 'furlong²' }] })
      .eq('site_id', DEMO_SITE_ID)
      .eq('station_name', 'SEH-KAMER');
    const refused = await iqs('ingest', folder);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/tag mapping of station SEH-KAMER/u);
    await service.from('stations').update({ tag_mapping: [] }).eq('site_id', DEMO_SITE_ID).eq('station_name', 'SEH-KAMER');
  });

  it('stores no patient name, ID or birth date', async () => {
    const { data } = await service.from('images').select('*').like('sop_instance_uid', `${ROOT}.%`);
    const text = JSON.stringify(data);
    for (const secret of ['Geheim', 'Patiënt', 'SECRET-123', '1970-01-01', '19700101']) expect(text).not.toContain(secret);
    expect(data?.[0]?.patient_age_years).toBe(56);
  });

  it('exits 2 for bad arguments and 1 when the backend cannot be reached', async () => {
    expect((await iqs('ingest', path.join(folder, 'does-not-exist'))).code).toBe(2);
    expect((await iqs('ingest')).code).toBe(2);
    expect((await iqs('harvest')).code).toBe(2);
    expect((await iqs('frobnicate')).code).toBe(2);
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const unreachable = await run(
      ['ingest', folder],
      { ...cliEnv, SUPABASE_URL: `http://127.0.0.1:${closed}` },
      { out: () => undefined, err: () => undefined, progress: { write: () => undefined } },
    );
    quiet.mockRestore();
    expect(unreachable).toBe(1);
  });
});
