import { beforeAll, describe, expect, it } from 'vitest';
import { buildHistogram } from '../../../src-core/quantize/histogram';
import { kmeans } from '../../../src-core/quantize/kmeans';
import { lloyd } from '../../../src-core/quantize/lloyd';
import type { WeightedPoints } from '../../../src-core/quantize/points';
import type { RawImage } from '../../../src-core/quantize/quantize';
import { seedKMeansPlusPlus } from '../../../src-core/quantize/seed-kmeanspp';
import { seedGaussian } from '../../../src-core/quantize/seed-random';
import {
  clusterMeans,
  coarserLabels,
  seedWu,
  wuPartition,
} from '../../../src-core/quantize/seed-wu';
import { Random } from '../../../src-core/random/random';
import {
  crop,
  loadFixture,
  noiseImage,
  colourPoints,
  expectSameAsPlainLloyd,
  photoCrop,
} from './helpers';

/**
 * The accelerated engines and the plain Lloyd loop must agree exactly, label for label: on colours
 * both the bounds engine and the filter engine run the first iterations, so both are compared.
 */
function expectBothLikePlainLloyd(
  points: WeightedPoints,
  seeds: Float64Array,
  maxIter = 300,
): void {
  for (const firstEngine of ['bounds', 'filter'] as const) {
    expectSameAsPlainLloyd(points, seeds, { maxIter, firstEngine });
  }
}

describe('accelerated k-means is exactly Lloyd', () => {
  let photo: RawImage;
  beforeAll(async () => {
    photo = await photoCrop();
  });

  it('on random colours, from Wu seeds', () => {
    const points = colourPoints(noiseImage(64, 48, 7, 1));
    for (const k of [2, 5, 12, 40]) expectBothLikePlainLloyd(points, seedWu(points, k));
  });

  it('on a photo crop, from Wu and k-means++ seeds', () => {
    const points = colourPoints(photo);
    for (const k of [3, 16, 64]) {
      expectBothLikePlainLloyd(points, seedWu(points, k));
      expectBothLikePlainLloyd(points, seedKMeansPlusPlus(points, k, new Random(k)));
    }
  });

  it('through empty clusters, which move to the worst-fitting colour', () => {
    // Gaussian seeds fall outside the data often enough to leave clusters empty.
    const points = colourPoints(photo);
    let emptied = 0;
    for (const seed of [1, 2, 3, 4]) {
      const seeds = seedGaussian(points, 24, new Random(seed));
      const used = new Set(lloyd(points, seeds, { maxIter: 0 }).labels);
      if (used.size < 24) emptied++;
      expectBothLikePlainLloyd(points, seeds);
    }
    expect(emptied).toBeGreaterThan(0); // the case was exercised
  });

  it('through clusters that stay empty, relocated again at every update', () => {
    // Seeds drawn from the data with repeats: a centre on the same colour as a lower-indexed one
    // loses every tie and stays empty, so it is relocated at every update, not only the first.
    const random = new Random(73);
    let stayedEmpty = 0;
    for (let run = 0; run < 300; run++) {
      const count = 5 + random.nextInt(40);
      const values = Float64Array.from({ length: count * 3 }, () => random.nextInt(6));
      const weights = Float64Array.from({ length: count }, () => 1 + random.nextInt(3));
      const points = { dim: 3, count, values, weights };
      const k = 2 + random.nextInt(Math.min(count - 1, 12));
      const seeds = new Float64Array(k * 3);
      for (let c = 0; c < k; c++) {
        const i = random.nextInt(count);
        seeds.set(values.subarray(i * 3, i * 3 + 3), c * 3);
      }
      const afterOne = lloyd(points, seeds, { tol: 0, maxIter: 1 });
      if (new Set(afterOne.labels).size < k) stayedEmpty++;
      expectBothLikePlainLloyd(points, seeds);
    }
    expect(stayedEmpty).toBeGreaterThan(10); // the case was exercised
  });

  it('through long tails, where warm points wait in levels and bounds are renewed', () => {
    // Long runs on many clusters: most updates move a few centres a little, so the warm levels
    // are reached one by one, and points of clusters that did not move are compared.
    const points = colourPoints(crop(photo, 0, 0, 96, 64));
    const large = colourPoints(noiseImage(96, 64, 24, 3));
    for (const k of [48, 96]) {
      const partition = wuPartition(points, k);
      const seeds = clusterMeans(points, partition.labels, k);
      const plain = lloyd(points, seeds, { tol: 0 });
      expect(plain.iterations).toBeGreaterThan(15); // a tail was exercised
      const hinted = kmeans(points, seeds, {
        tol: 0,
        hint: partition.labels,
        firstEngine: 'bounds',
      });
      expect(Array.from(hinted.labels)).toEqual(Array.from(plain.labels));
      expect(Array.from(hinted.centres)).toEqual(Array.from(plain.centres));
      expect(hinted.iterations).toBe(plain.iterations);
      expectBothLikePlainLloyd(large, seedKMeansPlusPlus(large, k, new Random(k + 1)));
    }
  });

  it('with ties between centres, lowest index first', () => {
    // Few distinct levels and centres on data points: many colours are equally far from two.
    const points = colourPoints(noiseImage(48, 48, 4, 8));
    for (const k of [5, 9, 20]) {
      const random = new Random(k);
      const seeds = new Float64Array(k * 3);
      for (let j = 0; j < k * 3; j++) seeds[j] = 85 * random.nextInt(4) + (j % 2 === 0 ? 42.5 : 0);
      expectBothLikePlainLloyd(points, seeds);
      expectBothLikePlainLloyd(points, seedKMeansPlusPlus(points, k, random));
    }
  });

  it('when stopped early by maxIter', () => {
    const points = colourPoints(photo);
    expectBothLikePlainLloyd(points, seedWu(points, 32), 3);
  });

  it('leaves no cluster empty', () => {
    const points = colourPoints(photo);
    const result = kmeans(points, seedGaussian(points, 48, new Random(9)));
    expect(new Set(result.labels).size).toBe(48);
  });
});

describe('weighted distinct colours', () => {
  it('give exactly the clustering of every pixel', async () => {
    const image = crop(await loadFixture('china.jpg'), 300, 100, 48, 40);
    const histogram = buildHistogram(image.data, 3);
    const colours = colourPoints(image);
    const pixels: WeightedPoints = {
      dim: 3,
      count: image.width * image.height,
      values: Float64Array.from(image.data),
      weights: new Float64Array(image.width * image.height).fill(1),
    };
    expect(colours.count).toBeLessThan(pixels.count); // deduplication did something
    for (const k of [4, 12]) {
      const seeds = seedWu(colours, k);
      const byColour = kmeans(colours, seeds);
      const byPixel = lloyd(pixels, seeds, { tol: 0 });
      expect(Array.from(byColour.centres)).toEqual(Array.from(byPixel.centres));
      for (let p = 0; p < pixels.count; p++) {
        expect(byPixel.labels[p]).toBe(byColour.labels[histogram.pixelToColour[p]!]);
      }
      expect(byColour.inertia).toBeCloseTo(byPixel.inertia, 6);
    }
  });
});

describe("Wu's partition", () => {
  it('contains the partition into every smaller number of boxes', () => {
    const points = colourPoints(noiseImage(40, 40, 9, 4));
    const fine = wuPartition(points, 64);
    for (const k of [2, 7, 33]) {
      const direct = wuPartition(points, k);
      expect(Array.from(coarserLabels(fine, k))).toEqual(Array.from(direct.labels));
    }
  });

  it('cuts 8-bit colours with integer weights exactly as the general splitter does', () => {
    // Halved weights are not integers, so they take the general splitter; halving scales every
    // moment and score by a power of two, exactly, so the cuts must be the same.
    const random = new Random(11);
    const images = [noiseImage(40, 40, 9, 6), noiseImage(60, 30, 256, 7)];
    for (const image of images) {
      const points = colourPoints(image);
      for (let i = 0; i < points.count; i++) points.weights[i] = 1 + random.nextInt(1000);
      const halved = { ...points, weights: points.weights.map((w) => w / 2) };
      for (const k of [1, 2, 9, 64, 400]) {
        const exact = wuPartition(points, k);
        const general = wuPartition(halved, k);
        expect(exact.boxes).toBe(general.boxes);
        expect(Array.from(exact.labels)).toEqual(Array.from(general.labels));
        expect(Array.from(exact.parent)).toEqual(Array.from(general.parent));
      }
    }
  });

  it('lowers the squared error with every split', () => {
    const points = colourPoints(noiseImage(40, 40, 9, 5));
    let previous = Infinity;
    for (const k of [1, 2, 4, 8, 16, 32]) {
      const partition = wuPartition(points, k);
      const centres = clusterMeans(points, partition.labels, k);
      let error = 0;
      for (let i = 0; i < points.count; i++) {
        const c = partition.labels[i]!;
        for (let d = 0; d < 3; d++)
          error += points.weights[i]! * (points.values[i * 3 + d]! - centres[c * 3 + d]!) ** 2;
      }
      expect(error).toBeLessThan(previous);
      previous = error;
    }
  });
});
