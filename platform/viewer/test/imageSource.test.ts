import { readSettings } from '@iqs/config';
import { prepareImageSource } from '../src/start';

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
