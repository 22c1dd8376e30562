/**
 * Loading a study into the open viewer on demand. An evaluation's URL names only the study of the image it opens at
 * (OHIF's route would otherwise fetch every sampled study's metadata before it shows anything); the others are
 * fetched when the evaluation reaches them, or one image ahead. OHIF's data source puts the study's instances in its
 * metadata store, and the route's own subscription turns them into display sets, as it does for a study the study
 * browser opens (OHIF's requestDisplaySetCreationForStudy).
 */
import type { DisplaySetService, ExtensionManager } from './ohifTypes';

/** The part of an OHIF data source used here: retrieve.series.metadata loads every series of a study. */
export interface StudyDataSource {
  readonly retrieve: { readonly series: { metadata(query: { StudyInstanceUID: string }): Promise<unknown> } };
}

export interface StudyLoader {
  /** Resolves once the study's metadata is in the viewer (at once when it is there or was already asked for). */
  load(studyInstanceUid: string): Promise<void>;
}

/** OHIF's active data source, when the extension manager offers one; null otherwise (then nothing loads on demand). */
export function activeDataSource(extensionManager: ExtensionManager | null | undefined): StudyDataSource | null {
  try {
    const manager = extensionManager as unknown as { getActiveDataSource?: () => readonly StudyDataSource[] } | null | undefined;
    const [dataSource] = manager?.getActiveDataSource?.() ?? [];
    return typeof dataSource?.retrieve?.series?.metadata === 'function' ? dataSource : null;
  } catch {
    return null;
  }
}

/** The studies a viewer URL names (?StudyInstanceUIDs=a,b or ?StudyInstanceUID=a): OHIF's route loads those itself. */
export function studiesInUrl(search: string): string[] {
  const query = new URLSearchParams(search);
  return [...query.getAll('StudyInstanceUIDs'), ...query.getAll('StudyInstanceUID')]
    .flatMap((value) => value.split(','))
    .map((uid) => uid.trim())
    .filter(Boolean);
}

export function createStudyLoader(
  dataSource: StudyDataSource | null,
  displaySets: Pick<DisplaySetService, 'getActiveDisplaySets'>,
  loadedByRoute: readonly string[],
): StudyLoader {
  // asked for once per study: a second retrieve would add the study's instances to OHIF's store again
  const requested = new Map<string, Promise<void>>(loadedByRoute.map((uid) => [uid, Promise.resolve()]));
  return {
    load(studyInstanceUid) {
      const known = requested.get(studyInstanceUid);
      if (known) return known;
      if (!dataSource || displaySets.getActiveDisplaySets().some((set) => set.StudyInstanceUID === studyInstanceUid))
        return Promise.resolve();
      const loading = dataSource.retrieve.series
        .metadata({ StudyInstanceUID: studyInstanceUid })
        .then(() => undefined)
        .catch((error: unknown) => {
          // asked again next time: a network hiccup must not leave the study out for good
          requested.delete(studyInstanceUid);
          throw error;
        });
      requested.set(studyInstanceUid, loading);
      return loading;
    },
  };
}
