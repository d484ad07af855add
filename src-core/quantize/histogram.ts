/**
 * Stage 1 of the pipeline: the colour histogram.
 *
 * Photos repeat colours heavily (china.jpg: 273k pixels, 96k distinct colours). Clustering the
 * distinct colours weighted by their pixel counts gives exactly the same k-means result as
 * clustering every pixel, at a fraction of the cost.
 */
import { runToEnd } from './steps';

/** The distinct colours of an image, each with the number of pixels that have it. */
export interface ColourHistogram {
  /** Values per colour: 3 (RGB) or 4 (RGBA). */
  readonly channels: 3 | 4;
  /** Number of distinct colours. */
  readonly size: number;
  /**
   * The distinct colours, `channels` values (0..255) each: RGB in the order of `nestedColourKey`
   * (neighbours in colour space near each other in memory), RGBA in order of first appearance.
   */
  readonly colours: Float64Array;
  /** Pixel count of each distinct colour. */
  readonly weights: Float64Array;
  /** For every pixel, the index of its colour in `colours`. */
  readonly pixelToColour: Uint32Array;
}

const EMPTY = -1;

/** Most colours the hash table is sized for up front (it still grows beyond). */
const TABLE_PRESIZE_LIMIT = 1 << 20;

/**
 * The order of RGB colours: the cube's cells 16 values wide (4 high bits of R, G, B), within one
 * its eight cells 8 values wide (the next bit of each), within one R, G, B by their 3 low bits.
 * A bit permutation of the colour, so every 24-bit number is one colour. The stages after the
 * histogram read the colours cell by cell (`nearest-entry.ts` uses exactly these cells), so in
 * this order they read memory in sequence.
 */
export function nestedColourKey(r: number, g: number, b: number): number {
  const coarse = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
  const fine = (((r >> 3) & 1) << 2) | (((g >> 3) & 1) << 1) | ((b >> 3) & 1);
  return (coarse << 12) | (fine << 9) | ((r & 7) << 6) | ((g & 7) << 3) | (b & 7);
}

/** The colour of a `nestedColourKey`, written to `out[offset..offset + 3)`. */
function unpackNestedKey(key: number, out: Float64Array, offset: number): void {
  const coarse = key >>> 12;
  const fine = (key >>> 9) & 7;
  out[offset] = ((coarse >>> 8) << 4) | ((fine >>> 2) << 3) | ((key >>> 6) & 7);
  out[offset + 1] = (((coarse >>> 4) & 15) << 4) | (((fine >>> 1) & 1) << 3) | ((key >>> 3) & 7);
  out[offset + 2] = ((coarse & 15) << 4) | ((fine & 1) << 3) | (key & 7);
}

/**
 * Counts the distinct colours of interleaved 8-bit pixels.
 * Fully transparent pixels (alpha 0) all count as one colour, transparent black, whatever
 * colour they hide: nobody can see it, so it must not cost palette entries.
 */
export function buildHistogram(pixels: Uint8Array, channels: 3 | 4): ColourHistogram {
  return runToEnd(buildHistogramSteps(pixels, channels));
}

/** Pixels counted between two yields: a few milliseconds. */
const PIXELS_PER_YIELD = 1 << 18;

/** The same, as steps: it yields the share of pixels counted, every few milliseconds. */
export function* buildHistogramSteps(
  pixels: Uint8Array,
  channels: 3 | 4,
): Generator<number, ColourHistogram> {
  return yield* channels === 3 ? countRgbSteps(pixels) : countRgbaSteps(pixels);
}

/** RGBA colours counted in a hash table, numbered in order of first appearance. */
function* countRgbaSteps(pixels: Uint8Array): Generator<number, ColourHistogram> {
  const pixelCount = Math.floor(pixels.length / 4);
  const pixelToColour = new Uint32Array(pixelCount);
  const counter = new ColourTable(pixelCount);
  for (let from = 0; from < pixelCount; from += PIXELS_PER_YIELD) {
    const to = Math.min(pixelCount, from + PIXELS_PER_YIELD);
    counter.count(pixels, pixelToColour, from, to);
    if (to < pixelCount) yield to / pixelCount;
  }
  const { keys, counts, size } = counter;
  const colours = new Float64Array(size * 4);
  const weights = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    unpackRgba(keys[i], colours, i * 4);
    weights[i] = counts[i];
  }
  return { channels: 4, size, colours, weights, pixelToColour };
}

/**
 * RGB colours counted in a set of bits, one per possible colour, in `nestedColourKey` order
 * (2 MB, where a table of every colour's index would take 64 MB): a first pass sets the bit of
 * every pixel's colour, the colours are then numbered in key order, and a second pass gives each
 * pixel its colour's number, the set bits before its own, and counts it. No hashing, no probing,
 * and the colours come out sorted.
 */
function* countRgbSteps(pixels: Uint8Array): Generator<number, ColourHistogram> {
  const pixelCount = Math.floor(pixels.length / 3);
  // Holds each pixel's key after the first pass, its colour's number after the second.
  const pixelToColour = new Uint32Array(pixelCount);
  const colourSet = new ColourSet();
  for (let from = 0; from < pixelCount; from += PIXELS_PER_YIELD) {
    const to = Math.min(pixelCount, from + PIXELS_PER_YIELD);
    colourSet.mark(pixels, pixelToColour, from, to);
    yield (0.5 * to) / pixelCount;
  }
  const { size, colours } = colourSet.number();
  const weights = new Float64Array(size);
  for (let from = 0; from < pixelCount; from += PIXELS_PER_YIELD) {
    const to = Math.min(pixelCount, from + PIXELS_PER_YIELD);
    colourSet.numberPixels(pixelToColour, weights, from, to);
    if (to < pixelCount) yield 0.5 + (0.5 * to) / pixelCount;
  }
  return { channels: 3, size, colours, weights, pixelToColour };
}

/**
 * A bit per 24-bit colour, by `nestedColourKey` (2^19 words), and a bit per word that has any
 * (2^14 words), so that the scans in key order pass over the empty parts of the cube 1024 colours
 * at a time: a small image costs little more than its pixels.
 */
class ColourSet {
  private readonly present = new Int32Array(1 << 19);
  private readonly wordsUsed = new Int32Array(1 << 14);
  /** Per word of `present`: the set bits before it, the number of its first colour. */
  private readonly before = new Int32Array(1 << 19);

  /** Writes each pixel's `nestedColourKey` to `keys` and sets its bits. */
  mark(pixels: Uint8Array, keys: Uint32Array, from: number, to: number): void {
    const { present, wordsUsed } = this;
    for (let p = from, o = from * 3; p < to; p++, o += 3) {
      const key = nestedColourKey(pixels[o], pixels[o + 1], pixels[o + 2]);
      keys[p] = key;
      present[key >>> 5] |= 1 << (key & 31);
      wordsUsed[key >>> 10] |= 1 << ((key >>> 5) & 31);
    }
  }

  /** Numbers the colours in key order: their count, and their values. */
  number(): { size: number; colours: Float64Array } {
    const { present, before } = this;
    let size = 0;
    this.forEachWord((w) => {
      before[w] = size;
      size += bitCount(present[w]);
    });
    const colours = new Float64Array(size * 3);
    this.forEachWord((w) => {
      let i = before[w];
      for (let bits = present[w]; bits !== 0; bits &= bits - 1, i++) {
        unpackNestedKey((w << 5) | (31 - Math.clz32(bits & -bits)), colours, i * 3);
      }
    });
    return { size, colours };
  }

  /** Calls `visit` with every word of `present` that has a colour, in order. */
  private forEachWord(visit: (w: number) => void): void {
    const { wordsUsed } = this;
    for (let u = 0; u < wordsUsed.length; u++) {
      for (let bits = wordsUsed[u]; bits !== 0; bits &= bits - 1) {
        visit((u << 5) | (31 - Math.clz32(bits & -bits)));
      }
    }
  }

  /** Turns each pixel's key into its colour's number (set bits before it) and counts the pixel. */
  numberPixels(pixelToColour: Uint32Array, weights: Float64Array, from: number, to: number): void {
    const { present, before } = this;
    for (let p = from; p < to; p++) {
      const key = pixelToColour[p];
      const w = key >>> 5;
      // The bits below the key's own: (1 << 31) − 1 is 2^31 − 1 once `&` makes it an int32.
      const colour = before[w] + bitCount(present[w] & ((1 << (key & 31)) - 1));
      pixelToColour[p] = colour;
      weights[colour]++;
    }
  }
}

/** Set bits of a 32-bit integer (the colour sets here and in `pixel-grid.ts`). */
export function bitCount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** An RGBA pixel as one 32-bit key; every fully transparent pixel as 0, transparent black. */
function packRgba(pixels: Uint8Array, offset: number): number {
  const a = pixels[offset + 3];
  if (a === 0) return 0;
  return (
    ((pixels[offset] << 24) | (pixels[offset + 1] << 16) | (pixels[offset + 2] << 8) | a) >>> 0
  );
}

function unpackRgba(key: number, out: Float64Array, offset: number): void {
  out[offset] = (key >>> 24) & 255;
  out[offset + 1] = (key >>> 16) & 255;
  out[offset + 2] = (key >>> 8) & 255;
  out[offset + 3] = key & 255;
}

/** An open-addressing hash map from packed colour to a dense index, grown by doubling. */
class ColourTable {
  count(pixels: Uint8Array, pixelToColour: Uint32Array, from: number, to: number): void {
    for (let p = from, offset = from * 4; p < to; p++, offset += 4) {
      pixelToColour[p] = this.indexOf(packRgba(pixels, offset));
    }
  }

  keys: Uint32Array;
  counts: Uint32Array;
  size = 0;
  private slots: Int32Array;
  private shift: number;

  /**
   * Sized for `pixels` pixels up front, as if every pixel had a colour of its own: detailed
   * photos come close (chili_peppers in CQ100: 74 %), growing the table on the way (rehashing
   * every colour) costs more than the room, and a sparser table needs fewer probes.
   */
  constructor(pixels: number) {
    const expected = Math.min(Math.max(pixels, 1024), TABLE_PRESIZE_LIMIT);
    const bits = Math.ceil(Math.log2(expected)) + 1;
    this.slots = new Int32Array(1 << bits).fill(EMPTY);
    this.shift = 32 - bits;
    this.keys = new Uint32Array(expected);
    this.counts = new Uint32Array(expected);
  }

  indexOf(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    const mask = this.slots.length - 1;
    for (;;) {
      const index = this.slots[slot];
      if (index === EMPTY) return this.insert(slot, key);
      if (this.keys[index] === key) {
        this.counts[index]++;
        return index;
      }
      slot = (slot + 1) & mask;
    }
  }

  private insert(slot: number, key: number): number {
    const index = this.size++;
    if (index === this.keys.length) this.growEntries();
    this.keys[index] = key;
    this.counts[index] = 1;
    this.slots[slot] = index;
    if (this.size * 2 > this.slots.length) this.growSlots();
    return index;
  }

  private growEntries(): void {
    const keys = new Uint32Array(this.keys.length * 2);
    keys.set(this.keys);
    const counts = new Uint32Array(this.counts.length * 2);
    counts.set(this.counts);
    this.keys = keys;
    this.counts = counts;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    this.shift--;
    const mask = this.slots.length - 1;
    for (let index = 0; index < this.size; index++) {
      let slot = Math.imul(this.keys[index], 0x9e3779b1) >>> this.shift;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = index;
    }
  }
}
