/**
 * Sign-in for IQS through Supabase Auth (email and password). supabase-js keeps the session in the browser's
 * storage and refreshes it, so a reload keeps the user signed in; this module turns its events into the account
 * state the panel shows.
 */
import type { AuthChangeEvent, Session } from '@supabase/supabase-js';
import type { StoreApi } from 'zustand/vanilla';
import type { AccountState, SignInResult } from '../ports';
import type { IqsClient } from './client';
import { loadProfile } from './profile';

export type { SignInResult } from '../ports';

export async function signIn(client: IqsClient, email: string, password: string): Promise<SignInResult> {
  try {
    const { error } = await client.auth.signInWithPassword({ email: email.trim(), password });
    if (!error) return { ok: true };
    // the server's sign-in limit (per account and per address): the wait is the server's, not the password's fault
    if (error.status === 429) return { ok: false, reason: 'too_many_attempts', message: error.message };
    if (error.code === 'invalid_credentials' || error.status === 400)
      return { ok: false, reason: 'invalid_credentials', message: error.message };
    return {
      ok: false,
      reason: error.status === 0 || error.name === 'AuthRetryableFetchError' ? 'unreachable' : 'other',
      message: error.message,
    };
  } catch (error) {
    return { ok: false, reason: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
}

export async function signOut(client: IqsClient): Promise<void> {
  // local scope: signing out here does not end the user's sessions on other workstations
  await client.auth.signOut({ scope: 'local' });
}

async function accountFor(client: IqsClient, session: Session | null): Promise<AccountState> {
  if (!session) return { status: 'signed-out' };
  const email = session.user.email ?? null;
  try {
    const profile = await loadProfile(client, session.user.id);
    return profile ? { status: 'signed-in', email, profile } : { status: 'no-profile', email };
  } catch (error) {
    return { status: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

export interface FollowOptions {
  /**
   * say 'loading' until the session is known (default); false keeps what the store shows until then (following
   * again after a pause, when the store still shows the last known account)
   */
  readonly announceLoading?: boolean;
}

/**
 * Keep an account store in step with the client's auth state; returns a function that stops following (answers
 * still under way are then dropped). supabase-js tells a new follower the current session at once (INITIAL_SESSION).
 */
export function followSession(client: IqsClient, accountStore: StoreApi<AccountState>, options: FollowOptions = {}): () => void {
  if (options.announceLoading !== false) accountStore.setState({ status: 'loading' }, true);
  let latest = 0;
  let following = true;
  const update = (session: Session | null): void => {
    if (!following) return;
    const turn = ++latest;
    void accountFor(client, session).then((state) => {
      // an older answer must not overwrite a newer one (sign-in right after a reload, for instance)
      if (following && turn === latest) accountStore.setState(state, true);
    });
  };
  const { data } = client.auth.onAuthStateChange((event: AuthChangeEvent, session: Session | null) => {
    if (event === 'TOKEN_REFRESHED') return;
    // supabase-js holds a lock during this callback: query the database after it returns
    setTimeout(() => update(session), 0);
  });
  return () => {
    following = false;
    data.subscription.unsubscribe();
  };
}
