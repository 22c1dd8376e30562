/**
 * DICOM Part 10 bytes of a Key Object Selection, in the browser: the dataset is built and read by @iqs/domain
 * (lessonKos.ts); this module only encodes and decodes it, with dcmjs (the project's own Part 10 reader and writer
 * are for Node). dcmjs is loaded when a file is exported or imported, not with the viewer.
 */
import { KosError } from '@iqs/domain';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
// the project's implementation class (packages/dicom part10Writer)
const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.10.1467.1';

const loadDcmjs = async () => (await import('dcmjs')).default;

/** A naturalized dataset (keyword → value) as a Part 10 file, explicit VR little endian. */
export async function encodePart10(dataset: Record<string, unknown>): Promise<Uint8Array> {
  const dcmjs = await loadDcmjs();
  const { DicomMetaDictionary, DicomDict } = dcmjs.data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset['SOPClassUID'],
    MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'],
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'IQS_1',
  });
  const file = new DicomDict(meta);
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

/** A Part 10 file's dataset, naturalized; KosError when the bytes are no DICOM file. */
export async function decodePart10(bytes: Uint8Array): Promise<Record<string, unknown>> {
  if (bytes.byteLength < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM')
    throw new KosError('not_dicom', 'not a DICOM file: no "DICM" after the 128-byte preamble');
  const dcmjs = await loadDcmjs();
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const file = dcmjs.data.DicomMessage.readFile(buffer);
    return dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
  } catch (error) {
    throw new KosError('unreadable', `the DICOM file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}
