/**
 * The road for very large photos: pixels binned into a grid, the palette fitted to the pixels
 * through per-cell candidate lists (src-core/quantize/pixel-grid.ts, grid-remap.ts).
 */
import { describe, expect, it } from 'vitest';
import { fitPaletteToPixels } from '../../../src-core/quantize/grid-remap';
import { buildHistogram } from '../../../src-core/quantize/histogram';
import { PixelGrid } from '../../../src-core/quantize/pixel-grid';
import { quantize, type RawImage } from '../../../src-core/quantize/quantize';
import { runToEnd } from '../../../src-core/quantize/steps';
import { Random } from '../../../src-core/random/random';
import { tiledPhoto } from '../../helpers/images';
import { loadFixture, nearestByLoop, noiseImage, pixelMse, writtenPixels } from './helpers';

/** A photo tiled and jittered into 1600 × 1000 pixels with more than 2^19 distinct colours. */
async function largePhoto(): Promise<RawImage> {
  return tiledPhoto(await loadFixture('china.jpg'), 1600, 1000);
}

describe('pixel grid', () => {
  it('keeps exact counts and sums per cell, and counts distinct colours', () => {
    const image = noiseImage(300, 200, 40, 2);
    const grid = new PixelGrid(4);
    grid.add(image.data, 0, 25_000);
    grid.add(image.data, 25_000, 60_000);
    expect(grid.distinctColours).toBe(buildHistogram(image.data, 3).size);
    const counts = new Map<number, number>();
    const sums = new Map<number, number[]>();
    for (let p = 0; p < 60_000; p++) {
      const [r, g, b] = [0, 1, 2].map((d) => image.data[p * 3 + d]!);
      const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const sum = sums.get(key) ?? [0, 0, 0];
      sums.set(key, [sum[0]! + r, sum[1]! + g, sum[2]! + b]);
    }
    const { points, keys } = grid.cells();
    expect(points.count).toBe(counts.size);
    keys.forEach((key, i) => {
      expect(points.weights[i]).toBe(counts.get(key));
      for (let d = 0; d < 3; d++) {
        expect(points.values[i * 3 + d]).toBeCloseTo(sums.get(key)![d]! / counts.get(key)!, 9);
      }
    });
  });

  it('merges cells into the cells of a coarser grid exactly', () => {
    const image = noiseImage(200, 100, 64, 3);
    const fine = new PixelGrid(5);
    fine.add(image.data, 0, 20_000);
    const coarse = new PixelGrid(3);
    coarse.add(image.data, 0, 20_000);
    const merged = fine.cells(3);
    const direct = coarse.cells();
    expect(Array.from(merged.keys)).toEqual(Array.from(direct.keys));
    expect(Array.from(merged.points.weights)).toEqual(Array.from(direct.points.weights));
    merged.points.values.forEach((v, i) => expect(v).toBeCloseTo(direct.points.values[i]!, 9));
  });
});

/** The palette for `centres`, fitted to the pixels. */
function fitToPixels(pixels: Uint8Array, centres: Float64Array, capacity: number) {
  return runToEnd(
    fitPaletteToPixels({
      pixels,
      bits: 5,
      centres,
      cellCluster: new Int32Array(1 << 15),
      capacity,
    }),
  );
}

describe('palette fitted to the pixels', () => {
  it.each([2, 16, 256])('gives every pixel its nearest entry (k = %i)', (k) => {
    const random = new Random(k);
    const image = noiseImage(256, 128, 256, k);
    // Integer centres: the palette is the centres themselves, and ties are common.
    const centres = Float64Array.from({ length: k * 3 }, () => 8 * random.nextInt(32));
    const fit = fitToPixels(image.data, centres, k);
    const { entries } = fit.fit;
    let squaredError = 0;
    for (let p = 0; p < image.width * image.height; p++) {
      const [r, g, b] = [0, 1, 2].map((d) => image.data[p * 3 + d]!);
      const e = fit.pixelEntry[p]!;
      expect(e).toBe(nearestByLoop(entries, r, g, b).index);
      squaredError +=
        (r - entries[e * 3]!) ** 2 +
        (g - entries[e * 3 + 1]!) ** 2 +
        (b - entries[e * 3 + 2]!) ** 2;
    }
    expect(fit.fit.squaredError).toBe(squaredError);
    // Every entry is used and distinct: duplicates merged, the unused replaced.
    expect(Math.min(...fit.fit.counts)).toBeGreaterThan(0);
    const distinct = new Set(
      Array.from({ length: fit.fit.size }, (_, e) => entries.slice(e * 3, e * 3 + 3).join()),
    );
    expect(distinct.size).toBe(fit.fit.size);
  });

  it('replaces entries no pixel uses with the colours that fit worst', () => {
    const image = noiseImage(128, 128, 256, 9);
    // Eight centres on top of each other in black, far from most pixels: only one can be used.
    const centres = new Float64Array(8 * 3);
    const fit = fitToPixels(image.data, centres, 8);
    expect(fit.fit.size).toBe(8);
    expect(Math.min(...fit.fit.counts)).toBeGreaterThan(0);
  });
});

describe('the large-photo road', () => {
  it('is within a few per cent of the road through distinct colours', async () => {
    const image = await largePhoto();
    expect(buildHistogram(image.data, 3).size).toBeGreaterThan(1 << 19);
    for (const colours of [16, 128]) {
      const grid = quantize(image, { colours });
      // Floyd–Steinberg at strength 0 changes no pixel but keeps to the road through colours.
      const exact = quantize(image, { colours, dither: 'fs', ditherStrength: 0 });
      expect(grid.distinctColours).toBe(exact.distinctColours);
      expect(grid.paletteSize).toBe(colours);
      expect(Math.min(...grid.counts)).toBeGreaterThan(0);
      expect(pixelMse(writtenPixels(grid), image.data)).toBeCloseTo(grid.mse, 6);
      expect(grid.mse).toBeLessThan(exact.mse * 1.03);
      // Inertia and distortion are measured on the pixels, against the float centres.
      expect(grid.inertia / (image.width * image.height * 3)).toBeGreaterThan(grid.mse * 0.8);
      expect(grid.distortion ** 2).toBeLessThanOrEqual(grid.inertia / (image.width * image.height));
    }
  }, 120_000);
});
