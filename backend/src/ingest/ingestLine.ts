/**
 * One input's line of the JSON Lines contract (`iqs ingest --dry-run --json`): the record the domain core makes of
 * the object, or an error saying why it could not be read. The same object, with where it came from, is what the
 * index writer sends to the database.
 */
import { type DicomDataset, extractIngestRecord, type IngestRecord, isValidUid, type TagMappingEntry } from '@iqs/domain';
import { describeReadError } from '@iqs/dicom';
import { readDicomAttributes } from '@iqs/dicom';

export type IngestLine = ({ readonly file: string } & IngestRecord) | { readonly file: string; readonly error: string };

export function isErrorLine(line: IngestLine): line is { file: string; error: string } {
  return 'error' in line;
}

/** Tag mappings by station (StationName, compared case-insensitively). */
export type StationMappings = ReadonlyMap<string, readonly TagMappingEntry[]>;

export const stationKey = (stationName: string | null): string => (stationName ?? '').trim().toLowerCase();

/** The line for one object's attributes (from a file or from a PACS's metadata). */
export function lineFromDataset(file: string, dataset: DicomDataset, mappings: StationMappings): IngestLine {
  let record: IngestRecord;
  try {
    const station = typeof dataset['StationName'] === 'string' ? dataset['StationName'] : null;
    record = extractIngestRecord(dataset, { tagMapping: mappings.get(stationKey(station)) ?? [] });
  } catch (error) {
    return { file, error: `unreadable attributes: ${error instanceof Error ? error.message : String(error)}` };
  }
  // the index is keyed by these; an object without them cannot be counted or found again
  for (const [name, uid] of [
    ['SOPInstanceUID', record.sop_instance_uid],
    ['StudyInstanceUID', record.study_instance_uid],
    ['SeriesInstanceUID', record.series_instance_uid],
  ] as const) {
    if (uid === null) return { file, error: `no ${name}` };
    if (!isValidUid(uid)) return { file, error: `${name} is not a valid UID: ${JSON.stringify(uid)}` };
  }
  return { file, ...record };
}

/** The line for a file: its header is read (never its pixels); a broken file gives an error line. */
export async function lineFromFile(file: string, mappings: StationMappings): Promise<IngestLine> {
  let dataset: DicomDataset;
  try {
    dataset = await readDicomAttributes(file);
  } catch (error) {
    return { file, error: describeReadError(error) };
  }
  return lineFromDataset(file, dataset, mappings);
}
