/** The limits and defaults of a quantization, shared by every layer that offers or checks them. */

export const MIN_COLOURS = 2;
export const MAX_COLOURS = 1024;
/** The colour count a new document starts with. */
export const DEFAULT_COLOURS = 16;
/** The seed used when none is given: results are reproducible by default. */
export const DEFAULT_SEED = 0;
/** The colour counts of the colour-compression workflow's sweep: 2, 4, 8, …, 1024. */
export const SWEEP_COLOURS: readonly number[] = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/**
 * The clustering algorithm, named as its users know it:
 * - `kmeans`: exact weighted k-means (Lloyd's fixed point), run to convergence. The default.
 *   With Wu seeding and 64 colours or fewer, where Lloyd's local optima differ most, a few
 *   k-means++ starts (from `seed`) are screened on a coarse grid and the better fixed point kept.
 * - `minibatch`: mini-batch k-means as scikit-learn's `MiniBatchKMeans` does it.
 * - `wu`: Wu's variance-minimising quantizer: fast and deterministic, no iterations.
 * Images with more than 2^19 distinct colours (large photos) are clustered on a grid of at most
 * 2^18 cells (each cell's weighted mean), and the palette is then fitted to the exact colours.
 */
export type Algorithm = 'kmeans' | 'minibatch' | 'wu';
export const ALGORITHMS: readonly Algorithm[] = ['kmeans', 'minibatch', 'wu'];

/**
 * How the first centres are chosen (SciPy's `kmeans2(minit=…)`, plus Wu):
 * - `wu`: Wu's quantizer (deterministic). The default for `kmeans`.
 * - `kmeans++`: greedy k-means++ (scikit-learn's). The default for `minibatch`.
 * - `random`: samples of a Gaussian with the data's mean and covariance.
 * - `points`: distinct colours drawn at random, in proportion to their pixel counts.
 */
export type Init = 'wu' | 'kmeans++' | 'random' | 'points';
export const INITS: readonly Init[] = ['wu', 'kmeans++', 'random', 'points'];

/**
 * Where distances are measured while clustering:
 * - `srgb`: the 8-bit values themselves, what MSE measures. The default, and the fastest.
 * - `oklab`: Björn Ottosson's OKLab, perceptually uniform.
 * - `lab`: CIE L*a*b* (D65 white).
 * Centres found in a perceptual space are converted back to sRGB and rounded to 8 bits.
 */
export type ColourSpace = 'srgb' | 'oklab' | 'lab';
export const COLOUR_SPACES: readonly ColourSpace[] = ['srgb', 'oklab', 'lab'];

/** `none` (the default) or `fs`: Floyd–Steinberg error diffusion with a serpentine scan. */
export type Dither = 'none' | 'fs';
export const DITHERS: readonly Dither[] = ['none', 'fs'];

export interface QuantizeOptions {
  /** Palette size to aim for, MIN_COLOURS..MAX_COLOURS. Fewer entries result when the image has fewer distinct colours. */
  colours: number;
  /** Seed of the random generator (seeding, mini-batches): same seed, same result, bit for bit. Default DEFAULT_SEED. */
  seed?: number;
  /** Clustering algorithm. Default `kmeans`. */
  algorithm?: Algorithm;
  /** Seeding method. Default `wu` for `kmeans`, `kmeans++` for `minibatch` (ignored by `wu`). */
  init?: Init;
  /**
   * Runs from different random seeds; the one with the lowest inertia is kept (scikit-learn's
   * `n_init`). Default 1. A deterministic seeding (`wu`) runs once whatever this says.
   */
  nInit?: number;
  /**
   * Most iterations: Lloyd iterations for `kmeans` (default 300), passes over the data for
   * `minibatch` (default 100), as in scikit-learn.
   */
  maxIter?: number;
  /**
   * Relative tolerance on the centres' movement (scikit-learn's `tol`, scaled by the data's mean
   * variance). Default 0 for `kmeans` (run to the fixed point, where no colour changes cluster) and
   * 0 for `minibatch` (scikit-learn's default: stop on lack of improvement instead).
   */
  tol?: number;
  /** `minibatch`: pixels per mini-batch. Default 1024 (scikit-learn's). */
  batchSize?: number;
  /** `minibatch`: stop after this many batches without improvement of the smoothed inertia. Default 10. */
  maxNoImprovement?: number;
  /** `minibatch`: a centre whose count falls below this fraction of the largest is moved. Default 0.01. */
  reassignmentRatio?: number;
  /** Colour space of the clustering. Default `srgb`. */
  space?: ColourSpace;
  /** Dithering of the remapped image. Default `none`. */
  dither?: Dither;
  /** Strength of the error diffusion, 0 (none) to 1 (full). Default 1. */
  ditherStrength?: number;
}

/** Why a colour count is unacceptable, or null when it is fine. */
export function colourCountProblem(colours: unknown): string | null {
  if (typeof colours !== 'number' || !Number.isInteger(colours)) {
    return 'The colour count must be a whole number.';
  }
  if (colours < MIN_COLOURS || colours > MAX_COLOURS) {
    return `The colour count must be between ${MIN_COLOURS} and ${MAX_COLOURS}.`;
  }
  return null;
}

/** Why a set of options is unacceptable, or null when it is fine. */
export function optionsProblem(options: QuantizeOptions): string | null {
  const colours = colourCountProblem(options.colours);
  if (colours) return colours;
  const { algorithm, init, space, dither, ditherStrength } = options;
  if (algorithm !== undefined && !ALGORITHMS.includes(algorithm)) {
    return `Unknown algorithm "${String(algorithm)}" (${ALGORITHMS.join(', ')}).`;
  }
  if (init !== undefined && !INITS.includes(init)) {
    return `Unknown seeding "${String(init)}" (${INITS.join(', ')}).`;
  }
  if (space !== undefined && !COLOUR_SPACES.includes(space)) {
    return `Unknown colour space "${String(space)}" (${COLOUR_SPACES.join(', ')}).`;
  }
  if (dither !== undefined && !DITHERS.includes(dither)) {
    return `Unknown dithering "${String(dither)}" (${DITHERS.join(', ')}).`;
  }
  if (ditherStrength !== undefined && !(ditherStrength >= 0 && ditherStrength <= 1)) {
    return 'The dithering strength must be between 0 and 1.';
  }
  for (const [name, value, min] of [
    ['nInit', options.nInit, 1],
    ['maxIter', options.maxIter, 0],
    ['batchSize', options.batchSize, 1],
    ['maxNoImprovement', options.maxNoImprovement, 1],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      return `${name} must be a whole number of at least ${min}.`;
    }
  }
  for (const [name, value] of [
    ['tol', options.tol],
    ['reassignmentRatio', options.reassignmentRatio],
  ] as const) {
    if (value !== undefined && !(value >= 0 && Number.isFinite(value))) {
      return `${name} must be a number of at least 0.`;
    }
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    return 'The seed must be a whole number.';
  }
  return null;
}
