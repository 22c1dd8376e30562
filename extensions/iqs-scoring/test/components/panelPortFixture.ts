/**
 * A fake of the port the viewer's panels use (ports.ts IqsPanelPort), instead of the IQS service: stores of its
 * own, actions that only record what was asked (`done`), and the focus offers the panels make (`offers`).
 */
import { createStore } from 'zustand/vanilla';
import type { AccountState, EvaluationActions, IqsPanelPort, RejectState } from '../../src/ports';
import { initialRejectState } from '../../src/rejects/rejectSession';
import { createAccountStore } from '../../src/state/accountStore';
import { createActiveImageStore } from '../../src/state/activeImageStore';
import { createEvaluationStore } from '../../src/state/evaluationStore';
import { createSyncStore } from '../../src/sync';

export const petraSignedIn: AccountState = {
  status: 'signed-in',
  email: 'petra.jansen@demo.iqs.example',
  profile: { personId: 'p1', displayName: 'Petra Jansen', role: 'radiographer', siteId: 's1', siteName: 'Demo Ziekenhuis — Radiologie' },
};

export function fakePanelPort(account: AccountState = petraSignedIn, evaluationActions: Partial<EvaluationActions> = {}) {
  const done: string[] = [];
  const offers: Array<() => boolean> = [];
  const record =
    (name: string) =>
    (...args: unknown[]): void => {
      done.push([name, ...args].join(':'));
    };
  const evaluation: EvaluationActions = {
    openItem: record('openItem'),
    answer: record('answer'),
    saveAndNext: record('saveAndNext'),
    skip: record('skip'),
    previous: record('previous'),
    showSummary: record('showSummary'),
    backToScoring: record('backToScoring'),
    close: record('close'),
    retrySync: record('retrySync'),
    ...evaluationActions,
  };
  const port: IqsPanelPort = {
    stores: {
      account: createAccountStore(account),
      activeImage: createActiveImageStore(),
      evaluation: createEvaluationStore(),
      sync: createSyncStore(),
      rejects: createStore<RejectState>(() => initialRejectState),
      rejectSync: createSyncStore(),
    },
    account: { signIn: async (email) => (done.push(`signIn:${email}`), { ok: true }), signOut: async () => void done.push('signOut') },
    evaluation,
    openIqsPage: record('openIqsPage'),
    offerScoringFocus: (handler) => {
      offers.push(handler);
      return () => offers.splice(offers.indexOf(handler), 1);
    },
    rejects: {
      recordReason: record('recordReason'),
      markRejected: record('markRejected'),
      unmarkRejected: record('unmarkRejected'),
      openToExplain: record('openToExplain'),
      refreshToExplain: record('refreshToExplain'),
      retrySync: record('retryRejects'),
    },
  };
  return { port, done, offers };
}
