import path from 'node:path';

/** Where things are in the repository; every tool resolves paths through here. */
export function repositoryPaths(root: string) {
  return {
    root,
    viewerPackageJson: path.join(root, 'platform/viewer/package.json'),
    /** the unmodified OHIF dist, fetched from npm (git-ignored) */
    ohifDir: path.join(root, 'platform/viewer/ohif'),
    ohifDist: path.join(root, 'platform/viewer/ohif/dist'),
    /** our built ES modules (git-ignored) */
    modulesDir: path.join(root, 'dist/iqs'),
    extensionEntry: path.join(root, 'extensions/iqs-scoring/src/index.ts'),
    modeEntry: path.join(root, 'modes/iqs-evaluation/src/index.ts'),
    lessonModeEntry: path.join(root, 'modes/iqs-evaluation/src/lessonModeEntry.ts'),
  };
}

export type RepositoryPaths = ReturnType<typeof repositoryPaths>;
