/**
 * Lumbar spine, AP and lateral. Patient millimetres: origin at the centre of L3, y down;
 * AP: x to the image right = the patient's left; LAT: anterior on the image left.
 */
import type { Canvas } from './canvas';
import { deg, pt, rotate, smoothClosed, smoothOpen, translate, type Point } from './geometry';
import { AIR, FAT_IN_TISSUE, SOFT_TISSUE, boneInTissue } from './materials';
import { ellipsoid, slab, sweep, tube } from './primitives';
import type { Random } from '../random';
import type { ProjectionScene, SceneContext } from './scene';

const BODY = boneInTissue(1.8, 1);
const ARCH = boneInTissue(1.5, 0.95);
const PELVIC_BONE = boneInTissue(2, 0.9);

/** centre height of vertebra: 0 = T12, 1..5 = L1..L5 */
const levelY = (level: number): number => (level - 3) * 38;

function bowelGas(c: Canvas, r: Random, x0: number, x1: number, y0: number, y1: number): void {
  const count = r.int(3, 8);
  for (let k = 0; k < count; k++) {
    ellipsoid(c, {
      x: r.uniform(x0, x1),
      y: r.uniform(y0, y1),
      a: r.uniform(8, 20),
      b: r.uniform(6, 12),
      depth: r.uniform(8, 20),
      angle: r.uniform(0, Math.PI),
      mu: AIR,
    });
  }
}

// ---------------------------------------------------------------- AP

function drawVertebraAP(c: Canvas, level: number, r: Random): void {
  const y = levelY(level);
  const half = 20 + level * 1.4;
  const hh = 14 + Math.min(level, 4) * 0.3;
  const waist = 2.5; // the sides of the body are concave
  const body = smoothClosed(
    [
      pt(-half, y - hh),
      pt(0, y - hh - 0.5),
      pt(half, y - hh),
      pt(half - waist, y),
      pt(half + 0.5, y + hh),
      pt(0, y + hh + 0.5),
      pt(-half - 0.5, y + hh),
      pt(-half + waist, y),
    ],
    5,
  );
  slab(c, { outline: body, depth: 34, edge: 9, bone: BODY });
  for (const s of [-1, 1]) {
    // pedicles seen end-on: the paired oval "eyes"
    ellipsoid(c, { x: s * (half - 7), y: y - hh * 0.35, a: 4.5, b: 7.5, depth: 16, bone: ARCH, z: -25 });
    // transverse processes; L3's are the longest
    const length = level === 0 ? 8 : level === 3 ? 30 : level === 1 ? 18 : 24;
    tube(c, {
      path: [
        { x: s * (half - 3), y: y - 3, r: 5 },
        { x: s * (half + length), y: y - 3 + r.uniform(-3, 3), r: 4 },
      ],
      bone: ARCH,
      z: -30,
    });
    // inferior articular processes and the facet joint below each vertebra
    ellipsoid(c, { x: s * 12, y: y + hh + 2, a: 4.5, b: 7, depth: 10, bone: boneInTissue(1.2, 0.6), z: -45 });
  }
  // laminae and the spinous process: a teardrop on the midline, low on the body
  slab(c, {
    outline: smoothClosed([pt(-14, y - 2), pt(14, y - 2), pt(6, y + hh + 4), pt(0, y + hh + 9), pt(-6, y + hh + 4)], 4),
    depth: 12,
    edge: 4,
    bone: boneInTissue(1.2, 0.6),
    z: -50,
  });
  ellipsoid(c, { x: 0, y: y + hh * 0.55, a: 4.5, b: 9, depth: 16, bone: ARCH, z: -60 });
}

function drawIliumAndSacrumAP(c: Canvas): void {
  const dy = 198; // the same bones as the pelvis view, seen from higher up
  const sacrum = smoothClosed(
    [
      pt(-46, -90),
      pt(-20, -98),
      pt(20, -98),
      pt(46, -90),
      pt(44, -62),
      pt(28, -26),
      pt(12, 4),
      pt(0, 10),
      pt(-12, 4),
      pt(-28, -26),
      pt(-44, -62),
    ],
    6,
  );
  slab(c, { outline: translate(sacrum, 0, dy), depth: 40, edge: 14, bone: boneInTissue(1.6, 0.85) });
  for (let k = 0; k < 3; k++) {
    for (const s of [-1, 1]) ellipsoid(c, { x: s * (23 - k * 4), y: dy - 76 + k * 20, a: 5 - k * 0.6, b: 4.5, depth: 22, mu: -0.008 });
  }
  for (const s of [-1, 1]) {
    const wing = smoothClosed(
      [
        pt(44, -108),
        pt(62, -128),
        pt(92, -138),
        pt(122, -130),
        pt(141, -110),
        pt(146, -88),
        pt(136, -70),
        pt(120, -40),
        pt(98, -34),
        pt(74, -30),
        pt(52, -40),
        pt(42, -70),
      ],
      6,
    );
    slab(c, { outline: translate(wing, 0, dy).map((p) => pt(s * p.x, p.y)), depth: 16, edge: 9, bone: PELVIC_BONE });
    const crest = smoothOpen([pt(46, -110), pt(63, -129), pt(92, -138), pt(122, -130), pt(141, -110)], 6);
    tube(c, { path: translate(crest, 0, dy).map((p) => ({ x: s * p.x, y: p.y, r: 4 })), bone: boneInTissue(1.2, 1) });
  }
}

function drawLumbarAP(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  sweep(c, {
    from: pt(0, 0),
    angle: 0,
    flat: true,
    mu: SOFT_TISSUE,
    sections: [
      { at: -260, left: 165, right: 165, depth: 205 },
      { at: 0, left: 160, right: 160, depth: 215 },
      { at: 260, left: 185, right: 185, depth: 220 },
    ],
  });
  for (const s of [-1, 1]) {
    // perirenal fat outlines the kidneys; fat along the psoas margins
    ellipsoid(c, { x: s * 80, y: -62, a: 36, b: 64, depth: 60, angle: s * -0.3, mu: FAT_IN_TISSUE * 0.8 });
    ellipsoid(c, { x: s * 80, y: -62, a: 30, b: 58, depth: 54, angle: s * -0.3, mu: -FAT_IN_TISSUE * 0.85 });
    ellipsoid(c, { x: s * 66, y: 40, a: 22, b: 130, depth: 90, angle: s * -0.32, mu: FAT_IN_TISSUE * 0.25 });
    // twelfth (and eleventh) ribs
    tube(c, {
      path: smoothOpen([pt(s * 24, -118), pt(s * 55, -108), pt(s * 92, -84)], 4).map((p) => ({ ...p, r: 4.5 })),
      bone: boneInTissue(1.2, 1),
    });
    tube(c, {
      path: smoothOpen([pt(s * 24, -156), pt(s * 70, -150), pt(s * 125, -118)], 4).map((p) => ({ ...p, r: 5 })),
      bone: boneInTissue(1.2, 1),
    });
  }
  bowelGas(c, r, -130, 130, -40, 150);
  for (let level = 0; level <= 5; level++) drawVertebraAP(c, level, r);
  drawIliumAndSacrumAP(c);
}

export const LUMBAR_AP: ProjectionScene = {
  rows: 864,
  columns: 704,
  spacing: 0.45,
  misplacementMm: 25,
  technique: (ctx) => ({
    reference: 4.6,
    quanta: 6000,
    level: 0.45,
    contrast: 0.8,
    latitude: 0.45,
    latitudeMm: 28,
    detail: 0.7,
    detailMm: 2.5,
    structure: 0.06,
    trabecular: 0.15,
    field: { left: -115, top: -185, right: 115, bottom: 185 },
    marker: ctx.laterality === 'R' ? { letter: 'R', x: -108, y: -178, height: 13 } : { letter: 'L', x: 92, y: -178, height: 13 },
  }),
  draw: drawLumbarAP,
};

// ---------------------------------------------------------------- LAT

/** the lordotic curve: position and tilt of each vertebra (0 = T12 … 5 = L5), anterior is −x */
const LORDOSIS: readonly { x: number; tilt: number }[] = [
  { x: -18, tilt: -8 },
  { x: -24, tilt: -6 },
  { x: -30, tilt: -3 },
  { x: -33, tilt: 1 },
  { x: -32, tilt: 6 },
  { x: -26, tilt: 13 },
];

function place(points: readonly Point[], level: number): Point[] {
  const p = LORDOSIS[level] ?? { x: 0, tilt: 0 };
  return translate(rotate(points, deg(p.tilt)), p.x, levelY(level));
}

function drawVertebraLAT(c: Canvas, level: number): void {
  const hd = 17 + level * 0.4; // half depth (anterior–posterior)
  const hh = 14 + Math.min(level, 4) * 0.3;
  const wedge = level === 5 ? 2 : 0; // L5 is taller in front
  const body = smoothClosed(
    [pt(-hd, -hh - wedge), pt(0, -hh), pt(hd, -hh), pt(hd + 0.5, 0), pt(hd, hh), pt(0, hh + 0.5), pt(-hd, hh + wedge), pt(-hd + 1.5, 0)],
    5,
  );
  slab(c, { outline: place(body, level), depth: 42, edge: 10, bone: BODY });
  // posterior elements: pedicle, articular column and the hatchet-shaped spinous process;
  // the gaps between pedicles are the intervertebral foramina
  const arch = smoothClosed(
    [
      pt(hd - 1, -hh + 3),
      pt(hd + 11, -hh + 3),
      pt(hd + 13, -hh - 7),
      pt(hd + 21, -hh - 8),
      pt(hd + 25, -5),
      pt(hd + 50, -3),
      pt(hd + 54, 11),
      pt(hd + 32, 15),
      pt(hd + 30, hh + 8),
      pt(hd + 21, hh + 9),
      pt(hd + 17, hh - 2),
      pt(hd + 11, -2),
      pt(hd - 1, -3),
    ],
    4,
  );
  slab(c, { outline: place(arch, level), depth: 20, edge: 5, bone: ARCH });
}

function drawLumbarLAT(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  sweep(c, {
    from: pt(0, 0),
    angle: 0,
    flat: true,
    mu: SOFT_TISSUE,
    sections: [
      { at: -260, left: 180, right: 75, depth: 300 },
      { at: 0, left: 195, right: 80, depth: 320 },
      { at: 260, left: 200, right: 95, depth: 340 },
    ],
  });
  bowelGas(c, r, -150, -70, -80, 120);
  for (let level = 0; level <= 5; level++) drawVertebraLAT(c, level);
  // the sacrum continues the curve backwards and down
  const l5 = LORDOSIS[5] ?? { x: 0, tilt: 0 };
  const sacrum = smoothClosed(
    [pt(-20, 24), pt(18, 18), pt(38, 48), pt(46, 88), pt(42, 128), pt(30, 140), pt(16, 110), pt(-2, 70), pt(-16, 44)],
    5,
  );
  slab(c, { outline: translate(sacrum, l5.x, levelY(5)), depth: 60, edge: 16, bone: boneInTissue(1.4, 0.6) });
  // both iliac wings superimposed over L5 and the sacrum
  slab(c, {
    outline: smoothClosed([pt(-60, 60), pt(-10, 48), pt(40, 60), pt(60, 110), pt(40, 170), pt(-20, 180), pt(-55, 130)], 6),
    depth: 22,
    edge: 12,
    bone: boneInTissue(1.5, 0.25),
  });
}

export const LUMBAR_LAT: ProjectionScene = {
  rows: 864,
  columns: 704,
  spacing: 0.45,
  misplacementMm: 25,
  technique: () => ({
    reference: 6.6,
    quanta: 6000,
    level: 0.45,
    contrast: 0.8,
    latitude: 0.5,
    latitudeMm: 28,
    detail: 0.7,
    detailMm: 2.5,
    structure: 0.06,
    trabecular: 0.15,
    field: { left: -115, top: -185, right: 115, bottom: 185 },
    marker: { letter: 'L', x: -108, y: -178, height: 13 },
  }),
  draw: drawLumbarLAT,
};
