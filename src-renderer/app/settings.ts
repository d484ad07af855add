/**
 * The quantization settings as the explorer offers them: choices with short explanations,
 * defaults, and the "series" a run belongs to. Results computed with equal method settings (all
 * but the colour count) form a series: a sweep fills one, and changing a setting starts another
 * instead of throwing the finished results away.
 */
import type {
  Algorithm,
  ColourSpace,
  Dithering,
  QuantizeSettings,
  Seeding,
} from '../../src-main/api/contract';
import {
  DEFAULT_COLOURS,
  DEFAULT_SEED,
  MAX_COLOURS,
  MIN_COLOURS,
} from '../../src-core/quantize/options';

/** Everything about a run but its colour count. */
export interface MethodSettings {
  algorithm: Algorithm;
  init: Seeding;
  space: ColourSpace;
  dither: Dithering;
  /** 0..1, used only with dithering. */
  ditherStrength: number;
  seed: number;
}

export interface ExplorerSettings extends MethodSettings {
  colours: number;
}

export const MAX_SEED = 0xffffffff;

export const DEFAULT_SETTINGS: ExplorerSettings = {
  colours: DEFAULT_COLOURS,
  algorithm: 'kmeans',
  init: 'wu',
  space: 'srgb',
  dither: 'none',
  ditherStrength: 1,
  seed: DEFAULT_SEED,
};

export interface Choice<T extends string> {
  value: T;
  label: string;
  /** One or two sentences, shown on hover and read by screen readers. */
  hint: string;
}

export const ALGORITHM_CHOICES: readonly Choice<Algorithm>[] = [
  {
    value: 'kmeans',
    label: 'k-means',
    hint: 'Lloyd’s k-means run to convergence: the reference, the best palette for a colour count.',
  },
  {
    value: 'minibatch',
    label: 'Mini-batch k-means',
    hint: 'k-means on random batches of pixels (scikit-learn’s MiniBatchKMeans): faster on big photos, slightly less accurate.',
  },
  {
    value: 'wu',
    label: 'Wu',
    hint: 'Wu’s quantizer: splits the colour cube where the variance is largest. Very fast and deterministic; no seeding.',
  },
];

export const SEEDING_CHOICES: readonly Choice<Seeding>[] = [
  {
    value: 'wu',
    label: 'Wu',
    hint: 'Start from Wu’s palette: a good, deterministic start that needs few iterations.',
  },
  {
    value: 'kmeans++',
    label: 'k-means++',
    hint: 'Pick spread-out starting colours at random, weighted by distance (scikit-learn’s default).',
  },
  {
    value: 'random',
    label: 'Random',
    hint: 'Random starting colours drawn around the image’s mean colour: the classic, slowest start.',
  },
  {
    value: 'points',
    label: 'Random pixels',
    hint: 'Start from k pixels of the image chosen at random.',
  },
];

export const SPACE_CHOICES: readonly Choice<ColourSpace>[] = [
  {
    value: 'srgb',
    label: 'sRGB',
    hint: 'Cluster the file’s own values: minimises the MSE shown here.',
  },
  {
    value: 'oklab',
    label: 'Oklab',
    hint: 'Cluster in a perceptually uniform space: spends colours where the eye sees differences.',
  },
  {
    value: 'lab',
    label: 'CIELAB',
    hint: 'Cluster in CIE L*a*b* (D65), the classic perceptual space.',
  },
];

export const DITHER_CHOICES: readonly Choice<Dithering>[] = [
  {
    value: 'none',
    label: 'None',
    hint: 'Every pixel takes its nearest palette colour: flat areas, smallest PNG.',
  },
  {
    value: 'fs',
    label: 'Floyd–Steinberg',
    hint: 'Spread each pixel’s error to its neighbours: smoother gradients, larger PNG.',
  },
];

export const COLOURS_HINT = `Palette size, ${MIN_COLOURS} to ${MAX_COLOURS}: fewer colours make a smaller PNG and a rougher image.`;
export const SEED_HINT =
  'Seed of the random generator (random seeding, mini-batches): the same seed gives the same result.';
export const STRENGTH_HINT =
  'How much of each pixel’s error is passed on: 100 % is classic Floyd–Steinberg, less is calmer.';

export function methodOf(settings: ExplorerSettings): MethodSettings {
  const { algorithm, init, space, dither, ditherStrength, seed } = settings;
  return { algorithm, init, space, dither, ditherStrength, seed };
}

/** What startJob is sent for one colour count. */
export function requestOf(method: MethodSettings, colours: number): QuantizeSettings {
  const request: QuantizeSettings = {
    colours,
    seed: method.seed,
    algorithm: method.algorithm,
    space: method.space,
    dither: method.dither,
  };
  if (method.algorithm !== 'wu') request.init = method.init;
  if (method.dither === 'fs') request.ditherStrength = method.ditherStrength;
  return request;
}

/** Equal keys for settings that give equal results (unused settings are left out). */
export function seriesKeyOf(method: MethodSettings): string {
  return JSON.stringify(requestOf(method, 0));
}

const labelOf = <T extends string>(choices: readonly Choice<T>[], value: T) =>
  choices.find((choice) => choice.value === value)?.label ?? value;

/** "k-means · Wu seeding · sRGB · seed 0", for series pickers and legends. */
export function describeMethod(method: MethodSettings): string {
  const parts = [labelOf(ALGORITHM_CHOICES, method.algorithm)];
  if (method.algorithm !== 'wu') parts.push(`${labelOf(SEEDING_CHOICES, method.init)} seeding`);
  parts.push(labelOf(SPACE_CHOICES, method.space));
  if (method.dither === 'fs') parts.push(`dithered ${Math.round(method.ditherStrength * 100)} %`);
  parts.push(`seed ${method.seed}`);
  return parts.join(' · ');
}

/** Settings read back from storage: anything unexpected falls back to its default. */
export function sanitizeSettings(raw: unknown): ExplorerSettings {
  const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const pick = <T extends string>(value: unknown, choices: readonly Choice<T>[], fallback: T) =>
    choices.some((choice) => choice.value === value) ? (value as T) : fallback;
  const wholeIn = (value: unknown, min: number, max: number, fallback: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? value
      : fallback;
  const d = DEFAULT_SETTINGS;
  const strength = stored.ditherStrength;
  return {
    colours: wholeIn(stored.colours, MIN_COLOURS, MAX_COLOURS, d.colours),
    algorithm: pick(stored.algorithm, ALGORITHM_CHOICES, d.algorithm),
    init: pick(stored.init, SEEDING_CHOICES, d.init),
    space: pick(stored.space, SPACE_CHOICES, d.space),
    dither: pick(stored.dither, DITHER_CHOICES, d.dither),
    ditherStrength:
      typeof strength === 'number' && strength >= 0 && strength <= 1 ? strength : d.ditherStrength,
    seed: wholeIn(stored.seed, 0, MAX_SEED, d.seed),
  };
}
