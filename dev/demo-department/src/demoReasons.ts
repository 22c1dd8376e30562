/**
 * The reasons the demo department's radiographers have already given in IQS: rows in the database, not in DICOM.
 * After the demo's files are in the image index (a reason from the modality arrives with its rejection note), this
 * writes, for each rejected image whose manifest says `reasonSource: 'radiographer'`, the reason its first operator
 * recorded: a `rejects` row with source 'person', recorded_by that person (found by the operator alias). Idempotent:
 * an image that has a reason already (a person's, or the modality's) keeps it; nothing is ever overwritten.
 */
import type { IqsServiceClient } from '@iqs/database';
import { DEMO_SITE_ID } from './demoLogins';
import type { DemoManifest } from './writeDemoData';

export interface DemoReasonsResult {
  /** reasons the manifest says radiographers gave */
  readonly planned: number;
  /** rows written now */
  readonly recorded: number;
  /** images that had a reason already: left as they were */
  readonly kept: number;
  /** images not recorded, with why: not in the index, not rejected there, or no such person or reason */
  readonly skipped: readonly { readonly sopInstanceUid: string; readonly why: string }[];
}

/** Enough values per `in` filter to keep the request line short. */
const CHUNK = 100;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function fail(what: string, error: { message: string }): never {
  throw new Error(`Demo reasons: could not ${what}: ${error.message}`);
}

/** Records the radiographers' reasons of the demo (see the file's comment) on the site, by default the demo site. */
export async function recordDemoReasons(
  client: IqsServiceClient,
  manifest: DemoManifest,
  options: { readonly siteId?: string } = {},
): Promise<DemoReasonsResult> {
  const site = options.siteId ?? DEMO_SITE_ID;
  const planned = manifest.studies.flatMap((study) =>
    study.images
      .filter((image) => image.rejected && image.reasonSource === 'radiographer' && image.rejectReason !== null)
      .map((image) => ({
        sop: image.facts.sop_instance_uid ?? '',
        reason: image.rejectReason as string,
        operator: study.operators[0] ?? '',
      })),
  );
  if (planned.length === 0) return { planned: 0, recorded: 0, kept: 0, skipped: [] };

  const reasons = await client
    .from('reject_reasons')
    .select('id, code')
    .eq('site_id', site)
    .eq('coding_scheme', 'IQS')
    .in('code', [...new Set(planned.map((p) => p.reason))]);
  if (reasons.error) fail('read the reject reasons', reasons.error);
  const reasonIds = new Map(reasons.data.map((r) => [r.code, r.id]));

  const aliases = await client
    .from('operator_aliases')
    .select('raw_name, person_id')
    .eq('site_id', site)
    .in('raw_name', [...new Set(planned.map((p) => p.operator))]);
  if (aliases.error) fail('read the operator aliases', aliases.error);
  const people = new Map(aliases.data.map((a) => [a.raw_name, a.person_id]));

  const images = new Map<string, { id: string; rejected: boolean }>();
  for (const sops of chunks(planned.map((p) => p.sop))) {
    const found = await client.from('images').select('id, sop_instance_uid, rejected').eq('site_id', site).in('sop_instance_uid', sops);
    if (found.error) fail('read the demo images', found.error);
    for (const image of found.data) images.set(image.sop_instance_uid, { id: image.id, rejected: image.rejected });
  }

  const withReason = new Set<string>();
  for (const ids of chunks([...images.values()].map((i) => i.id))) {
    const found = await client.from('rejects').select('image_id').eq('site_id', site).in('image_id', ids);
    if (found.error) fail('read the recorded reasons', found.error);
    for (const row of found.data) withReason.add(row.image_id);
  }

  const skipped: { sopInstanceUid: string; why: string }[] = [];
  const rows: { site_id: string; image_id: string; reason_id: string; recorded_by: string; source: 'person' }[] = [];
  let kept = 0;
  for (const { sop, reason, operator } of planned) {
    const image = images.get(sop);
    const reasonId = reasonIds.get(reason);
    const person = people.get(operator);
    if (!image) skipped.push({ sopInstanceUid: sop, why: 'not in the image index' });
    else if (!image.rejected) skipped.push({ sopInstanceUid: sop, why: 'not rejected in the image index' });
    else if (!reasonId) skipped.push({ sopInstanceUid: sop, why: `no reason ${reason} on the site` });
    else if (!person) skipped.push({ sopInstanceUid: sop, why: `no person with the operator alias ${operator}` });
    else if (withReason.has(image.id)) kept++;
    else rows.push({ site_id: site, image_id: image.id, reason_id: reasonId, recorded_by: person, source: 'person' });
  }

  let recorded = 0;
  for (const batch of chunks(rows)) {
    // a reason recorded meanwhile (by someone signed in) is kept: insert only where there is none
    const written = await client.from('rejects').upsert(batch, { onConflict: 'image_id', ignoreDuplicates: true }).select('id');
    if (written.error) fail('record the reasons', written.error);
    recorded += written.data.length;
  }
  kept += rows.length - recorded;
  return { planned: planned.length, recorded, kept, skipped };
}
