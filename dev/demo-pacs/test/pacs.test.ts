import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDicomwebHandler, scanDicomFolder, startDicomwebServer, type DicomJsonDataset } from '../src';
import {
  cornerstoneExtract,
  dicomwebClientDecode,
  parseMultipart,
  SKIPPED_FILES,
  TS,
  UID,
  writeFixture,
  type Fixture,
} from './pacsFixtures';

let fixture: Fixture;
let server: Awaited<ReturnType<typeof startDicomwebServer>>;
let base: string;

// What OHIF 3.13 sends (see the report): frames via cornerstone's WADO-RS loader with the Accept
// header OHIF builds for omitQuotationForMultipartRequest, bulk data via dicomweb-client.
const OHIF_FRAME_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const DICOMWEB_CLIENT_BULK_ACCEPT = 'multipart/related; type="application/octet-stream"';

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'iqs-pacs-'));
  fixture = writeFixture(dir);
  server = await startDicomwebServer({ dir, port: 0 });
  base = server.url;
});

afterAll(async () => {
  await server?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

async function getJson(pathAndQuery: string): Promise<DicomJsonDataset[]> {
  const res = await fetch(base + pathAndQuery, { headers: { Accept: 'application/dicom+json' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
  return (await res.json()) as DicomJsonDataset[];
}

async function getBytes(url: string, accept?: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(url, accept ? { headers: { Accept: accept } } : {});
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

const value = (d: DicomJsonDataset | undefined, tag: string): unknown => d?.[tag]?.Value?.[0];
const uids = (results: DicomJsonDataset[], tag: string): unknown[] => results.map((r) => value(r, tag));
const instanceUrl = (study: string, series: string, sop: string): string => `${base}/studies/${study}/series/${series}/instances/${sop}`;

describe('scan', () => {
  it('indexes the instances and skips broken, foreign and duplicate files with reasons', () => {
    const { report } = server;
    expect(report.files).toBe(Object.keys(fixture.files).length);
    expect(report.instances).toBe(9);
    expect(report.skipped.map((s) => s.file).sort()).toEqual(SKIPPED_FILES);
    const reason = (file: string): string => report.skipped.find((s) => s.file === file)?.reason ?? '';
    expect(reason('junk/garbage.bin')).toMatch(/no "DICM"/);
    expect(reason('junk/notes.txt')).toMatch(/not a DICOM Part 10 file/);
    expect(reason('junk/empty.dcm')).toMatch(/shorter than/);
    expect(reason('broken/truncated-pixels.dcm')).toMatch(/^truncated: \(7FE0,0010\)/);
    expect(reason('broken/truncated-header.dcm')).toMatch(/^truncated/);
    expect(reason('z-dup/copy-of-dx.dcm')).toBe(`duplicate SOPInstanceUID ${UID.sopDx} (kept a-studies/dx/IM0001.dcm)`);
    expect(report.ms).toBeGreaterThanOrEqual(0);
  });

  it('records where the pixel data is without reading it', async () => {
    const { index } = await scanDicomFolder(fixture.dir);
    const dx = index.studies.get(UID.studyDx)?.series.get(UID.seriesDx)?.instances.get(UID.sopDx);
    const file = fixture.files['a-studies/dx/IM0001.dcm'] as Buffer;
    expect(dx?.pixelData).toMatchObject({ encapsulated: false, length: 96 });
    expect(file.subarray(dx?.pixelData?.offset, (dx?.pixelData?.offset ?? 0) + 96)).toEqual(fixture.pixels[UID.sopDx]);
    expect(dx?.transferSyntaxUID).toBe(TS.explicit);
  });
});

describe('QIDO-RS', () => {
  it('lists studies newest first with the study-level attributes OHIF shows', async () => {
    const studies = await getJson('/studies');
    expect(uids(studies, '0020000D')).toEqual([UID.studyDx, UID.studyCt, UID.studyUtf]);
    const [dx, ct] = studies;
    expect(dx?.['00080061']?.Value).toEqual(['DX', 'KO']);
    expect(value(dx, '00201206')).toBe(2);
    expect(value(dx, '00201208')).toBe(2);
    expect(value(ct, '00201208')).toBe(4);
    expect(value(dx, '00100010')).toEqual({ Alphabetic: 'Müller^Jürgen' });
    expect(value(dx, '00080020')).toBe('20240115');
    expect(value(dx, '00100020')).toBe('PID-001');
    expect(value(dx, '00081030')).toBe('Chest PA');
  });

  it('matches names with wildcards, case-insensitively, by keyword or tag', async () => {
    const q = async (query: string): Promise<unknown[]> => uids(await getJson(`/studies?${query}`), '0020000D');
    expect(await q('PatientName=*m%C3%BCller*')).toEqual([UID.studyDx]);
    expect(await q('PatientName=M%3Fller*')).toEqual([UID.studyDx]);
    expect(await q('00100010=doe%5Ejohn')).toEqual([UID.studyCt]);
    expect(await q('PatientName=%C3%98ster*')).toEqual([UID.studyUtf]);
    expect(await q('PatientName=nobody')).toEqual([]);
    expect(await q('PatientName=')).toHaveLength(3); // universal matching
    // fuzzy: the start of any name component, ignoring accents
    expect(await q('PatientName=jur&fuzzymatching=true')).toEqual([UID.studyDx]);
    expect(await q('PatientName=ostergard&fuzzymatching=true')).toEqual([UID.studyUtf]);
    expect(await q('PatientName=jur&fuzzymatching=false')).toEqual([]);
  });

  it('matches IDs, accession, description, dates, modalities and UID lists', async () => {
    const q = async (query: string): Promise<unknown[]> => uids(await getJson(`/studies?${query}`), '0020000D');
    expect(await q('00100020=*002*')).toEqual([UID.studyCt]); // what OHIF sends for the MRN box
    expect(await q('PatientID=PID-003')).toEqual([UID.studyUtf]);
    expect(await q('AccessionNumber=ACC-2023*')).toEqual([UID.studyCt]);
    expect(await q('StudyDescription=*abdomen*')).toEqual([UID.studyCt]);
    expect(await q('StudyDate=20230301')).toEqual([UID.studyCt]);
    expect(await q('StudyDate=20230101-20241231')).toEqual([UID.studyDx, UID.studyCt]);
    expect(await q('StudyDate=-20230301')).toEqual([UID.studyCt, UID.studyUtf]);
    expect(await q('StudyDate=20230302-')).toEqual([UID.studyDx]);
    expect(await q('StudyTime=0700-0900')).toEqual([UID.studyCt]);
    expect(await q('StudyTime=1015-')).toEqual([UID.studyDx, UID.studyUtf]);
    expect(await q('StudyTime=-10')).toEqual([UID.studyDx, UID.studyCt]); // "10" reaches to 10:59:59
    expect(await q('ModalitiesInStudy=CT')).toEqual([UID.studyCt]);
    expect(await q('ModalitiesInStudy=KO')).toEqual([UID.studyDx]);
    expect(await q('ModalitiesInStudy=CT,KO')).toEqual([UID.studyDx, UID.studyCt]);
    expect(await q('ModalitiesInStudy=CT%5CKO')).toEqual([UID.studyDx, UID.studyCt]);
    expect(await q('ModalitiesInStudy=CT&ModalitiesInStudy=KO')).toEqual([UID.studyDx, UID.studyCt]);
    expect(await q(`StudyInstanceUID=${UID.studyCt}%5C${UID.studyUtf}`)).toEqual([UID.studyCt, UID.studyUtf]);
    expect(await q(`StudyInstanceUID=${UID.studyUtf},${UID.studyDx}`)).toEqual([UID.studyDx, UID.studyUtf]);
  });

  it('pages with limit and offset, and includes fields on request', async () => {
    expect(uids(await getJson('/studies?limit=1'), '0020000D')).toEqual([UID.studyDx]);
    expect(uids(await getJson('/studies?limit=1&offset=1'), '0020000D')).toEqual([UID.studyCt]);
    expect(await getJson('/studies?offset=5')).toEqual([]);
    // OHIF's study list query, parameters exactly as it builds them
    const ohif = await getJson(
      '/studies?PatientName=*doe*&limit=101&offset=0&fuzzymatching=false&includefield=00081030%2C00080060%2C00080090%2C00100030',
    );
    expect(uids(ohif, '0020000D')).toEqual([UID.studyCt]);
    expect(value(ohif[0], '00100030')).toBe('19800101');
    const [plain] = await getJson(`/studies?StudyInstanceUID=${UID.studyDx}`);
    expect(plain?.['00080080']).toBeUndefined();
    const [withInstitution] = await getJson(`/studies?StudyInstanceUID=${UID.studyDx}&includefield=InstitutionName`);
    expect(value(withInstitution, '00080080')).toBe('Klinikum Süd');
    const [all] = await getJson(`/studies?StudyInstanceUID=${UID.studyDx}&includefield=all`);
    expect(value(all, '00080090')).toEqual({ Alphabetic: 'Weiss^Anna' });
    expect(all?.['7FE00010']).toBeUndefined();
  });

  it('lists series of a study in SeriesNumber order, and series across studies', async () => {
    const series = await getJson(`/studies/${UID.studyCt}/series?includefield=0008103E,00080021`);
    expect(uids(series, '0020000E')).toEqual([UID.seriesMf, UID.seriesCt]);
    expect(value(series[1], '00080060')).toBe('CT');
    expect(value(series[1], '00200011')).toBe(2);
    expect(value(series[1], '0008103E')).toBe('Axial');
    expect(value(series[1], '00201209')).toBe(3);
    expect(uids(await getJson('/series?Modality=KO'), '0020000E')).toEqual([UID.seriesKo]);
    expect(uids(await getJson(`/series?SeriesInstanceUID=${UID.seriesDef}`), '0020000D')).toEqual([UID.studyUtf]);
    expect(await getJson('/series?Modality=MR')).toEqual([]);
  });

  it('lists instances in InstanceNumber order with their image attributes', async () => {
    const instances = await getJson(`/studies/${UID.studyCt}/series/${UID.seriesCt}/instances`);
    expect(uids(instances, '00080018')).toEqual(UID.sopCt);
    expect(uids(instances, '00200013')).toEqual([1, 2, 3]);
    expect(value(instances[0], '00280010')).toBe(4);
    expect(value(instances[0], '00280011')).toBe(4);
    expect(value(instances[0], '00080016')).toBe('1.2.840.10008.5.1.4.1.1.2');
    const [mf] = await getJson(`/studies/${UID.studyCt}/series/${UID.seriesMf}/instances`);
    expect(value(mf, '00280008')).toBe(3);
    expect(uids(await getJson(`/instances?SOPInstanceUID=${UID.sopKo}`), '0020000E')).toEqual([UID.seriesKo]);
    expect(await getJson(`/studies/${UID.studyDx}/instances`)).toHaveLength(2);
  });

  it('rejects parameters it cannot use with 400', async () => {
    for (const query of [
      'limit=abc',
      'offset=-1',
      'StudyDate=2024',
      'StudyDate=2024-01-01',
      'NoSuchKeyword=1',
      'includefield=Bogus',
      'fuzzymatching=maybe',
    ]) {
      const res = await fetch(`${base}/studies?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
  });
});

describe('WADO-RS metadata', () => {
  it('returns full DICOM JSON with decoded text, numbers, sequences and bulk data URIs', async () => {
    const metadata = await getJson(`/studies/${UID.studyDx}/series/${UID.seriesDx}/metadata`);
    expect(metadata).toHaveLength(1);
    const dx = metadata[0] as DicomJsonDataset;
    expect(dx['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'Müller^Jürgen' }] });
    expect(value(dx, '00080080')).toBe('Klinikum Süd');
    // the text is Unicode now, and says so
    expect(dx['00080005']).toEqual({ vr: 'CS', Value: ['ISO_IR 192'] });
    expect(dx['00280010']).toEqual({ vr: 'US', Value: [6] });
    expect(dx['00280030']).toEqual({ vr: 'DS', Value: [0.139, 0.139] });
    expect(dx['00281051']).toEqual({ vr: 'DS', Value: [400] });
    expect(dx['00181411']).toEqual({ vr: 'DS', Value: ['n/a'] }); // malformed: raw, not null
    expect(dx['00281050']).toEqual({ vr: 'DS' }); // malformed where OHIF renders from it: left empty
    expect(dx['00200013']).toEqual({ vr: 'IS', Value: [1] });
    expect(dx['00081110']?.Value?.[0]).toEqual({
      '00081150': { vr: 'UI', Value: ['1.2.840.10008.3.1.2.3.1'] },
      '00081155': { vr: 'UI', Value: ['2.25.99'] },
    });
    expect(dx['00291010']).toEqual({ vr: 'OB', InlineBinary: fixture.privateSmall.toString('base64') });
    expect(dx['00291011']?.BulkDataURI).toBe(`series/${UID.seriesDx}/instances/${UID.sopDx}/bulkdata/00291011`);
    expect(dx['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: `series/${UID.seriesDx}/instances/${UID.sopDx}/bulkdata/7FE00010` });
    expect(dx['00083002']).toEqual({ vr: 'UI', Value: [TS.explicit] });
    expect(dx['00020010']).toBeUndefined(); // no file meta in DICOMweb metadata
  });

  it('serves study, series and instance metadata, the KOS with its nested sequences', async () => {
    expect(await getJson(`/studies/${UID.studyCt}/metadata`)).toHaveLength(4);
    const [ko] = await getJson(`/studies/${UID.studyDx}/series/${UID.seriesKo}/instances/${UID.sopKo}/metadata`);
    expect(value(ko, '00080016')).toBe('1.2.840.10008.5.1.4.1.1.88.59');
    expect(ko?.['7FE00010']).toBeUndefined();
    const evidence = value(ko, '0040A375') as DicomJsonDataset;
    const series = value(evidence, '00081115') as DicomJsonDataset;
    const sop = value(series, '00081199') as DicomJsonDataset;
    expect(value(sop, '00081155')).toBe(UID.sopDx);
    const concept = value(ko, '0040A043') as DicomJsonDataset;
    expect(value(concept, '00080104')).toBe('Of Interest');
  });

  it('decodes UTF-8 names, implicit VR files, signed values, deflated and big endian files', async () => {
    const [utf] = await getJson(`/studies/${UID.studyUtf}/series/${UID.seriesDef}/metadata`);
    expect(value(utf, '00100010')).toEqual({ Alphabetic: 'Østergård^Åse' });
    expect(value(utf, '00083002')).toBe(TS.deflated);
    const [be] = await getJson(`/studies/${UID.studyUtf}/series/${UID.seriesBe}/metadata`);
    expect(value(be, '00280010')).toBe(4);
    expect(value(be, '00280100')).toBe(16);
    const ct = await getJson(`/studies/${UID.studyCt}/series/${UID.seriesCt}/metadata`);
    expect(value(ct[0], '00281052')).toBe(-1024);
    expect(ct[0]?.['00200032']?.Value).toEqual([0, 0, 2.5]);
    expect(ct[0]?.['00280103']).toEqual({ vr: 'US', Value: [1] });
  });

  it('resolves the BulkDataURIs the way OHIF does (relativeResolution "studies")', async () => {
    const [dx] = await getJson(`/studies/${UID.studyDx}/series/${UID.seriesDx}/instances/${UID.sopDx}/metadata`);
    // OHIF's fixBulkDataURI: a URI starting "series/" becomes `${wadoRoot}/studies/${StudyInstanceUID}/${uri}`
    const resolve = (uri: string | undefined): string => `${base}/studies/${UID.studyDx}/${uri}`;
    const pixels = await getBytes(resolve(dx?.['7FE00010']?.BulkDataURI), DICOMWEB_CLIENT_BULK_ACCEPT);
    expect(pixels.status).toBe(200);
    expect(dicomwebClientDecode(pixels.body)).toEqual([fixture.pixels[UID.sopDx]]);
    const blob = await getBytes(resolve(dx?.['00291011']?.BulkDataURI), 'application/octet-stream');
    expect(blob.type).toMatch(/^application\/octet-stream/);
    expect(blob.body).toEqual(fixture.privateLarge);
    // the same URI also resolves against the metadata URL (plain relative reference)
    const viaUrl = new URL(dx?.['7FE00010']?.BulkDataURI ?? '', `${base}/studies/${UID.studyDx}/`).href;
    expect((await getBytes(viaUrl)).status).toBe(200);
  });
});

describe('WADO-RS frames', () => {
  it('returns a native frame as multipart the cornerstone loader and dicomweb-client can read', async () => {
    const res = await getBytes(`${instanceUrl(UID.studyDx, UID.seriesDx, UID.sopDx)}/frames/1`, OHIF_FRAME_ACCEPT);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^multipart\/related; type="application\/octet-stream"; boundary=/);
    const parts = parseMultipart(res.type, res.body);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.headers['content-type']).toBe(`application/octet-stream; transfer-syntax=${TS.explicit}`);
    expect(parts[0]?.body).toEqual(fixture.pixels[UID.sopDx]);
    const cs = cornerstoneExtract(res.body);
    expect(cs.contentType).toBe(`application/octet-stream; transfer-syntax=${TS.explicit}`);
    expect(cs.pixelData).toEqual(fixture.pixels[UID.sopDx]);
    expect(dicomwebClientDecode(res.body)).toEqual([fixture.pixels[UID.sopDx]]);
  });

  it('slices multi-frame pixel data, one part per requested frame', async () => {
    const url = `${instanceUrl(UID.studyCt, UID.seriesMf, UID.sopMf)}/frames`;
    const mf = fixture.pixels[UID.sopMf] as Buffer;
    const frame = (n: number): Buffer => mf.subarray((n - 1) * 15, n * 15);
    const two = await getBytes(`${url}/2`, OHIF_FRAME_ACCEPT);
    expect(cornerstoneExtract(two.body).pixelData).toEqual(frame(2));
    const several = await getBytes(`${url}/3,1`, 'multipart/related; type="application/octet-stream"');
    expect(parseMultipart(several.type, several.body).map((p) => p.body)).toEqual([frame(3), frame(1)]);
  });

  it('serves implicit VR and deflated files, and accepts the quoted and bare Accept forms', async () => {
    for (const accept of [
      OHIF_FRAME_ACCEPT,
      'multipart/related; type="application/octet-stream"; transfer-syntax="1.2.840.10008.1.2.1"',
      '*/*',
    ]) {
      const res = await getBytes(`${instanceUrl(UID.studyCt, UID.seriesCt, UID.sopCt[1] as string)}/frames/1`, accept);
      expect(parseMultipart(res.type, res.body)[0]?.body).toEqual(fixture.pixels[UID.sopCt[1] as string]);
    }
    const deflated = await getBytes(`${instanceUrl(UID.studyUtf, UID.seriesDef, UID.sopDef)}/frames/1`, OHIF_FRAME_ACCEPT);
    expect(cornerstoneExtract(deflated.body).pixelData).toEqual(fixture.pixels[UID.sopDef]);
    const single = await getBytes(`${instanceUrl(UID.studyCt, UID.seriesCt, UID.sopCt[0] as string)}/frames/1`, 'application/octet-stream');
    expect(single.type).toBe(`application/octet-stream; transfer-syntax=${TS.explicit}`);
    expect(single.body).toEqual(fixture.pixels[UID.sopCt[0] as string]);
  });

  it('returns compressed frames as stored when the Accept header allows it, 406 otherwise', async () => {
    const url = `${instanceUrl(UID.studyUtf, UID.seriesEnc, UID.sopEnc)}/frames`;
    const asOhif = await getBytes(`${url}/2`, OHIF_FRAME_ACCEPT);
    const cs = cornerstoneExtract(asOhif.body);
    expect(cs.contentType).toBe(`application/octet-stream; transfer-syntax=${TS.jpegBaseline}`);
    expect(cs.pixelData).toEqual(fixture.jpegFrames[1]);
    const asJpeg = await getBytes(`${url}/1`, 'multipart/related; type="image/jpeg"');
    expect(parseMultipart(asJpeg.type, asJpeg.body)[0]).toEqual({
      headers: {
        'content-type': `image/jpeg; transfer-syntax=${TS.jpegBaseline}`,
        'content-length': String(fixture.jpegFrames[0]?.length),
      },
      body: fixture.jpegFrames[0],
    });
    const both = await getBytes(`${url}/1,2`, `multipart/related; type=image/jpeg; transfer-syntax=${TS.jpegBaseline}`);
    expect(parseMultipart(both.type, both.body).map((p) => p.body)).toEqual(fixture.jpegFrames);
    expect((await getBytes(`${url}/1`, 'multipart/related; type="application/octet-stream"')).status).toBe(406);
    expect((await getBytes(`${url}/1`, 'multipart/related; type="image/jp2"')).status).toBe(406);
    const bulk = await getBytes(
      `${base}/studies/${UID.studyUtf}/series/${UID.seriesEnc}/instances/${UID.sopEnc}/bulkdata/7FE00010`,
      OHIF_FRAME_ACCEPT,
    );
    expect(parseMultipart(bulk.type, bulk.body).map((p) => p.body)).toEqual(fixture.jpegFrames);
  });

  it('answers bad frame numbers, missing pixel data and big endian frames with errors', async () => {
    const dx = `${instanceUrl(UID.studyDx, UID.seriesDx, UID.sopDx)}/frames`;
    expect((await getBytes(`${dx}/0`)).status).toBe(400);
    expect((await getBytes(`${dx}/one`)).status).toBe(400);
    expect((await getBytes(`${dx}/2`)).status).toBe(404);
    expect((await getBytes(`${instanceUrl(UID.studyDx, UID.seriesKo, UID.sopKo)}/frames/1`)).status).toBe(404);
    expect((await getBytes(`${instanceUrl(UID.studyUtf, UID.seriesBe, UID.sopBe)}/frames/1`)).status).toBe(406);
    // big endian bulk data comes back as little endian words
    const be = await getBytes(`${instanceUrl(UID.studyUtf, UID.seriesBe, UID.sopBe)}/bulkdata/7FE00010`, 'application/octet-stream');
    expect(be.body).toEqual(fixture.pixels[UID.sopBe]);
  });
});

describe('WADO-RS instances and errors', () => {
  it('returns the Part 10 file as multipart application/dicom', async () => {
    const res = await getBytes(instanceUrl(UID.studyDx, UID.seriesDx, UID.sopDx), 'multipart/related; type="application/dicom"');
    expect(res.type).toMatch(/^multipart\/related; type="application\/dicom"/);
    const [part] = parseMultipart(res.type, res.body);
    expect(part?.headers['content-type']).toBe(`application/dicom; transfer-syntax=${TS.explicit}`);
    expect(part?.body).toEqual(fixture.files['a-studies/dx/IM0001.dcm']);
    const series = await getBytes(
      `${base}/studies/${UID.studyCt}/series/${UID.seriesCt}`,
      'multipart/related; type="application/dicom"; transfer-syntax=*',
    );
    expect(parseMultipart(series.type, series.body)).toHaveLength(3);
    const jpeg = await getBytes(
      instanceUrl(UID.studyUtf, UID.seriesEnc, UID.sopEnc),
      `multipart/related; type="application/dicom"; transfer-syntax=${TS.explicit}`,
    );
    expect(jpeg.status).toBe(406); // no transcoding
  });

  it('answers unknown resources with 404 and a message', async () => {
    const paths = [
      '/studies/9.9.9/metadata',
      '/studies/9.9.9/series',
      `/studies/${UID.studyDx}/series/9.9/metadata`,
      `/studies/${UID.studyDx}/series/${UID.seriesDx}/instances/9.9/metadata`,
      `/studies/${UID.studyDx}/series/${UID.seriesDx}/instances/${UID.sopDx}/bulkdata/00100010`,
      '/nothing-here',
    ];
    for (const p of paths) {
      const res = await fetch(base + p);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(((await res.json()) as { error: string }).error).toMatch(/unknown|no /);
    }
  });

  it('handles HEAD, OPTIONS and refuses other methods', async () => {
    const head = await fetch(`${base}/studies`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const options = await fetch(`${base}/studies`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const post = await fetch(`${base}/studies`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe('createDicomwebHandler mounted under a base path', () => {
  let host: Server;
  let origin: string;

  beforeAll(async () => {
    const { index } = await scanDicomFolder(fixture.dir);
    const relative = createDicomwebHandler(index, { basePath: '/dicomweb' });
    const absolute = createDicomwebHandler(index, { basePath: '/abs/dicomweb', bulkDataURI: 'absolute' });
    host = createServer((req, res) => {
      void (async () => {
        if ((await relative(req, res)) || (await absolute(req, res))) return;
        res.writeHead(418).end('viewer');
      })();
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

  it('answers only under its base path', async () => {
    expect((await fetch(`${origin}/dicomweb/studies`)).status).toBe(200);
    expect((await fetch(`${origin}/index.html`)).status).toBe(418);
    expect((await fetch(`${origin}/dicomwebx/studies`)).status).toBe(418);
    expect((await fetch(`${origin}/dicomweb/nothing`)).status).toBe(404);
  });

  it('can emit absolute BulkDataURIs under the origin of the request', async () => {
    const res = await fetch(`${origin}/abs/dicomweb/studies/${UID.studyDx}/series/${UID.seriesDx}/metadata`);
    const [dx] = (await res.json()) as DicomJsonDataset[];
    const uri = dx?.['7FE00010']?.BulkDataURI ?? '';
    expect(uri).toBe(`${origin}/abs/dicomweb/studies/${UID.studyDx}/series/${UID.seriesDx}/instances/${UID.sopDx}/bulkdata/7FE00010`);
    const pixels = await getBytes(uri, 'application/octet-stream');
    expect(pixels.body).toEqual(fixture.pixels[UID.sopDx]);
  });
});
