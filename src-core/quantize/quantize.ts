/**
 * The quantization pipeline, stage by stage (libimagequant style):
 * histogram → seed → refine (k-means, mini-batch or Wu) → palette (8-bit) → remap (± dithering).
 * Writing the PNG is the host's job (src-main/services), which owns the encoder.
 *
 * Everything is a generator: iterate it to run it, stop iterating to cancel it. It yields between
 * steps of a few milliseconds each (a Lloyd iteration, a batch of rows...), so that a worker can
 * report progress and honour cancellation between them.
 */
import { fromSpace, toSpace } from '../colour/colour-space';
import { now } from '../metrics/clock';
import { meanSquaredError, psnr } from '../metrics/error';
import { Random } from '../random/random';
import { ditherSteps } from './dither';
import { coarsen } from './coarse';
import { buildHistogramSteps, type ColourHistogram } from './histogram';
import type { ColourTree } from './colour-tree';
import {
  colourTreeOf,
  DEFAULT_MAX_ITER,
  KMeansEngine,
  kmeansIterations,
  type KMeansOptions,
  type KMeansResult,
} from './kmeans';
import { miniBatchSteps, WeightedSampler } from './minibatch';
import {
  DEFAULT_SEED,
  optionsProblem,
  SWEEP_COLOURS,
  type Algorithm,
  type ColourSpace,
  type Dither,
  type Init,
  type QuantizeOptions,
} from './options';
import type { WeightedPoints } from './points';
import { fitPaletteToPixels } from './grid-remap';
import { labelRgbPoints } from './nearest-entry';
import { binPixelsSteps, type PixelGrid } from './pixel-grid';
import { NO_HELP, type PassHelp } from './pixel-pass';
import {
  exactPalette,
  fitPaletteSteps,
  indexPixels,
  orderPalette,
  type FitOptions,
  type PaletteFit,
} from './remap';
import { seedKMeansPlusPlusSteps } from './seed-kmeanspp';
import { seedGaussian, seedPoints } from './seed-random';
import {
  clusterMeans,
  coarserLabels,
  wuPartition,
  wuPartitionSteps,
  type WuPartition,
} from './seed-wu';
import { relay, runToEnd } from './steps';

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
  /** In a sweep: the colour count being worked on. */
  colours?: number;
}

export interface QuantizeResult {
  /** `paletteSize * channels` 8-bit values: translucent entries first, then most used first. */
  palette: Uint8Array;
  paletteSize: number;
  channels: 3 | 4;
  /** Palette index of every pixel, row by row. */
  indices: Uint16Array;
  /** Pixels per palette entry. */
  counts: Uint32Array;
  /** Distinct colours of the input (fully transparent pixels count as one). */
  distinctColours: number;
  /** The colour count asked for. */
  colours: number;
  /** What ran: the algorithm, its seeding (null for `wu` and lossless results) and colour space. */
  algorithm: Algorithm;
  init: Init | null;
  space: ColourSpace;
  /** True when k ≥ the distinct colours: the palette is exactly those colours, MSE 0. */
  lossless: boolean;
  /** Lloyd iterations (`kmeans`), passes over the data (`minibatch`), 0 (`wu`, lossless). */
  iterations: number;
  /** True when the algorithm stopped by its own test rather than at `maxIter`. */
  converged: boolean;
  /**
   * scikit-learn's inertia: sum over pixels of the squared distance to the nearest float centre,
   * in the clustering's space (0–255 scale for sRGB). `wu`'s centres are its palette's entries,
   * since its Lloyd steps are the palette's 8-bit polish (on the grid road of very large photos,
   * which has no polish, they are Wu's box means).
   */
  inertia: number;
  /** SciPy's distortion: mean Euclidean distance of the pixels to those centres. */
  distortion: number;
  /** Mean squared error of the written 8-bit pixels, per channel value (0–255 scale). */
  mse: number;
  /** PSNR of the written 8-bit pixels, dB (Infinity for an exact copy). */
  psnr: number;
  /** Time spent computing (not waiting between steps), milliseconds. */
  milliseconds: number;
}

/** The pipeline as steps: iterate it to run it, stop iterating to cancel it. */
export function* quantizeSteps(
  image: RawImage,
  options: QuantizeOptions,
): Generator<QuantizeProgress, QuantizeResult> {
  const results = yield* quantizeSweepSteps(image, [options.colours], options);
  return results[0];
}

/** Runs the whole pipeline at once. */
export function quantize(image: RawImage, options: QuantizeOptions): QuantizeResult {
  return runToEnd(quantizeSteps(image, options));
}

/**
 * Several colour counts of one image (by default the workflow's sweep 2, 4, …, 1024), sharing the
 * histogram and, with Wu seeding, one Wu partition (see `ImageQuantizer`).
 */
export function* quantizeSweepSteps(
  image: RawImage,
  colourCounts: readonly number[] = SWEEP_COLOURS,
  options: Omit<QuantizeOptions, 'colours'> = {},
): Generator<QuantizeProgress, QuantizeResult[]> {
  for (const colours of colourCounts) {
    const problem = optionsProblem({ ...options, colours });
    if (problem) throw new RangeError(problem);
  }
  if (colourCounts.length === 0) return [];
  const quantizer = new ImageQuantizer(image, options, Math.max(...colourCounts));
  const total = colourCounts.reduce((sum, k) => sum + k, 0);
  const results: QuantizeResult[] = [];
  let done = 0;
  for (const colours of colourCounts) {
    results.push(yield* quantizer.steps(colours, { start: done / total, size: colours / total }));
    done += colours;
  }
  return results;
}

/**
 * One image made ready for any number of colour counts: the histogram (or pixel grid), Wu's
 * partition and the screening grid are made on the first count and shared by the next ones. Wu's
 * splits happen in a fixed order, so the partition into `mostColours` boxes contains the partitions
 * into every smaller count: each result is exactly what `quantize` gives for its count alone, in
 * whatever order and on whichever quantizer the counts are run (a worker thread keeps one per image).
 */
export class ImageQuantizer {
  private shared: SharedImage | null = null;

  /**
   * @param options Every option but the colour count, the same for every count.
   * @param mostColours The largest count that will be asked for (the Wu partition is made that fine
   *   at once); a larger one later is still right, at the cost of partitioning again.
   * @param help Threads that share the passes over every pixel of a very large photo (the host's;
   *   default none). The results are the same with or without.
   */
  constructor(
    private readonly image: RawImage,
    private readonly options: Omit<QuantizeOptions, 'colours'> = {},
    private readonly mostColours = 2,
    private readonly help: PassHelp = NO_HELP,
  ) {
    resolve({ ...options, colours: mostColours }); // refuses bad options now, not on every count
  }

  /**
   * One colour count as steps. Its `milliseconds` include the preparation when this call made it.
   * `span` places this count's progress within a longer run (default: all of 0..1).
   */
  *steps(
    colours: number,
    span: { start: number; size: number } = { start: 0, size: 1 },
  ): Generator<QuantizeProgress, QuantizeResult> {
    const settings = resolve({ ...this.options, colours });
    let busy = 0;
    const timed = function* <T>(steps: Generator<QuantizeProgress, T>) {
      for (;;) {
        const started = now();
        const step = steps.next();
        busy += now() - started;
        if (step.done) return step.value;
        yield step.value;
      }
    };
    if (!this.shared) {
      const most = Math.max(colours, this.mostColours);
      this.shared = yield* timed(
        prepareImage(this.image, resolve({ ...this.options, colours: most }), this.help),
      );
    }
    const result = yield* timed(quantizeColours(this.shared, settings, { ...span, colours }));
    return { ...result, milliseconds: busy };
  }

  /** One colour count at once. */
  quantize(colours: number): QuantizeResult {
    return runToEnd(this.steps(colours));
  }
}

/** Runs a sweep at once. */
export function quantizeSweep(
  image: RawImage,
  colourCounts: readonly number[] = SWEEP_COLOURS,
  options: Omit<QuantizeOptions, 'colours'> = {},
): QuantizeResult[] {
  return runToEnd(quantizeSweepSteps(image, colourCounts, options));
}

// -------------------------------------------------------------------------------------------------

/** Options with every default filled in. */
interface Settings {
  colours: number;
  seed: number;
  algorithm: Algorithm;
  init: Init;
  nInit: number;
  maxIter: number | undefined;
  tol: number;
  batchSize: number | undefined;
  maxNoImprovement: number | undefined;
  reassignmentRatio: number | undefined;
  space: ColourSpace;
  dither: Dither;
  ditherStrength: number;
}

function resolve(options: QuantizeOptions): Settings {
  const problem = optionsProblem(options);
  if (problem) throw new RangeError(problem);
  const algorithm = options.algorithm ?? 'kmeans';
  return {
    colours: options.colours,
    seed: options.seed ?? DEFAULT_SEED,
    algorithm,
    init: options.init ?? (algorithm === 'minibatch' ? 'kmeans++' : 'wu'),
    nInit: options.nInit ?? 1,
    maxIter: options.maxIter,
    tol: options.tol ?? 0,
    batchSize: options.batchSize,
    maxNoImprovement: options.maxNoImprovement,
    reassignmentRatio: options.reassignmentRatio,
    space: options.space ?? 'srgb',
    dither: options.dither ?? 'none',
    ditherStrength: options.ditherStrength ?? 1,
  };
}

/**
 * Beyond this many distinct colours (more than a 768×512 image can have), clustering runs on the
 * colours merged into grid cells: exact k-means on millions of colours would take minutes. The
 * grid is the finest (7, 6 or 5 bits per axis) with at most GRID_CELLS cells; the palette is then
 * fitted to the exact colours.
 */
const EXACT_COLOURS = 1 << 19;
const GRID_CELLS = 1 << 18;

/**
 * Opaque sRGB photos without dithering take a faster road to the same kind of result, with no
 * table of their millions of distinct colours at all: the pixels are binned straight into a fixed
 * grid (`pixel-grid.ts`, 2^GRID_BITS levels per axis); k-means runs to its fixed point on the
 * grid's cells merged 8 at a time, then a few iterations on the cells themselves; and the palette
 * is fitted to the pixels (`grid-remap.ts`). On a 24-megapixel photo (4.3 million distinct
 * colours) this takes a fifth of the time of the road through distinct colours, for an MSE about
 * 1 % higher (`npm run bench`, section 4).
 */
const GRID_BITS = 6;
/**
 * Iterations on the cells themselves. Since the cells take the filter engine, 20 cost no more than
 * 5 did: over 9 photos of 24 megapixels at k = 16, 64 and 256 the MSE is 0.45 % lower than with
 * 5, and never higher (to the fixed point: 0.63 % lower, for 5 % more time).
 */
const GRID_FINE_ITERATIONS = 20;

/**
 * `wu`'s palette comes from Wu's boxes, far from a fixed point, so its 8-bit polish does real
 * work: 5 rounds, the first 4 over-relaxed (`OVER_RELAXATION` in `remap.ts`), get further than 8
 * plain rounds in less time. k-means' centres are at Lloyd's fixed point already, and its polish
 * stays plain.
 */
const WU_POLISH = { polishRounds: 5, relaxedRounds: 4 };

/** The grid cells of a very large photo, as `pixel-grid.ts` made them. */
interface GridCells {
  bits: number;
  /** The grid's cells, and the key of each. */
  cells: WeightedPoints;
  keys: Uint32Array;
  /** The colour tree of `cells`, made at the first k-means run on them (`colourTreeOf`). */
  tree?: ColourTree | null;
}

/** What every colour count of one image shares. */
interface SharedImage {
  image: RawImage;
  /** The distinct colours, except for very large photos binned into `grid` instead. */
  histogram: ColourHistogram | null;
  grid: GridCells | null;
  /** Distinct colours of the input (fully transparent pixels count as one). */
  distinctColours: number;
  space: ColourSpace;
  /** The colours, in the clustering space: all but the transparent one. */
  colourPoints: WeightedPoints;
  /** Histogram colour of each colour point. */
  pointColour: Uint32Array;
  /** What is clustered: `colourPoints` themselves, or their grid cells when there are very many. */
  points: WeightedPoints;
  /** The cell of each colour point, when `points` are cells. */
  cellOf: Uint32Array | null;
  /** The transparent entry (0,0,0,0) when the image has fully transparent pixels. */
  fixed: Uint8Array | undefined;
  /** Wu's partition of the points, made once as fine as the largest colour count asked for. */
  wu: WuPartition | null;
  /** The largest colour count asked for. */
  mostColours: number;
  /** The points on a coarse grid, for screening starts (made when first needed). */
  coarse: WeightedPoints | null;
  /**
   * The colour trees of `points` and of `coarse` for the k-means runs on them (`colourTreeOf`:
   * null when they take other engines), made at the first run: undefined until then.
   */
  tree?: ColourTree | null;
  coarseTree?: ColourTree | null;
  /** Threads that share the passes over every pixel (grid road only). */
  help: PassHelp;
}

function* prepareImage(
  image: RawImage,
  settings: Settings,
  help: PassHelp,
): Generator<QuantizeProgress, SharedImage> {
  yield { stage: 'histogram', fraction: 0 };
  if (takesGridRoad(image, settings)) {
    const pixelCount = image.width * image.height;
    const binning = binPixelsSteps(image.data, pixelCount, GRID_BITS, help);
    const grid = yield* relay(binning, (done) => ({ stage: 'histogram', fraction: 0.03 * done }));
    if (grid.distinctColours > EXACT_COLOURS) return gridImage(image, settings, grid, help);
  }
  const counting = buildHistogramSteps(image.data, image.channels);
  const histogram = yield* relay(counting, (share) => ({
    stage: 'histogram',
    fraction: 0.03 * share,
  }));
  const { channels, size, colours, weights } = histogram;
  // Fully transparent pixels share one entry, (0,0,0,0), kept out of the clustering: a centre
  // pulled between them and visible colours would make a hole visible or a colour see-through.
  let transparent = -1;
  if (channels === 4) {
    for (let i = 0; i < size && transparent < 0; i++) if (colours[i * 4 + 3] === 0) transparent = i;
  }
  const count = transparent >= 0 ? size - 1 : size;
  const pointColour = new Uint32Array(count);
  const values = new Float64Array(count * channels);
  const pointWeights = new Float64Array(count);
  for (let i = 0, p = 0; i < size; i++) {
    if (i === transparent) continue;
    pointColour[p] = i;
    pointWeights[p] = weights[i];
    for (let d = 0; d < channels; d++) values[p * channels + d] = colours[i * channels + d];
    p++;
  }
  yield { stage: 'histogram', fraction: 0.03 };
  toSpace(values, channels, settings.space, values);
  const colourPoints: WeightedPoints = { dim: channels, count, values, weights: pointWeights };
  let points = colourPoints;
  let cellOf: Uint32Array | null = null;
  if (count > EXACT_COLOURS) {
    for (const bits of [7, 6, 5]) {
      const grid = coarsen(colourPoints, bits);
      ({ cells: points, cellOf } = grid);
      if (points.count <= GRID_CELLS) break;
      yield { stage: 'histogram', fraction: 0.04 };
    }
  }
  return {
    image,
    histogram,
    grid: null,
    distinctColours: histogram.size,
    space: settings.space,
    colourPoints,
    points,
    cellOf,
    pointColour,
    fixed: transparent >= 0 ? new Uint8Array(4) : undefined,
    wu: null,
    mostColours: settings.colours,
    coarse: null,
    help,
  };
}

function takesGridRoad(image: RawImage, settings: Settings): boolean {
  return (
    image.channels === 3 &&
    image.width * image.height > EXACT_COLOURS &&
    settings.space === 'srgb' &&
    settings.dither === 'none'
  );
}

function gridImage(
  image: RawImage,
  settings: Settings,
  grid: PixelGrid,
  help: PassHelp,
): SharedImage {
  // Cell means rounded to integers, so that k-means on them takes the filter and tail engines
  // (exact integer sums): half a unit is little beside a cell 4 or 8 units wide, and the palette
  // is fitted to the pixels afterwards. Over 9 photos of 24 megapixels at k = 16, 64 and 256 this
  // made the MSE 0.16 % lower on average (from 2.2 % lower to 1.6 % higher), the k-means on the
  // cells 2–3× faster and the whole road 7 % (akihabara.jpg: 16–32 %).
  const points = withIntegerValues(grid.cells(grid.bits - 1).points);
  const { points: fineCells, keys } = grid.cells();
  const cells = withIntegerValues(fineCells);
  return {
    image,
    histogram: null,
    grid: { bits: grid.bits, cells, keys },
    distinctColours: grid.distinctColours,
    space: settings.space,
    colourPoints: points,
    pointColour: new Uint32Array(0),
    points,
    cellOf: null,
    fixed: undefined,
    wu: null,
    mostColours: settings.colours,
    coarse: null,
    help,
  };
}

/** What a clustering gives the palette stage. */
interface Clustering {
  /** `k * dim` float centres in the clustering space. */
  centres: Float64Array;
  /** Nearest centre of each point (for `wu` off the grid road: its box, see `cluster`). */
  labels: Uint32Array;
  /** NaN until measured, for `wu` off the grid road (`measureAgainstPalette`). */
  inertia: number;
  /** Sum over points of weight × distance (not squared) to the nearest centre. */
  distanceSum: number;
  iterations: number;
  converged: boolean;
}

interface Span {
  start: number;
  size: number;
  colours: number;
}

function* quantizeColours(
  shared: SharedImage,
  settings: Settings,
  span: Span,
): Generator<QuantizeProgress, Omit<QuantizeResult, 'milliseconds'>> {
  const { image, fixed } = shared;
  const progress = (stage: QuantizeStage, fraction: number): QuantizeProgress => ({
    stage,
    fraction: span.start + span.size * (0.05 + 0.95 * fraction),
    colours: span.colours,
  });
  if (shared.grid) return yield* quantizeColoursOnGrid(shared, shared.grid, settings, progress);
  const histogram = shared.histogram!;
  const { channels } = histogram;
  const k = settings.colours;
  const lossless = k >= histogram.size;
  let fit: PaletteFit;
  let clustering: Clustering | null = null;
  if (lossless) {
    fit = exactPalette(histogram);
  } else {
    const fixedCount = fixed ? 1 : 0;
    clustering = yield* cluster(shared, k - fixedCount, settings, progress);
    yield progress('remap', 0.85);
    const centres = fromSpace(clustering.centres, channels, shared.space);
    const hint = new Int32Array(histogram.size).fill(-1);
    const { cellOf, pointColour } = shared;
    for (let p = 0; p < shared.colourPoints.count; p++) {
      hint[pointColour[p]] = clustering.labels[cellOf ? cellOf[p] : p];
    }
    const fitting = fitPaletteSteps(histogram, centres, {
      space: shared.space,
      capacity: k,
      fixed,
      hint,
      ...polishOf(settings.algorithm, cellOf !== null),
    });
    fit = yield* relay(fitting, () => progress('remap', 0.87));
    if (settings.algorithm === 'wu') measureAgainstPalette(shared, clustering, fit);
    else if (cellOf) measureOnColours(shared, clustering);
  }
  const ordered = orderPalette(fit);
  let indices = indexPixels(histogram, fit, ordered.position);
  let squaredError = fit.squaredError;
  if (settings.dither === 'fs' && settings.ditherStrength > 0 && !lossless) {
    yield progress('remap', 0.9);
    const steps = ditherSteps({
      width: image.width,
      height: image.height,
      histogram,
      palette: ordered.palette,
      size: fit.size,
      plain: indices,
      space: shared.space,
      strength: settings.ditherStrength,
    });
    const dithered = yield* relay(steps, (done) => progress('remap', 0.9 + 0.1 * done));
    indices = dithered.indices;
    squaredError = dithered.squaredError;
    // Dithering moves pixels between entries: count them again.
    ordered.counts.fill(0);
    for (let p = 0; p < indices.length; p++) ordered.counts[indices[p]]++;
  }
  const pixelCount = image.width * image.height;
  const mse = meanSquaredError(squaredError, pixelCount, channels);
  return {
    palette: ordered.palette,
    paletteSize: fit.size,
    channels,
    indices,
    counts: ordered.counts,
    distinctColours: shared.distinctColours,
    colours: k,
    algorithm: settings.algorithm,
    init: lossless || settings.algorithm === 'wu' ? null : settings.init,
    space: shared.space,
    lossless,
    iterations: clustering ? clustering.iterations : 0,
    converged: clustering ? clustering.converged : true,
    inertia: clustering ? clustering.inertia : 0,
    distortion: clustering && pixelCount > 0 ? clustering.distanceSum / pixelCount : 0,
    mse,
    psnr: psnr(mse),
  };
}

/** The palette fit's polishing rounds, as the algorithm and the road call for them. */
function polishOf(algorithm: Algorithm, onCells: boolean): Partial<FitOptions> {
  if (onCells) return { polishRounds: 1 }; // a round is a pass over millions of colours
  return algorithm === 'wu' ? WU_POLISH : {};
}

type Report = (stage: QuantizeStage, fraction: number) => QuantizeProgress;

/** `quantizeColours` for a very large photo binned into grid cells. */
function* quantizeColoursOnGrid(
  shared: SharedImage,
  grid: GridCells,
  settings: Settings,
  progress: Report,
): Generator<QuantizeProgress, Omit<QuantizeResult, 'milliseconds'>> {
  const { image } = shared;
  const k = settings.colours;
  const coarse = yield* cluster(shared, k, settings, progress);
  const clustering =
    settings.algorithm === 'wu' ? coarse : yield* refineOnCells(grid, coarse.centres, progress);
  yield progress('remap', 0.85);
  const cellCluster = new Int32Array(1 << (3 * grid.bits)).fill(-1);
  grid.keys.forEach((key, i) => (cellCluster[key] = clustering.labels[i]));
  const fitting = fitPaletteToPixels({
    pixels: image.data,
    bits: grid.bits,
    centres: clustering.centres,
    cellCluster,
    capacity: k,
    help: shared.help,
  });
  const { fit, pixelEntry, inertia, distanceSum } = yield* relay(fitting, () =>
    progress('remap', 0.9),
  );
  const ordered = orderPalette(fit);
  const indices = new Uint16Array(pixelEntry.length);
  for (let p = 0; p < indices.length; p++) indices[p] = ordered.position[pixelEntry[p]];
  const pixelCount = image.width * image.height;
  const mse = meanSquaredError(fit.squaredError, pixelCount, 3);
  return {
    palette: ordered.palette,
    paletteSize: fit.size,
    channels: 3,
    indices,
    counts: ordered.counts,
    distinctColours: shared.distinctColours,
    colours: k,
    algorithm: settings.algorithm,
    init: settings.algorithm === 'wu' ? null : settings.init,
    space: shared.space,
    lossless: false,
    iterations: coarse.iterations + (clustering === coarse ? 0 : clustering.iterations),
    converged: clustering.converged,
    inertia,
    distortion: distanceSum / pixelCount,
    mse,
    psnr: psnr(mse),
  };
}

/** The iterations on a grid's own cells, from the centres found on its merged cells. */
function* refineOnCells(
  grid: GridCells,
  centres: Float64Array,
  progress: Report,
): Generator<QuantizeProgress, KMeansResult> {
  if (grid.tree === undefined) grid.tree = colourTreeOf(grid.cells);
  const options = { maxIter: GRID_FINE_ITERATIONS, tree: grid.tree };
  return yield* lloydSteps(grid.cells, centres, options, () => progress('refine', 0.8));
}

function* cluster(
  shared: SharedImage,
  k: number,
  settings: Settings,
  progress: Report,
): Generator<QuantizeProgress, Clustering> {
  const { points } = shared;
  const random = new Random(settings.seed);
  switch (settings.algorithm) {
    case 'wu': {
      yield progress('seed', 0);
      const labels = yield* wuLabels(shared, k, () => progress('seed', 0.5));
      const centres = clusterMeans(points, labels, k);
      // Off the grid road, the palette fit finds every colour's nearest entry from its box, and
      // the inertia is measured against the palette (`measureAgainstPalette`).
      if (!shared.grid) {
        return { centres, labels, inertia: NaN, distanceSum: NaN, iterations: 0, converged: true };
      }
      return yield* finalAssignment(shared, centres, labels, 0, true, () =>
        progress('refine', 0.5),
      );
    }
    case 'minibatch':
      return yield* clusterMiniBatch(shared, k, settings, random, progress);
    case 'kmeans':
      return yield* clusterKMeans(shared, k, settings, random, progress);
  }
}

/** Labels of Wu's partition into k boxes, from the shared partition when it is fine enough. */
function* wuLabels(
  shared: SharedImage,
  k: number,
  report: () => QuantizeProgress,
): Generator<QuantizeProgress, Uint32Array> {
  if (!shared.wu || shared.wu.boxes < k) {
    // Partition once as finely as the sweep needs, so that every count reuses it.
    const steps = wuPartitionSteps(shared.points, Math.max(k, shared.mostColours));
    shared.wu = yield* relay(steps, report);
  }
  return shared.wu.boxes === k ? shared.wu.labels : coarserLabels(shared.wu, k);
}

function* clusterKMeans(
  shared: SharedImage,
  k: number,
  settings: Settings,
  random: Random,
  progress: Report,
): Generator<QuantizeProgress, Clustering> {
  const { points } = shared;
  const maxIter = settings.maxIter ?? DEFAULT_MAX_ITER;
  const wu = settings.init === 'wu';
  const runs = wu ? 1 : settings.nInit;
  let best: KMeansResult | null = null;
  for (let run = 0; run < runs; run++) {
    const share = (fraction: number) => (run + fraction) / runs;
    yield progress('seed', share(0));
    let seeds: Float64Array;
    let hint: Uint32Array | undefined;
    if (wu) {
      hint = yield* wuLabels(shared, k, () => progress('seed', share(0.05)));
      seeds = clusterMeans(points, hint, k);
    } else {
      seeds = yield* seedSteps(points, k, settings.init, random, () =>
        progress('seed', share(0.1)),
      );
    }
    if (shared.tree === undefined) shared.tree = colourTreeOf(points);
    const options = { maxIter, tol: settings.tol, hint, tree: shared.tree };
    const result = yield* lloydSteps(points, seeds, options, (done) =>
      progress('refine', share(0.15 + 0.6 * done)),
    );
    if (!best || result.inertia < best.inertia) best = result;
  }
  let result = best!;
  if (wu && k <= SCREEN_MAX_COLOURS) {
    result = yield* screenOtherStarts(shared, k, result, settings, random, (done) =>
      progress('refine', 0.75 + 0.1 * done),
    );
  }
  return { ...result, distanceSum: distanceSum(points, result.centres, result.labels) };
}

/** The improvement step screens other starts for this many colours or fewer. */
const SCREEN_MAX_COLOURS = 64;
/** Starts screened, and the grid they are screened on (bits per axis). */
const SCREEN_STARTS = 4;
const SCREEN_BITS = 6;
/**
 * The runs on the grid stop at scikit-learn's tolerance rather than at the fixed point: they only
 * rank basins, and the exact run that follows goes to its own fixed point. Over 16 CQ100 photos at
 * k = 8–64 this made the small counts 12 % faster, for an MSE 0.02 % higher on average.
 */
const SCREEN_TOL = 1e-4;

/**
 * The improvement step for small k, where Lloyd's local optima differ most (a wrong basin can cost
 * several per cent): greedy k-means++ starts are run on a coarse grid of the colours (to SCREEN_TOL),
 * against the current solution settled on the same grid; if a start does better there, exact Lloyd
 * runs from it on the colours, and it replaces the current solution only if it is better there too.
 * Few and cheap runs on ~10⁴ cells against one exact run: the worst basins are avoided at a small
 * cost.
 */
function* screenOtherStarts(
  shared: SharedImage,
  k: number,
  current: KMeansResult,
  settings: Settings,
  random: Random,
  report: (done: number) => QuantizeProgress,
): Generator<QuantizeProgress, KMeansResult> {
  shared.coarse ??= screeningCells(shared);
  const coarse = shared.coarse;
  if (coarse.count < 4 * k) return current; // too few cells to tell starts apart
  if (shared.coarseTree === undefined) shared.coarseTree = colourTreeOf(coarse);
  const maxIter = settings.maxIter ?? DEFAULT_MAX_ITER;
  const options = { maxIter, tol: settings.tol, tree: shared.tree };
  const screening = { maxIter, tol: Math.max(settings.tol, SCREEN_TOL), tree: shared.coarseTree };
  const settled = yield* lloydSteps(coarse, current.centres, screening, () => report(0));
  let best: KMeansResult | null = null;
  for (let start = 0; start < SCREEN_STARTS; start++) {
    const seeds = yield* seedSteps(coarse, k, 'kmeans++', random, () =>
      report(start / SCREEN_STARTS),
    );
    const run = yield* lloydSteps(coarse, seeds, screening, () => report(start / SCREEN_STARTS));
    if (run.inertia < (best ?? settled).inertia) best = run;
  }
  if (!best) return current;
  const challenger = yield* lloydSteps(shared.points, best.centres, options, () => report(1));
  return challenger.inertia < current.inertia ? challenger : current;
}

/**
 * The coarse cells that starts are screened on. On 8-bit colours their means are rounded to
 * integers, so that the runs on them take the filter engine (which needs exact integer sums): half
 * a unit is little beside a cell, four units wide.
 */
function screeningCells(shared: SharedImage): WeightedPoints {
  const cells = coarsen(shared.points, SCREEN_BITS).cells;
  return pointsAreRgbBytes(shared) ? withIntegerValues(cells) : cells;
}

/** The points with their values rounded to integers (the weights as they are). */
function withIntegerValues(points: WeightedPoints): WeightedPoints {
  return { ...points, values: points.values.map(Math.round) };
}

/** Lloyd's iterations, yielding after each (`report` gets a saturating 0..1 share done). */
function* lloydSteps(
  points: WeightedPoints,
  seeds: Float64Array,
  options: KMeansOptions,
  report: (done: number) => QuantizeProgress,
): Generator<QuantizeProgress, KMeansResult> {
  // Lloyd usually settles long before maxIter: progress on a saturating scale.
  return yield* relay(kmeansIterations(points, seeds, options), (step) =>
    report(1 - Math.exp(-step.iteration / 30)),
  );
}

function* seedSteps(
  points: WeightedPoints,
  k: number,
  init: Init,
  random: Random,
  report: () => QuantizeProgress,
): Generator<QuantizeProgress, Float64Array> {
  switch (init) {
    case 'kmeans++': {
      return yield* relay(seedKMeansPlusPlusSteps(points, k, random), report);
    }
    case 'random':
      return seedGaussian(points, k, random);
    case 'points':
      return seedPoints(points, k, random);
    case 'wu':
      return clusterMeans(points, wuPartition(points, k).labels, k);
  }
}

/**
 * scikit-learn's MiniBatchKMeans: `nInit` seedings, each on a fresh random sample of
 * 3 × batch size pixels (or 3k), judged on one validation sample; the best is refined by
 * mini-batches; then every colour is labelled once (scikit-learn's `compute_labels`).
 */
function* clusterMiniBatch(
  shared: SharedImage,
  k: number,
  settings: Settings,
  random: Random,
  progress: Report,
): Generator<QuantizeProgress, Clustering> {
  const { points } = shared;
  yield progress('seed', 0);
  let seeds: Float64Array;
  if (settings.init === 'wu') {
    seeds = clusterMeans(points, yield* wuLabels(shared, k, () => progress('seed', 0.1)), k);
  } else {
    const sampler = new WeightedSampler(points.weights);
    const pixels = points.weights.reduce((sum, w) => sum + w, 0);
    const batchSize = Math.min(settings.batchSize ?? 1024, pixels);
    const initSize = Math.min(pixels, 3 * batchSize < k ? 3 * k : 3 * batchSize);
    const validation = samplePoints(points, sampler, initSize, random);
    let bestInertia = Infinity;
    seeds = new Float64Array(0);
    for (let run = 0; run < settings.nInit; run++) {
      const sample = samplePoints(points, sampler, initSize, random);
      const candidate = yield* seedSteps(
        sample,
        Math.min(k, sample.count),
        settings.init,
        random,
        () => progress('seed', (run + 0.5) / settings.nInit / 5),
      );
      const padded = padCentres(candidate, k, points);
      const inertia = new KMeansEngine(validation, padded).assign().inertia();
      if (inertia < bestInertia) {
        bestInertia = inertia;
        seeds = padded;
      }
    }
  }
  const steps = miniBatchSteps(points, seeds, random, {
    batchSize: settings.batchSize,
    maxIter: settings.maxIter,
    maxNoImprovement: settings.maxNoImprovement,
    reassignmentRatio: settings.reassignmentRatio,
    tol: settings.tol,
  });
  const { centres, iterations, converged } = yield* relay(steps, (step) =>
    progress('refine', 0.2 + 0.6 * (step.step / Math.max(1, step.steps))),
  );
  yield progress('refine', 0.8);
  return yield* finalAssignment(shared, centres, undefined, iterations, converged, () =>
    progress('refine', 0.8),
  );
}

/** Labels every point with its nearest centre, with the inertia and distance sum. */
function* finalAssignment(
  shared: SharedImage,
  centres: Float64Array,
  hint: Uint32Array | undefined,
  iterations: number,
  converged: boolean,
  report: () => QuantizeProgress,
): Generator<QuantizeProgress, Clustering> {
  const { points } = shared;
  if (pointsAreRgbBytes(shared)) {
    yield report();
    return { centres, ...labelRgbPoints(points, centres), iterations, converged };
  }
  const engine = new KMeansEngine(points, centres, hint);
  yield* relay(engine.assignSteps(), report);
  const labels = engine.labelsByPoint();
  return {
    centres,
    labels,
    inertia: engine.inertia(),
    distanceSum: distanceSum(points, centres, labels),
    iterations,
    converged,
  };
}

/** True when the clustered points are 8-bit RGB colours themselves (not cells, not another space). */
function pointsAreRgbBytes(shared: SharedImage): boolean {
  const { histogram, space, points, colourPoints } = shared;
  return histogram !== null && space === 'srgb' && points === colourPoints && points.dim === 3;
}

/** `count` pixels drawn at random (with replacement), as unit-weight points. */
function samplePoints(
  points: WeightedPoints,
  sampler: WeightedSampler,
  count: number,
  random: Random,
): WeightedPoints {
  const { dim } = points;
  const values = new Float64Array(count * dim);
  for (let j = 0; j < count; j++) {
    const i = sampler.draw(random);
    for (let d = 0; d < dim; d++) values[j * dim + d] = points.values[i * dim + d];
  }
  return { dim, count, values, weights: new Float64Array(count).fill(1) };
}

/** Seeds from a sample smaller than k are completed with copies (mini-batch reassigns them). */
function padCentres(centres: Float64Array, k: number, points: WeightedPoints): Float64Array {
  const { dim } = points;
  if (centres.length === k * dim) return centres;
  const padded = new Float64Array(k * dim);
  padded.set(centres);
  const have = centres.length / dim;
  for (let c = have; c < k; c++) {
    for (let d = 0; d < dim; d++) padded[c * dim + d] = centres[(c % have) * dim + d];
  }
  return padded;
}

/**
 * When the clustering ran on grid cells, its inertia and distortion are measured again on the
 * colours themselves (each colour with its cell's cluster), so that they mean the same thing.
 */
function measureOnColours(shared: SharedImage, clustering: Clustering): void {
  const { cellOf } = shared;
  const { labels } = clustering;
  measureColourPoints(
    shared.colourPoints,
    clustering.centres,
    (p) => labels[cellOf![p]],
    clustering,
  );
}

/**
 * `wu`'s inertia and distortion. Its Lloyd steps are the palette fit's polish, on the 8-bit
 * lattice, so its centres are the palette's entries (Wu's box means are only where the polish
 * starts): each colour is measured against its entry, its nearest, in the clustering's space.
 */
function measureAgainstPalette(shared: SharedImage, clustering: Clustering, fit: PaletteFit): void {
  const { pointColour, space } = shared;
  const { colourToEntry, channels } = fit;
  const entries = toSpace(Float64Array.from(fit.entries), channels, space);
  measureColourPoints(
    shared.colourPoints,
    entries,
    (p) => colourToEntry[pointColour[p]],
    clustering,
  );
}

/** Sets `into`'s inertia and distance sum: every colour point against `centres[centreOf(p)]`. */
function measureColourPoints(
  points: WeightedPoints,
  centres: Float64Array,
  centreOf: (p: number) => number,
  into: Clustering,
): void {
  const { dim, count, values, weights } = points;
  let inertia = 0;
  let distances = 0;
  for (let p = 0; p < count; p++) {
    const c = centreOf(p);
    let squared = 0;
    for (let d = 0; d < dim; d++) {
      const diff = values[p * dim + d] - centres[c * dim + d];
      squared += diff * diff;
    }
    inertia += weights[p] * squared;
    distances += weights[p] * Math.sqrt(squared);
  }
  into.inertia = inertia;
  into.distanceSum = distances;
}

function distanceSum(points: WeightedPoints, centres: Float64Array, labels: Uint32Array): number {
  const { dim, count, values, weights } = points;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    let squared = 0;
    for (let d = 0; d < dim; d++) {
      const diff = values[i * dim + d] - centres[labels[i] * dim + d];
      squared += diff * diff;
    }
    sum += weights[i] * Math.sqrt(squared);
  }
  return sum;
}
