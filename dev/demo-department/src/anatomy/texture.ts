/**
 * Image-sized helper fields: smooth value noise (tissue structure, trabecular bone),
 * separable box blurs (for the equalisation in the display pipeline) and a table of
 * Gaussian deviates (quantum noise without a Box–Muller per pixel).
 */
import type { Random } from '../random';

// local aliases of Math: hot loops reach them faster than the global (markedly so in sandboxes like Jest's)
const { ceil, floor, max, min, round, sqrt } = Math;

/**
 * Smooth value noise read row by row: random lattice values every `cellPx` pixels,
 * smoothstep-interpolated. The horizontal taps are precomputed once, the vertical ones per row.
 */
export class LatticeRows {
  private readonly values: Float32Array;
  private readonly width: number;
  private readonly cellX: Int32Array;
  private readonly weightX: Float32Array;
  private readonly inverseCell: number;
  private r0 = 0;
  private wy = 0;

  constructor(columns: number, cellPx: number, amplitude: number, rows: number, random: Random) {
    this.width = ceil(columns / cellPx) + 2;
    const height = ceil(rows / cellPx) + 2;
    this.values = new Float32Array(this.width * height);
    for (let i = 0; i < this.values.length; i++) this.values[i] = random.uniform(-amplitude, amplitude);
    this.inverseCell = 1 / cellPx;
    this.cellX = new Int32Array(columns);
    this.weightX = new Float32Array(columns);
    for (let x = 0; x < columns; x++) {
      const gx = x * this.inverseCell;
      const ix = floor(gx);
      const f = gx - ix;
      this.cellX[x] = ix;
      this.weightX[x] = f * f * (3 - 2 * f);
    }
  }

  setRow(y: number): void {
    const gy = y * this.inverseCell;
    const iy = floor(gy);
    const f = gy - iy;
    this.wy = f * f * (3 - 2 * f);
    this.r0 = iy * this.width;
  }

  at(x: number): number {
    const v = this.values;
    const ix = this.r0 + this.cellX[x]!;
    const wx = this.weightX[x]!;
    const a = v[ix]!;
    const b = v[ix + this.width]!;
    const top = a + (v[ix + 1]! - a) * wx;
    const bottom = b + (v[ix + this.width + 1]! - b) * wx;
    return top + (bottom - top) * this.wy;
  }
}

/**
 * Adds smooth noise in about [−amplitude, amplitude] with features of `cellPx` pixels to `target`
 * (random lattice values, smoothstep-interpolated), for the whole image.
 */
export function addValueNoise(
  target: Float32Array,
  rows: number,
  columns: number,
  cellPx: number,
  amplitude: number,
  random: Random,
): void {
  const gw = ceil(columns / cellPx) + 2;
  const gh = ceil(rows / cellPx) + 2;
  const values = new Float32Array(gw * gh);
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(-amplitude, amplitude);
  // horizontal cells and weights are the same on every row: precompute them
  const cellX = new Int32Array(columns);
  const weightX = new Float32Array(columns);
  for (let x = 0; x < columns; x++) {
    const gx = x / cellPx;
    const ix = floor(gx);
    const f = gx - ix;
    cellX[x] = ix;
    weightX[x] = f * f * (3 - 2 * f);
  }
  for (let y = 0; y < rows; y++) {
    const gy = y / cellPx;
    const iy = floor(gy);
    const f = gy - iy;
    const wy = f * f * (3 - 2 * f);
    const r0 = iy * gw;
    const r1 = r0 + gw;
    let i = y * columns;
    for (let x = 0; x < columns; x++, i++) {
      const ix = cellX[x]!;
      const wx = weightX[x]!;
      const a = values[r0 + ix]!;
      const b = values[r1 + ix]!;
      const top = a + (values[r0 + ix + 1]! - a) * wx;
      const bottom = b + (values[r1 + ix + 1]! - b) * wx;
      target[i] = target[i]! + top + (bottom - top) * wy;
    }
  }
}

/** Running-sum box blur along rows then columns (edges clamped), in place; `temp` must hold rows·columns. */
export function boxBlur(data: Float32Array, rows: number, columns: number, radius: number, temp: Float32Array): void {
  const r = max(1, round(radius));
  const norm = 1 / (2 * r + 1);
  const lastX = columns - 1;
  // rows: data → temp
  for (let y = 0; y < rows; y++) {
    const o = y * columns;
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += data[o + min(max(k, 0), lastX)]!;
    for (let x = 0; x < columns; x++) {
      temp[o + x] = sum * norm;
      sum += data[o + min(x + r + 1, lastX)]! - data[o + max(x - r, 0)]!;
    }
  }
  // columns: temp → data, a whole row of running sums at a time (cache friendly)
  const lastY = rows - 1;
  const sums = new Float32Array(columns);
  for (let k = -r; k <= r; k++) {
    const o = min(max(k, 0), lastY) * columns;
    for (let x = 0; x < columns; x++) sums[x] = sums[x]! + temp[o + x]!;
  }
  for (let y = 0; y < rows; y++) {
    const o = y * columns;
    const add = min(y + r + 1, lastY) * columns;
    const sub = max(y - r, 0) * columns;
    for (let x = 0; x < columns; x++) {
      const s = sums[x]!;
      data[o + x] = s * norm;
      sums[x] = s + temp[add + x]! - temp[sub + x]!;
    }
  }
}

/** Approximately Gaussian blur of standard deviation `sigmaPx` (three box passes), in place. */
export function gaussianBlur(data: Float32Array, rows: number, columns: number, sigmaPx: number): void {
  // three boxes of width 2r+1 have variance 3·((2r+1)² − 1)/12 = r(r+1)
  const r = max(1, round((sqrt(1 + 4 * sigmaPx * sigmaPx) - 1) / 2));
  const temp = new Float32Array(rows * columns);
  for (let pass = 0; pass < 3; pass++) boxBlur(data, rows, columns, r, temp);
}

/**
 * A wide Gaussian blur kept on a shrunken grid (a wide blur has no fine detail to keep) and
 * enlarged bilinearly one row at a time, where it is used, instead of as a whole image.
 */
export class SmoothField {
  private readonly grid: Float32Array;
  private readonly gridRows: number;
  private readonly gridColumns: number;
  private readonly factor: number;
  private readonly x0s: Int32Array;
  private readonly x1s: Int32Array;
  private readonly fxs: Float32Array;

  /** values of `data` below `lowest` count as `lowest` (keeps air from haloing edges) */
  constructor(data: Float32Array, rows: number, columns: number, sigmaPx: number, lowest = -Infinity) {
    const f = max(1, round(sigmaPx / 2.5));
    const sr = ceil(rows / f);
    const sc = ceil(columns / f);
    const grid = new Float32Array(sr * sc);
    const cellOf = new Int32Array(columns);
    for (let x = 0; x < columns; x++) cellOf[x] = (x / f) | 0;
    for (let y = 0; y < rows; y++) {
      const o = ((y / f) | 0) * sc;
      const row = y * columns;
      for (let x = 0; x < columns; x++) {
        const v = data[row + x]!;
        const j = o + cellOf[x]!;
        grid[j] = grid[j]! + (v > lowest ? v : lowest);
      }
    }
    for (let gy = 0; gy < sr; gy++) {
      const h = min(f, rows - gy * f);
      for (let gx = 0; gx < sc; gx++) grid[gy * sc + gx] = grid[gy * sc + gx]! / (h * min(f, columns - gx * f));
    }
    gaussianBlur(grid, sr, sc, sigmaPx / f);
    this.grid = grid;
    this.gridRows = sr;
    this.gridColumns = sc;
    this.factor = f;
    // the horizontal taps are the same on every row
    this.x0s = new Int32Array(columns);
    this.x1s = new Int32Array(columns);
    this.fxs = new Float32Array(columns);
    for (let x = 0; x < columns; x++) {
      const gx = min(max((x + 0.5) / f - 0.5, 0), sc - 1);
      const x0 = floor(gx);
      this.x0s[x] = x0;
      this.x1s[x] = min(x0 + 1, sc - 1);
      this.fxs[x] = gx - x0;
    }
  }

  /** the blurred values of image row `y` into `out` */
  row(y: number, out: Float32Array): void {
    const { grid, factor, gridRows, gridColumns: sc, x0s, x1s, fxs } = this;
    const gy = min(max((y + 0.5) / factor - 0.5, 0), gridRows - 1);
    const y0 = floor(gy);
    const fy = gy - y0;
    const r0 = y0 * sc;
    const r1 = min(y0 + 1, gridRows - 1) * sc;
    for (let x = 0; x < out.length; x++) {
      const a = x0s[x]!;
      const b = x1s[x]!;
      const fx = fxs[x]!;
      const top = grid[r0 + a]! + (grid[r0 + b]! - grid[r0 + a]!) * fx;
      const bottom = grid[r1 + a]! + (grid[r1 + b]! - grid[r1 + a]!) * fx;
      out[x] = top + (bottom - top) * fy;
    }
  }
}

export const GAUSS_TABLE_SIZE = 1 << 16;

/** Standard normal deviates from the seeded generator, read with random row offsets. */
export function gaussianTable(random: Random): Float32Array {
  const table = new Float32Array(GAUSS_TABLE_SIZE);
  for (let i = 0; i < table.length; i++) table[i] = random.normal(0, 1);
  return table;
}
