/**
 * The reject worklist in the IQS panel, as a radiographer uses it: open the oldest of "My rejects to explain", the
 * picker is focused; a digit and Enter, and the next image follows with its picker focused; until none is left.
 * The panel is bound to a real reject session (fake backend and viewer); the navigator's image becomes the active
 * image as OHIF's viewport would make it.
 */
import { act, fireEvent, render } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import { createStore } from 'zustand/vanilla';
import { RejectsPanelSection } from '../../src/panels/RejectPanel';
import { createTranslator } from '../../src/i18n/translator';
import type { IqsPanelPort, RejectData, RejectState } from '../../src/ports';
import { createRejectSession, initialRejectState } from '../../src/rejects/rejectSession';
import { createAccountStore } from '../../src/state/accountStore';
import { createActiveImageStore } from '../../src/state/activeImageStore';
import { createEvaluationStore } from '../../src/state/evaluationStore';
import { createAnswerOutbox, createSyncStore, openAnswerStore } from '../../src/sync';
import { FakeServer, manualTimers } from '../sync/harness';
import { reasons, status, toExplain } from '../rejects/rejectFixtures';

// jsdom has no structuredClone, which fake-indexeddb uses to keep values as IndexedDB does
globalThis.structuredClone ??= <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

it('opens the oldest with its picker focused, and after a digit and Enter the next follows, to the last', async () => {
  const items = [1, 2, 3, 4].map((n) => toExplain(n, n === 2 ? { suggested_reason_id: 'r-111209', suggested_reason_code: '111209' } : {}));
  const server = new FakeServer();
  for (const item of items) server.rejects.set(item.image_id, { rejected: true, source: 'iocm', reason: null, comment: null });
  const store = await openAnswerStore({ indexedDB: new IDBFactory(), name: 'iqs-rejects-petra' });
  const timers = manualTimers();
  const rejectSync = createSyncStore();
  const outbox = createAnswerOutbox({ store, send: server.send, setTimer: timers.setTimer, status: rejectSync, onlineEvents: null });
  const rejects = createStore<RejectState>(() => initialRejectState);
  const data: RejectData = {
    loadReasons: async () => reasons,
    imageStatus: async (sop) => {
      const item = items.find((i) => i.sop_instance_uid === sop);
      if (!item) return null;
      const suggested = item.suggested_reason_id
        ? { reason_id: item.suggested_reason_id, reason_code: item.suggested_reason_code, reason_source: 'modality' as const }
        : {};
      return status({ image_id: item.image_id, noted_on: item.noted_on, ...suggested });
    },
    toExplain: async () => items,
  };
  let session: ReturnType<typeof createRejectSession> | null = null;
  const shown: string[] = [];
  session = createRejectSession({
    data,
    outbox,
    pendingRejects: () => store.pendingRejects(),
    // the viewport shows the image: the tracker reports it as the active image
    navigator: {
      show: async (image) => {
        shown.push(image.sopInstanceUid);
        session?.showActive(image.sopInstanceUid);
      },
      prefetch: () => undefined,
      dispose: () => undefined,
    },
    state: rejects,
    studyLoaded: () => true,
    openByUrl: () => undefined,
  });
  const live = session;
  const port: IqsPanelPort = {
    stores: {
      account: createAccountStore({ status: 'signed-out' }),
      activeImage: createActiveImageStore(),
      evaluation: createEvaluationStore(),
      sync: createSyncStore(),
      rejects,
      rejectSync,
    },
    account: null,
    evaluation: {} as IqsPanelPort['evaluation'],
    openIqsPage: () => undefined,
    offerScoringFocus: () => () => undefined,
    rejects: {
      recordReason: (reason, comment) => void live.recordReason(reason, comment),
      markRejected: (reason, comment) => void live.markRejected(reason, comment),
      unmarkRejected: () => void live.unmarkRejected(),
      openToExplain: (sop) => void live.openToExplain(sop),
      refreshToExplain: () => void live.refreshToExplain(),
      retrySync: () => void outbox.retry(),
    },
  };
  const translator = createTranslator('en');
  render(
    <>
      <RejectsPanelSection iqs={port} translator={translator} part="image" />
      <RejectsPanelSection iqs={port} translator={translator} part="list" />
    </>,
  );
  await act(() => live.start());
  expect(document.querySelector('[data-iqs-to-explain-count]')?.textContent).toBe('4 to explain');

  fireEvent.click(document.querySelector('[data-iqs-reject-item="1.2.826.1"]')!);
  await flush();
  const focusedPicker = (): string | null =>
    document.activeElement?.closest('[data-iqs-reject-picker]')?.getAttribute('data-iqs-image') ?? null;
  expect(focusedPicker()).toBe('1.2.826.1');
  expect(document.querySelector('[data-iqs-reject-mark="rejected"]')).not.toBeNull();
  expect(document.querySelector('[data-iqs-action="reject-save"]')?.textContent).toContain('Save and next');

  // 1: a digit and Enter
  fireEvent.keyDown(document.activeElement!, { key: '7' });
  fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
  await flush();
  expect(focusedPicker()).toBe('1.2.826.2');
  expect(document.querySelector('[data-iqs-to-explain-count]')?.textContent).toBe('3 to explain');
  // 2: the modality's reason, confirmed with Enter alone
  expect(document.querySelector('[data-iqs-reject-picker]')?.getAttribute('data-iqs-chosen')).toBe('111209');
  fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
  await flush();
  // 3: type-ahead, a comment, Enter in the comment
  expect(focusedPicker()).toBe('1.2.826.3');
  for (const key of 'cut') fireEvent.keyDown(document.activeElement!, { key });
  const comment = document.querySelector<HTMLInputElement>('[data-iqs-reject-comment]')!;
  act(() => comment.focus());
  fireEvent.change(comment, { target: { value: 'knee cut off' } });
  fireEvent.keyDown(comment, { key: 'Enter' });
  await flush();
  // 4: the last
  expect(focusedPicker()).toBe('1.2.826.4');
  fireEvent.keyDown(document.activeElement!, { key: '1' });
  fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
  await flush();
  expect(shown).toEqual(['1.2.826.1', '1.2.826.2', '1.2.826.3', '1.2.826.4']);
  expect(document.querySelector('[data-iqs-to-explain-done]')?.textContent).toBe('All your rejects are explained.');
  // kept in the browser first (IndexedDB writes complete a moment later)
  for (let i = 0; i < 100 && rejectSync.getState().pending < 4; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  expect(document.querySelector('[data-iqs-reject-sync]')?.getAttribute('data-iqs-reject-sync')).toBe('waiting');
  expect(document.querySelector('[data-iqs-reject-sync]')?.getAttribute('data-iqs-pending')).toBe('4');

  // sent in one go, once each
  await act(async () => {
    timers.fireNext();
    await outbox.idle();
  });
  expect(server.rejectCalls).toEqual(['record:img-1', 'record:img-2', 'record:img-3', 'record:img-4']);
  expect([...server.rejects.values()].map((r) => `${r.reason}:${r.comment ?? ''}`)).toEqual([
    'r-mot:',
    'r-111209:',
    'r-cut:knee cut off',
    'r-pos:',
  ]);
  expect(document.querySelector('[data-iqs-reject-sync]')?.getAttribute('data-iqs-reject-sync')).toBe('saved');
  live.dispose();
  outbox.stop();
  store.close();
});
