/**
 * The outbox's 'reject' entry kind: a rejected image's reason (record_reject_reason), an IQS mark (mark_rejected)
 * and its undoing (unmark_rejected), kept in the browser's store first and sent in the background like answers.
 */
import { IDBFactory } from 'fake-indexeddb';
import {
  type AnswerOutbox,
  type AnswerStore,
  createAnswerOutbox,
  createSyncStore,
  openAnswerStore,
  type RejectEntry,
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
});

interface Page {
  readonly store: AnswerStore;
  readonly outbox: AnswerOutbox;
  readonly status: SyncStore;
  readonly timers: ReturnType<typeof manualTimers>;
  readonly online: EventTarget;
}

async function load(server: FakeServer, name = 'iqs-rejects-petra'): Promise<Page> {
  const store = await openAnswerStore({ indexedDB, name });
  const timers = manualTimers();
  const status = createSyncStore();
  const online = new EventTarget();
  const outbox = createAnswerOutbox({ store, send: server.send, setTimer: timers.setTimer, status, onlineEvents: online, now: () => 1 });
  cleanup.push(() => {
    outbox.stop();
    store.close();
  });
  return { store, outbox, status, timers, online };
}

async function fire(page: Page): Promise<number> {
  const ms = page.timers.fireNext();
  await page.outbox.idle();
  return ms;
}

const reason = (image: string, reasonId: string, comment: string | null = null): RejectEntry => ({
  action: 'record',
  image_id: image,
  sop_instance_uid: `1.2.${image.length}`,
  reason_id: reasonId,
  comment,
});
const mark = (image: string, reasonId: string): RejectEntry => ({ ...reason(image, reasonId), action: 'mark' });
const unmark = (image: string): RejectEntry => ({ ...reason(image, 'x'), action: 'unmark', reason_id: null });

/** a server whose images img-1 … img-n are rejected by a note from the modality */
function serverWithRejects(n: number): FakeServer {
  const server = new FakeServer();
  for (let i = 1; i <= n; i++) server.rejects.set(`img-${i}`, { rejected: true, source: 'iocm', reason: null, comment: null });
  return server;
}

describe('reject reasons in the outbox', () => {
  it('keeps a reason in the browser before anything is sent, then sends it with record_reject_reason', async () => {
    const server = serverWithRejects(1);
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveReject(reason('img-1', 'positioning', '  '));
    const other = await openAnswerStore({ indexedDB, name: 'iqs-rejects-petra' });
    // an empty comment is none
    expect(await other.pendingRejects()).toEqual([{ ...reason('img-1', 'positioning'), comment: null }]);
    other.close();
    expect(server.calls).toHaveLength(0);
    expect(page.status.getState()).toMatchObject({ status: 'waiting', pending: 1 });
    await fire(page);
    expect(server.rejects.get('img-1')).toEqual({ rejected: true, source: 'iocm', reason: 'positioning', comment: null });
    expect(page.status.getState()).toMatchObject({ status: 'saved', pending: 0 });
    expect(await page.store.pendingRejects()).toEqual([]);
  });

  it('loses nothing while the server is away: kept across a reload and sent once it is back', async () => {
    const server = serverWithRejects(3);
    server.next('down', 'down');
    const first = await load(server);
    await first.outbox.start();
    await first.outbox.saveReject(reason('img-1', 'motion'));
    await first.outbox.saveReject(reason('img-2', 'positioning', 'arm in the field'));
    await fire(first); // down
    await fire(first); // down again, after 1 s
    expect(first.status.getState()).toMatchObject({ status: 'waiting', pending: 2, lastError: 'TypeError: Failed to fetch' });
    // the tab is closed while the server is away
    first.outbox.stop();
    first.store.close();

    const again = await load(server);
    await again.outbox.saveReject(reason('img-3', 'under_exposure'));
    await again.outbox.start();
    expect(server.calls.map(summary).at(-1)).toEqual(['record:img-1=motion', 'record:img-2=positioning', 'record:img-3=under_exposure']);
    expect([...server.rejects.entries()].map(([id, r]) => `${id}:${r.reason}:${r.comment ?? ''}`)).toEqual([
      'img-1:motion:',
      'img-2:positioning:arm in the field',
      'img-3:under_exposure:',
    ]);
    expect(again.status.getState()).toMatchObject({ status: 'saved', pending: 0 });
  });

  it('goes on at once when the browser is back online', async () => {
    const server = serverWithRejects(1);
    server.next('down');
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveReject(reason('img-1', 'motion'));
    await fire(page);
    expect(page.timers.waiting()).toEqual([1_000]);
    page.online.dispatchEvent(new Event('online'));
    await page.outbox.idle();
    expect(server.rejects.get('img-1')?.reason).toBe('motion');
  });

  it('sends in the order saved; a changed reason keeps its place and only the newest goes', async () => {
    const server = serverWithRejects(3);
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveReject(reason('img-2', 'motion'));
    await page.outbox.saveReject(reason('img-1', 'positioning'));
    await page.outbox.saveReject(reason('img-3', 'over_exposure'));
    await page.outbox.saveReject(reason('img-2', 'artefact_patient', 'necklace'));
    expect(page.status.getState().pending).toBe(3);
    await fire(page);
    expect(server.calls.map(summary)).toEqual([
      ['record:img-2=artefact_patient', 'record:img-1=positioning', 'record:img-3=over_exposure'],
    ]);
    expect(server.rejects.get('img-2')).toMatchObject({ reason: 'artefact_patient', comment: 'necklace' });
  });

  it('goes between the answers in the order saved, without holding them up', async () => {
    const server = serverWithRejects(1);
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-1', 'yes'));
    await page.outbox.saveReject(reason('img-1', 'motion'));
    await page.outbox.saveAnswer(await answerTo(page.store, 'item-1', 'crit-2', '4'));
    await fire(page);
    expect(server.calls.map(summary)).toEqual([['item-1/crit-1=yes', 'record:img-1=motion', 'item-1/crit-2=4']]);
  });

  it('never duplicates: an answer lost on its way is sent again and changes nothing the second time', async () => {
    const server = serverWithRejects(1);
    server.next('lost');
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveReject(reason('img-1', 'motion'));
    await fire(page); // applied, but the answer was lost
    expect(page.status.getState()).toMatchObject({ status: 'waiting', pending: 1 });
    await fire(page);
    expect(server.rejectCalls).toEqual(['record:img-1', 'record:img-1']);
    expect(server.rejects.size).toBe(1);
    expect(server.rejects.get('img-1')?.reason).toBe('motion');
    expect(await page.store.pendingRejects()).toEqual([]);
    // one entry per image, however often it changes
    await page.outbox.saveReject(reason('img-1', 'positioning'));
    await page.outbox.saveReject(reason('img-1', 'positioning'));
    expect(await page.store.pendingCount()).toBe(1);
  });

  it('a mark not yet sent takes a changed reason with it; an undo of it changes nothing on the server', async () => {
    const server = new FakeServer();
    const page = await load(server);
    // marked, and the reason changed before anything was sent: still a mark, with the new reason
    expect(await page.outbox.saveReject(mark('img-9', 'motion'))).toMatchObject({ action: 'mark' });
    expect(await page.outbox.saveReject(reason('img-9', 'positioning'))).toMatchObject({ action: 'mark', reason_id: 'positioning' });
    await page.outbox.start();
    expect(server.calls.map(summary)).toEqual([['mark:img-9=positioning']]);
    expect(server.rejects.get('img-9')).toMatchObject({ rejected: true, source: 'iqs', reason: 'positioning' });
    // undone and marked again while offline: the newest wins, in its place
    server.next('down');
    await page.outbox.saveReject(unmark('img-9'));
    await fire(page);
    await page.outbox.saveReject(mark('img-9', 'motion'));
    await page.outbox.saveReject(unmark('img-9'));
    await fire(page);
    expect(server.calls.map(summary).at(-1)).toEqual(['unmark:img-9=-']);
    expect(server.rejects.get('img-9')).toMatchObject({ rejected: false });
  });

  it('stops at a refusal, says why, and sends again after retry', async () => {
    // img-2 is not rejected on the server: record_reject_reason refuses it
    const server = serverWithRejects(1);
    const page = await load(server);
    await page.outbox.start();
    await page.outbox.saveReject(reason('img-1', 'motion'));
    await page.outbox.saveReject(reason('img-2', 'motion'));
    await page.outbox.saveReject(reason('img-1', 'positioning'));
    await fire(page);
    expect(page.status.getState()).toMatchObject({ status: 'failed', pending: 1, lastError: 'image is not rejected (P0001)' });
    expect(server.rejects.get('img-1')?.reason).toBe('positioning');
    // the image is marked rejected meanwhile (from another workstation): the retry passes
    server.rejects.set('img-2', { rejected: true, source: 'iqs', reason: 'motion', comment: null });
    expect(await page.outbox.retry()).toBe('saved');
    expect(server.rejectCalls.filter((call) => call === 'record:img-2')).toHaveLength(1);
  });

  it('refuses to keep a reason without a reason', async () => {
    const page = await load(new FakeServer());
    await expect(page.outbox.saveReject({ ...reason('img-1', 'x'), reason_id: null })).rejects.toThrow('a reason is needed');
    expect(await page.store.pendingCount()).toBe(0);
  });
});
