/**
 * Quality rejections seen so far in one run. The index applies a rejection note to its images in either order
 * (in the database); a dry run has no index, so its lines take the notes read earlier in the same run from here.
 * An image read before its note keeps `rejected: false` in a dry run's output; the note's line lists it in `rejects`.
 */
import { isQualityRejection } from '@iqs/domain';
import type { IngestLine } from './ingestLine';

export function createRejectionsInRun(): (line: IngestLine) => IngestLine {
  const rejected = new Set<string>();
  return (line) => {
    if ('error' in line) return line;
    if (line.rejection_note && isQualityRejection(line.rejection_code ?? null)) {
      for (const uid of line.rejects ?? []) rejected.add(uid);
      return line;
    }
    return line.object === 'image' && line.sop_instance_uid !== null && rejected.has(line.sop_instance_uid)
      ? { ...line, rejected: true }
      : line;
  };
}
