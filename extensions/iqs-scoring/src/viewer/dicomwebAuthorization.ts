/**
 * The login in front of the images: when the viewer configuration says the DICOMweb root answers signed-in IQS users
 * only (window.config.iqs.requireLogin, written by platform/config when IQS runs on a network), OHIF's DICOMweb
 * requests carry the IQS session's access token. OHIF asks its userAuthenticationService for the headers of every
 * QIDO/WADO request (getAuthorizationHeader), so this sets that service's implementation and keeps the token in step
 * with the supabase-js session (sign-in, refresh, sign-out).
 *
 * Without a session the viewer first shows IQS's sign-in (the IQS page) and, once the user has signed in, goes on to
 * the route that was asked for (the study list, an evaluation). When login is not required nothing here runs: IQS
 * then makes no connection before it is used, as before.
 */
import type { AuthChangeEvent, Session } from '@supabase/supabase-js';
import { navigateTo } from '../browser/navigation';
import { IQS_PAGE } from '../ids';
import { getIqsService } from '../service/IqsService';
import type { ExtensionParams } from './ohifTypes';

/** The part of OHIF's userAuthenticationService used here. */
interface UserAuthenticationService {
  setServiceImplementation(implementation: { getAuthorizationHeader?: () => Record<string, string> | undefined }): void;
}

/** Where to go after signing in, kept for the tab across the page's reloads. */
const RETURN_KEY = 'iqs.afterSignIn';
/** How long the viewer's start waits for the stored session (a refresh may need the backend). */
const SESSION_WAIT_MS = 5_000;

/** Whether the viewer sent the user to the IQS page to sign in before it shows images (and goes back after). */
export function imagesWaitForSignIn(win: Window = window): boolean {
  return win.sessionStorage.getItem(RETURN_KEY) !== null;
}

/** Whether the viewer configuration says the images need a signed-in IQS user. */
export function loginRequiredBy(appConfig: unknown): boolean {
  return (appConfig as { iqs?: { requireLogin?: unknown } } | null | undefined)?.iqs?.requireLogin === true;
}

/**
 * Called once by the extension's preRegistration, after the IQS service is registered; resolves when the stored
 * session is known, so that the viewer's first DICOMweb request already carries its token.
 */
export async function sendSessionWithDicomweb({ servicesManager, appConfig }: ExtensionParams, win: Window = window): Promise<void> {
  if (!loginRequiredBy(appConfig)) return;
  const iqs = getIqsService(servicesManager);
  const auth = (servicesManager.services as unknown as { userAuthenticationService?: UserAuthenticationService }).userAuthenticationService;
  if (!iqs || !auth) {
    console.error('[IQS] the images need a login, but the IQS service or OHIF’s user authentication service is missing');
    return;
  }
  let token: string | null = null;
  auth.setServiceImplementation({ getAuthorizationHeader: () => (token ? { Authorization: `Bearer ${token}` } : undefined) });

  // held for the page's life: the session is read now and kept fresh while the viewer may ask for images
  iqs.connect();
  const client = iqs.backendClient();
  if (!client) return;

  const onIqsPage = (): boolean => win.location.pathname === IQS_PAGE.path;
  const rememberWhereTo = (): void => {
    if (!onIqsPage()) win.sessionStorage.setItem(RETURN_KEY, `${win.location.pathname}${win.location.search}${win.location.hash}`);
  };
  client.auth.onAuthStateChange((event: AuthChangeEvent, session: Session | null) => {
    token = session?.access_token ?? null;
    // supabase-js holds a lock during this callback: move on after it returns
    if (event === 'SIGNED_IN' && session && onIqsPage()) {
      const back = win.sessionStorage.getItem(RETURN_KEY);
      win.sessionStorage.removeItem(RETURN_KEY);
      if (back) setTimeout(() => navigateTo(back, win), 0);
    } else if (event === 'SIGNED_OUT' && !onIqsPage()) {
      rememberWhereTo();
      setTimeout(() => navigateTo(IQS_PAGE.path, win), 0);
    }
  });

  const stored = await Promise.race([
    client.auth.getSession().then(({ data }) => data.session),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), SESSION_WAIT_MS)),
  ]);
  token = stored?.access_token ?? token;
  if (!token && !onIqsPage()) {
    // OHIF has not built its routes yet: it starts on the IQS page, whose sign-in comes first
    rememberWhereTo();
    win.history.replaceState(win.history.state, '', IQS_PAGE.path);
  }
}
