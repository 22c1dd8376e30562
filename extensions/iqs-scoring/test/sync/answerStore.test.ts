import { IDBFactory } from 'fake-indexeddb';
import { type AnswerStore, openAnswerStore, type PendingEntry, sendOrder } from '../../src/sync';
import { answerTo } from './harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let indexedDB: IDBFactory;
const opened: AnswerStore[] = [];
async function open(): Promise<AnswerStore> {
  const store = await openAnswerStore({ indexedDB });
  opened.push(store);
  return store;
}

beforeEach(() => {
  // a fresh, empty IndexedDB for every test
  indexedDB = new IDBFactory();
});
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

describe('answer ids', () => {
  it('makes a UUID once per item and criterion and gives the same one ever after, also after a reload', async () => {
    const store = await open();
    const first = await store.answerIdFor('item-1', 'crit-1');
    expect(first).toMatch(UUID);
    expect(await store.answerIdFor('item-1', 'crit-1')).toBe(first);
    const others = [await store.answerIdFor('item-1', 'crit-2'), await store.answerIdFor('item-2', 'crit-1')];
    expect(new Set([first, ...others]).size).toBe(3);
    store.close();
    const reopened = await open();
    expect(await reopened.answerIdFor('item-1', 'crit-1')).toBe(first);
  });

  it('gives one id to two requests at the same moment', async () => {
    const store = await open();
    const [a, b] = await Promise.all([store.answerIdFor('item-1', 'crit-1'), store.answerIdFor('item-1', 'crit-1')]);
    expect(a).toBe(b);
  });

  it('keeps the id when the answer changes', async () => {
    const store = await open();
    const yes = await answerTo(store, 'item-1', 'crit-1', 'yes');
    await store.saveAnswer(yes);
    const no = await answerTo(store, 'item-1', 'crit-1', 'no');
    expect(no.id).toBe(yes.id);
    await store.saveAnswer(no);
    expect(await store.answersForItem('item-1')).toEqual([no]);
  });

  it('gives an answer saved without an id its criterion’s id, in the same write', async () => {
    const store = await open();
    const { id: _dropped, ...content } = await answerTo(store, 'item-2', 'crit-1', 'yes');
    const fresh = { ...content, criterion_id: 'crit-9' };
    const first = await store.saveAnswer(fresh);
    expect(first).toBe(await store.answerIdFor('item-2', 'crit-9'));
    expect(await store.saveAnswer({ ...fresh, value: 'no' })).toBe(first);
    expect((await store.answersForItem('item-2')).map((a) => [a.id, a.criterion_id, a.value])).toEqual([[first, 'crit-9', 'no']]);
    expect(await store.pendingCount()).toBe(1);
  });

  it('refuses an answer under another id than its criterion’s, and keeps nothing of it', async () => {
    const store = await open();
    await store.saveAnswer(await answerTo(store, 'item-1', 'crit-1', 'yes'));
    const stranger = { ...(await answerTo(store, 'item-1', 'crit-1', 'no')), id: '00000000-0000-4000-8000-000000000000' };
    await expect(store.saveAnswer(stranger)).rejects.toThrow(/is not the answer id of criterion crit-1/);
    expect((await store.answersForItem('item-1')).map((a) => a.value)).toEqual(['yes']);
    expect(await store.pendingCount()).toBe(1);
  });
});

describe('local answers', () => {
  it('are found by item and by evaluation after a reload, with only the contract’s fields', async () => {
    const store = await open();
    const a = await answerTo(store, 'item-1', 'crit-1', 'yes', null, 'evaluation-1');
    const b = await answerTo(store, 'item-1', 'crit-2', null, 'marker over the skin fold', 'evaluation-1');
    const c = await answerTo(store, 'item-2', 'crit-1', '4', null, 'evaluation-2');
    for (const answer of [a, b, c]) await store.saveAnswer({ ...answer, ...{ site_id: 'not kept' } });
    store.close();
    const reopened = await open();
    const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
    expect((await reopened.answersForItem('item-1')).sort(byId)).toEqual([a, b].sort(byId));
    expect(await reopened.answersForItem('item-2')).toEqual([c]);
    expect((await reopened.answersForEvaluation('evaluation-1')).sort(byId)).toEqual([a, b].sort(byId));
    expect(await reopened.answersForEvaluation('evaluation-3')).toEqual([]);
  });
});

describe('the outbox records', () => {
  it('keep one entry per answer, at the place of the first change, with a new revision for each change', async () => {
    const store = await open();
    const a1 = await answerTo(store, 'item-1', 'crit-1', 'yes');
    await store.saveAnswer(a1);
    await store.saveAnswer(await answerTo(store, 'item-1', 'crit-2', 'no'));
    await store.saveAnswer({ ...a1, value: 'na' });
    const pending = await store.pending();
    expect(pending.map((p) => p.key)).toEqual([`answer:${a1.id}`, expect.stringMatching(/^answer:/)]);
    expect(pending[0]?.entry).toEqual({ kind: 'answer', answer: { ...a1, value: 'na' } });
    expect(pending[0]!.revision).toBeGreaterThan(pending[1]!.revision);
  });

  it('are removed by a confirmation only at the revision that was sent', async () => {
    const store = await open();
    const a = await answerTo(store, 'item-1', 'crit-1', 'yes');
    await store.saveAnswer(a);
    const [sent] = await store.pending();
    await store.saveAnswer({ ...a, value: 'no' });
    await store.confirm([sent!]);
    const [left] = await store.pending();
    expect(left?.entry).toEqual({ kind: 'answer', answer: { ...a, value: 'no' } });
    await store.confirm([left!]);
    expect(await store.pendingCount()).toBe(0);
    // the local answer stays for the panel after the server has it
    expect((await store.answersForItem('item-1')).map((x) => x.value)).toEqual(['no']);
  });

  it('move a changed item state to the end of the queue', async () => {
    const store = await open();
    await store.saveItemState('item-1', 'scored');
    await store.saveAnswer(await answerTo(store, 'item-2', 'crit-1', 'yes'));
    await store.saveItemState('item-1', 'skipped');
    expect((await store.pending()).map((p) => p.entry)).toEqual([
      expect.objectContaining({ kind: 'answer' }),
      { kind: 'item_state', evaluation_item_id: 'item-1', state: 'skipped' },
    ]);
  });
});

describe('sending order', () => {
  const answer = (order: number, item: string): PendingEntry => ({
    key: `answer:${order}`,
    revision: order,
    order,
    entry: {
      kind: 'answer',
      answer: {
        id: `${order}`,
        evaluation_id: 'e',
        evaluation_item_id: item,
        form_id: 'f',
        criterion_id: `c${order}`,
        value: 'yes',
        comment: null,
      },
    },
  });
  const state = (order: number, item: string): PendingEntry => ({
    key: `state:${item}`,
    revision: order,
    order,
    entry: { kind: 'item_state', evaluation_item_id: item, state: 'scored' },
  });

  it('keeps queue order but sends an item’s state after every queued answer of that item', () => {
    const entries = [state(1, 'i1'), answer(2, 'i1'), answer(3, 'i2'), state(4, 'i2'), answer(5, 'i1')];
    expect(sendOrder(entries).map((p) => p.key)).toEqual(['answer:2', 'answer:3', 'state:i2', 'answer:5', 'state:i1']);
    expect(sendOrder([answer(2, 'i1'), state(1, 'i3')]).map((p) => p.key)).toEqual(['state:i3', 'answer:2']);
  });
});

describe('answers read from the server', () => {
  it('give their ids to criteria not answered here', async () => {
    const store = await open();
    const server = {
      id: '11111111-1111-4111-8111-111111111111',
      evaluation_id: 'evaluation-1',
      evaluation_item_id: 'item-1',
      form_id: 'form-1',
      criterion_id: 'crit-1',
      value: 'yes',
      comment: null,
    };
    await store.adoptServerAnswers([server]);
    expect(await store.answerIdFor('item-1', 'crit-1')).toBe(server.id);
    expect(await store.answersForItem('item-1')).toEqual([server]);
    expect(await store.pendingCount()).toBe(0);
  });

  it('replace a local id that the server does not know, when nothing of it waits to be sent', async () => {
    const store = await open();
    const local = await answerTo(store, 'item-1', 'crit-1', 'yes');
    await store.saveAnswer(local);
    await store.confirm(await store.pending());
    const server = { ...local, id: '22222222-2222-4222-8222-222222222222', value: 'no' };
    await store.adoptServerAnswers([server]);
    expect(await store.answerIdFor('item-1', 'crit-1')).toBe(server.id);
    expect(await store.answersForItem('item-1')).toEqual([server]);
  });

  it('do not overwrite a local change waiting to be sent, which moves onto the server’s id', async () => {
    const store = await open();
    const local = await answerTo(store, 'item-1', 'crit-1', 'na');
    await store.saveAnswer(local);
    const server = { ...local, id: '33333333-3333-4333-8333-333333333333', value: 'yes' };
    await store.adoptServerAnswers([server]);
    expect(await store.answerIdFor('item-1', 'crit-1')).toBe(server.id);
    expect(await store.answersForItem('item-1')).toEqual([{ ...local, id: server.id }]);
    const pending = await store.pending();
    expect(pending.map((p) => p.entry)).toEqual([{ kind: 'answer', answer: { ...local, id: server.id } }]);

    // the same id: the waiting change stays as it is
    await store.adoptServerAnswers([{ ...server, value: 'no' }]);
    expect((await store.answersForItem('item-1')).map((a) => a.value)).toEqual(['na']);
  });
});

describe('the database', () => {
  it('is created at version 1 with its stores and indexes', async () => {
    (await open()).close();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('iqs-answers');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['answer_ids', 'answers', 'meta', 'outbox']);
    const tx = db.transaction(['answers', 'outbox'], 'readonly');
    expect([...tx.objectStore('answers').indexNames].sort()).toEqual(['by_evaluation', 'by_item']);
    expect([...tx.objectStore('outbox').indexNames]).toEqual(['by_order']);
    db.close();
  });

  it('steps aside when a newer version is opened in another tab', async () => {
    const store = await open();
    await store.saveAnswer(await answerTo(store, 'item-1', 'crit-1', 'yes'));
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('iqs-answers', 2);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      // without the old connection closing itself, this open would wait for ever
      request.onblocked = () => reject(new Error('blocked by the open answer store'));
    });
    expect(newer.version).toBe(2);
    newer.close();
    await expect(store.pendingCount()).rejects.toThrow();
  });
});
