/**
 * Renders every body part and projection to 8-bit PNGs for a person to look at:
 *   npx tsx dev/demo-department/src/anatomy/preview.ts [outDir] [namePrefix]
 * outDir defaults to .data/anatomy-preview; namePrefix (e.g. "chest") renders only those.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { renderImage, type RenderRequest, type RenderedImage } from './index';

interface Item {
  name: string;
  request: RenderRequest;
}

function previewItems(): Item[] {
  const seed = 1234;
  const items: Item[] = [
    { name: 'chest-pa', request: { bodyPart: 'chest', projection: 'PA', seed } },
    { name: 'chest-lat', request: { bodyPart: 'chest', projection: 'LAT', seed } },
    { name: 'chest-pa-underexposed', request: { bodyPart: 'chest', projection: 'PA', seed, exposureFactor: 0.3 } },
    { name: 'chest-pa-mispositioned', request: { bodyPart: 'chest', projection: 'PA', seed, positioningError: 1 } },
    { name: 'pelvis-ap', request: { bodyPart: 'pelvis', projection: 'AP', seed } },
    { name: 'knee-ap-r', request: { bodyPart: 'knee', projection: 'AP', seed, laterality: 'R' } },
    { name: 'knee-lat-l', request: { bodyPart: 'knee', projection: 'LAT', seed, laterality: 'L' } },
    { name: 'lumbar-ap', request: { bodyPart: 'lumbar-spine', projection: 'AP', seed } },
    { name: 'lumbar-lat', request: { bodyPart: 'lumbar-spine', projection: 'LAT', seed } },
    { name: 'hand-pa-l', request: { bodyPart: 'hand', projection: 'PA', seed, laterality: 'L' } },
    { name: 'skull-pa', request: { bodyPart: 'skull', projection: 'PA', seed } },
    { name: 'skull-lat', request: { bodyPart: 'skull', projection: 'LAT', seed } },
    { name: 'breast-cc-r', request: { bodyPart: 'breast', projection: 'CC', seed, laterality: 'R' } },
    { name: 'breast-mlo-l', request: { bodyPart: 'breast', projection: 'MLO', seed, laterality: 'L' } },
  ];
  const sliceCount = 40;
  for (const sliceIndex of [6, 20, 34]) {
    items.push({
      name: `ct-chest-slice-${String(sliceIndex).padStart(2, '0')}`,
      request: { bodyPart: 'ct-chest', projection: 'AXIAL', seed, sliceIndex, sliceCount },
    });
  }
  return items;
}

/** apply the default window (after the modality rescale) and the photometric interpretation */
function toGrey8(image: RenderedImage): Uint8Array {
  const slope = image.rescaleSlope ?? 1;
  const intercept = image.rescaleIntercept ?? 0;
  const low = image.windowCenter - image.windowWidth / 2;
  const out = new Uint8Array(image.pixels.length);
  for (let i = 0; i < out.length; i++) {
    const value = (image.pixels[i] ?? 0) * slope + intercept;
    let g = Math.round(((value - low) / image.windowWidth) * 255);
    g = Math.min(Math.max(g, 0), 255);
    out[i] = image.photometric === 'MONOCHROME1' ? 255 - g : g;
  }
  return out;
}

function writePng(path: string, image: RenderedImage): void {
  const png = new PNG({ width: image.columns, height: image.rows, colorType: 0, inputColorType: 0, bitDepth: 8 });
  const grey = toGrey8(image);
  for (let i = 0; i < grey.length; i++) {
    const g = grey[i] ?? 0;
    png.data[i * 4] = g;
    png.data[i * 4 + 1] = g;
    png.data[i * 4 + 2] = g;
    png.data[i * 4 + 3] = 255;
  }
  writeFileSync(path, PNG.sync.write(png, { colorType: 0 }));
}

function main(): void {
  const outDir = process.argv[2] ?? '.data/anatomy-preview';
  mkdirSync(outDir, { recursive: true });
  const only = process.argv[3];
  for (const item of previewItems()) {
    if (only && !item.name.startsWith(only)) continue;
    const started = performance.now();
    let image: RenderedImage;
    try {
      image = renderImage(item.request);
    } catch (error) {
      console.warn(`${item.name}: ${(error as Error).message}`);
      continue;
    }
    const ms = performance.now() - started;
    const path = join(outDir, `${item.name}.png`);
    writePng(path, image);
    console.log(`${path}  ${image.columns}×${image.rows}  ${ms.toFixed(0)} ms  window ${image.windowCenter}/${image.windowWidth}`);
  }
}

main();
