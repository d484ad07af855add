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

  const cumulative = new Float64Array(count);
  cumulativeMass(weights, null, cumulative);
  const first = sampleCumulative(weights, null, cumulative, random.next() * sum(weights));
  copyPoint(values, first, centres, 0, dim);
  const closest = new Float64Array(count).fill(Infinity);
  lowerDistances(points, closest, first);
  let potential = weightedSum(weights, closest);
  let work = 0;

  for (let c = 1; c < k; c++) {
    cumulativeMass(weights, closest, cumulative);
    let bestCandidate = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      const candidate = sampleCumulative(weights, closest, cumulative, random.next() * potential);
      const candidatePotential = potentialWith(points, closest, candidate);
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestCandidate = candidate;
      }
    }
    copyPoint(values, bestCandidate, centres, c, dim);
    lowerDistances(points, closest, bestCandidate);
    potential = bestPotential;
    work += trials * count;
    if (work >= DISTANCES_PER_YIELD) {
      work = 0;
      yield c;
    }
  }
  return centres;
}

/**
 * Sum over points of weight × squared distance to the nearest of the chosen centres and point
 * `candidate`: the potential if the candidate were chosen. Summed in point order, as the distances
 * would be after `lowerDistances`, so that the chosen candidate's potential is exactly the sum
 * of its distances.
 */
function potentialWith(points: WeightedPoints, closest: Float64Array, candidate: number): number {
  const { dim, count, values, weights } = points;
  if (dim === 3) return potentialWith3(points, closest, candidate);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const distance = squaredDistance(values, i, values, candidate, dim);
    total += weights[i] * (closest[i] < distance ? closest[i] : distance);
  }
  return total;
}

/** The same for colours, unrolled: the same sums in the same order as `squaredDistance`'s. */
function potentialWith3(points: WeightedPoints, closest: Float64Array, candidate: number): number {
  const { count, values, weights } = points;
  const c0 = values[candidate * 3];
  const c1 = values[candidate * 3 + 1];
  const c2 = values[candidate * 3 + 2];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const d0 = values[i * 3] - c0;
    const d1 = values[i * 3 + 1] - c1;
    const d2 = values[i * 3 + 2] - c2;
    const distance = d0 * d0 + d1 * d1 + d2 * d2;
    total += weights[i] * (closest[i] < distance ? closest[i] : distance);
  }
  return total;
}

/** Lowers each point's distance to the nearest chosen centre with the new centre, point `chosen`. */
function lowerDistances(points: WeightedPoints, closest: Float64Array, chosen: number): void {
  const { dim, count, values } = points;
  for (let i = 0; i < count; i++) {
    const distance = squaredDistance(values, i, values, chosen, dim);
    if (distance < closest[i]) closest[i] = distance;
  }
}

/**
 * The running sums of weight × distance (null distances count as 1) over the points with mass, in
 * point order: a candidate is drawn by binary search in them, and one set serves every draw of a
 * round.
 */
function cumulativeMass(
  weights: Float64Array,
  distances: Float64Array | null,
  into: Float64Array,
): void {
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    const mass = distances ? weights[i] * distances[i] : weights[i];
    if (mass > 0) cumulative += mass;
    into[i] = cumulative;
  }
}

/**
 * The point whose running sum first exceeds `target`: a draw with probability proportional to
 * weight × distance. When rounding left target just past the total, the last point with mass.
 */
function sampleCumulative(
  weights: Float64Array,
  distances: Float64Array | null,
  cumulative: Float64Array,
  target: number,
): number {
  const count = cumulative.length;
  if (!(cumulative[count - 1] > target)) {
    for (let i = count - 1; i > 0; i--) {
      if ((distances ? weights[i] * distances[i] : weights[i]) > 0) return i;
    }
    return 0;
  }
  // The first running sum beyond target; it rose there, so that point has mass.
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
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
