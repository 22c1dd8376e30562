/**
 * The demo PACS's folder into the image index, as `npm start` does at every start: the PACS has read every header
 * already, so its instance metadata is used rather than reading the files again. The files it could not read go to
 * the quarantine, as `iqs ingest` would put them.
 */
import dcmjs from 'dcmjs';
import type { DicomDataset } from '@iqs/domain';
import type { DicomIndex } from '@iqs/demo-pacs';
import { type IndexWriter, lineFromDataset, type StationMappings } from '@iqs/backend/ingest';

export async function ingestDicomIndex(
  index: DicomIndex,
  writer: IndexWriter,
  mappings: StationMappings,
  unreadable: ReadonlyArray<{ file: string; reason: string }> = [],
): Promise<number> {
  let instances = 0;
  for (const { file, reason } of unreadable) await writer.add({ file, error: reason });
  for (const study of index.studies.values()) {
    for (const series of study.series.values()) {
      for (const instance of series.instances.values()) {
        const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(instance.json as never) as DicomDataset;
        await writer.add(lineFromDataset(instance.file, dataset, mappings));
        instances++;
      }
    }
  }
  await writer.flush();
  return instances;
}
