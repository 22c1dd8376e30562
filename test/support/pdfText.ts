/**
 * A PDF's pages as Mozilla's PDF.js reads them (pdfjs-dist, an extractor independent of the Chromium that printed
 * it): each page's size in points (its view box) and its text. PDF.js is an ES module for newer Node versions than
 * Jest's CommonJS transform handles, so it runs in a child Node process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface PdfPage {
  /** points (1/72 in): A4 is 595 × 842 */
  readonly width: number;
  readonly height: number;
  readonly text: string;
}

// (Promise.withResolvers is Node 22's; PDF.js may use it where the legacy build does not bring it, and IQS runs on Node 20)
const SCRIPT = `
import { readFileSync } from 'node:fs';
if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((a, b) => { resolve = a; reject = b; });
    return { promise, resolve, reject };
  };
}
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
const doc = await getDocument({ data: new Uint8Array(readFileSync(process.argv[1])), useSystemFonts: false, isEvalSupported: false }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n += 1) {
  const page = await doc.getPage(n);
  const [x0, y0, x1, y1] = page.view;
  const content = await page.getTextContent();
  pages.push({ width: x1 - x0, height: y1 - y0, text: content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\\n' : '') : '')).join(' ') });
}
process.stdout.write(JSON.stringify(pages));
`;

export async function pdfPages(file: string): Promise<PdfPage[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT, file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as PdfPage[];
}

/** text compared without its white space (PDF text runs split and join words their own way) */
export const squeeze = (text: string): string => text.replace(/\s+/gu, '');
