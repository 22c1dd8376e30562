/**
 * "A lesson changed": the lessons section reads its list (and the open lesson) again when "Add to lesson" elsewhere
 * on the page (a drill-down, a summary) added a case or made a lesson. One small listener list, nothing else global.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onLessonsChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function announceLessonsChanged(): void {
  for (const listener of [...listeners]) listener();
}
