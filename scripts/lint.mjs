#!/usr/bin/env node
/**
 * `npm run lint`, and the first step of `npm test`: the static checks on the whole tree.
 *   - ESLint (eslint.config.js): JavaScript's and typescript-eslint's recommended rules, the rules of React hooks;
 *     warnings count as failures;
 *   - Prettier (.prettierrc.json): the layout (`npm run format` writes it);
 *   - dependency-cruiser (.dependency-cruiser.cjs): the architecture's import rules and no import circles.
 * Each runs, and the command fails when any of them does.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
/** every folder with code of ours */
const CODE_FOLDERS = ['packages', 'dev', 'backend', 'extensions', 'modes', 'platform', 'bench', 'test', 'scripts'];

const CHECKS = [
  { name: 'ESLint', command: bin('eslint'), args: ['--max-warnings', '0', '.'] },
  { name: 'Prettier', command: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'] },
  {
    name: 'import rules (dependency-cruiser)',
    command: bin('depcruise'),
    args: ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...CODE_FOLDERS],
  },
];

/** Runs every check; returns true when all pass. */
export function lint(log = console.log) {
  let ok = true;
  for (const check of CHECKS) {
    log(`${check.name}…`);
    const result = spawnSync(check.command, check.args, { stdio: 'inherit', cwd: root });
    if (result.error || result.status !== 0) {
      console.error(`${check.name} failed${result.error ? `: ${result.error.message}` : ''}`);
      ok = false;
    }
  }
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(lint() ? 0 : 1);
