import dcmjs from 'dcmjs';
import { inflateRawSync } from 'node:zlib';
import { formatDecimalString, TRANSFER_SYNTAX, writePart10 } from '../src/part10Writer';

const base = {
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
  SOPInstanceUID: '1.2.3.4.5.6',
  StudyInstanceUID: '1.2.3.4',
  SeriesInstanceUID: '1.2.3.4.5',
  Modality: 'DX',
};

const toArrayBuffer = (buffer: Buffer): ArrayBuffer =>
  buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;

function readBack(file: Buffer) {
  const dict = dcmjs.data.DicomMessage.readFile(toArrayBuffer(file));
  return { meta: dict.meta, dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) };
}

describe('writePart10', () => {
  it('writes a file that starts with the preamble and DICM, with the transfer syntax in the meta', () => {
    const file = writePart10(base);
    expect(file.subarray(128, 132).toString('ascii')).toBe('DICM');
    expect(readBack(file).meta['00020010']?.Value).toEqual([TRANSFER_SYNTAX.explicitLittle]);
  });

  it('encodes names in Latin-1 under ISO_IR 100: one byte per umlaut', () => {
    const file = writePart10({ ...base, SpecificCharacterSet: 'ISO_IR 100', OperatorsName: ['Müller^Jürgen', 'Jansen^Petra'] });
    expect(file.includes(Buffer.from('M\xfcller^J\xfcrgen', 'latin1'))).toBe(true);
    expect(file.includes(Buffer.from('Müller', 'utf8'))).toBe(false);
    expect(readBack(file).dataset['OperatorsName']).toEqual([{ Alphabetic: 'Müller^Jürgen' }, { Alphabetic: 'Jansen^Petra' }]);
  });

  it('encodes names in UTF-8 under ISO_IR 192', () => {
    const file = writePart10({ ...base, SpecificCharacterSet: 'ISO_IR 192', OperatorsName: 'Øster^Åse' });
    expect(file.includes(Buffer.from('Øster^Åse', 'utf8'))).toBe(true);
    expect(readBack(file).dataset['OperatorsName']).toEqual([{ Alphabetic: 'Øster^Åse' }]);
  });

  it('refuses text that the declared character set cannot hold', () => {
    expect(() => writePart10({ ...base, OperatorsName: 'Müller' })).toThrow(/default repertoire/u);
    expect(() => writePart10({ ...base, SpecificCharacterSet: 'ISO_IR 100', OperatorsName: '李' })).toThrow(/ISO_IR 100/u);
  });

  it('writes implicit VR and deflated files that a reader understands', () => {
    for (const transferSyntax of [TRANSFER_SYNTAX.implicitLittle, TRANSFER_SYNTAX.deflatedExplicitLittle]) {
      const file = writePart10({ ...base, ImageAndFluoroscopyAreaDoseProduct: 1.5, StationName: 'KAMER1' }, { transferSyntax });
      const { dataset } = readBack(file);
      expect(dataset['StationName']).toBe('KAMER1');
      expect(dataset['ImageAndFluoroscopyAreaDoseProduct']).toBe(1.5);
    }
  });

  it('deflates the dataset but not the file meta', () => {
    const file = writePart10(
      { ...base, StudyDescription: 'Thorax PA'.repeat(20) },
      { transferSyntax: TRANSFER_SYNTAX.deflatedExplicitLittle },
    );
    expect(file.includes(Buffer.from('Thorax PA'))).toBe(false);
    const metaLength = file.readUInt32LE(128 + 4 + 8);
    const inflated = inflateRawSync(file.subarray(128 + 4 + 12 + metaLength));
    expect(inflated.includes(Buffer.from('Thorax PA'))).toBe(true);
  });

  it('writes sequences, binary numbers, pixel data and private tags', () => {
    const pixels = Uint16Array.from([0, 1000, 2000, 4095]);
    const file = writePart10({
      ...base,
      Rows: 2,
      Columns: 2,
      CTDIvol: 8.5,
      ViewCodeSequence: [{ CodeValue: 'R-10214', CodingSchemeDesignator: 'SRT', CodeMeaning: 'postero-anterior' }],
      PixelData: pixels,
      Private: { tag: '00091010', vr: 'LO', value: 'vendor' },
    });
    const { dataset } = readBack(file);
    expect(dataset['Rows']).toBe(2);
    expect(dataset['CTDIvol']).toBe(8.5);
    expect((dataset['ViewCodeSequence'] as Array<Record<string, unknown>>)[0]?.['CodeValue']).toBe('R-10214');
    const written = (dataset['PixelData'] as ArrayBuffer[])[0] as ArrayBuffer;
    expect(Array.from(new Uint16Array(written))).toEqual([0, 1000, 2000, 4095]);
  });

  it('keeps a malformed value as written', () => {
    const file = writePart10({ ...base, ExposureIndex: 'abc' });
    expect(file.includes(Buffer.from('abc '))).toBe(true);
  });

  it('formats DS values within 16 characters', () => {
    expect(formatDecimalString(0.1)).toBe('0.1');
    expect(formatDecimalString(1 / 3).length).toBeLessThanOrEqual(16);
    expect(formatDecimalString(123456789.123456)).toBe('123456789.123');
  });
});
