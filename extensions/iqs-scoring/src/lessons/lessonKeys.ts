/**
 * The presentation's keys, listened to on the window while a lesson is presented (the lesson mode only).
 *
 * Next: → or PageDown (what a presenter's remote sends); previous: ← or PageUp; T: the teaching point shown or
 * hidden; F: full screen on or off. OHIF binds ←/→ (the active viewport, meaningless in the lesson's one viewport)
 * and PageUp/PageDown (the viewport's next series: it would show an image that is not in the lesson), so in the
 * lesson mode these four keys are taken before OHIF's hotkeys see them (a capturing listener that stops them). T and F
 * are bound by neither OHIF 3.13 nor IQS. OHIF's own keys for the image stay: W/L presets 1–4, zoom (Z, +, -, =),
 * rotate (R, L), flip (H, V), invert (I), reset (space), ↑/↓ through the series.
 */
import type { LessonPresentationActions } from './lessonPresentationRuntime';

export const LESSON_KEYS = {
  next: ['ArrowRight', 'PageDown'],
  previous: ['ArrowLeft', 'PageUp'],
  teachingPoint: ['t', 'T'],
  fullScreen: ['f', 'F'],
} as const;

/** Typing in a field (the sign-in form) is left alone. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.tagName !== 'string') return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/** The action a key stands for, or null. */
export function lessonKeyAction(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): keyof typeof LESSON_KEYS | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  for (const [action, keys] of Object.entries(LESSON_KEYS) as Array<[keyof typeof LESSON_KEYS, readonly string[]]>)
    if (keys.includes(event.key)) return action;
  return null;
}

/** Listens until the returned function is called. */
export function listenToLessonKeys(actions: LessonPresentationActions, target: Window = window): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (isTyping(event.target)) return;
    const action = lessonKeyAction(event);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action === 'next') actions.next();
    else if (action === 'previous') actions.previous();
    else if (action === 'teachingPoint') actions.toggleTeachingPoint();
    else actions.toggleFullScreen();
  };
  // capturing on the window: before OHIF's hotkeys (Mousetrap listens on the document)
  target.addEventListener('keydown', onKey, true);
  return () => target.removeEventListener('keydown', onKey, true);
}
