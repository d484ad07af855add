import { describe, expect, it } from 'vitest';
import { coarsen } from '../../../src-core/quantize/coarse';
import { buildHistogram } from '../../../src-core/quantize/histogram';
import { kmeansIterations } from '../../../src-core/quantize/kmeans';
import { quantize, type RawImage } from '../../../src-core/quantize/quantize';
import { seedWu } from '../../../src-core/quantize/seed-wu';
import { noiseImage, pixelMse, writtenPixels, colourPoints } from './helpers';

describe('grid coarsening', () => {
  it("keeps each cell's exact weight and weighted mean", () => {
    const points = colourPoints(noiseImage(80, 60, 32, 3));
    for (const bits of [2, 4]) {
      const { cells, cellOf } = coarsen(points, bits);
      expect(cells.count).toBeLessThan(points.count);
      expect(cells.count).toBeLessThanOrEqual(8 ** bits);
      const mass = new Float64Array(cells.count);
      const sums = new Float64Array(cells.count * 3);
      for (let i = 0; i < points.count; i++) {
        const c = cellOf[i]!;
        mass[c]! += points.weights[i]!;
        for (let d = 0; d < 3; d++)
          sums[c * 3 + d]! += points.weights[i]! * points.values[i * 3 + d]!;
      }
      for (let c = 0; c < cells.count; c++) {
        expect(cells.weights[c]).toBe(mass[c]);
        for (let d = 0; d < 3; d++)
          expect(cells.values[c * 3 + d]).toBeCloseTo(sums[c * 3 + d]! / mass[c]!, 9);
      }
    }
  });

  it('puts only neighbouring colours together', () => {
    const points = colourPoints(noiseImage(40, 40, 64, 8));
    const { cellOf } = coarsen(points, 4); // 16 levels over ~0..255: cells ~16 wide
    const first = new Map<number, number>();
    for (let i = 0; i < points.count; i++) {
      const c = cellOf[i]!;
      if (!first.has(c)) first.set(c, i);
      const j = first.get(c)!;
      for (let d = 0; d < 3; d++) {
        expect(Math.abs(points.values[i * 3 + d]! - points.values[j * 3 + d]!)).toBeLessThan(17);
      }
    }
  });
});

describe('large images', () => {
  it('cluster very many colours on a grid, and fit the palette to the exact colours', () => {
    // 1024 × 600 pixels, every one a different colour: more than 2^19 distinct colours.
    const width = 1024;
    const height = 600;
    const data = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p++) {
      const v = p * 27; // spread the colours over the cube
      data[p * 3] = v & 255;
      data[p * 3 + 1] = (v >> 8) & 255;
      data[p * 3 + 2] = (v >> 16) & 255;
    }
    const image: RawImage = { data, width, height, channels: 3 };
    expect(buildHistogram(data, 3).size).toBeGreaterThan(1 << 19);
    const result = quantize(image, { colours: 16 });
    expect(result.paletteSize).toBe(16);
    expect(Math.min(...result.counts)).toBeGreaterThan(0);
    expect(pixelMse(writtenPixels(result), data)).toBeCloseTo(result.mse, 6);
    // Inertia is measured on the colours (not the cells): at least the written error, roughly.
    expect(result.inertia / (width * height * 3)).toBeGreaterThan(result.mse * 0.8);
  }, 60_000);
});

describe('k-means steps', () => {
  it('mark the yield that ends each iteration, and report changes there', () => {
    const points = colourPoints(noiseImage(64, 64, 12, 4));
    const steps = kmeansIterations(points, seedWu(points, 24));
    const complete: number[] = [];
    let step = steps.next();
    while (!step.done) {
      if (step.value.complete) complete.push(step.value.iteration);
      else expect(step.value.changed).toBe(0);
      step = steps.next();
    }
    expect(complete).toEqual(Array.from({ length: step.value.iterations }, (_, i) => i + 1));
  });
});
