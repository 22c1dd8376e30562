/**
 * harvest() against a PACS that misbehaves (the Orthanc integration test covers one that behaves): paging, studies
 * read before, a study whose metadata fails, a private tag whose bulk data fails, and a PACS that does not answer.
 */
import { parseTagMapping } from '@iqs/domain';
import { harvest, HarvestError, type HarvestOptions, type StudyToHarvest } from '../src/ingest/harvest';
import type { IngestLine } from '../src/ingest/ingestLine';

const BASE = 'http://pacs.test/dicom-web';
type Json = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;

const studyUid = (n: number) => `2.25.700.${n}`;

function instance(study: number, i: number, extra: Json = {}): Json {
  return {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.1.1'] },
    '00080018': { vr: 'UI', Value: [`${studyUid(study)}.1.${i}`] },
    '0020000D': { vr: 'UI', Value: [studyUid(study)] },
    '0020000E': { vr: 'UI', Value: [`${studyUid(study)}.1`] },
    '00080060': { vr: 'CS', Value: ['DX'] },
    '00080020': { vr: 'DA', Value: ['20240301'] },
    '00081010': { vr: 'SH', Value: ['ACME-ROOM'] },
    '00280010': { vr: 'US', Value: [8] },
    '00280011': { vr: 'US', Value: [8] },
    ...extra,
  };
}

/** A PACS of `studies` studies with two instances each; `fail` answers chosen URLs with a status. */
function fakePacs(studies: number, fail: Record<string, number> = {}, extra: (study: number, i: number) => Json = () => ({})) {
  const requests: string[] = [];
  const fetcher = (async (input: string | URL) => {
    const url = String(input);
    requests.push(url);
    const status = Object.entries(fail).find(([part]) => url.includes(part))?.[1];
    if (status === 0) throw new TypeError('fetch failed');
    if (status) return new Response('no', { status, statusText: 'Broken' });
    const parsed = new URL(url);
    if (parsed.pathname.endsWith('/studies')) {
      const offset = Number(parsed.searchParams.get('offset'));
      const limit = Number(parsed.searchParams.get('limit'));
      const page = Array.from({ length: studies }, (_, n) => n + 1)
        .slice(offset, offset + limit)
        .map((n) => ({ '0020000D': { vr: 'UI', Value: [studyUid(n)] }, '00201208': { vr: 'IS', Value: [2] } }));
      return Response.json(page);
    }
    const metadata = /studies\/([\d.]+)\/metadata$/u.exec(parsed.pathname);
    if (metadata) {
      const n = Number(metadata[1]?.split('.').at(-1));
      return Response.json([1, 2].map((i) => instance(n, i, extra(n, i))));
    }
    if (parsed.pathname.endsWith('/bulk/00191021')) {
      const boundary = 'b0undary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`),
        Buffer.from('125 '),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return new Response(body, {
        headers: { 'Content-Type': `multipart/related; type="application/octet-stream"; boundary=${boundary}` },
      });
    }
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { fetcher, requests };
}

async function collect(options: Partial<HarvestOptions> & Pick<HarvestOptions, 'fetch'>) {
  const lines: IngestLine[] = [];
  const done: StudyToHarvest[] = [];
  const totals = await harvest({
    baseUrl: `${BASE}/`,
    range: {},
    mappings: new Map(),
    done: new Map(),
    onLine: (line) => void lines.push(line),
    onStudyDone: (study) => void done.push(study),
    ...options,
  });
  return { totals, lines, done: done.map((s) => s.studyInstanceUid) };
}

const errors = (lines: IngestLine[]) => lines.filter((l): l is { file: string; error: string } => 'error' in l);

describe('harvest', () => {
  it('pages through every study and skips those read completely before', async () => {
    const pacs = fakePacs(5);
    const result = await collect({
      fetch: pacs.fetcher,
      pageSize: 2,
      done: new Map([
        [studyUid(2), 2],
        [studyUid(3), 1],
      ]),
    });
    expect(result.totals).toEqual({ studies: 5, skipped: 1, instances: 8, errors: 0 });
    // study 3 had fewer instances then than the PACS has now: read again
    expect(result.done).toEqual([1, 3, 4, 5].map(studyUid));
    expect(pacs.requests.filter((r) => r.includes('/studies?'))).toHaveLength(3);
    expect(pacs.requests.some((r) => r.includes(`${studyUid(2)}/metadata`))).toBe(false);
  });

  it('sends a date range as a QIDO-RS StudyDate range', async () => {
    const pacs = fakePacs(1);
    await collect({ fetch: pacs.fetcher, range: { since: '2024-03-01', until: null } });
    expect(new URL(pacs.requests[0] ?? '').searchParams.get('StudyDate')).toBe('20240301-');
    await expect(collect({ fetch: pacs.fetcher, range: { since: '2024-02-30' } })).rejects.toThrow(/--since must be a date/u);
  });

  it('gives an error line for a study whose metadata fails, goes on, and reads it again next time', async () => {
    const pacs = fakePacs(3, { [`${studyUid(2)}/metadata`]: 500 });
    const result = await collect({ fetch: pacs.fetcher });
    expect(errors(result.lines)).toEqual([
      { file: `${BASE}/studies/${studyUid(2)}`, error: expect.stringMatching(/answered 500 Broken/u) },
    ]);
    expect(result.done).toEqual([studyUid(1), studyUid(3)]);
    expect(result.totals).toMatchObject({ studies: 3, instances: 4, errors: 1 });
  });

  it('fetches a mapped private tag given as bulk data, and leaves the study unfinished when that fails', async () => {
    const mappings = new Map([['acme-room', parseTagMapping([{ tag: '00191021', field: 'dap_gy_cm2', unit: 'mGy·cm²' }])]]);
    const bulk = (n: number, i: number): Json => ({
      '00191021': {
        vr: 'UN',
        BulkDataURI: `${BASE}/studies/${studyUid(n)}/series/${studyUid(n)}.1/instances/${studyUid(n)}.1.${i}/bulk/00191021`,
      },
    });
    const good = await collect({ fetch: fakePacs(1, {}, bulk).fetcher, mappings });
    expect(good.lines.map((l) => ('error' in l ? l.error : l.dap_gy_cm2))).toEqual([0.125, 0.125]);
    // without a mapping for the station, no bulk data is fetched
    const unmapped = fakePacs(1, {}, bulk);
    await collect({ fetch: unmapped.fetcher });
    expect(unmapped.requests.some((r) => r.includes('/bulk/'))).toBe(false);

    const failing = await collect({ fetch: fakePacs(2, { [`${studyUid(1)}.1.2/bulk`]: 0 }, bulk).fetcher, mappings });
    expect(errors(failing.lines)).toEqual([
      { file: expect.stringContaining(`${studyUid(1)}.1.2`), error: expect.stringMatching(/did not answer \(fetch failed\)/u) },
    ]);
    expect(failing.done).toEqual([studyUid(2)]);
  });

  it('stops with a HarvestError when the PACS does not answer or answers something else', async () => {
    await expect(collect({ fetch: fakePacs(1, { '/studies?': 0 }).fetcher })).rejects.toThrow(HarvestError);
    await expect(collect({ fetch: fakePacs(1, { '/studies?': 401 }).fetcher })).rejects.toThrow(/answered 401/u);
    const notQido = (async () => Response.json({ studies: [] })) as unknown as typeof fetch;
    await expect(collect({ fetch: notQido })).rejects.toThrow(/not a QIDO-RS answer/u);
  });
});
