import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildModules } from '../src/buildModules';
import { repositoryPaths } from '../src/paths';
import { variantPath } from '../src/precompress';

let root: string;
let paths: ReturnType<typeof repositoryPaths>;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A shared module large enough to be worth compressing, imported by all three entries. */
const shared = (variant: string): string =>
  Array.from({ length: 200 }, (_, i) => `export const label${i} = (n: number): string => '${variant} ' + n * ${i};`).join('\n');

const filesOf = (dir: string): Map<string, number> =>
  new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), statSync(file).mtimeMs] as const;
      }),
  );

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'iqs-build-'));
  paths = repositoryPaths(root);
  write(path.join(root, 'shared.ts'), shared('first'));
  const entry = (name: string): string =>
    `import * as shared from '${path.join(root, 'shared.ts')}';\nexport default { name: '${name}', labels: Object.values(shared).map((f) => f(1)) };\n`;
  write(paths.extensionEntry, entry('extension'));
  write(paths.modeEntry, entry('mode'));
  write(paths.lessonModeEntry, entry('lesson'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildModules', () => {
  it('builds the entries and a shared chunk, with compressed copies of the chunk', async () => {
    await buildModules(paths, { minify: false });
    const files = [...filesOf(paths.modulesDir).keys()];
    expect(files).toEqual(expect.arrayContaining(['extension.mjs', 'mode.mjs', 'lesson-mode.mjs']));
    const chunk = files.find((file) => /^chunks\/.*\.mjs$/u.test(file));
    expect(chunk).toBeDefined();
    expect(existsSync(variantPath(path.join(paths.modulesDir, chunk ?? ''), 'br'))).toBe(true);
    expect(existsSync(variantPath(path.join(paths.modulesDir, chunk ?? ''), 'gzip'))).toBe(true);
  });

  it('leaves unchanged files (and so their copies) untouched when built again', async () => {
    const before = filesOf(paths.modulesDir);
    await buildModules(paths, { minify: false });
    expect(filesOf(paths.modulesDir)).toEqual(before);
  });

  it('replaces a changed chunk and removes the earlier one with its copies', async () => {
    const before = filesOf(paths.modulesDir);
    const oldChunk = [...before.keys()].find((file) => /^chunks\/.*\.mjs$/u.test(file)) ?? '';
    write(path.join(root, 'shared.ts'), shared('second'));
    await buildModules(paths, { minify: false });
    const after = filesOf(paths.modulesDir);
    const newChunk = [...after.keys()].find((file) => /^chunks\/.*\.mjs$/u.test(file)) ?? '';
    expect(newChunk).not.toBe(oldChunk);
    for (const gone of [oldChunk, `${oldChunk}.br`, `${oldChunk}.gz`, `${oldChunk}.map`]) expect(after.has(gone)).toBe(false);
    expect(after.has(`${newChunk}.br`)).toBe(true);
    // nothing half written is left behind
    expect([...after.keys()].filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});
