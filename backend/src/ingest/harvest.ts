/**
 * Harvesting a PACS over DICOMweb: page through its studies with QIDO-RS (optionally within a date range), read each
 * study's instance metadata with WADO-RS (never pixel data), and hand every instance's line on. Studies already
 * read completely (same instance count as the PACS reports) are skipped, so a re-run continues where it stopped.
 * A PACS gives a private tag of an implicit-VR file as a BulkDataURI (its VR is unknown): when a station's tag
 * mapping needs such a tag, its bytes are fetched, so files and a PACS give the same facts.
 */
import dcmjs from 'dcmjs';
import { type DicomDataset, parseDicomDate } from '@iqs/domain';
import { readMultipart } from '@iqs/dicom';
import { type IngestLine, lineFromDataset, type StationMappings, stationKey } from './ingestLine';

type DicomJson = Record<string, { vr?: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string }>;

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
  /** after all lines of a study were handed on, when none of them was an error */
  readonly onStudyDone?: (study: StudyToHarvest, instances: number) => Promise<void> | void;
  readonly onProgress?: (progress: { studies: number; skipped: number; instances: number; errors: number }) => void;
  readonly pageSize?: number;
  readonly fetch?: typeof fetch;
}

const first = (json: DicomJson, tag: string): unknown => json[tag]?.Value?.[0];

function dicomDate(iso: string | null | undefined, name: string): string {
  if (!iso) return '';
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(iso) || parseDicomDate(iso.replaceAll('-', '')) === null)
    throw new HarvestError(`--${name} must be a date as YYYY-MM-DD, not ${iso}`);
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

async function getBulkData(fetcher: typeof fetch, url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetcher(url, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
  } catch (error) {
    throw new HarvestError(`${url}: the PACS did not answer (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) throw new HarvestError(`${url}: the PACS answered ${response.status} ${response.statusText}`);
  const body = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  if (!/^multipart\//iu.test(contentType)) return body;
  const [part] = readMultipart(contentType, body);
  if (!part) throw new HarvestError(`${url}: the PACS answered an empty multipart body`);
  return part.body;
}

/** The metadata with every tag the station's mapping reads, that came as a BulkDataURI, inlined. */
async function inlineMappedBulkData(instance: DicomJson, mappings: StationMappings, fetcher: typeof fetch): Promise<DicomJson> {
  const station = first(instance, '00081010');
  const mapping = mappings.get(stationKey(typeof station === 'string' ? station : null)) ?? [];
  const bulk = mapping.filter((entry) => instance[entry.tag]?.BulkDataURI !== undefined);
  if (bulk.length === 0) return instance;
  const inlined: DicomJson = { ...instance };
  for (const entry of bulk) {
    const element = instance[entry.tag];
    const bytes = await getBulkData(fetcher, element?.BulkDataURI ?? '');
    inlined[entry.tag] = { vr: element?.vr ?? 'UN', InlineBinary: bytes.toString('base64') };
  }
  return inlined;
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
      const study: StudyToHarvest = {
        studyInstanceUid: uid,
        instances: typeof count === 'number' ? count : typeof count === 'string' ? Number(count) : null,
      };
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
      let studyErrors = 0;
      for (const instance of instances) {
        const series = first(instance, '0020000E');
        const sop = first(instance, '00080018');
        const url = `${studyUrl}/series/${encodeURIComponent(String(series))}/instances/${encodeURIComponent(String(sop))}`;
        let line: IngestLine;
        try {
          const complete = await inlineMappedBulkData(instance, options.mappings, fetcher);
          const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(complete as never) as DicomDataset;
          line = lineFromDataset(url, dataset, options.mappings);
        } catch (error) {
          line = {
            file: url,
            error:
              error instanceof HarvestError
                ? error.message
                : `unreadable metadata: ${error instanceof Error ? error.message : String(error)}`,
          };
        }
        if ('error' in line) studyErrors++;
        totals.instances++;
        await options.onLine(line);
      }
      totals.errors += studyErrors;
      // a study with errors is read again next time: the PACS may answer then, or the data may have been fixed
      if (studyErrors === 0) await options.onStudyDone?.(study, instances.length);
      options.onProgress?.(totals);
    }
    if (page.length < pageSize) break;
  }
  return totals;
}
