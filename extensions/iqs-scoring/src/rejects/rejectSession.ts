/**
 * Rejected images in the viewer: the active image's reject status, reasons given here (kept in the browser first
 * and sent by an outbox, like the evaluation's answers), IQS marks, and the reject worklist (the signed-in person's
 * rejects to explain: a click opens the image with its reason picker focused, and after a reason is saved the next
 * one follows). The panels read the reject store and call these actions; the overlay reads the same store.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ImageRejectStatus, RejectData, RejectReason, RejectState, RejectToExplain } from '../ports';
import type { AnswerOutbox, RejectEntry } from '../sync';
import type { ImageNavigator, ImageRef } from '../viewer/imageNavigator';

export type RejectStore = StoreApi<RejectState>;

export const initialRejectState: RejectState = {
  active: false,
  reasons: null,
  image: { status: 'none' },
  toExplain: null,
  toExplainError: null,
  worklist: false,
  focus: null,
  notice: null,
  savedHere: [],
};

export interface RejectSessionDeps {
  readonly data: RejectData;
  readonly outbox: AnswerOutbox;
  /** the reasons kept in the browser and not yet confirmed by the server (after a reload: shown at once) */
  readonly pendingRejects: () => Promise<RejectEntry[]>;
  readonly navigator: ImageNavigator | null;
  readonly state: RejectStore;
  /** whether the viewer has this study loaded (it is in the mode's URL); otherwise the worklist is opened by URL */
  readonly studyLoaded: (studyInstanceUid: string) => boolean;
  /** go to the reject worklist at this image by URL (the viewer loads the studies of the list) */
  readonly openByUrl: (items: readonly RejectToExplain[], sopInstanceUid: string) => void;
  /** today, YYYY-MM-DD (the date an IQS mark shows until the server's is read) */
  readonly today?: () => string;
  /**
   * how long an image must stay the active one before its status is read (ms; default 150): scrolling through a CT
   * series passes hundreds of images, each would be a request
   */
  readonly readDelayMs?: number;
}

export interface RejectSession {
  /** reads the reasons, what waits in the browser and the rejects to explain; opens the worklist at this image when named */
  start(openAt?: string | null): Promise<void>;
  /** the image in the active viewport changed */
  showActive(sopInstanceUid: string | null): void;
  recordReason(reasonId: string, comment: string | null): Promise<void>;
  markRejected(reasonId: string, comment: string | null): Promise<void>;
  unmarkRejected(): Promise<void>;
  openToExplain(sopInstanceUid: string): Promise<void>;
  refreshToExplain(): Promise<void>;
  /** the status shown for this image, if known (the overlay) */
  statusOf(sopInstanceUid: string): ImageRejectStatus | null;
  dispose(): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const isoToday = (): string => new Date().toISOString().slice(0, 10);

const refOf = (item: RejectToExplain): ImageRef => ({
  studyInstanceUid: item.study_instance_uid,
  seriesInstanceUid: item.series_instance_uid,
  sopInstanceUid: item.sop_instance_uid,
});

/** What the server will hold once this entry has arrived, shown meanwhile. */
export function applyEntry(
  status: ImageRejectStatus,
  entry: RejectEntry,
  reasons: readonly RejectReason[],
  today: string,
): ImageRejectStatus {
  if (entry.action === 'unmark') {
    if (status.reject_source !== 'iqs') return status;
    return {
      ...status,
      rejected: false,
      reject_source: null,
      noted_on: null,
      reason_id: null,
      reason_code: null,
      reason_nl: null,
      reason_en: null,
      reason_category: null,
      reason_source: null,
      comment: null,
      recorded_at: null,
      may_mark: true,
      may_unmark: false,
    };
  }
  const reason = reasons.find((r) => r.id === entry.reason_id) ?? null;
  const marking = entry.action === 'mark' && !status.rejected;
  return {
    ...status,
    rejected: true,
    reject_source: marking ? 'iqs' : status.reject_source,
    noted_on: marking ? today : status.noted_on,
    reason_id: entry.reason_id,
    reason_code: reason?.code ?? null,
    reason_nl: reason?.label_nl ?? null,
    reason_en: reason?.label_en ?? null,
    reason_category: reason?.category ?? null,
    reason_source: 'person',
    comment: entry.comment,
    recorded_at: new Date().toISOString(),
    may_record: true,
    may_mark: false,
    may_unmark: marking ? true : status.may_unmark,
  };
}

/** A worklist row as a status, to show the picker at once (the server's status follows). */
function statusFromItem(item: RejectToExplain, reasons: readonly RejectReason[]): ImageRejectStatus {
  const reason = reasons.find((r) => r.id === item.suggested_reason_id) ?? null;
  return {
    image_id: item.image_id,
    rejected: true,
    reject_source: item.reject_source,
    iocm_title: item.iocm_title,
    noted_on: item.noted_on,
    reason_id: item.suggested_reason_id,
    reason_code: item.suggested_reason_code,
    reason_nl: reason?.label_nl ?? null,
    reason_en: reason?.label_en ?? null,
    reason_category: reason?.category ?? null,
    reason_source: item.suggested_reason_id ? 'modality' : null,
    comment: null,
    recorded_at: null,
    may_record: true,
    may_mark: false,
    may_unmark: false,
  };
}

export function createRejectSession(deps: RejectSessionDeps): RejectSession {
  const { data, outbox, navigator, state } = deps;
  const today = deps.today ?? isoToday;
  /** statuses read from the server (or made from a worklist row), by SOP Instance UID, before what waits here */
  const server = new Map<string, ImageRejectStatus | null>();
  /** the server's status is being read */
  const reading = new Map<string, Promise<void>>();
  /** what waits in the browser for the server, by image id */
  const pending = new Map<string, RejectEntry>();
  let disposed = false;
  let readTimer: ReturnType<typeof setTimeout> | null = null;
  const readDelayMs = deps.readDelayMs ?? 150;

  const set = (change: Partial<RejectState>): void => {
    if (!disposed) state.setState(change);
  };
  const reasons = (): readonly RejectReason[] => state.getState().reasons ?? [];

  const shown = (sop: string): ImageRejectStatus | null | undefined => {
    if (!server.has(sop)) return undefined;
    const status = server.get(sop) ?? null;
    if (!status) return null;
    const waiting = pending.get(status.image_id);
    return waiting ? applyEntry(status, waiting, reasons(), today()) : status;
  };

  /** the active image's state again, from what is known of it */
  const refreshActive = (): void => {
    const image = state.getState().image;
    if (image.status === 'none') return;
    const value = shown(image.sopInstanceUid);
    if (value !== undefined) set({ image: { status: 'ready', sopInstanceUid: image.sopInstanceUid, value } });
  };

  const read = (sop: string): Promise<void> => {
    const under = reading.get(sop);
    if (under) return under;
    const done = data
      .imageStatus(sop)
      .then((status) => {
        server.set(sop, status);
        refreshActive();
      })
      .catch((error: unknown) => {
        const image = state.getState().image;
        if (image.status === 'loading' && image.sopInstanceUid === sop)
          set({ image: { status: 'error', sopInstanceUid: sop, message: message(error) } });
      })
      .finally(() => reading.delete(sop));
    reading.set(sop, done);
    return done;
  };

  /** the rejects to explain without those given a reason here */
  const stillToExplain = (items: readonly RejectToExplain[]): RejectToExplain[] =>
    items.filter((item) => {
      const waiting = pending.get(item.image_id);
      return !waiting || waiting.action === 'unmark';
    });

  const seed = (item: RejectToExplain): void => {
    if (!server.has(item.sop_instance_uid)) server.set(item.sop_instance_uid, statusFromItem(item, reasons()));
  };

  const activeStatus = (): ImageRejectStatus | null => {
    const image = state.getState().image;
    return image.status === 'ready' ? image.value : null;
  };

  const save = async (action: RejectEntry['action'], reasonId: string | null, comment: string | null): Promise<void> => {
    const image = state.getState().image;
    const status = activeStatus();
    if (image.status !== 'ready' || !status) return;
    const sop = image.sopInstanceUid;
    const entry: RejectEntry = { action, image_id: status.image_id, sop_instance_uid: sop, reason_id: reasonId, comment };
    const before = state.getState();
    const list = before.toExplain ?? [];
    const at = list.findIndex((item) => item.image_id === status.image_id);
    // shown at once; kept in the browser before anything is sent
    pending.set(status.image_id, entry);
    const remaining = action === 'unmark' ? list : list.filter((item) => item.image_id !== status.image_id);
    set({
      toExplain: before.toExplain === null ? null : remaining,
      savedHere: before.savedHere.includes(sop) ? before.savedHere : [...before.savedHere, sop],
      notice: null,
    });
    refreshActive();
    const kept = outbox.saveReject(entry).then((queued) => {
      pending.set(status.image_id, queued);
      refreshActive();
    });
    // the reject worklist: the next image to explain follows
    if (before.worklist && action !== 'unmark' && at >= 0) {
      const next = remaining[at] ?? remaining[0] ?? null;
      if (next) void session.openToExplain(next.sop_instance_uid);
      else set({ worklist: false, focus: null });
    }
    try {
      await kept;
    } catch (error) {
      set({ notice: message(error) });
    }
  };

  const session: RejectSession = {
    async start(openAt = null) {
      try {
        const [loaded, waiting] = await Promise.all([data.loadReasons(), deps.pendingRejects()]);
        for (const entry of waiting) pending.set(entry.image_id, entry);
        set({ active: true, reasons: loaded });
        refreshActive();
      } catch (error) {
        set({ active: true, notice: message(error) });
      }
      await outbox.showPending();
      await outbox.start();
      await session.refreshToExplain();
      if (openAt) await session.openToExplain(openAt);
    },

    showActive(sop) {
      if (!sop) {
        set({ image: { status: 'none' } });
        return;
      }
      const current = state.getState().image;
      if (current.status !== 'none' && current.sopInstanceUid === sop && current.status !== 'error') return;
      const value = shown(sop);
      if (value !== undefined) {
        set({ image: { status: 'ready', sopInstanceUid: sop, value } });
        return;
      }
      set({ image: { status: 'loading', sopInstanceUid: sop } });
      if (readTimer !== null) clearTimeout(readTimer);
      const still = (): void => {
        readTimer = null;
        const image = state.getState().image;
        if (image.status === 'loading' && image.sopInstanceUid === sop) void read(sop);
      };
      if (readDelayMs <= 0) still();
      else readTimer = setTimeout(still, readDelayMs);
    },

    recordReason: (reasonId, comment) => save('record', reasonId, comment),
    markRejected: (reasonId, comment) => save('mark', reasonId, comment),
    unmarkRejected: () => save('unmark', null, null),

    async openToExplain(sop) {
      const list = state.getState().toExplain ?? [];
      const item = list.find((i) => i.sop_instance_uid === sop);
      if (!item) {
        set({ notice: null });
        return;
      }
      if (!deps.studyLoaded(item.study_instance_uid)) {
        deps.openByUrl(list, sop);
        return;
      }
      seed(item);
      const turn = (state.getState().focus?.turn ?? 0) + 1;
      set({ worklist: true, focus: { sopInstanceUid: sop, turn }, notice: null });
      // the picker is shown from the worklist row at once; the server's status follows
      refreshActive();
      void read(sop);
      const index = list.indexOf(item);
      const next = list[index + 1];
      try {
        await navigator?.show(refOf(item));
      } catch (error) {
        set({ notice: message(error) });
        return;
      }
      if (next) {
        seed(next);
        navigator?.prefetch(refOf(next));
      }
    },

    async refreshToExplain() {
      try {
        const items = await data.toExplain();
        for (const item of items) {
          const known = server.get(item.sop_instance_uid);
          if (known === undefined) server.set(item.sop_instance_uid, statusFromItem(item, reasons()));
        }
        set({ toExplain: stillToExplain(items), toExplainError: null });
      } catch (error) {
        set({ toExplainError: message(error) });
      }
    },

    statusOf(sop) {
      return shown(sop) ?? null;
    },

    dispose() {
      disposed = true;
      if (readTimer !== null) clearTimeout(readTimer);
      server.clear();
      pending.clear();
    },
  };

  return session;
}
