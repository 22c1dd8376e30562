/**
 * Writes ingest lines to the image index through the backend's API (supabase-js with the service role), in batches:
 * records go to the SQL function ingest_records (one transaction a batch), errors to the quarantine.
 */
import type { IqsServiceClient, Json } from '@iqs/database';
import { type IngestLine, isErrorLine } from './ingestLine';
import { sourceRefOf } from './sourceRef';

export type Source = 'file' | 'dicomweb' | 'demo';

export interface WriteCounts {
  images: number;
  rejection_notes: number;
  dose_reports: number;
  other: number;
  quarantined: number;
}

export class BackendWriteError extends Error {}

export interface IndexWriter {
  add(line: IngestLine): Promise<void>;
  /** sends what is pending; call at the end */
  flush(): Promise<void>;
  readonly counts: WriteCounts;
}

export interface IndexWriterOptions {
  /** records sent in one call */
  readonly batchSize?: number;
  /** the folders the files are read from: each file's source_ref is its path under one (see sourceRef) */
  readonly roots?: readonly string[];
}

export function createIndexWriter(client: IqsServiceClient, siteId: string, source: Source, options: IndexWriterOptions = {}): IndexWriter {
  const batchSize = options.batchSize ?? 500;
  const refOf = (file: string): string => sourceRefOf(file, options.roots ?? []);
  const counts: WriteCounts = { images: 0, rejection_notes: 0, dose_reports: 0, other: 0, quarantined: 0 };
  let records: Json[] = [];
  let errors: { source_ref: string; reason: string }[] = [];

  const sendRecords = async (): Promise<void> => {
    if (records.length === 0) return;
    const batch = records;
    records = [];
    const { data, error } = await client.rpc('ingest_records', { site: siteId, records: batch });
    if (error) throw new BackendWriteError(`the index refused a batch of ${batch.length}: ${error.message}`);
    const written = data as Partial<WriteCounts>;
    for (const key of ['images', 'rejection_notes', 'dose_reports', 'other'] as const) counts[key] += written[key] ?? 0;
  };

  const sendErrors = async (): Promise<void> => {
    if (errors.length === 0) return;
    const batch = errors;
    errors = [];
    const { error } = await client.rpc('quarantine_files', { site: siteId, entries: batch });
    if (error) throw new BackendWriteError(`the quarantine refused ${batch.length} entries: ${error.message}`);
    counts.quarantined += batch.length;
  };

  return {
    counts,
    async add(line) {
      if (isErrorLine(line)) {
        errors.push({ source_ref: refOf(line.file), reason: line.error });
        if (errors.length >= batchSize) await sendErrors();
        return;
      }
      const { file, ...record } = line;
      records.push({ ...record, source, source_ref: refOf(file) } as Json);
      if (records.length >= batchSize) await sendRecords();
    },
    async flush() {
      await sendRecords();
      await sendErrors();
    },
  };
}
