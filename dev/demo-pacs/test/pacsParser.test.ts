/**
 * The parts of the demo PACS below HTTP, on hand-encoded data: encodings dcmjs does not write
 * (defined-length sequences, UN sequences, icons, fragmented and bit-packed frames), value
 * edge cases, character sets, Accept headers, and robustness against corrupted files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { negotiate, parseAccept, type Offer } from '../src/accept';
import { InstanceBytes } from '../src/bytes';
import { decoderForCharacterSet } from '@iqs/dicom';
import { datasetToJson, type DicomJsonDataset } from '@iqs/dicom';
import { readFrames } from '../src/frames';
import { DicomParseError, parsePart10 } from '@iqs/dicom';
import { readHeader } from '@iqs/dicom';
import { instanceFromHeader, scanDicomFolder } from '../src/scan';
import { UID, writeFixture } from './pacsFixtures';

// ---- a tiny explicit VR little endian encoder -----------------------------------------------

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;

function tagBytes(tag: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  return b;
}

function el(tag: number, vr: string, value: Buffer | string, undefinedLength = false): Buffer {
  let v = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (v.length % 2 === 1 && !undefinedLength) v = Buffer.concat([v, Buffer.from(vr === 'UI' ? [0] : [0x20])]);
  const length = undefinedLength ? UNDEFINED : v.length;
  const head = LONG.has(vr) ? Buffer.alloc(8) : Buffer.alloc(4);
  head.write(vr, 0, 'latin1');
  if (LONG.has(vr)) head.writeUInt32LE(length, 4);
  else head.writeUInt16LE(length, 2);
  return Buffer.concat([tagBytes(tag), head, v]);
}

/** implicit VR element (for the content of UN sequences) */
function implicitEl(tag: number, value: Buffer | string): Buffer {
  const v = typeof value === 'string' ? Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1') : value;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(v.length);
  return Buffer.concat([tagBytes(tag), len, v]);
}

function item(content: Buffer, undefinedLength = false): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(undefinedLength ? UNDEFINED : content.length);
  const end = undefinedLength ? Buffer.concat([tagBytes(0xfffee00d), Buffer.alloc(4)]) : Buffer.alloc(0);
  return Buffer.concat([tagBytes(0xfffee000), len, content, end]);
}

const seqEnd = (): Buffer => Buffer.concat([tagBytes(0xfffee0dd), Buffer.alloc(4)]);
const u16 = (...values: number[]): Buffer => Buffer.from(Uint16Array.from(values).buffer);

function file(transferSyntax: string, dataset: Buffer[]): Buffer {
  const ts = el(0x00020010, 'UI', transferSyntax);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(ts.length);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), el(0x00020000, 'UL', groupLength), ts, ...dataset]);
}

const EXPLICIT = '1.2.840.10008.1.2.1';
const ids = (sop: string): Buffer[] => [el(0x00080018, 'UI', sop), el(0x0020000d, 'UI', '2.25.5'), el(0x0020000e, 'UI', '2.25.5.1')];

function toJson(bytes: Buffer): DicomJsonDataset {
  const parsed = parsePart10(bytes, bytes.length);
  return datasetToJson(parsed.dataset, { littleEndian: true, inlineBinaryLimit: 1024, bulkData: (p) => `bulk/${p}` });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iqs-pacs-unit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function instanceFrom(name: string, bytes: Buffer) {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  const { parsed, size } = await readHeader(p);
  return instanceFromHeader(p, size, parsed);
}

describe('Part 10 parsing and DICOM JSON', () => {
  it('reads defined-length sequences, per-item character sets and UN sequences', () => {
    const json = toJson(
      file(EXPLICIT, [
        el(0x00080005, 'CS', 'ISO_IR 100'),
        el(
          0x00081110,
          'SQ',
          Buffer.concat([
            item(el(0x00100010, 'PN', Buffer.from('Gr\xfcn^Eva', 'latin1'))),
            item(Buffer.concat([el(0x00080005, 'CS', 'ISO_IR 192'), el(0x00100010, 'PN', Buffer.from('Grün^Eva', 'utf8'))])),
          ]),
        ),
        // a private sequence written as UN with undefined length: implicit VR inside
        el(0x00091010, 'UN', Buffer.concat([item(implicitEl(0x00180050, '2.5'), true), seqEnd()]), true),
        // a known attribute written as UN: read as its real VR
        el(0x00181030, 'UN', 'PROTO'),
        ...ids('2.25.5.1.1'),
      ]),
    );
    const items = json['00081110']?.Value as DicomJsonDataset[];
    expect(items.map((i) => i['00100010']?.Value?.[0])).toEqual([{ Alphabetic: 'Grün^Eva' }, { Alphabetic: 'Grün^Eva' }]);
    expect(json['00091010']).toEqual({ vr: 'SQ', Value: [{ '00180050': { vr: 'DS', Value: [2.5] } }] });
    expect(json['00181030']).toEqual({ vr: 'LO', Value: ['PROTO'] });
  });

  it('converts values per VR and keeps malformed numbers as their raw text', () => {
    const at = u16(0x0028, 0x0010);
    const fd = Buffer.alloc(8);
    fd.writeDoubleLE(1.25);
    const sv = Buffer.alloc(16);
    sv.writeBigInt64LE(-5n, 0);
    sv.writeBigInt64LE(2n ** 62n, 8);
    const json = toJson(
      file(EXPLICIT, [
        el(0x00080005, 'CS', 'ISO_IR 192'),
        el(0x00080008, 'CS', 'ORIGINAL\\PRIMARY\\\\'),
        el(0x00100010, 'PN', Buffer.from('Yamada^Tarou=山田^太郎=やまだ^たろう', 'utf8')),
        el(0x00181050, 'DS', '1e400\\ 0.5 \\+3'),
        el(0x00200013, 'IS', '1.0'),
        el(0x00200012, 'IS', ' 42 '),
        el(0x00209165, 'AT', at),
        el(0x00189327, 'FD', fd),
        el(0x0040a161, 'SV', sv),
        el(0x00204000, 'LT', '  indented\\text  '),
        el(0x00100020, 'LO', ''),
        ...ids('2.25.5.1.2'),
      ]),
    );
    expect(json['00080008']?.Value).toEqual(['ORIGINAL', 'PRIMARY', null, null]);
    expect(json['00100010']?.Value).toEqual([{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }]);
    expect(json['00181050']?.Value).toEqual(['1e400', 0.5, 3]);
    expect(json['00200013']?.Value).toEqual(['1.0']);
    expect(json['00200012']?.Value).toEqual([42]);
    expect(json['00209165']?.Value).toEqual(['00280010']);
    expect(json['00189327']?.Value).toEqual([1.25]);
    expect(json['0040A161']?.Value).toEqual([-5, '4611686018427387904']);
    expect(json['00204000']?.Value).toEqual(['  indented\\text']);
    expect(json['00100020']).toEqual({ vr: 'LO' });
  });

  it('locates an encapsulated icon inside a sequence as bulk data', () => {
    const icon = Buffer.concat([item(Buffer.alloc(0)), item(Buffer.from([1, 2, 3, 4])), seqEnd()]);
    const json = toJson(
      file(EXPLICIT, [
        el(0x00880200, 'SQ', Buffer.concat([item(el(0x7fe00010, 'OB', icon, true), true), seqEnd()]), true),
        ...ids('2.25.5.1.3'),
      ]),
    );
    expect((json['00880200']?.Value?.[0] as DicomJsonDataset)['7FE00010']).toEqual({ vr: 'OB', BulkDataURI: 'bulk/00880200/0/7FE00010' });
  });

  it('reads headers longer than the first chunk', async () => {
    const longText = 'x'.repeat(150_000);
    const inst = await instanceFrom(
      'long-header.dcm',
      file(EXPLICIT, [
        ...ids('2.25.5.1.4'),
        el(0x00284000, 'UT', longText),
        el(0x00280010, 'US', u16(2)),
        el(0x00280011, 'US', u16(2)),
        el(0x00280100, 'US', u16(16)),
        el(0x7fe00010, 'OW', u16(1, 2, 3, 4)),
      ]),
    );
    expect(inst.json['00284000']?.Value?.[0]).toBe(longText);
    expect(inst.pixelData?.length).toBe(8);
  });

  it('never fails with anything but a reason on corrupted files', async () => {
    const fixtureDir = path.join(dir, 'fixture');
    writeFixture(fixtureDir);
    const sources = ['a-studies/dx/IM0001.dcm', 'a-studies/ct/CT0.dcm', 'a-studies/dx/KO0001.dcm'].map((f) =>
      readFileSync(path.join(fixtureDir, f)),
    );
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    let rejected = 0;
    for (let round = 0; round < 600; round++) {
      const bytes = Buffer.from(sources[round % sources.length] as Buffer);
      for (let k = 0; k < 1 + rand(6); k++) bytes[132 + rand(Math.min(bytes.length - 132, 700))] = rand(256);
      const cut = rand(4) === 0 ? bytes.subarray(0, 132 + rand(bytes.length - 132)) : bytes;
      try {
        const parsed = parsePart10(cut, cut.length);
        instanceFromHeader('x.dcm', cut.length, parsed);
      } catch (err) {
        if (!(err instanceof DicomParseError)) throw err;
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('frames', () => {
  const image = (rows: number, columns: number, bits: number, frames: number): Buffer[] => [
    el(0x00280002, 'US', u16(1)),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    el(0x00280008, 'IS', String(frames)),
    el(0x00280010, 'US', u16(rows)),
    el(0x00280011, 'US', u16(columns)),
    el(0x00280100, 'US', u16(bits)),
  ];
  const bytes = new InstanceBytes();

  it('splits fragments into frames by codestream start when there is no offset table', async () => {
    const f1a = Buffer.from([0xff, 0xd8, 1, 2]);
    const f1b = Buffer.from([3, 4, 0xff, 0xd9]);
    const f2 = Buffer.from([0xff, 0xd8, 5, 6, 0xff, 0xd9]);
    const pixels = Buffer.concat([item(Buffer.alloc(0)), item(f1a), item(f1b), item(f2), seqEnd()]);
    const inst = await instanceFrom(
      'enc-nobot.dcm',
      file('1.2.840.10008.1.2.4.50', [...ids('2.25.5.2.1'), ...image(2, 2, 8, 2), el(0x7fe00010, 'OB', pixels, true)]),
    );
    expect(await readFrames(inst, [2, 1], bytes)).toEqual([f2, Buffer.concat([f1a, f1b])]);
  });

  it('uses the Basic Offset Table for frames of several fragments', async () => {
    const frags = [Buffer.from([0xff, 0xd8, 1, 1]), Buffer.from([2, 2]), Buffer.from([0xff, 0xd8, 3, 3]), Buffer.from([4, 4])];
    const table = Buffer.alloc(8);
    table.writeUInt32LE(0, 0);
    table.writeUInt32LE(8 + 4 + 8 + 2, 4); // second frame starts at the third fragment's item
    const pixels = Buffer.concat([item(table), ...frags.map((f) => item(f)), seqEnd()]);
    const inst = await instanceFrom(
      'enc-bot.dcm',
      file('1.2.840.10008.1.2.4.50', [...ids('2.25.5.2.2'), ...image(2, 2, 8, 2), el(0x7fe00010, 'OB', pixels, true)]),
    );
    expect(await readFrames(inst, [1, 2], bytes)).toEqual([
      Buffer.concat([frags[0] as Buffer, frags[1] as Buffer]),
      Buffer.concat([frags[2] as Buffer, frags[3] as Buffer]),
    ]);
  });

  it('cuts bit-packed frames that do not start on a byte boundary', async () => {
    // three 3×3 1-bit frames: 27 bits; frame 2 is bits 9..17
    const bits = [1, 0, 1, 0, 1, 0, 1, 0, 1, /**/ 1, 1, 0, 0, 1, 1, 0, 0, 1, /**/ 0, 0, 0, 1, 1, 1, 0, 0, 0];
    const packed = Buffer.alloc(4);
    bits.forEach((b, i) => (packed[i >> 3] = (packed[i >> 3] as number) | (b << (i & 7))));
    const inst = await instanceFrom('bits.dcm', file(EXPLICIT, [...ids('2.25.5.2.3'), ...image(3, 3, 1, 3), el(0x7fe00010, 'OB', packed)]));
    const [frame2] = await readFrames(inst, [2], bytes);
    const expected = Buffer.alloc(2);
    bits.slice(9, 18).forEach((b, i) => (expected[i >> 3] = (expected[i >> 3] as number) | (b << (i & 7))));
    expect(frame2).toEqual(expected);
  });
});

describe('character sets', () => {
  it('decodes the common single-byte sets, UTF-8, GB18030 and ISO 2022 Japanese', () => {
    const decode = (sets: string[], bytes: number[]): string => decoderForCharacterSet(sets)(Uint8Array.from(bytes));
    expect(decode(['ISO_IR 100'], [0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72])).toBe('Müller');
    expect(decode([], [0x4d, 0xfc])).toBe('Mü'); // undeclared 8-bit text: Latin-1
    expect(decode(['ISO_IR 101'], [0x4c, 0xf3, 0x64, 0xbc])).toBe('Lódź');
    expect(decode(['ISO_IR 144'], [0xb8, 0xd2, 0xd0, 0xdd])).toBe('Иван');
    expect(decode(['ISO_IR 192'], [...Buffer.from('Åse', 'utf8')])).toBe('Åse');
    expect(decode(['GB18030'], [0xd6, 0xd0, 0xce, 0xc4])).toBe('中文');
    // "ESC $ B" + JIS X 0208 for 山田 + "ESC ( B"
    expect(decode(['', 'ISO 2022 IR 87'], [0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42])).toBe('山田');
  });
});

describe('Accept negotiation', () => {
  const native: Offer[] = [{ mediaType: 'application/octet-stream', transferSyntax: EXPLICIT, alsoMatches: ['1.2.840.10008.1.2'] }];
  const jpeg: Offer[] = [
    { mediaType: 'image/jpeg', transferSyntax: '1.2.840.10008.1.2.4.50' },
    { mediaType: 'application/octet-stream', transferSyntax: '1.2.840.10008.1.2.4.50' },
  ];
  const pick = (accept: string | undefined, offers: Offer[], singlePartAllowed = true) =>
    negotiate(parseAccept(accept), offers, { singlePartAllowed, defaultTransferSyntax: EXPLICIT });

  it('reads quoted and bare parameters, lists and q-values', () => {
    expect(parseAccept('multipart/related; type="application/octet-stream"; transfer-syntax=*')).toEqual([
      { mediaType: 'multipart/related', params: { type: 'application/octet-stream', 'transfer-syntax': '*' }, q: 1 },
    ]);
    expect(parseAccept('image/jpeg;q=0.5, Multipart/Related;Type=image/jls').map((r) => r.mediaType)).toEqual([
      'multipart/related',
      'image/jpeg',
    ]);
    expect(parseAccept(undefined)).toEqual([{ mediaType: '*/*', params: {}, q: 1 }]);
  });

  it('chooses what can be sent as stored', () => {
    expect(pick('multipart/related; type=application/octet-stream; transfer-syntax=*', jpeg)).toEqual({
      multipart: true,
      mediaType: 'application/octet-stream',
      transferSyntax: '1.2.840.10008.1.2.4.50',
    });
    expect(pick('multipart/related; type="image/jpeg"', jpeg)?.mediaType).toBe('image/jpeg');
    expect(pick('multipart/related; type="application/octet-stream"', jpeg)).toBeUndefined();
    expect(pick('multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2', native)?.transferSyntax).toBe(
      '1.2.840.10008.1.2',
    );
    expect(pick('application/octet-stream', native)).toEqual({
      multipart: false,
      mediaType: 'application/octet-stream',
      transferSyntax: EXPLICIT,
    });
    expect(pick('application/octet-stream', native, false)).toBeUndefined();
    expect(pick('*/*', native, false)?.multipart).toBe(true);
  });
});

describe('scan of the fixture', () => {
  it('keeps the Latin-1 file really Latin-1, as dcmjs also reads it', async () => {
    const fixtureDir = path.join(dir, 'fixture-latin1');
    const fixture = writeFixture(fixtureDir);
    const bytes = fixture.files['a-studies/dx/IM0001.dcm'] as Buffer;
    expect(bytes.includes(Buffer.from('M\xfcller^J\xfcrgen', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('Müller', 'utf8'))).toBe(false);
    const { default: dcmjs } = await import('dcmjs');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const { DicomMessage } = (dcmjs as any).data;
    const dict = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    expect(dict.dict['00100010'].Value[0].Alphabetic).toBe('Müller^Jürgen');
    const { index } = await scanDicomFolder(fixtureDir);
    expect(index.studies.get(UID.studyDx)?.attributes['00100010']?.Value).toEqual([{ Alphabetic: 'Müller^Jürgen' }]);
  });
});
