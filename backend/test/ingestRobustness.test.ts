/**
 * Broken input never crashes or hangs the ingestion, and is never taken for a good file: hundreds of broken
 * variants of good files (truncations everywhere, wrong lengths, corrupted VRs, lying meta lengths, random and zero
 * bytes, broken deflate streams, undelimited sequences; see support/dicomFixtures/broken.ts) each give an error line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lineFromFile } from '../src/ingest/ingestLine';
import { brokenVariants, ctRdsr, image, rejectionNote } from './support/dicomFixtures';

jest.setTimeout(120_000);

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-broken-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const goodFiles = () =>
  [
    ['explicit DX', image({ modality: 'DX', operators: ['Jansen^Petra'], dapDgyCm2: 1.5 }).file],
    ['implicit CR', image({ modality: 'CR', transferSyntax: 'implicit' }).file],
    ['deflated MG', image({ modality: 'MG', transferSyntax: 'deflated' }).file],
    ['RLE CT', image({ modality: 'CT', transferSyntax: 'rle' }).file],
    ['CT dose report', ctRdsr().file],
    [
      'rejection note',
      rejectionNote({
        title: '113001',
        studyInstanceUid: '1.2.3',
        rejects: [{ seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5' }],
      }).file,
    ],
  ] as const;

let tried = 0;

describe('broken files', () => {
  afterAll(() => {
    // at least 200 broken files in all (over a thousand, in fact)
    expect(tried).toBeGreaterThanOrEqual(200 * goodFiles().length);
  });

  it.each(goodFiles())('each broken variant of a good %s file gives an error line, without a crash or a hang', async (_kind, good) => {
    const goodFile = path.join(folder, 'good.dcm');
    writeFileSync(goodFile, good);
    // the good file itself reads: the variants fail because they are broken, not because the reader cannot read
    expect('error' in (await lineFromFile(goodFile, new Map()))).toBe(false);

    const variants = brokenVariants(good, 20261128);
    expect(variants.length).toBeGreaterThanOrEqual(100);
    tried += variants.length;
    const accepted: string[] = [];
    for (const variant of variants) {
      const file = path.join(folder, `${variant.name}.dcm`);
      writeFileSync(file, variant.bytes);
      const started = performance.now();
      const line = await lineFromFile(file, new Map());
      // a hang shows as a test timeout; a slow path as this
      expect(performance.now() - started).toBeLessThan(5_000);
      if (!('error' in line)) accepted.push(`${variant.name} (${variant.why})`);
      else expect(line.error.length).toBeGreaterThan(0);
    }
    expect(accepted).toEqual([]);
  });
});
