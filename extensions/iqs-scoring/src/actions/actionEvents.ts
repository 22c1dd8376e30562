/**
 * "An action was saved": the actions section reads its lists again when a "Follow-up action" button elsewhere on the
 * page (an analysis, a summary) created one. One small listener list, no global state besides it.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onActionsChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function announceActionsChanged(): void {
  for (const listener of [...listeners]) listener();
}
