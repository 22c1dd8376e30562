/**
 * The radiographer's lead side marker: a letter "L" or "R" in a plastic holder, placed on the
 * detector inside the collimated field. Lead stops the beam, so the letter comes out white.
 */
import type { Canvas } from './canvas';

// local aliases of Math: hot loops reach them faster than the global (markedly so in sandboxes like Jest's)
const { ceil, floor, max, min } = Math;

const GLYPHS: Record<'L' | 'R', readonly string[]> = {
  L: ['X....', 'X....', 'X....', 'X....', 'X....', 'X....', 'XXXXX'],
  R: ['XXXX.', 'X...X', 'X...X', 'XXXX.', 'X.X..', 'X..X.', 'X...X'],
};

const LEAD = 8; // Σμt of the lead letter: practically opaque
const HOLDER = 0.12; // the plastic holder shows faintly

export interface MarkerSpec {
  letter: 'L' | 'R';
  /** top-left corner of the holder, detector mm from the image centre */
  x: number;
  y: number;
  /** letter height, mm */
  height: number;
}

export function drawMarker(c: Canvas, m: MarkerSpec): void {
  const glyph = GLYPHS[m.letter];
  const cell = m.height / glyph.length;
  const pad = cell * 1.2;
  const holderW = 5 * cell + 2 * pad;
  const holderH = m.height + 2 * pad;
  addRect(c, m.x, m.y, holderW, holderH, HOLDER);
  glyph.forEach((line, row) => {
    for (let col = 0; col < line.length; col++) {
      if (line[col] === 'X') addRect(c, m.x + pad + col * cell, m.y + pad + row * cell, cell, cell, LEAD);
    }
  });
}

/** a rectangle fixed to the detector, with partial-pixel coverage at its edges */
function addRect(c: Canvas, x: number, y: number, w: number, h: number, value: number): void {
  const p0 = c.detectorToPixel(x, y);
  const p1 = c.detectorToPixel(x + w, y + h);
  const x0 = max(0, floor(p0.x));
  const x1 = min(c.columns - 1, ceil(p1.x));
  const y0 = max(0, floor(p0.y));
  const y1 = min(c.rows - 1, ceil(p1.y));
  for (let py = y0; py <= y1; py++) {
    const cy = min(py + 0.5, p1.y) - max(py - 0.5, p0.y);
    if (cy <= 0) continue;
    for (let px = x0; px <= x1; px++) {
      const cx = min(px + 0.5, p1.x) - max(px - 0.5, p0.x);
      if (cx <= 0) continue;
      const i = py * c.columns + px;
      c.attenuation[i] = c.attenuation[i]! + value * min(cx, 1) * min(cy, 1);
    }
  }
}
