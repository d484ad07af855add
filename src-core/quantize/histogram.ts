/**
 * Stage 1 of the pipeline: the colour histogram.
 *
 * Photos repeat colours heavily (china.jpg: 273k pixels, 96k distinct colours). Clustering the
 * distinct colours weighted by their pixel counts gives exactly the same k-means result as
 * clustering every pixel, at a fraction of the cost.
 */

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
 * Counts the distinct colours of interleaved 8-bit pixels.
 * Fully transparent pixels (alpha 0) all count as one colour, transparent black, whatever
 * colour they hide: nobody can see it, so it must not cost palette entries.
 */
export function buildHistogram(pixels: Uint8Array, channels: 3 | 4): ColourHistogram {
  const pixelCount = Math.floor(pixels.length / channels);
  const pixelToColour = new Uint32Array(pixelCount);
  const table = new ColourTable();
  for (let p = 0, offset = 0; p < pixelCount; p++, offset += channels) {
    pixelToColour[p] = table.indexOf(packColour(pixels, offset, channels));
  }
  const { keys, counts, size } = table;
  const colours = new Float64Array(size * channels);
  const weights = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    unpackColour(keys[i], colours, i * channels, channels);
    weights[i] = counts[i];
  }
  return { channels, size, colours, weights, pixelToColour };
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
  keys = new Uint32Array(1024);
  counts = new Uint32Array(1024);
  size = 0;
  private slots = new Int32Array(1 << 16).fill(EMPTY);
  private shift = 32 - 16;

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
