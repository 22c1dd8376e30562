/**
 * The IQS backend over supabase-js: one client with sign-in and sign-out, and its background work (the session's
 * token refresh), which can be paused while IQS is not in use. The IQS service makes it when IQS is first used on
 * the page (service/backendLink.ts), never at start-up: supabase-js reads and may refresh a stored session as soon
 * as a client is made.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AccountActions, AccountState } from '../ports';
import type { BackendConfig } from './backendConfig';
import { createIqsClient, type IqsClient, type IqsClientOptions } from './client';
import { type FollowOptions, followSession, signIn, signOut } from './session';

export interface IqsBackend extends AccountActions {
  readonly client: IqsClient;
  /** keeps the account store in step with the session until the returned function is called */
  followSession(accountStore: StoreApi<AccountState>, options?: FollowOptions): () => void;
  /** no background work (the session's token refresh) until resume(); queries made meanwhile still work */
  pause(): void;
  resume(): void;
}

export function createBackend(config: BackendConfig, options?: IqsClientOptions): IqsBackend {
  const client = createIqsClient(config, options);
  const doc = (globalThis as { document?: Document }).document;
  const visible = (): boolean => doc?.visibilityState !== 'hidden';
  let paused = false;
  // the latest pause or resume wins: a pause waits for the client's start (which starts the refresh itself)
  let turn = 0;
  // supabase-js refreshes only while the tab is visible; starting or stopping its refresh by hand ends that, so
  // from then on this does it instead
  let ownVisibility = false;
  const onVisibilityChange = (): void => {
    if (paused) return;
    void (visible() ? client.auth.startAutoRefresh() : client.auth.stopAutoRefresh());
  };
  const takeOverVisibility = (): void => {
    if (ownVisibility || !doc) return;
    ownVisibility = true;
    doc.addEventListener('visibilitychange', onVisibilityChange);
  };
  return {
    client,
    signIn: (email, password) => signIn(client, email, password),
    signOut: () => signOut(client),
    followSession: (accountStore, followOptions) => followSession(client, accountStore, followOptions),
    pause() {
      paused = true;
      const mine = ++turn;
      void client.auth.initialize().then(async () => {
        if (mine !== turn) return;
        await client.auth.stopAutoRefresh();
        takeOverVisibility();
      });
    },
    resume() {
      paused = false;
      ++turn;
      takeOverVisibility();
      if (visible()) void client.auth.startAutoRefresh();
    },
  };
}
