/**
 * The reason a modality gives, read from rejection notes written as DICOM files (support/dicomFixtures: TID 2010
 * with Document Title Modifiers) through the ingestion's own reader: the line carries reason_code and note_date.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type IngestLine, lineFromFile } from '../src/ingest/ingestLine';
import { QUALITY_REASONS, rejectionNote, rejectionNoteWithModifier } from './support/dicomFixtures';
import { code } from './support/dicomFixtures/sr';

let folder: string;
let count = 0;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-reject-reason-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function read(file: Buffer): Promise<Exclude<IngestLine, { error: string }>> {
  const name = path.join(folder, `${++count}.dcm`);
  writeFileSync(name, file);
  const line = await lineFromFile(name, new Map());
  if ('error' in line) throw new Error(`${name}: ${line.error}`);
  return line;
}

const STUDY = '1.2.826.0.1.3680043.10.1467.78.1';
const rejects = [{ seriesInstanceUid: `${STUDY}.1`, sopInstanceUid: `${STUDY}.1.1` }];

describe('the reason in a rejection note file', () => {
  it('reads a CID 7011 Document Title Modifier of a 113001 note, and the note’s ContentDate', async () => {
    const fixture = rejectionNoteWithModifier({
      studyInstanceUid: STUDY,
      studyDate: '20260310',
      contentDate: '20260311',
      modifiers: [QUALITY_REASONS['111210']],
      rejects,
    });
    expect(fixture.expected).toMatchObject({ reason_code: '111210', note_date: '2026-03-11' });
    expect(await read(fixture.file)).toMatchObject({
      object: 'rejection_note',
      rejection_code: '113001',
      rejects: [`${STUDY}.1.1`],
      reason_code: '111210',
      note_date: '2026-03-11',
    });
  });

  it('gives no reason without a modifier', async () => {
    const fixture = rejectionNote({ studyInstanceUid: STUDY, rejects });
    expect(await read(fixture.file)).toMatchObject({ reason_code: null, note_date: fixture.expected.note_date });
  });

  it('gives no reason for other titles', async () => {
    const fixture = rejectionNoteWithModifier({
      studyInstanceUid: STUDY,
      title: '113037',
      modifiers: [QUALITY_REASONS['111209']],
      rejects,
    });
    expect(fixture.expected.reason_code).toBeNull();
    expect(await read(fixture.file)).toMatchObject({ rejection_code: '113037', reason_code: null });
  });

  it('ignores a modifier holding a code that is not in CID 7011, and takes the next one that is', async () => {
    const local = code('RJ-17', '99PHILIPS', 'Herhaalopname');
    const ignored = rejectionNoteWithModifier({ studyInstanceUid: STUDY, modifiers: [local], rejects });
    expect(ignored.expected.reason_code).toBeNull();
    expect(await read(ignored.file)).toMatchObject({ rejection_code: '113001', reason_code: null });
    const second = rejectionNoteWithModifier({ studyInstanceUid: STUDY, modifiers: [local, QUALITY_REASONS['113026']], rejects });
    expect(second.expected.reason_code).toBe('113026');
    expect(await read(second.file)).toMatchObject({ reason_code: '113026' });
  });
});
