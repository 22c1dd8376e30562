import { createStore } from 'zustand/vanilla';
import type { AnswerContent, EvaluationSummary, EvaluationUse, ScoringForm, WorklistItem } from '@iqs/domain';

/** An evaluation as the session shows it (table evaluations). */
export interface EvaluationHeader {
  readonly id: string;
  readonly name: string;
  readonly use: EvaluationUse;
  readonly status: 'open' | 'closed';
  readonly blind: boolean;
  readonly evaluator_id: string;
  readonly subject_person_id: string | null;
}

/** The evaluation open in the viewer, as the worklist and scoring panels show it. Written by evaluation/evaluationSession.ts. */
export type EvaluationState =
  | { readonly phase: 'none' }
  | { readonly phase: 'loading'; readonly evaluationId: string }
  | { readonly phase: 'error'; readonly evaluationId: string; readonly message: string }
  | {
      readonly phase: 'ready';
      readonly evaluation: EvaluationHeader;
      readonly items: readonly WorklistItem[];
      readonly forms: Readonly<Record<string, ScoringForm>>;
      readonly currentItemId: string | null;
      /** by item id, then criterion id: what was answered, as kept in the browser */
      readonly answers: Readonly<Record<string, Readonly<Record<string, AnswerContent>>>>;
      readonly view: 'scoring' | 'summary';
      readonly summary: EvaluationSummary | null;
      /** a problem to show beside the work: the summary or an image that did not load, a refused close */
      readonly notice: string | null;
    };

export type ReadyEvaluation = Extract<EvaluationState, { phase: 'ready' }>;

export const evaluationStore = createStore<EvaluationState>(() => ({ phase: 'none' }));
