/**
 * SciPy's vector quantization vocabulary (`scipy.cluster.vq`), for points of any dimension:
 * - `vq`: the code (index of the nearest codebook row, the first on ties) of every observation,
 *   and its Euclidean distance to that code;
 * - `distortion`: the mean of those distances, what `scipy.cluster.vq.kmeans` returns as
 *   "distortion" (note: not squared, unlike scikit-learn's inertia).
 */
import { CentreTree } from './centre-tree';

export interface VqResult {
  /** Index of the nearest code of each observation. */
  codes: Uint32Array;
  /** Euclidean distance from each observation to its code. */
  distances: Float64Array;
}

/** Codes and distances of `observations` (rows of `dim` values) against `codebook`. */
export function vq(observations: Float64Array, codebook: Float64Array, dim: number): VqResult {
  const count = Math.floor(observations.length / dim);
  const codeCount = Math.floor(codebook.length / dim);
  if (codeCount === 0) throw new RangeError('The codebook is empty.');
  const tree = new CentreTree(dim, codeCount);
  tree.build(codebook, codeCount);
  const codes = new Uint32Array(count);
  const distances = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    codes[i] = tree.nearest(observations, i, -1, codebook);
    distances[i] = Math.sqrt(tree.lastDistance);
  }
  return { codes, distances };
}

/**
 * Mean Euclidean distance from the observations to their nearest code, SciPy's distortion.
 * With `weights` (pixel counts of distinct colours) it is the mean over the weighted observations.
 */
export function distortion(
  observations: Float64Array,
  codebook: Float64Array,
  dim: number,
  weights?: Float64Array,
): number {
  const { distances } = vq(observations, codebook, dim);
  return weightedMean(distances, weights);
}

export function weightedMean(values: Float64Array, weights?: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i] : 1;
    sum += w * values[i];
    total += w;
  }
  return total > 0 ? sum / total : 0;
}
