/**
 * Rejected images, the viewer's side (reject analysis, pillar 1), over supabase-js: the site's reasons to choose
 * from, one image's reject status, and the signed-in person's rejected images still to explain. Saving a reason
 * goes through the outbox (answerSender.ts), never from here. The database decides who sees and may do what
 * (RLS and the RPCs of migration 20261128100018).
 */
import type { ImageRejectStatus, RejectData, RejectReason, RejectToExplain, RejectWorklistPageData } from '../ports';
import { MODE_ROUTE, REJECT_PARAM } from '../ids';
import type { IqsClient } from './client';
import { BackendError } from './profile';

const fail = (error: { message: string; code?: string | null }): never => {
  throw new BackendError(error.message, error.code ?? null);
};

/** The site's active reasons, in the site's order (RLS: one's own site). */
export async function loadRejectReasons(client: IqsClient): Promise<RejectReason[]> {
  const { data, error } = await client
    .from('reject_reasons')
    .select('id, coding_scheme, code, label_nl, label_en, category, counts_as_reject, sort_order')
    .eq('active', true)
    .order('sort_order')
    .order('code');
  if (error) fail(error);
  return (data ?? []) as RejectReason[];
}

/** One image's reject status; null when the index does not hold it (or the caller may not see it). */
export async function loadImageRejectStatus(client: IqsClient, sopInstanceUid: string): Promise<ImageRejectStatus | null> {
  const { data, error } = await client.rpc('image_reject_status', { sop_instance_uid: sopInstanceUid });
  if (error) fail(error);
  // the function's columns are typed nullable; it fills image_id, rejected and the may_* from the images row
  const [row] = (data ?? []) as unknown as ImageRejectStatus[];
  return row ?? null;
}

/** The caller's own rejected images without a reason from a person, oldest first. */
export async function loadRejectsToExplain(client: IqsClient): Promise<RejectToExplain[]> {
  const { data, error } = await client.rpc('rejects_to_explain');
  if (error) fail(error);
  return (data ?? []) as unknown as RejectToExplain[];
}

export function rejectData(client: IqsClient): RejectData {
  return {
    loadReasons: () => loadRejectReasons(client),
    imageStatus: (sopInstanceUid) => loadImageRejectStatus(client, sopInstanceUid),
    toExplain: () => loadRejectsToExplain(client),
  };
}

/** Studies loaded at once by the reject worklist's URL: the next ones load when the worklist reaches them. */
export const REJECT_WORKLIST_STUDIES = 25;

/**
 * The viewer URL of the reject worklist: the studies of the images to explain (the first REJECT_WORKLIST_STUDIES, in
 * the order given) are loaded by the mode, the IQS panel opens the one named (?iqsReject=<SOP Instance UID>) with its
 * reason picker.
 */
export function rejectWorklistPath(items: readonly Pick<RejectToExplain, 'study_instance_uid'>[], sopInstanceUid: string): string {
  const query = new URLSearchParams({
    StudyInstanceUIDs: [...new Set(items.map((item) => item.study_instance_uid))].slice(0, REJECT_WORKLIST_STUDIES).join(','),
    [REJECT_PARAM]: sopInstanceUid,
  });
  return `/${MODE_ROUTE}?${query.toString()}`;
}

/** What the IQS page shows of the reject worklist, and the way into the viewer. */
export function createRejectWorklistPageData(client: IqsClient, navigate: (path: string) => void): RejectWorklistPageData {
  return {
    toExplain: () => loadRejectsToExplain(client),
    reasons: () => loadRejectReasons(client),
    open(items, sopInstanceUid) {
      const at = items.findIndex((item) => item.sop_instance_uid === sopInstanceUid);
      if (at < 0) return;
      // the chosen image's study first (the mode shows it while the others load), then those that follow it
      navigate(rejectWorklistPath([...items.slice(at), ...items.slice(0, at)], sopInstanceUid));
    },
  };
}
