/**
 * Checks what a renderer sends before anything acts on it: a renderer is untrusted input, in
 * Electron and over HTTP alike.
 */
import { colourCountProblem, DEFAULT_SEED } from '../../src-core/quantize/options';
import { UserFacingError } from '../services/errors';
import type { QuantizeSettings } from './contract';

export function parseQuantizeSettings(input: unknown): QuantizeSettings {
  if (typeof input !== 'object' || input === null) throw badRequest('settings must be an object');
  const { colours, seed = DEFAULT_SEED } = input as Record<string, unknown>;
  const problem = colourCountProblem(colours);
  if (problem) throw badRequest(problem);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw badRequest('The seed must be a whole number from 0 to 4294967295.');
  }
  return { colours: colours as number, seed };
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
