/**
 * The data folder is the owner's only: the folder and every folder in it 0700, every file 0600. PGlite (through
 * Emscripten's file system) creates its files 0666 whatever the process umask, so its files are fixed when the
 * stand-in starts, once the database is open and migrated, and when it closes; files PGlite makes while running sit
 * in folders no one else can enter.
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/** Creates `dir` (and its parents) if missing, then makes it and everything in it owner-only. */
export async function secureDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  await secureTree(dir);
}

async function secureTree(target: string): Promise<void> {
  let info;
  try {
    info = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // removed meanwhile (a PostgreSQL temp file)
    throw error;
  }
  if (info.isSymbolicLink()) return; // never follow a link out of the folder
  if (info.isDirectory()) {
    if ((info.mode & 0o777) !== OWNER_ONLY_DIR) await chmod(target, OWNER_ONLY_DIR);
    for (const name of await readdir(target)) await secureTree(path.join(target, name));
  } else if ((info.mode & 0o777 & ~OWNER_ONLY_FILE) !== 0) {
    await chmod(target, info.mode & OWNER_ONLY_FILE);
  }
}
