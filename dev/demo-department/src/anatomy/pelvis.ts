/**
 * Pelvis AP. Patient millimetres: origin between the hip joints, y down, x to the image right
 * (= the patient's left). Each side is written once for the patient's right (image left, s = −1)
 * and mirrored.
 */
import type { Canvas } from './canvas';
import { pt, smoothClosed, smoothOpen, type Point } from './geometry';
import { AIR, FAT_IN_TISSUE, SOFT_TISSUE, boneInTissue } from './materials';
import { ellipsoid, slab, sweep, tube, union } from './primitives';
import type { ProjectionScene, SceneContext } from './scene';

const PELVIC_BONE = boneInTissue(2, 1);
const RIM = boneInTissue(1.2, 1.1);
const FEMUR = boneInTissue(3.2, 1.05);
const SACRUM = boneInTissue(1.6, 0.85);
const VERTEBRA = boneInTissue(1.8, 0.95);

const side = (s: number, points: readonly Point[]): Point[] => points.map((p) => pt(s * p.x, p.y));

/** centre of the femoral heads */
const HEAD_X = 88;
const HEAD_Y = -8;
const HEAD_R = 24;

function drawIlium(c: Canvas, s: number): void {
  // the wing: crest above, sacroiliac joint medially, acetabular roof below
  const wing = smoothClosed(
    [
      pt(44, -108),
      pt(62, -128),
      pt(92, -138),
      pt(122, -130),
      pt(141, -110),
      pt(146, -88),
      pt(136, -70),
      pt(129, -53),
      pt(120, -40),
      pt(116, -26),
      pt(98, -34),
      pt(74, -30),
      pt(52, -40),
      pt(42, -70),
    ],
    6,
  );
  slab(c, { outline: side(s, wing), depth: 16, edge: 9, bone: PELVIC_BONE });
  // iliac crest: a thicker rim of bone
  const crest = smoothOpen([pt(46, -110), pt(63, -129), pt(92, -138), pt(122, -130), pt(141, -110), pt(146, -88)], 6);
  tube(c, { path: side(s, crest).map((p) => ({ ...p, r: 4 })), bone: RIM });
  // pelvic brim (iliopectineal line) from the sacroiliac joint round to the pubis
  const brim = smoothOpen([pt(44, -62), pt(52, -38), pt(64, -20), pt(66, 0), pt(48, 10), pt(24, 14), pt(6, 18)], 6);
  tube(c, { path: side(s, brim).map((p) => ({ ...p, r: 2.8 })), bone: RIM });
}

function drawPubisIschium(c: Canvas, s: number): void {
  // the ring of pubic and ischial rami round the obturator foramen
  const outer = smoothClosed(
    [
      pt(4, 16),
      pt(30, 8),
      pt(58, -4),
      pt(82, 6),
      pt(100, 14),
      pt(104, 38),
      pt(98, 62),
      pt(84, 76),
      pt(64, 74),
      pt(40, 66),
      pt(20, 62),
      pt(4, 56),
    ],
    6,
  );
  const foramen = smoothClosed([pt(24, 32), pt(50, 16), pt(78, 20), pt(92, 40), pt(82, 62), pt(54, 60), pt(30, 50)], 6);
  slab(c, { outline: side(s, outer), holes: [side(s, foramen)], depth: 22, edge: 6, bone: PELVIC_BONE });
}

function drawHip(c: Canvas, s: number, neckShift: number): void {
  const hx = s * HEAD_X;
  // acetabular roof and medial wall, with the "teardrop" at its lower medial end
  const cup: Point[] = [];
  for (let a = -165; a <= 40; a += 10) {
    const t = (a * Math.PI) / 180;
    cup.push(pt(hx - s * (HEAD_R + 3.5) * Math.cos(t), HEAD_Y + (HEAD_R + 3.5) * Math.sin(t)));
  }
  tube(c, { path: cup.map((p) => ({ ...p, r: 3.4 })), bone: RIM });
  ellipsoid(c, { x: s * 62, y: 14, a: 4, b: 8, depth: 10, bone: RIM });
  union(c, { bone: FEMUR }, () => {
    // femoral head in the acetabulum
    ellipsoid(c, { x: hx, y: HEAD_Y, a: HEAD_R, b: HEAD_R, depth: 2 * HEAD_R });
    // proximal femur: neck, greater and lesser trochanters, shaft
    const k = neckShift;
    const femur = smoothClosed(
      [
        pt(104, -20 + k),
        pt(122, -12 + k),
        pt(134, -16),
        pt(142, -10),
        pt(147, 8),
        pt(145, 40),
        pt(140, 100),
        pt(135, 190),
        pt(132, 260),
        pt(104, 260),
        pt(107, 190),
        pt(111, 110),
        pt(110, 80),
        pt(102, 66),
        pt(101, 56),
        pt(108, 50),
        pt(102, 32),
        pt(92, 16 + k),
      ],
      6,
    );
    slab(c, { outline: side(s, femur), depth: 32, edge: 14 });
  });
}

function drawSacrumAndSpine(c: Canvas): void {
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
  slab(c, { outline: sacrum, depth: 40, edge: 14, bone: SACRUM });
  // sacral foramina: paired holes in the bone
  for (let k = 0; k < 4; k++) {
    for (const s of [-1, 1]) {
      ellipsoid(c, { x: s * (23 - k * 4), y: -76 + k * 20, a: 5 - k * 0.6, b: 4.5 - k * 0.5, depth: 22, mu: -0.008 });
    }
  }
  // coccyx
  tube(c, {
    path: [
      { x: 0, y: 10, r: 5 },
      { x: 0, y: 26, r: 3.5 },
    ],
    bone: SACRUM,
  });
  // L5 and L4 above
  for (const [y, half] of [
    [-122, 28],
    [-160, 27],
  ] as const) {
    slab(c, {
      outline: smoothClosed(
        [pt(-half, y - 13), pt(half, y - 13), pt(half + 2, y), pt(half, y + 13), pt(-half, y + 13), pt(-half - 2, y)],
        3,
      ),
      depth: 32,
      edge: 8,
      bone: VERTEBRA,
    });
    for (const s of [-1, 1]) {
      ellipsoid(c, { x: s * (half - 8), y: y - 4, a: 4.5, b: 6.5, depth: 14, bone: VERTEBRA, z: -30 });
      tube(c, {
        path: [
          { x: s * half, y: y - 2, r: 5 },
          { x: s * (half + 24), y: y - 6, r: 4 },
        ],
        bone: VERTEBRA,
        z: -30,
      });
    }
    ellipsoid(c, { x: 0, y: y + 6, a: 4.5, b: 9, depth: 18, bone: VERTEBRA, z: -60 });
  }
}

function drawPelvisAP(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  sweep(c, {
    from: pt(0, 0),
    angle: 0,
    flat: true,
    mu: SOFT_TISSUE,
    sections: [
      { at: -260, left: 160, right: 160, depth: 220 },
      { at: -120, left: 172, right: 172, depth: 215 },
      { at: 10, left: 188, right: 188, depth: 210 },
      { at: 120, left: 182, right: 182, depth: 185 },
      { at: 260, left: 176, right: 176, depth: 160 },
    ],
  });
  // gluteal fat planes lateral to the hips
  for (const s of [-1, 1]) ellipsoid(c, { x: s * 168, y: -20, a: 8, b: 60, depth: 60, mu: FAT_IN_TISSUE, angle: s * 0.2 });
  // bowel gas in the lower abdomen
  const gasCount = r.int(3, 7);
  for (let k = 0; k < gasCount; k++) {
    ellipsoid(c, {
      x: r.uniform(-120, 120),
      y: r.uniform(-165, -60),
      a: r.uniform(8, 22),
      b: r.uniform(6, 14),
      depth: r.uniform(15, 35),
      angle: r.uniform(0, Math.PI),
      mu: AIR,
    });
  }
  drawSacrumAndSpine(c);
  const neck = r.uniform(-4, 4);
  for (const s of [-1, 1]) {
    drawIlium(c, s);
    drawPubisIschium(c, s);
    drawHip(c, s, neck);
  }
}

export const PELVIS_AP: ProjectionScene = {
  rows: 832,
  columns: 1024,
  spacing: 0.42,
  misplacementMm: 30,
  technique: (ctx) => ({
    reference: 4.6,
    quanta: 5000,
    level: 0.4,
    contrast: 0.85,
    latitude: 0.35,
    latitudeMm: 30,
    detail: 0.7,
    detailMm: 2.5,
    structure: 0.06,
    trabecular: 0.25,
    field: { left: -205, top: -168, right: 205, bottom: 168 },
    marker: ctx.laterality === 'R' ? { letter: 'R', x: -196, y: -160, height: 13 } : { letter: 'L', x: 178, y: -160, height: 13 },
  }),
  draw: drawPelvisAP,
};
