import { trackActiveImage } from '../../src/viewer/activeImageTracker';
import type { DisplaySet, OhifInstance, OhifServices } from '../../src/viewer/ohifTypes';

/** A pub/sub service like OHIF's, with the event names OHIF 3.13 uses. */
class FakePubSub {
  private listeners = new Map<string, Set<(payload: unknown) => void>>();
  constructor(readonly EVENTS: Record<string, string>) {}
  subscribe(event: string, callback: (payload: unknown) => void) {
    const set = this.listeners.get(event) ?? new Set();
    set.add(callback);
    this.listeners.set(event, set);
    return { unsubscribe: () => set.delete(callback) };
  }
  emit(event: string): void {
    for (const callback of this.listeners.get(this.EVENTS[event] ?? '') ?? []) callback({});
  }
  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}

function instance(sop: string, imageId: string): OhifInstance {
  return { SOPInstanceUID: sop, imageId, Rows: 2 };
}

function fakeViewer() {
  const element = new EventTarget() as unknown as HTMLElement;
  const stack = { imageIds: ['img:a1', 'img:a2'], index: 0 };
  const displaySets = new Map<string, DisplaySet>([
    ['ds-a', { displaySetInstanceUID: 'ds-a', instances: [instance('a1', 'img:a1'), instance('a2', 'img:a2')] }],
    ['ds-b', { displaySetInstanceUID: 'ds-b', instances: [instance('b1', 'img:b1')] }],
  ]);
  const grid = {
    activeViewportId: 'vp1' as string | null,
    viewports: new Map([
      ['vp1', { displaySetInstanceUIDs: ['ds-a'] }],
      ['vp2', { displaySetInstanceUIDs: ['ds-b'] }],
    ]),
  };
  const viewportGridService = Object.assign(
    new FakePubSub({
      ACTIVE_VIEWPORT_ID_CHANGED: 'event::activeviewportidchanged',
      GRID_STATE_CHANGED: 'event::gridStateChanged',
      VIEWPORTS_READY: 'event::viewportsReady',
      LAYOUT_CHANGED: 'event::layoutChanged',
    }),
    {
      getActiveViewportId: () => grid.activeViewportId,
      getState: () => grid,
    },
  );
  const cornerstoneViewportService = Object.assign(
    new FakePubSub({ VIEWPORT_DATA_CHANGED: 'event::cornerstoneViewportService:viewportDataChanged' }),
    {
      getCornerstoneViewport: (id: string) =>
        id === 'vp1'
          ? { element, getCurrentImageId: () => stack.imageIds[stack.index], getCurrentImageIdIndex: () => stack.index }
          : { element: new EventTarget() as unknown as HTMLElement, getCurrentImageId: () => 'img:b1', getCurrentImageIdIndex: () => 0 },
    },
  );
  const displaySetService = Object.assign(new FakePubSub({}), { getDisplaySetByUID: (uid: string) => displaySets.get(uid) });
  const services = { viewportGridService, cornerstoneViewportService, displaySetService } as unknown as OhifServices;
  return { services, element, stack, grid, viewportGridService, cornerstoneViewportService };
}

describe('trackActiveImage', () => {
  it('reports the image in the active viewport at once', () => {
    const viewer = fakeViewer();
    const seen: (string | null)[] = [];
    const stop = trackActiveImage(viewer.services, (i) => seen.push((i?.['SOPInstanceUID'] as string) ?? null));
    expect(seen).toEqual(['a1']);
    stop();
  });

  it('follows scrolling through a stack (cornerstone’s new-image event on the viewport element)', () => {
    const viewer = fakeViewer();
    const seen: string[] = [];
    const stop = trackActiveImage(viewer.services, (i) => seen.push(String(i?.['SOPInstanceUID'])));
    viewer.stack.index = 1;
    viewer.element.dispatchEvent(new Event('CORNERSTONE_STACK_NEW_IMAGE'));
    expect(seen.at(-1)).toBe('a2');
    stop();
  });

  it('follows another viewport becoming active, and another display set in a viewport', () => {
    const viewer = fakeViewer();
    const seen: string[] = [];
    const stop = trackActiveImage(viewer.services, (i) => seen.push(String(i?.['SOPInstanceUID'])));
    viewer.grid.activeViewportId = 'vp2';
    viewer.viewportGridService.emit('ACTIVE_VIEWPORT_ID_CHANGED');
    expect(seen.at(-1)).toBe('b1');
    viewer.grid.activeViewportId = 'vp1';
    viewer.grid.viewports.set('vp1', { displaySetInstanceUIDs: ['ds-b'] });
    viewer.cornerstoneViewportService.emit('VIEWPORT_DATA_CHANGED');
    expect(seen.at(-1)).toBe('b1');
    stop();
  });

  it('uses the single viewport when OHIF reports no active one', () => {
    const viewer = fakeViewer();
    viewer.grid.activeViewportId = null;
    const seen: string[] = [];
    trackActiveImage(viewer.services, (i) => seen.push(String(i?.['SOPInstanceUID'])))();
    expect(seen).toEqual(['a1']);
  });

  it('stops listening when stopped', () => {
    const viewer = fakeViewer();
    const seen: string[] = [];
    const stop = trackActiveImage(viewer.services, (i) => seen.push(String(i?.['SOPInstanceUID'])));
    stop();
    expect(viewer.viewportGridService.listenerCount() + viewer.cornerstoneViewportService.listenerCount()).toBe(0);
    viewer.stack.index = 1;
    viewer.element.dispatchEvent(new Event('CORNERSTONE_STACK_NEW_IMAGE'));
    expect(seen).toEqual(['a1']);
  });

  it('never throws into OHIF: a failing service is reported once and tracking goes on', () => {
    const viewer = fakeViewer();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken = {
      ...viewer.services,
      displaySetService: {
        ...viewer.services.displaySetService,
        getDisplaySetByUID: () => {
          throw new Error('boom');
        },
      },
    } as unknown as OhifServices;
    const stop = trackActiveImage(broken, () => undefined);
    expect(() => viewer.viewportGridService.emit('GRID_STATE_CHANGED')).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('[IQS]');
    stop();
    warn.mockRestore();
  });
});
