/**
 * The prebuilt OHIF viewer, unmodified: the dist folder of the pinned @ohif/app tarball from the npm registry.
 * The package itself cannot be installed as a dependency (3.13.2 depends on an @ohif/i18n version that was never
 * published), so the tarball is fetched with `npm pack` (npm's own registry settings and cache), checked against
 * the pinned integrity, and only its dist/ is unpacked, with Brotli and gzip copies of its files for the server.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RepositoryPaths } from './paths';
import { describePrecompress, precompressFolder } from './precompress';

const run = promisify(execFile);

interface OhifPin {
  readonly package: string;
  readonly version: string;
  readonly integrity: string;
}

export async function readOhifPin(paths: RepositoryPaths): Promise<OhifPin> {
  const manifest = JSON.parse(await readFile(paths.viewerPackageJson, 'utf8')) as { ohif?: OhifPin };
  if (!manifest.ohif) throw new Error(`${paths.viewerPackageJson} has no "ohif" pin`);
  return manifest.ohif;
}

const stampFile = (paths: RepositoryPaths): string => path.join(paths.ohifDir, 'installed.json');

/** True when the pinned version is unpacked already. */
export async function isOhifInstalled(paths: RepositoryPaths, pin: OhifPin): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(stampFile(paths), 'utf8')) as OhifPin;
    return stamp.version === pin.version && stamp.integrity === pin.integrity;
  } catch {
    return false;
  }
}

async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/**
 * The pinned viewer unpacked, and its compressed copies made (precompress.ts): at the first install, and again only
 * for files whose copies are missing or stale (an install interrupted while compressing, an older checkout).
 */
export async function installOhif(paths: RepositoryPaths, log: (line: string) => void = console.log): Promise<void> {
  await unpackOhif(paths, log);
  const report = await precompressFolder(paths.ohifDist);
  if (report.compressed) log(describePrecompress(report, path.relative(paths.root, paths.ohifDist)));
}

async function unpackOhif(paths: RepositoryPaths, log: (line: string) => void): Promise<void> {
  const pin = await readOhifPin(paths);
  if (await isOhifInstalled(paths, pin)) return;
  const spec = `${pin.package}@${pin.version}`;
  log(`Fetching the OHIF viewer ${spec} from the npm registry…`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'iqs-ohif-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { stdout } = await run(npm, ['pack', spec, '--json', '--pack-destination', work], { maxBuffer: 64 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (!packed) throw new Error(`npm pack ${spec} returned nothing`);
    const tarball = path.join(work, packed.filename);
    const integrity = `sha512-${await sha512Base64(tarball)}`;
    if (integrity !== pin.integrity) {
      throw new Error(`${spec} does not match its pinned integrity (got ${integrity}); refusing to serve it`);
    }
    await run('tar', ['-xzf', tarball, '-C', work, 'package/dist']);
    await rm(paths.ohifDir, { recursive: true, force: true });
    await mkdir(paths.ohifDir, { recursive: true });
    await rename(path.join(work, 'package/dist'), paths.ohifDist);
    await writeFile(stampFile(paths), JSON.stringify(pin, null, 2));
    log(`OHIF viewer ${pin.version} unpacked in ${path.relative(paths.root, paths.ohifDist)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
