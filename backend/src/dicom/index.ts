export { writePart10, encodeDataset, formatDecimalString, TRANSFER_SYNTAX, type DicomItem, type TransferSyntax } from './part10Writer';
