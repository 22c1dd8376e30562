import { createImageNavigator } from '../../src/viewer/imageNavigator';
import { IMAGE_RENDERED_EVENT, type LayoutTimings, whenLayoutReady } from '../../src/viewer/layoutReady';
import type { DisplaySet, OhifServices } from '../../src/viewer/ohifTypes';

const TIMINGS: LayoutTimings = { protocolTimeoutMs: 2_000, stackTimeoutMs: 2_000, settledMs: 60, pollMs: 5 };
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * OHIF as the IQS mode meets it on a fresh page: no hanging protocol yet, then the protocol is applied and the grid
 * puts the protocol's display set (its first image) in the viewport, replacing what was there.
 */
function fakeOhif(sets: DisplaySet[]) {
  let protocol: unknown = undefined;
  let stack: string[] = [];
  let index = 0;
  let drawsImages = true;
  let displayed: string | null = null;
  const element = new EventTarget();
  const viewport = {
    element,
    getCornerstoneImage: () => (displayed === null ? undefined : { imageId: displayed }),
    getImageIds: () => stack,
    getCurrentImageIdIndex: () => index,
    getCurrentImageId: () => stack[index],
    setImageIdIndex: async (to: number) => {
      index = to;
    },
  };
  const put = (uid: string, at: number): void => {
    const set = sets.find((s) => s.displaySetInstanceUID === uid);
    stack = (set?.instances ?? []).map((i) => i.imageId ?? '');
    index = at;
    // cornerstone draws a moment later
    if (drawsImages)
      setTimeout(() => {
        displayed = stack[index] ?? null;
        element.dispatchEvent(new Event(IMAGE_RENDERED_EVENT));
      }, 10);
  };
  const services = {
    hangingProtocolService: { EVENTS: {}, subscribe: () => ({ unsubscribe: () => undefined }), getState: () => protocol },
    displaySetService: {
      EVENTS: {},
      subscribe: () => ({ unsubscribe: () => undefined }),
      getDisplaySetByUID: (uid: string) => sets.find((s) => s.displaySetInstanceUID === uid),
      getActiveDisplaySets: () => sets,
    },
    viewportGridService: {
      EVENTS: {},
      subscribe: () => ({ unsubscribe: () => undefined }),
      getActiveViewportId: () => 'default',
      getState: () => ({ activeViewportId: 'default', viewports: new Map([['default', {}]]) }),
      setDisplaySetsForViewports: (
        viewports: Array<{ displaySetInstanceUIDs: string[]; viewportOptions?: { initialImageOptions?: { index: number } } }>,
      ) => {
        const [first] = viewports;
        if (first) put(first.displaySetInstanceUIDs[0] ?? '', first.viewportOptions?.initialImageOptions?.index ?? 0);
      },
    },
    cornerstoneViewportService: { EVENTS: {}, subscribe: () => ({ unsubscribe: () => undefined }), getCornerstoneViewport: () => viewport },
  } as unknown as OhifServices;
  return {
    services,
    shown: () => stack[index] ?? null,
    /** the viewport's image does not draw (yet) */
    stopDrawing() {
      drawsImages = false;
    },
    draw() {
      drawsImages = true;
      displayed = stack[index] ?? null;
      element.dispatchEvent(new Event(IMAGE_RENDERED_EVENT));
    },
    /** the protocol's image was drawn before anyone listened (IQS's wait starts late, as an evaluation's does) */
    drawnEarlier(uid: string) {
      protocol = { protocolId: 'default' };
      drawsImages = false;
      put(uid, 0);
      displayed = stack[index] ?? null;
    },
    /** what OHIF's route does once every study has its series */
    applyProtocol(uid: string) {
      protocol = { protocolId: 'default' };
      put(uid, 0);
    },
  };
}

const series: DisplaySet = {
  displaySetInstanceUID: 'ds-1',
  SeriesInstanceUID: '1',
  StudyInstanceUID: 'study',
  instances: ['first', 'rejected', 'retake'].map((sop) => ({ SOPInstanceUID: sop, imageId: `wadors:${sop}` })),
};

describe('whenLayoutReady', () => {
  it('is ready at once outside an OHIF route (no hanging protocol service)', async () => {
    const services = { viewportGridService: {} } as unknown as OhifServices;
    await expect(whenLayoutReady(services, TIMINGS)).resolves.toBeUndefined();
  });

  it('waits for the hanging protocol and for its image to stay', async () => {
    const ohif = fakeOhif([series]);
    let ready = false;
    const waiting = whenLayoutReady(ohif.services, TIMINGS).then(() => (ready = true));
    await pause(100);
    expect(ready).toBe(false);
    ohif.applyProtocol('ds-1');
    await pause(20);
    expect(ready).toBe(false);
    await waiting;
    expect(ohif.shown()).toBe('wadors:first');
  });

  it("waits until the protocol's image has been drawn", async () => {
    const ohif = fakeOhif([series]);
    ohif.stopDrawing();
    let ready = false;
    const waiting = whenLayoutReady(ohif.services, TIMINGS).then(() => (ready = true));
    ohif.applyProtocol('ds-1');
    await pause(200);
    expect(ready).toBe(false);
    ohif.draw();
    await waiting;
    expect(ready).toBe(true);
  });

  it('is ready after the settle time, not the timeout, when the image was drawn before the wait began', async () => {
    const ohif = fakeOhif([series]);
    ohif.drawnEarlier('ds-1');
    const started = Date.now();
    await whenLayoutReady(ohif.services, { ...TIMINGS, stackTimeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('goes on when the protocol never comes, and stops when asked', async () => {
    const ohif = fakeOhif([series]);
    const started = Date.now();
    await whenLayoutReady(ohif.services, { ...TIMINGS, protocolTimeoutMs: 50, stackTimeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(1_000);
    let stop = false;
    const stopping = whenLayoutReady(ohif.services, { ...TIMINGS, protocolTimeoutMs: 60_000 }, () => stop);
    stop = true;
    await expect(stopping).resolves.toBeUndefined();
  });
});

describe("the navigator's first image and OHIF's hanging protocol", () => {
  it('keeps the image it was asked for when the protocol lands after the display set has arrived', async () => {
    const ohif = fakeOhif([series]);
    const navigator = createImageNavigator(ohif.services, null, TIMINGS);
    // the display set is there (its study answered first); the protocol waits for the other studies
    const shown = navigator.show({ studyInstanceUid: 'study', seriesInstanceUid: '1', sopInstanceUid: 'rejected' });
    await pause(100);
    ohif.applyProtocol('ds-1');
    await shown;
    expect(ohif.shown()).toBe('wadors:rejected');
    // later images do not wait again
    const started = Date.now();
    await navigator.show({ studyInstanceUid: 'study', seriesInstanceUid: '1', sopInstanceUid: 'retake' });
    expect(ohif.shown()).toBe('wadors:retake');
    expect(Date.now() - started).toBeLessThan(TIMINGS.settledMs);
    navigator.dispose();
  });
});
