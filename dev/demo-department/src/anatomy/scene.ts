/** What each body part/projection module provides to the renderer. */
import type { Random } from '../random';
import type { Canvas } from './canvas';
import type { Technique } from './render';

export interface SceneContext {
  /** anatomical variation between patients */
  random: Random;
  laterality: 'L' | 'R';
}

export interface ProjectionScene {
  rows: number;
  columns: number;
  /** mm per pixel */
  spacing: number;
  /** how far (mm) a badly positioned patient may be shifted and rotated, for this part */
  misplacementMm: number;
  /** the exposure and processing, and where the side marker goes */
  technique(ctx: SceneContext): Technique;
  draw(c: Canvas, ctx: SceneContext): void;
}
