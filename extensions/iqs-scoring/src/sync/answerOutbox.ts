/**
 * "Nothing lost": every answer and item-state change is written to the browser's answer store first and sent to
 * the server in the background. An entry leaves the store only when the server has taken it, so an outage, a
 * reload or a closed tab loses nothing; a resend carries the same answer ids, and the server upserts on them, so a
 * retry never duplicates.
 *
 * The transport is injected (`send`): the data layer's supabase-js sender. It gets a batch of entries in order and
 * must apply them in that order (an item's answers come before that item's state change); it rejects with an error
 * carrying `retryable: true` for what may pass on its own (network failure, 5xx, timeout) and `retryable: false`
 * for a refusal (a check violation, Row Level Security).
 */
import type { ItemState } from '@iqs/domain';
import type { AnswerStore, AnswerToKeep, OutboxEntry, PendingEntry, RejectEntry } from './answerStore';
import { createSyncStore, type SyncState, type SyncStatus, type SyncStore } from './syncStore';

export type SendEntries = (entries: readonly OutboxEntry[]) => Promise<void>;

/** What a transport throws; any error with a boolean `retryable` will do. */
export class OutboxSendError extends Error {
  override readonly name = 'OutboxSendError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Whether a failed send may be retried. Only an explicit `retryable: false` stops the outbox: an error the
 * transport did not classify (a TypeError from fetch, say) is retried, since keeping and retrying loses nothing.
 */
export function isRetryable(error: unknown): boolean {
  return !(typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The window's online event, or a stand-in. */
export interface OnlineEvents {
  addEventListener(type: 'online', listener: () => void): void;
  removeEventListener(type: 'online', listener: () => void): void;
}

export interface AnswerOutboxOptions {
  readonly store: AnswerStore;
  readonly send: SendEntries;
  /** waits after the 1st, 2nd, … retryable failure in a row; the last one repeats. Default 1 s, 2 s, 5 s, 10 s, 30 s */
  readonly retryDelaysMs?: readonly number[];
  /** clock for lastSavedAt; default Date.now */
  readonly now?: () => number;
  /** run `callback` after `ms`; returns a function that cancels it. Default setTimeout */
  readonly setTimer?: (callback: () => void, ms: number) => () => void;
  /** wait after a save before sending, so that quick changes go as one; default 200 ms */
  readonly sendDelayMs?: number;
  /** entries per send; default 50 */
  readonly batchSize?: number;
  /** where the panel's sync state is written (the IQS service's store); default a store of its own */
  readonly status?: SyncStore;
  /** the source of 'online' events; default window (none outside a browser) */
  readonly onlineEvents?: OnlineEvents | null;
}

export interface AnswerOutbox {
  /**
   * Keep the answer (resolves with its id once it is durable in the browser), then send it in the background.
   * Without an id it takes its criterion's (see AnswerStore.saveAnswer).
   */
  saveAnswer(answer: AnswerToKeep): Promise<string>;
  /** Keep an item's new state (resolves once durable), then send it after the item's answers. */
  saveItemState(itemId: string, state: ItemState): Promise<void>;
  /** Keep a rejected image's reason (resolves with the entry as queued, once durable), then send it in the background. */
  saveReject(entry: RejectEntry): Promise<RejectEntry>;
  /** After a refusal: try again from the refused entry (perhaps corrected meanwhile). Resolves like flush. */
  retry(): Promise<SyncStatus>;
  /**
   * Send now, without waiting for a timer. Resolves when the outbox is empty ('saved') or a send failed: 'waiting'
   * (retryable; the outbox goes on retrying in the background) or 'failed' (refused).
   */
  flush(): Promise<SyncStatus>;
  /** Publish what waits in the browser's store (after a reload, before anything is sent). */
  showPending(): Promise<void>;
  /** On page load: begin sending, first whatever the store still holds from before a reload or closed tab. */
  start(): Promise<void>;
  /** Stop sending (a send under way still completes and is confirmed); saves are still kept. */
  stop(): void;
  /** Resolves when no send is under way. */
  idle(): Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

const defaultSetTimer = (callback: () => void, ms: number): (() => void) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

type Outcome = 'sent' | 'retry' | 'refused';

export function createAnswerOutbox(options: AnswerOutboxOptions): AnswerOutbox {
  const { store, send } = options;
  const retryDelays = options.retryDelaysMs && options.retryDelaysMs.length > 0 ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? defaultSetTimer;
  const sendDelayMs = options.sendDelayMs ?? 200;
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const status = options.status ?? createSyncStore();
  const onlineEvents =
    options.onlineEvents !== undefined ? options.onlineEvents : ((globalThis as { window?: OnlineEvents }).window ?? null);

  let active = false;
  /** the refusal that holds the queue until retry() */
  let refusal: string | null = null;
  /** retryable failures in a row */
  let failures = 0;
  let cancelTimer: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let runAgain = false;
  let forceRequested = false;

  const update = (patch: Partial<SyncState>): void => status.setState(patch);

  const publish = (pending: number): void => {
    if (refusal !== null) update({ status: 'failed', pending, lastError: refusal });
    else if (pending === 0) update({ status: 'saved', pending, lastError: null });
    else update({ status: 'waiting', pending });
  };

  const clearTimer = (): void => {
    cancelTimer?.();
    cancelTimer = null;
  };

  /** Send after `ms`, unless a send (or a backoff wait) is already planned. */
  const schedule = (ms: number): void => {
    if (!active || refusal !== null || cancelTimer !== null) return;
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      void run(false);
    }, ms);
  };

  const backOff = (): void => {
    clearTimer();
    const delay = retryDelays[Math.min(failures, retryDelays.length) - 1] ?? retryDelays[retryDelays.length - 1] ?? 30_000;
    schedule(delay);
  };

  /** Send one batch; a refused batch of several is sent again one entry at a time, to let through what is fine. */
  const sendBatch = async (batch: readonly PendingEntry[]): Promise<Outcome> => {
    try {
      await send(batch.map((pending) => pending.entry));
    } catch (error) {
      if (isRetryable(error)) {
        failures += 1;
        update({ status: 'waiting', lastError: messageOf(error) });
        backOff();
        return 'retry';
      }
      if (batch.length > 1) {
        for (const pending of batch) {
          const outcome = await sendBatch([pending]);
          if (outcome !== 'sent') return outcome;
        }
        return 'sent';
      }
      refusal = messageOf(error);
      clearTimer();
      return 'refused';
    }
    await store.confirm(batch);
    failures = 0;
    update({ lastSavedAt: now(), lastError: null });
    return 'sent';
  };

  /** Send batches until the outbox is empty, a send fails, or the outbox is stopped. */
  const pass = async (forced: boolean): Promise<void> => {
    for (;;) {
      const pending = await store.pending();
      publish(pending.length);
      if (pending.length === 0 || refusal !== null || !(active || forced)) return;
      const outcome = await sendBatch(pending.slice(0, batchSize));
      if (outcome !== 'sent') {
        publish(await store.pendingCount());
        return;
      }
    }
  };

  /**
   * One pass at a time; a call during a pass asks for another pass after it (unless that one failed). A failure of
   * the browser's own store (not the server's) is retried like a network failure: the entries are still there.
   */
  const run = (forced: boolean): Promise<void> => {
    if (forced) forceRequested = true;
    if (running) {
      runAgain = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          runAgain = false;
          const force = forceRequested;
          forceRequested = false;
          await pass(force);
        } while (runAgain && refusal === null && cancelTimer === null);
      } catch (error) {
        failures += 1;
        update({ status: refusal !== null ? 'failed' : 'waiting', lastError: messageOf(error) });
        backOff();
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const onOnline = (): void => {
    if (!active || refusal !== null) return;
    // the connection is back: no need to sit out the backoff
    clearTimer();
    void run(false);
  };

  const afterSave = async (): Promise<void> => {
    publish(await store.pendingCount());
    schedule(sendDelayMs);
  };

  return {
    async saveAnswer(answer) {
      const id = await store.saveAnswer(answer);
      await afterSave();
      return id;
    },

    async saveItemState(itemId, state) {
      await store.saveItemState(itemId, state);
      await afterSave();
    },

    async saveReject(entry) {
      const queued = await store.saveReject(entry);
      await afterSave();
      return queued;
    },

    async retry() {
      refusal = null;
      failures = 0;
      clearTimer();
      await run(true);
      return status.getState().status;
    },

    async flush() {
      if (refusal !== null) return 'failed';
      clearTimer();
      await run(true);
      return status.getState().status;
    },

    async showPending() {
      publish(await store.pendingCount());
    },

    async start() {
      if (active) return;
      active = true;
      onlineEvents?.addEventListener('online', onOnline);
      await run(false);
    },

    stop() {
      active = false;
      clearTimer();
      onlineEvents?.removeEventListener('online', onOnline);
    },

    idle() {
      return running ?? Promise.resolve();
    },
  };
}
