import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * 'saved': the server has everything; 'waiting': answers are kept in the browser and being sent (or retried after
 * a failure that may pass: network, server error, timeout); 'failed': the server refused them, the user must act
 * (retry, or correct the answer).
 */
export type SyncStatus = 'saved' | 'waiting' | 'failed';

/** The answers' sync state, as the panel shows it. Written by the answer outbox. */
export interface SyncState {
  readonly status: SyncStatus;
  /** entries kept in the browser that the server has not confirmed */
  readonly pending: number;
  /** the last failure's message (the server's, for a refusal); null once everything is saved */
  readonly lastError: string | null;
  /** when the server last confirmed a send (ms since the epoch, from the outbox's clock) */
  readonly lastSavedAt: number | null;
}

export type SyncStore = StoreApi<SyncState>;

export const initialSyncState: SyncState = { status: 'saved', pending: 0, lastError: null, lastSavedAt: null };

export function createSyncStore(): SyncStore {
  return createStore<SyncState>(() => initialSyncState);
}
