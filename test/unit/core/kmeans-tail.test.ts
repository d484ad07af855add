import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans, kmeansIterations, type KMeansOptions } from '../../../src-core/quantize/kmeans';
import { lloyd } from '../../../src-core/quantize/lloyd';
import type { WeightedPoints } from '../../../src-core/quantize/points';
import type { RawImage } from '../../../src-core/quantize/quantize';
import { seedKMeansPlusPlus } from '../../../src-core/quantize/seed-kmeanspp';
import { clusterMeans, wuPartition } from '../../../src-core/quantize/seed-wu';
import { Random } from '../../../src-core/random/random';
import {
  colourPoints,
  distinctColours,
  expectSameAsPlainLloyd,
  expectSameRun,
  firstEmptyIteration,
  randomColours,
  seedsNearColours,
  photoCrop,
} from './helpers';

describe('the tail engine continues k-means exactly', () => {
  let photo: RawImage;
  beforeAll(async () => {
    photo = await photoCrop();
  });

  it('on random weighted colours, whatever the iteration it takes over', () => {
    const random = new Random(2024);
    for (let run = 0; run < 40; run++) {
      const points = randomColours(random, 100 + random.nextInt(500), 256, 50);
      const k = 2 + random.nextInt(24);
      // Seeds near colours of the data, so that no cluster starts empty.
      const seeds = seedsNearColours(random, points, k, () => random.nextInt(9));
      expectSameAsPlainLloyd(points, seeds, { tailFrom: [0, 1, 2, 5][run % 4]! });
    }
  });

  it('on clumps of colours: points coming from afar, rivals beyond the neighbours', () => {
    // Clumps far apart, many clusters: points cross between clumps, and lie outside their new
    // cluster's region, where their records are bounded by the moves of every centre. Compared
    // with the other engine (exactly Lloyd, tested above and in kmeans-engine.test.ts): faster.
    for (let seed = 1; seed <= 800; seed++) {
      const random = new Random(seed);
      const wanted = 200 + random.nextInt(2000);
      const clumps = Array.from({ length: 1 + random.nextInt(12) }, () =>
        [0, 1, 2].map(() => random.nextInt(256)),
      );
      const spread = 4 + random.nextInt(60);
      const points = distinctColours(
        wanted,
        wanted * 5,
        () =>
          clumps[random.nextInt(clumps.length)]!.map((v) =>
            Math.max(0, Math.min(255, v + random.nextInt(2 * spread + 1) - spread)),
          ),
        () => 1 + random.nextInt(random.nextInt(2) ? 3 : 300),
      );
      const k = 4 + random.nextInt(60);
      const seeds = seedsNearColours(random, points, k, () => random.nextInt(7) - 3);
      const other = kmeans(points, seeds, { tol: 0, tailFrom: Infinity });
      const tail = kmeans(points, seeds, { tol: 0, tailFrom: random.nextInt(4) });
      expectSameRun(tail, other);
    }
  }, 60_000);

  it('through long tails on a photo, from Wu and k-means++ seeds', () => {
    const points = colourPoints(photo);
    for (const k of [16, 48, 96]) {
      const partition = wuPartition(points, k);
      const seeds = clusterMeans(points, partition.labels, k);
      expect(lloyd(points, seeds, { tol: 0 }).iterations).toBeGreaterThan(15); // a long tail
      expectSameAsPlainLloyd(points, seeds, { tailFrom: 1, hint: partition.labels });
      expectSameAsPlainLloyd(points, seeds, { tailFrom: 4, hint: partition.labels });
      expectSameAsPlainLloyd(points, seedKMeansPlusPlus(points, k, new Random(k)), {
        tailFrom: 2,
      });
    }
  });

  it('hands the run back when a cluster empties, which is then relocated as Lloyd does', () => {
    let exercised = 0;
    for (const seed of [11, 892, 1059, 2658, 4291, 4709]) {
      // Colours spread along one axis with mixed weights; seeds near data colours. These seeds
      // were picked because a cluster empties after the first update (none is empty before).
      const random = new Random(seed);
      const count = 40 + random.nextInt(80);
      const firsts = new Set<number>();
      while (firsts.size < count) firsts.add(random.nextInt(256));
      const values = new Float64Array(count * 3);
      const weights = new Float64Array(count);
      [...firsts].forEach((first, i) => {
        values[i * 3] = first;
        values[i * 3 + 1] = random.nextInt(256);
        values[i * 3 + 2] = random.nextInt(256);
        weights[i] = 1 + random.nextInt(random.nextInt(2) ? 5 : 500);
      });
      const points: WeightedPoints = { dim: 3, count, values, weights };
      const k = 3 + random.nextInt(25);
      const seeds = new Float64Array(k * 3);
      for (let c = 0; c < k; c++) {
        const q = random.nextInt(count);
        seeds[c * 3] = values[q * 3]! + random.nextInt(9) - 4;
        seeds[c * 3 + 1] = values[q * 3 + 1]! + random.nextInt(9) - 4;
        seeds[c * 3 + 2] = values[q * 3 + 2]!;
      }
      const emptied = firstEmptyIteration(points, seeds);
      if (emptied >= 1) exercised++; // emptied while the tail engine ran (it takes over at 0)
      expectSameAsPlainLloyd(points, seeds, { tailFrom: 0 });
    }
    expect(exercised).toBe(6);
  });

  it('with ties between centres, lowest index first', () => {
    // Few colours on a coarse lattice, weights 1 or 2: centres often land where a colour is
    // equally far from two of them, in the tail too.
    let compared = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const random = new Random(seed);
      const levels = 3 + random.nextInt(4);
      const wanted = 10 + random.nextInt(40);
      const points = distinctColours(
        wanted,
        500,
        () => [0, 1, 2].map(() => 12 * random.nextInt(levels)),
        () => 1 + random.nextInt(2),
      );
      const k = 2 + random.nextInt(8);
      const seeds = seedsNearColours(random, points, k, () => random.nextInt(5));
      if (firstEmptyIteration(points, seeds) === 0) continue; // starts empty: not a tail case
      for (const tailFrom of [0, 1, 2]) expectSameAsPlainLloyd(points, seeds, { tailFrom });
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('reports the same progress and stops alike (tolerance, most iterations)', () => {
    const points = colourPoints(photo);
    const partition = wuPartition(points, 32);
    const seeds = clusterMeans(points, partition.labels, 32);
    const completed = (options: KMeansOptions): number[][] => {
      const steps = kmeansIterations(points, seeds, { hint: partition.labels, ...options });
      const reports: number[][] = [];
      for (let step = steps.next(); !step.done; step = steps.next()) {
        if (step.value.complete) reports.push([step.value.iteration, step.value.changed]);
      }
      return reports;
    };
    expect(completed({ tailFrom: 1 })).toEqual(completed({ tailFrom: Infinity }));
    for (const options of [{ tol: 1e-4 }, { maxIter: 7 }]) {
      const plain = kmeans(points, seeds, { ...options, tailFrom: Infinity });
      const tail = kmeans(points, seeds, { ...options, tailFrom: 1 });
      expectSameRun(tail, plain);
    }
  });
});
