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
import { bitCount } from './histogram';
import {
  blockRange,
  drivePass,
  helpWithBlocks,
  joinPass,
  newPass,
  NO_HELP,
  type PassBase,
  type PassHelp,
} from './pixel-pass';
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

/** The tables of a grid: pixels and value sums per cell, and a bit per colour seen. */
interface GridTables {
  counts: Float64Array;
  sums: Float64Array;
  seen: Int32Array;
}

/** The cells of the pixels seen so far. */
export class PixelGrid implements GridTables {
  /** Bits per channel: 2^bits levels per axis, cells `256 >> bits` values wide. */
  readonly bits: number;
  /** Pixels per cell, indexed by the cell's key (r, g, b levels packed). */
  readonly counts: Float64Array;
  /** Sum of each cell's pixel values, 3 per cell. */
  readonly sums: Float64Array;
  /** One bit per 24-bit colour: set once the colour is seen. */
  readonly seen: Int32Array;
  private distinct = -1;

  /** `memory` gives the tables' memory (shared memory, for a pass with helpers). */
  constructor(
    bits: number,
    memory: (bytes: number) => ArrayBufferLike = (n) => new ArrayBuffer(n),
  ) {
    this.bits = bits;
    const cells = 1 << (3 * bits);
    this.counts = new Float64Array(memory(cells * 8));
    this.sums = new Float64Array(memory(cells * 3 * 8));
    this.seen = new Int32Array(memory(((1 << 24) >>> 5) * 4));
  }

  /** Number of distinct colours among the pixels added. */
  get distinctColours(): number {
    if (this.distinct < 0) {
      let distinct = 0;
      for (let word = 0; word < this.seen.length; word++) distinct += bitCount(this.seen[word]);
      this.distinct = distinct;
    }
    return this.distinct;
  }

  /** Adds pixels `from` (inclusive) to `to` (exclusive) of interleaved RGB `pixels`. */
  add(pixels: Uint8Array, from: number, to: number): void {
    binPixels(this, this.bits, pixels, from, to);
    this.distinct = -1;
  }

  /** Adds another grid's pixels (of the same bits): counts and sums are integers, so exact. */
  absorb(other: GridTables): void {
    const { counts, sums, seen } = this;
    for (let cell = 0; cell < counts.length; cell++) {
      if (other.counts[cell] === 0) continue;
      counts[cell] += other.counts[cell];
      sums[cell * 3] += other.sums[cell * 3];
      sums[cell * 3 + 1] += other.sums[cell * 3 + 1];
      sums[cell * 3 + 2] += other.sums[cell * 3 + 2];
    }
    for (let word = 0; word < seen.length; word++) seen[word] |= other.seen[word];
    this.distinct = -1;
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

/** The binning kernel: pixels `from`..`to` into the tables of a grid of `bits` per axis. */
function binPixels(
  tables: GridTables,
  bits: number,
  pixels: Uint8Array,
  from: number,
  to: number,
): void {
  const { counts, sums, seen } = tables;
  const shift = 8 - bits;
  for (let p = from, o = from * 3; p < to; p++, o += 3) {
    const r = pixels[o];
    const g = pixels[o + 1];
    const b = pixels[o + 2];
    const colour = (r << 16) | (g << 8) | b;
    seen[colour >>> 5] |= 1 << (colour & 31);
    const cell = ((((r >> shift) << bits) | (g >> shift)) << bits) | (b >> shift);
    counts[cell]++;
    sums[cell * 3] += r;
    sums[cell * 3 + 1] += g;
    sums[cell * 3 + 2] += b;
  }
}

/**
 * Binning as a shared pass: each participant bins its blocks into a grid of its own, and the
 * driver adds them up at the end.
 */
export interface BinPass extends PassBase {
  kind: 'bin';
  bits: number;
  /** One set of tables per participant (the driver's first). */
  tables: GridTables[];
}

/** Bins the first `pixelCount` pixels into a grid of `bits` per axis, with `help` if any. */
export function* binPixelsSteps(
  pixels: Uint8Array,
  pixelCount: number,
  bits: number,
  help: PassHelp = NO_HELP,
): Generator<number, PixelGrid> {
  const base = newPass(help, pixels, pixelCount);
  const participants = Math.min(1 + help.helpers, base.blocks);
  const grids = Array.from(
    { length: participants },
    () => new PixelGrid(bits, (bytes) => help.memory(bytes)),
  );
  const pass: BinPass = { ...base, kind: 'bin', bits, tables: grids };
  const complete = yield* drivePass(help, pass, (block) => binBlock(pass, 0, block));
  if (!complete) return yield* binPixelsSteps(pixels, pixelCount, bits);
  const [grid, ...others] = grids;
  for (const other of others) grid.absorb(other);
  return grid;
}

function binBlock(pass: BinPass, participant: number, block: number): void {
  const { from, to } = blockRange(pass, block);
  binPixels(pass.tables[participant], pass.bits, pass.pixels, from, to);
}

/** A helper's part in a binning pass. */
export function helpBin(pass: BinPass): void {
  const participant = joinPass(pass, pass.tables.length);
  if (participant < 0) return;
  helpWithBlocks(pass, (block) => binBlock(pass, participant, block));
}
