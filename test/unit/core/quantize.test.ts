import { describe, expect, it } from 'vitest';
import { quantize, type RawImage } from '../../../src-core/quantize/quantize';
import { buildHistogram } from '../../../src-core/quantize/histogram';
import { Random } from '../../../src-core/random/random';

function noiseImage(width: number, height: number, levels: number, seed: number): RawImage {
  const random = new Random(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.floor((random.nextInt(levels) * 255) / (levels - 1));
  return { data, width, height, channels: 3 };
}

/** Squared error recomputed pixel by pixel from the written palette and indices. */
function pixelSquaredError(image: RawImage, palette: Uint8Array, indices: Uint16Array): number {
  let total = 0;
  for (let p = 0; p < indices.length; p++) {
    for (let c = 0; c < image.channels; c++) {
      const diff = image.data[p * image.channels + c]! - palette[indices[p]! * image.channels + c]!;
      total += diff * diff;
    }
  }
  return total;
}

describe('quantize', () => {
  it('maps every pixel into a palette of at most k distinct, used entries', () => {
    const image = noiseImage(64, 48, 16, 5);
    const result = quantize(image, { colours: 16, seed: 1 });
    expect(result.paletteSize).toBeLessThanOrEqual(16);
    expect(result.paletteSize).toBeGreaterThan(8);
    const entries = new Set<string>();
    for (let e = 0; e < result.paletteSize; e++) {
      entries.add(Array.from(result.palette.slice(e * 3, e * 3 + 3)).join(','));
    }
    expect(entries.size).toBe(result.paletteSize);
    const used = new Uint32Array(result.paletteSize);
    for (const index of result.indices) used[index]!++;
    expect(Array.from(used)).toEqual(Array.from(result.counts));
    expect(Math.min(...used)).toBeGreaterThan(0);
  });

  it('reports the MSE of the written pixels', () => {
    const image = noiseImage(40, 30, 8, 9);
    const result = quantize(image, { colours: 6, seed: 2 });
    const expected = pixelSquaredError(image, result.palette, result.indices) / (40 * 30 * 3);
    expect(result.mse).toBeCloseTo(expected, 9);
    expect(result.psnr).toBeCloseTo(10 * Math.log10((255 * 255) / expected), 9);
  });

  it('is lossless when k covers every distinct colour', () => {
    const image = noiseImage(20, 20, 2, 3); // at most 8 distinct colours
    const distinct = buildHistogram(image.data, 3).size;
    const result = quantize(image, { colours: 16, seed: 0 });
    expect(result.paletteSize).toBe(distinct);
    expect(result.mse).toBe(0);
    expect(result.psnr).toBe(Infinity);
  });

  it('counts transparent pixels as one colour whatever they hide', () => {
    const data = new Uint8Array([255, 0, 0, 0, 0, 255, 0, 0, 10, 20, 30, 255, 10, 20, 30, 255]);
    const histogram = buildHistogram(data, 4);
    expect(histogram.size).toBe(2);
    expect(Array.from(histogram.weights)).toEqual([2, 2]);
  });
});
