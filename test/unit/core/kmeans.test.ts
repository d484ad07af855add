import { describe, expect, it } from 'vitest';
import { Random } from '../../../src-core/random/random';
import { integerScale, unweighted, type WeightedPoints } from '../../../src-core/quantize/points';
import { seedKMeansPlusPlus } from '../../../src-core/quantize/seed-kmeanspp';
import { lloyd } from '../../../src-core/quantize/lloyd';

/** Three well-separated 2-D Gaussian blobs of 100 points each, from a seeded generator. */
function threeBlobs(seed: number): { points: WeightedPoints; centres: number[][] } {
  const centres = [
    [0, 0],
    [10, 10],
    [-8, 12],
  ];
  const random = new Random(seed);
  const gaussian = () => {
    const u = 1 - random.next();
    const v = random.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const values: number[] = [];
  for (const [cx, cy] of centres) {
    for (let i = 0; i < 100; i++) values.push(cx! + 0.5 * gaussian(), cy! + 0.5 * gaussian());
  }
  return { points: unweighted(Float64Array.from(values), 2), centres };
}

function run(points: WeightedPoints, k: number, seed: number) {
  return lloyd(points, seedKMeansPlusPlus(points, k, new Random(seed)));
}

describe('k-means on three blobs', () => {
  it('finds the three centres within tolerance', () => {
    const { points, centres } = threeBlobs(7);
    const result = run(points, 3, 1);
    expect(result.converged).toBe(true);
    for (const [x, y] of centres) {
      const distances = [0, 1, 2].map((c) =>
        Math.hypot(result.centres[c * 2]! - x!, result.centres[c * 2 + 1]! - y!),
      );
      expect(Math.min(...distances)).toBeLessThan(0.2);
    }
    // Each blob is one cluster: the 100 points of a blob share a label, blobs differ.
    const blobLabels = [0, 100, 200].map(
      (start) => new Set(result.labels.slice(start, start + 100)),
    );
    expect(blobLabels.map((s) => s.size)).toEqual([1, 1, 1]);
    expect(new Set(blobLabels.map((s) => [...s][0])).size).toBe(3);
  });

  it('gives the same result for the same seed, bit for bit', () => {
    const { points } = threeBlobs(3);
    const a = run(points, 5, 42);
    const b = run(points, 5, 42);
    expect(Array.from(a.centres)).toEqual(Array.from(b.centres));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
  });

  it('seeds differently for different seeds', () => {
    const { points } = threeBlobs(3);
    const a = seedKMeansPlusPlus(points, 5, new Random(1));
    const b = seedKMeansPlusPlus(points, 5, new Random(2));
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('seeds greedy k-means++ as a plain loop does, bit for bit', () => {
    // The seeding sums the potentials in one pass per candidate and samples by binary search;
    // the plain loop below keeps every candidate's distances and samples by a linear scan.
    const random = new Random(41);
    for (let run = 0; run < 200; run++) {
      const dim = run % 2 === 0 ? 3 : 2;
      const count = 3 + random.nextInt(300);
      const levels = 2 + random.nextInt(200);
      const values = Float64Array.from({ length: count * dim }, () => random.nextInt(levels));
      // Zero weights and repeated points: points without mass must never be drawn.
      const weights = Float64Array.from({ length: count }, () => random.nextInt(4));
      weights[random.nextInt(count)] = 1;
      const points = { dim, count, values, weights };
      const k = 1 + random.nextInt(Math.min(count, 20));
      const seed = random.nextInt(1000);
      expect(Array.from(seedKMeansPlusPlus(points, k, new Random(seed)))).toEqual(
        Array.from(plainGreedyKMeansPlusPlus(points, k, new Random(seed))),
      );
    }
  });

  it('seeds as the plain loop does with many centres, on clumped integer and on real data', () => {
    // Beyond a few centres, integer data take the grouped search (only the points a candidate can
    // come nearer to are measured); real data keep the sums in point order.
    const random = new Random(43);
    for (let run = 0; run < 40; run++) {
      const dim = run % 4 === 3 ? 4 : 3;
      const integers = run % 5 !== 4;
      const count = 200 + random.nextInt(1500);
      const clumps = 1 + random.nextInt(12);
      const spread = 1 + random.nextInt(40);
      const middles = Array.from({ length: clumps * dim }, () => random.nextInt(256));
      const values = new Float64Array(count * dim);
      for (let i = 0; i < count; i++) {
        const clump = random.nextInt(clumps);
        for (let d = 0; d < dim; d++) {
          const v = middles[clump * dim + d]! + random.nextInt(2 * spread + 1) - spread;
          values[i * dim + d] = integers ? v : v + random.next();
        }
      }
      const weights = Float64Array.from({ length: count }, () => random.nextInt(5));
      weights[random.nextInt(count)] = 1 + random.nextInt(1000);
      const points = { dim, count, values, weights };
      const k = 17 + random.nextInt(80);
      const seed = random.nextInt(1000);
      expect(Array.from(seedKMeansPlusPlus(points, k, new Random(seed)))).toEqual(
        Array.from(plainGreedyKMeansPlusPlus(points, k, new Random(seed))),
      );
    }
  });

  it('reports the inertia as the weighted sum of squared distances', () => {
    const { points } = threeBlobs(11);
    const result = run(points, 3, 0);
    let expected = 0;
    for (let i = 0; i < points.count; i++) {
      const c = result.labels[i]!;
      const dx = points.values[i * 2]! - result.centres[c * 2]!;
      const dy = points.values[i * 2 + 1]! - result.centres[c * 2 + 1]!;
      expected += dx * dx + dy * dy;
    }
    expect(result.inertia).toBeCloseTo(expected, 8);
  });
});

describe('the integer scale of points', () => {
  it('gives the total weight, the largest value and the spread, or null for other points', () => {
    const values = Float64Array.from([-3, 5, 4, -1]);
    const points = { dim: 2, count: 2, values, weights: Float64Array.from([2, 3]) };
    // Spread: (4 − (−3))² + (5 − (−1))², the most a squared distance between the points can be.
    expect(integerScale(points)).toEqual({ totalWeight: 5, largest: 5, spread: 85 });
    expect(integerScale({ ...points, values: Float64Array.from([-3, 5, 4, -0.5]) })).toBeNull();
    expect(integerScale({ ...points, weights: Float64Array.from([2, 1.5]) })).toBeNull();
    expect(integerScale({ ...points, weights: Float64Array.from([2, -1]) })).toBeNull();
    const none = { dim: 3, count: 0, values: new Float64Array(0), weights: new Float64Array(0) };
    expect(integerScale(none)).toEqual({ totalWeight: 0, largest: 0, spread: 0 });
  });
});

describe('Random', () => {
  it('is reproducible and roughly uniform', () => {
    const a = new Random(123);
    const b = new Random(123);
    const draws = Array.from({ length: 10_000 }, () => a.next());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });
});

/** Greedy k-means++ written plainly: the reference for the seeding's faster loops. */
function plainGreedyKMeansPlusPlus(
  points: WeightedPoints,
  k: number,
  random: Random,
): Float64Array {
  const { dim, count, values, weights } = points;
  const distanceTo = (i: number, j: number) => {
    let sum = 0;
    for (let d = 0; d < dim; d++) sum += (values[i * dim + d]! - values[j * dim + d]!) ** 2;
    return sum;
  };
  const draw = (masses: number[]) => {
    const target = random.next() * masses.reduce((a, b) => a + b, 0);
    let cumulative = 0;
    let last = 0;
    for (let i = 0; i < count; i++) {
      if (masses[i]! <= 0) continue;
      cumulative += masses[i]!;
      last = i;
      if (cumulative > target) return i;
    }
    return last;
  };
  const chosen = [draw(Array.from(weights))];
  let closest = Array.from({ length: count }, (_, i) => distanceTo(i, chosen[0]!));
  const trials = 2 + Math.floor(Math.log(k));
  while (chosen.length < k) {
    const masses = closest.map((d, i) => weights[i]! * d);
    let best = { potential: Infinity, candidate: -1, closest };
    for (let t = 0; t < trials; t++) {
      const candidate = draw(masses);
      const lowered = closest.map((d, i) => Math.min(d, distanceTo(i, candidate)));
      const potential = lowered.reduce((sum, d, i) => sum + weights[i]! * d, 0);
      if (potential < best.potential) best = { potential, candidate, closest: lowered };
    }
    chosen.push(best.candidate);
    closest = best.closest;
  }
  const centres = new Float64Array(k * dim);
  chosen.forEach((p, c) => centres.set(values.subarray(p * dim, p * dim + dim), c * dim));
  return centres;
}
