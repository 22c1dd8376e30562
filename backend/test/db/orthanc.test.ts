/**
 * The throw-away Orthanc (test/support/orthanc.ts) and what its DICOMweb plugin 1.7 answers for the fixture
 * files: QIDO-RS counts, paging and date ranges; WADO-RS metadata with decoded Latin-1 names, private tags and
 * BulkDataURIs; and that close() leaves nothing behind.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOrthanc, type TestOrthanc } from '../../../test/support/orthanc';
import { image } from '../support/dicomFixtures/images';
import { rejectionNote } from '../support/dicomFixtures/kos';
import { ctRdsr, projectionRdsr } from '../support/dicomFixtures/rdsr';

type Json = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string }>;

const A = '2.25.1001';
const DX1 = image({
  patientId: 'P-A',
  patientName: 'Bäcker^Jörg',
  characterSet: 'latin1',
  studyInstanceUid: A,
  seriesInstanceUid: `${A}.1`,
  sopInstanceUid: `${A}.1.1`,
  studyDate: '20240110',
  operators: ['Müller^Jürgen', 'Jansen^Petra'],
  stationName: 'KAMER1',
  dapDgyCm2: 1.25,
  privateDap: { mGyCm2: 125 },
});
const DX2 = image({
  patientId: 'P-A',
  patientName: 'Bäcker^Jörg',
  characterSet: 'latin1',
  studyInstanceUid: A,
  seriesInstanceUid: `${A}.1`,
  sopInstanceUid: `${A}.1.2`,
  studyDate: '20240110',
  transferSyntax: 'implicit',
  privateDap: { mGyCm2: 130 },
});
const RDSR = projectionRdsr({
  patientId: 'P-A',
  patientName: 'Bäcker^Jörg',
  characterSet: 'latin1',
  studyInstanceUid: A,
  seriesInstanceUid: `${A}.2`,
  sopInstanceUid: `${A}.2.1`,
  studyDate: '20240110',
  dapUnit: 'dGy.cm2',
  dapTotal: 1.25,
  events: [{ dap: 1.25 }],
});
const KOS = rejectionNote({
  patientId: 'P-A',
  patientName: 'Bäcker^Jörg',
  characterSet: 'latin1',
  studyInstanceUid: A,
  seriesInstanceUid: `${A}.3`,
  sopInstanceUid: `${A}.3.1`,
  studyDate: '20240110',
  rejects: [{ seriesInstanceUid: `${A}.1`, sopInstanceUid: `${A}.1.2` }],
});
const CR_RLE = image({ patientId: 'P-B', modality: 'CR', studyInstanceUid: '2.25.1002', studyDate: '20240220', transferSyntax: 'rle' });
const DX_JPEG = image({ patientId: 'P-C', studyInstanceUid: '2.25.1003', studyDate: '20240305', transferSyntax: 'jpegLossless' });
const MG = image({
  patientId: 'P-D',
  modality: 'MG',
  studyInstanceUid: '2.25.1004',
  studyDate: '20240306',
  transferSyntax: 'deflated',
  organDoseDgy: 0.012,
});
const CT = [1, 2, 3].map((i) =>
  image({
    patientId: 'P-E',
    modality: 'CT',
    studyInstanceUid: '2.25.1005',
    seriesInstanceUid: '2.25.1005.1',
    sopInstanceUid: `2.25.1005.1.${i}`,
    studyDate: '20240401',
    transferSyntax: 'implicit',
    ctdivolMgy: 6.2,
  }),
);
const CT_RDSR = ctRdsr({ patientId: 'P-E', studyInstanceUid: '2.25.1005', seriesInstanceUid: '2.25.1005.2', studyDate: '20240401' });
const ALL = [DX1, DX2, RDSR, KOS, CR_RLE, DX_JPEG, MG, ...CT, CT_RDSR];

const timings: Record<string, number> = {};
let pacs: TestOrthanc;

async function json<T = Json[]>(path: string): Promise<T> {
  const response = await fetch(`${pacs.dicomweb}${path}`, { headers: { Accept: 'application/dicom+json' } });
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
const value = (item: Json, tag: string): unknown => item[tag]?.Value?.[0];
const uids = (items: Json[], tag = '0020000D'): string[] => items.map((i) => String(value(i, tag)));

beforeAll(async () => {
  let start = Date.now();
  pacs = await startOrthanc();
  timings['start'] = Date.now() - start;
  start = Date.now();
  await pacs.storeInstances(ALL.map((f) => f.file));
  timings['store 13 fixtures'] = Date.now() - start;
}, 60_000);

afterAll(async () => {
  await pacs?.close();
  console.info(`Orthanc timings (ms): ${JSON.stringify(timings)}`);
});

describe('startOrthanc', () => {
  it('answers on a loopback URL with the DICOMweb plugin loaded', async () => {
    expect(pacs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(pacs.dicomweb).toBe(`${pacs.url}/dicom-web`);
    const system = (await (await fetch(`${pacs.url}/system`)).json()) as { Version: string; DicomPort: number };
    expect(system.DicomPort).toBe(pacs.dicomPort);
    const plugin = (await (await fetch(`${pacs.url}/plugins/dicom-web`)).json()) as { Version: string };
    expect(plugin.Version).toBe('1.7');
    expect(existsSync(pacs.logFile)).toBe(true);
  });

  it('rejects a file Orthanc cannot store, with its answer', async () => {
    await expect(pacs.storeInstances([Buffer.from('not dicom')])).rejects.toThrow(/refused file 0/u);
  });

  it('fails with what to install when the binaries are missing', async () => {
    const saved = process.env.IQS_ORTHANC;
    process.env.IQS_ORTHANC = '/nonexistent/Orthanc';
    try {
      await expect(startOrthanc()).rejects.toThrow(/apt-get install orthanc orthanc-dicomweb/u);
    } finally {
      if (saved === undefined) delete process.env.IQS_ORTHANC;
      else process.env.IQS_ORTHANC = saved;
    }
  });

  it('shows the log, and keeps it, when Orthanc does not come up', async () => {
    const notAPlugin = path.join(os.tmpdir(), `iqs-not-a-plugin-${process.pid}.so`);
    writeFileSync(notAPlugin, 'not a shared library');
    const saved = process.env.IQS_ORTHANC_DICOMWEB;
    process.env.IQS_ORTHANC_DICOMWEB = notAPlugin;
    try {
      const error = (await startOrthanc().then(
        () => null,
        (e: Error) => e,
      )) as Error;
      expect(error.message).toMatch(/exited while starting/u);
      expect(error.message).toMatch(/dlopen/u);
      const log = /log file (\S+orthanc\.log) \(kept\)/u.exec(error.message)?.[1] as string;
      expect(existsSync(log)).toBe(true);
      rmSync(path.dirname(log), { recursive: true, force: true });
    } finally {
      rmSync(notAPlugin, { force: true });
      if (saved === undefined) delete process.env.IQS_ORTHANC_DICOMWEB;
      else process.env.IQS_ORTHANC_DICOMWEB = saved;
    }
  });
});

describe('QIDO-RS', () => {
  it('finds every study with its series and instance counts', async () => {
    const studies = await json('/studies');
    expect(uids(studies).sort()).toEqual([A, '2.25.1002', '2.25.1003', '2.25.1004', '2.25.1005']);
    const a = studies.find((s) => value(s, '0020000D') === A) as Json;
    expect(value(a, '00201206')).toBe(3); // NumberOfStudyRelatedSeries
    expect(value(a, '00201208')).toBe(4); // NumberOfStudyRelatedInstances
    expect(a['00080061']?.Value).toEqual(['DX', 'KO', 'SR']); // ModalitiesInStudy
    expect(value(a, '00100010')).toEqual({ Alphabetic: 'Bäcker^Jörg' });
  });

  it('pages with limit and offset through a stable order', async () => {
    const all = uids(await json('/studies'));
    const pages = [
      uids(await json('/studies?limit=2')),
      uids(await json('/studies?limit=2&offset=2')),
      uids(await json('/studies?limit=2&offset=4')),
    ];
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(all);
    expect(await json('/studies?offset=5')).toEqual([]);
    // limit=0 means no limit
    expect(uids(await json('/studies?limit=0'))).toEqual(all);
    const instances = [
      ...uids(await json('/instances?limit=6'), '00080018'),
      ...uids(await json('/instances?limit=6&offset=6'), '00080018'),
    ];
    expect(new Set(instances).size).toBe(ALL.length);
  });

  it('matches StudyDate ranges, open or closed', async () => {
    expect(uids(await json('/studies?StudyDate=20240101-20240229')).sort()).toEqual([A, '2.25.1002']);
    expect(uids(await json('/studies?StudyDate=-20240110'))).toEqual([A]);
    expect(uids(await json('/studies?StudyDate=20240305-')).sort()).toEqual(['2.25.1003', '2.25.1004', '2.25.1005']);
    expect(uids(await json('/studies?StudyDate=20240306'))).toEqual(['2.25.1004']);
    expect(uids(await json('/studies?StudyDate=20240101-20240331&limit=1&offset=2'))).toHaveLength(1);
  });

  it('lists series and instances under a study, and series by modality', async () => {
    const series = await json(`/studies/${A}/series`);
    expect(series.map((s) => value(s, '00080060')).sort()).toEqual(['DX', 'KO', 'SR']);
    expect(uids(await json(`/studies/${A}/series/${A}.1/instances`), '00080018').sort()).toEqual([`${A}.1.1`, `${A}.1.2`]);
    expect(await json(`/studies/${A}/instances`)).toHaveLength(4);
    expect(uids(await json('/series?Modality=SR'), '0020000E').sort()).toEqual([`${A}.2`, '2.25.1005.2']);
  });
});

describe('WADO-RS metadata', () => {
  let metadata: Json[];
  const instance = (sop: string): Json => metadata.find((i) => value(i, '00080018') === sop) as Json;

  beforeAll(async () => {
    metadata = await json(`/studies/${A}/metadata`);
  });

  it('returns every instance with Latin-1 names decoded', () => {
    expect(metadata).toHaveLength(4);
    const dx = instance(`${A}.1.1`);
    expect(value(dx, '00100010')).toEqual({ Alphabetic: 'Bäcker^Jörg' });
    expect(dx['00081070']?.Value).toEqual([{ Alphabetic: 'Müller^Jürgen' }, { Alphabetic: 'Jansen^Petra' }]);
    expect(value(dx, '00081010')).toBe('KAMER1');
    expect(value(dx, '0018115E')).toBe(1.25);
  });

  it('keeps a private tag: with its VR from an explicit VR file, as UN bulk data from an implicit VR file', () => {
    const explicit = instance(`${A}.1.1`);
    expect(explicit['00190010']).toEqual({ vr: 'LO', Value: ['ACME DOSE'] });
    expect(explicit['00191021']).toEqual({ vr: 'DS', Value: [125] });
    const implicit = instance(`${A}.1.2`);
    expect(implicit['00190010']).toEqual({ vr: 'LO', Value: ['ACME DOSE'] });
    expect(implicit['00191021']?.vr).toBe('UN');
    expect(implicit['00191021']?.BulkDataURI).toBe(`${pacs.dicomweb}/studies/${A}/series/${A}.1/instances/${A}.1.2/bulk/00191021`);
  });

  it('gives native pixel data an absolute BulkDataURI on the host that was asked, and leaves encapsulated pixel data out', async () => {
    const uri = instance(`${A}.1.1`)['7FE00010']?.BulkDataURI;
    expect(uri).toBe(`${pacs.dicomweb}/studies/${A}/series/${A}.1/instances/${A}.1.1/bulk/7fe00010`);
    const bulk = await fetch(uri as string);
    expect(bulk.status).toBe(200);
    expect(bulk.headers.get('content-type')).toMatch(/^multipart\/related/u);
    for (const study of ['2.25.1002', '2.25.1003']) {
      const [encapsulated] = await json(`/studies/${study}/metadata`);
      expect(encapsulated?.['7FE00010']).toBeUndefined();
    }
  });

  it('returns the SR content tree inline', () => {
    const rdsr = instance(`${A}.2.1`);
    type Item = Json & { '0040A730'?: { Value: Item[] } };
    const find = (items: Item[], code: string): Item | undefined =>
      items
        .flatMap((i) => [i, ...(i['0040A730']?.Value ?? [])])
        .find((i) => (i['0040A043']?.Value?.[0] as Json | undefined)?.['00080100']?.Value?.[0] === code);
    const accumulated = find((rdsr as Item)['0040A730']?.Value ?? [], '113702');
    const total = find(accumulated?.['0040A730']?.Value ?? [], '113722') as Item;
    const measured = total['0040A300']?.Value?.[0] as Json;
    expect(value(measured, '0040A30A')).toBe(1.25);
    expect((value(measured, '004008EA') as Json)['00080100']?.Value).toEqual(['dGy.cm2']);
  });
});

describe('a hundred files', () => {
  it('stores them and finds them again', async () => {
    const files = Array.from(
      { length: 100 },
      (_, i) =>
        image({
          patientId: 'P-100',
          studyInstanceUid: '2.25.2000',
          seriesInstanceUid: `2.25.2000.${1 + (i % 4)}`,
          sopInstanceUid: `2.25.2000.9.${i}`,
          studyDate: '20240501',
        }).file,
    );
    let start = Date.now();
    await pacs.storeInstances(files);
    timings['store 100 files'] = Date.now() - start;
    start = Date.now();
    const [study] = await json('/studies?StudyInstanceUID=2.25.2000');
    const metadata = await json('/studies/2.25.2000/metadata');
    timings['QIDO + study metadata of 100'] = Date.now() - start;
    expect(value(study as Json, '00201208')).toBe(100);
    expect(value(study as Json, '00201206')).toBe(4);
    expect(metadata).toHaveLength(100);
  }, 60_000);
});

describe('close', () => {
  it('stops Orthanc and removes its folder', async () => {
    const other = await startOrthanc();
    await other.storeInstances([DX1.file]);
    expect(existsSync(other.dir)).toBe(true);
    await other.close();
    expect(existsSync(other.dir)).toBe(false);
    await expect(fetch(`${other.url}/system`)).rejects.toThrow();
  }, 60_000);
});
