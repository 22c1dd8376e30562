#!/usr/bin/env node
/**
 * `npm test`: first what the tests need that npm cannot install (Debian packages, installed with apt-get when
 * run as root, else a clear message of what is missing), then the type check, then every Jest test: unit and
 * component tests in parallel, the browser tests one file at a time.
 *
 * Extra arguments go to Jest (e.g. `npm test -- extensions/iqs-scoring`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Debian packages the tests need, by the file that shows each is there. */
export const SYSTEM_PACKAGES = [{ package: 'chromium', file: process.env.IQS_CHROMIUM ?? '/usr/bin/chromium', for: 'the browser tests (driven by playwright-core)' }];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((p) => !existsSync(p.file));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.package);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`Installing Debian packages the tests need: ${names.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env }) !== 0) {
      console.error(`apt-get could not install ${names.join(', ')}.`);
      process.exit(1);
    }
    const stillMissing = missing.filter((p) => !existsSync(p.file));
    if (stillMissing.length === 0) return;
  }
  console.error('The tests cannot run: missing on this machine:');
  for (const p of missing) console.error(`  - ${p.package} (${p.file}), for ${p.for}`);
  console.error(`Install with: sudo apt-get install ${names.join(' ')}   (or set IQS_CHROMIUM to a Chromium binary)`);
  process.exit(1);
}

ensureSystemPackages();

console.log('Type check (tsc --noEmit)…');
if (run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);

const extra = process.argv.slice(2);
// with a filter, one of the two runs may legitimately find nothing; without one, both must find tests
const filterFlags = extra.length > 0 ? ['--passWithNoTests'] : [];
const jest = bin('jest');
const fast = run(jest, ['--selectProjects', 'unit', 'component', ...filterFlags, ...extra]);
const browser = run(jest, ['--selectProjects', 'e2e', '--runInBand', ...filterFlags, ...extra]);
process.exit(fast === 0 && browser === 0 ? 0 : 1);
