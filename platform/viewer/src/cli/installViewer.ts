/**
 * `npm install` runs this (postinstall): fetch the pinned prebuilt OHIF viewer once and make the compressed copies
 * of its files that the server sends (about half a minute of CPU on the first install; nothing when they are up to date).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOhif } from '../ohifDist';
import { repositoryPaths } from '../paths';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
installOhif(repositoryPaths(root)).catch((error: unknown) => {
  console.error(`Could not install the OHIF viewer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
