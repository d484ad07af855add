/**
 * Checks what a renderer sends before anything acts on it: a renderer is untrusted input, in
 * Electron and over HTTP alike.
 */
import {
  ALGORITHMS,
  COLOUR_SPACES,
  colourCountProblem,
  DEFAULT_SEED,
  DITHERS,
  INITS,
} from '../../src-core/quantize/options';
import { UserFacingError } from '../services/errors';
import type { QuantizeSettings } from './contract';

export function parseQuantizeSettings(input: unknown): QuantizeSettings {
  if (typeof input !== 'object' || input === null) throw badRequest('settings must be an object');
  const fields = input as Record<string, unknown>;
  const { colours, seed = DEFAULT_SEED } = fields;
  const problem = colourCountProblem(colours);
  if (problem) throw badRequest(problem);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw badRequest('The seed must be a whole number from 0 to 4294967295.');
  }
  const settings: QuantizeSettings = { colours: colours as number, seed };
  const algorithm = oneOf(fields.algorithm, ALGORITHMS, 'algorithm');
  const init = oneOf(fields.init, INITS, 'seeding');
  const space = oneOf(fields.space, COLOUR_SPACES, 'colour space');
  const dither = oneOf(fields.dither, DITHERS, 'dithering');
  if (algorithm) settings.algorithm = algorithm;
  if (init) settings.init = init;
  if (space) settings.space = space;
  if (dither) settings.dither = dither;
  if (fields.ditherStrength !== undefined) {
    const strength = fields.ditherStrength;
    if (typeof strength !== 'number' || !(strength >= 0 && strength <= 1)) {
      throw badRequest('The dithering strength must be a number from 0 to 1.');
    }
    settings.ditherStrength = strength;
  }
  return settings;
}

/** `value` when it is one of `choices`, undefined when absent; anything else is refused. */
function oneOf<T extends string>(
  value: unknown,
  choices: readonly T[],
  what: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value))
    return value as T;
  throw badRequest(`Unknown ${what} ${JSON.stringify(value)}: use ${choices.join(', ')}.`);
}

/** Most pixels a sample may ask for (the scatter plots draw 10,000). */
export const MAX_SAMPLE_SIZE = 100_000;

export function parseSampleSize(input: unknown): number {
  const count = typeof input === 'string' && input.trim() !== '' ? Number(input) : input;
  if (
    typeof count !== 'number' ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > MAX_SAMPLE_SIZE
  ) {
    throw badRequest(`The sample size must be a whole number from 1 to ${MAX_SAMPLE_SIZE}.`);
  }
  return count;
}

/** An opaque identifier the back end issued: short, plain characters only. */
export function parseId(input: unknown, what: string): string {
  if (typeof input !== 'string' || !/^[a-z0-9-]{1,64}$/i.test(input)) {
    throw badRequest(`invalid ${what}`);
  }
  return input;
}

function badRequest(message: string): UserFacingError {
  return new UserFacingError('bad-request', message);
}
