import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountState } from '../ports';

/** Who is signed in to IQS (ports.ts AccountState). Owned by the IQS service, written by data/session.ts. */
export type AccountStore = StoreApi<AccountState>;

export function createAccountStore(initial: AccountState = { status: 'unconfigured' }): AccountStore {
  return createStore<AccountState>(() => initial);
}
