import { beforeAll, describe, expect, it } from 'vitest';
import { ColourTree, LEAF_SIZE } from '../../../src-core/quantize/colour-tree';
import {
  colourTreeOf,
  kmeans,
  kmeansIterations,
  type KMeansOptions,
} from '../../../src-core/quantize/kmeans';
import { lloyd } from '../../../src-core/quantize/lloyd';
import { squaredDistance, type WeightedPoints } from '../../../src-core/quantize/points';
import type { RawImage } from '../../../src-core/quantize/quantize';
import { seedKMeansPlusPlus } from '../../../src-core/quantize/seed-kmeanspp';
import { seedGaussian } from '../../../src-core/quantize/seed-random';
import { clusterMeans, wuPartition } from '../../../src-core/quantize/seed-wu';
import { Random } from '../../../src-core/random/random';
import {
  colourPoints,
  crop,
  distinctColours,
  expectSameAsPlainLloyd,
  expectSameRun,
  loadFixture,
  randomColours,
  seedsNearColours,
  photoCrop,
} from './helpers';

/** The filter engine alone (no tail unless asked), against the plain Lloyd loop. */
function expectFilterLikePlainLloyd(
  points: WeightedPoints,
  seeds: Float64Array,
  options: KMeansOptions = {},
): void {
  expectSameAsPlainLloyd(points, seeds, { tailFrom: Infinity, ...options });
}

/** Checks every node of the tree against the points it holds. */
function expectSoundTree(points: WeightedPoints, tree: ColourTree): void {
  const { count } = points;
  expect(tree.count).toBe(count);
  expect(new Set(tree.pointAt).size).toBe(count);
  for (let i = 0; i < count; i++) {
    const p = tree.pointAt[i]!;
    expect(p).toBeLessThan(count);
    expect(Array.from(tree.values.subarray(i * 3, i * 3 + 3))).toEqual(
      Array.from(points.values.subarray(p * 3, p * 3 + 3)),
    );
    expect(tree.weights[i]).toBe(points.weights[p]);
  }
  if (count === 0) {
    expect(tree.nodes).toBe(0);
    return;
  }
  const depthOf = new Int32Array(tree.nodes);
  let leaves = 0;
  for (let node = 0; node < tree.nodes; node++) {
    const start = tree.start[node]!;
    const end = tree.end[node]!;
    expect(end).toBeGreaterThan(start);
    const right = tree.right[node]!;
    if (right < 0) {
      leaves += end - start;
      expect(end - start).toBeLessThanOrEqual(LEAF_SIZE);
    } else {
      // Children are the left then the right part of the node's points, numbered in preorder.
      expect(right).toBeGreaterThan(node + 1);
      expect(tree.start[node + 1]).toBe(start);
      expect(tree.end[node + 1]).toBe(tree.start[right]);
      expect(tree.end[right]).toBe(end);
      depthOf[node + 1] = depthOf[right] = depthOf[node]! + 1;
    }
    expect(depthOf[node]).toBeLessThanOrEqual(tree.depth);
    // The tight box and the exact sums of the node's points.
    const low = [Infinity, Infinity, Infinity];
    const high = [-Infinity, -Infinity, -Infinity];
    const sums = [0, 0, 0];
    let mass = 0;
    for (let i = start; i < end; i++) {
      const w = tree.weights[i]!;
      mass += w;
      for (let d = 0; d < 3; d++) {
        const v = tree.values[i * 3 + d]!;
        low[d] = Math.min(low[d]!, v);
        high[d] = Math.max(high[d]!, v);
        sums[d] += w * v;
      }
    }
    expect(Array.from(tree.low.subarray(node * 3, node * 3 + 3))).toEqual(low);
    expect(Array.from(tree.high.subarray(node * 3, node * 3 + 3))).toEqual(high);
    expect(Array.from(tree.sums.subarray(node * 3, node * 3 + 3))).toEqual(sums);
    expect(tree.mass[node]).toBe(mass);
  }
  expect(leaves).toBe(count); // every point in exactly one leaf
}

describe('the colour tree', () => {
  it('holds every colour once, in small leaves, with tight boxes and exact sums', async () => {
    const random = new Random(5);
    const photo = colourPoints(crop(await loadFixture('china.jpg'), 100, 80, 120, 90));
    expectSoundTree(photo, new ColourTree(photo));
    for (const count of [0, 1, 2, 17, 300, 5000]) {
      const points = randomColours(random, count, 256);
      expect(points.count).toBe(count);
      expectSoundTree(points, new ColourTree(points));
    }
  });

  it('splits values wider than its keys, and colours whose keys are equal', () => {
    // Built directly (distinctColours packs 8-bit channels into its keys): a wide spread, then a
    // clump of colours too close to tell apart in the tree's cut-down keys.
    const random = new Random(6);
    const values: number[] = [];
    for (let i = 0; i < 3000; i++) values.push(...[0, 1, 2].map(() => random.nextInt(1 << 22)));
    for (let i = 0; i < 100; i++) values.push(5_000_000 + i, 7, 3 * i);
    const points = {
      dim: 3,
      count: values.length / 3,
      values: Float64Array.from(values),
      weights: Float64Array.from({ length: values.length / 3 }, () => 1 + random.nextInt(9)),
    };
    const tree = new ColourTree(points);
    expectSoundTree(points, tree);
  });

  it('grows its node arrays for lopsided colours', () => {
    // Values 2^i − 1 on each axis: each split cuts off a thin slice, so there are more nodes than
    // the arrays were first sized for (a few per 32 colours).
    const values: number[] = [];
    for (let a = 0; a < 10; a++) {
      for (let b = 0; b < 10; b++) {
        for (let c = 0; c < 10; c++) values.push(2 ** a - 1, 2 ** b - 1, 2 ** c - 1);
      }
    }
    const points = {
      dim: 3,
      count: 1000,
      values: Float64Array.from(values),
      weights: Float64Array.from({ length: 1000 }, (_, i) => 1 + (i % 7)),
    };
    const tree = new ColourTree(points);
    expect(tree.nodes).toBeGreaterThan(Math.ceil((4 * 1000) / LEAF_SIZE) + 16);
    expectSoundTree(points, tree);
    const seeds = seedsNearColours(new Random(3), points, 12, () => 0);
    expectFilterLikePlainLloyd(points, seeds);
  });
});

describe('the filter engine is exactly Lloyd', () => {
  let photo: RawImage;
  beforeAll(async () => {
    photo = await photoCrop();
  });

  it('on random weighted colours', () => {
    const random = new Random(31);
    for (let run = 0; run < 40; run++) {
      const points = randomColours(random, 100 + random.nextInt(1500), 256);
      const k = 1 + random.nextInt(40);
      expectFilterLikePlainLloyd(
        points,
        seedsNearColours(random, points, k, () => random.nextInt(9)),
      );
    }
  });

  it('on a photo crop, from Wu and k-means++ seeds, to the end of long runs', () => {
    const points = colourPoints(photo);
    for (const k of [3, 16, 64, 150]) {
      const partition = wuPartition(points, k);
      expectFilterLikePlainLloyd(points, clusterMeans(points, partition.labels, k));
      expectFilterLikePlainLloyd(points, seedKMeansPlusPlus(points, k, new Random(k)));
    }
  });

  it('on clumps of colours far apart', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = new Random(seed);
      const clumps = Array.from({ length: 1 + random.nextInt(8) }, () =>
        [0, 1, 2].map(() => random.nextInt(256)),
      );
      const spread = 2 + random.nextInt(40);
      const points = distinctColours(
        300 + random.nextInt(1500),
        10_000,
        () =>
          clumps[random.nextInt(clumps.length)]!.map((v) =>
            Math.max(0, Math.min(255, v + random.nextInt(2 * spread + 1) - spread)),
          ),
        () => 1 + random.nextInt(random.nextInt(2) ? 3 : 300),
      );
      const k = 2 + random.nextInt(50);
      expectFilterLikePlainLloyd(
        points,
        seedsNearColours(random, points, k, () => random.nextInt(7) - 3),
      );
    }
  }, 60_000);

  it('with ties between centres, lowest index first', () => {
    // Colours on a coarse lattice and centres on or between them: many colours are equally far
    // from two centres, and whole boxes sit on the plane between two.
    let tied = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const random = new Random(seed);
      const levels = 2 + random.nextInt(5);
      const points = distinctColours(
        20 + random.nextInt(200),
        2000,
        () => [0, 1, 2].map(() => 10 * random.nextInt(levels)),
        () => 1 + random.nextInt(2),
      );
      const k = 2 + random.nextInt(10);
      const seeds = seedsNearColours(random, points, k, () => 5 * random.nextInt(3));
      const plain = lloyd(points, seeds, { tol: 0, maxIter: 0 });
      if (hasTie(points, seeds, plain.labels)) tied++;
      expectFilterLikePlainLloyd(points, seeds);
    }
    expect(tied).toBeGreaterThan(100); // ties were exercised
  });

  it('on integer values wider than 8 bits', () => {
    const random = new Random(77);
    for (let run = 0; run < 10; run++) {
      const points = randomColours(random, 500 + random.nextInt(1000), 1 << (10 + 2 * run));
      const k = 2 + random.nextInt(30);
      expectFilterLikePlainLloyd(
        points,
        seedsNearColours(random, points, k, () => random.nextInt(50)),
      );
    }
  });

  it('through empty clusters, relocated by the bounds engine, and back', () => {
    const points = colourPoints(photo);
    let emptied = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const seeds = seedGaussian(points, 24, new Random(seed));
      if (new Set(lloyd(points, seeds, { maxIter: 0 }).labels).size < 24) emptied++;
      expectFilterLikePlainLloyd(points, seeds);
      for (const tailFrom of [0, 2, 5]) expectFilterLikePlainLloyd(points, seeds, { tailFrom });
    }
    expect(emptied).toBeGreaterThan(0);
  });

  it('shares one colour tree between runs on the same colours, unchanged by them', () => {
    const points = colourPoints(photo);
    const tree = colourTreeOf(points)!;
    const arrays = (): ArrayLike<number>[] => [
      ...[tree.values, tree.weights, tree.pointAt],
      ...[tree.low, tree.high, tree.sums, tree.mass, tree.start, tree.end, tree.right],
    ];
    const snapshot = () => arrays().map((array) => Array.from(array));
    const before = snapshot();
    for (const k of [5, 24, 150]) {
      const wu = clusterMeans(points, wuPartition(points, k).labels, k);
      expectFilterLikePlainLloyd(points, wu, { tree });
      expectSameAsPlainLloyd(points, wu, { tree });
      expectSameAsPlainLloyd(points, seedGaussian(points, k, new Random(k)), { tree, tailFrom: 2 });
    }
    expect(snapshot()).toEqual(before);
    // Only integer colours have one: other points take the bounds engine.
    expect(colourTreeOf({ ...points, values: points.values.map((v) => v + 0.5) })).toBeNull();
  });

  it('counts the colours that change cluster at each iteration, as the bounds engine does', () => {
    const points = colourPoints(photo);
    const partition = wuPartition(points, 40);
    const seeds = clusterMeans(points, partition.labels, 40);
    const reports = (options: KMeansOptions): number[][] => {
      const steps = kmeansIterations(points, seeds, { tailFrom: Infinity, ...options });
      const completed: number[][] = [];
      for (let step = steps.next(); !step.done; step = steps.next()) {
        if (step.value.complete) completed.push([step.value.iteration, step.value.changed]);
      }
      return completed;
    };
    const filtered = reports({ firstEngine: 'filter' });
    expect(filtered.length).toBeGreaterThan(10);
    expect(filtered).toEqual(reports({ firstEngine: 'bounds' }));
    for (const options of [{ tol: 1e-4 }, { maxIter: 7 }]) {
      expectSameRun(
        kmeans(points, seeds, { ...options, tailFrom: Infinity }),
        kmeans(points, seeds, { ...options, firstEngine: 'bounds' }),
      );
    }
  });
});

/** True if some colour is exactly as far from its centre as from another centre. */
function hasTie(points: WeightedPoints, centres: Float64Array, labels: Uint32Array): boolean {
  const k = centres.length / 3;
  const distance = (i: number, c: number) => squaredDistance(points.values, i, centres, c, 3);
  for (let i = 0; i < points.count; i++) {
    const own = distance(i, labels[i]!);
    for (let c = 0; c < k; c++) {
      if (c !== labels[i] && distance(i, c) === own) return true;
    }
  }
  return false;
}
