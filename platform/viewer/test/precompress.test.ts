import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { MIN_PRECOMPRESS_BYTES, precompressFolder, variantPath } from '../src/precompress';

let dir: string;
const at = (relative: string): string => path.join(dir, relative);

function write(relative: string, contents: string | Buffer): void {
  mkdirSync(path.dirname(at(relative)), { recursive: true });
  writeFileSync(at(relative), contents);
}

/** Text that compresses as a bundle does: repeated code with some variety. */
const bundleText = (lines: number, seed = 'a'): string =>
  Array.from({ length: lines }, (_, i) => `export const ${seed}${i} = (value) => value * ${i} + ${i % 7};\n`).join('');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'iqs-precompress-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('precompressFolder', () => {
  it('writes Brotli and gzip copies of compressible files that decompress to the file, with the file’s time', async () => {
    write('app.bundle.js', bundleText(2000));
    write('sub/style.css', `.a{color:red}\n`.repeat(200));
    write('index.html', `<!doctype html>${'<div>OHIF</div>'.repeat(100)}`);
    write('codec.wasm', Buffer.concat([Buffer.from([0, 97, 115, 109]), Buffer.alloc(8000, 7)]));
    const report = await precompressFolder(dir);
    expect(report.compressed).toBe(4);
    for (const file of ['app.bundle.js', 'sub/style.css', 'index.html', 'codec.wasm']) {
      const original = readFileSync(at(file));
      const br = readFileSync(variantPath(at(file), 'br'));
      const gz = readFileSync(variantPath(at(file), 'gzip'));
      expect(zlib.brotliDecompressSync(br).equals(original)).toBe(true);
      expect(zlib.gunzipSync(gz).equals(original)).toBe(true);
      expect(br.length).toBeLessThan(original.length);
      expect(gz.length).toBeLessThan(original.length);
      for (const copy of [variantPath(at(file), 'br'), variantPath(at(file), 'gzip')])
        expect(Math.abs(statSync(copy).mtimeMs - statSync(at(file)).mtimeMs)).toBeLessThan(1);
    }
    // the report adds up what was written
    const sizeOf = (file: string): number => statSync(file).size;
    const files = ['app.bundle.js', 'sub/style.css', 'index.html', 'codec.wasm'].map(at);
    expect(report.inputBytes).toBe(files.reduce((sum, file) => sum + sizeOf(file), 0));
    expect(report.brotliBytes).toBe(files.reduce((sum, file) => sum + sizeOf(variantPath(file, 'br')), 0));
    expect(report.gzipBytes).toBe(files.reduce((sum, file) => sum + sizeOf(variantPath(file, 'gzip')), 0));
  });

  it('leaves out images, source maps and files too small to gain', async () => {
    write('logo.png', Buffer.alloc(5000, 1));
    write('app.js.map', bundleText(500));
    write('font.woff2', Buffer.alloc(5000, 2));
    write('tiny.js', 'x'.repeat(MIN_PRECOMPRESS_BYTES - 1));
    write('just-enough.js', 'x'.repeat(MIN_PRECOMPRESS_BYTES));
    const report = await precompressFolder(dir);
    expect(report.compressed).toBe(1);
    for (const file of ['logo.png', 'app.js.map', 'font.woff2', 'tiny.js'])
      expect({ file, br: existsSync(variantPath(at(file), 'br')), gz: existsSync(variantPath(at(file), 'gzip')) }).toEqual({
        file,
        br: false,
        gz: false,
      });
    expect(existsSync(variantPath(at('just-enough.js'), 'br'))).toBe(true);
  });

  it('skips files whose copies are up to date and redoes those whose file changed', async () => {
    write('a.js', bundleText(300, 'a'));
    write('b.js', bundleText(300, 'b'));
    await precompressFolder(dir);
    const again = await precompressFolder(dir);
    expect({ compressed: again.compressed, upToDate: again.upToDate }).toEqual({ compressed: 0, upToDate: 2 });

    // b.js rebuilt with other contents (and a time the copies do not carry)
    write('b.js', bundleText(400, 'c'));
    utimesSync(at('b.js'), new Date(), new Date(Date.now() + 5000));
    const third = await precompressFolder(dir);
    expect({ compressed: third.compressed, upToDate: third.upToDate }).toEqual({ compressed: 1, upToDate: 1 });
    expect(zlib.brotliDecompressSync(readFileSync(variantPath(at('b.js'), 'br'))).toString()).toBe(bundleText(400, 'c'));

    // a copy lost (an install interrupted) is made again, the other kept
    rmSync(variantPath(at('a.js'), 'gzip'));
    const brBefore = statSync(variantPath(at('a.js'), 'br')).ino;
    const fourth = await precompressFolder(dir);
    expect(fourth.compressed).toBe(1);
    expect(zlib.gunzipSync(readFileSync(variantPath(at('a.js'), 'gzip'))).toString()).toBe(bundleText(300, 'a'));
    expect(statSync(variantPath(at('a.js'), 'br')).ino).toBe(brBefore);
  });

  it('removes the copies of files that are gone', async () => {
    write('chunks/old-ABC.mjs', bundleText(300));
    write('chunks/kept.mjs', bundleText(300, 'k'));
    await precompressFolder(dir);
    rmSync(at('chunks/old-ABC.mjs'));
    const report = await precompressFolder(dir);
    expect(report.removed).toBe(2);
    expect(existsSync(variantPath(at('chunks/old-ABC.mjs'), 'br'))).toBe(false);
    expect(existsSync(variantPath(at('chunks/old-ABC.mjs'), 'gzip'))).toBe(false);
    expect(existsSync(variantPath(at('chunks/kept.mjs'), 'br'))).toBe(true);
  });
});
