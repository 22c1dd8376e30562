/**
 * When the viewer's own layout is done, so that an image IQS puts in a viewport stays there. OHIF's route applies
 * its hanging protocol only once every study of the URL has its (required) series, and then fills the viewports
 * from the protocol, replacing whatever was shown before: an evaluation or a reject worklist names many studies,
 * and the display set of its first image is there long before the last study has answered. So IQS waits until the
 * protocol has been applied and the active viewport has kept the protocol's image for a moment.
 */
import type { CornerstoneViewport, OhifServices } from './ohifTypes';

export interface LayoutTimings {
  /** how long the viewer may take to apply its hanging protocol (then IQS goes on regardless) */
  readonly protocolTimeoutMs: number;
  /** how long the viewport may take to draw the protocol's image once it is applied */
  readonly stackTimeoutMs: number;
  /** how long the viewport keeps one image before the layout counts as done */
  readonly settledMs: number;
  readonly pollMs: number;
}

export const LAYOUT_TIMINGS: LayoutTimings = { protocolTimeoutMs: 120_000, stackTimeoutMs: 30_000, settledMs: 750, pollMs: 100 };

/** cornerstone3D's event on a viewport element after each render (Enums.Events.IMAGE_RENDERED) */
export const IMAGE_RENDERED_EVENT = 'CORNERSTONE_IMAGE_RENDERED';

/** The active viewport (or the first), as cornerstone keeps it. */
function activeViewport(services: OhifServices): CornerstoneViewport | null {
  const grid = services.viewportGridService;
  const id = grid.getActiveViewportId() ?? [...grid.getState().viewports.keys()][0] ?? null;
  if (!id) return null;
  return services.cornerstoneViewportService?.getCornerstoneViewport(id) ?? null;
}

/** The active viewport's current image id, when its stack has loaded. */
export function shownImageId(services: OhifServices): string | null {
  const viewport = activeViewport(services);
  return (viewport?.getImageIds?.().length ?? 0) > 0 ? (viewport?.getCurrentImageId?.() ?? null) : null;
}

/** The image the active viewport has loaded and put on screen (when the viewport says so), else null. */
function displayedImageId(services: OhifServices): string | null {
  try {
    return activeViewport(services)?.getCornerstoneImage?.()?.imageId ?? null;
  } catch {
    // a viewport being replaced may throw: not displayed yet
    return null;
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once the hanging protocol has been applied and the active viewport has drawn its image and kept it for
 * `settledMs` (or the time allowed has passed: IQS then goes on rather than wait for ever). A viewport given another
 * display set while it still loads the protocol's first image can stay black (seen under load), hence "drawn", not
 * only "holds a stack". Without a hanging protocol service (not OHIF's route) there is nothing to wait for.
 * `stopped` ends the wait early.
 */
export async function whenLayoutReady(
  services: OhifServices,
  timings: LayoutTimings = LAYOUT_TIMINGS,
  stopped: () => boolean = () => false,
): Promise<void> {
  const protocols = services.hangingProtocolService;
  if (!protocols) return;
  const protocolDeadline = Date.now() + timings.protocolTimeoutMs;
  while (!stopped() && protocols.getState() === undefined && Date.now() < protocolDeadline) await pause(timings.pollMs);
  // drawn: the viewport holds the image as displayed, or its element said it rendered it (the grid may replace the
  // element while it lays out); the render event alone would be missed by a wait that starts after the image was drawn
  let rendered: string | null = null;
  let watched: { element: HTMLElement; listener: () => void } | null = null;
  const watch = (): void => {
    const viewport = activeViewport(services);
    const element = viewport?.element ?? null;
    if (!element || watched?.element === element) return;
    if (watched) watched.element.removeEventListener(IMAGE_RENDERED_EVENT, watched.listener);
    const listener = (): void => {
      rendered = viewport?.getCurrentImageId?.() ?? null;
    };
    element.addEventListener(IMAGE_RENDERED_EVENT, listener);
    watched = { element, listener };
  };
  try {
    const stackDeadline = Date.now() + timings.stackTimeoutMs;
    let last: string | null = null;
    let since = Date.now();
    while (!stopped() && Date.now() < stackDeadline) {
      watch();
      const now = shownImageId(services);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (now !== null && (rendered === now || displayedImageId(services) === now) && Date.now() - since >= timings.settledMs)
        return;
      await pause(timings.pollMs);
    }
  } finally {
    const done = watched as { element: HTMLElement; listener: () => void } | null;
    done?.element.removeEventListener(IMAGE_RENDERED_EVENT, done.listener);
  }
}
