import type { Point } from './geometry';

/**
 * How the patient lies on the detector. Anatomy is written in patient millimetres
 * (origin at the centre of the part, x to the image right, y down, z towards the tube);
 * the pose maps it to detector pixels, so positioning errors move anatomy but not the field.
 */
export interface Pose {
  /** in-plane rotation, radians */
  angle: number;
  /** patient size relative to the nominal anatomy */
  scale: number;
  /** shift of the patient on the detector, mm */
  dx: number;
  dy: number;
  /** rotation about the patient's long axis: shifts each structure sideways by z·sin(yaw) */
  yaw: number;
  /** left–right mirror, applied first: draws the other side's knee, hand or breast */
  mirror: boolean;
}

/** shared zeroed scratch buffers by image size (rendering is synchronous, so one set suffices) */
const SCRATCH_POOL = new Map<string, Float32Array>();
const TOUCHED_POOL = new Map<number, Int32Array>();

export const IDEAL_POSE: Pose = { angle: 0, scale: 1, dx: 0, dy: 0, yaw: 0, mirror: false };

/**
 * Accumulates the projected attenuation Σμt per detector pixel.
 * `marrow` holds the medullary-bone part separately so that the pipeline can give it trabecular texture.
 */
export class Canvas {
  readonly attenuation: Float32Array;
  readonly marrow: Float32Array;
  private readonly cos: number;
  private readonly sin: number;
  private readonly yawSin: number;
  private scratchBuffers: Float32Array[] = [];
  /** true while drawing a union of shapes (see primitives.union) */
  inUnion = false;
  /** pixels whose scratch thickness is non-zero, to be flushed and cleared */
  private touchedList: Int32Array | undefined;
  touchedCount = 0;

  constructor(
    readonly rows: number,
    readonly columns: number,
    /** mm per pixel */
    readonly spacing: number,
    readonly pose: Pose = IDEAL_POSE,
  ) {
    this.attenuation = new Float32Array(rows * columns);
    this.marrow = new Float32Array(rows * columns);
    this.cos = Math.cos(pose.angle);
    this.sin = Math.sin(pose.angle);
    this.yawSin = Math.sin(pose.yaw);
  }

  /** patient mm → pixel coordinates (pixel centres at integers) */
  toPixel(x: number, y: number, z = 0): Point {
    const { scale, dx, dy } = this.pose;
    const xs = scale * ((this.pose.mirror ? -x : x) + z * this.yawSin);
    const ys = scale * y;
    const xd = xs * this.cos - ys * this.sin + dx;
    const yd = xs * this.sin + ys * this.cos + dy;
    return { x: xd / this.spacing + (this.columns - 1) / 2, y: yd / this.spacing + (this.rows - 1) / 2 };
  }

  /** a patient length (mm) in pixels */
  pixels(mm: number): number {
    return (this.pose.scale * mm) / this.spacing;
  }

  /** a patient thickness (mm) as projected thickness in mm */
  thickness(mm: number): number {
    return this.pose.scale * mm;
  }

  /** a patient-frame angle (of an axis) as an image angle */
  angle(radians: number): number {
    return (this.pose.mirror ? -radians : radians) + this.pose.angle;
  }

  get mirrored(): boolean {
    return this.pose.mirror;
  }

  /** detector mm (origin at the image centre) → pixel coordinates; for things fixed to the detector */
  detectorToPixel(x: number, y: number): Point {
    return { x: x / this.spacing + (this.columns - 1) / 2, y: y / this.spacing + (this.rows - 1) / 2 };
  }

  /** list of the pixels written into the scratch buffers since the last flush */
  touched(): Int32Array {
    if (!this.touchedList) {
      const n = this.rows * this.columns;
      this.touchedList = TOUCHED_POOL.get(n) ?? new Int32Array(n);
      TOUCHED_POOL.set(n, this.touchedList);
    }
    return this.touchedList;
  }

  /**
   * Image-sized zeroed work buffers, reused between primitives and between images of the same
   * size (whoever uses one must leave it zeroed): allocating them per image costs more than drawing.
   */
  scratch(index: number): Float32Array {
    let buffer = this.scratchBuffers[index];
    if (!buffer) {
      const n = this.rows * this.columns;
      const key = `${n}/${index}`;
      buffer = SCRATCH_POOL.get(key);
      if (!buffer) {
        buffer = new Float32Array(n);
        SCRATCH_POOL.set(key, buffer);
      }
      this.scratchBuffers[index] = buffer;
    }
    return buffer;
  }
}
