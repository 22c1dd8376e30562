import { createStore } from 'zustand/vanilla';
import { type DicomDataset, extractImageFacts, type ImageFacts } from '@iqs/domain';

/**
 * What IQS knows about the image in the active viewport. Written by the viewer adapter (activeImageTracker),
 * read by the panel.
 */
export type ActiveImageState =
  | { readonly status: 'none' }
  | { readonly status: 'not-an-image'; readonly modality: string | null }
  | { readonly status: 'image'; readonly facts: ImageFacts };

export const activeImageStore = createStore<ActiveImageState>(() => ({ status: 'none' }));

/** Instances without pixel data (reports, key object selections) have no image facts to show. */
function isImage(instance: DicomDataset): boolean {
  return instance['Rows'] !== undefined || instance['NumberOfFrames'] !== undefined || instance['imageId'] !== undefined;
}

export function showInstance(instance: DicomDataset | null): void {
  if (instance === null) {
    activeImageStore.setState({ status: 'none' }, true);
    return;
  }
  const facts = extractImageFacts(instance);
  if (!isImage(instance)) {
    activeImageStore.setState({ status: 'not-an-image', modality: facts.modality }, true);
    return;
  }
  const previous = activeImageStore.getState();
  // The tracker reports often (every render event); only a different image is a change.
  if (previous.status === 'image' && previous.facts.sop_instance_uid === facts.sop_instance_uid && facts.sop_instance_uid !== null) return;
  activeImageStore.setState({ status: 'image', facts }, true);
}
