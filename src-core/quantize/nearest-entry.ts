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
 *
 * After a round of the palette fit's polish, where entries move a little, `EntryRivals` finds
 * every colour's nearest entry again without a search: from its entry's few rivals.
 */
import { nestedColourKey } from './histogram';
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
   * it), sorted by that nearest distance, then by entry. A parent's list comes sorted by the
   * distance to the parent's box, which no point of the cell's box is nearer than: once that
   * passes the bound, so do the rest of the pool, and both scans stop there.
   */
  private add(cell: number, pool: Int32Array, from: number, to: number): void {
    const { bits, entries } = this;
    const mask = (1 << bits) - 1;
    const width = 256 >> bits;
    const lowR = ((cell >> (2 * bits)) & mask) * width;
    const lowG = ((cell >> bits) & mask) * width;
    const lowB = (cell & mask) * width;
    const poolGaps = this.parent ? this.parent.reach : null;
    let reach = Infinity;
    for (let j = from; j < to; j++) {
      // The farthest point is at least as far as the nearest one.
      if (poolGaps && poolGaps[j] >= reach) break;
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
      if (poolGaps && poolGaps[j] > reach) break;
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

/**
 * The nearest entry of every 8-bit RGB colour again after the entries moved (a round of Lloyd's
 * step), without a search: the palette fit's polishing rounds. A colour can leave its entry `a`
 * only for an entry `j` at least as near to it, on `j`'s side of the plane halfway between them.
 * So each entry keeps its rivals, the entries whose side reaches into the box of its colours (its
 * neighbours, some twenty), and cut to the part of that box in one cell of the RGB cube, eight
 * values wide, the list is mostly empty or one or two long. A colour on its entry's side of all
 * those planes keeps its entry; any other takes the nearest of its entry and those rivals, ties to
 * the lowest index, which is the nearest of all. Integer arithmetic throughout, so exact.
 */
export class EntryRivals {
  /** Colour indices, cell by cell (the fine cells of a coarse cell together). */
  private readonly order: Uint32Array;
  /** Non-empty fine cells: `order[cellStart[c] .. cellStart[c + 1])`. */
  private readonly cellStart: Int32Array;
  /** The colours' values, weights and entries, in that order. */
  private readonly values: Uint8Array;
  private readonly weights: Float64Array;
  private readonly entryOf: Uint32Array;
  /**
   * Per entry, a box that holds its colours: low R, G, B then high R, G, B (low > high when
   * empty). A round makes the next ones from the parts of these in the cells where the entry's
   * colours are, and from the colours that join it.
   */
  private boxes: Int32Array;
  private nextBoxes: Int32Array;
  /** The entries of the current round. */
  private at = new Int32Array(0);
  /** Per entry, its rivals anywhere in its box, with the planes between them. */
  private readonly rivals: RivalPlanes;
  /** Per entry, those of its rivals that reach into the current coarse cell, and fine cell. */
  private readonly coarse: SlotLists;
  private readonly fine: SlotLists;
  /** The box of an entry's colours cut to a cell. */
  private readonly part = new Int32Array(6);

  /**
   * `colours`: `size * 3` values 0..255, with their `weights` (told with each move); `colourToEntry`:
   * each one's entry, of `entryCount`, the array that `reassign` then keeps up to date (nothing
   * else may change it).
   */
  constructor(
    colours: Float64Array,
    weights: Float64Array,
    colourToEntry: Uint32Array,
    entryCount: number,
  ) {
    const size = colours.length / 3;
    const { position, cellStart } = fineCellOrder(colours);
    this.cellStart = cellStart;
    this.order = new Uint32Array(size);
    this.values = new Uint8Array(size * 3);
    this.weights = new Float64Array(size);
    this.entryOf = new Uint32Array(size);
    this.boxes = emptyBoxes(entryCount);
    this.nextBoxes = emptyBoxes(entryCount);
    // In the colours' order, so that the large arrays are read in sequence.
    const { order, values, boxes } = this;
    for (let i = 0; i < size; i++) {
      const p = position[i];
      // As stored in `values` (a Uint8Array keeps the low 8 bits of the integer part).
      const r = colours[i * 3] & 255;
      const g = colours[i * 3 + 1] & 255;
      const b = colours[i * 3 + 2] & 255;
      const entry = colourToEntry[i];
      order[p] = i;
      values[p * 3] = r;
      values[p * 3 + 1] = g;
      values[p * 3 + 2] = b;
      this.weights[p] = weights[i];
      this.entryOf[p] = entry;
      // `widen`, with the values at hand.
      const o = entry * 6;
      if (r < boxes[o]) boxes[o] = r;
      if (r > boxes[o + 3]) boxes[o + 3] = r;
      if (g < boxes[o + 1]) boxes[o + 1] = g;
      if (g > boxes[o + 4]) boxes[o + 4] = g;
      if (b < boxes[o + 2]) boxes[o + 2] = b;
      if (b > boxes[o + 5]) boxes[o + 5] = b;
    }
    this.rivals = new RivalPlanes(entryCount);
    this.coarse = new SlotLists(entryCount);
    this.fine = new SlotLists(entryCount);
  }

  /**
   * Moves every colour to its nearest of `entries` (`size * 3` integers 0..255; the fewer colours
   * that must move, the faster), updating `colourToEntry` and telling `moved` of each change.
   * Yields after about `coloursPerStep` colours.
   */
  *reassign(
    entries: ArrayLike<number>,
    colourToEntry: Uint32Array,
    moved: ColourMove,
    coloursPerStep: number,
  ): Generator<void, void> {
    const before = this.at;
    this.at = Int32Array.from(entries);
    this.rivals.find(this.at, this.boxes, stayedEntries(before, this.at));
    this.coarse.forget();
    this.fine.forget();
    makeEmpty(this.nextBoxes);
    const cells = this.cellStart.length - 1;
    let stepStart = 0;
    for (let c = 0; c < cells; c++) {
      this.reassignCell(c, colourToEntry, moved);
      if (this.cellStart[c + 1] - stepStart >= coloursPerStep && c + 1 < cells) {
        stepStart = this.cellStart[c + 1];
        yield;
      }
    }
    [this.boxes, this.nextBoxes] = [this.nextBoxes, this.boxes];
  }

  private reassignCell(c: number, colourToEntry: Uint32Array, moved: ColourMove): void {
    const { order, values, entryOf, fine } = this;
    const { plane } = this.rivals;
    const from = this.cellStart[c];
    const to = this.cellStart[c + 1];
    const coarseCell = coarseCellKey(values, from);
    if (c === 0 || coarseCell !== coarseCellKey(values, this.cellStart[c - 1])) this.coarse.clear();
    fine.clear();
    const { cell: listCell, start: listStart, end: listEnd } = fine;
    for (let p = from; p < to; p++) {
      const own = entryOf[p];
      if (listCell[own] !== c) this.narrow(own, c, coarseCell, from);
      const last = listEnd[own];
      let q = listStart[own];
      if (q === last) continue; // no rival reaches this cell
      const r = values[p * 3];
      const g = values[p * 3 + 1];
      const b = values[p * 3 + 2];
      // Whether a rival is at least as near as `own`: on its side of their plane, or on it.
      const { slots } = fine;
      for (; q < last; q++) {
        const o = slots[q] * 4;
        if (plane[o] * r + plane[o + 1] * g + plane[o + 2] * b + plane[o + 3] >= 0) break;
      }
      if (q === last) continue;
      const best = this.nearestOf(own, r, g, b);
      if (best === own) continue;
      entryOf[p] = best;
      colourToEntry[order[p]] = best;
      widen(this.nextBoxes, best, values, p);
      moved(order[p], own, best, this.weights[p], r, g, b);
    }
  }

  /** The nearest to (r, g, b) of `own` and its rivals in the fine cell, the lowest on ties. */
  private nearestOf(own: number, r: number, g: number, b: number): number {
    const { at, fine } = this;
    let best = own;
    let bestDistance = squaredDistance(at, own, r, g, b);
    for (let q = fine.start[own]; q < fine.end[own]; q++) {
      const j = this.rivals.rival[fine.slots[q]];
      const distance = squaredDistance(at, j, r, g, b);
      if (distance < bestDistance || (distance === bestDistance && j < best)) {
        bestDistance = distance;
        best = j;
      }
    }
    return best;
  }

  /**
   * Lists the rivals of `own` that reach into its box's part in fine cell `c`, from those in the
   * coarse cell (listed first if need be). The part also goes into the entry's next box: where
   * its colours stay.
   */
  private narrow(own: number, c: number, coarseCell: number, from: number): void {
    const { boxes, values, part, rivals, coarse, fine } = this;
    if (coarse.cell[own] !== coarseCell) {
      coarse.open(own, coarseCell);
      if (rivals.start[own] < rivals.start[own + 1]) {
        cellPartOfBox(boxes, own, values, from, COARSE_SHIFT, part);
        rivals.keepReaching(null, rivals.start[own], rivals.start[own + 1], part, coarse);
      }
      coarse.close(own);
    }
    cellPartOfBox(boxes, own, values, from, FINE_SHIFT, part);
    include(this.nextBoxes, own, part);
    fine.open(own, c);
    if (coarse.start[own] < coarse.end[own]) {
      rivals.keepReaching(coarse.slots, coarse.start[own], coarse.end[own], part, fine);
    }
    fine.close(own);
  }
}

/**
 * Told that `colour` left entry `from` for entry `to`, with its weight and values (at hand here,
 * while the caller's, in the colours' order, are far apart in memory).
 */
export type ColourMove = (
  colour: number,
  from: number,
  to: number,
  weight: number,
  r: number,
  g: number,
  b: number,
) => void;

/** Cells of the rival lists: coarse ones 16 values wide, fine ones 8 (as `nestedColourKey`'s). */
const COARSE_SHIFT = 4;
const FINE_SHIFT = 3;

/**
 * The rivals of every entry, slots `start[e] .. start[e + 1]`, each with the plane halfway between
 * the two as `w·x + c` (four integers), which is |x − entry|² − |x − rival|²: 0 or more where the
 * rival is at least as near.
 */
class RivalPlanes {
  rival: Int32Array = new Int32Array(1024);
  plane: Int32Array = new Int32Array(4096);
  readonly start: Int32Array;

  constructor(entryCount: number) {
    this.start = new Int32Array(entryCount + 1);
  }

  /**
   * The rivals of every entry that has colours, given the boxes of its colours. A rival is at
   * least as near as the entry to some point of the box, so no farther from the box than the
   * entry's farthest corner of it: only the entries that near, in red first, are tried.
   */
  find(at: Int32Array, boxes: Int32Array, stayed: Uint8Array): void {
    const count = at.length / 3;
    const norms = new Int32Array(count);
    for (let e = 0; e < count; e++) norms[e] = squaredDistance(at, e, 0, 0, 0);
    const byRed = Int32Array.from({ length: count }, (_, e) => e).sort(
      (a, b) => at[a * 3] - at[b * 3],
    );
    const reds = Int32Array.from(byRed, (e) => at[e * 3]);
    let used = 0;
    for (let a = 0; a < count; a++) {
      this.start[a] = used;
      if (boxes[a * 6] > boxes[a * 6 + 3]) continue;
      const far = farthestInBox(at, a, boxes);
      const band = Math.sqrt(far) + 1; // + 1: whatever the root's rounding
      const last = firstAbove(reds, boxes[a * 6 + 3] + band);
      for (let q = firstAbove(reds, boxes[a * 6] - band - 1); q < last; q++) {
        const j = byRed[q];
        if (j === a || (stayed[a] & stayed[j]) === 1 || gapToBox(at, j, boxes, a * 6) > far) {
          continue;
        }
        if (used === this.rival.length) this.grow();
        for (let d = 0; d < 3; d++) this.plane[used * 4 + d] = 2 * (at[j * 3 + d] - at[a * 3 + d]);
        this.plane[used * 4 + 3] = norms[a] - norms[j];
        if (reachesBox(this.plane, used, boxes, a * 6)) this.rival[used++] = j;
      }
    }
    this.start[count] = used;
  }

  /** Adds to `target` the slots `from .. to` (or `slots[from .. to)`) whose plane reaches `box`. */
  keepReaching(
    slots: Int32Array | null,
    from: number,
    to: number,
    box: Int32Array,
    target: SlotLists,
  ): void {
    const { plane } = this;
    // `reachesBox` with the box as its middle and size, doubled so as to stay in integers:
    // max(low w, high w) = ((low + high) w + (high − low) |w|) / 2.
    const middleR = box[0] + box[3];
    const middleG = box[1] + box[4];
    const middleB = box[2] + box[5];
    const sizeR = box[3] - box[0];
    const sizeG = box[4] - box[1];
    const sizeB = box[5] - box[2];
    for (let q = from; q < to; q++) {
      const s = slots ? slots[q] : q;
      const o = s * 4;
      const wR = plane[o];
      const wG = plane[o + 1];
      const wB = plane[o + 2];
      const most =
        2 * plane[o + 3] +
        middleR * wR +
        sizeR * Math.abs(wR) +
        middleG * wG +
        sizeG * Math.abs(wG) +
        middleB * wB +
        sizeB * Math.abs(wB);
      if (most >= 0) target.add(s);
    }
  }

  private grow(): void {
    const rival = new Int32Array(this.rival.length * 2);
    rival.set(this.rival);
    const plane = new Int32Array(this.plane.length * 2);
    plane.set(this.plane);
    this.rival = rival;
    this.plane = plane;
  }
}

/** Per entry, a list of rival slots made for one cell, `slots[start[e] .. end[e])`; one buffer. */
class SlotLists {
  slots: Int32Array = new Int32Array(256);
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** The cell each entry's list was made for (-1: none). */
  readonly cell: Int32Array;
  private used = 0;

  constructor(entryCount: number) {
    this.start = new Int32Array(entryCount);
    this.end = new Int32Array(entryCount);
    this.cell = new Int32Array(entryCount).fill(-1);
  }

  /** Makes every list stale. */
  forget(): void {
    this.cell.fill(-1);
  }

  /** Reuses the buffer: the lists made before are garbage, to be made again when needed. */
  clear(): void {
    this.used = 0;
  }

  open(entry: number, cell: number): void {
    this.start[entry] = this.used;
    this.cell[entry] = cell;
  }

  add(slot: number): void {
    if (this.used === this.slots.length) {
      const longer = new Int32Array(this.slots.length * 2);
      longer.set(this.slots);
      this.slots = longer;
    }
    this.slots[this.used++] = slot;
  }

  close(entry: number): void {
    this.end[entry] = this.used;
  }
}

/**
 * Which entries are where they were in the round `before` (none in the first round). The colours
 * are each at their nearest entry of `before`, the lowest on ties: a colour whose entry stayed can
 * only leave it for an entry that moved, as every entry that stayed is either farther or as near
 * with a higher index, as it was. So the rivals of an entry that stayed are the entries that moved.
 */
function stayedEntries(before: Int32Array, at: Int32Array): Uint8Array {
  const stayed = new Uint8Array(at.length / 3);
  if (before.length !== at.length) return stayed;
  for (let e = 0; e < stayed.length; e++) {
    const o = e * 3;
    stayed[e] =
      before[o] === at[o] && before[o + 1] === at[o + 1] && before[o + 2] === at[o + 2] ? 1 : 0;
  }
  return stayed;
}

/** Whether the plane of slot `s` is 0 or more somewhere in the box `box[o .. o + 6)` (a corner). */
function reachesBox(plane: Int32Array, s: number, box: Int32Array, o: number): boolean {
  const wR = plane[s * 4];
  const wG = plane[s * 4 + 1];
  const wB = plane[s * 4 + 2];
  const most =
    plane[s * 4 + 3] +
    Math.max(box[o] * wR, box[o + 3] * wR) +
    Math.max(box[o + 1] * wG, box[o + 4] * wG) +
    Math.max(box[o + 2] * wB, box[o + 5] * wB);
  return most >= 0;
}

/**
 * The position of every colour once sorted by fine cell, the fine cells of a coarse cell together
 * (a counting sort), and where each non-empty fine cell starts.
 */
function fineCellOrder(colours: Float64Array): { position: Uint32Array; cellStart: Int32Array } {
  const size = colours.length / 3;
  const keyOf = new Int32Array(size);
  const counts = new Int32Array((1 << 15) + 1);
  for (let i = 0; i < size; i++) {
    keyOf[i] = nestedCellKey(colours[i * 3], colours[i * 3 + 1], colours[i * 3 + 2]);
    counts[keyOf[i] + 1]++;
  }
  const starts: number[] = [];
  for (let k = 0; k < counts.length - 1; k++) {
    if (counts[k + 1] > 0) starts.push(counts[k]);
    counts[k + 1] += counts[k];
  }
  starts.push(size);
  const position = new Uint32Array(size);
  for (let i = 0; i < size; i++) position[i] = counts[keyOf[i]]++;
  return { position, cellStart: Int32Array.from(starts) };
}

/**
 * The coarse cell of a colour (12 bits), then which half of it along R, G and B (3 bits): the
 * histogram's order of RGB colours (`nestedColourKey`), so that the sort is mostly a copy.
 */
function nestedCellKey(r: number, g: number, b: number): number {
  return nestedColourKey(r, g, b) >>> 9;
}

/** The coarse cell of the colour at position `p`. */
function coarseCellKey(values: Uint8Array, p: number): number {
  return nestedCellKey(values[p * 3], values[p * 3 + 1], values[p * 3 + 2]) >> 3;
}

/** Writes to `part` the box of `entry`'s colours cut to colour `p`'s cell, `1 << shift` wide. */
function cellPartOfBox(
  boxes: Int32Array,
  entry: number,
  values: Uint8Array,
  p: number,
  shift: number,
  part: Int32Array,
): void {
  for (let d = 0; d < 3; d++) {
    const low = (values[p * 3 + d] >> shift) << shift;
    part[d] = Math.max(boxes[entry * 6 + d], low);
    part[d + 3] = Math.min(boxes[entry * 6 + 3 + d], low + (1 << shift) - 1);
  }
}

/** Squared distance from entry `a` to the farthest corner of its box. */
function farthestInBox(at: Int32Array, a: number, boxes: Int32Array): number {
  let far = 0;
  for (let d = 0; d < 3; d++) {
    const v = at[a * 3 + d];
    far += Math.max((v - boxes[a * 6 + d]) ** 2, (boxes[a * 6 + 3 + d] - v) ** 2);
  }
  return far;
}

/** Squared distance from entry `j` to the nearest point of the box `boxes[o .. o + 6)`. */
function gapToBox(at: Int32Array, j: number, boxes: Int32Array, o: number): number {
  let gap = 0;
  for (let d = 0; d < 3; d++) {
    const v = at[j * 3 + d];
    gap += Math.max(0, boxes[o + d] - v, v - boxes[o + 3 + d]) ** 2;
  }
  return gap;
}

/** The first index of the ascending `values` whose value is above `limit`. */
function firstAbove(values: Int32Array, limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

function squaredDistance(at: Int32Array, e: number, r: number, g: number, b: number): number {
  const dr = r - at[e * 3];
  const dg = g - at[e * 3 + 1];
  const db = b - at[e * 3 + 2];
  return dr * dr + dg * dg + db * db;
}

/** Boxes that hold nothing yet. */
function emptyBoxes(count: number): Int32Array {
  return makeEmpty(new Int32Array(count * 6));
}

/** Inverts every box (low 256, high -1), so that the first colour sets both ends. */
function makeEmpty(boxes: Int32Array): Int32Array {
  for (let o = 0; o < boxes.length; o += 6) boxes.fill(256, o, o + 3).fill(-1, o + 3, o + 6);
  return boxes;
}

/** Widens the box of `entry` to take in the colour at position `p` of `values`. */
function widen(boxes: Int32Array, entry: number, values: Uint8Array, p: number): void {
  const o = entry * 6;
  for (let d = 0; d < 3; d++) {
    const v = values[p * 3 + d];
    if (v < boxes[o + d]) boxes[o + d] = v;
    if (v > boxes[o + 3 + d]) boxes[o + 3 + d] = v;
  }
}

/** Widens the box of `entry` to take in the box `part`. */
function include(boxes: Int32Array, entry: number, part: Int32Array): void {
  const o = entry * 6;
  for (let d = 0; d < 3; d++) {
    boxes[o + d] = Math.min(boxes[o + d], part[d]);
    boxes[o + 3 + d] = Math.max(boxes[o + 3 + d], part[d + 3]);
  }
}
