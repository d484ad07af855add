/**
 * Stage 2 of the pipeline: seeding. Greedy k-means++ on weighted points, as scikit-learn does it:
 * each new centre is the best of `2 + ln k` candidates drawn with probability proportional to
 * weight × squared distance to the nearest centre chosen so far (Arthur & Vassilvitskii, 2007).
 */
import type { Random } from '../random/random';
import { squaredDistance, type WeightedPoints } from './points';
import { runToEnd } from './steps';

/** Returns `k * dim` starting centres; `k` must not exceed the number of points. */
export function seedKMeansPlusPlus(
  points: WeightedPoints,
  k: number,
  random: Random,
): Float64Array {
  return runToEnd(seedKMeansPlusPlusSteps(points, k, random));
}

/** Point-to-candidate distances computed between two yields. */
const DISTANCES_PER_YIELD = 2_000_000;

/** The same, as steps: it yields the number of centres chosen now and then (k · n work in all). */
export function* seedKMeansPlusPlusSteps(
  points: WeightedPoints,
  k: number,
  random: Random,
): Generator<number, Float64Array> {
  const { dim, count, values, weights } = points;
  const centres = new Float64Array(k * dim);
  const trials = 2 + Math.floor(Math.log(k));

  const first = sampleIndex(weights, null, random.next() * sum(weights));
  copyPoint(values, first, centres, 0, dim);
  let closest = distancesTo(points, values, first);
  let potential = weightedSum(weights, closest);
  let work = 0;

  for (let c = 1; c < k; c++) {
    let bestCandidate = -1;
    let bestPotential = Infinity;
    let bestClosest = closest;
    for (let t = 0; t < trials; t++) {
      const candidate = sampleIndex(weights, closest, random.next() * potential);
      const candidateClosest = distancesTo(points, values, candidate);
      for (let i = 0; i < count; i++) {
        if (closest[i] < candidateClosest[i]) candidateClosest[i] = closest[i];
      }
      const candidatePotential = weightedSum(weights, candidateClosest);
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestCandidate = candidate;
        bestClosest = candidateClosest;
      }
    }
    copyPoint(values, bestCandidate, centres, c, dim);
    closest = bestClosest;
    potential = bestPotential;
    work += trials * count;
    if (work >= DISTANCES_PER_YIELD) {
      work = 0;
      yield c;
    }
  }
  return centres;
}

/** Index whose cumulative weight × distance first exceeds `target`; null distances mean 1. */
function sampleIndex(
  weights: Float64Array,
  distances: Float64Array | null,
  target: number,
): number {
  let cumulative = 0;
  let lastPositive = 0;
  for (let i = 0; i < weights.length; i++) {
    const mass = distances ? weights[i] * distances[i] : weights[i];
    if (mass <= 0) continue;
    cumulative += mass;
    lastPositive = i;
    if (cumulative > target) return i;
  }
  return lastPositive; // rounding left target just past the total
}

function distancesTo(points: WeightedPoints, source: Float64Array, index: number): Float64Array {
  const distances = new Float64Array(points.count);
  for (let i = 0; i < points.count; i++) {
    distances[i] = squaredDistance(points.values, i, source, index, points.dim);
  }
  return distances;
}

function weightedSum(weights: Float64Array, values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] * values[i];
  return total;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function copyPoint(from: Float64Array, i: number, to: Float64Array, j: number, dim: number): void {
  for (let d = 0; d < dim; d++) to[j * dim + d] = from[i * dim + d];
}
