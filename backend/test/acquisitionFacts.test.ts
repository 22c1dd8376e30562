/**
 * The patient and acquisition facts of an image (weight, size, kVp, mAs, exposure time, SID, grid, filter, AEC mode)
 * read from Part 10 files as the ingestion reads them: explicit and implicit VR little endian, deflated, and explicit
 * VR big endian (retired, still found in archives: binary values such as FD swap their bytes, text does not). Missing
 * and malformed values are unknown. The files are written here; the expected facts are worked out by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRANSFER_SYNTAX, writePart10, type DicomItem } from '@iqs/dicom';
import { type IngestLine, lineFromFile } from '../src/ingest/ingestLine';

let folder: string;
let count = 0;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-acquisition-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function read(file: Buffer): Promise<Exclude<IngestLine, { error: string }>> {
  const name = path.join(folder, `${++count}.dcm`);
  writeFileSync(name, file);
  const line = await lineFromFile(name, new Map());
  if ('error' in line) throw new Error(`${name}: ${line.error}`);
  return line;
}

const DX = '1.2.840.10008.5.1.4.1.1.1.1';
const BASE: DicomItem = {
  SOPClassUID: DX,
  SOPInstanceUID: '2.25.1001',
  StudyInstanceUID: '2.25.1002',
  SeriesInstanceUID: '2.25.1003',
  Modality: 'DX',
  StudyDate: '20260314',
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  Rows: 2,
  Columns: 2,
  BitsAllocated: 16,
  BitsStored: 12,
  HighBit: 11,
  PixelRepresentation: 0,
};
const PIXELS = new Uint16Array([1, 2, 3, 4]);

/** A DX chest PA as a modality writes it: 2.5 mAs only fits Exposure in µAs; FD values test the byte order. */
const ACQUISITION: DicomItem = {
  PatientWeight: '82.5',
  PatientSize: '1.78',
  KVP: '125',
  Exposure: '3',
  ExposureInuAs: '2500',
  ExposureTime: '6',
  ExposureTimeInms: 6.25,
  DistanceSourceToDetector: '1800',
  Grid: ['FOCUSED', 'RECIPROCATING'],
  FilterMaterial: ['COPPER', 'ALUMINUM'],
  ExposureControlMode: 'AUTOMATIC',
};
// worked out by hand: 2500 µAs = 2.5 mAs; ExposureTimeInms (FD) is more precise than the integer ExposureTime
const EXPECTED = {
  patient_weight_kg: 82.5,
  patient_size_m: 1.78,
  kvp: 125,
  exposure_mas: 2.5,
  exposure_time_ms: 6.25,
  distance_source_detector_mm: 1800,
  grid: 'FOCUSED\\RECIPROCATING',
  filter_material: 'COPPER\\ALUMINUM',
  aec_mode: 'AUTOMATIC',
};

describe('acquisition facts from files', () => {
  it.each([
    ['explicit VR little endian', TRANSFER_SYNTAX.explicitLittle],
    ['implicit VR little endian', TRANSFER_SYNTAX.implicitLittle],
    ['deflated explicit VR little endian', TRANSFER_SYNTAX.deflatedExplicitLittle],
  ])('%s', async (_label, transferSyntax) => {
    const line = await read(writePart10({ ...BASE, ...ACQUISITION, PixelData: PIXELS }, { transferSyntax }));
    expect(line).toMatchObject({ object: 'image', ...EXPECTED });
  });

  it('explicit VR big endian: an FD exposure in mAs and time in ms, and US rows, with their bytes swapped', async () => {
    const line = await read(
      bigEndianPart10([
        ...baseElementsBigEndian(),
        str(0x00101020, 'DS', '1.78'),
        str(0x00101030, 'DS', '82.5'),
        str(0x00180060, 'DS', '125'),
        str(0x00181110, 'DS', '1800'),
        str(0x00181150, 'IS', '6'),
        str(0x00181152, 'IS', '3'),
        str(0x00181166, 'CS', 'FOCUSED\\RECIPROCATING'),
        str(0x00187050, 'CS', 'COPPER\\ALUMINUM'),
        str(0x00187060, 'CS', 'AUTOMATIC'),
        fd(0x00189328, 6.25),
        fd(0x00189332, 2.375),
        pixelData(),
      ]),
    );
    // Exposure in mAs (FD) wins over Exposure (IS, 3): 2.375 mAs as written, not a swapped-bytes nonsense number
    expect(line).toMatchObject({ object: 'image', ...EXPECTED, exposure_mas: 2.375, exposure_time_ms: 6.25 });
  });

  it('an image without any of these attributes has them all unknown', async () => {
    const line = await read(writePart10({ ...BASE, PixelData: PIXELS }));
    for (const field of Object.keys(EXPECTED)) expect({ field, value: line[field as keyof typeof line] }).toEqual({ field, value: null });
  });

  it.each<[string, DicomItem, Record<string, unknown>]>([
    ['a height in cm, a weight of 0', { PatientSize: '178', PatientWeight: '0' }, { patient_size_m: null, patient_weight_kg: null }],
    [
      'text in DS and IS values',
      { KVP: 'high', Exposure: '2,5', ExposureInuAs: 'n/a', DistanceSourceToDetector: '1.8.0' },
      { kvp: null, exposure_mas: null, distance_source_detector_mm: null },
    ],
    ['a decimal in an IS value (not conformant, but clear)', { ExposureInuAs: '2500.0' }, { exposure_mas: 2.5 }],
    ['a bad µAs falls back to the integer mAs', { ExposureInuAs: '-5', Exposure: '4' }, { exposure_mas: 4 }],
    [
      'empty code strings',
      { Grid: '', FilterMaterial: '', ExposureControlMode: '' },
      { grid: null, filter_material: null, aec_mode: null },
    ],
    ['padded lower-case code strings', { Grid: 'none', ExposureControlMode: 'manual' }, { grid: 'NONE', aec_mode: 'MANUAL' }],
  ])('%s', async (_label, attributes, expected) => {
    for (const transferSyntax of [TRANSFER_SYNTAX.explicitLittle, TRANSFER_SYNTAX.implicitLittle]) {
      const line = await read(writePart10({ ...BASE, ...attributes, PixelData: PIXELS }, { transferSyntax }));
      expect({ transferSyntax, ...line }).toMatchObject({ transferSyntax, ...expected });
    }
  });

  it('a CT image: KVP, mAs and the tube current modulation (Exposure Modulation Type) of a classic CT image', async () => {
    const line = await read(
      writePart10(
        {
          ...BASE,
          SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
          Modality: 'CT',
          KVP: '100',
          Exposure: '145',
          ExposureTime: '500',
          ExposureModulationType: 'XYZ_EC',
          CTDIvol: 6.8,
          PixelData: PIXELS,
        },
        { transferSyntax: TRANSFER_SYNTAX.implicitLittle },
      ),
    );
    expect(line).toMatchObject({ kvp: 100, exposure_mas: 145, exposure_time_ms: 500, aec_mode: 'XYZ_EC', ctdivol_mgy: 6.8 });
  });

  it('a mammogram: compressed breast thickness, organ dose (the AGD) in mGy, target/filter and kVp', async () => {
    const line = await read(
      writePart10({
        ...BASE,
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2',
        Modality: 'MG',
        BodyPartThickness: '52',
        // (0040,0316) is in dGy: 0.0135 dGy = 1.35 mGy
        OrganDose: '0.0135',
        KVP: '29',
        ExposureInuAs: '85000',
        FilterMaterial: 'RHODIUM',
        PixelData: PIXELS,
      }),
    );
    expect(line).toMatchObject({ body_part_thickness_mm: 52, organ_dose_mgy: 1.35, kvp: 29, exposure_mas: 85, filter_material: 'RHODIUM' });
  });
});

// --- explicit VR big endian, written by hand (the Part 10 writer writes little endian only) -------------------------

type Element = { tag: number; vr: string; value: Buffer };

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function str(tag: number, vr: string, text: string): Element {
  const padded = text.length % 2 === 0 ? text : `${text}${vr === 'UI' ? '\0' : ' '}`;
  return { tag, vr, value: Buffer.from(padded, 'latin1') };
}

function us(tag: number, value: number): Element {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return { tag, vr: 'US', value: buffer };
}

function fd(tag: number, value: number): Element {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleBE(value);
  return { tag, vr: 'FD', value: buffer };
}

function pixelData(): Element {
  const buffer = Buffer.alloc(PIXELS.length * 2);
  PIXELS.forEach((value, i) => buffer.writeUInt16BE(value, i * 2));
  return { tag: 0x7fe00010, vr: 'OW', value: buffer };
}

function encode(elements: readonly Element[], littleEndian: boolean): Buffer {
  const parts = [...elements]
    .sort((a, b) => a.tag - b.tag)
    .map(({ tag, vr, value }) => {
      const long = LONG_VRS.has(vr);
      const header = Buffer.alloc(long ? 12 : 8);
      const u16 = (n: number, at: number) => (littleEndian ? header.writeUInt16LE(n, at) : header.writeUInt16BE(n, at));
      u16(tag >>> 16, 0);
      u16(tag & 0xffff, 2);
      header.write(vr, 4, 'ascii');
      if (long) {
        if (littleEndian) header.writeUInt32LE(value.length, 8);
        else header.writeUInt32BE(value.length, 8);
      } else u16(value.length, 6);
      return Buffer.concat([header, value]);
    });
  return Buffer.concat(parts);
}

function baseElementsBigEndian(): Element[] {
  return [
    str(0x00080016, 'UI', DX),
    str(0x00080018, 'UI', '2.25.2001'),
    str(0x00080020, 'DA', '20260314'),
    str(0x00080060, 'CS', 'DX'),
    str(0x0020000d, 'UI', '2.25.2002'),
    str(0x0020000e, 'UI', '2.25.2003'),
    us(0x00280002, 1),
    str(0x00280004, 'CS', 'MONOCHROME2'),
    us(0x00280010, 2),
    us(0x00280011, 2),
    us(0x00280100, 16),
    us(0x00280101, 12),
    us(0x00280102, 11),
    us(0x00280103, 0),
  ];
}

/** Preamble, DICM, the file meta in explicit VR little endian (always), then the dataset in big endian. */
function bigEndianPart10(dataset: readonly Element[]): Buffer {
  const meta = encode(
    [
      { tag: 0x00020001, vr: 'OB', value: Buffer.from([0, 1]) },
      str(0x00020002, 'UI', DX),
      str(0x00020003, 'UI', '2.25.2001'),
      str(0x00020010, 'UI', '1.2.840.10008.1.2.2'),
      str(0x00020012, 'UI', '1.2.826.0.1.3680043.10.1467.1'),
    ],
    true,
  );
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'ascii'),
    encode([{ tag: 0x00020000, vr: 'UL', value: groupLength }], true),
    meta,
    encode(dataset, false),
  ]);
}
