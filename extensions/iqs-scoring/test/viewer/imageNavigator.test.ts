import { createImageNavigator, ImageNotFoundError, ohifCornerstone } from '../../src/viewer/imageNavigator';
import type { DisplaySet, OhifServices } from '../../src/viewer/ohifTypes';

type Listener = (payload: unknown) => void;

/** A stack viewport as cornerstone keeps it: its image ids and the index shown. */
function fakeViewport(imageIds: string[], index = 0) {
  const jumps: number[] = [];
  return {
    jumps,
    getImageIds: () => imageIds,
    getCurrentImageIdIndex: () => index,
    getCurrentImageId: () => imageIds[index],
    setImageIdIndex: async (to: number) => {
      jumps.push(to);
      index = to;
    },
  };
}

function fakeServices(initial: DisplaySet[] = [], viewport: ReturnType<typeof fakeViewport> | null = null) {
  const sets = [...initial];
  const listeners = new Map<string, Set<Listener>>();
  const shown: unknown[] = [];
  let activeViewportId: string | null = null;
  const services = {
    displaySetService: {
      EVENTS: { DISPLAY_SETS_ADDED: 'added', DISPLAY_SETS_CHANGED: 'changed' },
      subscribe(event: string, callback: Listener) {
        const set = listeners.get(event) ?? new Set<Listener>();
        set.add(callback);
        listeners.set(event, set);
        return { unsubscribe: () => set.delete(callback) };
      },
      getDisplaySetByUID: (uid: string) => sets.find((s) => s.displaySetInstanceUID === uid),
      getActiveDisplaySets: () => sets,
    },
    viewportGridService: {
      EVENTS: {},
      subscribe: () => ({ unsubscribe: () => undefined }),
      getActiveViewportId: () => activeViewportId,
      getState: () => ({ activeViewportId, viewports: new Map([['default', {}]]) }),
      setDisplaySetsForViewports: (viewports: unknown) => void shown.push(viewports),
    },
    cornerstoneViewportService: viewport ? { getCornerstoneViewport: () => viewport } : undefined,
  } as unknown as OhifServices;
  return {
    services,
    shown,
    setActive: (id: string | null) => (activeViewportId = id),
    add(set: DisplaySet) {
      sets.push(set);
      listeners.get('added')?.forEach((l) => l([set]));
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

const series = (uid: string, sops: string[]): DisplaySet => ({
  displaySetInstanceUID: `ds-${uid}`,
  SeriesInstanceUID: uid,
  StudyInstanceUID: 'study',
  instances: sops.map((sop) => ({ SOPInstanceUID: sop, imageId: `wadors:${sop}` })),
});

const ref = (series: string, sop: string) => ({ studyInstanceUid: 'study', seriesInstanceUid: series, sopInstanceUid: sop });

describe('createImageNavigator', () => {
  it('shows the display set holding the instance, at its position, in the single viewport', async () => {
    const fake = fakeServices([series('1.1', ['a']), series('1.2', ['b', 'c', 'd'])]);
    await createImageNavigator(fake.services, null).show(ref('1.2', 'c'));
    expect(fake.shown).toEqual([
      [
        {
          viewportId: 'default',
          displaySetInstanceUIDs: ['ds-1.2'],
          viewportOptions: { initialImageOptions: { index: 1, useOnce: true } },
        },
      ],
    ]);
  });

  it('goes to the image in a viewport that already shows its series (OHIF then keeps the stack where it is)', async () => {
    const viewport = fakeViewport(['wadors:b', 'wadors:c', 'wadors:d'], 0);
    const fake = fakeServices([series('1.2', ['b', 'c', 'd'])], viewport);
    await createImageNavigator(fake.services, null).show(ref('1.2', 'd'));
    expect(viewport.jumps).toEqual([2]);
    expect(viewport.getCurrentImageId()).toBe('wadors:d');
    // already there: no jump
    await createImageNavigator(fake.services, null).show(ref('1.2', 'd'));
    expect(viewport.jumps).toEqual([2]);
  });

  it('uses the active viewport when there is one', async () => {
    const fake = fakeServices([series('1.1', ['a'])]);
    fake.setActive('right');
    await createImageNavigator(fake.services, null).show(ref('1.1', 'a'));
    expect((fake.shown[0] as Array<{ viewportId: string }>)[0]?.viewportId).toBe('right');
  });

  it('waits for a study that is still loading', async () => {
    const fake = fakeServices([series('1.1', ['a'])]);
    const navigator = createImageNavigator(fake.services, null);
    const shown = navigator.show(ref('2.1', 'x'));
    expect(fake.shown).toEqual([]);
    fake.add(series('2.1', ['x']));
    await shown;
    expect((fake.shown[0] as Array<{ displaySetInstanceUIDs: string[] }>)[0]?.displaySetInstanceUIDs).toEqual(['ds-2.1']);
  });

  it('says which image is missing when it never comes', async () => {
    jest.useFakeTimers();
    try {
      const fake = fakeServices();
      const shown = createImageNavigator(fake.services, null).show(ref('9.9', 'gone'), { timeoutMs: 1000 });
      const failed = expect(shown).rejects.toThrow(ImageNotFoundError);
      await jest.advanceTimersByTimeAsync(1001);
      await failed;
      await expect(shown).rejects.toThrow(/gone/u);
    } finally {
      jest.useRealTimers();
    }
  });

  it('loads the next image into cornerstone once, and survives a failed load', async () => {
    const fake = fakeServices([series('1.1', ['a', 'b'])]);
    const loaded: string[] = [];
    let fail = true;
    const cornerstone = {
      imageLoader: {
        loadAndCacheImage: (imageId: string) => {
          loaded.push(imageId);
          return fail ? Promise.reject(new Error('network')) : Promise.resolve({});
        },
      },
    };
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const navigator = createImageNavigator(fake.services, cornerstone);
    navigator.prefetch(ref('1.1', 'b'));
    await new Promise((r) => setTimeout(r, 0));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not load the next image'), 'network');
    fail = false;
    navigator.prefetch(ref('1.1', 'b'));
    navigator.prefetch(ref('1.1', 'b'));
    await new Promise((r) => setTimeout(r, 0));
    expect(loaded).toEqual(['wadors:b', 'wadors:b']);
    warn.mockRestore();
  });

  it('loads a study the URL did not name when its image is shown, and says so when that fails', async () => {
    const fake = fakeServices([series('1.1', ['a'])]);
    const asked: string[] = [];
    let answer: 'arrive' | 'fail' = 'arrive';
    const studies = {
      load: async (uid: string) => {
        asked.push(uid);
        if (answer === 'fail') throw new Error('PACS down');
        // OHIF's route makes the display sets from the metadata the data source stored
        fake.add({ ...series('2.1', ['x']), StudyInstanceUID: uid });
      },
    };
    const navigator = createImageNavigator(fake.services, null, undefined, studies);
    await navigator.show({ studyInstanceUid: 'study-2', seriesInstanceUid: '2.1', sopInstanceUid: 'x' });
    expect(asked).toEqual(['study-2']);
    expect((fake.shown[0] as Array<{ displaySetInstanceUIDs: string[] }>)[0]?.displaySetInstanceUIDs).toEqual(['ds-2.1']);
    // an image already there asks for nothing
    await navigator.show(ref('1.1', 'a'));
    expect(asked).toEqual(['study-2']);
    answer = 'fail';
    await expect(navigator.show({ studyInstanceUid: 'study-3', seriesInstanceUid: '3.1', sopInstanceUid: 'y' })).rejects.toThrow(
      /study-3 could not be loaded: PACS down/u,
    );
  });

  it('loads the next image ahead from a study not loaded yet: its metadata, then its pixels', async () => {
    const fake = fakeServices([series('1.1', ['a'])]);
    const loaded: string[] = [];
    const cornerstone = { imageLoader: { loadAndCacheImage: async (imageId: string) => void loaded.push(imageId) } };
    let arrive: () => void = () => undefined;
    const studies = {
      load: (uid: string) =>
        new Promise<void>((resolve) => {
          arrive = () => {
            fake.add({ ...series('2.1', ['x', 'y']), StudyInstanceUID: uid });
            resolve();
          };
        }),
    };
    const navigator = createImageNavigator(fake.services, cornerstone, undefined, studies);
    navigator.prefetch({ studyInstanceUid: 'study-2', seriesInstanceUid: '2.1', sopInstanceUid: 'y' });
    await new Promise((r) => setTimeout(r, 0));
    expect(loaded).toEqual([]);
    arrive();
    await new Promise((r) => setTimeout(r, 0));
    expect(loaded).toEqual(['wadors:y']);
    navigator.dispose();
  });

  it('puts a later image straight into the stack viewport, says when it is drawn, and then tells the grid', async () => {
    const element = new EventTarget() as unknown as HTMLElement;
    const events: string[] = [];
    let stack: readonly string[] = ['wadors:a'];
    let index = 0;
    const viewport = {
      element,
      getImageIds: () => stack,
      getCurrentImageId: () => stack[index],
      getCurrentImageIdIndex: () => index,
      setImageIdIndex: async (to: number) => void (index = to),
      setStack: async (imageIds: string[], at = 0) => {
        events.push(`setStack ${imageIds.join(',')} at ${at}`);
        stack = imageIds;
        index = at;
        // cornerstone draws on its next frame and says so on the element
        setTimeout(() => element.dispatchEvent(new Event('CORNERSTONE_IMAGE_RENDERED')), 5);
      },
    };
    const fake = fakeServices([series('1.1', ['a']), series('1.2', ['b', 'c'])], viewport as never);
    const grid = fake.services.viewportGridService as unknown as { setDisplaySetsForViewports: (v: unknown) => void };
    grid.setDisplaySetsForViewports = () => void events.push('grid');
    const navigator = createImageNavigator(fake.services, null);
    // the first image goes through the grid only (OHIF's layout may still replace what is in the viewport)
    await navigator.show(ref('1.1', 'a'), { onDrawn: () => events.push('drawn') });
    expect(events).toEqual(['drawn', 'grid']);
    events.length = 0;
    await navigator.show(ref('1.2', 'c'), { onDrawn: () => events.push('drawn') });
    expect(events).toEqual(['setStack wadors:b,wadors:c at 1', 'drawn', 'grid']);
  });

  it('lets go of the display set service when disposed', () => {
    const fake = fakeServices();
    const navigator = createImageNavigator(fake.services, null);
    expect(fake.listenerCount()).toBe(2);
    navigator.dispose();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('ohifCornerstone', () => {
  it('takes cornerstone from OHIF’s cornerstone extension, or gives null', () => {
    const cornerstone = { imageLoader: { loadAndCacheImage: () => Promise.resolve() } };
    const manager = {
      getModuleEntry: (id: string) =>
        id === '@ohif/extension-cornerstone.utilityModule.common'
          ? { exports: { getCornerstoneLibraries: () => ({ cornerstone }) } }
          : undefined,
    };
    expect(ohifCornerstone(manager)).toBe(cornerstone);
    expect(ohifCornerstone({ getModuleEntry: () => undefined })).toBeNull();
    expect(
      ohifCornerstone({
        getModuleEntry: () => {
          throw new Error('no module');
        },
      }),
    ).toBeNull();
    expect(ohifCornerstone(null)).toBeNull();
  });
});
