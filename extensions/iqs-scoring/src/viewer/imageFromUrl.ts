/**
 * The IQS mode opened at one image (the reject analysis's drill-down on the IQS page): the URL names it with OHIF's
 * own parameters, /iqs-evaluation?StudyInstanceUIDs=…&initialSeriesInstanceUID=…&initialSOPInstanceUID=…. OHIF's
 * hanging protocol puts the series in the viewport but starts at its first image (a retake is often in the same
 * series as the rejected image), so the image navigator goes to the image itself once the study has loaded.
 */
import { createImageNavigator, type ImageRef, ohifCornerstone } from './imageNavigator';
import { LAYOUT_TIMINGS, shownImageId } from './layoutReady';
import type { ExtensionManager, OhifServices } from './ohifTypes';

export const IMAGE_URL_PARAMS = { series: 'initialSeriesInstanceUID', sop: 'initialSOPInstanceUID' } as const;

/** The image the URL names, or null (no single study, series and instance named). */
export function imageFromSearch(search: string): ImageRef | null {
  const query = new URLSearchParams(search);
  const study = query.get('StudyInstanceUIDs') ?? query.get('StudyInstanceUID');
  const series = query.get(IMAGE_URL_PARAMS.series);
  const sop = query.get(IMAGE_URL_PARAMS.sop);
  if (!study || !series || !sop || study.includes(',') || series.includes(',') || sop.includes(',')) return null;
  return { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop };
}

/** how long the viewport keeps the image before it counts as shown for good */
const SETTLED_MS = LAYOUT_TIMINGS.settledMs;

/**
 * Shows the image the URL names, if any; the returned function stops. OHIF applies its hanging protocol once every
 * series of the study has arrived (the URL names a series), which would replace an image shown earlier: the navigator
 * waits for that layout (viewer/layoutReady.ts), and this goes to the image once more if it was moved away after all.
 */
export function showImageFromUrl(services: OhifServices, extensionManager: ExtensionManager | null, search: string): () => void {
  const image = imageFromSearch(search);
  if (!image) return () => undefined;
  const navigator = createImageNavigator(services, ohifCornerstone(extensionManager));
  let stopped = false;
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const onImage = (): boolean => {
    const id = shownImageId(services) ?? '';
    // wadors: …/instances/<uid>/frames/1; wadouri: …&objectUID=<uid>&…
    return (
      id.includes(`/instances/${image.sopInstanceUid}/`) ||
      new RegExp(`objectUID=${image.sopInstanceUid.replace(/\./g, '\\.')}(&|$)`).test(id)
    );
  };
  void (async () => {
    // the navigator waits for OHIF's layout (its hanging protocol) before it shows the image
    for (let attempt = 0; attempt < 2 && !stopped && !onImage(); attempt++) {
      await navigator.show(image);
      await pause(SETTLED_MS);
    }
  })().catch((error: unknown) => console.warn('[IQS] the image named in the URL could not be shown', error));
  return () => {
    stopped = true;
    navigator.dispose();
  };
}
