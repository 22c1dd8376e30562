/**
 * The reject work in the viewer's life cycle: while the IQS mode runs and someone is signed in, the active image's
 * reject status is followed, reasons are kept in the browser per person ('iqs-rejects-<person id>', the answer
 * store's schema) and sent by their own outbox (the answers' outbox code, with the 'reject' entry kind), and the
 * rejects to explain are read. Signing out or leaving the mode puts it away; what waits in the browser stays there
 * for the next time that person signs in.
 */
import { createAnswerSender } from '../data/answerSender';
import type { IqsBackend } from '../data/backend';
import { rejectData, rejectWorklistPath } from '../data/rejects';
import type { AccountState, ActiveImageState, RejectActions } from '../ports';
import type { AccountStore } from '../state/accountStore';
import type { ActiveImageStore } from '../state/activeImageStore';
import { type AnswerOutbox, type AnswerStore, createAnswerOutbox, initialSyncState, openAnswerStore, type SyncStore } from '../sync';
import { createImageNavigator, type ImageNavigator, ohifCornerstone } from '../viewer/imageNavigator';
import type { ExtensionManager, OhifServices } from '../viewer/ohifTypes';
import { createRejectSession, initialRejectState, type RejectSession, type RejectStore } from './rejectSession';

export const REJECT_DATABASE = 'iqs-rejects';

interface Running {
  readonly personId: string;
  readonly session: RejectSession;
  readonly outbox: AnswerOutbox;
  readonly store: AnswerStore;
  readonly navigator: ImageNavigator;
  readonly stopFollowingImage: () => void;
}

export interface RejectRuntimeDeps {
  readonly account: AccountStore;
  readonly activeImage: ActiveImageStore;
  readonly state: RejectStore;
  readonly sync: SyncStore;
  readonly backend: () => IqsBackend | null;
  readonly navigate: (path: string) => void;
  /**
   * load a viewer URL afresh (default location.assign): the worklist's studies, when one is not loaded yet. Not an
   * in-app navigation: OHIF re-entering the mode it is in keeps the old viewports' WebGL contexts and draws black
   */
  readonly load?: (path: string) => void;
}

export interface EnterRejectsOptions {
  readonly services: OhifServices;
  readonly extensionManager: ExtensionManager | null;
  /** the viewer URL's query: its studies, and the image to open the worklist at (?iqsReject=<SOP Instance UID>) */
  readonly search: string;
  readonly openAt: string | null;
}

export interface RejectRuntime extends RejectActions {
  enter(options: EnterRejectsOptions): void;
  leave(): void;
  session(): RejectSession | null;
}

const sopOf = (image: ActiveImageState): string | null => (image.status === 'image' ? image.facts.sop_instance_uid : null);

export function createRejectRuntime(deps: RejectRuntimeDeps): RejectRuntime {
  const { account: accountStore, state, sync } = deps;
  const load = deps.load ?? ((path: string) => globalThis.location?.assign(path));
  let running: Running | null = null;
  let stopFollowing: (() => void) | null = null;
  let generation = 0;

  const putAway = (): void => {
    running?.stopFollowingImage();
    running?.session.dispose();
    running?.outbox.stop();
    running?.store.close();
    running?.navigator.dispose();
    running = null;
    sync.setState(initialSyncState, true);
    state.setState(initialRejectState, true);
  };

  const leave = (): void => {
    generation++;
    stopFollowing?.();
    stopFollowing = null;
    putAway();
  };

  const enter = (options: EnterRejectsOptions): void => {
    leave();
    const backend = deps.backend();
    if (!backend) return;
    const entered = generation;
    let starting = false;
    const loadedStudies = new Set(
      (new URLSearchParams(options.search).get('StudyInstanceUIDs') ?? '')
        .split(',')
        .map((uid) => uid.trim())
        .filter(Boolean),
    );
    let openAt = options.openAt;

    const follow = (account: AccountState): void => {
      if (account.status !== 'signed-in') {
        if (running && account.status !== 'loading') putAway();
        return;
      }
      if (running?.personId === account.profile.personId || starting) return;
      const { profile } = account;
      starting = true;
      void (async () => {
        putAway();
        const store = await openAnswerStore({ name: `${REJECT_DATABASE}-${profile.personId}` });
        if (entered !== generation) {
          store.close();
          return;
        }
        const outbox = createAnswerOutbox({ store, send: createAnswerSender(backend.client, profile.siteId), status: sync });
        const navigator = createImageNavigator(options.services, ohifCornerstone(options.extensionManager));
        const session = createRejectSession({
          data: rejectData(backend.client),
          outbox,
          pendingRejects: () => store.pendingRejects(),
          navigator,
          state,
          studyLoaded: (uid) => loadedStudies.has(uid),
          openByUrl: (items, sop) => {
            const at = Math.max(
              0,
              items.findIndex((i) => i.sop_instance_uid === sop),
            );
            load(rejectWorklistPath([...items.slice(at), ...items.slice(0, at)], sop));
          },
        });
        const followImage = (image: ActiveImageState): void => session.showActive(sopOf(image));
        const stopFollowingImage = deps.activeImage.subscribe(followImage);
        running = { personId: profile.personId, session, outbox, store, navigator, stopFollowingImage };
        followImage(deps.activeImage.getState());
        const at = openAt;
        openAt = null;
        await session.start(at);
      })()
        .catch((error: unknown) => {
          console.error('[IQS] the reject work could not start', error);
          state.setState({ notice: error instanceof Error ? error.message : String(error) });
        })
        .finally(() => {
          starting = false;
        });
    };

    const unsubscribe = accountStore.subscribe(follow);
    stopFollowing = unsubscribe;
    follow(accountStore.getState());
  };

  const session = (): RejectSession | null => running?.session ?? null;
  return {
    enter,
    leave,
    session,
    recordReason: (reasonId, comment) => void session()?.recordReason(reasonId, comment),
    markRejected: (reasonId, comment) => void session()?.markRejected(reasonId, comment),
    unmarkRejected: () => void session()?.unmarkRejected(),
    openToExplain: (sop) => void session()?.openToExplain(sop),
    refreshToExplain: () => void session()?.refreshToExplain(),
    retrySync: () => void running?.outbox.retry(),
  };
}
