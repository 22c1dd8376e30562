/**
 * Builds our extension and mode into ES modules that the prebuilt viewer imports at run time. Both entries are
 * built in one esbuild run with code splitting, so they share one chunk, and thus one copy of React, zustand
 * and the IQS stores. Nothing is external: the host shares no modules with plugins (see bridge/reactBridge.tsx).
 */
import { build, type OutputFile } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describePrecompress, precompressFolder } from './precompress';
import type { RepositoryPaths } from './paths';

export const MODULE_ENTRY_FILES = { extension: 'extension.mjs', mode: 'mode.mjs', lessonMode: 'lesson-mode.mjs' } as const;

/** Whether a file already holds exactly these bytes. */
async function holds(file: string, contents: Uint8Array): Promise<boolean> {
  try {
    return Buffer.from(contents).equals(await readFile(file));
  } catch {
    return false;
  }
}

/**
 * The build's files into the folder: only those that changed are written (a new name, then renamed), and files of
 * earlier builds are removed. Unchanged files keep their time, so their compressed copies stay valid, and a server
 * running meanwhile (a browser test beside `npm start`) never finds a module missing or half written.
 */
async function writeChanged(dir: string, outputs: readonly OutputFile[]): Promise<void> {
  const wanted = new Set(outputs.map((output) => output.path));
  for (const output of outputs) {
    if (await holds(output.path, output.contents)) continue;
    await mkdir(path.dirname(output.path), { recursive: true });
    const temporary = `${output.path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, output.contents);
    await rename(temporary, output.path);
  }
  const existing = await readdir(dir, { recursive: true, withFileTypes: true }).then(
    (entries) => entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)),
    () => [],
  );
  // compressed copies are the precompression's to remove (with their files gone, it does); .tmp files are being
  // written by a build running beside this one
  for (const file of existing) if (!wanted.has(file) && !/\.(br|gz|tmp)$/u.test(file)) await rm(file, { force: true });
}

export async function buildModules(
  paths: RepositoryPaths,
  options: { minify?: boolean; log?: (line: string) => void } = {},
): Promise<void> {
  const result = await build({
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
    write: false,
  });
  await writeChanged(paths.modulesDir, result.outputFiles);
  const report = await precompressFolder(paths.modulesDir);
  if (report.compressed) options.log?.(describePrecompress(report, path.relative(paths.root, paths.modulesDir)));
}
