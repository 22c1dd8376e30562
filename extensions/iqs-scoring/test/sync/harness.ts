/** Test doubles for the answer outbox: hand-fired timers and a server that upserts on the answer id. */
import type { ItemState } from '@iqs/domain';
import { type AnswerStore, type LocalAnswer, type OutboxEntry, OutboxSendError } from '../../src/sync';

/** Timers the test fires by hand, so that no assertion depends on real time. */
export function manualTimers() {
  interface Timer {
    readonly ms: number;
    readonly callback: () => void;
    state: 'waiting' | 'fired' | 'cancelled';
  }
  const timers: Timer[] = [];
  return {
    setTimer(callback: () => void, ms: number): () => void {
      const timer: Timer = { ms, callback, state: 'waiting' };
      timers.push(timer);
      return () => {
        if (timer.state === 'waiting') timer.state = 'cancelled';
      };
    },
    /** the delays of the timers still waiting */
    waiting(): number[] {
      return timers.filter((timer) => timer.state === 'waiting').map((timer) => timer.ms);
    },
    /** fire the oldest waiting timer; returns its delay */
    fireNext(): number {
      const timer = timers.find((t) => t.state === 'waiting');
      if (!timer) throw new Error('no timer is waiting');
      timer.state = 'fired';
      timer.callback();
      return timer.ms;
    },
  };
}

export type Outcome = 'ok' | 'down' | 'lost' | 'refuse';

/**
 * The scores and item states as the server keeps them: scores upserted on id, with the database's
 * unique (evaluation_item_id, criterion_id), so that a second id for one criterion would show as a refusal.
 * A batch is all or nothing, like one statement. Outcomes are scripted per call; 'lost' applies the batch and
 * then fails as a timeout does.
 */
export class FakeServer {
  readonly scores = new Map<string, LocalAnswer>();
  readonly states = new Map<string, ItemState>();
  /** rejected images as the reject RPCs leave them, by image id: idempotent, like the RPCs */
  readonly rejects = new Map<string, { rejected: boolean; source: 'iqs' | 'iocm'; reason: string | null; comment: string | null }>();
  /** how often each reject RPC was called */
  readonly rejectCalls: string[] = [];
  readonly calls: OutboxEntry[][] = [];
  /** a value the database refuses (a check violation) */
  refuseValue: string | null = null;
  private readonly script: Outcome[] = [];

  next(...outcomes: Outcome[]): void {
    this.script.push(...outcomes);
  }

  readonly send = async (entries: readonly OutboxEntry[]): Promise<void> => {
    this.calls.push(structuredClone([...entries]));
    const outcome = this.script.shift() ?? 'ok';
    if (outcome === 'down') throw new OutboxSendError('TypeError: Failed to fetch', true);
    if (outcome === 'refuse') throw new OutboxSendError('new row violates row-level security policy for table "scores"', false);
    for (const entry of entries) {
      if (entry.kind !== 'answer') continue;
      if (entry.answer.value !== null && entry.answer.value === this.refuseValue) {
        throw new OutboxSendError(`value ${entry.answer.value} does not fit criterion`, false);
      }
      for (const row of this.scores.values()) {
        if (
          row.id !== entry.answer.id &&
          row.evaluation_item_id === entry.answer.evaluation_item_id &&
          row.criterion_id === entry.answer.criterion_id
        ) {
          throw new OutboxSendError('duplicate key value violates unique constraint "scores_evaluation_item_id_criterion_id_key"', false);
        }
      }
    }
    for (const entry of entries) {
      if (entry.kind !== 'reject') continue;
      const { reject } = entry;
      const image = this.rejects.get(reject.image_id);
      if (reject.action === 'record' && !image?.rejected) throw new OutboxSendError('image is not rejected (P0001)', false);
      if (reject.action === 'unmark' && image?.rejected && image.source !== 'iqs')
        throw new OutboxSendError('not marked in IQS (42501)', false);
    }
    for (const entry of entries) {
      if (entry.kind === 'answer') this.scores.set(entry.answer.id, entry.answer);
      else if (entry.kind === 'item_state') this.states.set(entry.evaluation_item_id, entry.state);
      else {
        const { reject } = entry;
        this.rejectCalls.push(`${reject.action}:${reject.image_id}`);
        const image = this.rejects.get(reject.image_id);
        if (reject.action === 'unmark') {
          if (image?.source === 'iqs') this.rejects.set(reject.image_id, { rejected: false, source: 'iqs', reason: null, comment: null });
        } else {
          const source = image?.rejected ? image.source : 'iqs';
          this.rejects.set(reject.image_id, { rejected: true, source, reason: reject.reason_id, comment: reject.comment });
        }
      }
    }
    if (outcome === 'lost') throw new OutboxSendError('the server did not answer in time', true);
  };
}

/** An answer with the store's id for its item and criterion. */
export async function answerTo(
  store: AnswerStore,
  itemId: string,
  criterionId: string,
  value: string | null,
  comment: string | null = null,
  evaluationId = 'evaluation-1',
): Promise<LocalAnswer> {
  return {
    id: await store.answerIdFor(itemId, criterionId),
    evaluation_id: evaluationId,
    evaluation_item_id: itemId,
    form_id: 'form-1',
    criterion_id: criterionId,
    value,
    comment,
  };
}

/** What a list of sent entries says, short: 'item/criterion=value' or 'item:state'. */
export function summary(entries: readonly OutboxEntry[]): string[] {
  return entries.map((entry) =>
    entry.kind === 'answer'
      ? `${entry.answer.evaluation_item_id}/${entry.answer.criterion_id}=${entry.answer.value}`
      : entry.kind === 'item_state'
        ? `${entry.evaluation_item_id}:${entry.state}`
        : `${entry.reject.action}:${entry.reject.image_id}=${entry.reject.reason_id ?? '-'}`,
  );
}
