/**
 * The outbox's transport: a batch of answers, item states and rejected images' reasons to the database, in order. Answers are upserted on
 * their client-made id (a batch sent twice changes nothing); the database fills in who scored from the session.
 */
import type { PostgrestError } from '@supabase/supabase-js';
import { type OutboxEntry, OutboxSendError, type RejectEntry, type SendEntries } from '../sync';
import type { IqsClient } from './client';

/** Network failures, timeouts, overload and an expired session are worth another try; a refusal is not. */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;
}

function failure(what: string, error: PostgrestError, status: number): OutboxSendError {
  return new OutboxSendError(`${what}: ${error.message}${error.code ? ` (${error.code})` : ''}`, isRetryableStatus(status));
}

/**
 * A rejected image's reason, by the reject RPCs (migration 20261128100018): each is idempotent on the server, so an
 * entry sent twice (a lost answer, a reload) changes nothing the second time.
 */
async function sendReject(client: IqsClient, reject: RejectEntry): Promise<void> {
  const args = { image: reject.image_id, reason: reject.reason_id ?? '', ...(reject.comment !== null ? { comment: reject.comment } : {}) };
  const { error, status } =
    reject.action === 'unmark'
      ? await client.rpc('unmark_rejected', { image: reject.image_id })
      : reject.action === 'mark'
        ? await client.rpc('mark_rejected', args)
        : await client.rpc('record_reject_reason', args);
  if (error)
    throw failure(reject.action === 'unmark' ? 'the reject mark was not taken back' : 'the reject reason was not saved', error, status);
}

export function createAnswerSender(client: IqsClient, siteId: string): SendEntries {
  return async (entries: readonly OutboxEntry[]) => {
    // consecutive answers go as one upsert; an item's state follows its answers, as the outbox orders them
    for (let start = 0; start < entries.length;) {
      const first = entries[start];
      if (!first) break;
      if (first.kind === 'answer') {
        let end = start;
        while (entries[end]?.kind === 'answer') end++;
        const rows = entries.slice(start, end).flatMap((entry) =>
          entry.kind === 'answer'
            ? [
                {
                  id: entry.answer.id,
                  site_id: siteId,
                  evaluation_item_id: entry.answer.evaluation_item_id,
                  form_id: entry.answer.form_id,
                  criterion_id: entry.answer.criterion_id,
                  value: entry.answer.value,
                  comment: entry.answer.comment,
                },
              ]
            : [],
        );
        const { error, status } = await client.from('scores').upsert(rows as never, { onConflict: 'id' });
        if (error) throw failure('the answers were not saved', error, status);
        start = end;
      } else if (first.kind === 'reject') {
        await sendReject(client, first.reject);
        start++;
      } else {
        const { error, status } = await client.from('evaluation_items').update({ state: first.state }).eq('id', first.evaluation_item_id);
        if (error) throw failure('the image state was not saved', error, status);
        start++;
      }
    }
  };
}
