import { readSettings } from '@iqs/config';
import { sourceRefOf } from '@iqs/backend/ingest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeOtherDicomFiles } from '../../../test/e2e/support/otherDicomFiles';
import { indexWriterOptions, prepareImageSource } from '../src/start';

describe('an external PACS as the image source', () => {
  it('never shows the PACS credentials in its label (app-config.js) or in the start log', async () => {
    const settings = readSettings({ IQS_DICOMWEB_URL: 'http://iqs-reader:pacs-s3cret@pacs.hospital.example:8042/dicom-web' }, '/repo');
    const log: string[] = [];
    const source = await prepareImageSource(settings, (line) => log.push(line));
    for (const shown of [source.label, source.summary, ...log]) {
      expect(shown).not.toContain('pacs-s3cret');
      expect(shown).not.toContain('iqs-reader');
    }
    expect(source.label).toBe('PACS http://***@pacs.hospital.example:8042/dicom-web');
    expect(source.summary).toContain('pacs.hospital.example:8042/dicom-web');
  });
});

describe('a served folder as the image source', () => {
  let parent: string;
  beforeAll(() => {
    // a folder named as hospitals often name them: by the patient's ID
    parent = mkdtempSync(path.join(os.tmpdir(), 'iqs-served-'));
    mkdirSync(path.join(parent, 'PAT-123456', 'CR'), { recursive: true });
    writeOtherDicomFiles(path.join(parent, 'PAT-123456', 'CR'));
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('keeps file paths in the index relative to the folder, never the full path', async () => {
    const served = path.join(parent, 'PAT-123456');
    const source = await prepareImageSource(readSettings({ IQS_DICOM_DIR: served }, '/repo'), () => undefined);
    const { roots = [] } = indexWriterOptions(source);
    const instances = [...source.index!.studies.values()].flatMap((study) =>
      [...study.series.values()].flatMap((series) => [...series.instances.values()]),
    );
    expect(instances.length).toBeGreaterThan(0);
    for (const { file } of instances) {
      const ref = sourceRefOf(file, roots);
      expect(ref).not.toContain('PAT-123456');
      expect(ref).toMatch(/^CR\//u);
    }
  });
});
