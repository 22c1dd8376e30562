/**
 * Before the browser tests: the viewer, our modules and the demo data, prepared once (what `npm start` does
 * before it serves). Each test file then starts its own IQS process with the environment it tests.
 */
import { ensureDemoData } from '@iqs/demo-department';
import { buildModules } from '../../platform/viewer/src/buildModules';
import { installOhif } from '../../platform/viewer/src/ohifDist';
import { repositoryPaths } from '../../platform/viewer/src/paths';
import { CHROMIUM_PATH } from './support/chromium';
import { existsSync } from 'node:fs';
import { DEMO_DIR, REPOSITORY_ROOT } from './support/repository';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}: run the tests with npm test, which installs Debian's chromium.`);
  const paths = repositoryPaths(REPOSITORY_ROOT);
  await installOhif(paths);
  await buildModules(paths);
  const generated = await ensureDemoData(DEMO_DIR);
  if (generated) console.log(`\nDemo data generated: ${generated.files} files in ${(generated.ms / 1000).toFixed(1)} s`);
}
