/** Small 2-D geometry helpers shared by the anatomy builders. Units are millimetres. */

export interface Point {
  x: number;
  y: number;
}

export const deg = (d: number): number => (d * Math.PI) / 180;

export const pt = (x: number, y: number): Point => ({ x, y });

export const translate = (points: readonly Point[], dx: number, dy: number): Point[] => points.map((p) => ({ x: p.x + dx, y: p.y + dy }));

/** Rotate points about (cx, cy) by `angle` radians (image coordinates: y down, so positive is clockwise on screen). */
export function rotate(points: readonly Point[], angle: number, cx = 0, cy = 0): Point[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return points.map((p) => ({ x: cx + (p.x - cx) * c - (p.y - cy) * s, y: cy + (p.x - cx) * s + (p.y - cy) * c }));
}

function at<T>(items: readonly T[], i: number): T {
  const n = items.length;
  return items[((i % n) + n) % n] as T;
}

/**
 * A smooth closed outline through the control points (centripetal-free uniform Catmull–Rom),
 * so that anatomy outlines can be written as a handful of landmarks.
 */
export function smoothClosed(control: readonly Point[], perSegment = 8): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < control.length; i++) {
    const p0 = at(control, i - 1);
    const p1 = at(control, i);
    const p2 = at(control, i + 1);
    const p3 = at(control, i + 2);
    for (let k = 0; k < perSegment; k++) out.push(catmullRom(p0, p1, p2, p3, k / perSegment));
  }
  return out;
}

/** A smooth open curve through the control points (end points repeated). */
export function smoothOpen(control: readonly Point[], perSegment = 8): Point[] {
  const out: Point[] = [];
  const n = control.length;
  for (let i = 0; i < n - 1; i++) {
    const p0 = control[Math.max(i - 1, 0)] as Point;
    const p1 = control[i] as Point;
    const p2 = control[i + 1] as Point;
    const p3 = control[Math.min(i + 2, n - 1)] as Point;
    for (let k = 0; k < perSegment; k++) out.push(catmullRom(p0, p1, p2, p3, k / perSegment));
  }
  out.push(control[n - 1] as Point);
  return out;
}

function catmullRom(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const t2 = t * t;
  const t3 = t2 * t;
  const f = (a: number, b: number, c: number, d: number): number =>
    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
  return { x: f(p0.x, p1.x, p2.x, p3.x), y: f(p0.y, p1.y, p2.y, p3.y) };
}

/** Points of a quadratic Bézier curve, for arcs such as ribs. */
export function bezier2(a: Point, control: Point, b: Point, steps: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    out.push({ x: u * u * a.x + 2 * u * t * control.x + t * t * b.x, y: u * u * a.y + 2 * u * t * control.y + t * t * b.y });
  }
  return out;
}

/** Even–odd point-in-polygon test, e.g. to keep lung vessels inside the lung. */
export function insidePolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i] as Point;
    const b = polygon[j] as Point;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
