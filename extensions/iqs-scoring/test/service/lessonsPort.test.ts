/**
 * @jest-environment jsdom
 *
 * The lessons port of the IQS service: the panels read `lessons` as a property (IqsPanelPort), the page calls
 * `lessons()` (IqsPagePort); one object serves both, made once per backend, absent without one.
 */
import type { IqsBackend } from '../../src/data/backend';
import type { IqsPagePort, IqsPanelPort } from '../../src/ports';
import { IqsService } from '../../src/service/IqsService';

const METHODS = [
  'listLessons',
  'createLesson',
  'updateLesson',
  'deleteLesson',
  'lesson',
  'addCase',
  'updateCase',
  'removeCase',
  'moveCase',
  'exportKos',
  'importKos',
] as const;

function serviceWithBackend(): IqsService {
  const backend = {
    client: {} as IqsBackend['client'],
    signIn: async () => ({ ok: true }) as const,
    signOut: async () => undefined,
    followSession: (store) => {
      store.setState({ status: 'signed-out' }, true);
      return () => undefined;
    },
    pause: () => undefined,
    resume: () => undefined,
  } satisfies IqsBackend;
  return new IqsService({ backend: { supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon' }, createBackend: () => backend });
}

describe('the lessons port', () => {
  it('is absent without a backend, and before the page or the mode connects', () => {
    expect(new IqsService({ backend: null }).lessons).toBeUndefined();
    const iqs = serviceWithBackend();
    expect(iqs.lessons).toBeUndefined();
    expect((iqs as IqsPagePort).lessons?.() ?? null).toBeNull();
  });

  it('serves the panels (a property) and the page (a call) with the same lesson data, once per backend', () => {
    const iqs = serviceWithBackend();
    const release = iqs.connect();
    const panel = (iqs as IqsPanelPort).lessons;
    const page = (iqs as IqsPagePort).lessons?.();
    for (const method of METHODS) {
      expect({ method, panel: typeof panel?.[method], page: typeof page?.[method] }).toEqual({
        method,
        panel: 'function',
        page: 'function',
      });
      expect(panel?.[method]).toBe(page?.[method]);
    }
    expect(iqs.lessons).toBe(iqs.lessons);
    release();
  });
});
