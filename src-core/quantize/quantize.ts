/**
 * The quantization pipeline, stage by stage (libimagequant style):
 * histogram → seed (k-means++) → refine (Lloyd) → remap to an 8-bit palette.
 * Writing the PNG is the host's job (src-main/services), which owns the encoder.
 */
import { meanSquaredError, psnr } from '../metrics/error';
import { Random } from '../random/random';
import { buildHistogram } from './histogram';
import { lloydIterations, runToEnd, DEFAULT_MAX_ITER } from './lloyd';
import { DEFAULT_SEED, type QuantizeOptions } from './options';
import type { WeightedPoints } from './points';
import { remapToPalette } from './remap';
import { seedKMeansPlusPlus } from './seed-kmeanspp';

/** An image as interleaved 8-bit pixels. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

export type QuantizeStage = 'histogram' | 'seed' | 'refine' | 'remap';

export interface QuantizeProgress {
  stage: QuantizeStage;
  /** Rough share of the work done, 0..1. */
  fraction: number;
}

export interface QuantizeResult {
  /** `paletteSize * channels` 8-bit values, most used entry first. */
  palette: Uint8Array;
  paletteSize: number;
  channels: 3 | 4;
  /** Palette index of every pixel, row by row. */
  indices: Uint16Array;
  /** Pixels per palette entry. */
  counts: Uint32Array;
  /** Distinct colours of the input. */
  distinctColours: number;
  iterations: number;
  converged: boolean;
  /** Weighted k-means objective of the float centres (scikit-learn's inertia, 0–255 scale). */
  inertia: number;
  /** Mean squared error of the written 8-bit pixels, per channel value. */
  mse: number;
  /** PSNR of the written 8-bit pixels, dB. */
  psnr: number;
}

/** The pipeline as steps: iterate it to run it, stop iterating to cancel it. */
export function* quantizeSteps(
  image: RawImage,
  options: QuantizeOptions,
): Generator<QuantizeProgress, QuantizeResult> {
  yield { stage: 'histogram', fraction: 0 };
  const histogram = buildHistogram(image.data, image.channels);
  const points: WeightedPoints = {
    dim: image.channels,
    count: histogram.size,
    values: histogram.colours,
    weights: histogram.weights,
  };
  const k = Math.min(options.colours, histogram.size);

  yield { stage: 'seed', fraction: 0.05 };
  const random = new Random(options.seed ?? DEFAULT_SEED);
  const seeds = seedKMeansPlusPlus(points, k, random);

  const maxIter = options.maxIter ?? DEFAULT_MAX_ITER;
  const refine = lloydIterations(points, seeds, { maxIter, tol: options.tol });
  let step = refine.next();
  while (!step.done) {
    yield { stage: 'refine', fraction: 0.1 + 0.8 * (step.value.iteration / maxIter) };
    step = refine.next();
  }
  const clustered = step.value;

  yield { stage: 'remap', fraction: 0.9 };
  const remapped = remapToPalette(histogram, clustered.centres);
  const pixelCount = image.width * image.height;
  const mse = meanSquaredError(remapped.squaredError, pixelCount, image.channels);
  return {
    palette: remapped.palette,
    paletteSize: remapped.paletteSize,
    channels: image.channels,
    indices: remapped.indices,
    counts: remapped.counts,
    distinctColours: histogram.size,
    iterations: clustered.iterations,
    converged: clustered.converged,
    inertia: clustered.inertia,
    mse,
    psnr: psnr(mse),
  };
}

/** Runs the whole pipeline at once. */
export function quantize(image: RawImage, options: QuantizeOptions): QuantizeResult {
  return runToEnd(quantizeSteps(image, options));
}
