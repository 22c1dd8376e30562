/**
 * Hand PA, drawn as a right hand: fingers up, thumb on the image left (a left hand is the
 * mirror image). Patient millimetres: origin at the middle of the hand, y down.
 */
import type { Canvas } from './canvas';
import { pt, smoothClosed, type Point } from './geometry';
import { SOFT_TISSUE, boneInTissue } from './materials';
import { ellipsoid, slab, sweep, tube, union, type TubePoint } from './primitives';
import type { ProjectionScene, SceneContext } from './scene';

const BONE = boneInTissue(1.3, 1.15);
const CARPAL = boneInTissue(0.9, 0.9);

interface Ray {
  base: Point;
  /** from straight up, radians, positive towards the little finger */
  angle: number;
  /** metacarpal (or thumb metacarpal) and phalanges, mm */
  lengths: readonly number[];
  radius: number;
}

const along = (p: Point, angle: number, d: number): Point => pt(p.x + Math.sin(angle) * d, p.y - Math.cos(angle) * d);

/** a tubular hand bone: flared base, waisted shaft, rounded head (or a tuft for a distal phalanx) */
function handBone(from: Point, angle: number, length: number, r: number, distal: boolean): TubePoint[] {
  const rb = r * 1.45;
  const rh = distal ? r * 1.05 : r * 1.3;
  const start = along(from, angle, rb);
  const end = along(from, angle, length - rh);
  const at = (t: number, radius: number): TubePoint => ({
    ...pt(start.x + (end.x - start.x) * t, start.y + (end.y - start.y) * t),
    r: radius,
  });
  return distal
    ? [at(0, rb), at(0.3, r * 0.8), at(0.75, r * 0.7), at(1, rh)]
    : [at(0, rb), at(0.22, r), at(0.5, r * 0.92), at(0.8, r), at(1, rh)];
}

function drawRay(c: Canvas, ray: Ray, gap: number): Point {
  let p = ray.base;
  let angle = ray.angle;
  ray.lengths.forEach((length, k) => {
    const distal = k === ray.lengths.length - 1;
    const r = ray.radius * (k === 0 ? 1 : Math.pow(0.86, k));
    tube(c, { path: handBone(p, angle, length, r, distal), bone: BONE });
    p = along(p, angle, length + gap);
    angle *= k === 0 ? 1.25 : 1.0; // the fingers spread a little more than the metacarpals
  });
  return p;
}

function drawHandPA(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  const spread = r.uniform(0.9, 1.25);
  const gap = r.uniform(2, 3);
  const rays: Ray[] = [
    { base: pt(-17, 40), angle: -0.1 * spread, lengths: [64, 40, 24, 18], radius: 4.6 },
    { base: pt(-1, 42), angle: -0.01 * spread, lengths: [62, 45, 28, 19], radius: 4.7 },
    { base: pt(14, 45), angle: 0.09 * spread, lengths: [56, 42, 27, 19], radius: 4.3 },
    { base: pt(27, 49), angle: 0.2 * spread, lengths: [50, 33, 20, 17], radius: 3.9 },
  ];
  const thumb: Ray = { base: pt(-31, 53), angle: -0.5 * spread, lengths: [44, 31, 25], radius: 5 };

  // soft tissue: forearm, palm, fingers and thumb as one outline
  union(c, { mu: SOFT_TISSUE }, () => {
    sweep(c, {
      from: pt(0, 150),
      angle: Math.PI,
      sections: [
        { at: 0, left: 36, right: 34, depth: 55 },
        { at: 60, left: 30, right: 30, depth: 42 },
        { at: 80, left: 34, right: 32, depth: 40 },
      ],
    });
    const palm = smoothClosed(
      [pt(-30, 82), pt(-46, 48), pt(-40, 16), pt(-27, -8), pt(-22, -24), pt(-2, -24), pt(16, -16), pt(32, -4), pt(42, 30), pt(32, 82)],
      6,
    );
    slab(c, { outline: palm, depth: 34, edge: 16 });
    for (const ray of [...rays, thumb]) {
      const start = (ray.lengths[0] ?? 0) - 30;
      const length = ray.lengths.reduce((a, b) => a + b, 0) - start + 4;
      const from = along(ray.base, ray.angle, start);
      // the finger's axis bends like its phalanges; a rounded tip
      sweep(c, {
        from,
        angle: Math.PI + ray.angle * 1.25,
        sections: [
          { at: 0, left: 6, right: 6, depth: 14 },
          { at: 12, left: 10.5, right: 10.5, depth: 24 },
          { at: length * 0.55, left: 9, right: 9, depth: 17 },
          { at: length - 4, left: 8, right: 8, depth: 14 },
          { at: length, left: 6.5, right: 6.5, depth: 11 },
          { at: length + 3, left: 4, right: 4, depth: 7 },
          { at: length + 4.5, left: 0.5, right: 0.5, depth: 1 },
        ],
      });
    }
  });

  for (const ray of rays) drawRay(c, ray, gap);
  drawRay(c, thumb, gap);
  // sesamoids at the thumb's metacarpophalangeal joint
  const mcp = along(thumb.base, thumb.angle, (thumb.lengths[0] ?? 0) - 4);
  for (const d of [-3.5, 3.5]) ellipsoid(c, { x: mcp.x + d, y: mcp.y + 2, a: 2.6, b: 2.6, depth: 5, bone: CARPAL });

  // carpus: proximal row over the radius and ulna, distal row under the metacarpals
  const carpals: readonly [number, number, number, number, number][] = [
    [-23, 71, 8, 13.5, 0.9], // scaphoid
    [-7, 73, 9, 8.5, 0], // lunate
    [8, 70, 8, 8.5, 0.3], // triquetrum
    [-28, 57, 9, 9, 0.3], // trapezium
    [-16, 55, 7, 8.5, 0], // trapezoid
    [-2, 58, 9, 13, 0], // capitate
    [13, 58, 9, 11.5, 0.2], // hamate
  ];
  for (const [x, y, a, b, angle] of carpals) ellipsoid(c, { x, y, a, b, depth: 17, angle, bone: CARPAL });
  ellipsoid(c, { x: 11, y: 67, a: 5, b: 5, depth: 10, bone: CARPAL }); // pisiform over the triquetrum

  // distal radius (with its styloid) and ulna
  union(c, { bone: BONE }, () => {
    slab(c, {
      outline: smoothClosed(
        [pt(-40, 85), pt(-32, 80), pt(-18, 82), pt(-4, 84), pt(-4, 95), pt(-8, 112), pt(-10, 130), pt(-28, 130), pt(-31, 112), pt(-37, 98)],
        5,
      ),
      depth: 24,
      edge: 10,
      taper: { from: pt(0, 125), to: pt(0, 95), depthFrom: 19 },
    });
    tube(c, {
      path: [
        { x: -19, y: 105, r: 10.5 },
        { x: -16, y: 200, r: 9.5 },
      ],
    });
  });
  union(c, { bone: BONE }, () => {
    ellipsoid(c, { x: 8, y: 94, a: 8, b: 7.5, depth: 16 });
    tube(c, {
      path: [
        { x: 15, y: 88, r: 2.5 },
        { x: 14, y: 82, r: 2 },
      ],
    });
    tube(c, {
      path: [
        { x: 8, y: 98, r: 7 },
        { x: 10, y: 200, r: 6.5 },
      ],
    });
  });
}

export const HAND_PA: ProjectionScene = {
  rows: 640,
  columns: 512,
  spacing: 0.4,
  misplacementMm: 15,
  technique: (ctx) => ({
    reference: 1.0,
    quanta: 3000,
    level: 0.1,
    contrast: 0.9,
    latitude: 0.35,
    latitudeMm: 15,
    detail: 0.6,
    detailMm: 1.5,
    structure: 0.02,
    trabecular: 0.12,
    field: { left: -95, top: -120, right: 95, bottom: 120 },
    // the marker sits beside the fingers, on the side it names
    marker: { letter: ctx.laterality, x: ctx.laterality === 'R' ? -88 : 74, y: -112, height: 11 },
  }),
  draw: drawHandPA,
};
