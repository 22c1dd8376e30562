/**
 * Where the patient ends up on the detector. Every patient is a little different (size,
 * a degree or two, a few mm); a positioning error adds a visible rotation, tilt and
 * off-centring, the kind of fault that makes a radiographer reject and repeat an image.
 */
import type { Random } from '../random';
import type { Pose } from './canvas';

export function choosePose(random: Random, positioningError: number, misplacementMm: number, mirror: boolean): Pose {
  const e = Math.max(0, positioningError);
  // always draw the same numbers, so the error only changes the pose, not the anatomy
  const sign = (): number => (random.chance(0.5) ? -1 : 1);
  const natural = { angle: random.normal(0, 0.012), dx: random.normal(0, 3), dy: random.normal(0, 3), yaw: random.normal(0, 0.01) };
  const faulty = {
    angle: sign() * random.uniform(0.07, 0.13),
    dx: sign() * random.uniform(0.5, 1) * misplacementMm,
    dy: sign() * random.uniform(0.3, 0.8) * misplacementMm,
    yaw: sign() * random.uniform(0.14, 0.24),
  };
  const scale = random.uniform(0.94, 1.06);
  return {
    angle: natural.angle + e * faulty.angle,
    dx: natural.dx + e * faulty.dx,
    dy: natural.dy + e * faulty.dy,
    yaw: natural.yaw + e * faulty.yaw,
    scale,
    mirror,
  };
}
