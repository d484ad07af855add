/**
 * Stage 2 of the pipeline, the random seedings of SciPy's `kmeans2(minit=…)`, on weighted points
 * (a weight is a pixel count, so weighted statistics are those of the pixels):
 * - `random`: k samples of a Gaussian with the data's mean and covariance (SciPy's `_krandinit`).
 * - `points`: k distinct points drawn at random, each with probability proportional to its weight
 *   (SciPy draws k rows without replacement; here a row is a pixel, and distinct colours are kept
 *   distinct so that no two centres start on the same colour).
 */
import type { Random } from '../random/random';
import type { WeightedPoints } from './points';

/** `k * dim` centres drawn from N(mean, covariance) of the weighted points. */
export function seedGaussian(points: WeightedPoints, k: number, random: Random): Float64Array {
  const { dim } = points;
  const { mean, covariance } = weightedMoments(points);
  const root = choleskyWithJitter(covariance, dim);
  const centres = new Float64Array(k * dim);
  const draw = new Float64Array(dim);
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < dim; d++) draw[d] = standardNormal(random);
    // x = mean + L·z, with L lower triangular.
    for (let row = 0; row < dim; row++) {
      let value = mean[row];
      for (let col = 0; col <= row; col++) value += root[row * dim + col] * draw[col];
      centres[c * dim + row] = value;
    }
  }
  return centres;
}

/**
 * `k * dim` centres on `k` distinct points, sampled without replacement with probability
 * proportional to weight (Efraimidis and Spirakis, 2006: the k smallest keys −ln(u)/w).
 */
export function seedPoints(points: WeightedPoints, k: number, random: Random): Float64Array {
  const { dim, count, values, weights } = points;
  const keys = new Float64Array(count);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    keys[i] = weights[i] > 0 ? -Math.log(1 - random.next()) / weights[i] : Infinity;
    order[i] = i;
  }
  const chosen = Array.from(order)
    .sort((a, b) => keys[a] - keys[b] || a - b)
    .slice(0, k);
  const centres = new Float64Array(k * dim);
  chosen.forEach((i, c) => {
    for (let d = 0; d < dim; d++) centres[c * dim + d] = values[i * dim + d];
  });
  return centres;
}

/** A standard normal draw (Box–Muller; one of the pair is used, for simplicity). */
export function standardNormal(random: Random): number {
  const u = 1 - random.next(); // (0, 1]: the logarithm stays finite
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Weighted mean and covariance; the covariance divides by (total weight − 1), as numpy.cov with frequency weights. */
export function weightedMoments(points: WeightedPoints): {
  mean: Float64Array;
  covariance: Float64Array;
} {
  const { dim, count, values, weights } = points;
  const mean = new Float64Array(dim);
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += weights[i];
    for (let d = 0; d < dim; d++) mean[d] += weights[i] * values[i * dim + d];
  }
  for (let d = 0; d < dim; d++) mean[d] /= total;
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < dim; a++) {
      const da = values[i * dim + a] - mean[a];
      for (let b = 0; b <= a; b++) {
        covariance[a * dim + b] += weights[i] * da * (values[i * dim + b] - mean[b]);
      }
    }
  }
  const divisor = total > 1 ? total - 1 : 1;
  for (let a = 0; a < dim; a++) {
    for (let b = 0; b <= a; b++) {
      covariance[a * dim + b] /= divisor;
      covariance[b * dim + a] = covariance[a * dim + b];
    }
  }
  return { mean, covariance };
}

/**
 * Lower-triangular L with L·Lᵀ = covariance. A degenerate covariance (a grey image: R = G = B)
 * has no Cholesky factor, so a tiny multiple of the trace is added to the diagonal until it does;
 * the samples then spread, as they should, only along the data's own directions (plus a
 * negligible jitter).
 */
function choleskyWithJitter(covariance: Float64Array, dim: number): Float64Array {
  let trace = 0;
  for (let d = 0; d < dim; d++) trace += covariance[d * dim + d];
  let jitter = 0;
  for (let attempt = 0; attempt < 30; attempt++) {
    const root = cholesky(covariance, dim, jitter);
    if (root) return root;
    jitter = jitter === 0 ? Math.max(trace, 1) * 1e-12 : jitter * 10;
  }
  return new Float64Array(dim * dim); // all-zero data: every sample is the mean
}

function cholesky(matrix: Float64Array, dim: number, jitter: number): Float64Array | null {
  const root = new Float64Array(dim * dim);
  for (let row = 0; row < dim; row++) {
    for (let col = 0; col <= row; col++) {
      let sum = matrix[row * dim + col] + (row === col ? jitter : 0);
      for (let j = 0; j < col; j++) sum -= root[row * dim + j] * root[col * dim + j];
      if (row === col) {
        if (!(sum > 0)) return null;
        root[row * dim + col] = Math.sqrt(sum);
      } else {
        root[row * dim + col] = sum / root[col * dim + col];
      }
    }
  }
  return root;
}
