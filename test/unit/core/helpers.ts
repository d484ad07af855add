/** Shared helpers of the core tests: fixtures decoded with sharp, synthetic images, pixel errors. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildHistogram } from '../../../src-core/quantize/histogram';
import { kmeans, type KMeansOptions } from '../../../src-core/quantize/kmeans';
import { lloyd, type LloydResult } from '../../../src-core/quantize/lloyd';
import type { WeightedPoints } from '../../../src-core/quantize/points';
import type { RawImage, QuantizeResult } from '../../../src-core/quantize/quantize';
import { Random } from '../../../src-core/random/random';
import { rawPixels } from '../../../src-main/services/image-decode';

export const FIXTURES = join(__dirname, '../../fixtures');

/**
 * Decodes a fixture as PIL does (the scikit-learn reference figures were made with PIL): an
 * embedded ICC profile is ignored rather than applied.
 */
export function loadFixture(name: string, alpha = false): Promise<RawImage> {
  return rawPixels(sharp(join(FIXTURES, name), { ignoreIcc: true }), alpha ? 4 : 3);
}

/** The 96×64 crop of china.jpg the k-means engine tests run on: a photo's colours, small. */
export async function photoCrop(): Promise<RawImage> {
  return crop(await loadFixture('china.jpg'), 200, 150, 96, 64);
}

/** The 150 two-dimensional points of SciPy's k-means example. */
export function scipyBlobs(): Float64Array {
  const text = readFileSync(join(FIXTURES, 'scipy-blobs-150x2.csv'), 'utf8');
  return Float64Array.from(
    text
      .trim()
      .split(/[\s,]+/)
      .map(Number),
  );
}

/** Random pixels with `levels` values per channel (so at most levels³ distinct colours). */
export function noiseImage(width: number, height: number, levels: number, seed: number): RawImage {
  const random = new Random(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.floor((random.nextInt(levels) * 255) / (levels - 1));
  }
  return { data, width, height, channels: 3 };
}

/** A crop of an image (a small real photo for the slow reference loops). */
export function crop(
  image: RawImage,
  x: number,
  y: number,
  width: number,
  height: number,
): RawImage {
  const { channels } = image;
  const data = new Uint8Array(width * height * channels);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * channels;
    data.set(image.data.subarray(from, from + width * channels), row * width * channels);
  }
  return { data, width, height, channels };
}

/** The pixels a result writes: its palette expanded through its indices. */
export function writtenPixels(result: QuantizeResult): Uint8Array {
  const { palette, indices, channels } = result;
  const pixels = new Uint8Array(indices.length * channels);
  for (let p = 0; p < indices.length; p++) {
    for (let c = 0; c < channels; c++)
      pixels[p * channels + c] = palette[indices[p]! * channels + c]!;
  }
  return pixels;
}

/** Mean squared error per channel value between two pixel arrays of the same layout. */
export function pixelMse(a: Uint8Array | Float64Array, b: Uint8Array | Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = a[i]! - b[i]!;
    total += diff * diff;
  }
  return total / a.length;
}

/** A box blur of radius r (per channel, clamped at the edges): the low frequencies of an image. */
export function boxBlur(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  r: number,
): Float64Array {
  const out = new Float64Array(pixels.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        let n = 0;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            const yy = Math.min(height - 1, Math.max(0, y + dy));
            const xx = Math.min(width - 1, Math.max(0, x + dx));
            sum += pixels[(yy * width + xx) * channels + c]!;
            n++;
          }
        }
        out[(y * width + x) * channels + c] = sum / n;
      }
    }
  }
  return out;
}

/** Index and squared distance of the nearest of RGB `entries` (lowest index on ties), by a plain loop. */
export function nearestByLoop(
  entries: ArrayLike<number>,
  r: number,
  g: number,
  b: number,
): { index: number; distance: number } {
  let index = -1;
  let distance = Infinity;
  for (let e = 0; e < entries.length / 3; e++) {
    const d =
      (r - entries[e * 3]!) ** 2 + (g - entries[e * 3 + 1]!) ** 2 + (b - entries[e * 3 + 2]!) ** 2;
    if (d < distance) {
      distance = d;
      index = e;
    }
  }
  return { index, distance };
}

/** The distinct colours of an image weighted by their pixel counts: what the k-means engines cluster. */
export function colourPoints(image: RawImage): WeightedPoints {
  const histogram = buildHistogram(image.data, image.channels);
  return {
    dim: image.channels,
    count: histogram.size,
    values: histogram.colours,
    weights: histogram.weights,
  };
}

/**
 * Up to `wanted` distinct colours from `colour` (repeats are drawn again, at most `tries` draws in
 * all), each weighted by `weight`: like a histogram's.
 */
export function distinctColours(
  wanted: number,
  tries: number,
  colour: () => number[],
  weight: () => number,
): WeightedPoints {
  const seen = new Set<number>();
  const values: number[] = [];
  const weights: number[] = [];
  for (let draw = 0; draw < tries && weights.length < wanted; draw++) {
    const [r, g, b] = colour() as [number, number, number];
    const key = (r << 16) | (g << 8) | b;
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(r, g, b);
    weights.push(weight());
  }
  return {
    dim: 3,
    count: weights.length,
    values: Float64Array.from(values),
    weights: Float64Array.from(weights),
  };
}

/** `count` distinct integer colours spread over [0, range) on each axis, weights 1 to `maxWeight`. */
export function randomColours(
  random: Random,
  count: number,
  range: number,
  maxWeight = 40,
): WeightedPoints {
  return distinctColours(
    count,
    Infinity,
    () => [0, 1, 2].map(() => random.nextInt(range)),
    () => 1 + random.nextInt(maxWeight),
  );
}

/** `k` seeds, each a random colour of `points` moved by `jitter()` on each channel. */
export function seedsNearColours(
  random: Random,
  points: WeightedPoints,
  k: number,
  jitter: () => number,
): Float64Array {
  const seeds = new Float64Array(k * 3);
  for (let c = 0; c < k; c++) {
    const q = random.nextInt(points.count);
    for (let d = 0; d < 3; d++) seeds[c * 3 + d] = points.values[q * 3 + d]! + jitter();
  }
  return seeds;
}

/** Two runs that must be the same, label for label. */
export function expectSameRun(actual: LloydResult, expected: LloydResult): void {
  expect(actual.iterations).toBe(expected.iterations);
  expect(actual.converged).toBe(expected.converged);
  expect(Array.from(actual.labels)).toEqual(Array.from(expected.labels));
  expect(Array.from(actual.centres)).toEqual(Array.from(expected.centres));
}

/**
 * `kmeans` with `options` against the plain Lloyd loop (both to the fixed point, tol 0): the same
 * run, label for label, and the same inertia.
 */
export function expectSameAsPlainLloyd(
  points: WeightedPoints,
  seeds: Float64Array,
  options: KMeansOptions = {},
): void {
  const plain = lloyd(points, seeds, { tol: 0, maxIter: options.maxIter });
  const fast = kmeans(points, seeds, { tol: 0, ...options });
  expectSameRun(fast, plain);
  expect(fast.inertia).toBe(plain.inertia);
}

/** The first iteration whose assignment leaves a cluster empty in plain Lloyd (-1: none). */
export function firstEmptyIteration(points: WeightedPoints, seeds: Float64Array): number {
  const k = seeds.length / points.dim;
  for (let iteration = 0; iteration < 50; iteration++) {
    const run = lloyd(points, seeds, { tol: 0, maxIter: iteration });
    if (new Set(run.labels).size < k) return iteration;
    if (run.converged) return -1;
  }
  return -1;
}
