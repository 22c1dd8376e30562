/**
 * DICOM for IQS: Part 10 files read (strictly, with byte offsets) and written, DICOM JSON (PS3.18 F.2), the data
 * dictionary, character sets and multipart/related bodies. See README.md for why IQS reads files itself.
 */
export * from './characterSets';
export * from './dicomJson';
export * from './dictionary';
export * from './listFiles';
export * from './multipart';
export {
  TransferSyntax as TransferSyntaxUid,
  Tag,
  type DicomElement,
  type PixelDataLocation,
  type ParsedPart10,
  NeedMoreBytes,
  DicomParseError,
  checkFragmentsInFile,
  parsePart10,
  asciiValue,
  inflatedDataset,
} from './part10Reader';
export * from './part10Writer';
export * from './readAttributes';
export * from './readHeader';
