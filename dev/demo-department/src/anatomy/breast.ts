/**
 * Mammography, CC and MLO. Drawn as a right breast: chest wall on the image right, nipple
 * pointing left (a left breast is the mirror image, so the pair hangs back to back).
 * Low-energy (~20 keV) attenuation: fat and glandular tissue differ strongly.
 */
import type { Canvas } from './canvas';
import { insidePolygon, pt, smoothClosed, smoothOpen, type Point } from './geometry';
import { ellipsoid, slab, tube } from './primitives';
import { addValueNoise } from './texture';
import type { Random } from '../random';
import type { ProjectionScene, SceneContext } from './scene';
import type { Technique } from './render';

const FAT = 0.045;
const GLAND = 0.08;
const SKIN = 0.08;
/** glandular tissue in place of fat */
const GLAND_IN_FAT = GLAND - FAT;

/** compressed breast: fat inside, skin as a denser "cortex" that shows as a fine line at the edge */
const BREAST = { cortex: 1.5, muCortex: SKIN, muMarrow: FAT };

function technique(ctx: SceneContext): Technique {
  return {
    reference: 2.6,
    quanta: 5000,
    level: 0.15,
    contrast: 0.9,
    latitude: 0.55,
    latitudeMm: 18,
    detail: 0.5,
    detailMm: 1.2,
    structure: 0.03,
    trabecular: 0,
    // the whole detector is exposed; the background beside the breast is black
    field: { left: -96, top: -125, right: 96, bottom: 125 },
    marker: { letter: ctx.laterality, x: ctx.laterality === 'R' ? -88 : 74, y: -116, height: 11 },
  };
}

/**
 * Fibroglandular tissue: overlapping lobules clustered in a cone behind the nipple, denser
 * towards the chest wall, with strands (ducts, Cooper's ligaments) converging on the nipple.
 */
function drawParenchyma(c: Canvas, r: Random, nipple: Point, chestWall: Point, spread: number, inside: (p: Point) => boolean): void {
  const density = r.uniform(0.4, 1.3);
  // the envelope of the glandular tissue: soft overlapping lobes, drawn on their own first...
  const before = c.attenuation.slice();
  const count = Math.round(120 + 120 * density);
  const ax = chestWall.x - nipple.x;
  const ay = chestWall.y - nipple.y;
  const len = Math.hypot(ax, ay);
  for (let k = 0; k < count; k++) {
    const t = Math.pow(r.next(), 0.6) * 0.85 + 0.08; // 0 at the nipple, 1 at the chest wall
    const across = r.normal(0, spread * (0.3 + 0.6 * t));
    const p = pt(nipple.x + ax * t - (ay / len) * across, nipple.y + ay * t + (ax / len) * across);
    if (!inside(p)) continue;
    const size = r.uniform(6, 18) * (0.6 + t);
    ellipsoid(c, {
      x: p.x,
      y: p.y,
      a: size,
      b: size * r.uniform(0.5, 1),
      angle: r.uniform(0, Math.PI),
      depth: r.uniform(1.5, 4) * density,
      mu: GLAND_IN_FAT,
    });
  }
  // ...then broken up by fatty lobules at several scales: fluffy, not blobby
  const { rows, columns, spacing } = c;
  const mottle = new Float32Array(rows * columns);
  addValueNoise(mottle, rows, columns, 9 / spacing, 0.7, r);
  addValueNoise(mottle, rows, columns, 4 / spacing, 0.45, r);
  addValueNoise(mottle, rows, columns, 2 / spacing, 0.2, r);
  const a = c.attenuation;
  for (let i = 0; i < a.length; i++) {
    const gland = a[i]! - before[i]!;
    if (gland <= 0) continue;
    const m = 0.8 + 0.7 * mottle[i]!;
    a[i] = before[i]! + gland * (m < 0.15 ? 0.15 : m);
  }
  const strands = Math.round(14 + 10 * density);
  for (let k = 0; k < strands; k++) {
    const t = r.uniform(0.4, 1.1);
    const across = r.normal(0, spread * 0.6);
    const end = pt(nipple.x + ax * t - (ay / Math.hypot(ax, ay)) * across, nipple.y + ay * t + (ax / Math.hypot(ax, ay)) * across);
    const mid = pt((nipple.x + end.x) / 2 + r.normal(0, 8), (nipple.y + end.y) / 2 + r.normal(0, 8));
    const path = smoothOpen([pt(nipple.x + ax * 0.05, nipple.y + ay * 0.05), mid, end], 6).filter(inside);
    tube(c, { path: path.slice(3).map((p) => ({ ...p, r: r.uniform(0.4, 0.9) })), mu: GLAND_IN_FAT * 0.7 });
  }
  // a vessel or two, winding across the fat
  for (let k = 0; k < 2; k++) {
    const y0 = r.uniform(-60, 60);
    const path = smoothOpen(
      [pt(chestWall.x, y0), pt(chestWall.x - 50, y0 + r.normal(0, 15)), pt(nipple.x + 40, y0 * 0.4 + r.normal(0, 15))],
      8,
    ).filter(inside);
    tube(c, { path: path.map((p) => ({ ...p, r: 0.9 })), mu: GLAND_IN_FAT * 1.2 });
  }
}

const insideOutline =
  (outline: readonly Point[]) =>
  (p: Point): boolean =>
    insidePolygon(p, outline);

function drawBreastCC(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  const reach = r.uniform(140, 170); // chest wall to nipple
  const half = r.uniform(80, 100);
  const outline: Point[] = [];
  for (let a = 90; a <= 270; a += 6) {
    const t = (a * Math.PI) / 180;
    outline.push(pt(110 + reach * Math.cos(t), half * Math.sin(t) * (1 - 0.12 * Math.cos(t))));
  }
  outline.push(pt(130, -half), pt(130, half));
  const shape = smoothClosed(outline, 2);
  const thickness = r.uniform(42, 60);
  slab(c, { outline: shape, depth: thickness, edge: 9, bone: BREAST });
  const nipple = pt(110 - reach, 0);
  ellipsoid(c, { x: nipple.x + 2, y: 0, a: 4, b: 6, depth: 6, mu: SKIN - FAT });
  drawParenchyma(c, r, pt(nipple.x + 8, 0), pt(110, r.uniform(-15, 15)), half * 0.55, insideOutline(shape));
  // a sliver of pectoral muscle at the chest wall on some CC views
  if (r.chance(0.4)) ellipsoid(c, { x: 104, y: r.uniform(-20, 20), a: 8, b: 38, depth: 14, mu: GLAND_IN_FAT });
}

function drawBreastMLO(c: Canvas, ctx: SceneContext): void {
  const r = ctx.random;
  const reach = r.uniform(140, 165);
  const nipple = pt(110 - reach, r.uniform(15, 30));
  // from the axilla down along the chest wall to the inframammary fold
  const shape = smoothClosed(
    [
      pt(130, -140),
      pt(60, -140),
      pt(30, -95),
      pt(nipple.x + 40, nipple.y - 55),
      pt(nipple.x + 6, nipple.y - 22),
      pt(nipple.x, nipple.y),
      pt(nipple.x + 8, nipple.y + 30),
      pt(nipple.x + 45, nipple.y + 72),
      pt(70, 112),
      pt(100, 120),
      pt(130, 118),
    ],
    6,
  );
  const thickness = r.uniform(45, 62);
  slab(c, { outline: shape, depth: thickness, edge: 9, bone: BREAST });
  ellipsoid(c, { x: nipple.x + 2, y: nipple.y, a: 4, b: 6, depth: 6, mu: SKIN - FAT });
  // pectoral muscle: a dense triangle from the axilla down the chest wall
  const muscleLow = r.uniform(10, 50);
  const top = r.uniform(40, 60);
  slab(c, {
    outline: smoothOpen([pt(top, -145), pt((top + 96) / 2 - 6, (muscleLow - 145) / 2), pt(96, muscleLow)], 6).concat([
      pt(130, muscleLow + 10),
      pt(130, -145),
    ]),
    depth: thickness * 0.55,
    edge: 18,
    mu: GLAND - FAT,
  });
  drawParenchyma(c, r, pt(nipple.x + 8, nipple.y), pt(100, -20), 55, insideOutline(shape));
}

export const BREAST_CC: ProjectionScene = {
  rows: 832,
  columns: 640,
  spacing: 0.3,
  misplacementMm: 12,
  technique,
  draw: drawBreastCC,
};

export const BREAST_MLO: ProjectionScene = {
  rows: 832,
  columns: 640,
  spacing: 0.3,
  misplacementMm: 12,
  technique,
  draw: drawBreastMLO,
};
