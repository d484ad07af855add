/** Weighted points of any dimension: the input of every clustering kernel. */
export interface WeightedPoints {
  /** Values per point (3 for RGB, 4 for RGBA, 2 for the SciPy example...). */
  readonly dim: number;
  /** Number of points. */
  readonly count: number;
  /** `count * dim` coordinates, point after point. */
  readonly values: Float64Array;
  /** Weight of each point (a pixel count); all 1 for plain data. */
  readonly weights: Float64Array;
}

/** Wraps unweighted data (every point weight 1). */
export function unweighted(values: Float64Array, dim: number): WeightedPoints {
  const count = Math.floor(values.length / dim);
  return { dim, count, values, weights: new Float64Array(count).fill(1) };
}

/** Squared Euclidean distance between point `i` of `a` and row `j` of `b`, both of dimension `dim`. */
export function squaredDistance(
  a: Float64Array,
  i: number,
  b: Float64Array,
  j: number,
  dim: number,
): number {
  let sum = 0;
  const ai = i * dim;
  const bj = j * dim;
  for (let d = 0; d < dim; d++) {
    const diff = a[ai + d] - b[bj + d];
    sum += diff * diff;
  }
  return sum;
}

/** Index of the row of `centres` (k rows) nearest to point `i` of `values`, and its squared distance. */
export function nearestCentre(
  values: Float64Array,
  i: number,
  centres: Float64Array,
  k: number,
  dim: number,
): { index: number; distance: number } {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const distance = squaredDistance(values, i, centres, c, dim);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return { index: best, distance: bestDistance };
}

/** Mean over dimensions of the weighted variance of the points (scikit-learn's tolerance scale). */
export function meanVariance(points: WeightedPoints): number {
  const { dim, count, values, weights } = points;
  let total = 0;
  for (let i = 0; i < count; i++) total += weights[i];
  if (total === 0) return 0;
  let variance = 0;
  for (let d = 0; d < dim; d++) {
    let mean = 0;
    for (let i = 0; i < count; i++) mean += weights[i] * values[i * dim + d];
    mean /= total;
    let spread = 0;
    for (let i = 0; i < count; i++) {
      const diff = values[i * dim + d] - mean;
      spread += weights[i] * diff * diff;
    }
    variance += spread / total;
  }
  return variance / dim;
}

/**
 * Weighted mean of each cluster (`k * dim` values; a cluster without weight stays at 0) and the
 * weight of each cluster, so that callers can tell an empty cluster from one centred at 0.
 */
export function weightedMeans(
  points: WeightedPoints,
  labels: Uint32Array,
  k: number,
): { means: Float64Array; mass: Float64Array } {
  const { dim, count, values, weights } = points;
  const means = new Float64Array(k * dim);
  const mass = new Float64Array(k);
  for (let i = 0; i < count; i++) {
    const c = labels[i];
    const w = weights[i];
    mass[c] += w;
    for (let d = 0; d < dim; d++) means[c * dim + d] += w * values[i * dim + d];
  }
  for (let c = 0; c < k; c++) {
    if (mass[c] > 0) for (let d = 0; d < dim; d++) means[c * dim + d] /= mass[c];
  }
  return { means, mass };
}

/**
 * Moves centre `c` (of dimension 3) to its cluster's mean, `sums` ÷ `mass`; returns the squared
 * length of the move. The engines that update colours this way sum these squares alike.
 */
export function moveToMean(
  centres: Float64Array,
  sums: Float64Array,
  mass: Float64Array,
  c: number,
): number {
  let squared = 0;
  for (let d = 0; d < 3; d++) {
    const mean = sums[c * 3 + d] / mass[c];
    const diff = mean - centres[c * 3 + d];
    centres[c * 3 + d] = mean;
    squared += diff * diff;
  }
  return squared;
}

/**
 * Points 0..count grouped by their label (a counting sort): cluster c's points are
 * `order[start[c]…start[c + 1])`, in point order.
 */
export function groupByLabel(
  labels: Uint32Array,
  k: number,
  count: number,
): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(k + 1);
  for (let i = 0; i < count; i++) start[labels[i] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const next = start.slice(0, k);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[next[labels[i]]++] = i;
  return { order, start };
}

/** How large integer points get, for the sums that must stay exact in float64 (below 2^53). */
export interface IntegerScale {
  /** Sum of the weights. */
  totalWeight: number;
  /** Largest absolute value of a coordinate. */
  largest: number;
  /** Sum over dimensions of (largest − smallest value)²: the most a squared distance can be. */
  spread: number;
}

/** The scale of `points` when its values and weights are integers (weights ≥ 0), else null. */
export function integerScale(points: WeightedPoints): IntegerScale | null {
  const { dim, count, values, weights } = points;
  let totalWeight = 0;
  for (let i = 0; i < count; i++) {
    const w = weights[i];
    if (!Number.isInteger(w) || w < 0) return null;
    totalWeight += w;
  }
  let largest = 0;
  let spread = 0;
  for (let d = 0; d < dim; d++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < count; i++) {
      const v = values[i * dim + d];
      if (!Number.isInteger(v)) return null;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    if (count === 0) continue;
    largest = Math.max(largest, Math.abs(low), Math.abs(high));
    spread += (high - low) ** 2;
  }
  return { totalWeight, largest, spread };
}
