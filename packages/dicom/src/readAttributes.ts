/**
 * One file's attributes by keyword, as the domain core reads them (see packages/domain): the
 * header through our Part 10 reader and DICOM JSON, then naturalized the way OHIF naturalizes what the PACS
 * sends, so that the viewer and the backend hand the domain core the same shapes.
 */
import dcmjs from 'dcmjs';
import { datasetToJson } from './dicomJson';
import { DicomParseError } from './part10Reader';
import { readHeader } from './readHeader';

export type NaturalizedDataset = Record<string, unknown>;

/** Attributes of a file's header (no pixel data); big binary values are left out. */
export async function readDicomAttributes(file: string): Promise<NaturalizedDataset> {
  const { parsed } = await readHeader(file);
  // an image whose pixel data is missing was cut short at an element boundary, where the parser cannot tell
  const hasRows = parsed.dataset.some((element) => element.tag === 0x00280010);
  if (hasRows && !parsed.pixelData) throw new DicomParseError('truncated: an image without its pixel data');
  const json = datasetToJson(parsed.dataset, {
    littleEndian: parsed.littleEndian,
    inlineBinaryLimit: 1024,
    bulkData: (path) => `bulkdata/${path}`,
  });
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(json as never);
}
