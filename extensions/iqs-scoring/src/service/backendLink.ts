/**
 * IQS's link to its backend, made when IQS is first used on the page and quiet while it is not. Whatever uses IQS
 * (the IQS mode, the IQS page) holds the link while it is shown: the first hold makes the backend (a supabase-js
 * client, which reads the stored session and may refresh it at once) and follows the session into the account
 * store; when the last hold is released the link pauses (no session following, no token refresh), so that the
 * viewer's other modes run without IQS calling its backend; the next hold resumes it.
 */
import type { BackendConfig } from '../data/backendConfig';
import type { IqsBackend } from '../data/backend';
import type { AccountStore } from '../state/accountStore';

/** 'unconfigured': IQS runs without a backend; 'idle': not used yet on this page; 'paused': used, not now. */
export type BackendLinkState = 'unconfigured' | 'idle' | 'connected' | 'paused';

export interface BackendLink {
  /** whether the viewer configuration names a backend */
  readonly configured: boolean;
  /** use the backend until the returned function is called (which may be called more than once) */
  hold(): () => void;
  /** the backend, once the first hold made it; null before that and without a configuration */
  current(): IqsBackend | null;
  state(): BackendLinkState;
}

export interface BackendLinkOptions {
  readonly config: BackendConfig | null;
  readonly create: (config: BackendConfig) => IqsBackend;
  /** where the session is followed to */
  readonly account: AccountStore;
}

export function createBackendLink({ config, create, account }: BackendLinkOptions): BackendLink {
  let backend: IqsBackend | null = null;
  let failed = false;
  let holds = 0;
  let stopFollowing: (() => void) | null = null;

  const start = (): void => {
    if (!config || failed) return;
    if (!backend) {
      try {
        backend = create(config);
      } catch (error) {
        // without a backend the panel still shows the image facts; it says sign-in is unavailable
        failed = true;
        account.setState({ status: 'unconfigured' }, true);
        console.error('[IQS] could not connect to the IQS backend', error);
        return;
      }
      stopFollowing = backend.followSession(account);
      return;
    }
    backend.resume();
    // the store shows the last known account until the session is read again
    stopFollowing = backend.followSession(account, { announceLoading: false });
  };

  const pause = (): void => {
    stopFollowing?.();
    stopFollowing = null;
    backend?.pause();
  };

  return {
    configured: config !== null,
    hold() {
      holds++;
      if (holds === 1) start();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0) pause();
      };
    },
    current: () => backend,
    state: () => (!config || failed ? 'unconfigured' : !backend ? 'idle' : holds > 0 ? 'connected' : 'paused'),
  };
}
