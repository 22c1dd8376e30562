/**
 * Detector and display pipeline for projection radiographs: attenuation → detected quanta
 * (with quantum noise that grows as exposure falls) → log signal → the equalisation and
 * edge enhancement a DR system applies → a film-like tone curve → 12-bit values,
 * with the area outside the collimated field blanked as DR systems do ("black surround").
 */
import type { Random } from '../random';
import type { Canvas } from './canvas';
import { drawMarker, type MarkerSpec } from './marker';
import { gaussianTable, GAUSS_TABLE_SIZE, LatticeRows, SmoothField } from './texture';

// local aliases of Math: hot loops reach them faster than the global (markedly so in sandboxes like Jest's)
const { exp, log, max, min, round, sqrt, tanh } = Math;

export const BITS_STORED = 12;
const MAX_VALUE = (1 << BITS_STORED) - 1;
const BLANK = 12; // collimated area: nearly blank, just a trace of electronic noise

export interface Field {
  /** detector mm from the image centre */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Technique {
  /** Σμt behind the anatomy the exposure is set for (the AEC chamber region) */
  reference: number;
  /** detected quanta per pixel there at exposureFactor 1 (sets the noise) */
  quanta: number;
  /** log signal, relative to the reference, that is shown mid-grey */
  level: number;
  /** slope of the tone curve (tanh) per unit of log signal */
  contrast: number;
  /** fraction of large-area contrast removed (dynamic range compression), and its scale in mm */
  latitude: number;
  latitudeMm: number;
  /** gain of the edge enhancement, and its scale in mm */
  detail: number;
  detailMm: number;
  /** amplitude (Σμt) of smooth tissue inhomogeneity */
  structure: number;
  /** relative amplitude of trabecular texture in medullary bone */
  trabecular: number;
  field: Field;
  marker?: MarkerSpec;
}

export interface Exposed {
  pixels: Uint16Array;
  windowCenter: number;
  windowWidth: number;
}

export function expose(c: Canvas, t: Technique, exposureFactor: number, random: Random): Exposed {
  const { rows, columns, spacing } = c;
  const n = rows * columns;
  const a = c.attenuation;
  const signal = new Float32Array(n);
  addTextures(c, t, random);
  if (t.marker) drawMarker(c, t.marker);

  // detector: N = N0·E·exp(−(A − ref)); the log signal's noise is 1/sqrt(N), tabulated over A
  const exposure = max(exposureFactor, 0.01);
  const logE = log(exposure);
  const sigmaOf = noiseTable(1 / sqrt(t.quanta * exposure));
  const gauss = gaussianTable(random);
  const mask = GAUSS_TABLE_SIZE - 1;
  const reference = t.reference;
  for (let y = 0; y < rows; y++) {
    let g = random.int(0, mask);
    let i = y * columns;
    for (let x = 0; x < columns; x++, i++, g++) {
      const rel = a[i]! - reference;
      let k = ((rel - NOISE_LOW) * NOISE_STEPS_PER_UNIT) | 0;
      k = k < 0 ? 0 : k >= sigmaOf.length ? sigmaOf.length - 1 : k;
      signal[i] = rel - logE + gauss[g & mask]! * sigmaOf[k]!;
    }
  }

  // equalisation: remove part of the large-area signal, boost fine detail
  const signalFloor = t.level - 2 / t.contrast; // air beyond the skin would otherwise halo the edges
  const large = new SmoothField(signal, rows, columns, t.latitudeMm / spacing, signalFloor);
  const small = new SmoothField(signal, rows, columns, t.detailMm / spacing);
  const largeRow = new Float32Array(columns);
  const smallRow = new Float32Array(columns);

  const tone = toneCurve(t);
  const table = tone.table;
  const low = tone.low;
  const toneScale = tone.scale;
  const latitude = t.latitude;
  const level = t.level;
  const detail = t.detail;
  const f = t.field;
  const p0 = c.detectorToPixel(f.left, f.top);
  const p1 = c.detectorToPixel(f.right, f.bottom);
  const penumbra = max(1.2 / spacing, 1); // geometric unsharpness of the collimator blades
  const pixels = new Uint16Array(n);
  const histogram = new Uint32Array(MAX_VALUE + 1);
  let inField = 0;
  for (let y = 0; y < rows; y++) {
    const outY = y < p0.y ? p0.y - y : y > p1.y ? y - p1.y : 0;
    let g = random.int(0, mask);
    const exposed = outY < penumbra;
    if (exposed) {
      large.row(y, largeRow);
      small.row(y, smallRow);
    }
    let i = y * columns;
    for (let x = 0; x < columns; x++, i++, g++) {
      const outX = x < p0.x ? p0.x - x : x > p1.x ? x - p1.x : 0;
      const out = outX > outY ? outX : outY;
      let v = BLANK;
      if (exposed && out < penumbra) {
        const s = signal[i]!;
        const l = s - latitude * (largeRow[x]! - level) + detail * (s - smallRow[x]!);
        let k = ((l - low) * toneScale) | 0;
        k = k < 0 ? 0 : k >= TONE_STEPS ? TONE_STEPS - 1 : k;
        v = table[k]!;
        if (out > 0) v = BLANK + (v - BLANK) * (1 - out / penumbra);
      }
      if (out > 0) v += gauss[g & mask]! * 2;
      const q = v <= 0 ? 0 : v >= MAX_VALUE ? MAX_VALUE : (v + 0.5) | 0;
      pixels[i] = q;
      if (out === 0) {
        histogram[q]!++;
        inField++;
      }
    }
  }
  const lo = percentile(histogram, inField, 0.01);
  const hi = percentile(histogram, inField, 0.995);
  return { pixels, windowCenter: round((lo + hi) / 2), windowWidth: max(round(hi - lo), 64) };
}

const NOISE_LOW = -8;
const NOISE_STEPS_PER_UNIT = 200;

/** the noise of the log signal, min(exp((A − ref)/2)/sqrt(N0·E), 0.6), tabulated over A − ref */
function noiseTable(scale: number): Float32Array {
  const table = new Float32Array(20 * NOISE_STEPS_PER_UNIT);
  for (let k = 0; k < table.length; k++) table[k] = min(exp((NOISE_LOW + (k + 0.5) / NOISE_STEPS_PER_UNIT) * 0.5) * scale, 0.6);
  return table;
}

const TONE_STEPS = 4096;

/** the film-like tone curve (tanh), tabulated: toe and shoulder compress the extremes */
function toneCurve(t: Technique): { table: Float32Array; low: number; scale: number } {
  const span = 4 / t.contrast;
  const low = t.level - span;
  const scale = (TONE_STEPS - 1) / (2 * span);
  const table = new Float32Array(TONE_STEPS);
  for (let k = 0; k < TONE_STEPS; k++) table[k] = 0.5 * MAX_VALUE * (1 + tanh(t.contrast * (low + k / scale - t.level)));
  return { table, low, scale };
}

/**
 * Smooth inhomogeneity of tissue (two scales, faded out towards thin tissue so air stays clean)
 * and trabecular mottle where there is medullary bone, in one pass over the image.
 */
function addTextures(c: Canvas, t: Technique, random: Random): void {
  const { rows, columns, spacing } = c;
  const a = c.attenuation;
  const m = c.marrow;
  const coarse = new LatticeRows(columns, 30 / spacing, t.structure, rows, random);
  const fine = new LatticeRows(columns, 7 / spacing, 0.6 * t.structure, rows, random);
  const trabecular = new LatticeRows(columns, max(1.1 / spacing, 1.5), t.trabecular, rows, random);
  for (let y = 0, i = 0; y < rows; y++) {
    coarse.setRow(y);
    fine.setRow(y);
    trabecular.setRow(y);
    for (let x = 0; x < columns; x++, i++) {
      const ai = a[i]!;
      if (ai <= 0.02) continue;
      let v = ai + (coarse.at(x) + fine.at(x)) * (ai < 1 ? ai : 1);
      const mi = m[i]!;
      if (mi > 0) v += mi * trabecular.at(x);
      a[i] = v;
    }
  }
}

function percentile(histogram: Uint32Array, total: number, p: number): number {
  const target = total * p;
  let sum = 0;
  for (let v = 0; v < histogram.length; v++) {
    sum += histogram[v]!;
    if (sum >= target) return v;
  }
  return histogram.length - 1;
}
