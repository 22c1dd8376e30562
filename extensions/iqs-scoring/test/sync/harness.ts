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
      if (entry.kind === 'answer') this.scores.set(entry.answer.id, entry.answer);
      else this.states.set(entry.evaluation_item_id, entry.state);
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
      : `${entry.evaluation_item_id}:${entry.state}`,
  );
}
