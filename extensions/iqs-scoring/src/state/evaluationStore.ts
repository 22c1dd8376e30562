import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EvaluationState } from '../ports';

/** The evaluation open in the viewer (ports.ts EvaluationState). Owned by the IQS service, written by evaluation/evaluationSession.ts. */
export type EvaluationStore = StoreApi<EvaluationState>;

export function createEvaluationStore(): EvaluationStore {
  return createStore<EvaluationState>(() => ({ phase: 'none' }));
}
