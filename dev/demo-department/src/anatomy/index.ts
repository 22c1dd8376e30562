/**
 * Procedural synthetic anatomy for the demo PACS: radiographs (and CT slices) that read as the
 * named body part. Pure computation: no I/O. Same request → identical pixels.
 */
import { createRandom } from '../random';
import { BREAST_CC, BREAST_MLO } from './breast';
import { Canvas } from './canvas';
import { renderCtSlice } from './ct';
import { CHEST_LAT, CHEST_PA } from './chest';
import { HAND_PA } from './hand';
import { KNEE_AP, KNEE_LAT } from './knee';
import { PELVIS_AP } from './pelvis';
import { choosePose } from './pose';
import { SKULL_LAT, SKULL_PA } from './skull';
import { LUMBAR_AP, LUMBAR_LAT } from './spine';
import { BITS_STORED, expose } from './render';
import type { ProjectionScene } from './scene';
import type { BodyPart, Projection, RenderRequest, RenderedImage } from './types';

export type { BodyPart, Projection, RenderRequest, RenderedImage } from './types';

/** the projections each body part supports */
export const SCENES: Partial<Record<BodyPart, Partial<Record<Projection, ProjectionScene>>>> = {
  chest: { PA: CHEST_PA, LAT: CHEST_LAT },
  pelvis: { AP: PELVIS_AP },
  knee: { AP: KNEE_AP, LAT: KNEE_LAT },
  'lumbar-spine': { AP: LUMBAR_AP, LAT: LUMBAR_LAT },
  hand: { PA: HAND_PA },
  skull: { PA: SKULL_PA, LAT: SKULL_LAT },
  breast: { CC: BREAST_CC, MLO: BREAST_MLO },
};

export const SUPPORTED_PROJECTIONS: Record<BodyPart, readonly Projection[]> = {
  chest: ['PA', 'LAT'],
  pelvis: ['AP'],
  knee: ['AP', 'LAT'],
  'lumbar-spine': ['AP', 'LAT'],
  hand: ['PA'],
  skull: ['PA', 'LAT'],
  breast: ['CC', 'MLO'],
  'ct-chest': ['AXIAL'],
};

/** a seed per body part and projection, so two parts with the same seed still differ */
function streamSeed(req: RenderRequest): number {
  let h = req.seed >>> 0;
  for (const ch of `${req.bodyPart}/${req.projection}/${req.laterality ?? ''}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

export function renderImage(req: RenderRequest): RenderedImage {
  if (req.bodyPart === 'ct-chest') {
    if (req.projection !== 'AXIAL') throw new Error(`no synthetic anatomy for ct-chest ${req.projection}`);
    const seed = streamSeed(req);
    const root = createRandom(seed);
    const anatomy = root.fork();
    const pose = choosePose(root.fork(), req.positioningError ?? 0, 25, false);
    return renderCtSlice(req.sliceIndex ?? 0, req.sliceCount ?? 1, seed, anatomy, { ...pose, yaw: 0 }, req.exposureFactor ?? 1);
  }
  const scene = SCENES[req.bodyPart]?.[req.projection];
  if (!scene) throw new Error(`no synthetic anatomy for ${req.bodyPart} ${req.projection}`);
  const root = createRandom(streamSeed(req));
  // independent streams: exposure or positioning never change the patient's anatomy
  const anatomy = root.fork();
  const placement = root.fork();
  const detector = root.fork();
  const laterality = req.laterality ?? 'R';
  const ctx = { random: anatomy, laterality };
  const pose = choosePose(placement, req.positioningError ?? 0, scene.misplacementMm, laterality === 'L');
  const canvas = new Canvas(scene.rows, scene.columns, scene.spacing, pose);
  const technique = scene.technique(ctx);
  scene.draw(canvas, ctx);
  const exposed = expose(canvas, technique, req.exposureFactor ?? 1, detector);
  return {
    rows: scene.rows,
    columns: scene.columns,
    pixels: exposed.pixels,
    bitsStored: BITS_STORED,
    photometric: 'MONOCHROME2',
    pixelSpacingMm: scene.spacing,
    windowCenter: exposed.windowCenter,
    windowWidth: exposed.windowWidth,
  };
}
