/**
 * Axial CT of the chest, one slice of a series from the lung apices (slice 0) to the upper
 * abdomen (last slice). Painted directly in Hounsfield units: the anatomy changes along the
 * series (great vessels and trachea above, the heart in the middle, liver and stomach below).
 * Stored value = HU + 1024 (rescale intercept −1024), 12 bits.
 * Patient millimetres: origin at the image centre, x to the image right = the patient's left,
 * y down = posterior (viewed from the feet, as CT is displayed).
 */
import { createRandom, type Random } from '../random';
import { Canvas, type Pose } from './canvas';
import { pt } from './geometry';
import { SlicePainter } from './ctPaint';
import { boxBlur, gaussianTable, GAUSS_TABLE_SIZE } from './texture';
import type { RenderedImage } from './types';

// local aliases of Math: hot loops reach them faster than the global (markedly so in sandboxes like Jest's)
const { atan2, cos, hypot, imul, max, min, round, sin, sqrt } = Math;

export const CT_SIZE = 512;
export const CT_SPACING = 0.78; // 400 mm field of view
const INTERCEPT = -1024;
const MAX_VALUE = 4095;

const HU = {
  air: -1000,
  lung: -860,
  fat: -100,
  fluid: 10,
  muscle: 45,
  blood: 40,
  liver: 60,
  cortical: 1000,
  cancellous: 250,
};

/** piecewise-linear lookup of a value along the series (z from 0 at the apex to 1 at the base) */
function along(z: number, table: readonly (readonly [number, number])[]): number {
  const first = table[0]!;
  if (z <= first[0]) return first[1];
  for (let k = 1; k < table.length; k++) {
    const [z1, v1] = table[k]!;
    const [z0, v0] = table[k - 1]!;
    if (z <= z1) return v0 + ((v1 - v0) * (z - z0)) / (z1 - z0);
  }
  return table[table.length - 1]![1];
}

const bump = (z: number, from: number, to: number): number => (z <= from || z >= to ? 0 : sin((Math.PI * (z - from)) / (to - from)));

interface Build {
  size: number;
  heart: number;
  dome: number;
}

export function renderCtSlice(
  sliceIndex: number,
  sliceCount: number,
  seed: number,
  anatomy: Random,
  pose: Pose,
  exposureFactor: number,
): RenderedImage {
  const b: Build = { size: anatomy.uniform(0.93, 1.07), heart: anatomy.uniform(0.9, 1.1), dome: anatomy.uniform(-0.04, 0.04) };
  const count = max(1, sliceCount);
  const z = count === 1 ? 0.5 : min(max(sliceIndex, 0), count - 1) / (count - 1);
  const canvas = new Canvas(CT_SIZE, CT_SIZE, CT_SPACING, { ...pose, scale: pose.scale * b.size });
  const p = new SlicePainter(canvas, HU.air);
  // each slice has its own small vessels; the series shares everything else
  const sliceRandom = createRandom((seed ^ imul(sliceIndex + 1, 0x9e3779b1)) >>> 0);
  paintSlice(p, z, b, sliceRandom);
  return finish(p, exposureFactor, createRandom((seed + 0x51ed27 * (sliceIndex + 3)) >>> 0));
}

function paintSlice(p: SlicePainter, z: number, b: Build, r: Random): void {
  // the chest cavity, then the vertebral body at its back, then the walls round it
  const cavW = along(z, [
    [0, 72],
    [0.12, 105],
    [0.35, 136],
    [0.7, 143],
    [1, 138],
  ]);
  const cavD = along(z, [
    [0, 52],
    [0.2, 74],
    [0.5, 84],
    [1, 86],
  ]);
  const cavY = -10;
  const spineY = cavY + cavD - 16; // vertebral body centre; the lungs wrap round it
  const front =
    cavY -
    cavD -
    along(z, [
      [0, 30],
      [0.3, 24],
      [1, 26],
    ]);
  const back = spineY + 78;
  const halfWidth = along(z, [
    [0, 188],
    [0.15, 172],
    [0.4, 164],
    [1, 160],
  ]);
  const cy = (front + back) / 2;
  const halfDepth = (back - front) / 2;
  // the table the patient lies on
  p.capsule(pt(-190, back + 5), pt(190, back + 5), 3, 150);
  p.capsule(pt(-180, back + 16), pt(180, back + 16), 2, 80);
  // body wall: fat under the skin, muscle, an intermuscular fat plane, the rib layer
  p.ellipse(0, cy, halfWidth, halfDepth, HU.fat, 0, 0.5);
  p.ellipse(0, cy + 2, halfWidth - 14, halfDepth - 11, HU.muscle, 0, 0.5);
  p.ellipse(0, cavY, cavW + 20, cavD + 16, HU.fat, 0, 0.25);
  p.ellipse(0, cavY, cavW + 14, cavD + 11, HU.muscle, 0, 0.25);
  paintRibs(p, z, cavW, cavD, cavY, r);
  // lungs fill the cavity; supine, the dependent (posterior) lung is a little denser
  p.ellipse(0, cavY, cavW, cavD, HU.lung, 0, 0.25);
  paintDependentLung(p, cavY + cavD * 0.55, cavW, cavD * 0.5);
  paintMediastinum(p, z, b, cavY, cavD, spineY);
  paintSpine(p, spineY);
  paintUpperAbdomen(p, z + b.dome, cavW, cavD, cavY, spineY);
  paintVessels(p, r, z, cavW, cavD, cavY);
  paintShoulders(p, z, cavW, cavY, cavD, halfWidth);
}

function paintRibs(p: SlicePainter, z: number, cavW: number, cavD: number, cavY: number, r: Random): void {
  // ribs run obliquely, so a slice cuts each as an oval along the chest wall; the cuts
  // move round the wall from slice to slice. In front they are costal cartilage, not bone.
  const shift = (z * 5.3) % 1;
  for (const side of [-1, 1]) {
    for (let k = 0; k < 7; k++) {
      const t = ((k + shift + r.uniform(-0.15, 0.15)) / 7) * Math.PI * 0.92 + 0.1; // 0 = front, π = back
      const x = side * (cavW + 7) * sin(t);
      const y = cavY - (cavD + 7) * cos(t);
      const tangent = atan2((cavD + 7) * sin(t), side * (cavW + 7) * cos(t));
      const length = 6 + 6 * sin(t) * r.uniform(0.7, 1.3);
      if (t < 0.55) p.ellipse(x, y, length, 4, 110, tangent);
      else p.bone(x, y, length, 4, tangent, 1.3, 650, 220);
    }
  }
}

function paintDependentLung(p: SlicePainter, y: number, w: number, d: number): void {
  p.ellipseWhere(0, y, w, d, -790, (hu) => hu < -800);
}

function paintMediastinum(p: SlicePainter, z: number, b: Build, cavY: number, cavD: number, spineY: number): void {
  const front = cavY - cavD;
  // the mediastinal fat column between the lungs, widening where the heart is
  const heart = bump(z, 0.42, 0.93) * b.heart;
  const width = along(z, [
    [0, 24],
    [0.25, 30],
    [0.4, 36],
  ]);
  p.ellipse(0, cavY - 3, width, cavD - 2, HU.fat, 0, 0.35);
  // sternum (manubrium above)
  if (z > 0.12 && z < 0.8) {
    const wide = z < 0.3 ? 13 : 9;
    p.bone(0, front - 6, wide, 5.5, 0, 1.5, 800, 250);
  }
  // trachea down to the carina, then the two main bronchi
  const tracheaY = cavY - cavD * 0.15;
  if (z < 0.38) {
    p.ellipse(-2, tracheaY, 10, 9, HU.muscle);
    p.ellipse(-2, tracheaY, 8.2, 7.2, HU.air);
    p.ellipse(6, tracheaY + 14, 6, 5, HU.muscle); // oesophagus behind it
    p.ellipse(6, tracheaY + 14, 1.8, 1.2, HU.air);
  } else if (z < 0.5) {
    for (const s of [-1, 1]) {
      const x = s * (14 + (z - 0.38) * 120);
      p.ellipse(x, tracheaY + 4, 7.5, 6.5, HU.muscle);
      p.ellipse(x, tracheaY + 4, 5.8, 4.8, HU.air);
    }
  }
  if (z >= 0.38) {
    p.ellipse(8, spineY - 24, 6, 5, HU.muscle); // oesophagus
  }
  // great vessels above the arch
  if (z < 0.22) {
    for (const [x, y, r] of [
      [-20, tracheaY - 14, 7],
      [-6, tracheaY - 20, 5],
      [14, tracheaY - 16, 5],
      [22, tracheaY - 2, 6],
      [-32, tracheaY - 8, 8],
      [30, tracheaY - 24, 7],
    ] as const) {
      p.ellipse(x, y, r, r, HU.blood);
    }
  } else if (z < 0.32) {
    // aortic arch: from front right to back left, beside the trachea
    p.capsule(pt(-12, tracheaY - 28), pt(22, spineY - 18), 13, HU.blood);
    p.ellipse(-30, tracheaY - 14, 10, 10, HU.blood); // superior vena cava
  } else {
    // ascending and descending aorta, superior vena cava, pulmonary trunk
    p.ellipse(22, spineY - 14, 12, 12, HU.blood);
    if (z < 0.55) {
      p.ellipse(-10, tracheaY - 26, 16, 16, HU.blood);
      p.ellipse(-32, tracheaY - 16, 10, 10, HU.blood);
    }
    if (z > 0.4 && z < 0.55) {
      p.ellipse(16, tracheaY - 32, 14, 13, HU.blood);
      p.capsule(pt(16, tracheaY - 28), pt(48, tracheaY - 4), 8, HU.blood); // left pulmonary artery
      p.capsule(pt(-10, tracheaY - 10), pt(-44, tracheaY - 2), 8, HU.blood); // right pulmonary artery
    }
  }
  if (heart > 0.05) {
    // heart in its pericardial fat, lying forward and to the left
    const hx = 18;
    const hy = cavY - cavD * 0.25;
    p.ellipse(hx, hy, 80 * heart + 6, 62 * heart + 6, HU.fat, -0.45);
    p.ellipse(hx, hy, 80 * heart, 62 * heart, HU.blood, -0.45);
    // the left ventricular wall is a touch denser than the blood in the chambers
  }
}

function paintSpine(p: SlicePainter, y: number): void {
  // paraspinal muscles, then the vertebra: body, canal, arch and spinous process, transverse processes
  for (const s of [-1, 1]) p.ellipse(s * 30, y + 42, 26, 28, HU.muscle);
  p.bone(0, y, 19, 17, 0, 2, 700, HU.cancellous);
  p.ellipse(0, y + 28, 9, 8, HU.fluid);
  for (const s of [-1, 1]) {
    p.capsule(pt(s * 9, y + 18), pt(s * 11, y + 38), 3.5, 650);
    p.capsule(pt(s * 11, y + 38), pt(0, y + 44), 3.2, 650);
    p.capsule(pt(s * 12, y + 22), pt(s * 32, y + 16), 4, 600);
  }
  p.capsule(pt(0, y + 44), pt(0, y + 62), 3.5, 650);
  p.ellipse(0, y + 28, 8.2, 7.2, HU.fluid);
}

function paintVessels(p: SlicePainter, r: Random, z: number, cavW: number, cavD: number, cavY: number): void {
  // pulmonary vessels: dots and short segments, larger towards the hila
  const n = round(40 + 50 * bump(z, 0, 1.1));
  for (let k = 0; k < n; k++) {
    const side = r.chance(0.5) ? -1 : 1;
    const t = r.next();
    const angle = r.uniform(-Math.PI * 0.45, Math.PI * 0.55);
    const radial = 0.35 + 0.6 * sqrt(t);
    const x = side * cos(angle) * cavW * radial;
    const y = cavY + sin(angle) * cavD * radial * 0.9;
    const size = (1 - radial) * 5 + 0.8;
    const inLung = (hu: number): boolean => hu < -600;
    if (r.chance(0.3)) {
      const dx = r.normal(0, 6);
      const dy = r.normal(0, 6);
      p.ellipseWhere(x, y, hypot(dx, dy) + size, size, HU.blood, inLung, atan2(dy, dx));
    } else p.ellipseWhere(x, y, size, size, HU.blood, inLung);
  }
}

function paintUpperAbdomen(p: SlicePainter, z: number, cavW: number, cavD: number, cavY: number, spineY: number): void {
  // the right hemidiaphragm (image left) rises higher: the liver dome appears first
  const liver = max(0, (z - 0.72) / 0.28);
  if (liver > 0) {
    const notLung = (hu: number): boolean => hu < -90;
    p.ellipseWhere(-cavW * 0.45, cavY + cavD * 0.1, cavW * (0.35 + 0.75 * liver), cavD * (0.4 + 0.75 * liver), HU.liver, notLung);
  }
  const left = max(0, (z - 0.8) / 0.2);
  if (left > 0) {
    const notLung = (hu: number): boolean => hu < -500;
    // stomach with its air bubble in front, spleen behind
    p.ellipseWhere(cavW * 0.45, cavY - cavD * 0.1, cavW * (0.25 + 0.55 * left), cavD * (0.3 + 0.5 * left), HU.muscle - 10, notLung);
    p.ellipse(cavW * 0.42, cavY - cavD * 0.35, 22 * left + 2, 12 * left + 1, HU.air);
    p.ellipseWhere(cavW * 0.65, spineY - 10, 30 * left + 2, 40 * left + 2, HU.liver - 10, notLung, 0.5);
  }
}

function paintShoulders(p: SlicePainter, z: number, cavW: number, cavY: number, cavD: number, halfWidth: number): void {
  // scapular blades behind the upper ribs; clavicles in front at the top
  if (z < 0.5) {
    const fade = 1 - z / 0.5;
    for (const s of [-1, 1]) {
      const medial = pt(s * (cavW * 0.45), cavY + cavD + 24);
      const lateral = pt(s * (cavW + 24), cavY + cavD * 0.3);
      p.capsule(medial, lateral, 1.5 + fade, 600);
    }
  }
  if (z < 0.12) {
    for (const s of [-1, 1]) p.bone(s * (halfWidth * 0.45), cavY - cavD - 16, 22, 7, s * 0.2, 2, 900, 300);
  }
}

function finish(p: SlicePainter, exposureFactor: number, noise: Random): RenderedImage {
  const { rows, columns } = p.canvas;
  const n = rows * columns;
  const hu = p.hu;
  // reconstruction softens edges a little; the noise is correlated over a pixel or two
  const temp = new Float32Array(n);
  boxBlur(hu, rows, columns, 1, temp);
  const sigma = 14 / sqrt(max(exposureFactor, 0.05));
  const table = gaussianTable(noise);
  const grain = new Float32Array(n);
  const mask = GAUSS_TABLE_SIZE - 1;
  for (let y = 0; y < rows; y++) {
    let g = noise.int(0, mask);
    for (let x = 0, i = y * columns; x < columns; x++, i++, g++) grain[i] = table[g & mask]!;
  }
  boxBlur(grain, rows, columns, 1, temp); // a 3×3 box divides the spread by 3
  const pixels = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    // outside the body there is little to attenuate: less noise in air
    const value = hu[i]! + grain[i]! * 3 * sigma * (hu[i]! < -950 ? 0.4 : 1) - INTERCEPT;
    pixels[i] = value <= 0 ? 0 : value >= MAX_VALUE ? MAX_VALUE : round(value);
  }
  return {
    rows,
    columns,
    pixels,
    bitsStored: 12,
    photometric: 'MONOCHROME2',
    pixelSpacingMm: CT_SPACING,
    // mediastinal window, in HU
    windowCenter: 40,
    windowWidth: 400,
    rescaleSlope: 1,
    rescaleIntercept: INTERCEPT,
  };
}
