import { createStore, type StoreApi } from 'zustand/vanilla';
import { type DicomDataset, extractImageFacts } from '@iqs/domain';
import type { ActiveImageState } from '../ports';

/**
 * What IQS knows about the image in the active viewport (ports.ts ActiveImageState). Owned by the IQS service,
 * written from the viewer adapter (activeImageTracker), read by the panel.
 */
export type ActiveImageStore = StoreApi<ActiveImageState>;

export function createActiveImageStore(): ActiveImageStore {
  return createStore<ActiveImageState>(() => ({ status: 'none' }));
}

/** Instances without pixel data (reports, key object selections) have no image facts to show. */
function isImage(instance: DicomDataset): boolean {
  return instance['Rows'] !== undefined || instance['NumberOfFrames'] !== undefined || instance['imageId'] !== undefined;
}

/** Puts this instance's facts in the store (none for null). */
export function showInstance(activeImageStore: ActiveImageStore, instance: DicomDataset | null): void {
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
