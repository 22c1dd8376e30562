/**
 * What the index keeps of where a file came from: its path relative to the folder it was read from (the served
 * root, or the folder named to `iqs ingest`), never the full path: folder names often hold patient IDs or names.
 */
import path from 'node:path';

/**
 * The file's path under the first root that holds it, with '/' separators; a file under none of them is kept by its
 * name alone. Without roots the path is kept as given (callers that know no root: tools, tests).
 */
export function sourceRefOf(file: string, roots: readonly string[]): string {
  if (roots.length === 0) return file;
  const absolute = path.resolve(file);
  for (const root of roots) {
    const relative = path.relative(path.resolve(root), absolute);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return path.basename(absolute);
}
