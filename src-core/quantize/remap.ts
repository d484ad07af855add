/**
 * Stage 4 of the pipeline: the palette. The float centres become 8-bit entries (what a PNG can
 * hold), and every distinct colour takes the entry nearest to it. Errors are measured on these
 * written values, never on the float centres.
 *
 * Rounding can make two centres one entry, and an entry can end up nearest to no colour; the
 * freed slots go to the colours that fit worst, one at a time (the empty-cluster rule of k-means,
 * at 8 bits), so the palette never has a duplicate or unused entry, and has k entries whenever
 * the image has k colours. In sRGB, a few rounds of Lloyd's step on the 8-bit lattice follow: each
 * entry moves to the rounded mean of its colours (the best 8-bit point for them), then colours
 * move to their nearest entry; the error can only go down.
 */
import { toSpace } from '../colour/colour-space';
import type { ColourHistogram } from './histogram';
import type { ColourSpace } from './options';
import { CentreTree } from './centre-tree';
import { EntryRivals, NearestEntry, type ColourMove } from './nearest-entry';
import { runToEnd } from './steps';

export interface PaletteFit {
  /** Values per entry: 3 (RGB) or 4 (RGBA). */
  channels: 3 | 4;
  /** `size * channels` 8-bit values, in no particular order. */
  entries: Uint8Array;
  size: number;
  /** The entry of every distinct colour of the histogram. */
  colourToEntry: Uint32Array;
  /** Pixels per entry. */
  counts: Float64Array;
  /** Sum over pixels and channels of the squared error of the written values (0–255 scale). */
  squaredError: number;
}

export interface FitOptions {
  /** Where "nearest" is measured. */
  space: ColourSpace;
  /** Most entries the palette may have (k). */
  capacity: number;
  /** Entries that must be in the palette as they are (the shared transparent entry). */
  fixed?: Uint8Array;
  /** Cluster (row of `centres`, or -1) of each distinct colour, when known: it speeds the search up. */
  hint?: Int32Array;
  /** Rounds of 8-bit Lloyd polishing (sRGB only). Default 8. */
  polishRounds?: number;
  /**
   * How many of the first polishing rounds are over-relaxed: each entry moves `OVER_RELAXATION`
   * times as far as to the rounded mean of its colours. Default 0 (every round plain). The rounds
   * after them are plain, so the palette still ends at a plain round's entries.
   */
  relaxedRounds?: number;
}

/** Most rounds of 8-bit polishing: each gains less than the one before, and rarely any after ~4. */
export const DEFAULT_POLISH_ROUNDS = 8;

/**
 * How far an over-relaxed round moves an entry, in steps to the mean of its colours. From a rough
 * start (Wu's boxes) the entries drift the same way round after round, often by less than one
 * value a round, which rounding hides; a doubled step covers that drift in fewer rounds. Measured
 * on 8 CQ100 photos with `wu`: 5 rounds, the first 4 relaxed, left an MSE 0.6 % lower than 8 plain
 * rounds at k = 256 and 1.6 % lower at 1024 (about the same at 16 and 64), in about a tenth less
 * time.
 */
export const OVER_RELAXATION = 2;

/** Fits an 8-bit palette to `centres` (sRGB 0..255, unrounded) for the colours of `histogram`. */
export function fitPalette(
  histogram: ColourHistogram,
  centres: Float64Array,
  options: FitOptions,
): PaletteFit {
  return runToEnd(fitPaletteSteps(histogram, centres, options));
}

/** Colours assigned (or measured for a refill) between two yields: a few milliseconds. */
const COLOURS_PER_YIELD = 60_000;

/** The same, as steps of a few milliseconds. */
export function* fitPaletteSteps(
  histogram: ColourHistogram,
  centres: Float64Array,
  options: FitOptions,
): Generator<void, PaletteFit> {
  const { channels } = histogram;
  const fixedCount = options.fixed ? options.fixed.length / channels : 0;
  const { entries, centreToEntry } = roundedEntries(centres, channels, options.fixed);
  const fit = new PaletteAssignment(histogram, options.space, entries, options.capacity);
  const hint = options.hint;
  if (hint && fit.onLattice() && allAtLeastZero(hint)) {
    // Each colour starts at its centre's entry, most often its nearest already.
    yield* fit.assignFrom((i) => centreToEntry[hint[i]]);
  } else {
    yield* fit.assignAll(hint ? (i) => (hint[i] >= 0 ? centreToEntry[hint[i]] : -1) : () => -1);
  }
  fit.dropUnused(fixedCount);
  yield* fit.refill();
  if (options.space === 'srgb') {
    const rounds = options.polishRounds ?? DEFAULT_POLISH_ROUNDS;
    yield* fit.polish(fixedCount, rounds, options.relaxedRounds ?? 0);
  }
  return fit.result();
}

function allAtLeastZero(values: Int32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) return false;
  return true;
}

/** The palette made of every distinct colour itself: the lossless case. */
export function exactPalette(histogram: ColourHistogram): PaletteFit {
  const { channels, size, colours, weights } = histogram;
  const entries = new Uint8Array(size * channels);
  for (let i = 0; i < entries.length; i++) entries[i] = colours[i];
  const colourToEntry = new Uint32Array(size);
  for (let i = 0; i < size; i++) colourToEntry[i] = i;
  return {
    channels,
    entries,
    size,
    colourToEntry,
    counts: Float64Array.from(weights),
    squaredError: 0,
  };
}

/** Centres rounded and clamped to 0..255, after the fixed entries, duplicates merged. */
export function roundedEntries(
  centres: Float64Array,
  channels: number,
  fixed?: Uint8Array,
): { entries: number[]; centreToEntry: Int32Array } {
  const seen = new Map<number, number>();
  const entries: number[] = [];
  const add = (values: ArrayLike<number>, offset: number): number => {
    let key = 0;
    const entry: number[] = [];
    for (let d = 0; d < channels; d++) {
      const v = Math.min(255, Math.max(0, Math.round(values[offset + d])));
      entry.push(v);
      key = key * 256 + v;
    }
    const known = seen.get(key);
    if (known !== undefined) return known;
    const index = entries.length / channels;
    seen.set(key, index);
    entries.push(...entry);
    return index;
  };
  if (fixed) for (let f = 0; f < fixed.length / channels; f++) add(fixed, f * channels);
  const centreToEntry = new Int32Array(centres.length / channels);
  for (let c = 0; c < centreToEntry.length; c++) centreToEntry[c] = add(centres, c * channels);
  return { entries, centreToEntry };
}

/** The mutable state of a palette fit: entries, and each colour's entry and squared distance. */
class PaletteAssignment {
  private readonly channels: 3 | 4;
  /** Colours in the working space. */
  private readonly work: Float64Array;
  private entries: number[];
  private entryWork: Float64Array = new Float64Array(0);
  private readonly colourToEntry: Uint32Array;
  /** Squared distance (working space) from each colour to its entry. */
  private readonly distance: Float64Array;
  private tree: CentreTree;
  /** The faster search for 8-bit RGB in sRGB, where colours and entries are lattice points. */
  private lattice: NearestEntry | null = null;
  /** Whether `distance` is behind `colourToEntry` (after `assignFrom`). */
  private distanceStale = false;
  /**
   * The rivals of `assignFrom`, in step with the entries and `colourToEntry` (until an entry is
   * dropped or added): the polish goes on with them.
   */
  private rivals: EntryRivals | null = null;

  constructor(
    private readonly histogram: ColourHistogram,
    private readonly space: ColourSpace,
    entries: number[],
    private readonly capacity: number,
  ) {
    this.channels = histogram.channels;
    // Only read: in sRGB the histogram's own colours serve, without a copy of a few megabytes.
    this.work =
      space === 'srgb' ? histogram.colours : toSpace(histogram.colours, this.channels, space);
    this.entries = entries;
    this.colourToEntry = new Uint32Array(histogram.size);
    this.distance = new Float64Array(histogram.size);
    this.tree = new CentreTree(this.channels, Math.max(capacity, this.entryCount()));
    this.rebuild();
  }

  private entryCount(): number {
    return this.entries.length / this.channels;
  }

  private rebuild(): void {
    if (this.space === 'srgb' && this.channels === 3) {
      this.lattice = new NearestEntry(this.entries);
      return;
    }
    this.entryWork = toSpace(Float64Array.from(this.entries), this.channels, this.space);
    this.tree.build(this.entryWork, this.entryCount());
  }

  /** Whether the colours are 8-bit RGB measured in sRGB: lattice points, as the entries. */
  onLattice(): boolean {
    return this.lattice !== null;
  }

  /**
   * On the lattice, every colour to its nearest entry (the lowest on ties, as `assignAll`), from
   * `start(i)`, an entry near colour i: the colours find it among their start entry's rivals
   * (`EntryRivals`), which the polish then keeps. `distance` is made when needed (`refill`).
   */
  *assignFrom(start: (i: number) => number): Generator<void, void> {
    const { colourToEntry } = this;
    const { colours, weights, size } = this.histogram;
    for (let i = 0; i < size; i++) colourToEntry[i] = start(i);
    const rivals = new EntryRivals(colours, weights, colourToEntry, this.entryCount());
    yield* rivals.reassign(this.entries, colourToEntry, () => {}, COLOURS_PER_YIELD);
    this.rivals = rivals;
    this.distanceStale = true;
  }

  /** Every colour's squared distance to its entry, as the lattice search gives it. */
  private measureDistances(): void {
    const { colourToEntry, distance, entries } = this;
    const { colours, size } = this.histogram;
    for (let i = 0; i < size; i++) {
      const e = colourToEntry[i];
      const dr = colours[i * 3] - entries[e * 3];
      const dg = colours[i * 3 + 1] - entries[e * 3 + 1];
      const db = colours[i * 3 + 2] - entries[e * 3 + 2];
      distance[i] = dr * dr + dg * dg + db * db;
    }
    this.distanceStale = false;
  }

  /** Every colour to its nearest entry; `hint(i)` names an entry believed near (or -1). */
  *assignAll(hint: (i: number) => number): Generator<void, void> {
    const { tree, work, entryWork, colourToEntry, distance, lattice } = this;
    if (lattice) {
      yield* assignOnLattice(lattice, this.histogram, colourToEntry, distance);
      this.distanceStale = false;
      return;
    }
    for (let i = 0; i < this.histogram.size; i++) {
      colourToEntry[i] = tree.nearest(work, i, hint(i), entryWork);
      distance[i] = tree.lastDistance;
      if (i % COLOURS_PER_YIELD === COLOURS_PER_YIELD - 1) yield;
    }
  }

  /** Removes the entries no colour uses (the first `keep` entries stay whatever). */
  dropUnused(keep: number): void {
    const count = this.entryCount();
    const used = new Uint8Array(count);
    for (let e = 0; e < keep; e++) used[e] = 1;
    for (let i = 0; i < this.histogram.size; i++) used[this.colourToEntry[i]] = 1;
    if (used.every((u) => u === 1)) return;
    this.rivals = null;
    const renumber = new Int32Array(count);
    const kept: number[] = [];
    for (let e = 0; e < count; e++) {
      renumber[e] = kept.length / this.channels;
      if (used[e])
        for (let d = 0; d < this.channels; d++) kept.push(this.entries[e * this.channels + d]);
    }
    this.entries = kept;
    for (let i = 0; i < this.histogram.size; i++)
      this.colourToEntry[i] = renumber[this.colourToEntry[i]];
    this.rebuild();
  }

  /**
   * While there is room, the colour with the largest pixel count × squared distance becomes an
   * entry itself, and the colours nearer to it than to their entry move to it.
   */
  *refill(): Generator<void, void> {
    const { channels, work, colourToEntry, distance } = this;
    const { colours, weights, size } = this.histogram;
    let added = false;
    let visits = 0;
    if (this.entryCount() < this.capacity && this.distanceStale) this.measureDistances();
    while (this.entryCount() < this.capacity) {
      visits += size;
      if (visits >= COLOURS_PER_YIELD * 4) {
        visits = 0;
        yield;
      }
      let worst = -1;
      let worstScore = 0;
      for (let i = 0; i < size; i++) {
        const score = weights[i] * distance[i];
        if (score > worstScore) {
          worstScore = score;
          worst = i;
        }
      }
      if (worst < 0) break; // every colour is an entry: lossless
      const entry = this.entryCount();
      for (let d = 0; d < channels; d++) this.entries.push(colours[worst * channels + d]);
      for (let i = 0; i < size; i++) {
        let squared = 0;
        for (let d = 0; d < channels; d++) {
          const diff = work[i * channels + d] - work[worst * channels + d];
          squared += diff * diff;
        }
        if (squared < distance[i]) {
          distance[i] = squared;
          colourToEntry[i] = entry;
        }
      }
      added = true;
    }
    if (added) {
      this.rivals = null;
      this.rebuild();
    }
  }

  /**
   * Lloyd's step on the 8-bit lattice, in sRGB where the rounded mean is the best 8-bit entry for
   * a set of colours: entries (after the first `keep`) to the rounded mean of their colours, then
   * colours to their nearest entry. Stops when nothing moves, when two entries would coincide, or
   * after `rounds` rounds. The first `relaxed` rounds move the entries `OVER_RELAXATION` times as
   * far (a plain step instead when that would make two entries coincide). In 8-bit RGB, over
   * several rounds, the colours find their nearest entry among their entry's rivals (`EntryRivals`)
   * rather than by a search, which leaves `distance` and the lattice search behind: nothing after
   * the polish needs them.
   */
  *polish(keep: number, rounds: number, relaxed = 0): Generator<void, void> {
    const { channels, colourToEntry } = this;
    const totals = new EntryTotals(this.histogram, this.entryCount());
    // The rivals' set-up, a sort of the colours, pays for itself over several rounds only.
    const byRivals = this.lattice !== null && rounds > 1;
    let rivals: EntryRivals | null = null;
    for (let round = 0; round < rounds; round++) {
      if (round === 0 || !(rivals && totals.exact)) totals.recount(colourToEntry);
      const next = nextEntries(totals, this.entries, keep, channels, round < relaxed);
      if (!next) return;
      this.entries = next;
      yield;
      if (byRivals) {
        const { colours, weights } = this.histogram;
        rivals ??=
          this.rivals ?? new EntryRivals(colours, weights, colourToEntry, this.entryCount());
        yield* rivals.reassign(next, colourToEntry, totals.move, COLOURS_PER_YIELD);
      } else {
        this.rebuild();
        yield* this.assignAll((i) => colourToEntry[i]);
      }
    }
  }

  result(): PaletteFit {
    const { channels, colourToEntry } = this;
    const { colours, weights, size } = this.histogram;
    const count = this.entryCount();
    const counts = new Float64Array(count);
    let squaredError = 0;
    for (let i = 0; i < size; i++) {
      const e = colourToEntry[i];
      counts[e] += weights[i];
      let squared = 0;
      for (let d = 0; d < channels; d++) {
        const diff = colours[i * channels + d] - this.entries[e * channels + d];
        squared += diff * diff;
      }
      squaredError += weights[i] * squared;
    }
    return {
      channels,
      entries: Uint8Array.from(this.entries),
      size: count,
      colourToEntry: Uint32Array.from(colourToEntry),
      counts,
      squaredError,
    };
  }
}

/** `assignAll` through the lattice search: no hint needed, a few table reads per colour. */
function* assignOnLattice(
  lattice: NearestEntry,
  histogram: ColourHistogram,
  colourToEntry: Uint32Array,
  distance: Float64Array,
): Generator<void, void> {
  const { colours, size } = histogram;
  for (let i = 0; i < size; i++) {
    colourToEntry[i] = lattice.nearest(colours[i * 3], colours[i * 3 + 1], colours[i * 3 + 2]);
    distance[i] = lattice.lastDistance;
    if (i % COLOURS_PER_YIELD === COLOURS_PER_YIELD - 1) yield;
  }
}

/**
 * Per entry, the pixel count and the sums of its colours' values, for the means. When every
 * weight is an integer (pixel counts) and their total times 255 stays below 2^53, every partial
 * sum is an integer that doubles hold exactly, whatever the order of the additions: moving just
 * the colours that changed entry (`move`) then gives the very sums a fresh count would.
 */
class EntryTotals {
  private readonly mass: Float64Array;
  private readonly sums: Float64Array;
  /** Whether `move` keeps the sums exact; known after `recount`. */
  exact = false;

  constructor(
    private readonly histogram: ColourHistogram,
    entryCount: number,
  ) {
    this.mass = new Float64Array(entryCount);
    this.sums = new Float64Array(entryCount * histogram.channels);
  }

  /** Sums afresh, colour by colour. */
  recount(colourToEntry: Uint32Array): void {
    const { mass, sums } = this;
    const { channels, colours, weights, size } = this.histogram;
    mass.fill(0);
    sums.fill(0);
    let integral = true;
    let total = 0;
    for (let i = 0; i < size; i++) {
      const e = colourToEntry[i];
      mass[e] += weights[i];
      for (let d = 0; d < channels; d++)
        sums[e * channels + d] += weights[i] * colours[i * channels + d];
      integral &&= Number.isInteger(weights[i]);
      total += Math.abs(weights[i]);
    }
    this.exact = integral && total * 255 <= Number.MAX_SAFE_INTEGER;
  }

  /** An RGB colour of weight `w` and values (r, g, b) left entry `from` for `to`. */
  readonly move: ColourMove = (_colour, from, to, w, r, g, b) => {
    const { mass, sums } = this;
    mass[from] -= w;
    mass[to] += w;
    sums[from * 3] -= w * r;
    sums[to * 3] += w * r;
    sums[from * 3 + 1] -= w * g;
    sums[to * 3 + 1] += w * g;
    sums[from * 3 + 2] -= w * b;
    sums[to * 3 + 2] += w * b;
  };

  /**
   * Entries (after the first `keep`) at the rounded means of their colours, or, with a `step`
   * above 1, that many times as far from where they are (within 0..255); null if none moves.
   */
  roundedMeans(entries: number[], keep: number, step = 1): number[] | null {
    const { mass, sums } = this;
    const { channels } = this.histogram;
    const next = entries.slice();
    let moved = false;
    for (let e = keep; e < mass.length; e++) {
      if (mass[e] === 0) continue;
      for (let d = 0; d < channels; d++) {
        const mean = sums[e * channels + d] / mass[e];
        const v = step === 1 ? Math.round(mean) : relaxedValue(next[e * channels + d], mean, step);
        if (v !== next[e * channels + d]) moved = true;
        next[e * channels + d] = v;
      }
    }
    return moved ? next : null;
  }
}

/** `from` moved `step` times as far as to `mean`, rounded, within 0..255. */
function relaxedValue(from: number, mean: number, step: number): number {
  return Math.min(255, Math.max(0, Math.round(from + step * (mean - from))));
}

/**
 * The entries of the next polishing round, relaxed when asked unless that makes two coincide; null
 * when the round should not happen (nothing moves, or the plain step makes two coincide).
 */
function nextEntries(
  totals: EntryTotals,
  entries: number[],
  keep: number,
  channels: number,
  relaxed: boolean,
): number[] | null {
  if (relaxed) {
    const next = totals.roundedMeans(entries, keep, OVER_RELAXATION);
    if (next && !hasDuplicates(next, channels)) return next;
  }
  const next = totals.roundedMeans(entries, keep);
  return next && !hasDuplicates(next, channels) ? next : null;
}

function hasDuplicates(entries: number[], channels: number): boolean {
  const seen = new Set<number>();
  for (let e = 0; e < entries.length / channels; e++) {
    let key = 0;
    for (let d = 0; d < channels; d++) key = key * 256 + entries[e * channels + d];
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** A palette in its final order, and the pixels' indices into it. */
export interface OrderedPalette {
  /** `size * channels` values: translucent entries first, then by pixel count, most used first. */
  palette: Uint8Array;
  counts: Uint32Array;
  /** New position of each entry of the fit. */
  position: Uint32Array;
}

/**
 * Orders the palette for display and compression: entries that are not fully opaque first (a PNG's
 * tRNS chunk then stays short), then the most used first (ties by colour value, for determinism).
 */
export function orderPalette(fit: PaletteFit): OrderedPalette {
  const { channels, entries, size, counts } = fit;
  const opaque = (e: number) => (channels === 4 ? entries[e * 4 + 3] === 255 : true);
  const value = (e: number) => {
    let key = 0;
    for (let d = 0; d < channels; d++) key = key * 256 + entries[e * channels + d];
    return key;
  };
  const order = Array.from({ length: size }, (_, e) => e).sort(
    (a, b) => Number(opaque(a)) - Number(opaque(b)) || counts[b] - counts[a] || value(a) - value(b),
  );
  const palette = new Uint8Array(size * channels);
  const ordered = new Uint32Array(size);
  const position = new Uint32Array(size);
  order.forEach((e, p) => {
    position[e] = p;
    ordered[p] = counts[e];
    for (let d = 0; d < channels; d++) palette[p * channels + d] = entries[e * channels + d];
  });
  return { palette, counts: ordered, position };
}

/** Palette index of every pixel, without dithering. */
export function indexPixels(
  histogram: ColourHistogram,
  fit: PaletteFit,
  position: Uint32Array,
): Uint16Array {
  const { pixelToColour } = histogram;
  const indices = new Uint16Array(pixelToColour.length);
  for (let p = 0; p < pixelToColour.length; p++) {
    indices[p] = position[fit.colourToEntry[pixelToColour[p]]];
  }
  return indices;
}
