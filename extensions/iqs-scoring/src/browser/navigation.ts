import { viewerNeedsRestartForLanguage } from '../i18n/detectLanguage';

/**
 * Moving to another route of the viewer from inside our own React tree: our tree has no access to OHIF's router
 * (see bridge/reactBridge.tsx), but OHIF's router follows the browser history, so a pushState and a popstate event
 * make it render the new route.
 */
export function navigateTo(path: string, win: Window = window): void {
  // OHIF reads its language only when it starts: after a language chosen on /iqs, the viewer starts afresh in it
  if (viewerNeedsRestartForLanguage()) {
    win.location.assign(path);
    return;
  }
  win.history.pushState({}, '', path);
  win.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
}

/** The viewer with one evaluation open: the IQS mode's route with its query. */
export function pathWithQuery(path: string, query: Readonly<Record<string, string | null | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== null && value !== undefined) params.set(name, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
