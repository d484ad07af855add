/**
 * What the worker does for one request: decode with sharp, quantize and encode, write the PNG.
 * An image large enough to profit is quantized on one of the worker's threads (`src-main/threads`),
 * so that several jobs run side by side and a cancel ends the work at once; a small one runs here,
 * step by step, yielding to the event loop between steps so that cancel messages get through.
 */
import { performance } from 'node:perf_hooks';
import { hexOf, paletteFromValues } from '../../src-core/palette/palette';
import { buildHistogram } from '../../src-core/quantize/histogram';
import { quantizeSteps, type QuantizeResult } from '../../src-core/quantize/quantize';
import type { ResultFigures } from '../api/contract';
import { writeFileAtomic } from '../services/atomic-file';
import { UserFacingError } from '../services/errors';
import { decodeImage, type DecodedImage, type DecodeOptions } from '../services/image-decode';
import { encodePlainPng, encodeQuantizedPng } from '../services/png-encode';
import { gatherPixels, samplePixelPositions } from '../../src-core/sample/pixel-sample';
import type { PixelSample } from '../api/contract';
import { PARALLEL_MIN_PIXELS, type QuantizePool } from '../threads/quantize-pool';
import type {
  ImageFacts,
  InspectRequest,
  LosslessSizeRequest,
  PreviewRequest,
  QuantizeRequest,
  SampleRequest,
} from './protocol';

export interface JobControl {
  /** Aborted when the host asks to cancel. */
  signal: AbortSignal;
  progress(stage: string, fraction: number): void;
}

/** The last images decoded, so that a run right after opening does not decode again. */
const decodedCache = new Map<string, Promise<DecodedImage>>();
const CACHE_ENTRIES = 2;

function decodeCached(path: string, options: DecodeOptions = {}): Promise<DecodedImage> {
  let decoded = decodedCache.get(path);
  if (!decoded) {
    decoded = decodeImage(path, options);
    decodedCache.set(path, decoded);
    decoded.catch(() => decodedCache.delete(path));
    while (decodedCache.size > CACHE_ENTRIES)
      decodedCache.delete(decodedCache.keys().next().value!);
  }
  return decoded;
}

export async function inspect(request: InspectRequest): Promise<ImageFacts> {
  decodedCache.delete(request.path); // the file may have changed since it was last opened
  const image = await decodeCached(request.path, {
    displayName: request.displayName,
    maxPixels: request.maxPixels,
  });
  return {
    width: image.width,
    height: image.height,
    format: image.format,
    fileBytes: image.fileBytes,
    hasAlpha: image.hasAlpha,
    distinctColours: buildHistogram(image.data, image.channels).size,
    notes: image.notes,
  };
}

export async function writePreview(request: PreviewRequest): Promise<{ bytes: number }> {
  const image = await decodeCached(request.path);
  const png = await encodePlainPng(image);
  await writeFileAtomic(request.outputPath, png, { overwrite: true });
  return { bytes: png.length };
}

export async function samplePixels(request: SampleRequest): Promise<PixelSample> {
  // Results are read back from their PNG, so the sample shows exactly the written pixels.
  const image = decodedCache.has(request.path)
    ? await decodeCached(request.path)
    : await decodeImage(request.path);
  const positions = samplePixelPositions(image.width * image.height, request.count);
  return {
    channels: image.channels,
    values: Array.from(gatherPixels(image.data, image.channels, positions)),
  };
}

export async function losslessSize(request: LosslessSizeRequest): Promise<{ bytes: number }> {
  const image = await decodeCached(request.path);
  return { bytes: (await encodePlainPng(image)).length };
}

export async function quantizeToPng(
  request: QuantizeRequest,
  control: JobControl,
  pool: QuantizePool | null = null,
): Promise<ResultFigures> {
  control.progress('decode', 0);
  const image = await decodeCached(request.inputPath);
  if (pool && image.width * image.height >= PARALLEL_MIN_PIXELS) {
    return quantizeOnThread(request, image, control, pool);
  }
  const started = performance.now();
  const steps = quantizeSteps(image, request.settings);
  let step = steps.next();
  while (!step.done) {
    control.progress(step.value.stage, step.value.fraction * 0.9);
    await yieldToEventLoop();
    stopIfCancelled(control);
    step = steps.next();
  }
  const result = step.value;
  const milliseconds = performance.now() - started;

  control.progress('encode', 0.92);
  const png = await encodeQuantizedPng(result, image.width, image.height);
  stopIfCancelled(control);
  await writeFileAtomic(request.outputPath, png, { overwrite: true });
  return figures(result, request.settings.colours, png.length, milliseconds);
}

async function quantizeOnThread(
  request: QuantizeRequest,
  image: DecodedImage,
  control: JobControl,
  pool: QuantizePool,
): Promise<ResultFigures> {
  const { colours, ...options } = request.settings;
  const { result, png } = await pool.run(
    { image, options, colours, encode: true },
    {
      signal: control.signal,
      onProgress: (stage, fraction) => control.progress(stage, fraction * 0.9),
    },
  );
  stopIfCancelled(control);
  control.progress('write', 0.95);
  await writeFileAtomic(request.outputPath, png!, { overwrite: true });
  // The core's own time: clustering and remapping, as on the inline road (not the encoding).
  return figures(result, colours, png!.length, result.milliseconds);
}

function stopIfCancelled(control: JobControl): void {
  if (control.signal.aborted) throw new UserFacingError('cancelled', 'Cancelled.');
}

function figures(
  result: QuantizeResult,
  colours: number,
  pngBytes: number,
  milliseconds: number,
): ResultFigures {
  return {
    colours,
    paletteSize: result.paletteSize,
    palette: paletteFromValues('', result.palette, result.channels).entries.map((entry) =>
      hexOf(entry),
    ),
    counts: Array.from(result.counts),
    pngBytes,
    iterations: result.iterations,
    converged: result.converged,
    inertia: result.inertia,
    mse: result.mse,
    psnr: Number.isFinite(result.psnr) ? result.psnr : null,
    milliseconds,
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
