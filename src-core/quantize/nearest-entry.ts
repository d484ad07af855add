/**
 * The nearest palette entry of 8-bit RGB colours, found through per-cell candidate lists: the remap
 * kernel shared by the palette fit (`remap.ts`), the fit to pixels of very large photos
 * (`grid-remap.ts`) and the labelling of colours by float centres.
 *
 * The RGB cube is cut into cells (2^bits per axis). An entry is a candidate of a cell when its
 * nearest point of the cell's box is no farther than the farthest point of the box is from the
 * best entry: no other entry can be nearest anywhere in the cell. Most cells have one to three
 * candidates, so a search costs a few table reads. A cell's candidates are picked from those of
 * its parent cell (one bit coarser per axis), a superset, so building them costs little even at
 * k = 1024.
 * Candidates are sorted by their distance to the cell, so most searches stop after the first.
 *
 * Entries may be fractional (float centres); the colours searched must be integers 0..255.
 */
import { parentCellKey } from './pixel-grid';
import type { WeightedPoints } from './points';

/**
 * Bits per axis of the cells. Finer cells have fewer candidates each but cost more to set up, and
 * their tables fall out of the processor's cache: 4 bits (cells 16 values wide) measured fastest
 * for a few hundred thousand distinct colours, 5 bits for tens of millions of pixels.
 */
export const COLOUR_CELL_BITS = 4;
export const PIXEL_CELL_BITS = 5;
/** The coarsest level of lists, made from every entry; each finer level is made from the one above. */
const TOP_LEVEL_BITS = 2;

export class NearestEntry {
  /** Squared distance of the last search's answer. */
  lastDistance = 0;
  private readonly entries: Float64Array;
  private readonly cells: CandidateLists;
  private readonly shift: number;

  /**
   * `entries`: `size * 3` RGB values (0..255, fractional allowed); `cellBits`: the grid of the
   * candidate lists, finer when there will be many searches.
   */
  constructor(
    entries: ArrayLike<number>,
    private readonly cellBits = COLOUR_CELL_BITS,
  ) {
    this.entries = Float64Array.from(entries);
    let lists: CandidateLists | null = null;
    for (let bits = TOP_LEVEL_BITS; bits <= cellBits; bits++) {
      lists = new CandidateLists(bits, this.entries, lists);
    }
    this.cells = lists!;
    this.shift = 8 - cellBits;
  }

  /** Index of the entry nearest to the colour (r, g, b); the lowest index wins ties. */
  nearest(r: number, g: number, b: number): number {
    const { entries: e, cells, shift, cellBits } = this;
    const cell = ((((r >> shift) << cellBits) | (g >> shift)) << cellBits) | (b >> shift);
    if (cells.start[cell] < 0) cells.ensure(cell);
    const { list, reach } = cells;
    const last = cells.end[cell];
    let j = cells.start[cell];
    let best = list[j];
    let dr = r - e[best * 3];
    let dg = g - e[best * 3 + 1];
    let db = b - e[best * 3 + 2];
    let bestDistance = dr * dr + dg * dg + db * db;
    // Once a candidate's nearest point of the cell is farther than the best so far, so are all
    // the rest (they come sorted by that distance).
    for (j++; j < last && reach[j] <= bestDistance; j++) {
      const c = list[j];
      dr = r - e[c * 3];
      dg = g - e[c * 3 + 1];
      db = b - e[c * 3 + 2];
      const distance = dr * dr + dg * dg + db * db;
      if (distance < bestDistance || (distance === bestDistance && c < best)) {
        bestDistance = distance;
        best = c;
      }
    }
    this.lastDistance = bestDistance;
    return best;
  }
}

/**
 * Candidate entries per cell of one grid level: `list[start[cell] .. end[cell])`, nearest to the
 * cell first, with `reach`, the squared distance from the cell to each. A cell's list is made the
 * first time it is needed, from its parent cell's list (or from every entry at the top level):
 * images use a fraction of the cells, and a cell's list costs as much as its parent's length.
 */
class CandidateLists {
  /** Where each cell's list starts in `list`; -1 until it is made. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  list: Int32Array;
  reach: Float64Array;
  private used = 0;
  private readonly all: Int32Array | null;

  constructor(
    readonly bits: number,
    private readonly entries: Float64Array,
    private readonly parent: CandidateLists | null,
  ) {
    const cells = 1 << (3 * bits);
    const size = entries.length / 3;
    this.start = new Int32Array(cells).fill(-1);
    this.end = new Int32Array(cells);
    this.list = new Int32Array(Math.min(cells, 4096) * Math.min(size, 8));
    this.reach = new Float64Array(this.list.length);
    this.all = parent ? null : Int32Array.from({ length: size }, (_, e) => e);
  }

  /** Makes the list of `cell` if it is not made yet. */
  ensure(cell: number): void {
    if (this.start[cell] >= 0) return;
    const { parent } = this;
    if (!parent) {
      this.add(cell, this.all!, 0, this.all!.length);
      return;
    }
    const above = parentCellKey(cell, this.bits, this.bits - parent.bits);
    parent.ensure(above);
    this.add(cell, parent.list, parent.start[above], parent.end[above]);
  }

  /**
   * Appends the candidates of `cell` among `pool[from..to)`: the entries whose nearest point of the
   * cell's box is within the smallest farthest-point distance (no other can be nearest anywhere in
   * it), sorted by that nearest distance, then by entry.
   */
  private add(cell: number, pool: Int32Array, from: number, to: number): void {
    const { bits, entries } = this;
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

/** Each point's nearest centre, with the inertia and the sum of distances, as one pass. */
export interface NearestLabels {
  labels: Uint32Array;
  inertia: number;
  distanceSum: number;
}

/**
 * Labels 8-bit RGB points (integer values 0..255, as the histogram's colours in sRGB) with their
 * nearest centre, lowest index on ties: the same labels as a plain loop over the centres.
 */
export function labelRgbPoints(points: WeightedPoints, centres: Float64Array): NearestLabels {
  const { count, values, weights } = points;
  const search = new NearestEntry(centres);
  const labels = new Uint32Array(count);
  let inertia = 0;
  let distanceSum = 0;
  for (let i = 0; i < count; i++) {
    labels[i] = search.nearest(values[i * 3], values[i * 3 + 1], values[i * 3 + 2]);
    inertia += weights[i] * search.lastDistance;
    distanceSum += weights[i] * Math.sqrt(search.lastDistance);
  }
  return { labels, inertia, distanceSum };
}
