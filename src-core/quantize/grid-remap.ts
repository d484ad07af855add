/**
 * Stages 4 and 5 for very large photos (the ones binned by `pixel-grid.ts`): the 8-bit palette,
 * fitted to the pixels themselves, and every pixel's entry, without a table of distinct colours.
 *
 * The nearest entry of a pixel is searched only among its cell's candidates: the entries that can
 * be nearest to some point of the cell's box. An entry is a candidate when its nearest point of the
 * box is no farther than the farthest point of the box is from the best entry; no other entry can
 * win anywhere in the box. Most cells have one to three candidates, so a pass over 24 million
 * pixels costs a few table reads each. A cell's candidates are picked from those of its parent
 * cell (4 × 4 × 4 cells), which are a superset, so building them costs little even at k = 1024.
 *
 * The palette rules are those of `remap.ts`: rounded centres, duplicates merged, unused entries
 * replaced by the worst-fitting colours. (The 8-bit polishing rounds of `remap.ts` are left out:
 * each would be another pass over every pixel, for a gain of about 0.1 % in MSE.)
 */
import { parentCellKey } from './pixel-grid';
import { roundedEntries, type PaletteFit } from './remap';

export interface GridFitInput {
  /** Interleaved RGB pixels. */
  pixels: Uint8Array;
  /** Bits per channel of the grid the pixels were binned into (and `cellCluster` indexes). */
  bits: number;
  /** `k * 3` float centres, sRGB 0..255. */
  centres: Float64Array;
  /** Cluster of each grid cell (indexed by cell key; -1 for empty cells). */
  cellCluster: Int32Array;
  /** Most entries the palette may have (k). */
  capacity: number;
}

export interface GridFit {
  fit: PaletteFit;
  /** Entry (in `fit.entries`) of every pixel. */
  pixelEntry: Uint16Array;
  /** scikit-learn's inertia and the sum of distances, against the float centres. */
  inertia: number;
  distanceSum: number;
}

/** Pixels between two yields: a few milliseconds. */
const PIXELS_PER_YIELD = 1 << 18;
/** Parent cells are this many bits coarser per axis. */
const PARENT_STEP = 2;
const MOST_REFILLS = 3;
/**
 * Bits per axis of the cells that pick candidates. Finer cells have fewer candidates each, but
 * their tables no longer fit in the processor's cache: 5 bits (cells 8 values wide) is fastest.
 */
const REMAP_BITS = 5;

export function* fitPaletteToPixels(input: GridFitInput): Generator<void, GridFit> {
  const { pixels, centres, capacity, cellCluster } = input;
  const pixelCount = Math.floor(pixels.length / 3);
  const pixelEntry = new Uint16Array(pixelCount);
  // Every pass also measures the pixels against the float centres (the same figures each time).
  const clusters: Clusters = { bits: input.bits, centres, cellCluster };
  let pass = new RemapPass(REMAP_BITS, roundedEntries(centres, 3).entries, clusters);
  yield* pass.run(pixels, pixelEntry);
  const { inertia, distanceSum } = pass;

  // Rounding can merge entries and an entry can win no pixel: the freed places go to the colours
  // that fit worst (rarely needs more than one round).
  for (let refill = 0; refill < MOST_REFILLS; refill++) {
    if (pass.unusedCount() === 0 && pass.size >= capacity) break;
    const refilled = pass.refilled(capacity, pixels, pixelEntry);
    if (!refilled) break;
    pass = new RemapPass(REMAP_BITS, refilled, clusters);
    yield* pass.run(pixels, pixelEntry);
  }
  return {
    fit: pass.fit(),
    pixelEntry,
    inertia,
    distanceSum,
  };
}

/** The float centres, and the cluster of each cell of the clustering's grid. */
interface Clusters {
  bits: number;
  centres: Float64Array;
  cellCluster: Int32Array;
}

/** One pass of every pixel to its nearest entry, with what the next step needs. */
class RemapPass {
  readonly size: number;
  /** Pixels per entry, and the squared error of the written pixels. */
  readonly counts: Float64Array;
  squaredError = 0;
  /** Squared and plain distances of the pixels to their cluster's float centre. */
  inertia = 0;
  distanceSum = 0;
  private readonly entryValues: Float64Array;
  private readonly candidates: CandidateLists;

  constructor(
    private readonly bits: number,
    private readonly entries: number[],
    private readonly clusters: Clusters,
  ) {
    this.size = entries.length / 3;
    this.entryValues = Float64Array.from(entries);
    this.counts = new Float64Array(this.size);
    this.candidates = cellCandidates(bits, this.entryValues);
  }

  *run(pixels: Uint8Array, pixelEntry: Uint16Array): Generator<void, void> {
    const pixelCount = pixelEntry.length;
    for (let from = 0; from < pixelCount; from += PIXELS_PER_YIELD) {
      const to = Math.min(pixelCount, from + PIXELS_PER_YIELD);
      this.assign(pixels, pixelEntry, from, to);
      yield;
    }
  }

  private assign(pixels: Uint8Array, pixelEntry: Uint16Array, from: number, to: number): void {
    const { entryValues: e, counts, bits } = this;
    const { start, end, list, reach } = this.candidates;
    const shift = 8 - bits;
    const { centres, cellCluster, bits: clusterBits } = this.clusters;
    const clusterShift = 8 - clusterBits;
    let squaredError = this.squaredError;
    let inertia = this.inertia;
    let distanceSum = this.distanceSum;
    for (let p = from, o = from * 3; p < to; p++, o += 3) {
      const r = pixels[o];
      const g = pixels[o + 1];
      const b = pixels[o + 2];
      const cell = ((((r >> shift) << bits) | (g >> shift)) << bits) | (b >> shift);
      const first = start[cell];
      const last = end[cell];
      let best = list[first];
      let dr = r - e[best * 3];
      let dg = g - e[best * 3 + 1];
      let db = b - e[best * 3 + 2];
      let bestError = dr * dr + dg * dg + db * db;
      // Candidates come nearest to the cell first: once one's nearest point of the cell is farther
      // than the best so far, so are all the rest. Ties go to the lowest entry, as in a plain scan.
      for (let j = first + 1; j < last && reach[j] <= bestError; j++) {
        const c = list[j];
        dr = r - e[c * 3];
        dg = g - e[c * 3 + 1];
        db = b - e[c * 3 + 2];
        const error = dr * dr + dg * dg + db * db;
        if (error < bestError || (error === bestError && c < best)) {
          bestError = error;
          best = c;
        }
      }
      pixelEntry[p] = best;
      counts[best]++;
      squaredError += bestError;
      const k =
        cellCluster[
          ((((r >> clusterShift) << clusterBits) | (g >> clusterShift)) << clusterBits) |
            (b >> clusterShift)
        ] * 3;
      dr = r - centres[k];
      dg = g - centres[k + 1];
      db = b - centres[k + 2];
      const squared = dr * dr + dg * dg + db * db;
      inertia += squared;
      distanceSum += Math.sqrt(squared);
    }
    this.squaredError = squaredError;
    this.inertia = inertia;
    this.distanceSum = distanceSum;
  }

  /**
   * The worst-fitting pixel of each cell (its colour, and its squared error), for a refill:
   * rarely needed, so a pass of its own.
   */
  private findWorst(
    pixels: Uint8Array,
    pixelEntry: Uint16Array,
  ): { worstColour: Int32Array; worstError: Float64Array } {
    const { entryValues: e, bits } = this;
    const worstColour = new Int32Array(1 << (3 * bits)).fill(-1);
    const worstError = new Float64Array(1 << (3 * bits));
    const shift = 8 - bits;
    for (let p = 0, o = 0; p < pixelEntry.length; p++, o += 3) {
      const r = pixels[o];
      const g = pixels[o + 1];
      const b = pixels[o + 2];
      const best = pixelEntry[p];
      const dr = r - e[best * 3];
      const dg = g - e[best * 3 + 1];
      const db = b - e[best * 3 + 2];
      const error = dr * dr + dg * dg + db * db;
      const cell = ((((r >> shift) << bits) | (g >> shift)) << bits) | (b >> shift);
      if (error > worstError[cell]) {
        worstError[cell] = error;
        worstColour[cell] = (r << 16) | (g << 8) | b;
      }
    }
    return { worstColour, worstError };
  }

  unusedCount(): number {
    let unused = 0;
    for (let e = 0; e < this.size; e++) if (this.counts[e] === 0) unused++;
    return unused;
  }

  /**
   * The used entries, then the worst-fitting colours (one per cell, worst first) until there are
   * `capacity`; null when nothing changes (no unused entry, and no colour left that fits badly).
   */
  refilled(capacity: number, pixels: Uint8Array, pixelEntry: Uint16Array): number[] | null {
    const { worstColour, worstError } = this.findWorst(pixels, pixelEntry);
    const kept: number[] = [];
    const known = new Set<number>();
    for (let e = 0; e < this.size; e++) {
      if (this.counts[e] === 0) continue;
      const [r, g, b] = [this.entries[e * 3], this.entries[e * 3 + 1], this.entries[e * 3 + 2]];
      kept.push(r, g, b);
      known.add((r << 16) | (g << 8) | b);
    }
    const cells = Array.from(worstError.keys()).filter((c) => worstError[c] > 0);
    cells.sort((a, b) => worstError[b] - worstError[a] || a - b);
    for (const cell of cells) {
      if (kept.length / 3 >= capacity) break;
      const colour = worstColour[cell];
      if (known.has(colour)) continue;
      known.add(colour);
      kept.push((colour >>> 16) & 255, (colour >>> 8) & 255, colour & 255);
    }
    const changed =
      kept.length !== this.entries.length || kept.some((v, i) => v !== this.entries[i]);
    return changed ? kept : null;
  }

  fit(): PaletteFit {
    return {
      channels: 3,
      entries: Uint8Array.from(this.entries),
      size: this.size,
      colourToEntry: new Uint32Array(0),
      counts: this.counts.slice(),
      squaredError: this.squaredError,
    };
  }
}

/**
 * The candidate entries of every cell of the grid with `bits` levels per axis. A cell's candidates
 * are among its parent's, so each parent cell filters every entry once and each cell only its
 * parent's few.
 */
function cellCandidates(bits: number, entries: Float64Array): CandidateLists {
  const size = entries.length / 3;
  const parentBits = Math.max(0, bits - PARENT_STEP);
  const all = Int32Array.from({ length: size }, (_, e) => e);
  const parents = new CandidateLists(1 << (3 * parentBits), size);
  for (let parent = 0; parent < 1 << (3 * parentBits); parent++) {
    parents.add(parent, parentBits, entries, all, 0, size);
  }
  const cells = new CandidateLists(1 << (3 * bits), size);
  for (let cell = 0; cell < 1 << (3 * bits); cell++) {
    const parent = parentCellKey(cell, bits, bits - parentBits);
    cells.add(cell, bits, entries, parents.list, parents.start[parent], parents.end[parent]);
  }
  return cells;
}

/**
 * Candidate entries per cell: `list[start[cell] .. end[cell])`, nearest to the cell first, with
 * `reach`, the squared distance from the cell to each.
 */
class CandidateLists {
  readonly start: Int32Array;
  readonly end: Int32Array;
  list: Int32Array;
  reach: Float64Array;
  private used = 0;

  constructor(cells: number, size: number) {
    this.start = new Int32Array(cells);
    this.end = new Int32Array(cells);
    this.list = new Int32Array(cells * Math.min(size, 8));
    this.reach = new Float64Array(this.list.length);
  }

  /**
   * Appends the candidates of `cell` among `pool[from..to)`: the entries whose nearest point of the
   * cell's box is within the smallest farthest-point distance (no other can be nearest anywhere in
   * it), sorted by that nearest distance, then by entry.
   */
  add(
    cell: number,
    bits: number,
    entries: Float64Array,
    pool: Int32Array,
    from: number,
    to: number,
  ): void {
    const mask = (1 << bits) - 1;
    const width = 256 >> bits;
    const lowR = ((cell >> (2 * bits)) & mask) * width;
    const lowG = ((cell >> bits) & mask) * width;
    const lowB = (cell & mask) * width;
    let reach = Infinity;
    for (let j = from; j < to; j++) {
      const e = pool[j] * 3;
      const far = farthest(entries[e], lowR, width) + farthest(entries[e + 1], lowG, width);
      const total = far + farthest(entries[e + 2], lowB, width);
      if (total < reach) reach = total;
    }
    if (this.used + (to - from) > this.list.length) this.grow(this.used + (to - from));
    const { list } = this;
    const near = this.reach;
    const first = this.used;
    let last = first;
    for (let j = from; j < to; j++) {
      const c = pool[j];
      const e = c * 3;
      const gap =
        nearest(entries[e], lowR, width) +
        nearest(entries[e + 1], lowG, width) +
        nearest(entries[e + 2], lowB, width);
      if (gap > reach) continue;
      // Insertion into the sorted run: lists are a few entries long.
      let i = last++;
      while (i > first && (near[i - 1] > gap || (near[i - 1] === gap && list[i - 1] > c))) {
        list[i] = list[i - 1];
        near[i] = near[i - 1];
        i--;
      }
      list[i] = c;
      near[i] = gap;
    }
    this.start[cell] = first;
    this.end[cell] = last;
    this.used = last;
  }

  private grow(needed: number): void {
    const length = Math.max(needed, 2 * this.list.length);
    const list = new Int32Array(length);
    list.set(this.list);
    const reach = new Float64Array(length);
    reach.set(this.reach);
    this.list = list;
    this.reach = reach;
  }
}

/** Squared distance from `v` to the nearest integer of [low, low + width). */
function nearest(v: number, low: number, width: number): number {
  const gap = v < low ? low - v : v > low + width - 1 ? v - (low + width - 1) : 0;
  return gap * gap;
}

/** Squared distance from `v` to the farthest integer of [low, low + width). */
function farthest(v: number, low: number, width: number): number {
  const far = Math.max(v - low, low + width - 1 - v);
  return far * far;
}
