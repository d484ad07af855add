/**
 * A coarse copy of the points, for screening: the weighted mean of the points in each cell of a
 * grid with 2^bits levels per axis over the points' range. Weight and mean are exactly what a cell
 * contributes to cluster sums, so k-means on the cells is k-means on the points with the
 * constraint that a cell goes whole to one cluster: a cheap, close stand-in to compare starts on.
 */
import type { WeightedPoints } from './points';

/** The cells, and the cell of each point. */
export interface CoarsePoints {
  cells: WeightedPoints;
  cellOf: Uint32Array;
}

export function coarsen(points: WeightedPoints, bits: number): CoarsePoints {
  const { dim, count, values, weights } = points;
  const levels = 1 << bits;
  const low = new Float64Array(dim).fill(Infinity);
  const scale = new Float64Array(dim);
  for (let d = 0; d < dim; d++) {
    let high = -Infinity;
    for (let i = 0; i < count; i++) {
      const v = values[i * dim + d];
      if (v < low[d]) low[d] = v;
      if (v > high) high = v;
    }
    // Levels over [low, high], the top value included in the last level.
    scale[d] = high > low[d] ? (levels - 1e-9) / (high - low[d]) : 0;
  }
  // Cells are found by their grid key: in a table indexed by the key when the grid is small
  // enough (3 or 4 axes at up to 8 or 6 bits), else in a hash map.
  const keys = Math.pow(levels, dim);
  const table = keys <= 1 << 24 ? new Int32Array(keys).fill(-1) : null;
  const cellByKey = table ? null : new Map<number, number>();
  const cellOf = new Uint32Array(count);
  const sums: number[] = [];
  const mass: number[] = [];
  for (let i = 0; i < count; i++) {
    let key = 0;
    for (let d = 0; d < dim; d++) {
      key = key * levels + Math.floor((values[i * dim + d] - low[d]) * scale[d]);
    }
    let cell = table ? table[key] : (cellByKey!.get(key) ?? -1);
    if (cell < 0) {
      cell = mass.length;
      if (table) table[key] = cell;
      else cellByKey!.set(key, cell);
      mass.push(0);
      for (let d = 0; d < dim; d++) sums.push(0);
    }
    cellOf[i] = cell;
    const w = weights[i];
    mass[cell] += w;
    for (let d = 0; d < dim; d++) sums[cell * dim + d] += w * values[i * dim + d];
  }
  const cells = mass.length;
  const means = new Float64Array(cells * dim);
  for (let c = 0; c < cells; c++) {
    for (let d = 0; d < dim; d++) means[c * dim + d] = sums[c * dim + d] / mass[c];
  }
  return {
    cells: { dim, count: cells, values: means, weights: Float64Array.from(mass) },
    cellOf,
  };
}
