/**
 * Harvesting a PACS over DICOMweb: page through its studies with QIDO-RS (optionally within a date range), read each
 * study's instance metadata with WADO-RS (never pixel data), and hand every instance's line on. Studies already
 * read completely (same instance count as the PACS reports) are skipped, so a re-run continues where it stopped.
 */
import dcmjs from 'dcmjs';
import type { DicomDataset } from '@iqs/extension-scoring/domain';
import { type IngestLine, lineFromDataset, type StationMappings } from './ingestLine';

type DicomJson = Record<string, { vr?: string; Value?: unknown[] }>;

export class HarvestError extends Error {}

export interface HarvestRange {
  /** YYYY-MM-DD, inclusive */
  readonly since?: string | null;
  readonly until?: string | null;
}

export interface StudyToHarvest {
  readonly studyInstanceUid: string;
  /** NumberOfStudyRelatedInstances, when the PACS reports it */
  readonly instances: number | null;
}

export interface HarvestOptions {
  readonly baseUrl: string;
  readonly range: HarvestRange;
  readonly mappings: StationMappings;
  /** studies read completely before, with their instance counts (resuming); empty for a dry run */
  readonly done: ReadonlyMap<string, number>;
  readonly onLine: (line: IngestLine) => Promise<void> | void;
  /** after all lines of a study were handed on */
  readonly onStudyDone?: (study: StudyToHarvest, instances: number) => Promise<void> | void;
  readonly onProgress?: (progress: { studies: number; skipped: number; instances: number; errors: number }) => void;
  readonly pageSize?: number;
  readonly fetch?: typeof fetch;
}

const first = (json: DicomJson, tag: string): unknown => json[tag]?.Value?.[0];

function dicomDate(iso: string | null | undefined, name: string): string {
  if (!iso) return '';
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(iso) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) throw new HarvestError(`--${name} must be a date as YYYY-MM-DD, not ${iso}`);
  return iso.replaceAll('-', '');
}

async function getJson(fetcher: typeof fetch, url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetcher(url, { headers: { Accept: 'application/dicom+json' } });
  } catch (error) {
    throw new HarvestError(`${url}: the PACS did not answer (${error instanceof Error ? error.message : String(error)})`);
  }
  if (response.status === 204) return [];
  if (!response.ok) throw new HarvestError(`${url}: the PACS answered ${response.status} ${response.statusText}`);
  const text = await response.text();
  return text.trim() === '' ? [] : (JSON.parse(text) as unknown);
}

export async function harvest(options: HarvestOptions): Promise<{ studies: number; skipped: number; instances: number; errors: number }> {
  const fetcher = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/u, '');
  const since = dicomDate(options.range.since, 'since');
  const until = dicomDate(options.range.until, 'until');
  const pageSize = options.pageSize ?? 100;
  const totals = { studies: 0, skipped: 0, instances: 0, errors: 0 };

  for (let offset = 0; ; offset += pageSize) {
    const query = new URLSearchParams({ limit: String(pageSize), offset: String(offset), includefield: '00201208' });
    if (since || until) query.set('StudyDate', `${since}-${until}`);
    const page = await getJson(fetcher, `${base}/studies?${query.toString()}`);
    if (!Array.isArray(page)) throw new HarvestError(`${base}/studies: not a QIDO-RS answer`);
    for (const studyJson of page as DicomJson[]) {
      const uid = first(studyJson, '0020000D');
      if (typeof uid !== 'string') continue;
      const count = first(studyJson, '00201208');
      const study: StudyToHarvest = { studyInstanceUid: uid, instances: typeof count === 'number' ? count : typeof count === 'string' ? Number(count) : null };
      totals.studies++;
      if (study.instances !== null && options.done.get(uid) === study.instances) {
        totals.skipped++;
        options.onProgress?.(totals);
        continue;
      }
      const studyUrl = `${base}/studies/${encodeURIComponent(uid)}`;
      let instances: DicomJson[];
      try {
        const metadata = await getJson(fetcher, `${studyUrl}/metadata`);
        if (!Array.isArray(metadata)) throw new HarvestError(`${studyUrl}/metadata: not a WADO-RS metadata answer`);
        instances = metadata as DicomJson[];
      } catch (error) {
        totals.errors++;
        await options.onLine({ file: studyUrl, error: error instanceof Error ? error.message : String(error) });
        continue;
      }
      for (const instance of instances) {
        const series = first(instance, '0020000E');
        const sop = first(instance, '00080018');
        const url = `${studyUrl}/series/${encodeURIComponent(String(series))}/instances/${encodeURIComponent(String(sop))}`;
        let line: IngestLine;
        try {
          const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(instance as never) as DicomDataset;
          line = lineFromDataset(url, dataset, options.mappings);
        } catch (error) {
          line = { file: url, error: `unreadable metadata: ${error instanceof Error ? error.message : String(error)}` };
        }
        if ('error' in line) totals.errors++;
        totals.instances++;
        await options.onLine(line);
      }
      await options.onStudyDone?.(study, instances.length);
      options.onProgress?.(totals);
    }
    if (page.length < pageSize) break;
  }
  return totals;
}
