/**
 * Stage 2 of the pipeline (default seed), and the `wu` algorithm on its own: Wu's
 * variance-minimising quantizer (X. Wu, "Efficient statistical computations for optimal colour
 * quantization", Graphics Gems II, 1991).
 *
 * Wu's method splits colour space into boxes by greedy orthogonal bipartition: the box with the
 * largest squared error is cut, on the axis and at the position where the two halves have the
 * least summed squared error, until there are k boxes. The box means are the
 * palette. Wu computed box statistics from cumulative moments on a 32-level grid; here every box
 * is a range of the (deduplicated, weighted) points themselves and the best cut is found from a
 * per-axis histogram of the box, so it works for any dimension and colour space, and cuts can fall
 * between any two distinct 8-bit values instead of between grid cells.
 *
 * Because the splits happen in a fixed order, the boxes after the first j splits are Wu's result for
 * j + 1 colours: one partition to 1024 boxes gives the seeds of every smaller colour count too.
 */
import { DOUBLE_ZERO } from './double-zero';
import { weightedMeans, type WeightedPoints } from './points';
import { runToEnd } from './steps';

/**
 * Histogram resolution per axis when looking for the best cut. A box of 8-bit data spans at most
 * 255 on an axis, so 256 buckets give every distinct value its own bucket: the cut is exact.
 */
const BUCKETS = 256;

/** The greedy bipartition of a set of points, with the order in which boxes were created. */
export interface WuPartition {
  /** Number of boxes (≤ the number of distinct points). */
  readonly boxes: number;
  /** Box of each point, 0..boxes-1. */
  readonly labels: Uint32Array;
  /**
   * The box each box was split from (`parent[0]` = 0). Box `b` was created by split `b`, so the
   * partition into `j` boxes (j ≤ boxes) is obtained by replacing every label ≥ j by its parent
   * until it is below j.
   */
  readonly parent: Uint32Array;
}

/**
 * Partitions the points into `k` boxes (fewer only if there are fewer distinct points).
 * Deterministic: no randomness, ties resolved by position.
 */
export function wuPartition(points: WeightedPoints, k: number): WuPartition {
  return runToEnd(wuPartitionSteps(points, k));
}

/** Point visits between two yields: a few milliseconds of work. */
const VISITS_PER_YIELD = 150_000;

/** The same, as steps: it yields the number of boxes made so far, every few milliseconds. */
export function* wuPartitionSteps(
  points: WeightedPoints,
  k: number,
): Generator<number, WuPartition> {
  const capacity = Math.max(1, k);
  const splitter = isExactRgb(points)
    ? new ExactRgbSplitter(points, capacity)
    : new BoxSplitter(points, capacity);
  let visits = points.count;
  while (splitter.count < k && splitter.splitBest()) {
    visits += 2 * splitter.lastCutSize;
    if (visits >= VISITS_PER_YIELD) {
      visits = 0;
      yield splitter.count;
    }
  }
  return splitter.result();
}

/** Labels of the partition into `j` boxes, from a finer partition (see `WuPartition.parent`). */
export function coarserLabels(partition: WuPartition, j: number): Uint32Array {
  const { labels, parent } = partition;
  const ancestor = new Uint32Array(partition.boxes);
  for (let b = 0; b < partition.boxes; b++) {
    let a = b;
    while (a >= j) a = parent[a];
    ancestor[b] = a;
  }
  const coarse = new Uint32Array(labels.length);
  for (let i = 0; i < labels.length; i++) coarse[i] = ancestor[labels[i]];
  return coarse;
}

/** Wu's quantizer as seeding: the weighted means of the `k` boxes, `k * dim` values. */
export function seedWu(points: WeightedPoints, k: number): Float64Array {
  const partition = wuPartition(points, k);
  return clusterMeans(points, partition.labels, partition.boxes);
}

/** Weighted mean of each cluster, `k * dim` values (a cluster without weight stays at 0). */
export function clusterMeans(points: WeightedPoints, labels: Uint32Array, k: number): Float64Array {
  return weightedMeans(points, labels, k).means;
}

/**
 * The splitting machinery. The points are copied and kept physically ordered by box (each box a
 * contiguous range), so that every pass over a box reads memory in order. Each box knows its
 * moments (weight, coordinate sums, sum of squared norms), hence its squared error, from the pass
 * that made it; only the box being cut needs its histograms.
 */
class BoxSplitter {
  count = 0;
  /** Points in the box cut last (each cut reads them twice). */
  lastCutSize = 0;
  private readonly dim: number;
  private readonly values: Float64Array;
  private readonly weights: Float64Array;
  private readonly ids: Uint32Array;
  // Per box: its range, its bounds (tight, per axis), its moments and squared error.
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly mass: Float64Array;
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private readonly error: Float64Array;
  private readonly parent: Uint32Array;
  // Scratch: per axis, per bucket, the weight and the coordinate sums.
  private readonly bucketWeight: Float64Array;
  private readonly bucketSums: Float64Array;
  private readonly left: Float64Array;

  constructor(points: WeightedPoints, capacity: number) {
    const { dim, count } = points;
    this.dim = dim;
    this.values = Float64Array.from(points.values.subarray(0, count * dim));
    this.weights = Float64Array.from(points.weights.subarray(0, count));
    this.ids = new Uint32Array(count);
    for (let i = 0; i < count; i++) this.ids[i] = i;
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.low = new Float64Array(capacity * dim);
    this.high = new Float64Array(capacity * dim);
    this.mass = new Float64Array(capacity);
    this.sums = new Float64Array(capacity * dim);
    this.squares = new Float64Array(capacity);
    this.error = new Float64Array(capacity);
    this.parent = new Uint32Array(capacity);
    this.bucketWeight = new Float64Array(dim * BUCKETS);
    this.bucketSums = new Float64Array(dim * BUCKETS * dim);
    this.left = new Float64Array(dim);
    const root = this.addBox(0, count, 0);
    this.clearMoments(root);
    this.accumulateRange(root, 0, count);
    this.finishMoments(root);
  }

  /** Cuts the box with the largest squared error; false if no box can be cut. */
  splitBest(): boolean {
    for (;;) {
      const chosen = worstBox(this.error, this.count);
      if (chosen < 0) return false;
      const cut = this.bestCut(chosen);
      if (cut.axis < 0) {
        this.error[chosen] = 0; // rounding left a box of identical points with an error
        continue;
      }
      this.lastCutSize = this.end[chosen] - this.start[chosen];
      this.cut(chosen, cut.axis, cut.bucket);
      return true;
    }
  }

  result(): WuPartition {
    return partitionOf(this.ids, this.start, this.end, this.parent, this.count);
  }

  private addBox(start: number, end: number, parent: number): number {
    const b = this.count++;
    this.start[b] = start;
    this.end[b] = end;
    this.parent[b] = parent;
    return b;
  }

  private clearMoments(b: number): void {
    const { dim } = this;
    this.mass[b] = 0;
    this.squares[b] = 0;
    for (let d = 0; d < dim; d++) {
      this.sums[b * dim + d] = 0;
      this.low[b * dim + d] = Infinity;
      this.high[b * dim + d] = -Infinity;
    }
  }

  /** Adds row `j` to the moments and bounds of box `b`. */
  private accumulate(b: number, j: number): void {
    const { dim, values, low, high, sums } = this;
    const w = this.weights[j];
    this.mass[b] += w;
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const v = values[j * dim + d];
      sums[b * dim + d] += w * v;
      norm += v * v;
      if (v < low[b * dim + d]) low[b * dim + d] = v;
      if (v > high[b * dim + d]) high[b * dim + d] = v;
    }
    this.squares[b] += w * norm;
  }

  /** Adds rows `from..to` to the moments and bounds of box `b` (unrolled for colour). */
  private accumulateRange(b: number, from: number, to: number): void {
    if (this.dim !== 3) {
      for (let j = from; j < to; j++) this.accumulate(b, j);
      return;
    }
    const { values, weights } = this;
    let mass = this.mass[b];
    let squares = this.squares[b];
    let [sum0, sum1, sum2] = this.sums.subarray(b * 3, b * 3 + 3);
    let [low0, low1, low2] = this.low.subarray(b * 3, b * 3 + 3);
    let [high0, high1, high2] = this.high.subarray(b * 3, b * 3 + 3);
    for (let j = from; j < to; j++) {
      const w = weights[j];
      const x = values[j * 3];
      const y = values[j * 3 + 1];
      const z = values[j * 3 + 2];
      mass += w;
      sum0 += w * x;
      sum1 += w * y;
      sum2 += w * z;
      squares += w * (x * x + y * y + z * z);
      if (x < low0) low0 = x;
      if (x > high0) high0 = x;
      if (y < low1) low1 = y;
      if (y > high1) high1 = y;
      if (z < low2) low2 = z;
      if (z > high2) high2 = z;
    }
    this.mass[b] = mass;
    this.squares[b] = squares;
    this.sums.set([sum0, sum1, sum2], b * 3);
    this.low.set([low0, low1, low2], b * 3);
    this.high.set([high0, high1, high2], b * 3);
  }

  /** Squared error = Σ w|x|² − |Σ w x|² / Σ w. */
  private finishMoments(b: number): void {
    const { dim, sums } = this;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += sums[b * dim + d] * sums[b * dim + d];
    this.error[b] = this.mass[b] > 0 ? Math.max(0, this.squares[b] - norm / this.mass[b]) : 0;
  }

  /**
   * The cut of box `b` that minimises the summed squared error of its halves. For a cut into
   * halves L and R, SSE(L) + SSE(R) = Σ w|x|² − |S_L|²/W_L − |S_R|²/W_R (S: coordinate sums,
   * W: weight), so the best cut maximises |S_L|²/W_L + |S_R|²/W_R. Cuts fall between buckets of a
   * per-axis histogram of the box (one pass for all axes).
   */
  private bestCut(b: number): { axis: number; bucket: number } {
    const { dim, values, weights, bucketWeight, bucketSums, left, sums } = this;
    bucketWeight.fill(0);
    bucketSums.fill(0);
    const lows = this.low.subarray(b * dim, (b + 1) * dim);
    const scales = new Float64Array(dim);
    for (let axis = 0; axis < dim; axis++) {
      const span = this.high[b * dim + axis] - lows[axis];
      scales[axis] = span > 0 ? (BUCKETS - 1) / span : 0;
    }
    if (dim === 3) this.histogramRgb(b, lows, scales);
    else {
      for (let j = this.start[b]; j < this.end[b]; j++) {
        const w = weights[j];
        for (let axis = 0; axis < dim; axis++) {
          const bucket =
            axis * BUCKETS + Math.floor((values[j * dim + axis] - lows[axis]) * scales[axis]);
          bucketWeight[bucket] += w;
          for (let d = 0; d < dim; d++) bucketSums[bucket * dim + d] += w * values[j * dim + d];
        }
      }
    }
    const totalWeight = this.mass[b];
    let best = -Infinity;
    let bestAxis = -1;
    let bestBucket = 0;
    for (let axis = 0; axis < dim; axis++) {
      if (scales[axis] === 0) continue;
      let leftWeight = 0;
      left.fill(0);
      for (let bucket = 0; bucket < BUCKETS - 1; bucket++) {
        const at = axis * BUCKETS + bucket;
        if (bucketWeight[at] === 0) continue;
        leftWeight += bucketWeight[at];
        for (let d = 0; d < dim; d++) left[d] += bucketSums[at * dim + d];
        const rightWeight = totalWeight - leftWeight;
        if (rightWeight <= 0) break;
        let leftNorm = 0;
        let rightNorm = 0;
        for (let d = 0; d < dim; d++) {
          const r = sums[b * dim + d] - left[d];
          leftNorm += left[d] * left[d];
          rightNorm += r * r;
        }
        const score = leftNorm / leftWeight + rightNorm / rightWeight;
        if (score > best) {
          best = score;
          bestAxis = axis;
          bestBucket = bucket + 1;
        }
      }
    }
    return { axis: bestAxis, bucket: bestBucket };
  }

  /**
   * `bestCut`'s per-axis histograms for three dimensions (colour), unrolled: the loop that runs
   * for every point of every box cut. The same sums, in the same order, as the general loop.
   */
  private histogramRgb(b: number, lows: Float64Array, scales: Float64Array): void {
    const { values, weights, bucketWeight, bucketSums } = this;
    const [low0, low1, low2] = lows;
    const [scale0, scale1, scale2] = scales;
    const end = this.end[b];
    for (let j = this.start[b]; j < end; j++) {
      const w = weights[j];
      const x = values[j * 3];
      const y = values[j * 3 + 1];
      const z = values[j * 3 + 2];
      const wx = w * x;
      const wy = w * y;
      const wz = w * z;
      // Values are at least the box's low bound, so truncation is the floor.
      let bucket = ((x - low0) * scale0) | 0;
      bucketWeight[bucket] += w;
      bucketSums[bucket * 3] += wx;
      bucketSums[bucket * 3 + 1] += wy;
      bucketSums[bucket * 3 + 2] += wz;
      bucket = BUCKETS + (((y - low1) * scale1) | 0);
      bucketWeight[bucket] += w;
      bucketSums[bucket * 3] += wx;
      bucketSums[bucket * 3 + 1] += wy;
      bucketSums[bucket * 3 + 2] += wz;
      bucket = 2 * BUCKETS + (((z - low2) * scale2) | 0);
      bucketWeight[bucket] += w;
      bucketSums[bucket * 3] += wx;
      bucketSums[bucket * 3 + 1] += wy;
      bucketSums[bucket * 3 + 2] += wz;
    }
  }

  /**
   * Cuts box `b`: its rows below the cut stay in `b`, the others go to a new box. One pass
   * reorders the rows and gathers both halves' moments and bounds.
   */
  private cut(b: number, axis: number, cutBucket: number): void {
    const { dim, values, weights, ids } = this;
    const low = this.low[b * dim + axis];
    const scale = (BUCKETS - 1) / (this.high[b * dim + axis] - low);
    let front = this.start[b];
    let back = this.end[b] - 1;
    while (front <= back) {
      if (Math.floor((values[front * dim + axis] - low) * scale) < cutBucket) {
        front++;
        continue;
      }
      for (let d = 0; d < dim; d++) {
        const v = values[front * dim + d];
        values[front * dim + d] = values[back * dim + d];
        values[back * dim + d] = v;
      }
      const w = weights[front];
      weights[front] = weights[back];
      weights[back] = w;
      const id = ids[front];
      ids[front] = ids[back];
      ids[back] = id;
      back--;
    }
    const second = this.addBox(front, this.end[b], b);
    this.end[b] = front;
    this.clearMoments(b);
    this.clearMoments(second);
    this.accumulateRange(b, this.start[b], front);
    this.accumulateRange(second, front, this.end[second]);
    this.finishMoments(b);
    this.finishMoments(second);
  }
}

/**
 * True when every sum Wu's cut takes is an integer below 2^53, hence exact whatever the order of
 * the additions: 8-bit RGB points (integers 0..255) with positive integer weights (pixel counts),
 * as the histogram's colours in sRGB are. `ExactRgbSplitter` then gives the very partition of
 * `BoxSplitter`, faster.
 */
// The hot loops of ExactRgbSplitter are functions of their own: V8 optimises a loop inside a
// longer method on the stack, before the code after it has run, and that code then leaves the
// optimised version on every later call (a fresh process spent more time there than splitting).

/**
 * Adds the points `start..end` to a box histogram (per axis and value: weight, and the weighted
 * sums of the other two axes). Returns the weighted sum of their squared norms.
 */
function addToHistogram(
  colours: Int32Array,
  ids: Uint32Array,
  weights: Float64Array,
  start: number,
  end: number,
  histogram: Float64Array,
): number {
  const green = BUCKETS * MOMENTS;
  const blue = 2 * BUCKETS * MOMENTS;
  let squares = 0;
  for (let j = start; j < end; j++) {
    const colour = colours[j];
    const x = colour >>> 16;
    const y = (colour >>> 8) & 255;
    const z = colour & 255;
    const w = weights[ids[j]];
    const wx = w * x;
    const wy = w * y;
    const wz = w * z;
    squares += w * (x * x + y * y + z * z);
    let o = x * MOMENTS;
    histogram[o] += w;
    histogram[o + 1] += wy;
    histogram[o + 2] += wz;
    o = green + y * MOMENTS;
    histogram[o] += w;
    histogram[o + 1] += wx;
    histogram[o + 2] += wz;
    o = blue + z * MOMENTS;
    histogram[o] += w;
    histogram[o + 1] += wx;
    histogram[o + 2] += wy;
  }
  return squares;
}

/**
 * Puts the points of `start..end` whose value on the axis (`shift`) is at most `value` first, in
 * order, and copies the others in order to the spare arrays. Returns where the first group ends.
 * Without branches: which side a point goes is unpredictable.
 */
function partitionAt(
  colours: Int32Array,
  ids: Uint32Array,
  spareColours: Int32Array,
  spareIds: Uint32Array,
  start: number,
  end: number,
  shift: number,
  value: number,
): number {
  let front = start;
  let aside = 0;
  for (let j = start; j < end; j++) {
    const colour = colours[j];
    const id = ids[j];
    const high = (value - ((colour >>> shift) & 255)) >>> 31;
    colours[front] = colour;
    ids[front] = id;
    spareColours[aside] = colour;
    spareIds[aside] = id;
    front += high ^ 1;
    aside += high;
  }
  return front;
}

/** The partition made of `count` boxes, each a range of `ids` (the points it holds). */
function partitionOf(
  ids: Uint32Array,
  start: Int32Array,
  end: Int32Array,
  parent: Uint32Array,
  count: number,
): WuPartition {
  const labels = new Uint32Array(ids.length);
  for (let b = 0; b < count; b++) {
    for (let j = start[b]; j < end[b]; j++) labels[ids[j]] = b;
  }
  return { boxes: count, labels, parent: parent.slice(0, count) };
}

/** The box with the largest squared error (the first of equals), or -1 when every error is 0. */
function worstBox(error: Float64Array, count: number): number {
  let chosen = -1;
  let worst = 0;
  for (let b = 0; b < count; b++) {
    if (error[b] > worst) {
      worst = error[b];
      chosen = b;
    }
  }
  return chosen;
}

function isExactRgb(points: WeightedPoints): boolean {
  const { dim, count, values, weights } = points;
  if (dim !== 3 || count === 0) return false;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const w = weights[i];
    if (!(w > 0 && Number.isInteger(w))) return false;
    total += w;
  }
  for (let i = 0; i < count * 3; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 255 && Number.isInteger(v))) return false;
  }
  return total * 3 * 255 * 255 <= Number.MAX_SAFE_INTEGER;
}

/**
 * Per axis and 8-bit value: the weight, and the coordinate sums along the two other axes (along its
 * own axis, the sum is the value times the weight).
 */
const MOMENTS = 3;
const HISTOGRAM_LENGTH = 3 * BUCKETS * MOMENTS;
/**
 * Boxes of more points than this keep their histogram until they are cut; a smaller box makes it
 * again from its points when it is cut, which costs less than keeping it.
 */
const KEEP_HISTOGRAM_POINTS = 1024;

/**
 * `BoxSplitter` for exact 8-bit RGB points (see `isExactRgb`), where every sum is exact: the same
 * cuts, in the same order, from the same sums, but
 * - a box's histogram has a bucket per 8-bit value (the same buckets, as `BoxSplitter`'s tight
 *   bounds map distinct integers to distinct buckets, in the same order), so one cut's histogram is
 *   its parent's minus its sibling's: only the smaller half of each cut is read;
 * - the halves' moments are the histogram's sums on either side of the cut (and their sums of
 *   squared norms the parent's less the smaller half's): no pass over the points but the one that
 *   reorders them.
 */
class ExactRgbSplitter {
  count = 0;
  lastCutSize = 0;
  /** The points as packed 24-bit colours, and their indices, ordered by box. */
  private readonly colours: Int32Array;
  private readonly ids: Uint32Array;
  /** The points' weights, by index. */
  private readonly weights: Float64Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly mass: Float64Array;
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private readonly error: Float64Array;
  private readonly parent: Uint32Array;
  /** The histogram of each box that keeps one. */
  private readonly histograms: (Float64Array | null)[];
  private readonly free: Float64Array[] = [];
  private readonly scratch = new Float64Array(HISTOGRAM_LENGTH);
  /** Room for the high side of a cut. */
  private readonly spareColours: Int32Array;
  private readonly spareIds: Uint32Array;
  /** The cut `bestCut` found: the axis, and the last value on the low side. */
  private cutAxis = -1;
  private cutValue = 0;
  /** The sum of squared norms `histogramOf` found. */
  private lastSquares = DOUBLE_ZERO;

  constructor(points: WeightedPoints, capacity: number) {
    const { count, values } = points;
    this.colours = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      this.colours[i] = (values[i * 3] << 16) | (values[i * 3 + 1] << 8) | values[i * 3 + 2];
    }
    this.weights = points.weights;
    this.ids = new Uint32Array(count);
    for (let i = 0; i < count; i++) this.ids[i] = i;
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.mass = new Float64Array(capacity);
    this.sums = new Float64Array(capacity * 3);
    this.squares = new Float64Array(capacity);
    this.error = new Float64Array(capacity);
    this.parent = new Uint32Array(capacity);
    this.histograms = new Array<Float64Array | null>(capacity).fill(null);
    this.spareColours = new Int32Array(count);
    this.spareIds = new Uint32Array(count);
    const root = this.count++;
    this.start[root] = 0;
    this.end[root] = count;
    const histogram = this.histogramOf(root, this.buffer());
    this.histograms[root] = histogram;
    // The root's moments: the sums over the red axis' buckets.
    let mass = 0;
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    for (let v = 0; v < BUCKETS; v++) {
      const o = v * MOMENTS;
      mass += histogram[o];
      sum0 += v * histogram[o];
      sum1 += histogram[o + 1];
      sum2 += histogram[o + 2];
    }
    this.setMoments(root, mass, sum0, sum1, sum2, this.lastSquares);
  }

  /** Cuts the box with the largest squared error; false if no box can be cut. */
  splitBest(): boolean {
    for (;;) {
      const chosen = worstBox(this.error, this.count);
      if (chosen < 0) return false;
      const histogram = this.histograms[chosen] ?? this.histogramOf(chosen, this.buffer());
      this.histograms[chosen] = null;
      if (!this.bestCut(chosen, histogram)) {
        this.error[chosen] = 0; // rounding left a box of identical points with an error
        this.free.push(histogram);
        continue;
      }
      this.lastCutSize = this.end[chosen] - this.start[chosen];
      this.cut(chosen, histogram);
      return true;
    }
  }

  result(): WuPartition {
    return partitionOf(this.ids, this.start, this.end, this.parent, this.count);
  }

  /** A cleared histogram. */
  private buffer(): Float64Array {
    const spare = this.free.pop();
    if (!spare) return new Float64Array(HISTOGRAM_LENGTH);
    return spare.fill(0);
  }

  /**
   * Adds the points of box `b` to the (cleared) `histogram`, and returns it; their sum of squared
   * norms goes to `lastSquares`.
   */
  private histogramOf(b: number, histogram: Float64Array): Float64Array {
    const { colours, ids, weights } = this;
    this.lastSquares = addToHistogram(colours, ids, weights, this.start[b], this.end[b], histogram);
    return histogram;
  }

  /** The sum of squared norms of the points of box `b`. */
  private squaresOf(b: number): number {
    const { colours, ids, weights } = this;
    const end = this.end[b];
    let squares = 0;
    for (let j = this.start[b]; j < end; j++) {
      const colour = colours[j];
      const x = colour >>> 16;
      const y = (colour >>> 8) & 255;
      const z = colour & 255;
      squares += weights[ids[j]] * (x * x + y * y + z * z);
    }
    return squares;
  }

  private setMoments(
    b: number,
    mass: number,
    sum0: number,
    sum1: number,
    sum2: number,
    squares: number,
  ): void {
    this.mass[b] = mass;
    this.sums[b * 3] = sum0;
    this.sums[b * 3 + 1] = sum1;
    this.sums[b * 3 + 2] = sum2;
    this.squares[b] = squares;
    // As `BoxSplitter.finishMoments`, operation for operation.
    let norm = 0;
    norm += sum0 * sum0;
    norm += sum1 * sum1;
    norm += sum2 * sum2;
    this.error[b] = mass > 0 ? Math.max(0, squares - norm / mass) : 0;
  }

  /**
   * `BoxSplitter.bestCut` on the box's histogram: the same candidate cuts in the same order, with
   * the same scores. Sets `cutAxis` and `cutValue`; false if there is no cut.
   */
  private bestCut(b: number, histogram: Float64Array): boolean {
    const { sums } = this;
    const total = this.mass[b];
    const sum0 = sums[b * 3];
    const sum1 = sums[b * 3 + 1];
    const sum2 = sums[b * 3 + 2];
    let best = -Infinity;
    let bestAxis = -1;
    let bestValue = 0;
    for (let axis = 0; axis < 3; axis++) {
      let leftWeight = 0;
      // The sums along this axis, then along the two others in order.
      let own = 0;
      let other1 = 0;
      let other2 = 0;
      const first = axis * BUCKETS * MOMENTS;
      for (let v = 0; v < BUCKETS; v++) {
        const o = first + v * MOMENTS;
        const w = histogram[o];
        if (w === 0) continue;
        leftWeight += w;
        own += v * w;
        other1 += histogram[o + 1];
        other2 += histogram[o + 2];
        const rightWeight = total - leftWeight;
        if (rightWeight <= 0) break;
        const left0 = axis === 0 ? own : other1;
        const left1 = axis === 1 ? own : axis === 0 ? other1 : other2;
        const left2 = axis === 2 ? own : other2;
        const right0 = sum0 - left0;
        const right1 = sum1 - left1;
        const right2 = sum2 - left2;
        let leftNorm = 0;
        let rightNorm = 0;
        leftNorm += left0 * left0;
        rightNorm += right0 * right0;
        leftNorm += left1 * left1;
        rightNorm += right1 * right1;
        leftNorm += left2 * left2;
        rightNorm += right2 * right2;
        const score = leftNorm / leftWeight + rightNorm / rightWeight;
        if (score > best) {
          best = score;
          bestAxis = axis;
          bestValue = v;
        }
      }
    }
    this.cutAxis = bestAxis;
    this.cutValue = bestValue;
    return bestAxis >= 0;
  }

  /**
   * Cuts box `b` (whose `histogram` this is) after `cutValue` on `cutAxis`: its points up to there
   * stay in `b`, the others go to a new box. One pass reorders the points; the halves' moments
   * come from the histogram; the halves' histograms, when kept, from a pass over the smaller half.
   */
  private cut(b: number, histogram: Float64Array): void {
    const { colours, ids, cutAxis: axis, cutValue: value } = this;
    const { spareColours, spareIds } = this;
    const shift = 16 - 8 * axis;
    // The low side is written in place, the high side aside, then after it.
    const start = this.start[b];
    const end = this.end[b];
    const front = partitionAt(colours, ids, spareColours, spareIds, start, end, shift, value);
    const aside = end - front;
    colours.set(spareColours.subarray(0, aside), front);
    ids.set(spareIds.subarray(0, aside), front);
    const second = this.count++;
    this.start[second] = front;
    this.end[second] = this.end[b];
    this.parent[second] = b;
    this.end[b] = front;
    // The low side's weight and sums, as in `bestCut`.
    let mass = 0;
    let own = 0;
    let other1 = 0;
    let other2 = 0;
    const first = axis * BUCKETS * MOMENTS;
    for (let v = 0; v <= value; v++) {
      const o = first + v * MOMENTS;
      const w = histogram[o];
      if (w === 0) continue;
      mass += w;
      own += v * w;
      other1 += histogram[o + 1];
      other2 += histogram[o + 2];
    }
    const sum0 = axis === 0 ? own : other1;
    const sum1 = axis === 1 ? own : axis === 0 ? other1 : other2;
    const sum2 = axis === 2 ? own : other2;
    const parentSquares = this.squares[b];
    const smallSquares = this.keepHistograms(b, second, histogram);
    const sizeOf = (box: number) => this.end[box] - this.start[box];
    const lowSquares = sizeOf(b) <= sizeOf(second) ? smallSquares : parentSquares - smallSquares;
    const { sums } = this;
    this.setMoments(
      second,
      this.mass[b] - mass,
      sums[b * 3] - sum0,
      sums[b * 3 + 1] - sum1,
      sums[b * 3 + 2] - sum2,
      parentSquares - lowSquares,
    );
    this.setMoments(b, mass, sum0, sum1, sum2, lowSquares);
  }

  /**
   * Gives the halves `b` and `second` their histograms, from their parent's, if they keep one.
   * Returns the sum of squared norms of the smaller half (the low one on a tie).
   */
  private keepHistograms(b: number, second: number, histogram: Float64Array): number {
    const sizeOf = (box: number) => this.end[box] - this.start[box];
    const [smaller, larger] = sizeOf(b) <= sizeOf(second) ? [b, second] : [second, b];
    if (sizeOf(larger) <= KEEP_HISTOGRAM_POINTS) {
      this.free.push(histogram);
      return this.squaresOf(smaller);
    }
    const keepSmaller = sizeOf(smaller) > KEEP_HISTOGRAM_POINTS;
    const small = this.histogramOf(smaller, keepSmaller ? this.buffer() : this.scratch.fill(0));
    for (let o = 0; o < HISTOGRAM_LENGTH; o++) histogram[o] -= small[o];
    this.histograms[larger] = histogram;
    if (keepSmaller) this.histograms[smaller] = small;
    return this.lastSquares;
  }
}
