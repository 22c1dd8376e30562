#!/usr/bin/env node
/**
 * The Debian packages the tests need that npm cannot install. Run as root with apt-get at hand, it installs the
 * missing ones; otherwise it says exactly what is missing and how to get it, and fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<major>/bin), or a path that does not exist. */
export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return process.env.IQS_PG_BINDIR ?? `${root}/${majors[0] ?? '15'}/bin`;
}

/** Each package, and the file that shows it is there. */
export const SYSTEM_PACKAGES = [
  { package: 'chromium', file: process.env.IQS_CHROMIUM ?? '/usr/bin/chromium', for: 'the browser tests (driven by playwright-core)' },
  {
    package: 'postgresql',
    file: `${postgresBinDir()}/initdb`,
    for: 'the database tests on PostgreSQL 15 (a temporary cluster on a loopback port)',
  },
  { package: 'orthanc', file: process.env.IQS_ORTHANC ?? '/usr/sbin/Orthanc', for: 'the harvest tests against a real PACS' },
  {
    package: 'orthanc-dicomweb',
    file: process.env.IQS_ORTHANC_DICOMWEB ?? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
    for: 'the DICOMweb plugin of that PACS',
  },
];

/** Needed by a benchmark only (npm run bench:ingest compares with pydicom), not by the tests. */
export const BENCHMARK_PACKAGES = [
  {
    package: 'python3-pydicom',
    file: '/usr/lib/python3/dist-packages/pydicom/__init__.py',
    for: 'npm run bench:ingest (the pydicom baseline)',
  },
];

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.error ? 1 : (result.status ?? 1);
}

/** Returns true when everything is there (after installing what was missing, if it could). */
export function ensureSystemPackages(log = console.log, packages = SYSTEM_PACKAGES) {
  const missing = packages.filter((p) => !existsSync(p.file));
  if (missing.length === 0) return true;
  const names = missing.map((p) => p.package);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    log(`Installing Debian packages the tests need: ${names.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], env) === 0) run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], env);
  }
  // the PostgreSQL version is known only after the install
  const stillMissing = packages.filter((p) => !existsSync(p.package === 'postgresql' ? `${postgresBinDir()}/initdb` : p.file));
  if (stillMissing.length === 0) return true;
  console.error('The tests cannot run: missing on this machine:');
  for (const p of stillMissing) console.error(`  - ${p.package} (${p.file}), for ${p.for}`);
  console.error(
    `Install with: sudo apt-get install ${stillMissing.map((p) => p.package).join(' ')}   (or set IQS_CHROMIUM / IQS_PG_BINDIR)`,
  );
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(ensureSystemPackages() ? 0 : 1);
