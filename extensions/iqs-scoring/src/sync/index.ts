/**
 * Answers kept in the browser first and sent to the server in the background ("nothing lost"). No supabase-js
 * here: the transport is injected by the data layer.
 */
export {
  openAnswerStore,
  sendOrder,
  ANSWER_DATABASE,
  type AnswerStore,
  type AnswerStoreOptions,
  type LocalAnswer,
  type OutboxEntry,
  type PendingEntry,
  type RejectEntry,
} from './answerStore';
export {
  createAnswerOutbox,
  isRetryable,
  OutboxSendError,
  type AnswerOutbox,
  type AnswerOutboxOptions,
  type OnlineEvents,
  type SendEntries,
} from './answerOutbox';
export { createSyncStore, initialSyncState, type SyncState, type SyncStatus, type SyncStore } from './syncStore';
