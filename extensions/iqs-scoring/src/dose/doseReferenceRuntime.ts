/**
 * The active image's dose against its reference, in the viewer's life cycle: while the IQS mode runs and someone is
 * signed in, the image the user stays on (150 ms, as for the reject status: a CT series scrolls past hundreds) is
 * looked up with image_dose_reference, and the answer is kept per image for the session. The IQS panel and the
 * viewport overlay read the store; signing out or leaving the mode clears it.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AccountState, ActiveImageState, DoseReferenceState, ImageDoseReference } from '../ports';

export type DoseReferenceStore = StoreApi<DoseReferenceState>;

export const initialDoseReferenceState: DoseReferenceState = { status: 'none' };

export interface DoseReferenceRuntimeDeps {
  readonly account: StoreApi<AccountState>;
  readonly activeImage: StoreApi<ActiveImageState>;
  readonly state: DoseReferenceStore;
  /** the image's comparison (data/doseAnalysis.ts imageDoseReference); null while IQS has no backend */
  readonly lookup: () => ((sopInstanceUid: string) => Promise<readonly ImageDoseReference[]>) | null;
  /** how long an image must stay the active one before it is looked up (ms; default 150) */
  readonly readDelayMs?: number;
}

export interface DoseReferenceRuntime {
  enter(): void;
  leave(): void;
  /** what is known of this image (the overlay); null when not (yet) known */
  rowsOf(sopInstanceUid: string): readonly ImageDoseReference[] | null;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createDoseReferenceRuntime(deps: DoseReferenceRuntimeDeps): DoseReferenceRuntime {
  const { state } = deps;
  const readDelayMs = deps.readDelayMs ?? 150;
  const known = new Map<string, readonly ImageDoseReference[]>();
  let personId: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  let stops: Array<() => void> = [];

  const clearTimer = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const sopOf = (image: ActiveImageState): string | null => (image.status === 'image' ? image.facts.sop_instance_uid : null);

  const read = (sop: string): void => {
    const lookup = deps.lookup();
    if (!lookup) return;
    const asked = generation;
    lookup(sop)
      .then((rows) => {
        if (asked !== generation) return;
        known.set(sop, rows);
        const now = state.getState();
        if (now.status !== 'none' && now.sopInstanceUid === sop) state.setState({ status: 'ready', sopInstanceUid: sop, rows }, true);
      })
      .catch((error: unknown) => {
        if (asked !== generation) return;
        const now = state.getState();
        if (now.status === 'loading' && now.sopInstanceUid === sop)
          state.setState({ status: 'error', sopInstanceUid: sop, message: message(error) }, true);
      });
  };

  const show = (): void => {
    const account = deps.account.getState();
    const sop = account.status === 'signed-in' ? sopOf(deps.activeImage.getState()) : null;
    clearTimer();
    if (!sop) {
      state.setState(initialDoseReferenceState, true);
      return;
    }
    const current = state.getState();
    if (current.status !== 'none' && current.status !== 'error' && current.sopInstanceUid === sop) return;
    const rows = known.get(sop);
    if (rows) {
      state.setState({ status: 'ready', sopInstanceUid: sop, rows }, true);
      return;
    }
    state.setState({ status: 'loading', sopInstanceUid: sop }, true);
    const still = (): void => {
      timer = null;
      const now = state.getState();
      if (now.status === 'loading' && now.sopInstanceUid === sop) read(sop);
    };
    if (readDelayMs <= 0) still();
    else timer = setTimeout(still, readDelayMs);
  };

  const followAccount = (account: AccountState): void => {
    const who = account.status === 'signed-in' ? account.profile.personId : null;
    if (who !== personId) {
      // another person may see other images: nothing known is kept across people
      personId = who;
      generation++;
      known.clear();
      state.setState(initialDoseReferenceState, true);
    }
    show();
  };

  return {
    enter() {
      this.leave();
      stops = [deps.account.subscribe(followAccount), deps.activeImage.subscribe(() => show())];
      followAccount(deps.account.getState());
    },
    leave() {
      for (const stop of stops) stop();
      stops = [];
      clearTimer();
      generation++;
      known.clear();
      personId = null;
      state.setState(initialDoseReferenceState, true);
    },
    rowsOf(sop) {
      return known.get(sop) ?? null;
    },
  };
}
