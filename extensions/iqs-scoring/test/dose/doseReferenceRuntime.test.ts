/**
 * The active image's comparison with its reference in the viewer (src/dose/doseReferenceRuntime.ts): looked up only
 * for the image the user stays on, once per image, kept per person; signing out and leaving the mode clear it.
 */
import type { ImageFacts } from '@iqs/domain';
import { createStore } from 'zustand/vanilla';
import { createDoseReferenceRuntime, initialDoseReferenceState } from '../../src/dose/doseReferenceRuntime';
import type { AccountState, ActiveImageState, DoseReferenceState, ImageDoseReference } from '../../src/ports';

const signedIn = (personId: string): AccountState => ({
  status: 'signed-in',
  email: null,
  profile: { personId, displayName: personId, role: 'radiographer', siteId: 's', siteName: 'Demo' },
});
const image = (sop: string): ActiveImageState => ({ status: 'image', facts: { sop_instance_uid: sop } as unknown as ImageFacts });

const dap = (value: number): ImageDoseReference => ({
  quantity: 'dap',
  value,
  unit: 'Gy·cm²',
  drl: 0.12,
  target: 0.06,
  reference_set: 'nl-drn-2012',
  reference_label: 'X-thorax PA',
  reference_weight_kg: 77,
  reason: null,
  status: value > 0.12 ? 'above_drl' : 'at_or_below_target',
});

function setUp(readDelayMs = 0) {
  const account = createStore<AccountState>(() => signedIn('p1'));
  const activeImage = createStore<ActiveImageState>(() => ({ status: 'none' }));
  const state = createStore<DoseReferenceState>(() => initialDoseReferenceState);
  const asked: string[] = [];
  let answer: (sop: string) => Promise<readonly ImageDoseReference[]> = async (sop) => [dap(sop === 'a' ? 0.331 : 0.05)];
  const runtime = createDoseReferenceRuntime({
    account,
    activeImage,
    state,
    readDelayMs,
    lookup: () => (sop) => {
      asked.push(sop);
      return answer(sop);
    },
  });
  return { account, activeImage, state, asked, runtime, answerWith: (next: typeof answer) => (answer = next) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the dose reference of the active image', () => {
  it('looks the active image up once and keeps the answer for the session', async () => {
    const { activeImage, state, asked, runtime } = setUp();
    runtime.enter();
    activeImage.setState(image('a'), true);
    expect(state.getState()).toEqual({ status: 'loading', sopInstanceUid: 'a' });
    await settle();
    expect(state.getState()).toEqual({ status: 'ready', sopInstanceUid: 'a', rows: [dap(0.331)] });
    activeImage.setState(image('b'), true);
    await settle();
    activeImage.setState(image('a'), true);
    expect(state.getState()).toMatchObject({ status: 'ready', sopInstanceUid: 'a' });
    expect(asked).toEqual(['a', 'b']);
    expect(runtime.rowsOf('b')).toEqual([dap(0.05)]);
    runtime.leave();
  });

  it('asks only for the image the user stays on (a CT series scrolled through asks once)', async () => {
    jest.useFakeTimers();
    try {
      const { activeImage, asked, runtime } = setUp(150);
      runtime.enter();
      for (const sop of ['s1', 's2', 's3', 's4']) {
        activeImage.setState(image(sop), true);
        jest.advanceTimersByTime(50);
      }
      jest.advanceTimersByTime(200);
      expect(asked).toEqual(['s4']);
      runtime.leave();
    } finally {
      jest.useRealTimers();
    }
  });

  it('says when the lookup failed, and asks again when the image is shown again', async () => {
    const { activeImage, state, asked, runtime, answerWith } = setUp();
    answerWith(async () => {
      throw new Error('offline');
    });
    runtime.enter();
    activeImage.setState(image('a'), true);
    await settle();
    expect(state.getState()).toEqual({ status: 'error', sopInstanceUid: 'a', message: 'offline' });
    answerWith(async () => [dap(0.331)]);
    activeImage.setState({ status: 'none' }, true);
    activeImage.setState(image('a'), true);
    await settle();
    expect(state.getState()).toMatchObject({ status: 'ready', rows: [dap(0.331)] });
    expect(asked).toEqual(['a', 'a']);
    runtime.leave();
  });

  it('forgets everything on signing out, for another person, and on leaving the mode', async () => {
    const { account, activeImage, state, asked, runtime } = setUp();
    runtime.enter();
    activeImage.setState(image('a'), true);
    await settle();
    account.setState({ status: 'signed-out' }, true);
    expect(state.getState()).toEqual(initialDoseReferenceState);
    expect(runtime.rowsOf('a')).toBeNull();
    account.setState(signedIn('p2'), true);
    await settle();
    expect(asked).toEqual(['a', 'a']);
    expect(state.getState()).toMatchObject({ status: 'ready', sopInstanceUid: 'a' });
    runtime.leave();
    expect(state.getState()).toEqual(initialDoseReferenceState);
    activeImage.setState(image('b'), true);
    await settle();
    expect(asked).toEqual(['a', 'a']);
  });
});
