import type { EvaluationState } from '../ports';

/**
 * Whether IQS hides who made the images (the panel's radiographer fact, the worklist): while the evaluation open
 * in the viewer is blind and not closed. Also while it is still loading or could not be loaded, since it may be
 * blind (hidden until known). Whatever the API returns: a quality officer or admin may read the operators by
 * role, and the screen still keeps a blind evaluation blind.
 */
export function operatorsHidden(state: EvaluationState): boolean {
  switch (state.phase) {
    case 'none':
      return false;
    case 'loading':
    case 'error':
      return true;
    case 'ready':
      return state.evaluation.blind && state.evaluation.status !== 'closed';
  }
}
