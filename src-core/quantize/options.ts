/** The limits and defaults of a quantization, shared by every layer that offers or checks them. */

export const MIN_COLOURS = 2;
export const MAX_COLOURS = 1024;
/** The colour count a new document starts with. */
export const DEFAULT_COLOURS = 16;
/** The seed used when none is given: results are reproducible by default. */
export const DEFAULT_SEED = 0;

export interface QuantizeOptions {
  /** Palette size to aim for, MIN_COLOURS..MAX_COLOURS. Fewer entries result when the image has fewer distinct colours. */
  colours: number;
  /** Seed of the random generator used for seeding. Default DEFAULT_SEED. */
  seed?: number;
  /** Most Lloyd iterations. Default 300. */
  maxIter?: number;
  /** Relative convergence tolerance. Default 1e-4. */
  tol?: number;
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
