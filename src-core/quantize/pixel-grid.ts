/**
 * Stage 1 for very large photos: the pixels binned straight into a fixed grid of the RGB cube.
 *
 * A 24-megapixel photo can have four million distinct colours. Counting them exactly means a
 * random access into a 64 MB table per pixel, and clustering them exactly would take minutes, so
 * such photos are clustered on grid cells anyway (see `coarse.ts`). This stage makes the cells in
 * one pass, into far smaller tables (8 MB at 6 bits per axis): each cell keeps its pixel count and the
 * sum of its pixels' values, so a cell is exactly what its pixels contribute to a cluster's mean.
 * A bit set counts the distinct colours on the way (the figure users see).
 */
import type { WeightedPoints } from './points';

/**
 * The key of the cell containing cell `key` in a grid `coarser` bits per axis coarser (keys pack
 * the r, g and b levels, r highest).
 */
export function parentCellKey(key: number, bits: number, coarser: number): number {
  const mask = (1 << bits) - 1;
  const parentBits = bits - coarser;
  const r = (key >> (2 * bits)) & mask;
  const g = (key >> bits) & mask;
  const b = key & mask;
  return ((((r >> coarser) << parentBits) | (g >> coarser)) << parentBits) | (b >> coarser);
}

/** The cells of the pixels seen so far. */
export class PixelGrid {
  /** Bits per channel: 2^bits levels per axis, cells `256 >> bits` values wide. */
  readonly bits: number;
  /** Pixels per cell, indexed by the cell's key (r, g, b levels packed). */
  readonly counts: Float64Array;
  /** Sum of each cell's pixel values, 3 per cell. */
  readonly sums: Float64Array;
  private readonly seen = new Int32Array((1 << 24) >>> 5);
  private distinct = 0;

  constructor(bits: number) {
    this.bits = bits;
    const cells = 1 << (3 * bits);
    this.counts = new Float64Array(cells);
    this.sums = new Float64Array(cells * 3);
  }

  /** Number of distinct colours among the pixels added. */
  get distinctColours(): number {
    return this.distinct;
  }

  /** Adds pixels `from` (inclusive) to `to` (exclusive) of interleaved RGB `pixels`. */
  add(pixels: Uint8Array, from: number, to: number): void {
    const { counts, sums, seen } = this;
    const shift = 8 - this.bits;
    const bits = this.bits;
    let distinct = this.distinct;
    for (let p = from, o = from * 3; p < to; p++, o += 3) {
      const r = pixels[o];
      const g = pixels[o + 1];
      const b = pixels[o + 2];
      const colour = (r << 16) | (g << 8) | b;
      const word = colour >>> 5;
      const bit = 1 << (colour & 31);
      if ((seen[word] & bit) === 0) {
        seen[word] |= bit;
        distinct++;
      }
      const cell = ((((r >> shift) << bits) | (g >> shift)) << bits) | (b >> shift);
      counts[cell]++;
      sums[cell * 3] += r;
      sums[cell * 3 + 1] += g;
      sums[cell * 3 + 2] += b;
    }
    this.distinct = distinct;
  }

  /**
   * The occupied cells as weighted points (each at the mean of its pixels), and the key of each
   * point's cell; with `bits` below the grid's own, its cells merged 8, 64… at a time.
   */
  cells(bits = this.bits): { points: WeightedPoints; keys: Uint32Array } {
    const merged = bits < this.bits ? this.merged(bits) : this;
    const { counts, sums } = merged;
    let count = 0;
    for (let key = 0; key < counts.length; key++) if (counts[key] > 0) count++;
    const values = new Float64Array(count * 3);
    const weights = new Float64Array(count);
    const keys = new Uint32Array(count);
    for (let key = 0, i = 0; key < counts.length; key++) {
      const n = counts[key];
      if (n === 0) continue;
      keys[i] = key;
      weights[i] = n;
      for (let d = 0; d < 3; d++) values[i * 3 + d] = sums[key * 3 + d] / n;
      i++;
    }
    return { points: { dim: 3, count, values, weights }, keys };
  }

  private merged(bits: number): { counts: Float64Array; sums: Float64Array } {
    const counts = new Float64Array(1 << (3 * bits));
    const sums = new Float64Array(counts.length * 3);
    for (let key = 0; key < this.counts.length; key++) {
      if (this.counts[key] === 0) continue;
      const parent = parentCellKey(key, this.bits, this.bits - bits);
      counts[parent] += this.counts[key];
      for (let d = 0; d < 3; d++) sums[parent * 3 + d] += this.sums[key * 3 + d];
    }
    return { counts, sums };
  }
}
