/**
 * When the viewer's own layout is done, so that an image IQS puts in a viewport stays there. OHIF's route applies
 * its hanging protocol only once every study of the URL has its (required) series, and then fills the viewports
 * from the protocol, replacing whatever was shown before: an evaluation or a reject worklist names many studies,
 * and the display set of its first image is there long before the last study has answered. So IQS waits until the
 * protocol has been applied and the active viewport has kept the protocol's image for a moment.
 */
import type { OhifServices } from './ohifTypes';

export interface LayoutTimings {
  /** how long the viewer may take to apply its hanging protocol (then IQS goes on regardless) */
  readonly protocolTimeoutMs: number;
  /** how long the viewport may take to hold the protocol's images once it is applied */
  readonly stackTimeoutMs: number;
  /** how long the viewport keeps one image before the layout counts as done */
  readonly settledMs: number;
  readonly pollMs: number;
}

export const LAYOUT_TIMINGS: LayoutTimings = { protocolTimeoutMs: 120_000, stackTimeoutMs: 10_000, settledMs: 750, pollMs: 100 };

/** The active viewport's current image id, when its stack has loaded. */
export function shownImageId(services: OhifServices): string | null {
  const grid = services.viewportGridService;
  const id = grid.getActiveViewportId() ?? [...grid.getState().viewports.keys()][0] ?? null;
  if (!id) return null;
  const viewport = services.cornerstoneViewportService?.getCornerstoneViewport(id);
  return (viewport?.getImageIds?.().length ?? 0) > 0 ? (viewport?.getCurrentImageId?.() ?? null) : null;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once the hanging protocol has been applied and the active viewport has shown the same image for
 * `settledMs` (or the time allowed has passed: IQS then goes on rather than wait for ever). Without a hanging protocol
 * service (not OHIF's route) there is nothing to wait for. `stopped` ends the wait early.
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
  const stackDeadline = Date.now() + timings.stackTimeoutMs;
  let last: string | null = null;
  let since = Date.now();
  while (!stopped() && Date.now() < stackDeadline) {
    const now = shownImageId(services);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (now !== null && Date.now() - since >= timings.settledMs) return;
    await pause(timings.pollMs);
  }
}
