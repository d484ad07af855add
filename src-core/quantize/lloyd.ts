/**
 * Weighted Lloyd iterations (the k-means fixed point), plainly: every iteration measures every
 * point against every centre. This is the reference the accelerated engine (`kmeans.ts`, what the
 * pipeline runs) is tested against, label for label; keep it simple rather than fast.
 */
import { meanVariance, nearestCentre, weightedMeans, type WeightedPoints } from './points';
import { runToEnd } from './steps';

export interface LloydOptions {
  /** Most iterations to run. Default 300 (scikit-learn's). */
  maxIter?: number;
  /**
   * Convergence tolerance, relative to the data: stop when the centres move less (sum of squared
   * shifts) than `tol` × the mean per-dimension variance of the points. Default 1e-4
   * (scikit-learn's). Stopping also happens, always, when no point changes cluster.
   */
  tol?: number;
}

export interface LloydProgress {
  iteration: number;
  maxIter: number;
  inertia: number;
}

export interface LloydResult {
  /** `k * dim` final centres. */
  centres: Float64Array;
  /** Cluster of each point, consistent with `centres`. */
  labels: Uint32Array;
  /** Sum over points of weight × squared distance to its centre. */
  inertia: number;
  /** Centre updates run. */
  iterations: number;
  /** True when the run stopped by tolerance or stable labels, false when it hit maxIter. */
  converged: boolean;
}

export const DEFAULT_MAX_ITER = 300;
export const DEFAULT_TOL = 1e-4;

export function* lloydIterations(
  points: WeightedPoints,
  initialCentres: Float64Array,
  options: LloydOptions = {},
): Generator<LloydProgress, LloydResult> {
  const maxIter = options.maxIter ?? DEFAULT_MAX_ITER;
  const tolerance = (options.tol ?? DEFAULT_TOL) * meanVariance(points);
  const k = initialCentres.length / points.dim;
  let centres: Float64Array = Float64Array.from(initialCentres);
  const labels = new Uint32Array(points.count);
  const distances = new Float64Array(points.count);
  let inertia = assign(points, centres, k, labels, distances);

  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    const updated = updateCentres(points, labels, distances, centres, k);
    const shift = totalShift(centres, updated);
    centres = updated;
    iterations++;
    const previous = Uint32Array.from(labels);
    inertia = assign(points, centres, k, labels, distances);
    yield { iteration: iterations, maxIter, inertia };
    if (sameLabels(previous, labels) || shift <= tolerance) {
      converged = true;
      break;
    }
  }
  return { centres, labels, inertia, iterations, converged };
}

/** Runs the iterations to the end. */
export function lloyd(
  points: WeightedPoints,
  initialCentres: Float64Array,
  options: LloydOptions = {},
): LloydResult {
  return runToEnd(lloydIterations(points, initialCentres, options));
}

/** Labels every point with its nearest centre; returns the inertia. */
function assign(
  points: WeightedPoints,
  centres: Float64Array,
  k: number,
  labels: Uint32Array,
  distances: Float64Array,
): number {
  let inertia = 0;
  for (let i = 0; i < points.count; i++) {
    const nearest = nearestCentre(points.values, i, centres, k, points.dim);
    labels[i] = nearest.index;
    distances[i] = nearest.distance;
    inertia += points.weights[i] * nearest.distance;
  }
  return inertia;
}

/**
 * Moves each centre to the weighted mean of its points. A centre left with no points moves to
 * the point that fits its own centre worst, so that no cluster is ever empty.
 */
function updateCentres(
  points: WeightedPoints,
  labels: Uint32Array,
  distances: Float64Array,
  previous: Float64Array,
  k: number,
): Float64Array {
  const { dim, count, values } = points;
  const { means, mass } = weightedMeans(points, labels, k);
  const taken = new Uint8Array(count);
  for (let c = 0; c < k; c++) {
    if (mass[c] > 0) continue;
    const worst = worstFittingPoint(points, distances, taken);
    if (worst < 0) {
      for (let d = 0; d < dim; d++) means[c * dim + d] = previous[c * dim + d];
      continue;
    }
    taken[worst] = 1;
    for (let d = 0; d < dim; d++) means[c * dim + d] = values[worst * dim + d];
  }
  return means;
}

function worstFittingPoint(
  points: WeightedPoints,
  distances: Float64Array,
  taken: Uint8Array,
): number {
  let worst = -1;
  let worstScore = 0;
  for (let i = 0; i < points.count; i++) {
    const score = points.weights[i] * distances[i];
    if (!taken[i] && score > worstScore) {
      worstScore = score;
      worst = i;
    }
  }
  return worst;
}

function totalShift(before: Float64Array, after: Float64Array): number {
  let shift = 0;
  for (let i = 0; i < before.length; i++) {
    const diff = after[i] - before[i];
    shift += diff * diff;
  }
  return shift;
}

function sameLabels(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
