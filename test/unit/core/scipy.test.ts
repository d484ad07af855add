import { describe, expect, it } from 'vitest';
import { kmeans } from '../../../src-core/quantize/kmeans';
import { unweighted } from '../../../src-core/quantize/points';
import { seedKMeansPlusPlus } from '../../../src-core/quantize/seed-kmeanspp';
import { seedGaussian, seedPoints } from '../../../src-core/quantize/seed-random';
import { seedWu } from '../../../src-core/quantize/seed-wu';
import { distortion, vq } from '../../../src-core/quantize/vq';
import { Random } from '../../../src-core/random/random';
import { scipyBlobs } from './helpers';

/** SciPy's `kmeans(data, 3)` on its example, from the reference README. */
const SCIPY_CENTROIDS = [
  [0.00840308, 0.05140493],
  [5.95346338, 5.98730436],
  [2.99063924, 3.09137373],
];
const SCIPY_DISTORTION = 0.6258523704544776;

describe("SciPy's k-means example (150 points, k = 3)", () => {
  const data = scipyBlobs();
  const points = unweighted(data, 2);

  const seedings = {
    wu: () => seedWu(points, 3),
    'kmeans++': () => seedKMeansPlusPlus(points, 3, new Random(0)),
    points: () => seedPoints(points, 3, new Random(1)),
    random: () => seedGaussian(points, 3, new Random(2)),
  };

  for (const [name, seed] of Object.entries(seedings)) {
    it(`finds SciPy's centroids and distortion from ${name} seeds`, () => {
      const result = kmeans(points, seed());
      expect(result.converged).toBe(true);
      const found = [0, 1, 2].map((c) => [result.centres[c * 2]!, result.centres[c * 2 + 1]!]);
      for (const [x, y] of SCIPY_CENTROIDS) {
        const match = found.find(
          ([fx, fy]) => Math.abs(fx! - x!) < 1e-6 && Math.abs(fy! - y!) < 1e-6,
        );
        expect(match, `centroid (${x}, ${y}) among ${JSON.stringify(found)}`).toBeDefined();
      }
      expect(Math.abs(distortion(data, result.centres, 2) - SCIPY_DISTORTION)).toBeLessThan(1e-6);
    });
  }

  it('has 150 points', () => {
    expect(points.count).toBe(150);
  });
});

describe('vq and distortion', () => {
  it('gives each observation its nearest code and the Euclidean distance to it', () => {
    const random = new Random(5);
    const dim = 3;
    const observations = Float64Array.from({ length: 300 * dim }, () => random.next() * 100);
    const codebook = Float64Array.from({ length: 17 * dim }, () => random.next() * 100);
    const { codes, distances } = vq(observations, codebook, dim);
    for (let i = 0; i < 300; i++) {
      let best = -1;
      let bestDistance = Infinity;
      for (let c = 0; c < 17; c++) {
        let squared = 0;
        for (let d = 0; d < dim; d++)
          squared += (observations[i * dim + d]! - codebook[c * dim + d]!) ** 2;
        if (squared < bestDistance) {
          bestDistance = squared;
          best = c;
        }
      }
      expect(codes[i]).toBe(best);
      expect(distances[i]).toBeCloseTo(Math.sqrt(bestDistance), 12);
    }
  });

  it('picks the first code on ties, as SciPy does', () => {
    const codebook = Float64Array.from([5, 0, -5, 0, 0, 5]);
    const { codes, distances } = vq(Float64Array.from([0, 0]), codebook, 2);
    expect(codes[0]).toBe(0);
    expect(distances[0]).toBe(5);
  });

  it('measures distortion as the mean (not squared) distance, weighted by counts', () => {
    const observations = Float64Array.from([0, 0, 3, 4, 6, 8]);
    const codebook = Float64Array.from([0, 0]);
    expect(distortion(observations, codebook, 2)).toBeCloseTo((0 + 5 + 10) / 3, 12);
    const weights = Float64Array.from([1, 2, 1]);
    expect(distortion(observations, codebook, 2, weights)).toBeCloseTo((0 + 10 + 10) / 4, 12);
  });
});
