/** `npm run build`: fetch the viewer if needed and build the IQS modules into dist/iqs, with their compressed copies. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModules } from '../buildModules';
import { installOhif } from '../ohifDist';
import { repositoryPaths } from '../paths';

const paths = repositoryPaths(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..'));
installOhif(paths)
  .then(() => buildModules(paths, { log: console.log }))
  .then(() => console.log(`IQS modules built in ${path.relative(paths.root, paths.modulesDir)}`))
  .catch((error: unknown) => {
    console.error(`Build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
