/**
 * One file's attributes by keyword, as the domain core reads them (see extensions/iqs-scoring/src/domain): the
 * header through our Part 10 reader and DICOM JSON, then naturalized the way OHIF naturalizes what the PACS
 * sends, so that the viewer and the backend hand the domain core the same shapes.
 */
import dcmjs from 'dcmjs';
import { datasetToJson } from './dicomJson';
import { readHeader } from './readHeader';

export type NaturalizedDataset = Record<string, unknown>;

/** Attributes of a file's header (no pixel data); big binary values are left out. */
export async function readDicomAttributes(file: string): Promise<NaturalizedDataset> {
  const { parsed } = await readHeader(file);
  const json = datasetToJson(parsed.dataset, {
    littleEndian: parsed.littleEndian,
    inlineBinaryLimit: 1024,
    bulkData: (path) => `bulkdata/${path}`,
  });
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(json as never);
}
