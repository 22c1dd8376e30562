/**
 * The evaluation in the viewer's life cycle: entering the IQS mode with ?iqsEvaluation=<id> opens it once the user
 * is signed in (the panel offers the sign-in form until then); leaving the mode or signing out puts it away. Answers
 * are kept per person in the browser, so that two people sharing a workstation never mix them. The IQS service owns
 * one runtime and its stores.
 */
import { createAnswerSender } from '../data/answerSender';
import type { IqsBackend } from '../data/backend';
import { evaluationData } from '../data/evaluations';
import type { AccountState } from '../ports';
import type { AccountStore } from '../state/accountStore';
import type { EvaluationStore } from '../state/evaluationStore';
import {
  ANSWER_DATABASE,
  type AnswerOutbox,
  type AnswerStore,
  createAnswerOutbox,
  initialSyncState,
  openAnswerStore,
  type SyncStore,
} from '../sync';
import { createImageNavigator, type ImageNavigator, ohifCornerstone } from '../viewer/imageNavigator';
import type { ExtensionManager, OhifServices } from '../viewer/ohifTypes';
import { activeDataSource, createStudyLoader, studiesInUrl } from '../viewer/studyLoader';
import { createEvaluationSession, type EvaluationSession } from './evaluationSession';

interface Running {
  readonly personId: string;
  readonly session: EvaluationSession;
  readonly outbox: AnswerOutbox;
  readonly answers: AnswerStore;
  readonly navigator: ImageNavigator;
}

export interface EnterEvaluationOptions {
  readonly evaluationId: string;
  /** open at this evaluation item rather than at the first image to do */
  readonly itemId?: string | null;
  readonly services: OhifServices;
  readonly extensionManager: ExtensionManager | null;
  /** the viewer URL's query: OHIF's route loads the studies it names, IQS the evaluation's others when it needs them */
  readonly search?: string;
}

export interface EvaluationRuntimeDeps {
  readonly account: AccountStore;
  readonly evaluation: EvaluationStore;
  readonly sync: SyncStore;
  /** the backend (made when the IQS mode was entered); null when IQS runs without one */
  readonly backend: () => IqsBackend | null;
}

export interface EvaluationRuntime {
  enter(options: EnterEvaluationOptions): void;
  leave(): void;
  /** the open evaluation's session and outbox, once the user is signed in and it is open */
  session(): EvaluationSession | null;
  outbox(): AnswerOutbox | null;
}

export function createEvaluationRuntime(deps: EvaluationRuntimeDeps): EvaluationRuntime {
  const { account: accountStore, evaluation: evaluationStore, sync } = deps;
  let running: Running | null = null;
  let stopFollowing: (() => void) | null = null;
  // counts leaves: an evaluation still being opened when the mode is left is put away, not left running
  let generation = 0;

  const putAway = (): void => {
    running?.outbox.stop();
    running?.answers.close();
    running?.navigator.dispose();
    running = null;
    sync.setState(initialSyncState, true);
  };

  const leave = (): void => {
    generation++;
    stopFollowing?.();
    stopFollowing = null;
    putAway();
    evaluationStore.setState({ phase: 'none' }, true);
  };

  const enter = (options: EnterEvaluationOptions): void => {
    leave();
    const backend = deps.backend();
    if (!backend) {
      evaluationStore.setState({ phase: 'error', evaluationId: options.evaluationId, message: 'no-backend' }, true);
      return;
    }
    evaluationStore.setState({ phase: 'loading', evaluationId: options.evaluationId }, true);
    const entered = generation;
    let starting: Promise<void> | null = null;

    const follow = (account: AccountState): void => {
      if (account.status !== 'signed-in') {
        // signed out (or another person): their answers stay in their own browser store, unsent ones included
        if (running) putAway();
        if (account.status !== 'loading') evaluationStore.setState({ phase: 'loading', evaluationId: options.evaluationId }, true);
        return;
      }
      if (running?.personId === account.profile.personId || starting) return;
      const { profile } = account;
      starting = (async () => {
        putAway();
        const answers = await openAnswerStore({ name: `${ANSWER_DATABASE}-${profile.personId}` });
        if (entered !== generation) {
          answers.close();
          return;
        }
        const outbox = createAnswerOutbox({ store: answers, send: createAnswerSender(backend.client, profile.siteId), status: sync });
        const studies = createStudyLoader(
          activeDataSource(options.extensionManager),
          options.services.displaySetService,
          studiesInUrl(options.search ?? globalThis.location?.search ?? ''),
        );
        const navigator = createImageNavigator(options.services, ohifCornerstone(options.extensionManager), undefined, studies);
        const session = createEvaluationSession({
          data: evaluationData(backend.client),
          answers,
          outbox,
          navigator,
          state: evaluationStore,
        });
        running = { personId: profile.personId, session, outbox, answers, navigator };
        await session.open(options.evaluationId, options.itemId ?? null);
      })()
        .catch((error: unknown) => {
          evaluationStore.setState(
            { phase: 'error', evaluationId: options.evaluationId, message: error instanceof Error ? error.message : String(error) },
            true,
          );
        })
        .finally(() => {
          starting = null;
        });
    };

    // an answer is kept in the browser a moment after its key: leaving in that moment asks first
    const guardUnload = (event: BeforeUnloadEvent): void => {
      if (!running?.session.storing()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    const unsubscribe = accountStore.subscribe(follow);
    globalThis.window?.addEventListener('beforeunload', guardUnload);
    stopFollowing = () => {
      unsubscribe();
      globalThis.window?.removeEventListener('beforeunload', guardUnload);
    };
    follow(accountStore.getState());
  };

  return {
    enter,
    leave,
    session: () => running?.session ?? null,
    outbox: () => running?.outbox ?? null,
  };
}

/** A UUID named in a viewer URL's query (an evaluation or an item), or null. */
export function evaluationIdFrom(search: string, param: string): string | null {
  const id = new URLSearchParams(search).get(param);
  return id && /^[0-9a-f-]{36}$/iu.test(id) ? id : null;
}
