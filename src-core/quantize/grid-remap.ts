/**
 * Stages 4 and 5 for very large photos (the ones binned by `pixel-grid.ts`): the 8-bit palette,
 * fitted to the pixels themselves, and every pixel's entry, without a table of distinct colours.
 * Each pixel's nearest entry comes from `nearest-entry.ts`: a few table reads per pixel.
 *
 * The palette rules are those of `remap.ts`: rounded centres, duplicates merged, unused entries
 * replaced by the worst-fitting colours. (The 8-bit polishing rounds of `remap.ts` are left out:
 * each would be another pass over every pixel, for a gain of about 0.1 % in MSE.)
 */
import { NearestEntry, PIXEL_CELL_BITS } from './nearest-entry';
import {
  blockRange,
  drivePass,
  helpWithBlocks,
  joinPass,
  newPass,
  NO_HELP,
  shareable,
  type PassBase,
  type PassHelp,
} from './pixel-pass';
import { roundedEntries, type PaletteFit } from './remap';
import { relay } from './steps';

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
  /** Threads that share the passes over the pixels (default: none). */
  help?: PassHelp;
}

export interface GridFit {
  fit: PaletteFit;
  /** Entry (in `fit.entries`) of every pixel. */
  pixelEntry: Uint16Array;
  /** scikit-learn's inertia and the sum of distances, against the float centres. */
  inertia: number;
  distanceSum: number;
}

const MOST_REFILLS = 3;
/** Bits per axis of the cells whose worst pixels refill unused entries. */
const REFILL_BITS = 5;

export function* fitPaletteToPixels(input: GridFitInput): Generator<void, GridFit> {
  const { pixels, capacity } = input;
  const help = input.help ?? NO_HELP;
  // Every pass also measures the pixels against the float centres (the same figures each time).
  // Its inputs and its output, the entry of every pixel, are made once for all the passes.
  const clusters: Clusters = {
    bits: input.bits,
    centres: shareable(help, input.centres),
    cellCluster: shareable(help, input.cellCluster),
  };
  const pixelEntry = new Uint16Array(help.memory(Math.floor(pixels.length / 3) * 2));
  const remap = (entries: number[]) => remapPixels(pixels, entries, clusters, pixelEntry, help);
  let pass = yield* remap(roundedEntries(input.centres, 3).entries);
  const { inertia, distanceSum } = pass;

  // Rounding can merge entries and an entry can win no pixel: the freed places go to the colours
  // that fit worst (rarely needs more than one round).
  for (let refill = 0; refill < MOST_REFILLS; refill++) {
    if (pass.unusedCount() === 0 && pass.size >= capacity) break;
    const refilled = pass.refilled(capacity, pixels);
    if (!refilled) break;
    pass = yield* remap(refilled);
  }
  return {
    fit: pass.fit(),
    pixelEntry: pass.pixelEntry,
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

/**
 * One pass of every pixel to its nearest entry, as a shared pass. Each block writes its pixels'
 * entries and its own totals: pixels per entry, then the squared error, inertia and distance sum.
 */
export interface RemapPass extends PassBase, Clusters {
  kind: 'remap';
  /** `size * 3` 8-bit entries. */
  entries: Uint8Array;
  pixelEntry: Uint16Array;
  /** Per block: `size + 3` totals. */
  totals: Float64Array;
}

/**
 * One pass over the pixels for the palette `entries`, into `pixelEntry`. If a helper is lost, the
 * pass runs again alone into the same `pixelEntry`: a helper still at work writes the same values.
 */
function* remapPixels(
  pixels: Uint8Array,
  entries: number[],
  clusters: Clusters,
  pixelEntry: Uint16Array,
  help: PassHelp,
): Generator<void, RemapOutcome> {
  const base = newPass(help, pixels, pixelEntry.length);
  const size = entries.length / 3;
  const pass: RemapPass = {
    ...base,
    ...clusters,
    kind: 'remap',
    entries: shareable(help, Uint8Array.from(entries)),
    pixelEntry,
    totals: new Float64Array(help.memory(base.blocks * (size + 3) * 8)),
  };
  const complete = yield* relay(drivePass(help, pass, remapBlocks(pass)), () => undefined);
  if (!complete) return yield* remapPixels(pixels, entries, clusters, pixelEntry, NO_HELP);
  return new RemapOutcome(entries, pass);
}

/** The remap kernel for one participant: its own search tables, then block after block. */
function remapBlocks(pass: RemapPass): (block: number) => void {
  const { pixels, pixelEntry, totals, centres, cellCluster, bits: clusterBits } = pass;
  const size = pass.entries.length / 3;
  const search = new NearestEntry(pass.entries, PIXEL_CELL_BITS);
  const clusterShift = 8 - clusterBits;
  return (block) => {
    const { from, to } = blockRange(pass, block);
    const at = block * (size + 3);
    let squaredError = 0;
    let inertia = 0;
    let distanceSum = 0;
    for (let p = from, o = from * 3; p < to; p++, o += 3) {
      const r = pixels[o];
      const g = pixels[o + 1];
      const b = pixels[o + 2];
      const best = search.nearest(r, g, b);
      pixelEntry[p] = best;
      totals[at + best]++;
      squaredError += search.lastDistance;
      const k =
        cellCluster[
          ((((r >> clusterShift) << clusterBits) | (g >> clusterShift)) << clusterBits) |
            (b >> clusterShift)
        ] * 3;
      const dr = r - centres[k];
      const dg = g - centres[k + 1];
      const db = b - centres[k + 2];
      const squared = dr * dr + dg * dg + db * db;
      inertia += squared;
      distanceSum += Math.sqrt(squared);
    }
    totals[at + size] = squaredError;
    totals[at + size + 1] = inertia;
    totals[at + size + 2] = distanceSum;
  };
}

/** A helper's part in a remap pass. */
export function helpRemap(pass: RemapPass): void {
  if (joinPass(pass, Infinity) < 0) return;
  helpWithBlocks(pass, remapBlocks(pass));
}

/** What a remap pass found: each pixel's entry, and the totals over blocks in block order. */
class RemapOutcome {
  readonly size: number;
  readonly pixelEntry: Uint16Array;
  /** Pixels per entry, and the squared error of the written pixels. */
  readonly counts: Float64Array;
  squaredError = 0;
  /** Squared and plain distances of the pixels to their cluster's float centre. */
  inertia = 0;
  distanceSum = 0;
  private readonly entryValues: Float64Array;

  constructor(
    private readonly entries: number[],
    pass: RemapPass,
  ) {
    const size = (this.size = entries.length / 3);
    this.entryValues = Float64Array.from(entries);
    this.pixelEntry = pass.pixelEntry;
    this.counts = new Float64Array(size);
    for (let block = 0; block < pass.blocks; block++) {
      const at = block * (size + 3);
      for (let e = 0; e < size; e++) this.counts[e] += pass.totals[at + e];
      this.squaredError += pass.totals[at + size];
      this.inertia += pass.totals[at + size + 1];
      this.distanceSum += pass.totals[at + size + 2];
    }
  }

  /**
   * The worst-fitting pixel of each cell (its colour, and its squared error), for a refill:
   * rarely needed, so a pass of its own.
   */
  private findWorst(pixels: Uint8Array): { worstColour: Int32Array; worstError: Float64Array } {
    const { entryValues: e, pixelEntry } = this;
    const bits = REFILL_BITS;
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
  refilled(capacity: number, pixels: Uint8Array): number[] | null {
    const { worstColour, worstError } = this.findWorst(pixels);
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
