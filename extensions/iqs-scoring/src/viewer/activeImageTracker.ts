import type { CornerstoneViewport, OhifInstance, OhifServices, Subscription } from './ohifTypes';

/**
 * Follows the image in the active viewport and reports its instance metadata: on a change of active viewport,
 * of the display set in a viewport, and of the image within a stack (scrolling).
 */

// cornerstone3D fires these on the viewport's element (Enums.Events); we cannot import cornerstone itself
// without bundling a second copy of it.
const IMAGE_CHANGE_EVENTS = ['CORNERSTONE_STACK_NEW_IMAGE', 'CORNERSTONE_VOLUME_NEW_IMAGE', 'CORNERSTONE_VIEWPORT_NEW_IMAGE_SET'];

export type InstanceListener = (instance: OhifInstance | null) => void;

function activeViewportId(services: OhifServices): string | null {
  const grid = services.viewportGridService;
  const active = grid.getActiveViewportId();
  if (active) return active;
  // a one-viewport layout can report no active viewport: then the single viewport is the one
  const [first] = grid.getState().viewports.keys();
  return first ?? null;
}

function instanceWithImageId(services: OhifServices, imageId: string): OhifInstance | null {
  for (const displaySet of services.displaySetService.getActiveDisplaySets())
    for (const instance of displaySet.instances ?? []) if (instance.imageId === imageId) return instance;
  return null;
}

function currentInstance(services: OhifServices, viewportId: string, viewport: CornerstoneViewport | null): OhifInstance | null {
  const uids = services.viewportGridService.getState().viewports.get(viewportId)?.displaySetInstanceUIDs ?? [];
  const displaySet = uids.length > 0 && uids[0] ? services.displaySetService.getDisplaySetByUID(uids[0]) : undefined;
  if (!displaySet) return null;
  const instances = displaySet.instances ?? [];
  const imageId = viewport?.getCurrentImageId?.();
  const byImageId = imageId ? instances.find((instance) => instance.imageId === imageId) : undefined;
  if (byImageId) return byImageId;
  // the evaluation puts its next image straight into the stack and tells the grid a moment later (imageNavigator's
  // quick way): the image's own display set says which instance it is, not a position in the one the grid names
  const elsewhere = imageId ? instanceWithImageId(services, imageId) : null;
  if (elsewhere) return elsewhere;
  // one instance with many frames: every frame's imageId belongs to it
  if (instances.length === 1) return instances[0] ?? null;
  const index = viewport?.getCurrentImageIdIndex?.() ?? 0;
  return instances[index] ?? displaySet.instance ?? null;
}

export function trackActiveImage(services: OhifServices, listener: InstanceListener): () => void {
  let boundElement: HTMLElement | null = null;
  let lastError: string | null = null;

  const update = (): void => {
    try {
      const viewportId = activeViewportId(services);
      const viewport = viewportId ? (services.cornerstoneViewportService?.getCornerstoneViewport(viewportId) ?? null) : null;
      bindElement(viewport?.element ?? null);
      listener(viewportId ? currentInstance(services, viewportId, viewport) : null);
      lastError = null;
    } catch (error) {
      // An odd viewport state must not break the viewer; say it once, not on every event.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) console.warn('[IQS] could not follow the active image:', message);
      lastError = message;
    }
  };

  const bindElement = (element: HTMLElement | null): void => {
    if (element === boundElement) return;
    for (const event of IMAGE_CHANGE_EVENTS) boundElement?.removeEventListener(event, update);
    boundElement = element;
    for (const event of IMAGE_CHANGE_EVENTS) boundElement?.addEventListener(event, update);
  };

  const subscriptions: Subscription[] = [];
  const grid = services.viewportGridService;
  for (const event of ['ACTIVE_VIEWPORT_ID_CHANGED', 'GRID_STATE_CHANGED', 'VIEWPORTS_READY', 'LAYOUT_CHANGED']) {
    const name = grid.EVENTS[event];
    if (name) subscriptions.push(grid.subscribe(name, update));
  }
  const cornerstone = services.cornerstoneViewportService;
  const dataChanged = cornerstone?.EVENTS['VIEWPORT_DATA_CHANGED'];
  if (cornerstone && dataChanged) subscriptions.push(cornerstone.subscribe(dataChanged, update));
  update();

  return () => {
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    bindElement(null);
  };
}
