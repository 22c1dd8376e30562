import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Every regular file under `dir`, sorted, following symbolic links once. */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const seenDirs = new Set<string>();
  const walk = async (current: string): Promise<void> => {
    const real = await realpath(current);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(full);
      else if (entry.isSymbolicLink()) {
        const target = await stat(full).catch(() => undefined);
        if (target?.isDirectory()) await walk(full);
        else if (target?.isFile()) files.push(full);
      }
    }
  };
  await walk(dir);
  return files.sort();
}
