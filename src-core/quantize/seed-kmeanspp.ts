/**
 * Stage 2 of the pipeline: seeding. Greedy k-means++ on weighted points, as scikit-learn does it:
 * each new centre is the best of `2 + ln k` candidates drawn with probability proportional to
 * weight × squared distance to the nearest centre chosen so far (Arthur & Vassilvitskii, 2007).
 * Weighing a candidate takes its distance to every point (`PlainDistances`), except on integer
 * data with more than a few centres, where the triangle inequality rules most points out
 * (`GroupedDistances`); the seeds are the same, bit for bit.
 */
import type { Random } from '../random/random';
import { groupByLabel, integerScale, squaredDistance, type WeightedPoints } from './points';
import { runToEnd } from './steps';
import { sortByKey } from './typed-arrays';

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

/**
 * On integer data, the centre from which the points are grouped by nearest centre to spare most
 * distances (`GroupedDistances`); before, the groups are too few and large to pay for their upkeep.
 * Measured on three photos' colours and screening cells against measuring every distance: the same
 * time up to k = 32, 1.2–2× faster at k = 64, 3–4× at k = 256 (grouping from the first centre was
 * 1.5–3× slower at k = 16).
 */
const GROUP_FROM = 16;

/** The same, as steps: it yields the number of centres chosen now and then (k · n work at most). */
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
  const grouping = k > GROUP_FROM && sumsAreExact(points);
  const plain = new PlainDistances(points, k, grouping, first);
  let nearest: NearestChosen = plain;
  const { closest } = plain;
  let potential = weightedSum(weights, closest);

  for (let c = 1; c < k; c++) {
    if (grouping && c === GROUP_FROM) nearest = new GroupedDistances(plain);
    cumulativeMass(weights, closest, cumulative);
    let bestCandidate = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      const candidate = sampleCumulative(weights, closest, cumulative, random.next() * potential);
      const candidatePotential = nearest.potentialWith(candidate, potential);
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestCandidate = candidate;
      }
    }
    copyPoint(values, bestCandidate, centres, c, dim);
    nearest.choose(bestCandidate);
    potential = bestPotential;
    if (nearest.measured >= DISTANCES_PER_YIELD) {
      nearest.measured = 0;
      yield c;
    }
  }
  return centres;
}

/** Each point's squared distance to the nearest centre chosen so far, and what a candidate adds. */
interface NearestChosen {
  /** Distances measured since this was last reset (for yielding). */
  measured: number;
  /**
   * Sum over points of weight × squared distance to the nearest of the chosen centres and point
   * `candidate`: the potential if the candidate were chosen (`potential`: the one without it).
   */
  potentialWith(candidate: number, potential: number): number;
  /** Chooses point `candidate` as the next centre: lowers the distances that it lowers. */
  choose(candidate: number): void;
}

/**
 * Every point measured against every candidate, the potentials summed in point order, as the
 * distances would be after `choose`, so that the chosen candidate's potential is exactly the sum
 * of its distances whatever the rounding.
 */
class PlainDistances implements NearestChosen {
  /** Squared distance of each point to the nearest chosen centre. */
  readonly closest: Float64Array;
  measured = 0;
  /** The point chosen as each centre so far. */
  readonly chosen: Int32Array;
  chosenCount = 0;
  /** The nearest chosen centre of each point, when kept (for `GroupedDistances`). */
  readonly owner: Uint32Array | null;

  constructor(
    readonly points: WeightedPoints,
    k: number,
    keepOwners: boolean,
    first: number,
  ) {
    this.closest = new Float64Array(points.count).fill(Infinity);
    this.chosen = new Int32Array(k);
    this.owner = keepOwners ? new Uint32Array(points.count) : null;
    this.choose(first);
  }

  potentialWith(candidate: number): number {
    const { dim, count, values, weights } = this.points;
    const closest = this.closest;
    this.measured += count;
    if (dim === 3) return potentialWith3(this.points, closest, candidate);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const distance = squaredDistance(values, i, values, candidate, dim);
      total += weights[i] * (closest[i] < distance ? closest[i] : distance);
    }
    return total;
  }

  choose(candidate: number): void {
    const { dim, count, values } = this.points;
    const { closest, owner } = this;
    const c = this.chosenCount++;
    this.chosen[c] = candidate;
    this.measured += count;
    for (let i = 0; i < count; i++) {
      const distance = squaredDistance(values, i, values, candidate, dim);
      if (distance < closest[i]) {
        closest[i] = distance;
        if (owner) owner[i] = c;
      }
    }
  }
}

/** `potentialWith` for colours, unrolled: the same sums in the same order as `squaredDistance`'s. */
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

/**
 * The same results for integer coordinates and weights (colours, and their screening cells), with
 * a fraction of the work. There every squared distance, every gain and every potential is an
 * integer below 2^53, exact in float64 in any order of summation, so a candidate's potential can
 * be the current one less the gains of the few points it comes nearer to.
 *
 * Those few are found by grouping the points by their nearest chosen centre, farthest first: by
 * the triangle inequality, a candidate at distance D from a chosen centre can be nearer than that
 * centre only to the points of its group farther than D / 2 from it (squared: 4 · closest > D²,
 * exact in integers). So each group is read only up to its first point within D / 2. A group keeps
 * its own copy of its points' values, weights and distances, so that it is read in order.
 */
class GroupedDistances implements NearestChosen {
  private readonly points: WeightedPoints;
  private readonly closest: Float64Array;
  measured = 0;
  /** The point chosen as each centre so far. */
  private readonly chosen: Int32Array;
  private chosenCount = 0;
  /** Each group, farthest first: its first `sizes[g]` points, their values, weights, distances. */
  private readonly sizes: Int32Array;
  private readonly groupPoint: Int32Array[] = [];
  private readonly groupValues: Float64Array[] = [];
  private readonly groupWeight: Float64Array[] = [];
  private readonly groupClosest: Float64Array[] = [];
  /** Points a new centre takes, and their distances negated (to sort them farthest first). */
  private readonly taken: Int32Array;
  private readonly takenKey: Float64Array;

  /** Takes over from `plain`, which kept each point's nearest centre, with the same distances. */
  constructor(plain: PlainDistances) {
    const { points, closest, owner, chosen, chosenCount } = plain;
    const count = points.count;
    const k = chosen.length;
    this.points = points;
    this.closest = closest;
    this.chosen = new Int32Array(k);
    this.sizes = new Int32Array(k);
    this.taken = new Int32Array(count);
    this.takenKey = new Float64Array(count);
    // The points of each centre so far, in turn: a counting sort by owner.
    const { order, start } = groupByLabel(owner!, chosenCount, count);
    for (let g = 0; g < chosenCount; g++) {
      let size = 0;
      for (let at = start[g]; at < start[g + 1]; at++) {
        const i = order[at];
        this.taken[size] = i;
        this.takenKey[size++] = -closest[i];
      }
      this.addGroup(chosen[g], size);
    }
  }

  potentialWith(candidate: number, potential: number): number {
    const { values, dim } = this.points;
    const { chosen, sizes } = this;
    const at = candidate * dim;
    let gain = 0;
    for (let g = 0; g < this.chosenCount; g++) {
      const reach = squaredDistance(values, candidate, values, chosen[g], dim);
      const groupValues = this.groupValues[g];
      const groupWeight = this.groupWeight[g];
      const groupClosest = this.groupClosest[g];
      const size = sizes[g];
      let m = 0;
      for (; m < size; m++) {
        const current = groupClosest[m];
        if (reach >= 4 * current) break; // this one and the rest are too near their centre
        let distance = 0;
        for (let d = 0; d < dim; d++) {
          const diff = groupValues[m * dim + d] - values[at + d];
          distance += diff * diff;
        }
        if (distance < current) gain += groupWeight[m] * (current - distance);
      }
      this.measured += m;
    }
    this.measured += this.chosenCount;
    return potential - gain;
  }

  choose(candidate: number): void {
    const { values, dim } = this.points;
    const { closest, chosen, sizes, taken, takenKey } = this;
    const at = candidate * dim;
    let takenCount = 0;
    for (let g = 0; g < this.chosenCount; g++) {
      const reach = squaredDistance(values, candidate, values, chosen[g], dim);
      const groupPoint = this.groupPoint[g];
      const groupValues = this.groupValues[g];
      const groupWeight = this.groupWeight[g];
      const groupClosest = this.groupClosest[g];
      const size = sizes[g];
      let kept = 0;
      let m = 0;
      for (; m < size; m++) {
        const current = groupClosest[m];
        if (reach >= 4 * current) break;
        let distance = 0;
        for (let d = 0; d < dim; d++) {
          const diff = groupValues[m * dim + d] - values[at + d];
          distance += diff * diff;
        }
        if (distance < current) {
          const i = groupPoint[m];
          closest[i] = distance;
          taken[takenCount] = i;
          takenKey[takenCount++] = -distance;
          continue;
        }
        // Kept: still farthest first, as the kept keep their distances.
        if (kept !== m) {
          groupPoint[kept] = groupPoint[m];
          groupWeight[kept] = groupWeight[m];
          groupClosest[kept] = current;
          for (let d = 0; d < dim; d++) groupValues[kept * dim + d] = groupValues[m * dim + d];
        }
        kept++;
      }
      this.measured += m;
      if (kept < m) {
        groupPoint.copyWithin(kept, m, size);
        groupWeight.copyWithin(kept, m, size);
        groupClosest.copyWithin(kept, m, size);
        groupValues.copyWithin(kept * dim, m * dim, size * dim);
        sizes[g] = size - (m - kept);
      }
    }
    this.addGroup(candidate, takenCount);
  }

  /** Makes the first `count` taken points the group of a new centre, farthest first. */
  private addGroup(centre: number, count: number): void {
    const { values, weights, dim } = this.points;
    const { taken, takenKey } = this;
    sortByKey(taken, takenKey, 0, count - 1);
    const groupValues = new Float64Array(count * dim);
    const groupWeight = new Float64Array(count);
    const groupClosest = new Float64Array(count);
    for (let m = 0; m < count; m++) {
      const i = taken[m];
      groupWeight[m] = weights[i];
      groupClosest[m] = -takenKey[m];
      for (let d = 0; d < dim; d++) groupValues[m * dim + d] = values[i * dim + d];
    }
    const g = this.chosenCount++;
    this.chosen[g] = centre;
    this.sizes[g] = count;
    this.groupPoint[g] = taken.slice(0, count);
    this.groupValues[g] = groupValues;
    this.groupWeight[g] = groupWeight;
    this.groupClosest[g] = groupClosest;
  }
}

/**
 * True when the coordinates and weights are integers small enough for every sum of
 * `GroupedDistances` to be exact: total weight × 4 × the largest squared distance below 2^53.
 */
function sumsAreExact(points: WeightedPoints): boolean {
  const scale = integerScale(points);
  return scale !== null && scale.totalWeight * 4 * scale.spread < 2 ** 53;
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
