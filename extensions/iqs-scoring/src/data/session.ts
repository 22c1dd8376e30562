/**
 * Sign-in for IQS through Supabase Auth (email and password). supabase-js keeps the session in the browser's
 * storage and refreshes it, so a reload keeps the user signed in; this module turns its events into the account
 * state the panel shows.
 */
import type { AuthChangeEvent, Session } from '@supabase/supabase-js';
import { type AccountState, accountStore } from '../state/accountStore';
import type { IqsClient } from './client';
import { loadProfile } from './profile';

export type SignInResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'invalid_credentials' | 'unreachable' | 'other'; readonly message: string };

export async function signIn(client: IqsClient, email: string, password: string): Promise<SignInResult> {
  try {
    const { error } = await client.auth.signInWithPassword({ email: email.trim(), password });
    if (!error) return { ok: true };
    if (error.code === 'invalid_credentials' || error.status === 400) return { ok: false, reason: 'invalid_credentials', message: error.message };
    return { ok: false, reason: error.status === 0 || error.name === 'AuthRetryableFetchError' ? 'unreachable' : 'other', message: error.message };
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

/** Keep the account store in step with the client's auth state; returns a function that stops following. */
export function followSession(client: IqsClient): () => void {
  accountStore.setState({ status: 'loading' }, true);
  let latest = 0;
  const update = (session: Session | null): void => {
    const turn = ++latest;
    void accountFor(client, session).then((state) => {
      // an older answer must not overwrite a newer one (sign-in right after a reload, for instance)
      if (turn === latest) accountStore.setState(state, true);
    });
  };
  const { data } = client.auth.onAuthStateChange((event: AuthChangeEvent, session: Session | null) => {
    if (event === 'TOKEN_REFRESHED') return;
    // supabase-js holds a lock during this callback: query the database after it returns
    setTimeout(() => update(session), 0);
  });
  return () => data.subscription.unsubscribe();
}
