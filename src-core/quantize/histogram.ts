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
  /** The distinct colours, `channels` values (0..255) each, in order of first appearance. */
  readonly colours: Float64Array;
  /** Pixel count of each distinct colour. */
  readonly weights: Float64Array;
  /** For every pixel, the index of its colour in `colours`. */
  readonly pixelToColour: Uint32Array;
}

const EMPTY = -1;

/**
 * From this many RGB pixels on, colours are counted in a table indexed by the colour itself
 * (2^24 entries, 64 MB, one memory access per pixel) instead of a hash table: on a 24-megapixel
 * photo that is several times faster, and the table is a small part of the memory the image needs.
 */
const DIRECT_TABLE_PIXELS = 1 << 21;

/** Most colours the hash table is sized for up front (it still grows beyond). */
const TABLE_PRESIZE_LIMIT = 1 << 20;

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
  const pixelCount = Math.floor(pixels.length / channels);
  const pixelToColour = new Uint32Array(pixelCount);
  const counter =
    channels === 3 && pixelCount >= DIRECT_TABLE_PIXELS
      ? new DirectCounter()
      : new ColourTable(pixelCount);
  for (let from = 0; from < pixelCount; from += PIXELS_PER_YIELD) {
    const to = Math.min(pixelCount, from + PIXELS_PER_YIELD);
    counter.count(pixels, channels, pixelToColour, from, to);
    if (to < pixelCount) yield to / pixelCount;
  }
  const { keys, counts, size } = counter;
  const colours = new Float64Array(size * channels);
  const weights = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    unpackColour(keys[i], colours, i * channels, channels);
    weights[i] = counts[i];
  }
  return { channels, size, colours, weights, pixelToColour };
}

/**
 * RGB only: colours counted in a table indexed by the 24-bit colour itself. Colours are numbered
 * in order of first appearance, as the hash table numbers them.
 */
class DirectCounter {
  keys: Uint32Array = new Uint32Array(1 << 16);
  counts: Uint32Array = new Uint32Array(1 << 16);
  size = 0;
  private readonly index = new Int32Array(1 << 24).fill(EMPTY);

  count(
    pixels: Uint8Array,
    _channels: 3 | 4,
    pixelToColour: Uint32Array,
    from: number,
    to: number,
  ): void {
    const { index } = this;
    for (let p = from, offset = from * 3; p < to; p++, offset += 3) {
      const key = (pixels[offset] << 16) | (pixels[offset + 1] << 8) | pixels[offset + 2];
      let colour = index[key];
      if (colour === EMPTY) {
        colour = this.size++;
        index[key] = colour;
        if (colour === this.keys.length) {
          this.keys = grow(this.keys);
          this.counts = grow(this.counts);
        }
        this.keys[colour] = key;
      }
      this.counts[colour]++;
      pixelToColour[p] = colour;
    }
  }
}

function grow(array: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function packColour(pixels: Uint8Array, offset: number, channels: 3 | 4): number {
  const r = pixels[offset];
  const g = pixels[offset + 1];
  const b = pixels[offset + 2];
  if (channels === 3) return (r << 16) | (g << 8) | b;
  const a = pixels[offset + 3];
  if (a === 0) return 0;
  return ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

function unpackColour(key: number, out: Float64Array, offset: number, channels: 3 | 4): void {
  if (channels === 3) {
    out[offset] = (key >>> 16) & 255;
    out[offset + 1] = (key >>> 8) & 255;
    out[offset + 2] = key & 255;
  } else {
    out[offset] = (key >>> 24) & 255;
    out[offset + 1] = (key >>> 16) & 255;
    out[offset + 2] = (key >>> 8) & 255;
    out[offset + 3] = key & 255;
  }
}

/** An open-addressing hash map from packed colour to a dense index, grown by doubling. */
class ColourTable {
  count(
    pixels: Uint8Array,
    channels: 3 | 4,
    pixelToColour: Uint32Array,
    from: number,
    to: number,
  ): void {
    for (let p = from, offset = from * channels; p < to; p++, offset += channels) {
      pixelToColour[p] = this.indexOf(packColour(pixels, offset, channels));
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
