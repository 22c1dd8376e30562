/**
 * Showing one sampled image in the viewer, wherever its study is: an evaluation's images come from many studies,
 * all loaded by the mode's URL; their display sets appear as the studies' metadata arrives. The navigator puts the
 * display set holding the instance into the active viewport at the instance's position, and loads the next image's
 * pixels ahead of time through OHIF's own cornerstone (so that "save and next" shows it at once).
 */
import { LAYOUT_TIMINGS, type LayoutTimings, whenLayoutReady } from './layoutReady';
import type { CornerstoneLibrary, DisplaySet, ExtensionManager, OhifServices, Subscription } from './ohifTypes';

export interface ImageRef {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
}

export class ImageNotFoundError extends Error {}

/** how long a viewport may take to hold the display set it was given */
const STACK_TIMEOUT_MS = 10_000;

export interface ImageNavigator {
  /** Shows the image in the active viewport; waits up to timeoutMs for its study to load. */
  show(image: ImageRef, options?: { timeoutMs?: number }): Promise<void>;
  /** Starts loading the image's pixels into cornerstone's cache; never fails loudly. */
  prefetch(image: ImageRef): void;
  dispose(): void;
}

interface Located {
  readonly displaySet: DisplaySet;
  readonly index: number;
  readonly imageId: string | null;
}

function locate(services: OhifServices, image: ImageRef): Located | null {
  for (const displaySet of services.displaySetService.getActiveDisplaySets()) {
    if (displaySet.SeriesInstanceUID !== undefined && displaySet.SeriesInstanceUID !== image.seriesInstanceUid) continue;
    const instances = displaySet.instances ?? [];
    const index = instances.findIndex((instance) => instance['SOPInstanceUID'] === image.sopInstanceUid);
    if (index < 0) continue;
    const imageId = instances[index]?.imageId ?? displaySet.imageIds?.[index] ?? null;
    return { displaySet, index, imageId };
  }
  return null;
}

function targetViewportId(services: OhifServices): string | null {
  const grid = services.viewportGridService;
  const active = grid.getActiveViewportId();
  if (active) return active;
  const [first] = grid.getState().viewports.keys();
  return first ?? null;
}

/** OHIF's cornerstone, when its extension is loaded; null otherwise (then nothing is prefetched). */
export function ohifCornerstone(extensionManager: ExtensionManager | null | undefined): CornerstoneLibrary | null {
  try {
    return (
      extensionManager?.getModuleEntry('@ohif/extension-cornerstone.utilityModule.common')?.exports?.getCornerstoneLibraries?.()
        .cornerstone ?? null
    );
  } catch {
    return null;
  }
}

export function createImageNavigator(
  services: OhifServices,
  cornerstone: CornerstoneLibrary | null,
  layoutTimings: LayoutTimings = LAYOUT_TIMINGS,
): ImageNavigator {
  const waiting = new Set<() => void>();
  let disposed = false;
  // the first image waits for OHIF's own layout (its hanging protocol would replace it); later ones need not
  let layoutReady: Promise<void> | null = null;
  const subscriptions: Subscription[] = [];
  const prefetched = new Set<string>();
  const notify = (): void => waiting.forEach((check) => check());
  const displaySets = services.displaySetService;
  for (const event of ['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']) {
    const name = displaySets.EVENTS[event];
    if (name) subscriptions.push(displaySets.subscribe(name, notify));
  }

  const whenLocated = (image: ImageRef, timeoutMs: number): Promise<Located> =>
    new Promise((resolve, reject) => {
      const found = locate(services, image);
      if (found) return resolve(found);
      const check = (): void => {
        const located = locate(services, image);
        if (!located) return;
        clearTimeout(timer);
        waiting.delete(check);
        resolve(located);
      };
      const timer = setTimeout(() => {
        waiting.delete(check);
        reject(
          new ImageNotFoundError(
            `image ${image.sopInstanceUid} of study ${image.studyInstanceUid} is not in the viewer (was the study loaded?)`,
          ),
        );
      }, timeoutMs);
      waiting.add(check);
    });

  /**
   * A viewport that already shows the display set keeps its stack as it is, so initialImageOptions does not move it
   * (a CT series sampled twice, or the series OHIF's hanging protocol put there first): once the viewport's stack
   * holds the image, go to it.
   */
  const atImage = async (viewportId: string, located: Located, image: ImageRef): Promise<void> => {
    const viewports = services.cornerstoneViewportService;
    if (!viewports || !located.imageId) return;
    const deadline = Date.now() + STACK_TIMEOUT_MS;
    for (;;) {
      const viewport = viewports.getCornerstoneViewport(viewportId);
      const at = viewport?.getImageIds?.().indexOf(located.imageId) ?? -1;
      if (viewport && at >= 0) {
        if (viewport.getCurrentImageIdIndex?.() !== at) await viewport.setImageIdIndex?.(at);
        return;
      }
      if (Date.now() > deadline)
        throw new ImageNotFoundError(`the viewport did not take image ${image.sopInstanceUid} within ${STACK_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return {
    async show(image, options = {}) {
      layoutReady ??= whenLayoutReady(services, layoutTimings, () => disposed);
      await layoutReady;
      if (disposed) return;
      const located = await whenLocated(image, options.timeoutMs ?? 30_000);
      const viewportId = targetViewportId(services);
      if (!viewportId) throw new ImageNotFoundError('the viewer has no viewport to show the image in');
      await services.viewportGridService.setDisplaySetsForViewports([
        {
          viewportId,
          displaySetInstanceUIDs: [located.displaySet.displaySetInstanceUID],
          viewportOptions: { initialImageOptions: { index: located.index, useOnce: true } },
        },
      ]);
      await atImage(viewportId, located, image);
    },

    prefetch(image) {
      if (!cornerstone) return;
      const located = locate(services, image);
      if (!located?.imageId || prefetched.has(located.imageId)) return;
      prefetched.add(located.imageId);
      cornerstone.imageLoader.loadAndCacheImage(located.imageId).catch((error: unknown) => {
        // a failed prefetch only costs the time saved; showing the image will try again and say what fails
        prefetched.delete(located.imageId as string);
        console.warn('[IQS] could not load the next image ahead:', error instanceof Error ? error.message : String(error));
      });
    },

    dispose() {
      disposed = true;
      subscriptions.forEach((subscription) => subscription.unsubscribe());
      waiting.clear();
    },
  };
}
