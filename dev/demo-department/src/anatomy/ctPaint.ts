/**
 * A small painter for CT slices: shapes are filled with a Hounsfield value over what is
 * already there (tissues do not add up in a cross-section, they replace each other), with a
 * one-pixel soft edge so that boundaries look like partial-volume averaging.
 */
import type { Canvas } from './canvas';
import type { Point } from './geometry';

// local aliases of Math: hot loops reach them faster than the global (markedly so in sandboxes like Jest's)
const { abs, ceil, floor, hypot, max, min, sqrt } = Math;

export class SlicePainter {
  readonly hu: Float32Array;

  constructor(
    /** used for its patient → pixel mapping (pose, spacing) */
    readonly canvas: Canvas,
    background: number,
  ) {
    this.hu = new Float32Array(canvas.rows * canvas.columns).fill(background);
  }

  /** fill an ellipse; `squareness` 0..1 blends towards a rounded rectangle (body outlines) */
  ellipse(cx: number, cy: number, a: number, b: number, value: number, angle = 0, squareness = 0): void {
    const c = this.canvas;
    const centre = c.toPixel(cx, cy);
    const ap = c.pixels(a);
    const bp = c.pixels(b);
    if (ap < 0.3 || bp < 0.3) return;
    const theta = c.angle(angle);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const reach = max(ap, bp) * (squareness > 0 ? 1.42 : 1) + 1;
    const x0 = max(0, floor(centre.x - reach));
    const x1 = min(c.columns - 1, ceil(centre.x + reach));
    const y0 = max(0, floor(centre.y - reach));
    const y1 = min(c.rows - 1, ceil(centre.y + reach));
    const scale = min(ap, bp); // pixels per unit of normalised radius, near the edge
    const hu = this.hu;
    for (let y = y0; y <= y1; y++) {
      const dy = y - centre.y;
      let i = y * c.columns + x0;
      for (let x = x0; x <= x1; x++, i++) {
        const dx = x - centre.x;
        const u = abs(dx * cos + dy * sin) / ap;
        const v = abs(-dx * sin + dy * cos) / bp;
        const u2 = u * u;
        const v2 = v * v;
        const circular = sqrt(u2 + v2);
        const rho = squareness === 0 ? circular : (1 - squareness) * circular + squareness * sqrt(sqrt(u2 * u2 + v2 * v2));
        const cover = 0.5 - (rho - 1) * scale;
        if (cover <= 0) continue;
        hu[i] = cover >= 1 ? value : hu[i]! + (value - hu[i]!) * cover;
      }
    }
  }

  /** a thick line with rounded ends (vessels in the plane, scapular blades, the aortic arch) */
  capsule(a: Point, b: Point, radius: number, value: number): void {
    const c = this.canvas;
    const p = c.toPixel(a.x, a.y);
    const q = c.toPixel(b.x, b.y);
    const r = c.pixels(radius);
    const x0 = max(0, floor(min(p.x, q.x) - r - 1));
    const x1 = min(c.columns - 1, ceil(max(p.x, q.x) + r + 1));
    const y0 = max(0, floor(min(p.y, q.y) - r - 1));
    const y1 = min(c.rows - 1, ceil(max(p.y, q.y) + r + 1));
    const ex = q.x - p.x;
    const ey = q.y - p.y;
    const len2 = ex * ex + ey * ey || 1e-9;
    const hu = this.hu;
    for (let y = y0; y <= y1; y++) {
      let i = y * c.columns + x0;
      for (let x = x0; x <= x1; x++, i++) {
        let t = ((x - p.x) * ex + (y - p.y) * ey) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const d = hypot(x - p.x - t * ex, y - p.y - t * ey);
        const cover = 0.5 - (d - r);
        if (cover <= 0) continue;
        hu[i] = cover >= 1 ? value : hu[i]! + (value - hu[i]!) * cover;
      }
    }
  }

  /** a bone in cross-section: cortex round a cancellous core */
  bone(cx: number, cy: number, a: number, b: number, angle: number, cortex: number, cortical = 1000, cancellous = 260): void {
    this.ellipse(cx, cy, a, b, cortical, angle);
    if (a > cortex && b > cortex) this.ellipse(cx, cy, a - cortex, b - cortex, cancellous, angle);
  }

  /** replace values inside an ellipse that satisfy `where` (e.g. only lung), with a soft edge */
  ellipseWhere(cx: number, cy: number, a: number, b: number, value: number, where: (hu: number) => boolean, angle = 0): void {
    const c = this.canvas;
    const centre = c.toPixel(cx, cy);
    const ap = c.pixels(a);
    const bp = c.pixels(b);
    const theta = c.angle(angle);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const reach = max(ap, bp) + 1;
    const scale = min(ap, bp);
    const hu = this.hu;
    for (let y = max(0, floor(centre.y - reach)); y <= min(c.rows - 1, ceil(centre.y + reach)); y++) {
      for (let x = max(0, floor(centre.x - reach)); x <= min(c.columns - 1, ceil(centre.x + reach)); x++) {
        const i = y * c.columns + x;
        if (!where(hu[i]!)) continue;
        const dx = x - centre.x;
        const dy = y - centre.y;
        const u = (dx * cos + dy * sin) / ap;
        const v = (-dx * sin + dy * cos) / bp;
        const cover = 0.5 - (sqrt(u * u + v * v) - 1) * scale;
        if (cover <= 0) continue;
        hu[i] = cover >= 1 ? value : hu[i]! + (value - hu[i]!) * cover;
      }
    }
  }
}
