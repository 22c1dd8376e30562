/**
 * The browser's own copy of the evaluation answers, in IndexedDB: answers are kept here first and sent to the
 * server afterwards (answerOutbox.ts), so that a backend outage, a reload or a closed tab loses nothing.
 *
 * One database ('iqs-answers') with four object stores:
 *   answers      the local answers by answer id, indexed by evaluation_item_id and by evaluation_id, so the panel
 *                can show what was answered after a reload before the server answers
 *   answer_ids   the answer id of each (evaluation_item_id, criterion_id): made once, kept for every change, so a
 *                resend or a changed answer updates the same server row (the server upserts on id)
 *   outbox       what the server has not confirmed yet: answers and item-state changes, one record per answer id
 *                or item (a newer change replaces an unsent one), each with a revision so that a confirmation of
 *                an older send never removes a newer change
 *   meta         the revision counter
 * Every write resolves only when its transaction has completed, with strict durability (flushed to disk where the
 * browser offers it), and writes what belongs together in one transaction: a save is all there or not at all.
 */
import type { Answer, ItemState } from '@iqs/domain';

export const ANSWER_DATABASE = 'iqs-answers';
/** Raise with every schema change and add a step to upgrade(); never change an earlier step. */
const VERSION = 1;

const ANSWERS = 'answers';
const ANSWER_IDS = 'answer_ids';
const OUTBOX = 'outbox';
const META = 'meta';
type StoreName = typeof ANSWERS | typeof ANSWER_IDS | typeof OUTBOX | typeof META;

/** An answer as kept in the browser: the row sent to the server, with the evaluation it belongs to. */
export interface LocalAnswer extends Answer {
  readonly evaluation_id: string;
}

/** An answer to keep: with its id, or without to take its criterion's. */
export type AnswerToKeep = Omit<LocalAnswer, 'id'> & { readonly id?: string };

/**
 * A rejected image's reason for the server (reject analysis): 'record' gives or changes the reason of a rejected
 * image (RPC record_reject_reason), 'mark' marks an accepted image rejected in IQS with its reason (mark_rejected),
 * 'unmark' takes an IQS mark back (unmark_rejected). The server applies each idempotently, so a resend is harmless.
 */
export interface RejectEntry {
  readonly action: 'record' | 'mark' | 'unmark';
  readonly image_id: string;
  /** the image, as the viewer knows it: to show what waits to be sent on the right image */
  readonly sop_instance_uid: string;
  /** reject_reasons.id; null for 'unmark' */
  readonly reason_id: string | null;
  readonly comment: string | null;
}

/** What the server is to be told: an answer (upserted on its id), an item's new state, or a rejected image's reason. */
export type OutboxEntry =
  | { readonly kind: 'answer'; readonly answer: LocalAnswer }
  | { readonly kind: 'item_state'; readonly evaluation_item_id: string; readonly state: ItemState }
  | { readonly kind: 'reject'; readonly reject: RejectEntry };

/** One unconfirmed entry, as the outbox reads it. */
export interface PendingEntry {
  /** 'answer:<answer id>', 'state:<evaluation_item_id>' or 'reject:<image id>' */
  readonly key: string;
  /** grows with every change of this key; a confirmation removes the entry only at the revision sent */
  readonly revision: number;
  /** place in the queue: kept when an unsent answer is changed, so the newest value goes where the first was */
  readonly order: number;
  readonly entry: OutboxEntry;
}

interface IdRecord {
  readonly evaluation_item_id: string;
  readonly criterion_id: string;
  readonly id: string;
}

interface MetaRecord {
  readonly name: string;
  readonly value: number;
}

export interface AnswerStore {
  /** The answer id for a criterion of an item: made on first use, the same ever after. */
  answerIdFor(itemId: string, criterionId: string): Promise<string>;
  /**
   * Keep an answer and queue it for the server, in one transaction; resolves with its id. Without an id it gets its
   * criterion's (made now on first use: one transaction, so one flush to disk, per answer). With one, that must be
   * the id answerIdFor gives for its item and criterion (an answer with another id is refused: the server would
   * hold two rows for one criterion).
   */
  saveAnswer(answer: AnswerToKeep): Promise<string>;
  /** Queue an item's new state for the server. */
  saveItemState(itemId: string, state: ItemState): Promise<void>;
  /**
   * Queue a rejected image's reason (one entry per image: a newer change replaces an unsent one and keeps its place).
   * A reason changed while the image's IQS mark is still unsent stays a mark (with the new reason): the mark
   * records the reason too. Resolves with the entry as queued.
   */
  saveReject(entry: RejectEntry): Promise<RejectEntry>;
  /** The rejected images' reasons the server has not confirmed, in queue order. */
  pendingRejects(): Promise<RejectEntry[]>;
  answersForItem(itemId: string): Promise<LocalAnswer[]>;
  answersForEvaluation(evaluationId: string): Promise<LocalAnswer[]>;
  /** The unconfirmed entries in sending order: queue order, but an item's state after that item's answers. */
  pending(): Promise<PendingEntry[]>;
  pendingCount(): Promise<number>;
  /** The server took these: remove each entry that has not changed since (same revision). */
  confirm(sent: readonly Pick<PendingEntry, 'key' | 'revision'>[]): Promise<void>;
  /**
   * Answers read from the server (another workstation, or a browser whose storage was cleared): their ids become
   * the ids of their criteria, so that a later change updates the server's row instead of clashing with it. A local
   * change still waiting to be sent is kept (it is newer) and moved onto the server's id.
   */
  adoptServerAnswers(answers: readonly LocalAnswer[]): Promise<void>;
  close(): void;
}

export interface AnswerStoreOptions {
  /** database name; default 'iqs-answers' */
  readonly name?: string;
  /** default: the browser's indexedDB */
  readonly indexedDB?: IDBFactory;
  /** default: crypto.randomUUID */
  readonly newId?: () => string;
}

/** Only the fields of the contract: nothing else the caller's object carries is kept or sent. */
function contractFields(answer: LocalAnswer): LocalAnswer {
  return {
    id: answer.id,
    evaluation_id: answer.evaluation_id,
    evaluation_item_id: answer.evaluation_item_id,
    form_id: answer.form_id,
    criterion_id: answer.criterion_id,
    value: answer.value,
    comment: answer.comment,
  };
}

const answerKey = (answerId: string): string => `answer:${answerId}`;
const stateKey = (itemId: string): string => `state:${itemId}`;
const rejectKey = (imageId: string): string => `reject:${imageId}`;

/** Only the fields of the contract, as for answers. */
function rejectFields(entry: RejectEntry): RejectEntry {
  const comment = entry.comment === null || entry.comment.trim() === '' ? null : entry.comment;
  return {
    action: entry.action,
    image_id: entry.image_id,
    sop_instance_uid: entry.sop_instance_uid,
    reason_id: entry.action === 'unmark' ? null : entry.reason_id,
    comment: entry.action === 'unmark' ? null : comment,
  };
}

function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    const answers = db.createObjectStore(ANSWERS, { keyPath: 'id' });
    answers.createIndex('by_item', 'evaluation_item_id');
    answers.createIndex('by_evaluation', 'evaluation_id');
    db.createObjectStore(ANSWER_IDS, { keyPath: ['evaluation_item_id', 'criterion_id'] });
    const outbox = db.createObjectStore(OUTBOX, { keyPath: 'key' });
    outbox.createIndex('by_order', 'order');
    db.createObjectStore(META, { keyPath: 'name' });
  }
}

export function openAnswerStore(options: AnswerStoreOptions = {}): Promise<AnswerStore> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  if (!factory) return Promise.reject(new Error('IndexedDB is not available in this browser'));
  const newId = options.newId ?? (() => crypto.randomUUID());
  return new Promise((resolve, reject) => {
    const request = factory.open(options.name ?? ANSWER_DATABASE, VERSION);
    request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
    request.onerror = () => reject(request.error ?? new Error('the answer database could not be opened'));
    request.onsuccess = () => {
      const db = request.result;
      // a newer IQS in another tab wants to upgrade: let it (this tab's writes then fail loudly, not silently)
      db.onversionchange = () => db.close();
      resolve(storeOver(db, newId));
    };
  });
}

/** The tools a transaction's work gets: the transaction, `fail` to abort it with a reason, `on` to chain requests. */
interface Tx {
  readonly tx: IDBTransaction;
  fail(reason: Error): void;
  /** run `next` with the request's result; an exception in `next` aborts the transaction with it */
  on<T>(request: IDBRequest<T>, next: (value: T) => void): void;
}

/**
 * Run `work` in one transaction; resolve with what its getter returns once the transaction has completed, reject
 * (with `fail`'s reason, or the database's error) when it aborts.
 */
function transact<T>(db: IDBDatabase, names: readonly StoreName[], mode: IDBTransactionMode, work: (t: Tx) => () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let reason: Error | null = null;
    let tx: IDBTransaction;
    try {
      // strict: 'complete' means on disk, not just handed to the operating system (Chrome defaults to relaxed)
      tx = db.transaction([...names], mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
    } catch (error) {
      reject(error);
      return;
    }
    const fail = (error: unknown): void => {
      reason ??= error instanceof Error ? error : new Error(String(error));
      try {
        tx.abort();
      } catch {
        // already finished or aborting
      }
    };
    let result: () => T = () => undefined as T;
    tx.oncomplete = () => resolve(result());
    tx.onabort = () => reject(reason ?? tx.error ?? new Error('the answer database transaction was aborted'));
    const on = <R>(request: IDBRequest<R>, next: (value: R) => void): void => {
      request.onsuccess = () => {
        try {
          next(request.result);
        } catch (error) {
          fail(error);
        }
      };
    };
    try {
      result = work({ tx, fail, on });
    } catch (error) {
      fail(error);
    }
  });
}

/** Sending order: queue order, except that an item's state goes after every queued answer of that item. */
export function sendOrder(entries: readonly PendingEntry[]): PendingEntry[] {
  const lastAnswerOfItem = new Map<string, number>();
  for (const pending of entries) {
    if (pending.entry.kind !== 'answer') continue;
    const item = pending.entry.answer.evaluation_item_id;
    lastAnswerOfItem.set(item, Math.max(lastAnswerOfItem.get(item) ?? -Infinity, pending.order));
  }
  const place = (pending: PendingEntry): number =>
    pending.entry.kind === 'item_state'
      ? Math.max(pending.order, lastAnswerOfItem.get(pending.entry.evaluation_item_id) ?? -Infinity)
      : pending.order;
  // on a tie the answer goes first; otherwise the order numbers are unique
  return [...entries].sort(
    (a, b) => place(a) - place(b) || (a.entry.kind === 'item_state' ? 1 : 0) - (b.entry.kind === 'item_state' ? 1 : 0),
  );
}

function storeOver(db: IDBDatabase, newId: () => string): AnswerStore {
  /** Take the next revision number within a write transaction; `use` gets it. */
  const nextRevision = (t: Tx, use: (revision: number) => void): void => {
    const meta = t.tx.objectStore(META);
    t.on(meta.get('revision') as IDBRequest<MetaRecord | undefined>, (record) => {
      const revision = (record?.value ?? 0) + 1;
      meta.put({ name: 'revision', value: revision } satisfies MetaRecord);
      use(revision);
    });
  };

  /** Queue an entry under its key: a new key goes to the end, a changed one keeps its place unless `toEnd`. */
  const enqueue = (t: Tx, key: string, entry: OutboxEntry, toEnd: boolean): void => {
    const outbox = t.tx.objectStore(OUTBOX);
    nextRevision(t, (revision) => {
      t.on(outbox.get(key) as IDBRequest<PendingEntry | undefined>, (existing) => {
        const order = existing && !toEnd ? existing.order : revision;
        outbox.put({ key, revision, order, entry } satisfies PendingEntry);
      });
    });
  };

  const getAll = <T>(name: StoreName, index: string | null, query?: IDBValidKey): Promise<T[]> =>
    transact(db, [name], 'readonly', ({ tx }) => {
      const source = index === null ? tx.objectStore(name) : tx.objectStore(name).index(index);
      const request = source.getAll(query) as IDBRequest<T[]>;
      return () => request.result;
    });

  return {
    answerIdFor(itemId, criterionId) {
      return transact(db, [ANSWER_IDS], 'readwrite', (t) => {
        let id = '';
        const ids = t.tx.objectStore(ANSWER_IDS);
        t.on(ids.get([itemId, criterionId]) as IDBRequest<IdRecord | undefined>, (record) => {
          if (record) {
            id = record.id;
            return;
          }
          // made and kept in one transaction: two tabs asking at once still get one id
          id = newId();
          ids.put({ evaluation_item_id: itemId, criterion_id: criterionId, id } satisfies IdRecord);
        });
        return () => id;
      });
    },

    saveAnswer(answer) {
      return transact(db, [ANSWERS, ANSWER_IDS, OUTBOX, META], 'readwrite', (t) => {
        const ids = t.tx.objectStore(ANSWER_IDS);
        let id = '';
        t.on(ids.get([answer.evaluation_item_id, answer.criterion_id]) as IDBRequest<IdRecord | undefined>, (record) => {
          if (record && answer.id !== undefined && record.id !== answer.id) {
            t.fail(
              new Error(
                `answer ${answer.id} is not the answer id of criterion ${answer.criterion_id} on item ${answer.evaluation_item_id} (${record.id})`,
              ),
            );
            return;
          }
          id = record?.id ?? answer.id ?? newId();
          if (!record) ids.put({ evaluation_item_id: answer.evaluation_item_id, criterion_id: answer.criterion_id, id } satisfies IdRecord);
          const stored = contractFields({ ...answer, id });
          t.tx.objectStore(ANSWERS).put(stored);
          enqueue(t, answerKey(id), { kind: 'answer', answer: stored }, false);
        });
        return () => id;
      });
    },

    saveItemState(itemId, state) {
      return transact(db, [OUTBOX, META], 'readwrite', (t) => {
        // the newest state goes to the end of the queue: it sums up the answers given before it
        enqueue(t, stateKey(itemId), { kind: 'item_state', evaluation_item_id: itemId, state }, true);
        return () => undefined;
      });
    },

    saveReject(entry) {
      return transact(db, [OUTBOX, META], 'readwrite', (t) => {
        let queued = rejectFields(entry);
        if (queued.action !== 'unmark' && queued.reason_id === null) {
          t.fail(new Error(`a reason is needed to ${queued.action} image ${queued.image_id} as rejected`));
          return () => queued;
        }
        t.on(t.tx.objectStore(OUTBOX).get(rejectKey(entry.image_id)) as IDBRequest<PendingEntry | undefined>, (waiting) => {
          // the IQS mark is not on the server yet: it records the new reason itself
          if (waiting?.entry.kind === 'reject' && waiting.entry.reject.action === 'mark' && queued.action === 'record') {
            queued = { ...queued, action: 'mark' };
          }
          enqueue(t, rejectKey(entry.image_id), { kind: 'reject', reject: queued }, false);
        });
        return () => queued;
      });
    },

    async pendingRejects() {
      const all = await getAll<PendingEntry>(OUTBOX, 'by_order');
      return all.flatMap((pending) => (pending.entry.kind === 'reject' ? [pending.entry.reject] : []));
    },

    answersForItem(itemId) {
      return getAll<LocalAnswer>(ANSWERS, 'by_item', itemId);
    },

    answersForEvaluation(evaluationId) {
      return getAll<LocalAnswer>(ANSWERS, 'by_evaluation', evaluationId);
    },

    async pending() {
      return sendOrder(await getAll<PendingEntry>(OUTBOX, 'by_order'));
    },

    pendingCount() {
      return transact(db, [OUTBOX], 'readonly', ({ tx }) => {
        const request = tx.objectStore(OUTBOX).count();
        return () => request.result;
      });
    },

    confirm(sent) {
      return transact(db, [OUTBOX], 'readwrite', (t) => {
        const outbox = t.tx.objectStore(OUTBOX);
        for (const { key, revision } of sent) {
          t.on(outbox.get(key) as IDBRequest<PendingEntry | undefined>, (current) => {
            // changed while it was on its way: the newer revision still has to go
            if (current && current.revision === revision) outbox.delete(key);
          });
        }
        return () => undefined;
      });
    },

    adoptServerAnswers(answers) {
      return transact(db, [ANSWERS, ANSWER_IDS, OUTBOX, META], 'readwrite', (t) => {
        const ids = t.tx.objectStore(ANSWER_IDS);
        const local = t.tx.objectStore(ANSWERS);
        const outbox = t.tx.objectStore(OUTBOX);
        for (const server of answers) {
          t.on(ids.get([server.evaluation_item_id, server.criterion_id]) as IDBRequest<IdRecord | undefined>, (record) => {
            const localId = record?.id ?? server.id;
            t.on(outbox.get(answerKey(localId)) as IDBRequest<PendingEntry | undefined>, (waiting) => {
              if (localId !== server.id || !record) {
                ids.put({
                  evaluation_item_id: server.evaluation_item_id,
                  criterion_id: server.criterion_id,
                  id: server.id,
                } satisfies IdRecord);
              }
              if (localId !== server.id) local.delete(localId);
              if (!waiting) {
                local.put(contractFields(server));
                return;
              }
              // the local change is newer than the server's copy: keep it, under the server's id
              if (localId === server.id || waiting.entry.kind !== 'answer') return;
              const moved: LocalAnswer = { ...waiting.entry.answer, id: server.id };
              local.put(moved);
              outbox.delete(waiting.key);
              nextRevision(t, (revision) => {
                outbox.put({
                  key: answerKey(server.id),
                  revision,
                  order: waiting.order,
                  entry: { kind: 'answer', answer: moved },
                } satisfies PendingEntry);
              });
            });
          });
        }
        return () => undefined;
      });
    },

    close() {
      db.close();
    },
  };
}
