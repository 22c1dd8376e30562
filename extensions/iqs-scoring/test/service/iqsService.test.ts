/**
 * @jest-environment jsdom
 *
 * The IQS service in OHIF's life cycle: registered by the extension's preRegistration without doing anything, its
 * work started by the IQS mode's enterMode and stopped by leaveMode, the backend made on first use and quiet while
 * IQS is not in use, and the commands that reach it through OHIF's services.
 */
import extension, { COMMAND_NAMES, COMMANDS_CONTEXT, IQS_SERVICE_ALT_NAME, IQS_SERVICE_NAME } from '../../src';
import { getCommandsModule } from '../../src/commands/getCommandsModule';
import type { IqsBackend } from '../../src/data/backend';
import type { BackendConfig } from '../../src/data/backendConfig';
import type { AccountState } from '../../src/ports';
import { getIqsService, IqsService } from '../../src/service/IqsService';
import type { OhifServices, ServiceRegistration, ServicesManager } from '../../src/viewer/ohifTypes';
import type { StoreApi } from 'zustand/vanilla';

const CONFIG: BackendConfig = { supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon' };
const EVALUATION = '0b0b0b0b-0000-4000-8000-000000000001';

/** OHIF's viewport services, counting who listens. */
function fakeServices() {
  let listeners = 0;
  const pubSub = (events: Record<string, string>) => ({
    EVENTS: events,
    subscribe: () => {
      listeners++;
      return { unsubscribe: () => listeners-- };
    },
  });
  const services = {
    viewportGridService: {
      ...pubSub({ ACTIVE_VIEWPORT_ID_CHANGED: 'a', GRID_STATE_CHANGED: 'g', VIEWPORTS_READY: 'r', LAYOUT_CHANGED: 'l' }),
      getActiveViewportId: () => 'vp1',
      getState: () => ({ activeViewportId: 'vp1', viewports: new Map([['vp1', { displaySetInstanceUIDs: ['ds'] }]]) }),
    },
    cornerstoneViewportService: { ...pubSub({ VIEWPORT_DATA_CHANGED: 'd' }), getCornerstoneViewport: () => null },
    displaySetService: {
      ...pubSub({}),
      getDisplaySetByUID: () => ({
        displaySetInstanceUID: 'ds',
        instances: [{ SOPInstanceUID: '1.2.3', Modality: 'DX', StationName: 'RAD-KAMER1', Rows: 2 }],
      }),
      getActiveDisplaySets: () => [],
    },
  } as unknown as OhifServices;
  return { servicesManager: { services } as ServicesManager, listeners: () => listeners };
}

/** A backend that records what IQS asks of it (no network). */
function fakeBackend() {
  const calls: string[] = [];
  let follower: StoreApi<AccountState> | null = null;
  const backend = {
    client: {} as IqsBackend['client'],
    async signIn(email: string) {
      calls.push(`signIn:${email}`);
      return { ok: true } as const;
    },
    async signOut() {
      calls.push('signOut');
    },
    followSession(store: StoreApi<AccountState>, options?: { announceLoading?: boolean }) {
      calls.push(`follow:${options?.announceLoading === false ? 'quiet' : 'loading'}`);
      follower = store;
      store.setState({ status: 'signed-out' }, true);
      return () => {
        calls.push('unfollow');
        follower = null;
      };
    },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
  } satisfies IqsBackend;
  return { backend, calls, follower: () => follower };
}

function serviceWithFakeBackend(navigate: (path: string) => void = () => undefined) {
  const fake = fakeBackend();
  const made: BackendConfig[] = [];
  const iqs = new IqsService({
    backend: CONFIG,
    navigate,
    createBackend: (config) => {
      made.push(config);
      return fake.backend;
    },
  });
  return { iqs, made, ...fake };
}

describe('the IQS service', () => {
  it('is registered by the extension’s preRegistration, as OHIF registers services, and does nothing yet', () => {
    const registered: Array<{ registration: ServiceRegistration<unknown>; configuration: unknown }> = [];
    const services: Record<string, unknown> = {};
    const servicesManager = {
      services,
      registerService(registration: ServiceRegistration<unknown>, configuration?: unknown) {
        registered.push({ registration, configuration });
        // as OHIF's ServicesManager does
        services[registration.name] = registration.create({ configuration, servicesManager: this as unknown as ServicesManager });
        if (registration.altName) services[registration.altName] = services[registration.name];
      },
    } as unknown as ServicesManager;
    const fetchSpy = jest.fn();
    const realFetch = globalThis.fetch;
    globalThis.fetch = fetchSpy;
    try {
      extension.preRegistration({
        servicesManager,
        appConfig: { iqs: { supabaseUrl: 'http://127.0.0.1:54321/', supabaseAnonKey: 'anon' } },
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(registered.map((r) => [r.registration.name, r.registration.altName])).toEqual([[IQS_SERVICE_NAME, IQS_SERVICE_ALT_NAME]]);
    const iqs = getIqsService(servicesManager);
    expect(iqs).toBeInstanceOf(IqsService);
    expect(services[IQS_SERVICE_ALT_NAME]).toBe(iqs);
    // no client made, so no stored session read or refreshed, no request
    expect(iqs?.status()).toEqual({ inMode: false, trackingActiveImage: false, backend: 'idle', evaluation: 'none' });
    expect(iqs?.account).not.toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
    // and OHIF's per-mode hook of an extension is not used: it would run in every mode
    expect('onModeEnter' in extension).toBe(false);
    expect('onModeExit' in extension).toBe(false);
  });

  it('follows the active image and uses its backend only between enterMode and leaveMode', () => {
    const { iqs, made, calls } = serviceWithFakeBackend();
    const viewer = fakeServices();
    expect(made).toEqual([]);
    expect(iqs.stores.account.getState().status).toBe('loading');

    iqs.enterMode({ servicesManager: viewer.servicesManager, search: '?StudyInstanceUIDs=1.2' });
    expect(iqs.status()).toEqual({ inMode: true, trackingActiveImage: true, backend: 'connected', evaluation: 'none' });
    expect(viewer.listeners()).toBeGreaterThan(0);
    expect(made).toEqual([CONFIG]);
    expect(iqs.stores.activeImage.getState()).toMatchObject({
      status: 'image',
      facts: { sop_instance_uid: '1.2.3', station_name: 'RAD-KAMER1' },
    });
    expect(iqs.stores.account.getState().status).toBe('signed-out');
    expect(document.getElementById('iqs-styles')).not.toBeNull();

    iqs.leaveMode();
    expect(iqs.status()).toEqual({ inMode: false, trackingActiveImage: false, backend: 'paused', evaluation: 'none' });
    expect(viewer.listeners()).toBe(0);
    expect(iqs.stores.activeImage.getState()).toEqual({ status: 'none' });
    expect(calls).toEqual(['follow:loading', 'unfollow', 'pause']);

    // OHIF calls every service's onModeExit whenever any mode is left: nothing more happens
    iqs.onModeExit();
    expect(calls).toEqual(['follow:loading', 'unfollow', 'pause']);

    // the next time IQS is used, the same backend resumes; the account shown stays until the session is read again
    iqs.enterMode({ servicesManager: viewer.servicesManager, search: '' });
    expect(made).toHaveLength(1);
    expect(calls.slice(3)).toEqual(['resume', 'follow:quiet']);
    iqs.onModeExit();
    expect(viewer.listeners()).toBe(0);
  });

  it('connects while the IQS page is shown, and pauses once neither the page nor the mode uses it', () => {
    const { iqs, calls } = serviceWithFakeBackend();
    expect(iqs.pageData()).toBeNull();
    const release = iqs.connect();
    expect(iqs.status().backend).toBe('connected');
    const data = iqs.pageData();
    expect(data).not.toBeNull();
    expect(iqs.pageData()).toBe(data);
    // the mode entered before the page is gone (in-app navigation): still connected
    iqs.enterMode({ servicesManager: fakeServices().servicesManager, search: '' });
    release();
    release();
    expect(iqs.status().backend).toBe('connected');
    iqs.leaveMode();
    expect(iqs.status().backend).toBe('paused');
    expect(calls).toEqual(['follow:loading', 'unfollow', 'pause']);
  });

  it('opens the evaluation the URL names, and says so when there is no backend to open it from', () => {
    const iqs = new IqsService({ backend: null });
    expect(iqs.account).toBeNull();
    expect(iqs.stores.account.getState()).toEqual({ status: 'unconfigured' });
    iqs.enterMode({ servicesManager: fakeServices().servicesManager, search: `?StudyInstanceUIDs=1.2&iqsEvaluation=${EVALUATION}` });
    expect(iqs.stores.evaluation.getState()).toEqual({ phase: 'error', evaluationId: EVALUATION, message: 'no-backend' });
    expect(iqs.status().backend).toBe('unconfigured');
    iqs.leaveMode();
    expect(iqs.stores.evaluation.getState()).toEqual({ phase: 'none' });
  });

  it('waits for the sign-in before it opens an evaluation, and signs in through its backend', async () => {
    const { iqs, calls } = serviceWithFakeBackend();
    iqs.enterMode({ servicesManager: fakeServices().servicesManager, search: `?iqsEvaluation=${EVALUATION}` });
    expect(iqs.stores.evaluation.getState()).toEqual({ phase: 'loading', evaluationId: EVALUATION });
    expect(await iqs.account?.signIn('petra.jansen@demo.iqs.example', 'x')).toEqual({ ok: true });
    expect(calls).toContain('signIn:petra.jansen@demo.iqs.example');
    iqs.leaveMode();
  });

  it('leads to the IQS page', () => {
    const paths: string[] = [];
    serviceWithFakeBackend((path) => paths.push(path)).iqs.openIqsPage();
    expect(paths).toEqual(['/iqs']);
  });
});

describe('IQS’s commands', () => {
  it('are one commands module in OHIF’s viewer context; the S command asks the form shown last to take the focus', () => {
    const iqs = new IqsService({ backend: null });
    const servicesManager = { services: { [IQS_SERVICE_NAME]: iqs } } as unknown as ServicesManager;
    const module = getCommandsModule({ servicesManager });
    expect(module.defaultContext).toBe(COMMANDS_CONTEXT);
    expect(Object.keys(module.definitions)).toEqual([COMMAND_NAMES.focusScoringForm]);
    const run = () => module.definitions[COMMAND_NAMES.focusScoringForm]?.commandFn({});
    // no form shown: the key does nothing
    expect(run()).toBe(false);
    const taken: string[] = [];
    const withdrawFirst = iqs.offerScoringFocus(() => (taken.push('first'), true));
    const withdrawSecond = iqs.offerScoringFocus(() => (taken.push('second'), false));
    expect(run()).toBe(true);
    expect(taken).toEqual(['second', 'first']);
    withdrawFirst();
    withdrawSecond();
    expect(run()).toBe(false);
    // and nothing at all without the service
    expect(
      getCommandsModule({ servicesManager: { services: {} } as unknown as ServicesManager }).definitions[
        COMMAND_NAMES.focusScoringForm
      ]?.commandFn({}),
    ).toBe(false);
  });
});
