import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import {
  type AnswerOutbox,
  type AnswerOutboxOptions,
  type AnswerStore,
  createAnswerOutbox,
  createSyncStore,
  isRetryable,
  openAnswerStore,
  OutboxSendError,
  type SyncStore,
} from '../../src/sync';
import { answerTo, FakeServer, manualTimers, summary } from './harness';

let indexedDB: IDBFactory;
const cleanup: Array<() => void> = [];

beforeEach(() => {
  indexedDB = new IDBFactory();
});
afterEach(() => {
  for (const done of cleanup.splice(0).reverse()) done();
  jest.restoreAllMocks();
  jest.useRealTimers();
});

interface Page {
  readonly store: AnswerStore;
  readonly outbox: AnswerOutbox;
  readonly status: SyncStore;
  readonly timers: ReturnType<typeof manualTimers>;
  readonly online: EventTarget;
  readonly clock: { now: number };
}

/** One page load: a store over the test's IndexedDB and an outbox over it, sending to `server`. */
async function load(server: FakeServer, options: Partial<AnswerOutboxOptions> = {}): Promise<Page> {
  const store = await openAnswerStore({ indexedDB });
  const timers = manualTimers();
  const status = createSyncStore();
  const online = new EventTarget();
  const clock = { now: 1_700_000_000_000 };
  const outbox = createAnswerOutbox({
    store,
    send: server.send,
    setTimer: timers.setTimer,
    now: () => clock.now,
    status,
    onlineEvents: online,
    ...options,
  });
  cleanup.push(() => {
    outbox.stop();
    store.close();
  });
  return { store, outbox, status, timers, online, clock };
}

/** Fire the next timer (advancing the clock by its delay) and wait for the send it starts. */
async function fire(page: Page): Promise<number> {
  const ms = page.timers.fireNext();
  page.clock.now += ms;
  await page.outbox.idle();
  return ms;
}

describe('saving', () => {
  it('keeps an answer in IndexedDB before anything is sent, and sends it afterwards', async () => {
    const server = new FakeServer();
    const seenByServer: string[][] = [];
    const page = await load(server, {
      // what a second connection (another page load) finds at the moment of sending
      send: async (entries) => {
        const other = await openAnswerStore({ indexedDB });
        seenByServer.push((await other.pending()).map((p) => p.key));
        other.close();
        return server.send(entries);
      },
    });
    await page.outbox.start();
    const a = await answerTo(page.store, 'item-1', 'crit-1', 'yes');
    await page.outbox.saveAnswer(a);

    expect(server.calls).toHaveLength(0);
    const other = await openAnswerStore({ indexedDB });
    expect(await other.answersForItem('item-1')).toEqual([a]);
    expect((await other.pending()).map((p) => p.key)).toEqual([`answer:${a.id}`]);
    other.close();
    expect(page.status.getState()).toEqual({ status: 'waiting', pending: 1, lastError: null, lastSavedAt: null });

    expect(await fire(page)).toBe(200);
    expect(seenByServer).toEqual([[`answer:${a.id}`]]);
    expect(server.scores.get(a.id)).toEqual(a);
    expect(await page.store.pendingCount()).toBe(0);
    expect(page.status.getState()).toEqual({ status: 'saved', pending: 0, lastError: null, lastSavedAt: page.clock.now });
  });

  it('keeps saving while stopped and sends nothing until started', async () => {
    const server = new FakeServer();
    const page = await load(server);
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    expect(page.timers.waiting()).toEqual([]);
    expect(page.status.getState()).toMatchObject({ status: 'waiting', pending: 1 });
    await page.outbox.start();
    expect(server.calls).toHaveLength(1);
    expect(page.status.getState().status).toBe('saved');
  });

  it('sends only the newest of several changes to one answer', async () => {
    const server = new FakeServer();
    const page = await load(server);
    await page.outbox.start();
    const a = await answerTo(page.store, 'item-1', 'crit-1', 'yes');
    await page.outbox.saveAnswer(a);
    await page.outbox.saveAnswer({ ...a, value: 'no' });
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', '3'));
    await page.outbox.saveAnswer({ ...a, value: 'na', comment: 'marker outside the field' });
    expect(page.status.getState().pending).toBe(2);
    // one send planned, not one per save
    expect(page.timers.waiting()).toEqual([200]);
    await fire(page);
    expect(server.calls.map(summary)).toEqual([['item-1/crit-1=na', 'item-1/crit-2=3']]);
    expect(server.scores.get(a.id)?.comment).toBe('marker outside the field');
  });

  it('sends a change made while the earlier value was on its way after it', async () => {
    const server = new FakeServer();
    let release!: () => void;
    const page = await load(server, {
      send: async (entries) => {
        if (server.calls.length === 0) await new Promise<void>((resolve) => (release = resolve));
        return server.send(entries);
      },
    });
    await page.outbox.start();
    const a = await answerTo(page.store, 'item-1', 'crit-1', 'yes');
    await page.outbox.saveAnswer(a);
    page.timers.fireNext();
    await new Promise((resolve) => setImmediate(resolve));
    await page.outbox.saveAnswer({ ...a, value: 'no' });
    release();
    await page.outbox.idle();
    expect(server.calls.map(summary)).toEqual([['item-1/crit-1=yes'], ['item-1/crit-1=no']]);
    expect(server.scores.get(a.id)?.value).toBe('no');
    expect(await page.store.pendingCount()).toBe(0);
  });
});

describe('order', () => {
  it('sends in the order saved, an item’s state after that item’s answers', async () => {
    const server = new FakeServer();
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveItemState('item-1', 'scored');
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-2', 'crit-1', 'no'));
    await page.outbox.saveItemState('item-2', 'skipped');
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', '4'));
    await fire(page);
    expect(server.calls.map(summary)).toEqual([
      ['item-1/crit-1=yes', 'item-2/crit-1=no', 'item-2:skipped', 'item-1/crit-2=4', 'item-1:scored'],
    ]);
    expect(server.states).toEqual(
      new Map([
        ['item-1', 'scored'],
        ['item-2', 'skipped'],
      ]),
    );
  });

  it('sends at most 50 entries at a time, in order', async () => {
    const server = new FakeServer();
    const page = await load(server);
    const expected: string[] = [];
    for (let i = 1; i <= 120; i++) {
      const item = `item-${String(Math.ceil(i / 10)).padStart(2, '0')}`;
      await page.outbox.saveAnswer(await answerTo(page.store, item, `crit-${i % 10}`, 'yes'));
      expected.push(`${item}/crit-${i % 10}=yes`);
    }
    await page.outbox.start();
    expect(server.calls.map((call) => call.length)).toEqual([50, 50, 20]);
    expect(server.calls.flatMap(summary)).toEqual(expected);
    expect(page.status.getState()).toMatchObject({ status: 'saved', pending: 0 });
  });
});

describe('when the server cannot be reached', () => {
  it('retries after 1 s, 2 s, 5 s, 10 s and then every 30 s, with the same entry', async () => {
    const server = new FakeServer();
    server.next('down', 'down', 'down', 'down', 'down', 'down');
    const page = await load(server);
    await page.outbox.start();
    const a = await answerTo(page.store, 'item-1', 'crit-1', 'yes');
    await page.outbox.saveAnswer(a);

    const waits = [await fire(page)];
    expect(page.status.getState()).toEqual({ status: 'waiting', pending: 1, lastError: 'TypeError: Failed to fetch', lastSavedAt: null });
    while (server.calls.length < 7) waits.push(await fire(page));
    expect(waits).toEqual([200, 1_000, 2_000, 5_000, 10_000, 30_000, 30_000]);
    expect(server.calls.flatMap((call) => call.map((entry) => (entry.kind === 'answer' ? entry.answer.id : null)))).toEqual(
      Array(7).fill(a.id),
    );
    expect(page.timers.waiting()).toEqual([]);
    expect(page.status.getState()).toEqual({ status: 'saved', pending: 0, lastError: null, lastSavedAt: page.clock.now });
  });

  it('starts the backoff again after a success', async () => {
    const server = new FakeServer();
    server.next('down', 'down', 'ok', 'down');
    const page = await load(server, { retryDelaysMs: [100, 700] });
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    expect([await fire(page), await fire(page), await fire(page)]).toEqual([200, 100, 700]);
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', 'yes'));
    expect([await fire(page), await fire(page)]).toEqual([200, 100]);
    expect(server.calls).toHaveLength(5);
  });

  it('does not wait out the backoff when the browser is online again', async () => {
    const server = new FakeServer();
    server.next('down');
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    await fire(page);
    expect(page.timers.waiting()).toEqual([1_000]);
    page.online.dispatchEvent(new Event('online'));
    await page.outbox.idle();
    expect(server.calls).toHaveLength(2);
    expect(page.timers.waiting()).toEqual([]);
    expect(page.status.getState().status).toBe('saved');
  });

  it('keeps later saves behind the backoff instead of sending each at once', async () => {
    const server = new FakeServer();
    server.next('down');
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    await fire(page);
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', 'no'));
    expect(page.timers.waiting()).toEqual([1_000]);
    await fire(page);
    expect(server.calls.map(summary)).toEqual([['item-1/crit-1=yes'], ['item-1/crit-1=yes', 'item-1/crit-2=no']]);
  });

  it('sends the same ids again when the server stored a batch but its answer was lost, and the server holds each once', async () => {
    const server = new FakeServer();
    server.next('lost');
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', '5'));
    await page.outbox.saveItemState('item-1', 'scored');
    await fire(page);
    expect(server.scores.size).toBe(2);
    expect(page.status.getState()).toMatchObject({ status: 'waiting', pending: 3, lastError: 'the server did not answer in time' });

    await fire(page);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]).toEqual(server.calls[0]);
    const ids = server.calls.map((call) => call.flatMap((entry) => (entry.kind === 'answer' ? [entry.answer.id] : [])));
    expect(ids[1]).toEqual(ids[0]);
    expect(server.scores.size).toBe(2);
    expect(page.status.getState()).toMatchObject({ status: 'saved', pending: 0 });
  });

  it('treats an error the transport did not classify as passing', async () => {
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true);
    expect(isRetryable(new OutboxSendError('timeout', true))).toBe(true);
    expect(isRetryable(new OutboxSendError('check violation', false))).toBe(false);
    expect(isRetryable({ retryable: false, message: 'row-level security' })).toBe(false);
    const page = await load(new FakeServer(), {
      send: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    await fire(page);
    expect(page.status.getState().status).toBe('waiting');
    expect(page.timers.waiting()).toEqual([1_000]);
  });
});

describe('when the server refuses', () => {
  it('stops with the server’s message, keeps what is saved meanwhile, and goes on after retry()', async () => {
    const server = new FakeServer();
    server.next('refuse');
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    await fire(page);
    const message = 'new row violates row-level security policy for table "scores"';
    expect(page.status.getState()).toEqual({ status: 'failed', pending: 1, lastError: message, lastSavedAt: null });
    expect(page.timers.waiting()).toEqual([]);

    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', 'no'));
    expect(page.timers.waiting()).toEqual([]);
    expect(await page.outbox.flush()).toBe('failed');
    page.online.dispatchEvent(new Event('online'));
    await page.outbox.idle();
    expect(server.calls).toHaveLength(1);
    expect(page.status.getState()).toMatchObject({ status: 'failed', pending: 2, lastError: message });

    expect(await page.outbox.retry()).toBe('saved');
    expect(server.calls.map(summary)).toEqual([['item-1/crit-1=yes'], ['item-1/crit-1=yes', 'item-1/crit-2=no']]);
    expect(page.status.getState()).toEqual({ status: 'saved', pending: 0, lastError: null, lastSavedAt: page.clock.now });
  });

  it('lets the entries before a refused one through, and holds the refused one and those after it', async () => {
    const server = new FakeServer();
    server.refuseValue = 'maybe';
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    const refused = await answerTo(page.store, 'item-1', 'crit-2', 'maybe');
    await page.outbox.saveAnswer(refused);
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-3', 'no'));
    await page.outbox.saveItemState('item-1', 'scored');
    await fire(page);
    expect(server.calls.map(summary)).toEqual([
      ['item-1/crit-1=yes', 'item-1/crit-2=maybe', 'item-1/crit-3=no', 'item-1:scored'],
      ['item-1/crit-1=yes'],
      ['item-1/crit-2=maybe'],
    ]);
    expect([...server.scores.values()].map((s) => s.value)).toEqual(['yes']);
    expect(server.states.size).toBe(0);
    expect(page.status.getState()).toMatchObject({ status: 'failed', pending: 3, lastError: 'value maybe does not fit criterion' });

    // corrected, then retried: the rest follows, the state last
    await page.outbox.saveAnswer({ ...refused, value: 'na' });
    expect(await page.outbox.retry()).toBe('saved');
    expect(server.calls.at(-1) && summary(server.calls.at(-1)!)).toEqual(['item-1/crit-2=na', 'item-1/crit-3=no', 'item-1:scored']);
    expect(server.states.get('item-1')).toBe('scored');
  });
});

describe('after a reload or a closed tab', () => {
  it('sends what the last page left, once', async () => {
    const server = new FakeServer();
    server.next('down');
    const first = await load(server);
    await first.outbox.start();
    await first.outbox.saveAnswer(await answerTo(first.store, 'item-1', 'crit-1', 'yes'));
    await first.outbox.saveItemState('item-1', 'scored');
    await fire(first);
    // saved, then the tab closes before the planned send
    await first.outbox.saveAnswer(await answerTo(first.store, 'item-2', 'crit-1', 'no'));
    first.outbox.stop();
    first.store.close();
    expect(server.scores.size).toBe(0);

    const second = await load(server);
    expect(second.status.getState().pending).toBe(0);
    await second.outbox.start();
    expect(server.calls.slice(1).map(summary)).toEqual([['item-1/crit-1=yes', 'item-1:scored', 'item-2/crit-1=no']]);
    expect(second.status.getState()).toMatchObject({ status: 'saved', pending: 0 });
    second.outbox.stop();
    second.store.close();

    const third = await load(server);
    await third.outbox.start();
    expect(server.calls).toHaveLength(2);
    expect((await third.store.answersForItem('item-1')).map((a) => a.value)).toEqual(['yes']);
  });

  it('loses nothing that was reported saved when the tab dies in the middle of a save', async () => {
    const server = new FakeServer();
    const first = await load(server);
    const saved = await answerTo(first.store, 'item-1', 'crit-1', 'yes');
    await first.outbox.saveAnswer(saved);

    // the next save gets as far as writing the local answer, then the page is gone: its transaction never commits
    const put = FakeObjectStore.prototype.put;
    jest.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'outbox') throw new Error('the tab was closed');
      return put.apply(this, args);
    });
    const lost = await answerTo(first.store, 'item-1', 'crit-2', 'no');
    await expect(first.outbox.saveAnswer(lost)).rejects.toThrow('the tab was closed');
    jest.restoreAllMocks();
    first.outbox.stop();
    first.store.close();

    const second = await load(server);
    // all of the save that was reported, nothing of the one that was not: no answer without its outbox entry
    expect(await second.store.answersForItem('item-1')).toEqual([saved]);
    expect((await second.store.pending()).map((p) => p.key)).toEqual([`answer:${saved.id}`]);
    await second.outbox.start();
    expect(server.calls.map(summary)).toEqual([['item-1/crit-1=yes']]);
  });
});

describe('flush', () => {
  it('sends at once and tells how it went', async () => {
    const server = new FakeServer();
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    expect(await page.outbox.flush()).toBe('saved');
    expect(server.calls).toHaveLength(1);
    // the planned send was dropped: nothing goes twice
    expect(page.timers.waiting()).toEqual([]);

    server.next('down');
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', 'yes'));
    expect(await page.outbox.flush()).toBe('waiting');
    expect(page.timers.waiting()).toEqual([1_000]);
    expect(await page.outbox.flush()).toBe('saved');
    expect(server.calls).toHaveLength(3);
    expect(page.timers.waiting()).toEqual([]);
  });

  it('resolves at once with nothing to send', async () => {
    const server = new FakeServer();
    const page = await load(server);
    expect(await page.outbox.flush()).toBe('saved');
    expect(server.calls).toHaveLength(0);
  });
});

describe('with the default timers', () => {
  it('sends 200 ms after a save and retries 1 s after a failure, stamping the clock', async () => {
    // IndexedDB (fake-indexeddb) runs its tasks on setImmediate: leave that one real
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'], now: new Date('2026-11-28T09:00:00Z') });
    const server = new FakeServer();
    server.next('down');
    const store = await openAnswerStore({ indexedDB });
    const status = createSyncStore();
    const outbox = createAnswerOutbox({ store, send: server.send, status, onlineEvents: null });
    cleanup.push(() => {
      outbox.stop();
      store.close();
    });
    await outbox.start();
    await outbox.saveAnswer(await answerTo(store, 'item-1', 'crit-1', 'yes'));

    jest.advanceTimersByTime(199);
    await outbox.idle();
    expect(server.calls).toHaveLength(0);
    jest.advanceTimersByTime(1);
    await outbox.idle();
    expect(server.calls).toHaveLength(1);

    jest.advanceTimersByTime(999);
    await outbox.idle();
    expect(server.calls).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await outbox.idle();
    expect(server.calls).toHaveLength(2);
    expect(status.getState()).toEqual({
      status: 'saved',
      pending: 0,
      lastError: null,
      lastSavedAt: Date.parse('2026-11-28T09:00:01.200Z'),
    });
  });
});
