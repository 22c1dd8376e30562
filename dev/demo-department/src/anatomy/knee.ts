/**
 * Knee, AP and lateral. Drawn as a right knee (AP: fibula on the image left; LAT: anterior on
 * the image right); a left knee is the mirror image. Patient millimetres: origin at the joint
 * line, y down.
 */
import type { Canvas } from './canvas';
import { deg, pt, rotate, smoothClosed, smoothOpen, type Point } from './geometry';
import { FAT_IN_TISSUE, SOFT_TISSUE, boneInTissue } from './materials';
import { ellipsoid, slab, sweep, tube, union } from './primitives';
import type { ProjectionScene, SceneContext } from './scene';
import type { Technique } from './render';

const FEMUR = boneInTissue(2.6, 1);
const TIBIA = boneInTissue(2.4, 1);
const FIBULA = boneInTissue(1.8, 1);
const PATELLA = boneInTissue(1.6, 0.9);
const PLATE = boneInTissue(0.8, 1.1); // subchondral plates and the old growth-plate scars

function drawLeg(c: Canvas, femurAngle: number, tibiaAngle: number, depthScale: number): void {
  // thigh above, calf below, merged at the knee so that a flexed knee has no seam
  union(c, { mu: SOFT_TISSUE }, () => {
    sweep(c, {
      from: pt(0, 0),
      angle: femurAngle,
      sections: [
        { at: -320, left: 66, right: 66, depth: 135 * depthScale },
        { at: -60, left: 58, right: 58, depth: 118 * depthScale },
        { at: 0, left: 55, right: 55, depth: 112 * depthScale },
        { at: 20, left: 50, right: 50, depth: 104 * depthScale },
        { at: 36, left: 38, right: 38, depth: 80 * depthScale },
        { at: 46, left: 20, right: 20, depth: 44 * depthScale },
        { at: 50, left: 0.5, right: 0.5, depth: 1 },
      ],
    });
    sweep(c, {
      from: pt(0, 0),
      angle: tibiaAngle,
      sections: [
        { at: -50, left: 0.5, right: 0.5, depth: 1 },
        { at: -46, left: 20, right: 20, depth: 44 * depthScale },
        { at: -36, left: 38, right: 38, depth: 80 * depthScale },
        { at: -20, left: 50, right: 50, depth: 104 * depthScale },
        { at: 0, left: 55, right: 55, depth: 112 * depthScale },
        { at: 80, left: 50, right: 50, depth: 105 * depthScale },
        { at: 320, left: 44, right: 44, depth: 92 * depthScale },
      ],
    });
  });
}

function technique(ctx: SceneContext): Technique {
  const onLeft = ctx.laterality === 'R'; // AP of a right knee: its lateral side is the image left
  return {
    reference: 2.9,
    quanta: 3000,
    level: 0.35,
    contrast: 0.8,
    latitude: 0.45,
    latitudeMm: 22,
    detail: 0.7,
    detailMm: 1.8,
    structure: 0.04,
    trabecular: 0.15,
    field: { left: -95, top: -128, right: 95, bottom: 128 },
    marker: { letter: ctx.laterality, x: onLeft ? -88 : 72, y: -120, height: 11 },
  };
}

// ---------------------------------------------------------------- AP

function drawKneeAP(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  const gap = r.uniform(4, 6.5); // joint space
  drawLeg(c, 0, 0, 1);
  // fat pads either side of the patellar tendon show as soft lucency
  ellipsoid(c, { x: 0, y: 12, a: 26, b: 16, depth: 40, mu: FAT_IN_TISSUE });
  union(c, { bone: FEMUR }, () => {
    tube(c, {
      path: [
        { x: 1, y: -200, r: 15 },
        { x: 0, y: -70, r: 16 },
      ],
    });
    const distal = smoothClosed(
      [
        pt(-17, -95),
        pt(-22, -62),
        pt(-33, -40),
        pt(-41, -24),
        pt(-43, -10),
        pt(-38, -1),
        pt(-26, 1),
        pt(-14, -4),
        pt(-7, -15),
        pt(0, -18),
        pt(7, -15),
        pt(13, -4),
        pt(26, 0),
        pt(38, -2),
        pt(44, -12),
        pt(43, -26),
        pt(36, -42),
        pt(25, -62),
        pt(18, -95),
      ],
      6,
    );
    slab(c, { outline: distal, depth: 62, edge: 22, taper: { from: pt(0, -95), to: pt(0, -35), depthFrom: 30 } });
  });
  tube(c, { path: smoothOpen([pt(-36, -34), pt(-12, -30), pt(12, -30), pt(38, -36)], 4).map((p) => ({ ...p, r: 0.9 })), bone: PLATE });
  // patella seen through the femur
  ellipsoid(c, { x: 3, y: -30, a: 21, b: 24, depth: 22, bone: boneInTissue(1.4, 0.45), z: 60 });
  const top = gap;
  union(c, { bone: TIBIA }, () => {
    const plateau = smoothClosed(
      [
        pt(-40, top + 3),
        pt(-24, top + 1),
        pt(-9, top - 1),
        pt(-5, top - 8),
        pt(-2, top - 3),
        pt(2, top - 9),
        pt(6, top - 1),
        pt(24, top + 1),
        pt(41, top + 3),
        pt(42, top + 14),
        pt(35, top + 32),
        pt(22, top + 55),
        pt(17, top + 95),
        pt(-17, top + 95),
        pt(-22, top + 55),
        pt(-34, top + 30),
        pt(-41, top + 14),
      ],
      6,
    );
    slab(c, { outline: plateau, depth: 58, edge: 20, taper: { from: pt(0, top + 95), to: pt(0, top + 30), depthFrom: 30 } });
    tube(c, {
      path: [
        { x: 0, y: top + 70, r: 16 },
        { x: -1, y: top + 220, r: 14 },
      ],
    });
  });
  tube(c, { path: smoothOpen([pt(-39, top + 4), pt(-20, top + 2), pt(-8, top + 1)], 3).map((p) => ({ ...p, r: 1.2 })), bone: PLATE });
  tube(c, { path: smoothOpen([pt(7, top + 1), pt(22, top + 2), pt(40, top + 4)], 3).map((p) => ({ ...p, r: 1.2 })), bone: PLATE });
  tube(c, { path: smoothOpen([pt(-34, top + 22), pt(0, top + 18), pt(34, top + 22)], 4).map((p) => ({ ...p, r: 0.8 })), bone: PLATE });
  // fibula: head tucked under the lateral plateau
  union(c, { bone: FIBULA }, () => {
    ellipsoid(c, { x: -38, y: top + 26, a: 11, b: 13, depth: 22 });
    tube(c, {
      path: [
        { x: -39, y: top + 34, r: 8 },
        { x: -36, y: top + 60, r: 6.5 },
        { x: -32, y: top + 220, r: 6 },
      ],
    });
  });
}

export const KNEE_AP: ProjectionScene = {
  rows: 800,
  columns: 640,
  spacing: 0.35,
  misplacementMm: 18,
  technique,
  draw: drawKneeAP,
};

// ---------------------------------------------------------------- LAT (flexed ~25°)

const rotateAll = (points: readonly Point[], angle: number): Point[] => rotate(points, angle, 0, 0);

function drawKneeLAT(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  const flexion = deg(r.uniform(18, 30));
  const fa = flexion * 0.45; // femur leans back, tibia forward: anterior is +x
  const ta = -flexion * 0.55;
  drawLeg(c, fa, ta, 1.05);
  const femur = (points: Point[]): Point[] => rotateAll(points, fa);
  const tibia = (points: Point[]): Point[] => rotateAll(points, ta);
  // Hoffa's fat pad behind the patellar tendon, suprapatellar fat above the patella
  slab(c, {
    outline: smoothClosed(tibia([pt(14, 2), pt(36, -4), pt(42, 20), pt(28, 38), pt(16, 22)]), 5),
    depth: 60,
    edge: 10,
    mu: FAT_IN_TISSUE,
  });
  slab(c, {
    outline: smoothClosed(femur([pt(12, -70), pt(30, -60), pt(34, -40), pt(20, -36), pt(10, -50)]), 5),
    depth: 50,
    edge: 8,
    mu: FAT_IN_TISSUE,
  });
  // patellar tendon: a denser band from the patella to the tibial tuberosity
  tube(c, { path: [...femur([pt(40, -12)]), ...tibia([pt(40, 50)])].map((p) => ({ ...p, r: 4 })), mu: 0.004 });
  union(c, { bone: FEMUR }, () => {
    const shaft = femur([pt(0, -220), pt(4, -70)]);
    tube(c, { path: shaft.map((p) => ({ ...p, r: 15 })) });
    const distal = smoothClosed(
      femur([
        pt(-14, -100),
        pt(-20, -60),
        pt(-32, -38),
        pt(-38, -18),
        pt(-34, 0),
        pt(-18, 8),
        pt(4, 6),
        pt(20, -4),
        pt(30, -22),
        pt(30, -46),
        pt(22, -70),
        pt(17, -100),
      ]),
      6,
    );
    slab(c, {
      outline: distal,
      depth: 70,
      edge: 22,
      taper: { from: femur([pt(0, -100)])[0]!, to: femur([pt(0, -30)])[0]!, depthFrom: 30 },
    });
  });
  // the two condyles do not superimpose exactly: a second, fainter posterior outline
  ellipsoid(c, { x: femur([pt(-12, -14)])[0]!.x, y: femur([pt(-12, -14)])[0]!.y, a: 25, b: 22, depth: 5, bone: PLATE });
  tube(c, { path: smoothOpen(femur([pt(-30, -40), pt(0, -36), pt(25, -40)]), 3).map((p) => ({ ...p, r: 0.9 })), bone: PLATE });
  // patella in front of the femoral condyles
  const pc = femur([pt(41, -32)])[0]!;
  ellipsoid(c, { x: pc.x, y: pc.y, a: 9, b: 22, depth: 40, angle: fa + 0.15, bone: PATELLA });
  union(c, { bone: TIBIA }, () => {
    const proximal = smoothClosed(
      tibia([
        pt(-32, 14),
        pt(-10, 9),
        pt(10, 8),
        pt(26, 10),
        pt(32, 22),
        pt(34, 44),
        pt(26, 62),
        pt(17, 95),
        pt(-15, 95),
        pt(-22, 60),
        pt(-30, 36),
      ]),
      6,
    );
    slab(c, { outline: proximal, depth: 68, edge: 22, taper: { from: tibia([pt(0, 95)])[0]!, to: tibia([pt(0, 35)])[0]!, depthFrom: 30 } });
    tube(c, { path: tibia([pt(0, 80), pt(-2, 230)]).map((p) => ({ ...p, r: 15 })) });
  });
  tube(c, { path: smoothOpen(tibia([pt(-31, 15), pt(0, 9.5), pt(25, 11)]), 3).map((p) => ({ ...p, r: 1.1 })), bone: PLATE });
  // fibular head behind the tibia
  union(c, { bone: FIBULA }, () => {
    const head = tibia([pt(-26, 40)])[0]!;
    ellipsoid(c, { x: head.x, y: head.y, a: 10, b: 13, depth: 22 });
    tube(c, { path: tibia([pt(-27, 48), pt(-22, 230)]).map((p) => ({ ...p, r: 6.5 })) });
  });
}

export const KNEE_LAT: ProjectionScene = {
  rows: 800,
  columns: 640,
  spacing: 0.35,
  misplacementMm: 18,
  technique: (ctx) => ({ ...technique(ctx), reference: 3.1 }),
  draw: drawKneeLAT,
};
