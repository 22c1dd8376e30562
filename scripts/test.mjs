#!/usr/bin/env node
/**
 * `npm test`: first the static checks (ESLint, Prettier, the import rules: scripts/lint.mjs), then what the tests
 * need that npm cannot install (scripts/systemPackages.mjs), then the type check, then every Jest test: unit,
 * component and database tests in parallel, the browser tests one file at a time (each starts its own IQS and
 * Chromium; two cores do not run several of those well).
 *
 * Extra arguments go to Jest (e.g. `npm test -- extensions/iqs-scoring`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint } from './lint.mjs';
import { ensureSystemPackages } from './systemPackages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

// first the static checks: ESLint, Prettier, the architecture's import rules (scripts/lint.mjs)
if (!lint()) process.exit(1);

if (!ensureSystemPackages()) process.exit(1);

console.log('Type check (tsc --noEmit)…');
if (run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);

const extra = process.argv.slice(2);
// with a filter, one of the two runs may find nothing; without one, both must find tests
const filterFlags = extra.length > 0 ? ['--passWithNoTests'] : [];
const fast = run(bin('jest'), ['--selectProjects', 'unit', 'component', 'db', ...filterFlags, ...extra]);
const browser = run(bin('jest'), ['--selectProjects', 'e2e', '--runInBand', ...filterFlags, ...extra]);
process.exit(fast === 0 && browser === 0 ? 0 : 1);
