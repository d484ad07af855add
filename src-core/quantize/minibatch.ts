/**
 * Stage 3 of the pipeline, `minibatch`: mini-batch k-means (D. Sculley, "Web-scale k-means
 * clustering", 2010) with the meaning of scikit-learn's `MiniBatchKMeans`:
 * - each step draws `batchSize` pixels at random (with replacement, so a distinct colour is drawn
 *   in proportion to its pixel count), labels them with the current centres, and moves each centre
 *   towards the mean of its batch points with a per-centre learning rate of
 *   batch count / total count so far;
 * - every 10·k pixels (or at once when some centre has never been hit), centres whose count is
 *   below `reassignmentRatio` × the largest count are moved to random points of the batch, and
 *   given the smallest remaining count;
 * - it stops after `maxIter` passes over the data, or when the exponentially weighted average of
 *   the batch inertia has not improved for `maxNoImprovement` batches (or, with `tol` > 0, when
 *   the centres move less than `tol` × the data's mean variance in one step).
 */
import type { Random } from '../random/random';
import { CentreTree } from './centre-tree';
import { meanVariance } from './points';
import type { WeightedPoints } from './points';

export interface MiniBatchOptions {
  /** Pixels per batch. Default 1024. */
  batchSize?: number;
  /** Most passes over the data (pixels drawn ÷ total pixels). Default 100. */
  maxIter?: number;
  /** Batches without improvement of the smoothed inertia before stopping. Default 10. */
  maxNoImprovement?: number;
  /** Relative fraction of the largest count under which a centre is moved. Default 0.01. */
  reassignmentRatio?: number;
  /** Relative tolerance on the centres' movement in one step; 0 (default) disables the test. */
  tol?: number;
}

export interface MiniBatchProgress {
  step: number;
  steps: number;
}

export interface MiniBatchResult {
  centres: Float64Array;
  /** Batches processed. */
  steps: number;
  /** Passes over the data, rounded up (scikit-learn's `n_iter_`). */
  iterations: number;
  /** True when an early-stopping test ended the run, false when it used every step. */
  converged: boolean;
}

export const DEFAULT_BATCH_SIZE = 1024;
export const DEFAULT_MINIBATCH_MAX_ITER = 100;
export const DEFAULT_MAX_NO_IMPROVEMENT = 10;
export const DEFAULT_REASSIGNMENT_RATIO = 0.01;

/** Batches between two yields: a few milliseconds of work. */
const STEPS_PER_YIELD = 32;

export function* miniBatchSteps(
  points: WeightedPoints,
  initialCentres: Float64Array,
  random: Random,
  options: MiniBatchOptions = {},
): Generator<MiniBatchProgress, MiniBatchResult> {
  const { dim } = points;
  const k = initialCentres.length / dim;
  const totalWeight = sum(points.weights);
  const batchSize = Math.max(1, Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, totalWeight));
  const maxIter = options.maxIter ?? DEFAULT_MINIBATCH_MAX_ITER;
  const maxNoImprovement = options.maxNoImprovement ?? DEFAULT_MAX_NO_IMPROVEMENT;
  const ratio = options.reassignmentRatio ?? DEFAULT_REASSIGNMENT_RATIO;
  const tol = (options.tol ?? 0) > 0 ? (options.tol ?? 0) * meanVariance(points) : 0;
  const steps = Math.floor((maxIter * totalWeight) / batchSize);

  const sampler = new WeightedSampler(points.weights);
  const centres = Float64Array.from(initialCentres);
  const counts = new Float64Array(k);
  const batch = new Uint32Array(batchSize);
  const batchLabels = new Uint32Array(batchSize);
  const batchSums = new Float64Array(k * dim);
  const batchCounts = new Float64Array(k);
  const tree = new CentreTree(dim, k);
  const smoothing = Math.min(1, (batchSize * 2) / (totalWeight + 1));
  let smoothed = -1;
  let best = Infinity;
  let withoutImprovement = 0;
  let sinceReassignment = 0;
  let step = 0;
  let converged = false;

  while (step < steps) {
    // Reassignment is considered every 10·k pixels, and at once while some centre has no count.
    sinceReassignment += batchSize;
    let reassign = false;
    if (hasZero(counts) || sinceReassignment >= 10 * k) {
      reassign = ratio > 0;
      sinceReassignment = 0;
    }

    // Label the batch with the current centres.
    tree.build(centres, k);
    batchSums.fill(0);
    batchCounts.fill(0);
    let inertia = 0;
    for (let j = 0; j < batchSize; j++) {
      const i = sampler.draw(random);
      batch[j] = i;
      const c = tree.nearest(points.values, i, -1, centres);
      batchLabels[j] = c;
      inertia += tree.lastDistance;
      batchCounts[c]++;
      for (let d = 0; d < dim; d++) batchSums[c * dim + d] += points.values[i * dim + d];
    }

    // Move each hit centre to the running mean of everything it has been given.
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (batchCounts[c] === 0) continue;
      const total = counts[c] + batchCounts[c];
      for (let d = 0; d < dim; d++) {
        const o = c * dim + d;
        const updated = (centres[o] * counts[c] + batchSums[o]) / total;
        shift += (updated - centres[o]) ** 2;
        centres[o] = updated;
      }
      counts[c] = total;
    }
    if (reassign) reassignSmallClusters(points, centres, counts, batch, ratio, random);
    step++;

    // Early stopping on the smoothed mean batch inertia (the first batch measures the seeds).
    const meanInertia = inertia / batchSize;
    if (step > 1) {
      smoothed = smoothed < 0 ? meanInertia : smoothed * (1 - smoothing) + meanInertia * smoothing;
      if (tol > 0 && shift <= tol) {
        converged = true;
        break;
      }
      if (smoothed < best) {
        best = smoothed;
        withoutImprovement = 0;
      } else if (++withoutImprovement >= maxNoImprovement) {
        converged = true;
        break;
      }
    }
    if (step % STEPS_PER_YIELD === 0) yield { step, steps };
  }
  return {
    centres,
    steps: step,
    iterations: Math.ceil((step * batchSize) / totalWeight),
    converged,
  };
}

/**
 * Moves the centres whose count is below `ratio` × the largest (at most half a batch of them, the
 * smallest first) onto distinct random points of the batch, and gives them the smallest count of
 * the centres kept, so that they are not moved again at once.
 */
function reassignSmallClusters(
  points: WeightedPoints,
  centres: Float64Array,
  counts: Float64Array,
  batch: Uint32Array,
  ratio: number,
  random: Random,
): void {
  const { dim } = points;
  const k = counts.length;
  const largest = Math.max(...counts);
  let small: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] < ratio * largest) small.push(c);
  if (small.length === 0) return;
  const limit = Math.floor(0.5 * batch.length);
  if (small.length > limit) {
    small = small.sort((a, b) => counts[a] - counts[b] || a - b).slice(0, limit);
  }
  const picks = distinctDraws(batch.length, small.length, random);
  small.forEach((c, n) => {
    const i = batch[picks[n]];
    for (let d = 0; d < dim; d++) centres[c * dim + d] = points.values[i * dim + d];
  });
  const moved = new Uint8Array(k);
  for (const c of small) moved[c] = 1;
  let smallestKept = Infinity;
  for (let c = 0; c < k; c++) if (!moved[c]) smallestKept = Math.min(smallestKept, counts[c]);
  if (Number.isFinite(smallestKept)) for (const c of small) counts[c] = smallestKept;
}

/** `count` distinct integers from 0..n-1 (a partial Fisher–Yates shuffle). */
function distinctDraws(n: number, count: number, random: Random): Uint32Array {
  const pool = new Uint32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(n - i);
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.subarray(0, count);
}

/**
 * Draws indices with probability proportional to their weight in O(1) each: Walker's alias method
 * (Vose's construction).
 */
export class WeightedSampler {
  private readonly probability: Float64Array;
  private readonly alias: Uint32Array;

  constructor(weights: Float64Array) {
    const n = weights.length;
    this.probability = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const total = sum(weights);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1; // rounding leftovers
  }

  draw(random: Random): number {
    const column = random.nextInt(this.probability.length);
    return random.next() < this.probability[column] ? column : this.alias[column];
  }
}

function hasZero(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === 0) return true;
  return false;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
