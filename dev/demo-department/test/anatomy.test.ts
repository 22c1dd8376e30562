import { renderImage, type BodyPart, type Projection, type RenderRequest, type RenderedImage } from '../src/anatomy';

/** every body part and projection, with the size it must come out at */
const CASES: readonly { bodyPart: BodyPart; projection: Projection; rows: number; columns: number }[] = [
  { bodyPart: 'chest', projection: 'PA', rows: 1024, columns: 1024 },
  { bodyPart: 'chest', projection: 'LAT', rows: 1024, columns: 864 },
  { bodyPart: 'pelvis', projection: 'AP', rows: 832, columns: 1024 },
  { bodyPart: 'knee', projection: 'AP', rows: 800, columns: 640 },
  { bodyPart: 'knee', projection: 'LAT', rows: 800, columns: 640 },
  { bodyPart: 'lumbar-spine', projection: 'AP', rows: 864, columns: 704 },
  { bodyPart: 'lumbar-spine', projection: 'LAT', rows: 864, columns: 704 },
  { bodyPart: 'hand', projection: 'PA', rows: 640, columns: 512 },
  { bodyPart: 'skull', projection: 'PA', rows: 768, columns: 640 },
  { bodyPart: 'skull', projection: 'LAT', rows: 640, columns: 768 },
  { bodyPart: 'breast', projection: 'CC', rows: 832, columns: 640 },
  { bodyPart: 'breast', projection: 'MLO', rows: 832, columns: 640 },
  { bodyPart: 'ct-chest', projection: 'AXIAL', rows: 512, columns: 512 },
];

const ctRequest = (sliceIndex: number, extra: Partial<RenderRequest> = {}): RenderRequest => ({
  bodyPart: 'ct-chest',
  projection: 'AXIAL',
  seed: 11,
  sliceIndex,
  sliceCount: 40,
  ...extra,
});

interface Stats {
  mean: number;
  sd: number;
  median: number;
}

/** statistics of a rectangle given in mm from the image centre */
function region(img: RenderedImage, xa: number, ya: number, xb: number, yb: number): Stats {
  const [x0, x1] = xa < xb ? [xa, xb] : [xb, xa];
  const [y0, y1] = ya < yb ? [ya, yb] : [yb, ya];
  const values: number[] = [];
  const toCol = (x: number): number => Math.round(x / img.pixelSpacingMm + (img.columns - 1) / 2);
  const toRow = (y: number): number => Math.round(y / img.pixelSpacingMm + (img.rows - 1) / 2);
  for (let r = toRow(y0); r <= toRow(y1); r++) {
    for (let c = toCol(x0); c <= toCol(x1); c++) values.push(img.pixels[r * img.columns + c] ?? NaN);
  }
  return stats(values);
}

function stats(values: number[]): Stats {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  const sorted = [...values].sort((a, b) => a - b);
  return { mean, sd, median: sorted[Math.floor(sorted.length / 2)] ?? NaN };
}

/** a band of `width` pixels along all four edges */
function border(img: RenderedImage, width: number): Stats {
  const values: number[] = [];
  for (let r = 0; r < img.rows; r++) {
    for (let c = 0; c < img.columns; c++) {
      if (r < width || c < width || r >= img.rows - width || c >= img.columns - width) values.push(img.pixels[r * img.columns + c] ?? NaN);
    }
  }
  return stats(values);
}

/** spread of the difference between horizontal neighbours: quantum noise, little anatomy */
function noise(img: RenderedImage, x0: number, y0: number, x1: number, y1: number): number {
  const diffs: number[] = [];
  const col = (x: number): number => Math.round(x / img.pixelSpacingMm + (img.columns - 1) / 2);
  const row = (y: number): number => Math.round(y / img.pixelSpacingMm + (img.rows - 1) / 2);
  for (let r = row(y0); r <= row(y1); r++) {
    for (let c = col(x0); c < col(x1); c++) diffs.push((img.pixels[r * img.columns + c + 1] ?? 0) - (img.pixels[r * img.columns + c] ?? 0));
  }
  return stats(diffs).sd;
}

const hu = (img: RenderedImage, value: number): number => value * (img.rescaleSlope ?? 1) + (img.rescaleIntercept ?? 0);

describe('renderImage: synthetic anatomy', () => {
  const images = new Map<string, RenderedImage>();
  const render = (req: RenderRequest): RenderedImage => {
    const key = JSON.stringify(req);
    let img = images.get(key);
    if (!img) {
      img = renderImage(req);
      images.set(key, img);
    }
    return img;
  };

  it.each(CASES)('renders $bodyPart $projection at $columns×$rows within the stored bits', ({ bodyPart, projection, rows, columns }) => {
    const img = render(bodyPart === 'ct-chest' ? ctRequest(20) : { bodyPart, projection, seed: 5 });
    expect(img.rows).toBe(rows);
    expect(img.columns).toBe(columns);
    expect(img.pixels).toHaveLength(rows * columns);
    expect(img.bitsStored).toBe(12);
    expect(img.photometric).toBe('MONOCHROME2');
    expect(img.pixelSpacingMm).toBeGreaterThan(0.2);
    expect(img.pixelSpacingMm).toBeLessThan(1.5);
    expect(img.windowWidth).toBeGreaterThan(0);
    let max = 0;
    for (const v of img.pixels) if (v > max) max = v;
    expect(max).toBeLessThanOrEqual(2 ** img.bitsStored - 1);
    // not blank: a real spread of values
    expect(stats(Array.from(img.pixels.subarray(0, 200000))).sd).toBeGreaterThan(50);
  });

  it('is deterministic: the same request gives identical pixels, another seed other pixels', () => {
    for (const req of [
      { bodyPart: 'hand', projection: 'PA', seed: 3, laterality: 'L', positioningError: 0.5 },
      { bodyPart: 'knee', projection: 'LAT', seed: 3, exposureFactor: 0.7 },
      ctRequest(7),
    ] as RenderRequest[]) {
      const a = renderImage(req);
      const b = renderImage(req);
      expect(Buffer.from(a.pixels.buffer).equals(Buffer.from(b.pixels.buffer))).toBe(true);
      const c = renderImage({ ...req, seed: req.seed + 1 });
      expect(Buffer.from(a.pixels.buffer).equals(Buffer.from(c.pixels.buffer))).toBe(false);
    }
  });

  it.each(CASES.filter((c) => c.bodyPart !== 'breast' && c.bodyPart !== 'ct-chest'))(
    '$bodyPart $projection is collimated: the border is dark and flat, the field is not',
    ({ bodyPart, projection }) => {
      const img = render({ bodyPart, projection, seed: 5 });
      const edge = border(img, 6);
      const centre = region(img, -30, -30, 30, 30);
      expect(edge.mean).toBeLessThan(centre.mean * 0.2);
      expect(edge.sd).toBeLessThan(10);
      expect(centre.mean).toBeGreaterThan(300);
    },
  );

  it('breast: the background beside the breast is black (direct exposure), the breast is not', () => {
    const img = render({ bodyPart: 'breast', projection: 'CC', seed: 5, laterality: 'R' });
    // a right breast has its chest wall on the image right, so the left is air
    expect(region(img, -90, -120, -75, -100).mean).toBeLessThan(region(img, 40, -20, 80, 20).mean * 0.3);
  });

  it('chest PA: both lung fields are clearly darker than the mediastinum between them', () => {
    const img = render({ bodyPart: 'chest', projection: 'PA', seed: 5 });
    const right = region(img, -110, -70, -80, -20).mean;
    const left = region(img, 80, -70, 110, -20).mean;
    const mediastinum = region(img, -10, -70, 10, -20).mean;
    expect(right).toBeLessThan(mediastinum - 600);
    expect(left).toBeLessThan(mediastinum - 600);
    // and the abdomen below the domes is bright again
    expect(region(img, -110, 140, -80, 160).mean).toBeGreaterThan(right + 600);
  });

  it('pelvis AP: the femoral heads are brighter than the soft tissue lateral to them', () => {
    const img = render({ bodyPart: 'pelvis', projection: 'AP', seed: 5 });
    for (const s of [-1, 1]) {
      const head = region(img, s * 95, -15, s * 80, 0).mean;
      const soft = region(img, s * 175, -50, s * 165, -30).mean;
      expect(head).toBeGreaterThan(soft + 400);
    }
  });

  it('knee AP: a dark joint space runs between the femoral condyle and the tibial plateau', () => {
    const img = render({ bodyPart: 'knee', projection: 'AP', seed: 5 });
    // mean of each row across the lateral compartment, from above the joint to below it
    const rows: number[] = [];
    for (let y = -20; y <= 30; y += img.pixelSpacingMm) rows.push(region(img, -34, y, -22, y).mean);
    const darkest = rows.indexOf(Math.min(...rows));
    expect(darkest).toBeGreaterThan(0);
    expect(darkest).toBeLessThan(rows.length - 1);
    const joint = rows[darkest] ?? 0;
    expect(Math.max(...rows.slice(0, darkest))).toBeGreaterThan(joint + 150); // femur
    expect(Math.max(...rows.slice(darkest + 1))).toBeGreaterThan(joint + 150); // tibia
  });

  it('hand PA: left and right hands are mirror images of each other', () => {
    const right = render({ bodyPart: 'hand', projection: 'PA', seed: 8, laterality: 'R' });
    const left = render({ bodyPart: 'hand', projection: 'PA', seed: 8, laterality: 'L' });
    // the thumb side is brighter (more tissue) on the image left for a right hand, and the other way round
    const thumbRight = region(right, -70, -10, -45, 20).mean;
    const thumbLeft = region(left, 45, -10, 70, 20).mean;
    expect(thumbRight).toBeGreaterThan(region(right, 45, -10, 70, 20).mean);
    expect(thumbLeft).toBeGreaterThan(region(left, -70, -10, -45, 20).mean);
  });

  it('CT: lung near −850 HU, vertebral body at bone HU, air outside the body near −1000 HU', () => {
    const img = render(ctRequest(20));
    expect(img.rescaleIntercept).toBe(-1024);
    expect(img.rescaleSlope).toBe(1);
    for (const s of [-1, 1]) {
      const lung = hu(img, region(img, s * 100, -40, s * 80, -20).median);
      expect(lung).toBeGreaterThan(-950);
      expect(lung).toBeLessThan(-700);
    }
    expect(hu(img, region(img, -4, 56, 4, 64).median)).toBeGreaterThan(150);
    expect(hu(img, region(img, -195, -195, -170, -170).median)).toBeLessThan(-950);
    // soft tissue of the chest wall in between
    expect(hu(img, region(img, -4, 125, 4, 132).median)).toBeGreaterThan(-150);
  });

  it('CT: the anatomy changes from apex to base (lung above, liver below on the right)', () => {
    const top = render(ctRequest(6));
    const base = render(ctRequest(39));
    expect(hu(top, region(top, -80, 0, -60, 20).median)).toBeLessThan(-700);
    expect(hu(base, region(base, -80, 0, -60, 20).median)).toBeGreaterThan(0);
  });

  it('exposure: under-exposure is noisier and lighter, over-exposure smoother and darker', () => {
    const base: RenderRequest = { bodyPart: 'chest', projection: 'PA', seed: 5 };
    const low = render({ ...base, exposureFactor: 0.5 });
    const normal = render(base);
    const high = render({ ...base, exposureFactor: 2 });
    const lung = (img: RenderedImage): number => noise(img, -110, -70, -80, -20);
    expect(lung(low)).toBeGreaterThan(lung(normal) * 1.15);
    expect(lung(normal)).toBeGreaterThan(lung(high) * 1.15);
    const level = (img: RenderedImage): number => region(img, -110, -70, -80, -20).mean;
    expect(level(low)).toBeGreaterThan(level(normal) + 100);
    expect(level(high)).toBeLessThan(level(normal) - 100);
    // CT: the noise follows the dose too
    const ctNoise = (img: RenderedImage): number => noise(img, 22, 94, 38, 106);
    expect(ctNoise(render(ctRequest(20, { exposureFactor: 0.5 })))).toBeGreaterThan(ctNoise(render(ctRequest(20))) * 1.2);
  });

  it('positioning error moves the patient, not the anatomy', () => {
    const ideal = render({ bodyPart: 'chest', projection: 'PA', seed: 5 });
    const rotated = render({ bodyPart: 'chest', projection: 'PA', seed: 5, positioningError: 1 });
    let differing = 0;
    for (let i = 0; i < ideal.pixels.length; i += 97) if (Math.abs((ideal.pixels[i] ?? 0) - (rotated.pixels[i] ?? 0)) > 200) differing++;
    expect(differing).toBeGreaterThan(ideal.pixels.length / 97 / 10);
    // same patient: the overall histogram hardly changes
    expect(Math.abs(stats(Array.from(rotated.pixels)).mean - stats(Array.from(ideal.pixels)).mean)).toBeLessThan(250);
  });

  it('rejects projections a body part does not have', () => {
    expect(() => renderImage({ bodyPart: 'hand', projection: 'LAT', seed: 1 })).toThrow(/hand LAT/);
    expect(() => renderImage({ bodyPart: 'ct-chest', projection: 'PA', seed: 1 })).toThrow(/ct-chest PA/);
  });
});
