/**
 * Analytic X-ray primitives. Each adds μ·t (linear attenuation per mm × projected thickness in mm)
 * to the canvas, looping only over its own bounding box. Bony primitives are an outer shape of
 * cortical bone minus an inner (medullary) shape of lower attenuation: the beam runs tangentially
 * through the cortex at the edges, which gives bones their bright rim.
 *
 * Shapes drawn inside `union()` are merged by maximum thickness instead of adding up, so that
 * a bone built from several shapes (femoral head + neck, a vessel tree) has no bright seams.
 *
 * Typed-array reads use `!`: every index is inside the buffer by construction of the loops.
 */
import type { Canvas } from './canvas';
import type { Point } from './geometry';

// local aliases of Math: hot loops reach them faster than the global (markedly so in sandboxes like Jest's)
const { abs, ceil, floor, max, min, sqrt } = Math;

export interface BoneMaterial {
  /** cortical thickness, mm */
  cortex: number;
  /** per mm */
  muCortex: number;
  muMarrow: number;
}

/** Soft tissue (positive μ) or air displacing tissue (negative μ = μ_air − μ_tissue). */
interface Material {
  mu?: number;
  bone?: BoneMaterial;
  /** depth towards the tube, mm: moves with patient rotation (yaw) */
  z?: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function clipBox(c: Canvas, x0: number, y0: number, x1: number, y1: number): Box | undefined {
  const box = {
    x0: max(0, floor(x0)),
    y0: max(0, floor(y0)),
    x1: min(c.columns - 1, ceil(x1)),
    y1: min(c.rows - 1, ceil(y1)),
  };
  return box.x0 > box.x1 || box.y0 > box.y1 ? undefined : box;
}

/** the material of the union being drawn on a canvas, which overrides its shapes' own */
const unionMaterials = new WeakMap<Canvas, Material>();

function materialFor(c: Canvas, s: Material): ReturnType<typeof materialOf> {
  return materialOf(unionMaterials.get(c) ?? s);
}

function materialOf(m: Material): { muOuter: number; muInnerDelta: number; muMarrow: number; cortex: number; bony: boolean } {
  if (m.bone) {
    return {
      muOuter: m.bone.muCortex,
      muInnerDelta: m.bone.muCortex - m.bone.muMarrow,
      muMarrow: m.bone.muMarrow,
      cortex: m.bone.cortex,
      bony: true,
    };
  }
  return { muOuter: m.mu ?? 0, muInnerDelta: 0, muMarrow: 0, cortex: 0, bony: false };
}

type ResolvedMaterial = ReturnType<typeof materialOf>;

/** Where one shape's pixels go: straight into the attenuation, or into the union being built. */
interface Targets {
  readonly inUnion: boolean;
  readonly att: Float32Array;
  readonly marrow: Float32Array;
  readonly outer: Float32Array;
  readonly inner: Float32Array;
  readonly touched: Int32Array;
}

function targetsOf(c: Canvas): Targets {
  return { inUnion: c.inUnion, att: c.attenuation, marrow: c.marrow, outer: c.scratch(0), inner: c.scratch(1), touched: c.touched() };
}

/**
 * One pixel of a shape: outer thickness `to` and inner (medullary) thickness `ti`. Inside a union only the thickest
 * contribution per pixel counts, so overlapping parts of one bone do not add up into bright seams; outside, it adds
 * to the attenuation at once. Returns the union's new count of touched pixels.
 */
function deposit(t: Targets, m: ResolvedMaterial, i: number, to: number, ti: number, count: number): number {
  if (t.inUnion) {
    const prev = t.outer[i]!;
    if (to > prev) {
      if (prev === 0) t.touched[count++] = i;
      t.outer[i] = to;
    }
    if (ti > t.inner[i]!) t.inner[i] = ti;
  } else {
    t.att[i] = t.att[i]! + m.muOuter * to - m.muInnerDelta * ti;
    if (ti > 0) t.marrow[i] = t.marrow[i]! + m.muMarrow * ti;
  }
  return count;
}

export interface EllipsoidSpec extends Material {
  x: number;
  y: number;
  /** semi-axes in the image plane, mm */
  a: number;
  b: number;
  /** full thickness through the centre (2c), mm */
  depth: number;
  /** rotation of the a-axis from the image x-axis, radians */
  angle?: number;
}

/** Ellipsoid: projected thickness 2c·sqrt(1 − (u/a)² − (v/b)²). */
export function ellipsoid(c: Canvas, s: EllipsoidSpec): void {
  const m = materialFor(c, s);
  const centre = c.toPixel(s.x, s.y, s.z);
  const theta = c.angle(s.angle ?? 0);
  const a = c.pixels(s.a);
  const b = c.pixels(s.b);
  const depth = c.thickness(s.depth);
  const cortexPx = c.pixels(m.cortex);
  const ai = a - cortexPx;
  const bi = b - cortexPx;
  const depthInner = m.bony && ai > 0 && bi > 0 ? depth - 2 * c.thickness(m.cortex) : 0;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const hx = sqrt((a * cos) ** 2 + (b * sin) ** 2);
  const hy = sqrt((a * sin) ** 2 + (b * cos) ** 2);
  const box = clipBox(c, centre.x - hx, centre.y - hy, centre.x + hx, centre.y + hy);
  if (!box) return;
  const ia2 = 1 / (a * a);
  const ib2 = 1 / (b * b);
  const iai2 = depthInner > 0 ? 1 / (ai * ai) : 0;
  const ibi2 = depthInner > 0 ? 1 / (bi * bi) : 0;
  const t = targetsOf(c);
  let count = c.touchedCount;
  for (let y = box.y0; y <= box.y1; y++) {
    const dy = y - centre.y;
    let i = y * c.columns + box.x0;
    for (let x = box.x0; x <= box.x1; x++, i++) {
      const dx = x - centre.x;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const r2 = u * u * ia2 + v * v * ib2;
      if (r2 >= 1) continue;
      const to = depth * sqrt(1 - r2);
      let ti = 0;
      if (depthInner > 0) {
        const r2i = u * u * iai2 + v * v * ibi2;
        if (r2i < 1) ti = depthInner * sqrt(1 - r2i);
      }
      count = deposit(t, m, i, to, ti, count);
    }
  }
  c.touchedCount = count;
}

export interface TubePoint {
  x: number;
  y: number;
  /** radius, mm */
  r: number;
}

export interface TubeSpec extends Material {
  /** centre line with a radius at each vertex (linearly interpolated); ends are rounded */
  path: readonly TubePoint[];
}

export interface TubesSpec extends Material {
  /** several centre lines of one material, merged as one structure (a vessel tree) */
  paths: readonly (readonly TubePoint[])[];
}

/**
 * A tube along a polyline (ribs, clavicles, long bones, vessels): thickness 2·sqrt(r² − d²),
 * d the distance to the centre line. Segments are merged by taking the maximum thickness,
 * so joints do not double up.
 */
export function tube(c: Canvas, s: TubeSpec): void {
  tubes(c, { ...s, paths: [s.path] });
}

/** Several tubes merged by maximum thickness, so branch points do not show as bright knots. */
export function tubes(c: Canvas, s: TubesSpec): void {
  const m = materialFor(c, s);
  const outer = c.scratch(0);
  const inner = c.scratch(1);
  const touched = c.touched();
  let count = c.touchedCount;
  const cortexPx = c.pixels(m.cortex);
  const cols = c.columns;
  // inside a union the inner (medullary) part is always traced: the union's material decides
  const bony = m.bony;
  const mm = c.spacing; // thickness is measured in pixels of the (already scaled) image
  for (const path of s.paths) {
    const pts = path.map((p) => ({ ...c.toPixel(p.x, p.y, s.z), r: c.pixels(p.r) }));
    if (pts.length === 0) continue;
    if (pts.length === 1) pts.push({ ...(pts[0] as (typeof pts)[number]) });
    for (let k = 0; k + 1 < pts.length; k++) {
      const p = pts[k]!;
      const q = pts[k + 1]!;
      const rMax = max(p.r, q.r);
      const box = clipBox(c, min(p.x, q.x) - rMax, min(p.y, q.y) - rMax, max(p.x, q.x) + rMax, max(p.y, q.y) + rMax);
      if (!box) continue;
      const px0 = p.x;
      const py0 = p.y;
      const r0 = p.r;
      const dr = q.r - p.r;
      const ex = q.x - px0;
      const ey = q.y - py0;
      const invLen2 = 1 / (ex * ex + ey * ey || 1e-9);
      // per row, only the columns within rMax of the segment's line can be inside
      const slope = abs(ey) > 1e-6 ? ex / ey : 0;
      const rowReach = abs(ey) > 1e-6 ? rMax * sqrt(1 + slope * slope) : Infinity;
      for (let y = box.y0; y <= box.y1; y++) {
        let xa = box.x0;
        let xb = box.x1;
        if (rowReach !== Infinity) {
          // the segment's line crosses this row at xl; clamp the row span to the segment's extent
          const ty = min(max((y - py0) / ey, 0), 1);
          const xl = px0 + slope * (y - py0);
          const xc = px0 + ex * ty;
          const lo = min(xl, xc) - rowReach;
          const hi = max(xl, xc) + rowReach;
          if (lo > xa) xa = floor(lo);
          if (hi < xb) xb = ceil(hi);
        }
        const wy = y - py0;
        let i = y * cols + xa;
        for (let x = xa; x <= xb; x++, i++) {
          const wx = x - px0;
          let t = (wx * ex + wy * ey) * invLen2;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const dx = wx - t * ex;
          const dy = wy - t * ey;
          const d2 = dx * dx + dy * dy;
          const r = r0 + dr * t;
          const r2 = r * r;
          if (d2 >= r2) continue;
          const to = 2 * mm * sqrt(r2 - d2);
          const prev = outer[i]!;
          if (to > prev) {
            if (prev === 0) touched[count++] = i;
            outer[i] = to;
          }
          if (bony) {
            const ri = r - cortexPx;
            if (ri > 0 && d2 < ri * ri) {
              const ti = 2 * mm * sqrt(ri * ri - d2);
              if (ti > inner[i]!) inner[i] = ti;
            }
          }
        }
      }
    }
  }
  c.touchedCount = count;
  if (!c.inUnion) flush(c, m);
}

/** turn the merged outer/inner thicknesses (mm) in the scratch buffers into attenuation, and clear them */
function flush(c: Canvas, m: ReturnType<typeof materialOf>): void {
  const outer = c.scratch(0);
  const inner = c.scratch(1);
  const att = c.attenuation;
  const marrow = c.marrow;
  const touched = c.touched();
  for (let k = 0; k < c.touchedCount; k++) {
    const i = touched[k]!;
    const to = outer[i]!;
    const ti = inner[i]!;
    att[i] = att[i]! + m.muOuter * to - m.muInnerDelta * ti;
    if (ti > 0) marrow[i] = marrow[i]! + m.muMarrow * ti;
    outer[i] = 0;
    inner[i] = 0;
  }
  c.touchedCount = 0;
}

/**
 * Draws several shapes as one structure of one material: where they overlap the thickness is
 * the larger one, not the sum. The union's material replaces the shapes' own.
 */
export function union(c: Canvas, material: Material, draw: () => void): void {
  if (c.inUnion) throw new Error('unions do not nest');
  c.inUnion = true;
  unionMaterials.set(c, material);
  try {
    draw();
  } finally {
    c.inUnion = false;
    unionMaterials.delete(c);
    flush(c, materialOf(material));
  }
}

export interface SlabSpec extends Material {
  /** closed outline, mm */
  outline: readonly Point[];
  /** closed outlines of holes (the obturator foramen, the orbits' rims...) */
  holes?: readonly (readonly Point[])[];
  /** full thickness in the middle, mm */
  depth: number;
  /** how far in from the outline the thickness reaches `depth` (radius of the rounded edge), mm */
  edge: number;
  /** optional linear change of depth: `depthFrom` at `from`, `depth` at `to` and beyond (a flaring bone end) */
  taper?: { from: Point; to: Point; depthFrom: number };
}

/**
 * A flat shape with rounded edges (lungs, heart, iliac wings, vertebrae...): the outline is filled,
 * a chamfer distance transform gives each pixel's distance d to the edge, and the thickness is
 * depth·sqrt(1 − (1 − d/edge)²): an elliptic edge profile that flattens out inside.
 */
export function slab(c: Canvas, s: SlabSpec): void {
  const m = materialFor(c, s);
  const rings = [s.outline, ...(s.holes ?? [])].map((ring) => ring.map((p) => c.toPixel(p.x, p.y, s.z)));
  const pts = rings[0] ?? [];
  if (pts.length < 3) return;
  const edgePx = max(c.pixels(s.edge), 0.5);
  const cortexPx = c.pixels(m.cortex);
  const depth = c.thickness(s.depth);
  const depthInner = m.bony ? max(depth - 2 * c.thickness(m.cortex), 0) : 0;
  const innerEdgePx = max(edgePx - cortexPx, 0.5);

  // work region: the outline's box, limited to the image plus the edge width (beyond that the
  // profile is flat, so a false edge there cannot show)
  const margin = ceil(edgePx) + 2;
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -Infinity;
  let by1 = -Infinity;
  for (const p of pts) {
    bx0 = min(bx0, p.x);
    by0 = min(by0, p.y);
    bx1 = max(bx1, p.x);
    by1 = max(by1, p.y);
  }
  const x0 = max(floor(bx0) - 1, -margin);
  const y0 = max(floor(by0) - 1, -margin);
  const x1 = min(ceil(bx1) + 1, c.columns - 1 + margin);
  const y1 = min(ceil(by1) + 1, c.rows - 1 + margin);
  if (x0 > x1 || y0 > y1) return;
  if (x1 < 0 || y1 < 0 || x0 > c.columns - 1 || y0 > c.rows - 1) return;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const dist = new Float32Array(w * h);

  // scanline fill (even–odd) at pixel centres
  const BIG = 1e9;
  const xs: number[] = [];
  for (let y = y0; y <= y1; y++) {
    xs.length = 0;
    for (const ring of rings) {
      for (let k = 0; k < ring.length; k++) {
        const p = ring[k]!;
        const q = ring[(k + 1) % ring.length]!;
        if ((p.y <= y && q.y > y) || (q.y <= y && p.y > y)) xs.push(p.x + ((y - p.y) * (q.x - p.x)) / (q.y - p.y));
      }
    }
    xs.sort((a, b) => a - b);
    const row = (y - y0) * w;
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const xa = max(ceil(xs[k]!), x0);
      const xb = min(floor(xs[k + 1]!), x1);
      for (let x = xa; x <= xb; x++) dist[row + x - x0] = BIG;
    }
  }
  distanceInside(dist, w, h, x0, y0, rings);

  const t = targetsOf(c);
  let count = c.touchedCount;
  // taper: position along from→to as 0..1 via a dot product with a pre-scaled direction
  let taper: { x: number; y: number; dx: number; dy: number; ratio: number } | undefined;
  if (s.taper) {
    const a = c.toPixel(s.taper.from.x, s.taper.from.y, s.z);
    const b = c.toPixel(s.taper.to.x, s.taper.to.y, s.z);
    const len2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2 || 1;
    taper = { x: a.x, y: a.y, dx: (b.x - a.x) / len2, dy: (b.y - a.y) / len2, ratio: s.taper.depthFrom / s.depth };
  }
  const iy0 = max(y0, 0);
  const iy1 = min(y1, c.rows - 1);
  const ix0 = max(x0, 0);
  const ix1 = min(x1, c.columns - 1);
  for (let y = iy0; y <= iy1; y++) {
    let j = (y - y0) * w + (ix0 - x0);
    let i = y * c.columns + ix0;
    for (let x = ix0; x <= ix1; x++, i++, j++) {
      const d = dist[j]!;
      if (d === 0) continue;
      const de = d;
      const u = de >= edgePx ? 1 : de / edgePx;
      let scale = 1;
      if (taper) {
        const f = (x - taper.x) * taper.dx + (y - taper.y) * taper.dy;
        scale = f >= 1 ? 1 : f <= 0 ? taper.ratio : taper.ratio + (1 - taper.ratio) * f;
      }
      const to = scale * depth * sqrt(u * (2 - u));
      let ti = 0;
      if (depthInner > 0) {
        const di = de - cortexPx;
        if (di > 0) {
          const ui = di >= innerEdgePx ? 1 : di / innerEdgePx;
          ti = scale * depthInner * sqrt(ui * (2 - ui));
        }
      }
      count = deposit(t, m, i, to, ti, count);
    }
  }
  c.touchedCount = count;
}

const FAR = 1e9;

/**
 * Distance (pixels) from each inside pixel to the outline. The inside pixels along the outline
 * get their exact distance to it, so that the distance field (and the bright bony rims drawn
 * from it) is smooth rather than stepped along the pixel grid; a two-pass 3×3 chamfer carries
 * it inwards. On entry `d` is non-zero inside; on return it holds the distance, 0 outside.
 */
function distanceInside(d: Float32Array, w: number, h: number, x0: number, y0: number, rings: readonly (readonly Point[])[]): void {
  const OUT = 0;
  const SEED = 1;
  const INSIDE = 2;
  const state = new Uint8Array(w * h);
  for (let i = 0; i < d.length; i++) {
    state[i] = d[i] === 0 ? OUT : INSIDE;
    d[i] = FAR;
  }
  // segments by row, so each edge pixel only measures the segments near it
  const buckets: number[][] = Array.from({ length: h }, () => []);
  const segs: number[] = [];
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const p = ring[k]!;
      const q = ring[(k + 1) % ring.length]!;
      const index = segs.length / 4;
      segs.push(p.x - x0, p.y - y0, q.x - x0, q.y - y0);
      const r0 = max(floor(min(p.y, q.y) - y0) - 2, 0);
      const r1 = min(ceil(max(p.y, q.y) - y0) + 2, h - 1);
      for (let r = r0; r <= r1; r++) buckets[r]!.push(index);
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (state[i] === OUT) continue;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) {
        // the work region cut the shape here, far beyond the visible image
        state[i] = SEED;
        d[i] = 0.5;
        continue;
      }
      if (state[i - 1] !== OUT && state[i + 1] !== OUT && state[i - w] !== OUT && state[i + w] !== OUT) continue;
      let best = 1.5;
      for (const index of buckets[y]!) {
        const ax = segs[index * 4]!;
        const ay = segs[index * 4 + 1]!;
        const ex = segs[index * 4 + 2]! - ax;
        const ey = segs[index * 4 + 3]! - ay;
        const len2 = ex * ex + ey * ey || 1e-9;
        let t = ((x - ax) * ex + (y - ay) * ey) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const dx = x - ax - t * ex;
        const dy = y - ay - t * ey;
        const dist = sqrt(dx * dx + dy * dy);
        if (dist < best) best = dist;
      }
      state[i] = SEED;
      d[i] = best;
    }
  }
  const D = Math.SQRT2;
  for (let y = 1; y < h - 1; y++) {
    for (let i = y * w + 1, end = y * w + w - 1; i < end; i++) {
      if (state[i] !== INSIDE) continue;
      let v = d[i]!;
      const a = d[i - 1]! + 1;
      if (a < v) v = a;
      const b = d[i - w]! + 1;
      if (b < v) v = b;
      const e = d[i - w - 1]! + D;
      if (e < v) v = e;
      const f = d[i - w + 1]! + D;
      if (f < v) v = f;
      d[i] = v;
    }
  }
  for (let y = h - 2; y >= 1; y--) {
    for (let i = y * w + w - 2, end = y * w; i > end; i--) {
      if (state[i] !== INSIDE) continue;
      let v = d[i]!;
      const a = d[i + 1]! + 1;
      if (a < v) v = a;
      const b = d[i + w]! + 1;
      if (b < v) v = b;
      const e = d[i + w + 1]! + D;
      if (e < v) v = e;
      const f = d[i + w - 1]! + D;
      if (f < v) v = f;
      d[i] = v;
    }
  }
  for (let i = 0; i < d.length; i++) if (state[i] === OUT) d[i] = 0;
}

export interface SweepSection {
  /** position along the axis, mm from `from` (may be negative) */
  at: number;
  /** half-widths either side of the axis, mm */
  left: number;
  right: number;
  /** full thickness at the middle, mm */
  depth: number;
}

export interface SweepSpec {
  from: Point;
  /** direction of the axis: 0 = down the image, positive turns it clockwise on screen */
  angle: number;
  /** ordered by `at`; widths and depth are interpolated between sections */
  sections: readonly SweepSection[];
  /** ignored inside a union */
  mu?: number;
  /** a squarer cross-section (superellipse, p = 4) than the elliptic default: trunks */
  flat?: boolean;
  z?: number;
}

/**
 * A body segment whose width and thickness change along an axis (torso, neck, limbs, fingers):
 * elliptic (or squarer) cross-section, so the skin edge fades in as in real radiographs.
 */
export function sweep(c: Canvas, s: SweepSpec): void {
  const first = s.sections[0];
  const last = s.sections[s.sections.length - 1];
  if (!first || !last) return;
  const origin = c.toPixel(s.from.x, s.from.y, s.z);
  const theta = c.angle(s.angle);
  const dirX = -Math.sin(theta);
  const dirY = Math.cos(theta);
  const perpX = Math.cos(theta);
  const perpY = Math.sin(theta);
  const vMin = floor(c.pixels(first.at));
  const vMax = ceil(c.pixels(last.at));
  const n = vMax - vMin + 1;
  const centre = new Float32Array(n);
  const inverseHalf = new Float32Array(n);
  const depth = new Float32Array(n);
  let k = 0;
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -Infinity;
  let by1 = -Infinity;
  for (let v = 0; v < n; v++) {
    const atMm = ((vMin + v) * c.spacing) / c.pose.scale;
    while (k + 1 < s.sections.length - 1 && s.sections[k + 1]!.at < atMm) k++;
    const p = s.sections[k]!;
    const q = s.sections[min(k + 1, s.sections.length - 1)]!;
    const f = q.at > p.at ? min(max((atMm - p.at) / (q.at - p.at), 0), 1) : 0;
    // a mirrored pose swaps the sides of the axis
    const leftMm = p.left + (q.left - p.left) * f;
    const rightMm = p.right + (q.right - p.right) * f;
    const left = c.pixels(c.mirrored ? rightMm : leftMm);
    const right = c.pixels(c.mirrored ? leftMm : rightMm);
    const half = (left + right) / 2;
    centre[v] = (right - left) / 2;
    inverseHalf[v] = half > 0 ? 1 / half : 0;
    depth[v] = c.thickness(p.depth + (q.depth - p.depth) * f);
    for (const side of [-left, right]) {
      const px = origin.x + dirX * (vMin + v) + perpX * side;
      const py = origin.y + dirY * (vMin + v) + perpY * side;
      bx0 = min(bx0, px);
      by0 = min(by0, py);
      bx1 = max(bx1, px);
      by1 = max(by1, py);
    }
  }
  const box = clipBox(c, bx0 - 1, by0 - 1, bx1 + 1, by1 + 1);
  if (!box) return;
  const att = c.attenuation;
  const mu = s.mu ?? 0;
  const flat = s.flat === true;
  const inUnion = c.inUnion;
  const outer = c.scratch(0);
  const touched = c.touched();
  let count = c.touchedCount;
  for (let y = box.y0; y <= box.y1; y++) {
    const dy = y - origin.y;
    let i = y * c.columns + box.x0;
    for (let x = box.x0; x <= box.x1; x++, i++) {
      const dx = x - origin.x;
      // interpolate the section tables between whole pixels, so oblique segments have smooth edges
      const vf = dx * dirX + dy * dirY - vMin;
      if (vf < 0 || vf >= n - 1) continue;
      const vi = vf | 0;
      const f = vf - vi;
      const ih = inverseHalf[vi]! + (inverseHalf[vi + 1]! - inverseHalf[vi]!) * f;
      if (ih === 0) continue;
      const w = (dx * perpX + dy * perpY - (centre[vi]! + (centre[vi + 1]! - centre[vi]!) * f)) * ih;
      const w2 = w * w;
      if (w2 >= 1) continue;
      const profile = flat ? sqrt(sqrt(1 - w2 * w2)) : sqrt(1 - w2);
      const t = (depth[vi]! + (depth[vi + 1]! - depth[vi]!) * f) * profile;
      if (inUnion) {
        const prev = outer[i]!;
        if (t > prev) {
          if (prev === 0) touched[count++] = i;
          outer[i] = t;
        }
      } else att[i] = att[i]! + mu * t;
    }
  }
  c.touchedCount = count;
}
