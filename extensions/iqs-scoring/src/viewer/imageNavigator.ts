/**
 * Showing one sampled image in the viewer, wherever its study is: an evaluation's images come from many studies;
 * the mode's URL loads some (an evaluation's: the one it opens at), a study loader the others when they are needed;
 * their display sets appear as the studies' metadata arrives. The navigator puts the display set holding the
 * instance into the active viewport at the instance's position, and loads the next image's study and pixels ahead
 * of time through OHIF's own cornerstone (so that "save and next" shows it at once).
 */
import { IMAGE_RENDERED_EVENT, LAYOUT_TIMINGS, type LayoutTimings, whenLayoutReady } from './layoutReady';
import type { CornerstoneLibrary, CornerstoneViewport, DisplaySet, ExtensionManager, OhifServices, Subscription } from './ohifTypes';
import type { StudyLoader } from './studyLoader';

export interface ImageRef {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
}

export class ImageNotFoundError extends Error {}

/** how long a viewport may take to hold the display set it was given */
const STACK_TIMEOUT_MS = 10_000;
/** how long the quick way waits for the image to be drawn before OHIF's own bookkeeping goes on regardless */
const DRAWN_WAIT_MS = 300;
/** how long a study loaded ahead may take to give its display sets before the prefetch gives up */
const PREFETCH_TIMEOUT_MS = 60_000;

export interface ImageNavigator {
  /**
   * Shows the image in the active viewport; waits up to timeoutMs for its study to load. `onDrawn` is called once the
   * image is on screen, or else before OHIF's viewport grid is changed (what depends on the image shown follows then).
   */
  show(image: ImageRef, options?: { timeoutMs?: number; onDrawn?: () => void }): Promise<void>;
  /** Starts loading the image's study (when not loaded yet) and pixels into cornerstone's cache; never fails loudly. */
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

/** cornerstone3D's stack viewport, as far as the quick way uses it */
type StackViewport = CornerstoneViewport & { setStack?(imageIds: string[], index?: number): Promise<unknown> };

/** The image ids of a display set of single-frame images, in its order; null when that is not how OHIF stacks it. */
function stackOf(displaySet: DisplaySet): string[] | null {
  const instances = displaySet.instances ?? [];
  if (instances.length === 0 || instances.some((instance) => !instance.imageId || Number(instance['NumberOfFrames'] ?? 1) > 1)) return null;
  return instances.map((instance) => instance.imageId as string);
}

/** Resolves when the viewport has drawn this image (cornerstone's render event), or after `waitMs` regardless. */
function drawnOn(viewport: StackViewport, imageId: string, waitMs: number): Promise<void> {
  const element = viewport.element;
  if (!element) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      element.removeEventListener(IMAGE_RENDERED_EVENT, rendered);
      resolve();
    };
    const rendered = (): void => {
      if (viewport.getCurrentImageId?.() === imageId) done();
    };
    const timer = setTimeout(done, waitMs);
    element.addEventListener(IMAGE_RENDERED_EVENT, rendered);
  });
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
  /** loads a study the URL did not name; without it an image of such a study is waited for until timeoutMs */
  studies: StudyLoader | null = null,
): ImageNavigator {
  const waiting = new Set<() => void>();
  let disposed = false;
  // the first image waits for OHIF's own layout (its hanging protocol would replace it); later ones need not
  let layoutReady: Promise<void> | null = null;
  let layoutSettled = false;
  const subscriptions: Subscription[] = [];
  const prefetched = new Set<string>();
  const notify = (): void => waiting.forEach((check) => check());
  const displaySets = services.displaySetService;
  for (const event of ['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']) {
    const name = displaySets.EVENTS[event];
    if (name) subscriptions.push(displaySets.subscribe(name, notify));
  }

  /** the image's display set, once there; its study is asked for when it is not (loading fails: so does this) */
  const whenLocated = (image: ImageRef, timeoutMs: number): Promise<Located> =>
    new Promise((resolve, reject) => {
      const found = locate(services, image);
      if (found) return resolve(found);
      const stop = (): void => {
        clearTimeout(timer);
        waiting.delete(check);
      };
      const check = (): void => {
        const located = locate(services, image);
        if (!located) return;
        stop();
        resolve(located);
      };
      const timer = setTimeout(() => {
        stop();
        reject(
          new ImageNotFoundError(
            `image ${image.sopInstanceUid} of study ${image.studyInstanceUid} is not in the viewer (was the study loaded?)`,
          ),
        );
      }, timeoutMs);
      waiting.add(check);
      studies?.load(image.studyInstanceUid).then(check, (error: unknown) => {
        stop();
        reject(
          new ImageNotFoundError(
            `study ${image.studyInstanceUid} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      });
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

  /**
   * The quick way, once the layout is done: the image straight into the viewport's cornerstone stack (its pixels are
   * usually in cornerstone's cache already, see prefetch), and OHIF's grid told afterwards. Through the grid first,
   * the image would wait for a React render of the grid, the viewport's effect and every panel following the change
   * (about 100-200 ms on the demo). The grid then sets the same stack again, at the same image. False when it does
   * not apply (no stack viewport, a multi-frame image) or fails: then the grid does it all.
   */
  const drawAtOnce = async (viewportId: string, located: Located): Promise<boolean> => {
    const viewport = services.cornerstoneViewportService?.getCornerstoneViewport(viewportId) as StackViewport | null | undefined;
    const stack = stackOf(located.displaySet);
    if (!viewport?.setStack || !stack || !located.imageId || stack[located.index] !== located.imageId) return false;
    const drawn = drawnOn(viewport, located.imageId, DRAWN_WAIT_MS);
    try {
      await viewport.setStack(stack, located.index);
    } catch {
      return false;
    }
    await drawn;
    return true;
  };

  return {
    async show(image, options = {}) {
      const settledBefore = layoutSettled;
      layoutReady ??= whenLayoutReady(services, layoutTimings, () => disposed).then(() => {
        layoutSettled = true;
      });
      await layoutReady;
      if (disposed) return;
      const located = await whenLocated(image, options.timeoutMs ?? 30_000);
      const viewportId = targetViewportId(services);
      if (!viewportId) throw new ImageNotFoundError('the viewer has no viewport to show the image in');
      // not on the first image: OHIF's layout may still replace what is in the viewport
      if (settledBefore) await drawAtOnce(viewportId, located);
      options.onDrawn?.();
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
      const warn = (error: unknown): void => {
        // a failed prefetch only costs the time saved; showing the image will try again and say what fails
        if (!disposed) console.warn('[IQS] could not load the next image ahead:', error instanceof Error ? error.message : String(error));
      };
      const cache = (located: Located): void => {
        if (!cornerstone || !located.imageId || prefetched.has(located.imageId)) return;
        const imageId = located.imageId;
        prefetched.add(imageId);
        cornerstone.imageLoader.loadAndCacheImage(imageId).catch((error: unknown) => {
          prefetched.delete(imageId);
          warn(error);
        });
      };
      const located = locate(services, image);
      if (located) return cache(located);
      // its study first (metadata), then its pixels
      if (studies)
        whenLocated(image, PREFETCH_TIMEOUT_MS).then((found) => {
          if (!disposed) cache(found);
        }, warn);
    },

    dispose() {
      disposed = true;
      subscriptions.forEach((subscription) => subscription.unsubscribe());
      waiting.clear();
    },
  };
}
