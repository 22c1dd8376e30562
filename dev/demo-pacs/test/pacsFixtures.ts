/**
 * Small DICOM Part 10 files for the demo PACS tests, written with dcmjs into a temp folder:
 * DX/CT/KOS studies, a multi-frame, a fake-JPEG encapsulated, a deflated and a big endian
 * file, a really-Latin-1 name, and a few broken files that the scan must skip.
 */
import { deflateRawSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import dcmjsModule from 'dcmjs';
import { type ParsedPart, readMultipart } from '@iqs/dicom';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { DicomDict, DicomMetaDictionary } = (dcmjsModule as any).data;

export const TS = {
  implicit: '1.2.840.10008.1.2',
  explicit: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  bigEndian: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
};

const DX_CLASS = '1.2.840.10008.5.1.4.1.1.1.1';
const CT_CLASS = '1.2.840.10008.5.1.4.1.1.2';
const KOS_CLASS = '1.2.840.10008.5.1.4.1.1.88.59';

export const UID = {
  studyDx: '2.25.1001',
  seriesDx: '2.25.1001.1',
  sopDx: '2.25.1001.1.1',
  seriesKo: '2.25.1001.2',
  sopKo: '2.25.1001.2.1',
  studyCt: '2.25.2002',
  seriesCt: '2.25.2002.1',
  sopCt: ['2.25.2002.1.1', '2.25.2002.1.2', '2.25.2002.1.3'],
  seriesMf: '2.25.2002.2',
  sopMf: '2.25.2002.2.1',
  studyUtf: '2.25.3003',
  seriesEnc: '2.25.3003.1',
  sopEnc: '2.25.3003.1.1',
  seriesDef: '2.25.3003.2',
  sopDef: '2.25.3003.2.1',
  seriesBe: '2.25.3003.3',
  sopBe: '2.25.3003.3.1',
};

export interface RawElement {
  vr: string;
  Value: unknown[];
}

export interface Part10Options {
  transferSyntax?: string;
  /** elements added as is (tag → {vr, Value}), e.g. private ones */
  raw?: Record<string, RawElement>;
  /** [placeholder, text]: the placeholder's bytes are replaced by the text's Latin-1 bytes */
  latin1?: [string, string][];
}

/** Writes a naturalized data set as a Part 10 file with dcmjs and returns its bytes. */
export function part10(dataset: Record<string, unknown>, options: Part10Options = {}): Buffer {
  const transferSyntax = options.transferSyntax ?? TS.explicit;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: transferSyntax === TS.deflated ? TS.explicit : transferSyntax,
    ImplementationClassUID: '2.25.42',
  });
  const dict = new DicomDict(meta);
  dict.dict = { ...DicomMetaDictionary.denaturalizeDataset(dataset), ...(options.raw ?? {}) };
  let bytes: Buffer = Buffer.from(dict.write() as ArrayBuffer);
  for (const [placeholder, text] of options.latin1 ?? []) {
    const at = bytes.indexOf(placeholder, 0, 'latin1');
    const replacement = Buffer.from(text, 'latin1');
    if (at < 0 || replacement.length !== placeholder.length) throw new Error(`cannot patch ${placeholder}`);
    replacement.copy(bytes, at);
  }
  if (transferSyntax === TS.deflated) bytes = deflate(bytes);
  return bytes;
}

/** dcmjs writes no deflated files: write explicit VR LE, then swap the syntax and deflate the data set. */
function deflate(explicitFile: Buffer): Buffer {
  const metaEnd = 144 + explicitFile.readUInt32LE(140);
  const meta = Buffer.from(explicitFile.subarray(0, metaEnd));
  const tsAt = meta.indexOf(`${TS.explicit}\0`, 132, 'latin1');
  // "1.2.840.10008.1.2.1\0" (20 bytes) → "1.2.840.10008.1.2.1.99" (22): rewrite the element and the group length
  const before = meta.subarray(0, tsAt - 8);
  const after = meta.subarray(tsAt + 20);
  const tsElement = Buffer.alloc(8 + 22);
  tsElement.writeUInt16LE(0x0002, 0);
  tsElement.writeUInt16LE(0x0010, 2);
  tsElement.write('UI', 4, 'latin1');
  tsElement.writeUInt16LE(22, 6);
  tsElement.write(TS.deflated, 8, 'latin1');
  const newMeta = Buffer.concat([before, tsElement, after]);
  newMeta.writeUInt32LE(newMeta.length - 144, 140);
  return Buffer.concat([newMeta, deflateRawSync(explicitFile.subarray(metaEnd))]);
}

const image = (rows: number, columns: number, bits: 8 | 16, signed = false) => ({
  Rows: rows,
  Columns: columns,
  BitsAllocated: bits,
  BitsStored: bits === 16 ? 12 : 8,
  HighBit: bits === 16 ? 11 : 7,
  PixelRepresentation: signed ? 1 : 0,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
});

function pixels16(count: number, f: (i: number) => number): Buffer {
  const b = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) b.writeUInt16LE(f(i) & 0xffff, i * 2);
  return b;
}

const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export interface Fixture {
  dir: string;
  /** file name (relative) → bytes written */
  files: Record<string, Buffer>;
  /** the pixel data of each instance, as little endian bytes */
  pixels: Record<string, Buffer>;
  /** compressed frames of the encapsulated instance */
  jpegFrames: Buffer[];
  privateLarge: Buffer;
  privateSmall: Buffer;
}

/** Writes the fixture folder and returns what was written. */
export function writeFixture(dir: string): Fixture {
  const files: Record<string, Buffer> = {};
  const pixels: Record<string, Buffer> = {};
  const put = (name: string, bytes: Buffer): void => {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, bytes);
    files[name] = bytes;
  };

  // --- Study 1: DX (Latin-1 names) + a KOS ---------------------------------------------------
  const patientDx = {
    SpecificCharacterSet: 'ISO_IR 100',
    PatientName: 'MXller^JXrgen',
    PatientID: 'PID-001',
    PatientBirthDate: '19700402',
    PatientSex: 'M',
    StudyInstanceUID: UID.studyDx,
    StudyDate: '20240115',
    StudyTime: '101500',
    AccessionNumber: 'ACC-2024-1',
    StudyDescription: 'Chest PA',
    ReferringPhysicianName: 'Weiss^Anna',
    StudyID: 'S1',
  };
  const latin1: [string, string][] = [
    ['MXller^JXrgen', 'Müller^Jürgen'],
    ['Klinikum SXd', 'Klinikum Süd'],
  ];
  const dxPixels = pixels16(8 * 6, (i) => i * 100);
  pixels[UID.sopDx] = dxPixels;
  const privateSmall = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const privateLarge = Buffer.alloc(4000, 0);
  for (let i = 0; i < privateLarge.length; i++) privateLarge[i] = (i * 7) & 0xff;
  put(
    'a-studies/dx/IM0001.dcm',
    part10(
      {
        ...patientDx,
        SOPClassUID: DX_CLASS,
        SOPInstanceUID: UID.sopDx,
        SeriesInstanceUID: UID.seriesDx,
        Modality: 'DX',
        SeriesNumber: 1,
        SeriesDescription: 'PA',
        SeriesDate: '20240115',
        SeriesTime: '101600',
        InstanceNumber: 1,
        InstitutionName: 'Klinikum SXd',
        ...image(6, 8, 16),
        PixelSpacing: [0.139, 0.139],
        WindowCenter: 'abc', // malformed DS on purpose, in an attribute the viewer renders from
        ExposureIndex: 'n/a', // malformed DS on purpose, in an attribute the viewer does not need
        WindowWidth: 400,
        ReferencedStudySequence: [{ ReferencedSOPClassUID: '1.2.840.10008.3.1.2.3.1', ReferencedSOPInstanceUID: '2.25.99' }],
        _vrMap: { PixelData: 'OW' },
        PixelData: [arrayBuffer(dxPixels)],
      },
      {
        latin1,
        raw: {
          '00290010': { vr: 'LO', Value: ['IQS TEST'] },
          '00291010': { vr: 'OB', Value: [arrayBuffer(privateSmall)] },
          '00291011': { vr: 'OB', Value: [arrayBuffer(privateLarge)] },
        },
      },
    ),
  );
  put(
    'a-studies/dx/KO0001.dcm',
    part10(
      {
        ...patientDx,
        PatientName: 'MXller^JXrgen',
        SOPClassUID: KOS_CLASS,
        SOPInstanceUID: UID.sopKo,
        SeriesInstanceUID: UID.seriesKo,
        Modality: 'KO',
        SeriesNumber: 2,
        SeriesDescription: 'Key images',
        InstanceNumber: 1,
        ContentDate: '20240116',
        ContentTime: '090000',
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: [{ CodeValue: '113000', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Of Interest' }],
        ContinuityOfContent: 'SEPARATE',
        ContentSequence: [
          {
            RelationshipType: 'CONTAINS',
            ValueType: 'IMAGE',
            ReferencedSOPSequence: [{ ReferencedSOPClassUID: DX_CLASS, ReferencedSOPInstanceUID: UID.sopDx }],
          },
        ],
        CurrentRequestedProcedureEvidenceSequence: [
          {
            StudyInstanceUID: UID.studyDx,
            ReferencedSeriesSequence: [
              {
                SeriesInstanceUID: UID.seriesDx,
                ReferencedSOPSequence: [{ ReferencedSOPClassUID: DX_CLASS, ReferencedSOPInstanceUID: UID.sopDx }],
              },
            ],
          },
        ],
      },
      { latin1: [latin1[0] as [string, string]] },
    ),
  );

  // --- Study 2: CT, implicit VR, plus a multi-frame -----------------------------------------
  const patientCt = {
    PatientName: 'Doe^John',
    PatientID: 'PID-002',
    PatientBirthDate: '19800101',
    PatientSex: 'M',
    StudyInstanceUID: UID.studyCt,
    StudyDate: '20230301',
    StudyTime: '080000',
    AccessionNumber: 'ACC-2023-7',
    StudyDescription: 'CT Abdomen',
    StudyID: 'S2',
  };
  // written in the order 3, 1, 2 so that sorting by InstanceNumber is visible
  for (const [fileIndex, n] of [3, 1, 2].entries()) {
    const sop = UID.sopCt[n - 1] as string;
    const ctPixels = pixels16(16, (i) => -1000 + n * 100 + i);
    pixels[sop] = ctPixels;
    put(
      `a-studies/ct/CT${fileIndex}.dcm`,
      part10(
        {
          ...patientCt,
          SOPClassUID: CT_CLASS,
          SOPInstanceUID: sop,
          SeriesInstanceUID: UID.seriesCt,
          Modality: 'CT',
          SeriesNumber: 2,
          SeriesDescription: 'Axial',
          InstanceNumber: n,
          ...image(4, 4, 16, true),
          RescaleIntercept: -1024,
          RescaleSlope: 1,
          ImagePositionPatient: [0, 0, n * 2.5],
          ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
          PixelSpacing: [0.7, 0.7],
          SliceThickness: 2.5,
          _vrMap: { PixelData: 'OW' },
          PixelData: [arrayBuffer(ctPixels)],
        },
        { transferSyntax: TS.implicit },
      ),
    );
  }
  const mf = Buffer.alloc(3 * 5 * 3);
  for (let i = 0; i < mf.length; i++) mf[i] = (i * 11) & 0xff;
  pixels[UID.sopMf] = mf;
  put(
    'a-studies/ct/MF.dcm',
    part10({
      ...patientCt,
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7.2', // multi-frame grayscale byte SC
      SOPInstanceUID: UID.sopMf,
      SeriesInstanceUID: UID.seriesMf,
      Modality: 'CT',
      SeriesNumber: 1,
      SeriesDescription: 'Scout cine',
      InstanceNumber: 1,
      NumberOfFrames: 3,
      ...image(3, 5, 8),
      _vrMap: { PixelData: 'OB' },
      PixelData: [arrayBuffer(mf)],
    }),
  );

  // --- Study 3: UTF-8 names; encapsulated, deflated and big endian files ----------------------
  const patientUtf = {
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: 'Østergård^Åse',
    PatientID: 'PID-003',
    StudyInstanceUID: UID.studyUtf,
    StudyDate: '20220610',
    StudyTime: '143000',
    AccessionNumber: 'ACC-2022-3',
    StudyDescription: 'Knee',
  };
  const jpegFrames = [
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 9, 0xff, 0xd9]), // even lengths: fragments are padded to even
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 4, 5, 6, 7, 0xff, 0xd9]),
  ];
  put(
    'a-studies/knee/ENC.dcm',
    part10(
      {
        ...patientUtf,
        SOPClassUID: DX_CLASS,
        SOPInstanceUID: UID.sopEnc,
        SeriesInstanceUID: UID.seriesEnc,
        Modality: 'DX',
        SeriesNumber: 1,
        InstanceNumber: 1,
        NumberOfFrames: 2,
        ...image(4, 4, 8),
        _vrMap: { PixelData: 'OB' },
        PixelData: jpegFrames.map(arrayBuffer),
      },
      { transferSyntax: TS.jpegBaseline },
    ),
  );
  const deflatedPixels = pixels16(16, (i) => 500 + i);
  pixels[UID.sopDef] = deflatedPixels;
  put(
    'a-studies/knee/DEF.dcm',
    part10(
      {
        ...patientUtf,
        SOPClassUID: DX_CLASS,
        SOPInstanceUID: UID.sopDef,
        SeriesInstanceUID: UID.seriesDef,
        Modality: 'DX',
        SeriesNumber: 2,
        InstanceNumber: 1,
        ...image(4, 4, 16),
        _vrMap: { PixelData: 'OW' },
        PixelData: [arrayBuffer(deflatedPixels)],
      },
      { transferSyntax: TS.deflated },
    ),
  );
  const bigEndianPixels = pixels16(16, (i) => 0x0100 + i);
  pixels[UID.sopBe] = bigEndianPixels;
  put(
    'a-studies/knee/BE.dcm',
    part10(
      {
        ...patientUtf,
        SOPClassUID: DX_CLASS,
        SOPInstanceUID: UID.sopBe,
        SeriesInstanceUID: UID.seriesBe,
        Modality: 'DX',
        SeriesNumber: 3,
        InstanceNumber: 1,
        ...image(4, 4, 16),
        _vrMap: { PixelData: 'OW' },
        // dcmjs copies pixel bytes as given: hand it big endian words
        PixelData: [arrayBuffer(Buffer.from(bigEndianPixels).swap16())],
      },
      { transferSyntax: TS.bigEndian },
    ),
  );

  // --- Files the scan must skip --------------------------------------------------------------
  const garbage = Buffer.alloc(1000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 31 + 7) & 0xff;
  put('junk/garbage.bin', garbage);
  put('junk/notes.txt', Buffer.from('not a DICOM file\n'));
  put('junk/empty.dcm', Buffer.alloc(0));
  const dx = files['a-studies/dx/IM0001.dcm'] as Buffer;
  put('broken/truncated-pixels.dcm', withOtherSop(dx.subarray(0, dx.length - 10), UID.sopDx, '2.25.1001.1.8'));
  put('broken/truncated-header.dcm', (files['a-studies/ct/CT0.dcm'] as Buffer).subarray(0, 300));
  put('z-dup/copy-of-dx.dcm', dx);

  return { dir, files, pixels, jpegFrames, privateLarge, privateSmall };
}

/** A copy whose SOP Instance UID differs (same length), so the truncation is what is reported. */
function withOtherSop(bytes: Buffer, sop: string, other: string): Buffer {
  const copy = Buffer.from(bytes);
  let at = copy.indexOf(sop);
  while (at >= 0) {
    copy.write(other, at, 'latin1');
    at = copy.indexOf(sop, at + 1);
  }
  return copy;
}

export const SKIPPED_FILES = [
  'broken/truncated-header.dcm',
  'broken/truncated-pixels.dcm',
  'junk/empty.dcm',
  'junk/garbage.bin',
  'junk/notes.txt',
  'z-dup/copy-of-dx.dcm',
];

// ---------------------------------------------------------------------------------------------
// Reading multipart responses the way the OHIF stack does.

/** Our server's answers, read strictly: nothing before the first boundary (RFC 2046 would allow a preamble). */
export function parseMultipart(contentType: string, body: Buffer): ParsedPart[] {
  const boundary = /boundary="?([^";]+)"?/iu.exec(contentType)?.[1];
  if (!boundary || body.indexOf(`--${boundary}`, 0, 'latin1') !== 0) throw new Error('body does not start with the boundary');
  return readMultipart(contentType, body);
}

/**
 * What cornerstone's WADO-RS loader does with a multipart frame response (our reading of
 * dicomImageLoader wadors/getPixelData.ts): boundary = first header line starting "--",
 * data from after the first blank line up to 2 bytes before the next boundary, content type
 * from a line starting exactly "Content-Type:".
 */
export function cornerstoneExtract(body: Buffer): { contentType: string | undefined; pixelData: Buffer } {
  const headerEnd = body.indexOf('\r\n\r\n', 0, 'latin1');
  const lines = body.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const boundary = lines.find((l) => l.startsWith('--'));
  if (!boundary) throw new Error('no boundary');
  const offset = headerEnd + 4;
  const end = body.indexOf(boundary, offset, 'latin1');
  const contentLine = lines.find((l) => l.startsWith('Content-Type:'));
  return { contentType: contentLine?.slice(13).trim(), pixelData: body.subarray(offset, end - 2) };
}

/** dicomweb-client's multipartDecode, as we read it: the same boundary rule, all parts. */
export function dicomwebClientDecode(body: Buffer): Buffer[] {
  const headerEnd = body.indexOf('\r\n\r\n', 0, 'latin1');
  const boundaryLine = body
    .subarray(0, headerEnd)
    .toString('latin1')
    .split('\r\n')
    .find((l) => l.startsWith('--'));
  if (!boundaryLine) throw new Error('no boundary');
  const parts: Buffer[] = [];
  let offset = headerEnd + 4;
  for (;;) {
    const at = body.indexOf(boundaryLine, offset, 'latin1');
    if (at < 0) break;
    parts.push(body.subarray(offset, at - 2));
    offset = at + boundaryLine.length;
  }
  return parts;
}
