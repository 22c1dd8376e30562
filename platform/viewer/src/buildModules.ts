/**
 * Builds our extension and mode into ES modules that the prebuilt viewer imports at run time. Both entries are
 * built in one esbuild run with code splitting, so they share one chunk, and thus one copy of React, zustand
 * and the IQS stores. Nothing is external: the host shares no modules with plugins (see bridge/reactBridge.tsx).
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import type { RepositoryPaths } from './paths';

export const MODULE_ENTRY_FILES = { extension: 'extension.mjs', mode: 'mode.mjs', lessonMode: 'lesson-mode.mjs' } as const;

export async function buildModules(paths: RepositoryPaths, options: { minify?: boolean } = {}): Promise<void> {
  await rm(paths.modulesDir, { recursive: true, force: true });
  await build({
    // the lesson mode is a mode of its own (modes/iqs-evaluation/src/lessonMode.ts says why), sharing the chunk
    entryPoints: { extension: paths.extensionEntry, mode: paths.modeEntry, 'lesson-mode': paths.lessonModeEntry },
    outdir: paths.modulesDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    minify: options.minify ?? true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    legalComments: 'linked',
  });
}
