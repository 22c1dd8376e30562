/**
 * Skull, PA (occipito-frontal, petrous ridges in the lower orbits) and lateral (face on the
 * image left). Patient millimetres: origin near the centre of the skull, y down.
 */
import type { Canvas } from './canvas';
import { pt, smoothClosed, smoothOpen, translate, type Point } from './geometry';
import { AIR, SOFT_TISSUE, boneInTissue } from './materials';
import { ellipsoid, slab, tube, union } from './primitives';
import type { Random } from '../random';
import type { ProjectionScene, SceneContext } from './scene';
import type { Technique } from './render';

/** the vault: a shell of bone (tables and diploë) with brain, i.e. soft tissue, inside */
const VAULT = { ...boneInTissue(6.5, 1.1), muMarrow: 0 };
const FACIAL = boneInTissue(1.5, 1);
const DENSE = boneInTissue(2, 1.1); // petrous bone, teeth
const ENAMEL = boneInTissue(1.5, 1.4);

function technique(ctx: SceneContext, reference: number): Technique {
  return {
    reference,
    quanta: 4000,
    level: 0.55,
    contrast: 0.7,
    latitude: 0.5,
    latitudeMm: 20,
    detail: 0.7,
    detailMm: 2,
    structure: 0.05,
    trabecular: 0.2,
    field: { left: -118, top: -140, right: 118, bottom: 140 },
    marker: { letter: ctx.laterality, x: ctx.laterality === 'R' ? -110 : 92, y: -132, height: 12 },
  };
}

/**
 * The cranium as a shell: a flat shape with a deep rounded edge, cortical "shell" = the tables.
 * Its outline is the vault above and the skull base below, so no vault rim crosses the face.
 */
function drawCranium(c: Canvas, outline: readonly Point[], depth: number, softTissue = true): void {
  if (softTissue) slab(c, { outline, depth: depth + 12, edge: 60, mu: SOFT_TISSUE }); // scalp and brain
  slab(c, { outline, depth, edge: 58, bone: VAULT });
}

/** upper part of an ellipse (angles in degrees, 0 = image right, clockwise as y is down) */
function arc(cx: number, cy: number, a: number, b: number, from: number, to: number, step = 10): Point[] {
  const out: Point[] = [];
  for (let t = from; from < to ? t <= to : t >= to; t += from < to ? step : -step) {
    const r = (t * Math.PI) / 180;
    out.push(pt(cx + a * Math.cos(r), cy + b * Math.sin(r)));
  }
  return out;
}

function teeth(c: Canvas, r: Random, y: number, span: number, count: number, height: number, up: boolean): void {
  for (let k = 0; k < count; k++) {
    const t = (k + 0.5) / count - 0.5;
    const x = t * span * 2;
    // the arch curves, so the side teeth overlap and look denser
    const w = 4.2 + Math.abs(t) * 3;
    const root = up ? -height * 0.9 : height * 0.9;
    tube(c, {
      path: [
        { x, y, r: w },
        { x: x * 0.98, y: y + root * 0.6, r: w * 0.7 },
        { x: x * 0.96, y: y + root, r: w * 0.35 },
      ],
      bone: DENSE,
    });
    // enamel caps the crown
    tube(c, {
      path: [
        { x, y: y + (up ? 1 : -1), r: w * 0.8 },
        { x, y: y + (up ? 3 : -3), r: w * 0.8 },
      ],
      bone: ENAMEL,
      z: r.uniform(0, 1),
    });
  }
}

// ---------------------------------------------------------------- PA

function drawSkullPA(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  // vault from mastoid to mastoid over the top; its lower edge runs along the petrous ridges,
  // which a PA projects into the lower orbits
  const cranium = smoothClosed(
    [
      ...arc(0, -22, 75, 95, 160, 380),
      pt(68, 46),
      pt(60, 40),
      pt(38, 26),
      pt(14, 24),
      pt(0, 30),
      pt(-14, 24),
      pt(-38, 26),
      pt(-60, 40),
      pt(-68, 46),
    ],
    3,
  );
  // soft tissue: below the skull base the beam crosses the face, the back of the skull base and
  // the neck, about as much tissue as through the cranium; merged so that nothing doubles up
  union(c, { mu: SOFT_TISSUE }, () => {
    slab(c, { outline: cranium, depth: 187, edge: 60 });
    slab(c, {
      outline: smoothClosed(
        [pt(-72, 0), pt(0, -6), pt(72, 0), pt(70, 60), pt(54, 104), pt(30, 124), pt(0, 130), pt(-30, 124), pt(-54, 104), pt(-70, 60)],
        5,
      ),
      depth: 170,
      edge: 40,
    });
    tube(c, {
      path: [
        { x: 0, y: 110, r: 50 },
        { x: 0, y: 220, r: 54 },
      ],
    });
  });
  drawCranium(c, cranium, 175, false);
  // facial skeleton: maxilla and zygomas under the orbits, down to the teeth
  slab(c, {
    outline: smoothClosed(
      [pt(-62, 30), pt(-40, 34), pt(0, 34), pt(40, 34), pt(62, 30), pt(58, 54), pt(40, 76), pt(0, 84), pt(-40, 76), pt(-58, 54)],
      5,
    ),
    depth: 45,
    edge: 16,
    bone: boneInTissue(2, 0.9),
  });
  for (const s of [-1, 1]) {
    // orbits: lucent, with a sharp rim; the oblique innominate line crosses the lateral wall
    const orbit = smoothClosed(
      [pt(s * 10, 2), pt(s * 26, -12), pt(s * 50, -10), pt(s * 57, 8), pt(s * 50, 30), pt(s * 28, 34), pt(s * 12, 24)],
      6,
    );
    slab(c, { outline: orbit, depth: 30, edge: 10, mu: -0.014 });
    tube(c, { path: [...orbit, orbit[0]!].map((p) => ({ ...p, r: 2.6 })), bone: boneInTissue(1.5, 1.3) });
    tube(c, { path: smoothOpen([pt(s * 44, -6), pt(s * 48, 14), pt(s * 44, 34)], 4).map((p) => ({ ...p, r: 1.6 })), bone: FACIAL });
    // maxillary sinuses below the orbits
    ellipsoid(c, { x: s * 30, y: 52, a: 17, b: 19, depth: 30, mu: AIR });
    // frontal sinus: scalloped air above the nose
    ellipsoid(c, { x: s * 8, y: -20, a: 8, b: 11, depth: 10, angle: s * 0.3, mu: AIR });
    // mandibular ramus and condyle
    tube(c, {
      path: smoothOpen([pt(s * 58, 30), pt(s * 60, 62), pt(s * 56, 94)], 4).map((p) => ({ ...p, r: 7 })),
      bone: boneInTissue(2, 1.1),
    });
    // mastoid processes
    ellipsoid(c, { x: s * 70, y: 38, a: 9, b: 14, depth: 26, bone: FACIAL });
  }
  // ethmoid air cells and the nasal cavity with its septum
  for (let k = 0; k < 6; k++) ellipsoid(c, { x: r.uniform(-9, 9), y: r.uniform(4, 26), a: 4, b: 4, depth: 10, mu: AIR });
  slab(c, { outline: smoothClosed([pt(-4, 30), pt(4, 30), pt(15, 62), pt(0, 70), pt(-15, 62)], 5), depth: 35, edge: 6, mu: AIR });
  tube(c, {
    path: [
      { x: 0, y: 6, r: 1.5 },
      { x: 0.5, y: 66, r: 1.3 },
    ],
    bone: FACIAL,
  });
  // crista galli
  ellipsoid(c, { x: 0, y: 2, a: 2.5, b: 6, depth: 10, bone: FACIAL });
  // mandible: body and chin along the lower border
  const jaw = smoothOpen([pt(-56, 92), pt(-48, 108), pt(-24, 119), pt(0, 123), pt(24, 119), pt(48, 108), pt(56, 92)], 6);
  tube(c, { path: jaw.map((p) => ({ ...p, r: 8 })), bone: boneInTissue(2, 1.2) });
  teeth(c, r, 78, 28, 8, 14, true);
  teeth(c, r, 87, 26, 8, 16, false);
  // the dens and atlas seen through the face
  ellipsoid(c, { x: 0, y: 80, a: 6, b: 10, depth: 14, bone: FACIAL, z: -40 });
}

export const SKULL_PA: ProjectionScene = {
  rows: 768,
  columns: 640,
  spacing: 0.4,
  misplacementMm: 18,
  technique: (ctx) => technique(ctx, 4.4),
  draw: drawSkullPA,
};

// ---------------------------------------------------------------- LAT (face on the image left)

function drawSkullLAT(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  // neck behind the jaw and the soft tissue of the face, merged
  union(c, { mu: SOFT_TISSUE }, () => {
    tube(c, {
      path: [
        { x: 30, y: 90, r: 48 },
        { x: 35, y: 200, r: 55 },
      ],
    });
    slab(c, {
      outline: smoothClosed([pt(-86, 4), pt(-100, 30), pt(-94, 60), pt(-88, 100), pt(-64, 126), pt(-20, 122), pt(10, 86), pt(10, 30)], 6),
      depth: 110,
      edge: 35,
    });
  });
  // vault over the top; skull base from the frontal bone to the occiput below
  const cranium = [
    ...arc(10, -22, 96, 80, 160, 380),
    pt(96, 20),
    pt(78, 42),
    pt(54, 56),
    pt(30, 48),
    pt(14, 22),
    pt(-10, 14),
    pt(-50, 4),
    pt(-80, 4),
  ];
  drawCranium(c, smoothClosed(cranium, 3), 140);
  // facial skeleton: maxilla, zygoma, down to the teeth
  slab(c, {
    outline: smoothClosed([pt(-88, 4), pt(-94, 30), pt(-88, 70), pt(-40, 76), pt(-6, 60), pt(0, 24), pt(-40, 10)], 5),
    depth: 60,
    edge: 16,
    bone: boneInTissue(0.8, 0.6),
  });
  // anterior cranial fossa floor and orbital roofs, sloping down to the sella
  tube(c, { path: smoothOpen([pt(-80, -4), pt(-50, 0), pt(-20, 4), pt(-4, 10)], 5).map((p) => ({ ...p, r: 2 })), bone: FACIAL });
  // sella turcica: a cup of bone, with the sphenoid sinus (air) below and in front
  const sella: Point[] = [];
  for (let a = -15; a <= 195; a += 15) {
    const t = (a * Math.PI) / 180;
    sella.push(pt(6 + 8 * Math.cos(t), 10 + 7 * Math.sin(t)));
  }
  tube(c, { path: sella.map((p) => ({ ...p, r: 1.8 })), bone: FACIAL });
  ellipsoid(c, { x: -4, y: 30, a: 14, b: 11, depth: 30, mu: AIR });
  // clivus down to the foramen magnum
  tube(c, {
    path: [
      { x: 12, y: 24, r: 5 },
      { x: 24, y: 58, r: 4 },
    ],
    bone: FACIAL,
  });
  // petrous bone with the external auditory meatus and mastoid air cells behind it
  slab(c, { outline: smoothClosed([pt(10, 26), pt(30, 22), pt(52, 30), pt(48, 42), pt(24, 40)], 4), depth: 40, edge: 10, bone: DENSE });
  ellipsoid(c, { x: 34, y: 44, a: 5, b: 5, depth: 20, mu: AIR });
  for (let k = 0; k < 8; k++) ellipsoid(c, { x: r.uniform(44, 58), y: r.uniform(34, 54), a: 3, b: 3, depth: 12, mu: AIR });
  // orbit rim, frontal sinus, nasal bones
  tube(c, { path: smoothOpen([pt(-78, -2), pt(-86, 16), pt(-82, 36), pt(-70, 40)], 4).map((p) => ({ ...p, r: 2 })), bone: FACIAL });
  ellipsoid(c, { x: -90, y: -14, a: 8, b: 14, depth: 24, mu: AIR });
  tube(c, {
    path: [
      { x: -90, y: 26, r: 2.5 },
      { x: -100, y: 46, r: 1.5 },
    ],
    bone: FACIAL,
  });
  // maxilla with its sinus, hard palate
  ellipsoid(c, { x: -58, y: 48, a: 18, b: 15, depth: 35, mu: AIR });
  tube(c, {
    path: [
      { x: -86, y: 72, r: 2.5 },
      { x: -30, y: 70, r: 2.5 },
    ],
    bone: FACIAL,
  });
  // mandible: ramus up to the condyle in front of the ear, body forward to the chin
  // (both halves, slightly offset by their different magnification)
  for (const [dx, dy] of [
    [0, 0],
    [5, 4],
  ] as const) {
    const jaw = smoothOpen([pt(18, 42), pt(14, 70), pt(12, 104), pt(-10, 112), pt(-50, 114), pt(-78, 116), pt(-86, 104)], 6);
    tube(c, { path: jaw.map((p) => ({ x: p.x + dx, y: p.y + dy, r: 6.5 })), bone: FACIAL });
  }
  // teeth seen from the side: a row of crowns along each jaw
  for (let k = 0; k < 7; k++) {
    const x = -82 + k * 9 + r.uniform(-1, 1);
    tube(c, {
      path: [
        { x, y: 62 + r.uniform(0, 4), r: 2.5 },
        { x, y: 80, r: 4.5 },
      ],
      bone: DENSE,
    });
    tube(c, {
      path: [
        { x, y: 86, r: 4.5 },
        { x: x + 1, y: 104 - r.uniform(0, 4), r: 2.5 },
      ],
      bone: DENSE,
    });
  }
  // upper cervical spine behind the jaw
  for (let k = 0; k < 3; k++) {
    const y = 70 + k * 24;
    slab(c, {
      outline: smoothClosed(translate([pt(-8, -7), pt(9, -8), pt(9, 8), pt(-9, 8)], 40 + k * 2, y), 3),
      depth: 22,
      edge: 5,
      bone: FACIAL,
    });
  }
  tube(c, {
    path: [
      { x: 36, y: 52, r: 4 },
      { x: 38, y: 64, r: 5 },
    ],
    bone: FACIAL,
  }); // dens
  // coronal and lambdoid sutures: fine lucent lines in the vault
  tube(c, { path: smoothOpen([pt(-30, -98), pt(-38, -60), pt(-40, -20)], 5).map((p) => ({ ...p, r: 0.8 })), mu: -0.03 });
  tube(c, { path: smoothOpen([pt(70, -78), pt(88, -40), pt(96, -10)], 5).map((p) => ({ ...p, r: 0.8 })), mu: -0.03 });
  // grooves of the middle meningeal vessels
  tube(c, { path: smoothOpen([pt(-10, 0), pt(-14, -30), pt(-4, -70)], 5).map((p) => ({ ...p, r: 1.2 })), mu: -0.012 });
}

export const SKULL_LAT: ProjectionScene = {
  rows: 640,
  columns: 768,
  spacing: 0.4,
  misplacementMm: 18,
  technique: (ctx) => ({
    ...technique(ctx, 3.9),
    field: { left: -145, top: -118, right: 145, bottom: 118 },
    marker: { letter: ctx.laterality, x: -138, y: -110, height: 12 },
  }),
  draw: drawSkullLAT,
};
