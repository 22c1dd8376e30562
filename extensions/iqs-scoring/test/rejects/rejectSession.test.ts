/**
 * The reject session: the active image's status, a reason kept in the browser and shown at once, the reject
 * worklist (open one, Enter, the next follows), and what waits in the browser after a reload.
 */
import { IDBFactory } from 'fake-indexeddb';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createRejectWorklistPageData, rejectWorklistPath } from '../../src/data/rejects';
import type { ImageRejectStatus, RejectData, RejectState, RejectToExplain } from '../../src/ports';
import { createRejectSession, initialRejectState, type RejectSession } from '../../src/rejects/rejectSession';
import { createAnswerOutbox, createSyncStore, openAnswerStore, type AnswerStore } from '../../src/sync';
import type { ImageNavigator, ImageRef } from '../../src/viewer/imageNavigator';
import { FakeServer, manualTimers } from '../sync/harness';
import { reasons, status, toExplain } from './rejectFixtures';

let indexedDB: IDBFactory;
const cleanup: Array<() => void> = [];
beforeEach(() => {
  indexedDB = new IDBFactory();
});
afterEach(() => {
  for (const done of cleanup.splice(0).reverse()) done();
});

interface Setup {
  readonly session: RejectSession;
  readonly state: StoreApi<RejectState>;
  readonly shown: string[];
  readonly prefetched: string[];
  readonly opened: string[];
  readonly server: FakeServer;
  readonly store: AnswerStore;
  readonly timers: ReturnType<typeof manualTimers>;
}

async function setup(
  options: { items?: RejectToExplain[]; statuses?: Record<string, ImageRejectStatus>; server?: FakeServer; loaded?: boolean } = {},
): Promise<Setup> {
  const items = options.items ?? [1, 2, 3].map((n) => toExplain(n));
  const server = options.server ?? new FakeServer();
  for (const item of items) server.rejects.set(item.image_id, { rejected: true, source: 'iocm', reason: null, comment: null });
  const store = await openAnswerStore({ indexedDB, name: 'iqs-rejects-petra' });
  const timers = manualTimers();
  const outbox = createAnswerOutbox({ store, send: server.send, setTimer: timers.setTimer, status: createSyncStore(), onlineEvents: null });
  const state = createStore<RejectState>(() => initialRejectState);
  const shown: string[] = [];
  const prefetched: string[] = [];
  const opened: string[] = [];
  const explained = new Set<string>();
  const data: RejectData = {
    loadReasons: async () => reasons,
    imageStatus: async (sop) => {
      const item = items.find((i) => i.sop_instance_uid === sop);
      const reason = item ? server.rejects.get(item.image_id)?.reason : null;
      return (
        options.statuses?.[sop] ??
        (item ? status({ image_id: item.image_id, reason_id: reason ?? null, reason_source: reason ? 'person' : null }) : null)
      );
    },
    // the server's list: without what it has a person's reason for
    toExplain: async () => items.filter((item) => !explained.has(item.image_id) && !server.rejects.get(item.image_id)?.reason),
  };
  const navigator: ImageNavigator = {
    show: async (image: ImageRef) => void shown.push(image.sopInstanceUid),
    prefetch: (image: ImageRef) => void prefetched.push(image.sopInstanceUid),
    dispose: () => undefined,
  };
  const session = createRejectSession({
    data,
    outbox,
    pendingRejects: () => store.pendingRejects(),
    navigator,
    state,
    studyLoaded: () => options.loaded ?? true,
    openByUrl: (_items, sop) => void opened.push(sop),
    today: () => '2026-12-04',
    readDelayMs: 0,
  });
  cleanup.push(() => {
    session.dispose();
    outbox.stop();
    store.close();
  });
  return { session, state, shown, prefetched, opened, server, store, timers };
}

/** what the tracker does when the navigator has put an image in the viewport */
const follow = (s: Setup): void => s.session.showActive(s.shown.at(-1) ?? null);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the reject session', () => {
  it('reads the reasons and the rejects to explain, oldest first, and shows the active image’s status', async () => {
    const s = await setup({ statuses: { '9.9': status({ image_id: 'img-9' }) } });
    await s.session.start();
    expect(s.state.getState()).toMatchObject({ active: true, reasons, worklist: false });
    expect(s.state.getState().toExplain?.map((i) => i.image_id)).toEqual(['img-1', 'img-2', 'img-3']);
    s.session.showActive('9.9');
    expect(s.state.getState().image).toEqual({ status: 'loading', sopInstanceUid: '9.9' });
    await flush();
    expect(s.state.getState().image).toMatchObject({ status: 'ready', value: { image_id: 'img-9', rejected: true } });
    s.session.showActive('8.8');
    await flush();
    expect(s.state.getState().image).toEqual({ status: 'ready', sopInstanceUid: '8.8', value: null });
  });

  it('the worklist: opens an image with its picker focused, and after a reason the next follows', async () => {
    const s = await setup();
    await s.session.start();
    await s.session.openToExplain('1.2.826.1');
    follow(s);
    expect(s.shown).toEqual(['1.2.826.1']);
    expect(s.prefetched).toEqual(['1.2.826.2']);
    expect(s.state.getState()).toMatchObject({ worklist: true, focus: { sopInstanceUid: '1.2.826.1', turn: 1 } });
    // shown at once from the worklist row, no server round trip
    expect(s.state.getState().image).toMatchObject({ status: 'ready', value: { image_id: 'img-1', rejected: true, may_record: true } });

    await s.session.recordReason('r-mot', null);
    follow(s);
    expect(s.shown).toEqual(['1.2.826.1', '1.2.826.2']);
    expect(s.state.getState().toExplain?.map((i) => i.image_id)).toEqual(['img-2', 'img-3']);
    expect(s.state.getState().focus).toEqual({ sopInstanceUid: '1.2.826.2', turn: 2 });
    expect(s.state.getState().image).toMatchObject({ sopInstanceUid: '1.2.826.2', value: { reason_id: null } });
    // the first one's reason is kept and shown as given by a person
    expect(s.session.statusOf('1.2.826.1')).toMatchObject({ reason_id: 'r-mot', reason_source: 'person', reason_en: 'Motion' });

    await s.session.recordReason('r-pos', 'arm in the field');
    follow(s);
    await s.session.recordReason('r-under', null);
    expect(s.state.getState()).toMatchObject({ toExplain: [], worklist: false, focus: null });
    expect(s.shown).toEqual(['1.2.826.1', '1.2.826.2', '1.2.826.3']);
    expect(s.state.getState().savedHere).toEqual(['1.2.826.1', '1.2.826.2', '1.2.826.3']);

    // all three reach the server, once each
    s.timers.fireNext();
    await flush();
    await flush();
    expect(s.server.rejectCalls).toEqual(['record:img-1', 'record:img-2', 'record:img-3']);
    expect(s.server.rejects.get('img-2')).toMatchObject({ reason: 'r-pos', comment: 'arm in the field' });
  });

  it('opens by URL an image whose study the viewer has not loaded', async () => {
    const s = await setup({ loaded: false });
    await s.session.start();
    await s.session.openToExplain('1.2.826.2');
    expect(s.opened).toEqual(['1.2.826.2']);
    expect(s.shown).toEqual([]);
  });

  it('opens the worklist at the image the URL names', async () => {
    const s = await setup();
    await s.session.start('1.2.826.3');
    expect(s.shown).toEqual(['1.2.826.3']);
    expect(s.state.getState().worklist).toBe(true);
  });

  it('after a reload: a reason still waiting in the browser is shown, and its image is no longer to explain', async () => {
    const down = new FakeServer();
    down.next('down', 'down', 'down');
    const first = await setup({ server: down });
    await first.session.start();
    await first.session.openToExplain('1.2.826.1');
    follow(first);
    await first.session.recordReason('r-mot', 'moved');
    first.timers.fireNext();
    await flush();
    for (const done of cleanup.splice(0).reverse()) done();

    const again = await setup({ server: down, statuses: { '1.2.826.1': status() } });
    down.next('down');
    await again.session.start();
    expect(again.state.getState().toExplain?.map((i) => i.image_id)).toEqual(['img-2', 'img-3']);
    again.session.showActive('1.2.826.1');
    await flush();
    expect(again.state.getState().image).toMatchObject({
      status: 'ready',
      value: { reason_id: 'r-mot', comment: 'moved', reason_source: 'person' },
    });
  });

  it('marks an accepted image rejected and takes the mark back', async () => {
    const accepted = status({
      image_id: 'img-7',
      rejected: false,
      reject_source: null,
      iocm_title: null,
      noted_on: null,
      may_record: false,
      may_mark: true,
    });
    const s = await setup({ statuses: { '7.7': accepted } });
    await s.session.start();
    s.session.showActive('7.7');
    await flush();
    await s.session.markRejected('r-over', null);
    expect(s.state.getState().image).toMatchObject({
      value: { rejected: true, reject_source: 'iqs', noted_on: '2026-12-04', reason_id: 'r-over', may_unmark: true, may_mark: false },
    });
    await s.session.unmarkRejected();
    expect(s.state.getState().image).toMatchObject({ value: { rejected: false, reject_source: null, reason_id: null, may_mark: true } });
    expect((await s.store.pendingRejects()).map((e) => e.action)).toEqual(['unmark']);
  });
});

describe('scrolling through a series', () => {
  it('reads the status only of the image the user stays on', async () => {
    jest.useFakeTimers();
    try {
      const asked: string[] = [];
      const state = createStore<RejectState>(() => initialRejectState);
      const session = createRejectSession({
        data: {
          loadReasons: async () => reasons,
          imageStatus: async (sop) => (asked.push(sop), status()),
          toExplain: async () => [],
        },
        outbox: {} as never,
        pendingRejects: async () => [],
        navigator: null,
        state,
        studyLoaded: () => true,
        openByUrl: () => undefined,
      });
      for (let slice = 1; slice <= 100; slice++) {
        session.showActive(`1.2.3.${slice}`);
        jest.advanceTimersByTime(20);
      }
      expect(asked).toEqual([]);
      expect(state.getState().image).toEqual({ status: 'loading', sopInstanceUid: '1.2.3.100' });
      jest.advanceTimersByTime(150);
      expect(asked).toEqual(['1.2.3.100']);
      session.dispose();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('the reject worklist’s URL', () => {
  it('loads the chosen image’s study first, then those that follow, at most 25 studies', () => {
    const items = Array.from({ length: 60 }, (_, i) => toExplain(i + 1));
    const path = rejectWorklistPath(items.slice(3), '1.2.826.4');
    const query = new URL(path, 'http://viewer').searchParams;
    expect(path.startsWith('/iqs-evaluation?')).toBe(true);
    expect(query.get('iqsReject')).toBe('1.2.826.4');
    const studies = query.get('StudyInstanceUIDs')!.split(',');
    expect(studies).toHaveLength(25);
    expect(studies.slice(0, 3)).toEqual(['1.2.826.0.2', '1.2.826.0.3', '1.2.826.0.4']);
    const opened: string[] = [];
    createRejectWorklistPageData({} as never, (p) => void opened.push(p)).open(items, '1.2.826.59');
    expect(new URL(opened[0]!, 'http://viewer').searchParams.get('StudyInstanceUIDs')!.split(',').slice(0, 3)).toEqual([
      '1.2.826.0.30',
      '1.2.826.0.1',
      '1.2.826.0.2',
    ]);
  });
});
