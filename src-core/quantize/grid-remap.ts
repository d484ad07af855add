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
const MOST_REFILLS = 3;
/** Bits per axis of the cells whose worst pixels refill unused entries. */
const REFILL_BITS = 5;

export function* fitPaletteToPixels(input: GridFitInput): Generator<void, GridFit> {
  const { pixels, centres, capacity, cellCluster } = input;
  const pixelCount = Math.floor(pixels.length / 3);
  const pixelEntry = new Uint16Array(pixelCount);
  // Every pass also measures the pixels against the float centres (the same figures each time).
  const clusters: Clusters = { bits: input.bits, centres, cellCluster };
  let pass = new RemapPass(roundedEntries(centres, 3).entries, clusters);
  yield* pass.run(pixels, pixelEntry);
  const { inertia, distanceSum } = pass;

  // Rounding can merge entries and an entry can win no pixel: the freed places go to the colours
  // that fit worst (rarely needs more than one round).
  for (let refill = 0; refill < MOST_REFILLS; refill++) {
    if (pass.unusedCount() === 0 && pass.size >= capacity) break;
    const refilled = pass.refilled(capacity, pixels, pixelEntry);
    if (!refilled) break;
    pass = new RemapPass(refilled, clusters);
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
  private readonly search: NearestEntry;

  constructor(
    private readonly entries: number[],
    private readonly clusters: Clusters,
  ) {
    this.size = entries.length / 3;
    this.entryValues = Float64Array.from(entries);
    this.counts = new Float64Array(this.size);
    this.search = new NearestEntry(entries, PIXEL_CELL_BITS);
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
    const { counts, search } = this;
    const { centres, cellCluster, bits: clusterBits } = this.clusters;
    const clusterShift = 8 - clusterBits;
    let squaredError = this.squaredError;
    let inertia = this.inertia;
    let distanceSum = this.distanceSum;
    for (let p = from, o = from * 3; p < to; p++, o += 3) {
      const r = pixels[o];
      const g = pixels[o + 1];
      const b = pixels[o + 2];
      const best = search.nearest(r, g, b);
      const bestError = search.lastDistance;
      pixelEntry[p] = best;
      counts[best]++;
      squaredError += bestError;
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
    const { entryValues: e } = this;
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
