/**
 * Chest radiographs, PA and left lateral. Patient millimetres: origin mid-chest, y down;
 * PA: x to the image right = the patient's left, z towards the tube (anterior);
 * LAT: x to the image right = posterior.
 */
import type { Canvas } from './canvas';
import { bezier2, insidePolygon, pt, smoothClosed, smoothOpen, type Point } from './geometry';
import { AIR, LUNG, SOFT_TISSUE, boneInTissue } from './materials';
import { ellipsoid, slab, sweep, tube, tubes, type TubePoint } from './primitives';
import type { Random } from '../random';
import type { ProjectionScene, SceneContext } from './scene';

const RIB = boneInTissue(1.3, 1.1);
const ANTERIOR_RIB = boneInTissue(1.0, 0.6);
const VERTEBRA = boneInTissue(1.5, 0.9);
/** the thoracic spine is only just seen through the mediastinum on a PA */
const THORACIC_PA = boneInTissue(1.5, 0.55);
const CLAVICLE = boneInTissue(2.2, 1.1);
const SCAPULA = boneInTissue(1.5, 0.8);
const HUMERUS = boneInTissue(2.5, 1);
/** pulmonary vessels: blood in place of lung */
const VESSEL = -LUNG * 2.4;

/** the patient's build, drawn once per image */
interface ChestBuild {
  heart: number; // heart size factor
  rightDome: number; // dome height shifts, mm (inspiration)
  leftDome: number;
  width: number; // chest width factor
  breasts: boolean;
}

function build(r: Random): ChestBuild {
  return {
    heart: r.uniform(0.92, 1.1),
    rightDome: r.uniform(-12, 10),
    leftDome: r.uniform(-8, 12),
    width: r.uniform(0.94, 1.05),
    breasts: r.chance(0.5),
  };
}

/** y of the centre of vertebra T1..T12 (PA) */
const vertebraY = (level: number): number => -166 + (level - 1) * 23;

// ---------------------------------------------------------------- PA

function lungOutlines(b: ChestBuild): { right: Point[]; left: Point[]; behindHeart: Point[] } {
  const w = b.width;
  const h = b.heart;
  const rd = b.rightDome;
  const ld = b.leftDome;
  // the patient's right lung is on the image left; the domes rise from the costophrenic
  // angles to their crest, the heart borders form the medial edges
  const right = smoothClosed(
    [
      pt(-40, -160),
      pt(-60, -168),
      pt(-86 * w, -158),
      pt(-113 * w, -125),
      pt(-133 * w, -75),
      pt(-144 * w, -15),
      pt(-150 * w, 45),
      pt(-153 * w, 92 + rd * 0.3),
      pt(-151 * w, 114 + rd * 0.3),
      pt(-145 * w, 106 + rd * 0.5),
      pt(-135 * w, 94 + rd),
      pt(-112 * w, 82 + rd),
      pt(-86, 78 + rd),
      pt(-66, 76 + rd),
      pt(-53 * h, 80 + rd),
      pt(-47 * h, 88 + rd),
      pt(-56 * h, 62),
      pt(-59 * h, 36),
      pt(-50 * h, 10),
      pt(-39, -10),
      pt(-30, -32),
      pt(-28, -70),
      pt(-25, -110),
      pt(-28, -142),
    ],
    5,
  );
  const left = smoothClosed(
    [
      pt(38, -158),
      pt(58, -166),
      pt(84 * w, -156),
      pt(111 * w, -123),
      pt(131 * w, -73),
      pt(142 * w, -13),
      pt(148 * w, 47),
      pt(151 * w, 98 + ld * 0.3),
      pt(149 * w, 122 + ld * 0.3),
      pt(143 * w, 114 + ld * 0.5),
      pt(132 * w, 105 + ld),
      pt(118 * w, 100 + ld),
      pt(114 * h, 101 + ld),
      pt(110 * h, 95 + ld),
      pt(114 * h, 74),
      pt(112 * h, 46),
      pt(103 * h, 19),
      pt(88 * h, -2),
      pt(68 * h, -19),
      pt(51, -28),
      pt(46, -44),
      pt(51, -60),
      pt(47, -78),
      pt(37, -93),
      pt(28, -112),
      pt(26, -140),
    ],
    5,
  );
  // the lower lobes run on behind the heart and below the domes: faint darkening there
  const behindHeart = smoothClosed(
    [pt(-40 * h, 10), pt(0, -15), pt(50 * h, -5), pt(90 * h, 60), pt(92 * h, 92), pt(20, 100), pt(-45 * h, 85)],
    6,
  );
  return { right, left, behindHeart };
}

function drawTorsoPA(c: Canvas, b: ChestBuild): void {
  const w = b.width;
  sweep(c, {
    from: pt(0, 0),
    angle: 0,
    flat: true,
    mu: SOFT_TISSUE,
    sections: [
      { at: -280, left: 58, right: 58, depth: 115 },
      { at: -215, left: 66, right: 66, depth: 125 },
      { at: -196, left: 120, right: 120, depth: 140 },
      { at: -180, left: 190 * w, right: 190 * w, depth: 170 },
      { at: -150, left: 192 * w, right: 192 * w, depth: 200 },
      { at: -110, left: 176 * w, right: 176 * w, depth: 210 },
      { at: 0, left: 176 * w, right: 176 * w, depth: 220 },
      { at: 120, left: 172 * w, right: 172 * w, depth: 230 },
      { at: 280, left: 168 * w, right: 168 * w, depth: 235 },
    ],
  });
  if (b.breasts) {
    // breast shadows: a faint density over the lower zones with a curved lower edge
    for (const s of [-1, 1]) {
      ellipsoid(c, { x: s * 100 * w, y: 70, a: 75, b: 70, depth: 22, angle: s * 0.2, mu: SOFT_TISSUE, z: 110 });
    }
  }
}

function drawSpinePA(c: Canvas, z: number): void {
  for (let level = 1; level <= 12; level++) {
    const y = vertebraY(level);
    const half = 15 + level * 1.1;
    const hh = 9 + level * 0.25;
    slab(c, {
      outline: smoothClosed(
        [pt(-half, y - hh), pt(half, y - hh), pt(half + 1.5, y), pt(half, y + hh), pt(-half, y + hh), pt(-half - 1.5, y)],
        3,
      ),
      depth: 26,
      edge: 6,
      bone: THORACIC_PA,
      z,
    });
    // pedicles: the paired ovals seen end-on
    for (const s of [-1, 1]) {
      ellipsoid(c, { x: s * (half - 4), y: y - hh * 0.35, a: 3.2, b: 5, depth: 12, bone: THORACIC_PA, z: z - 20 });
    }
    // spinous process, projected below the body
    ellipsoid(c, { x: 0, y: y + hh * 0.6, a: 3, b: 7, depth: 14, bone: THORACIC_PA, z: z - 45 });
  }
}

/** rib k (1..12) of one side (s = −1: image left) as posterior and anterior tubes */
function drawRibPA(c: Canvas, k: number, s: number, w: number, z: number): void {
  const y0 = vertebraY(k) - 4;
  const lateral = [0, 70, 98, 117, 129, 138, 143, 146, 147, 145, 138, 118, 96][k] ?? 140;
  const W = lateral * w;
  const pathPoint = (p: Point, r: number): TubePoint => ({ x: s * p.x, y: p.y, r });
  if (k === 1) {
    // the first rib: short and tightly curved under the clavicle
    // the first rib: a tight ring around the lung apex, ending under the clavicle's head
    const ring = smoothOpen(
      [pt(15, y0 + 2), pt(32, y0 - 8), pt(55, y0 - 8), pt(W, y0 + 8), pt(W - 2, y0 + 28), pt(52, y0 + 42), pt(30, y0 + 46)],
      5,
    );
    tube(c, { path: ring.map((p) => pathPoint(p, 5.5)), bone: RIB, z });
    return;
  }
  const rise = k < 6 ? 10 : k < 9 ? 6 : 2;
  const drop = k <= 10 ? 34 + k * 1.5 : 20;
  const posterior = smoothOpen(
    [pt(15, y0), pt(32, y0 - rise * 0.6), pt(W * 0.55, y0 - rise), pt(W * 0.9, y0 + drop * 0.45), pt(W, y0 + drop)],
    4,
  );
  tube(c, { path: posterior.map((p) => pathPoint(p, k > 10 ? 4 : 5.4)), bone: RIB, z: z - 50 });
  if (k > 10) return; // floating ribs have no anterior arc
  // the anterior arc runs down and medially to the costal cartilage, which does not show
  const endX = Math.max(28, W * (0.22 + k * 0.03));
  const anterior = bezier2(pt(W * 0.99, y0 + drop + 6), pt(W * 0.85, y0 + drop + 55 + k * 2), pt(endX, y0 + drop + 68 + k * 4), 9);
  tube(c, { path: anterior.map((p, i) => pathPoint(p, 6 + (i / 9) * 2)), bone: ANTERIOR_RIB, z: z + 60 });
}

function drawClaviclesPA(c: Canvas, w: number, z: number): void {
  for (const s of [-1, 1]) {
    const path = smoothOpen([pt(18, -122), pt(42, -131), pt(82, -134), pt(125 * w, -148), pt(160 * w, -166), pt(180 * w, -166)], 6);
    tube(c, { path: path.map((p, i) => ({ x: s * p.x, y: p.y, r: i < 4 ? 9 : 7 })), bone: CLAVICLE, z });
  }
}

function drawShoulderGirdlePA(c: Canvas, w: number): void {
  for (const s of [-1, 1]) {
    // scapula, rotated out laterally so only its medial border overlaps the chest wall
    const outline = smoothClosed([pt(160, -190), pt(128, -175), pt(120, -120), pt(130, -50), pt(150, -10), pt(172, -60), pt(185, -150)], 5);
    slab(c, { outline: outline.map((p) => ({ x: s * p.x * w, y: p.y })), depth: 9, edge: 3, bone: SCAPULA, z: -60 });
    // humeral head in the glenoid, at the corner of the field
    ellipsoid(c, { x: s * 205 * w, y: -178, a: 26, b: 26, depth: 48, bone: HUMERUS });
    tube(c, {
      path: [
        { x: s * 212 * w, y: -170, r: 15 },
        { x: s * 225 * w, y: -40, r: 13 },
      ],
      bone: HUMERUS,
    });
  }
}

/** branching pulmonary vessels from the hilum, kept inside the lung outline, drawn as one tree */
function drawVessels(c: Canvas, r: Random, hilum: Point, lung: readonly Point[], directions: readonly number[], mu = VESSEL): void {
  const paths: TubePoint[][] = [];
  const grow = (from: Point, angle: number, length: number, radius: number, depth: number): void => {
    if (radius < 0.6 || depth > 7) return;
    const to = pt(from.x + Math.sin(angle) * length, from.y - Math.cos(angle) * length);
    if (!insidePolygon(to, lung)) return;
    const bend = r.normal(0, length * 0.08);
    const mid = pt((from.x + to.x) / 2 + bend * Math.cos(angle), (from.y + to.y) / 2 + bend * Math.sin(angle));
    paths.push([
      { ...from, r: radius },
      { ...mid, r: radius * 0.92 },
      { ...to, r: radius * 0.84 },
    ]);
    const spread = r.uniform(0.25, 0.5);
    const bias = r.uniform(-0.15, 0.15);
    // the parent carries on, a thinner branch leaves it
    grow(to, angle + bias * 0.5 - spread * 0.3, length * r.uniform(0.75, 0.88), radius * 0.8, depth + 1);
    grow(to, angle + (r.chance(0.5) ? 1 : -1) * spread * 1.6, length * r.uniform(0.6, 0.75), radius * 0.62, depth + 1);
  };
  for (const direction of directions) grow(hilum, direction + r.normal(0, 0.08), r.uniform(24, 30), r.uniform(5.5, 7), 0);
  tubes(c, { paths, mu, z: 10 });
}

function drawChestPA(c: Canvas, ctx: SceneContext): void {
  const b = build(ctx.random);
  drawTorsoPA(c, b);
  const lungs = lungOutlines(b);
  slab(c, { outline: lungs.right, depth: 155, edge: 18, mu: LUNG });
  slab(c, { outline: lungs.left, depth: 150, edge: 18, mu: LUNG });
  slab(c, { outline: lungs.behindHeart, depth: 30, edge: 35, mu: LUNG, z: -60 });
  // trachea and main bronchi: an air column down the midline
  tube(c, {
    path: [
      { x: 0, y: -260, r: 9 },
      { x: 1, y: -150, r: 9 },
      { x: 2, y: -70, r: 8.5 },
    ],
    mu: AIR,
  });
  tube(c, {
    path: [
      { x: 2, y: -68, r: 7 },
      { x: -22, y: -42, r: 6.5 },
      { x: -34, y: -25, r: 5 },
    ],
    mu: AIR,
  });
  tube(c, {
    path: [
      { x: 2, y: -68, r: 6.5 },
      { x: 28, y: -48, r: 6 },
      { x: 45, y: -30, r: 4.5 },
    ],
    mu: AIR,
  });
  // hila and lung markings (larger in the lower zones, as in an upright patient)
  // angles from straight up, clockwise: the image left lung's vessels fan out to the left
  drawVessels(c, ctx.random, pt(-48, -25), lungs.right, [-0.35, -0.8, -1.35, -1.9, -2.35, -2.75, -3.0]);
  drawVessels(c, ctx.random, pt(54, -35), lungs.left, [0.3, 0.8, 1.35, 1.9, 2.35, 2.7]);
  // gastric air bubble under the left dome
  ellipsoid(c, { x: 80, y: 128 + b.leftDome, a: 26, b: 15, depth: 40, mu: AIR });
  drawSpinePA(c, -80);
  for (let k = 1; k <= 12; k++) {
    drawRibPA(c, k, -1, b.width, 0);
    drawRibPA(c, k, 1, b.width, 0);
  }
  drawClaviclesPA(c, b.width, 70);
  drawShoulderGirdlePA(c, b.width);
}

export const CHEST_PA: ProjectionScene = {
  rows: 1024,
  columns: 1024,
  spacing: 0.42,
  misplacementMm: 35,
  technique: (ctx) => ({
    reference: 2.4,
    quanta: 2400,
    level: 0.7,
    contrast: 0.55,
    latitude: 0.55,
    latitudeMm: 25,
    detail: 0.6,
    detailMm: 2.5,
    structure: 0.05,
    trabecular: 0.3,
    field: { left: -195, top: -208, right: 195, bottom: 185 },
    // the marker goes on the side it names: the patient's right is the image left on a PA
    marker: ctx.laterality === 'R' ? { letter: 'R', x: -186, y: -200, height: 13 } : { letter: 'L', x: 168, y: -200, height: 13 },
  }),
  draw: drawChestPA,
};

// ---------------------------------------------------------------- LAT (left lateral: anterior on the image left)

function drawChestLAT(c: Canvas, ctx: SceneContext): void {
  const b = build(ctx.random);
  const h = b.heart;
  // trunk seen from the side: anterior (chest wall) on the left, back on the right
  sweep(c, {
    from: pt(0, 0),
    angle: 0,
    flat: true,
    mu: SOFT_TISSUE,
    sections: [
      { at: -280, left: 45, right: 85, depth: 130 },
      { at: -220, left: 60, right: 95, depth: 170 },
      { at: -180, left: 85, right: 108, depth: 240 },
      { at: -140, left: 108, right: 116, depth: 300 },
      { at: -100, left: 118, right: 118, depth: 320 },
      { at: 0, left: 128, right: 120, depth: 330 },
      { at: 120, left: 135, right: 118, depth: 320 },
      { at: 280, left: 145, right: 118, depth: 310 },
    ],
  });
  // both lungs superimposed
  const lung = smoothClosed(
    [
      pt(0, -165),
      pt(40, -155),
      pt(72, -120),
      pt(92, -60),
      pt(100, 20),
      pt(104, 95 + b.leftDome * 0.5),
      pt(98, 140 + b.leftDome * 0.5),
      pt(84, 118 + b.leftDome),
      pt(55, 90 + b.rightDome),
      pt(15, 66 + b.rightDome),
      pt(-35, 56 + b.rightDome),
      pt(-75, 62 + b.rightDome),
      pt(-100, 82 + b.rightDome),
      pt(-106, 40),
      pt(-104, -30),
      pt(-94, -85),
      pt(-66, -130),
      pt(-32, -158),
    ],
    6,
  );
  slab(c, { outline: lung, depth: 230, edge: 35, mu: LUNG });
  // the heart fills the lower anterior chest
  const heart = smoothClosed(
    [
      pt(-102 * h, 80),
      pt(-100 * h, 20),
      pt(-88 * h, -25),
      pt(-58 * h, -52),
      pt(-18, -58),
      pt(18 * h, -20),
      pt(42 * h, 30),
      pt(46 * h, 80),
      pt(10, 75),
    ],
    6,
  );
  slab(c, { outline: heart, depth: 120, edge: 40, mu: -LUNG });
  // aortic arch and descending aorta: blood density against lung
  const aorta = smoothOpen([pt(-30, -40), pt(-28, -85), pt(5, -105), pt(42, -82), pt(55, -30), pt(58, 60)], 6);
  tube(c, { path: aorta.map((p) => ({ ...p, r: 13 })), mu: -LUNG * 0.6 });
  // trachea, running back and down to the carina
  tube(c, {
    path: [
      { x: -40, y: -270, r: 9 },
      { x: -18, y: -150, r: 9 },
      { x: 2, y: -65, r: 8 },
    ],
    mu: AIR * 0.9,
  });
  ellipsoid(c, { x: 8, y: -52, a: 5, b: 6, depth: 14, mu: AIR });
  drawVessels(c, ctx.random, pt(5, -35), lung, [-0.3, 0.4, Math.PI - 0.6, Math.PI + 0.1, Math.PI + 0.8, -1.3, 1.4], VESSEL * 0.7);
  ellipsoid(c, { x: -60, y: 130 + b.leftDome, a: 30, b: 18, depth: 60, mu: AIR });
  // thoracic spine with a gentle kyphosis, bodies on the right of the lungs
  for (let level = 1; level <= 12; level++) {
    const y = vertebraY(level);
    const x = 82 - 10 * Math.sin(((level - 1) / 11) * Math.PI);
    const hh = 9 + level * 0.3;
    const d = 14 + level * 0.8;
    slab(c, {
      outline: smoothClosed(
        [pt(x - d, y - hh), pt(x + d, y - hh), pt(x + d + 1, y), pt(x + d, y + hh), pt(x - d, y + hh), pt(x - d - 1, y)],
        3,
      ),
      depth: 34,
      edge: 8,
      bone: VERTEBRA,
    });
    // pedicle and posterior arch behind the body
    tube(c, {
      path: [
        { x: x + d, y: y - 4, r: 4.5 },
        { x: x + d + 22, y: y + 2, r: 4 },
        { x: x + d + 42, y: y + 14, r: 3.5 },
      ],
      bone: VERTEBRA,
    });
  }
  // sternum along the front
  const sternum = smoothClosed(
    [pt(-100, -150), pt(-88, -152), pt(-96, -100), pt(-106, 0), pt(-110, 60), pt(-118, 60), pt(-116, 0), pt(-110, -100)],
    4,
  );
  slab(c, { outline: sternum, depth: 30, edge: 5, bone: boneInTissue(1, 0.8) });
  // ribs of both sides, running obliquely down and forwards
  for (let k = 2; k <= 11; k++) {
    for (const shift of [0, 9]) {
      const y0 = vertebraY(k) + shift;
      const path = smoothOpen([pt(98, y0), pt(60, y0 + 20), pt(0, y0 + 52), pt(-60, y0 + 75), pt(-95, y0 + 82)], 6);
      tube(c, { path: path.map((p) => ({ ...p, r: 5 })), bone: boneInTissue(1, 0.45) });
    }
  }
  // scapulae behind the upper lungs
  for (const dx of [0, 12]) {
    slab(c, {
      outline: smoothClosed([pt(70 + dx, -185), pt(105 + dx, -170), pt(118 + dx, -60), pt(108 + dx, -20), pt(88 + dx, -100)], 5),
      depth: 10,
      edge: 3,
      bone: SCAPULA,
    });
  }
}

export const CHEST_LAT: ProjectionScene = {
  rows: 1024,
  columns: 864,
  spacing: 0.42,
  misplacementMm: 35,
  technique: () => ({
    reference: 3.6,
    quanta: 2400,
    level: 0.7,
    contrast: 0.5,
    latitude: 0.55,
    latitudeMm: 25,
    detail: 0.6,
    detailMm: 2.5,
    structure: 0.05,
    trabecular: 0.3,
    field: { left: -170, top: -208, right: 170, bottom: 185 },
    marker: { letter: 'L', x: -160, y: -200, height: 13 },
  }),
  draw: drawChestLAT,
};
