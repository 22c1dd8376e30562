/**
 * Where an evaluation opens, and so which study its viewer URL names. OHIF's route fetches the metadata of every
 * study the URL names before it applies its layout, so naming all sampled studies made a sample of 100 open far
 * slower than one of 5; the URL names only the study of the image the evaluation opens at, and the session loads
 * the others when it reaches them (one image ahead: viewer/studyLoader.ts).
 */
import type { WorklistItem } from '@iqs/domain';

type Item = Pick<WorklistItem, 'item_id' | 'state'>;

/** The item asked for, else the first image still to do, else the first (a finished evaluation). */
export function openingItem<T extends Item>(items: readonly T[], itemId?: string | null): T | null {
  return items.find((item) => item.item_id === itemId) ?? items.find((item) => item.state === 'to_do') ?? items[0] ?? null;
}

/** The studies the viewer URL of an evaluation names: the one of the image it opens at (none for an empty one). */
export function studiesToOpenWith(items: readonly (Item & Pick<WorklistItem, 'study_instance_uid'>)[], itemId?: string | null): string[] {
  const first = openingItem(items, itemId);
  return first ? [first.study_instance_uid] : [];
}
