/**
 * @jest-environment jsdom
 *
 * The login in front of the images, in the viewer: OHIF's DICOMweb requests carry the IQS session's token, and
 * without a session the viewer starts on IQS's sign-in and goes on to the asked-for route after signing in.
 */
import type { AuthChangeEvent, Session } from '@supabase/supabase-js';
import type { IqsService } from '../../src/service/IqsService';
import { IQS_SERVICE_NAME } from '../../src/ids';
import { loginRequiredBy, sendSessionWithDicomweb } from '../../src/viewer/dicomwebAuthorization';
import type { ServicesManager } from '../../src/viewer/ohifTypes';

type Listener = (event: AuthChangeEvent, session: Session | null) => void;

function fakeViewer(stored: Session | null) {
  let listener: Listener | null = null;
  let getAuthorizationHeader: (() => Record<string, string> | undefined) | null = null;
  let holds = 0;
  const client = {
    auth: {
      onAuthStateChange: (callback: Listener) => {
        listener = callback;
        return { data: { subscription: { unsubscribe: () => undefined } } };
      },
      getSession: async () => ({ data: { session: stored }, error: null }),
    },
  };
  const iqs = {
    connect: () => {
      holds++;
      return () => holds--;
    },
    backendClient: () => client,
  } as unknown as IqsService;
  const servicesManager = {
    services: {
      [IQS_SERVICE_NAME]: iqs,
      userAuthenticationService: {
        setServiceImplementation: (implementation: { getAuthorizationHeader: () => Record<string, string> | undefined }) => {
          getAuthorizationHeader = implementation.getAuthorizationHeader;
        },
      },
    },
  } as unknown as ServicesManager;
  return {
    servicesManager,
    header: () => getAuthorizationHeader?.(),
    installed: () => getAuthorizationHeader !== null,
    holds: () => holds,
    emit: (event: AuthChangeEvent, session: Session | null) => listener?.(event, session),
  };
}

const session = (token: string) => ({ access_token: token }) as Session;
const appConfig = { iqs: { supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon', requireLogin: true } };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  window.history.replaceState(null, '', '/iqs-evaluation?StudyInstanceUIDs=1.2.3');
  window.sessionStorage.clear();
});

it('does nothing when the images need no login (IQS on loopback): no connection, no header', async () => {
  const viewer = fakeViewer(session('t'));
  await sendSessionWithDicomweb({
    servicesManager: viewer.servicesManager,
    appConfig: { iqs: { supabaseUrl: 'x', supabaseAnonKey: 'y' } },
  });
  expect(loginRequiredBy({ iqs: {} })).toBe(false);
  expect(viewer.installed()).toBe(false);
  expect(viewer.holds()).toBe(0);
});

it('sends the stored session’s token with every DICOMweb request, and follows refreshes', async () => {
  const viewer = fakeViewer(session('stored.token.1'));
  await sendSessionWithDicomweb({ servicesManager: viewer.servicesManager, appConfig });
  expect(viewer.holds()).toBe(1);
  expect(viewer.header()).toEqual({ Authorization: 'Bearer stored.token.1' });
  expect(window.location.pathname).toBe('/iqs-evaluation');
  viewer.emit('TOKEN_REFRESHED', session('fresh.token.2'));
  expect(viewer.header()).toEqual({ Authorization: 'Bearer fresh.token.2' });
});

it('starts on IQS’s sign-in without a session, and goes on to the route asked for once signed in', async () => {
  const viewer = fakeViewer(null);
  await sendSessionWithDicomweb({ servicesManager: viewer.servicesManager, appConfig });
  expect(viewer.header()).toBeUndefined();
  expect(window.location.pathname).toBe('/iqs');
  viewer.emit('SIGNED_IN', session('new.token.3'));
  expect(viewer.header()).toEqual({ Authorization: 'Bearer new.token.3' });
  await flush();
  expect(`${window.location.pathname}${window.location.search}`).toBe('/iqs-evaluation?StudyInstanceUIDs=1.2.3');
  // signing out elsewhere in the viewer: back to the sign-in, and no token any more
  viewer.emit('SIGNED_OUT', null);
  expect(viewer.header()).toBeUndefined();
  await flush();
  expect(window.location.pathname).toBe('/iqs');
});
