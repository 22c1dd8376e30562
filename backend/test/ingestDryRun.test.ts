/**
 * `npx iqs ingest --dry-run --json <folder>` as a user runs it (the installed bin, no backend running): one JSON
 * line per file on standard output, the contract's facts for every kind of object, an error line for each broken
 * file, notes for people on standard error, exit status 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brokenVariants, ctRdsr, image, projectionRdsr, rejectionNote } from './support/dicomFixtures';

const REPOSITORY = path.resolve(__dirname, '../..');

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-dry-run-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function iqs(...args: string[]) {
  // no configured project and an empty data folder: nothing to write to, nothing to ask
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', IQS_SUPABASE_DIR: path.join(folder, 'no-backend') };
  return spawnSync('npx', ['--no-install', 'iqs', ...args], { cwd: REPOSITORY, env, encoding: 'utf8', timeout: 60_000 });
}

it('prints the contract for every file, errors for broken ones, and exits 0', () => {
  const input = path.join(folder, 'archive');
  mkdirSync(path.join(input, 'nested'), { recursive: true });
  const dx = image({
    modality: 'DX',
    characterSet: 'latin1',
    operators: ['Müller^Jürgen'],
    dapDgyCm2: 2.5,
    viewPosition: 'AP',
    patientBirthDate: '19800315',
    studyDate: '20260314',
    stationName: 'RAD-KAMER1',
  });
  const note = rejectionNote({
    title: '113001',
    studyInstanceUid: dx.expected.study_instance_uid,
    rejects: [{ seriesInstanceUid: dx.expected.series_instance_uid, sopInstanceUid: dx.expected.sop_instance_uid }],
  });
  const report = projectionRdsr({ dapUnit: 'cGy.cm2', events: [{ dap: 40 }] });
  const ct = ctRdsr({ acquisitions: [{ acquisitionType: 'spiral', ctdivol: 3.2, dlp: 99, phantom: 'body', scanningLengthMm: 300 }] });
  const files: Record<string, Buffer> = {
    'a-note.dcm': note.file,
    'b-dx.dcm': dx.file,
    'nested/c-report.dcm': report.file,
    'nested/d-ct-report.dcm': ct.file,
    'e-empty.dcm': Buffer.alloc(0),
    'f-notes.txt': Buffer.from('not DICOM at all'),
  };
  const broken = brokenVariants(dx.file, 7).filter((_, i) => i % 97 === 0);
  broken.forEach((variant, i) => (files[`g-broken-${i}.dcm`] = variant.bytes));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(input, name), bytes);

  const result = iqs('ingest', '--dry-run', '--json', input);
  expect({ status: result.status, stderr: result.stderr }).toEqual({
    status: 0,
    stderr: expect.stringContaining('nothing written (dry run)'),
  });
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const byName = new Map(lines.map((l) => [path.relative(input, String(l['file'])), l]));
  expect([...byName.keys()].sort()).toEqual(Object.keys(files).sort());

  expect(byName.get('a-note.dcm')).toMatchObject({
    object: 'rejection_note',
    rejection_note: true,
    rejection_code: '113001',
    rejects: [dx.expected.sop_instance_uid],
  });
  // the note came first in this run, so the image's line already says so
  expect(byName.get('b-dx.dcm')).toMatchObject({
    object: 'image',
    rejected: true,
    dap_gy_cm2: 0.25,
    view_position: 'AP',
    patient_age_years: 45,
    study_date: '2026-03-14',
    operator_names: ['Müller^Jürgen'],
    station_name: 'RAD-KAMER1',
  });
  expect(byName.get('nested/c-report.dcm')).toMatchObject({ object: 'dose_report', dose_report: true, dap_gy_cm2: 0.4 });
  expect(byName.get('nested/d-ct-report.dcm')).toMatchObject({
    object: 'dose_report',
    dose_report: true,
    dlp_mgy_cm: 99,
    ctdivol_mgy: 3.2,
  });
  for (const name of ['e-empty.dcm', 'f-notes.txt', ...broken.map((_, i) => `g-broken-${i}.dcm`)]) {
    expect({ name, error: byName.get(name)?.['error'] }).toEqual({ name, error: expect.any(String) });
  }
  // no patient data on the line
  expect(result.stdout).not.toMatch(/Fixture\^Patient|IQS-FIX-0001|19800315/u);
});

it('exits 2 with the usage for a path that does not exist', () => {
  const result = iqs('ingest', '--dry-run', '--json', path.join(folder, 'nowhere'));
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/nowhere/u);
});
