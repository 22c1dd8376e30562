import { createStore } from 'zustand/vanilla';
import type { Profile } from '../data/profile';

/** Who is signed in to IQS, as the panel shows it. Written by data/session.ts. */
export type AccountState =
  | { readonly status: 'unconfigured' }
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly email: string | null; readonly profile: Profile }
  | { readonly status: 'no-profile'; readonly email: string | null }
  | { readonly status: 'error'; readonly message: string };

export const accountStore = createStore<AccountState>(() => ({ status: 'unconfigured' }));
