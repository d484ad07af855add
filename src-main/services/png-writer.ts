/**
 * Our own PNG encoder for quantized images (PNG spec, 3rd edition). A quantized image is a palette
 * and one index per pixel, which is exactly what an indexed PNG stores, so nothing is lost and
 * nothing is re-quantized on the way out (sharp's palette writer quantizes again).
 *
 * - Up to 256 entries: colour type 3 at the smallest bit depth that holds the palette (1, 2, 4 or
 *   8 bits), PLTE, and tRNS when some entry is translucent.
 * - More entries: 8-bit truecolour (RGB, or RGBA when the palette has alpha).
 * Compression: zlib at level 9 with its largest window, after trying a few filter/strategy pairs
 * and keeping the smallest stream (see the TRIALS lists below for what was measured); long
 * streams choose their pair by a sample (SAMPLE_ABOVE_BLOCKS). Streams are deflated in blocks,
 * which `encodeIndexedPngAsync` compresses at the same time on libuv's threads (see
 * DEFLATE_BLOCK_BYTES).
 */
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync, type ZlibOptions } from 'node:zlib';
import { translucentFirst } from './palette-order';

/** A quantized image: the shape `quantize()` returns plus the image size. */
export interface IndexedImage {
  width: number;
  height: number;
  /** `paletteSize * channels` 8-bit values. */
  palette: Uint8Array;
  channels: 3 | 4;
  /** One palette index per pixel, row by row. */
  indices: Uint16Array;
  paletteSize: number;
}

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** The largest palette an indexed PNG holds. */
export const MAX_PNG_PALETTE = 256;

/** How the scanlines are filtered before deflate. */
export type FilterChoice =
  /** Filter type 0 on every row: what the spec recommends for palette images. */
  | 'none'
  /** Per row, the filter type whose output has the smallest sum of |signed bytes|. */
  | 'minsum';

export interface CompressionTrial {
  filter: FilterChoice;
  strategy: number;
  memLevel: number;
}

/**
 * Filter/strategy pairs to try, best on average first, per bit depth. Measured with
 * bench/png-tuning.ts on the shared photos and a CQ100 sample quantized by pngquant and
 * re-encoded by us (same pixels):
 * - Palette images: unfiltered rows win nearly always (filters predict byte values, and palette
 *   indices are labels, not intensities; reordering the palette by luma or along a
 *   nearest-colour chain did not make filters pay either). zlib's memLevel matters more than
 *   expected: it sets the size of deflate blocks, and 6–7 beats 9 by about 0.5 %. At 1 and 2
 *   bits, Z_FILTERED and the minimum-sum filter win often enough to be worth their (small)
 *   cost; at 8 bits a second trial gained under 0.1 % for twice the time.
 * - Truecolour (above 256 colours): a quantized image repeats exact colours, which deflate's
 *   string matching finds in unfiltered rows; filtering broke those repeats and cost 30–50 % on
 *   photos. The per-row minimum-sum filter stays as a second trial for smooth synthetic images
 *   (gradients), where it does pay.
 */
const trial = (filter: FilterChoice, strategy: number, memLevel: number): CompressionTrial => ({
  filter,
  strategy,
  memLevel,
});
const { Z_DEFAULT_STRATEGY, Z_FILTERED } = constants;

export const PALETTE_TRIALS: Readonly<Record<1 | 2 | 4 | 8, readonly CompressionTrial[]>> = {
  1: [
    trial('none', Z_FILTERED, 8),
    trial('minsum', Z_FILTERED, 8),
    trial('none', Z_DEFAULT_STRATEGY, 7),
  ],
  2: [
    trial('none', Z_DEFAULT_STRATEGY, 7),
    trial('minsum', Z_FILTERED, 8),
    trial('none', Z_DEFAULT_STRATEGY, 6),
  ],
  4: [trial('none', Z_DEFAULT_STRATEGY, 7), trial('none', Z_DEFAULT_STRATEGY, 6)],
  8: [trial('none', Z_DEFAULT_STRATEGY, 7)],
};
export const TRUECOLOUR_TRIALS: readonly CompressionTrial[] = [
  trial('none', Z_DEFAULT_STRATEGY, 8),
  trial('minsum', Z_DEFAULT_STRATEGY, 9),
];

/**
 * Streams of more deflate blocks than this choose their trial by a sample, the middle block: each
 * trial filters and deflates that block alone, and only the trial whose block came out smallest
 * does the rest. A trial then costs one block, not a whole stream. On china.jpg at 512 and 1024
 * colours, where the minimum-sum filter's stream alone took four times as long as the unfiltered
 * one, encoding took 38–49 ms instead of 92–98 ms; the 48 PNGs of 12 photos at 16, 64, 256 and
 * 1024 colours 1.7–1.8 s instead of 3.0–3.1 s, every byte the same. On 84 truecolour PNGs (12
 * photos and 2 gradients at 300, 512 and 1024 colours, with and without dithering) the sample chose
 * the trial the whole streams would every time. Shorter streams try every trial whole.
 */
export const SAMPLE_ABOVE_BLOCKS = 3;

export interface EncodeOptions {
  /** Trials to run instead of the defaults (for tuning; every trial gives a valid PNG). */
  trials?: readonly CompressionTrial[];
}

/** The PNG of a quantized image, compressed in this thread. */
export function encodeIndexedPng(image: IndexedImage, options: EncodeOptions = {}): Uint8Array {
  const steps = encodeSteps(image, options);
  let step = steps.next([]);
  while (!step.done) step = steps.next(step.value.map(deflateBlockNow));
  return step.value;
}

/**
 * The same bytes as `encodeIndexedPng`, with the deflate blocks (and the trials) compressed at
 * the same time on libuv's threads: on a 24-megapixel image, most of the encoder's time.
 */
export async function encodeIndexedPngAsync(
  image: IndexedImage,
  options: EncodeOptions = {},
): Promise<Uint8Array> {
  const steps = encodeSteps(image, options);
  let step = steps.next([]);
  while (!step.done) step = steps.next(await Promise.all(step.value.map(deflateBlockLater)));
  return step.value;
}

/**
 * The encoding, for both encoders, which differ only in where a block is deflated: it yields the
 * blocks to deflate and is sent back their bytes, in the same order. With several trials, a long
 * stream first deflates each trial's sample block (SAMPLE_ABOVE_BLOCKS), a short one every
 * trial's blocks; the smallest stream makes the PNG.
 */
function* encodeSteps(
  image: IndexedImage,
  options: EncodeOptions,
): Generator<DeflateBlock[], Uint8Array, Uint8Array[]> {
  const pending = pendingPng(image, options);
  let { trials } = pending;
  if (trials.length === 0) throw new RangeError('at least one compression trial is needed');
  const sample = sampleBlockIndex(pending);
  let sampled: Uint8Array | null = null;
  if (trials.length > 1 && sample >= 0) {
    const samples = yield trials.map((trial) => sampleBlock(pending, trial, sample));
    const best = smallest(samples.map((block) => block.length));
    trials = [trials[best]!];
    sampled = samples[best]!;
  }
  const streams = trialStreams(pending.rows, pending.bytesPerPixel, trials);
  const reused = (b: number) => sampled !== null && b === sample;
  const done = yield streams.flatMap((stream) => stream.blocks.filter((_, b) => !reused(b)));
  let next = 0;
  const deflated = streams.map((stream) =>
    stream.blocks.map((_, b) => (reused(b) ? sampled! : done[next++]!)),
  );
  return finishPng(pending.before, streams, deflated);
}

/** A PNG but for its image data: the chunks before it, and its rows with the trials for them. */
interface PendingPng {
  before: Uint8Array[];
  rows: Scanlines;
  /** How far back a filter looks: a pixel's bytes, or 1 for packed palette rows. */
  bytesPerPixel: number;
  trials: readonly CompressionTrial[];
}

function pendingPng(image: IndexedImage, options: EncodeOptions): PendingPng {
  checkImage(image);
  return image.paletteSize <= MAX_PNG_PALETTE
    ? pendingPaletteImage(image, options.trials)
    : pendingTruecolourImage(image, options.trials ?? TRUECOLOUR_TRIALS);
}

/** The index of the first of the smallest numbers. */
function smallest(values: number[]): number {
  return values.indexOf(Math.min(...values));
}

/**
 * The smallest of the trials' streams as IDAT chunks, then IEND. Every stream has the same header
 * and checksum around its blocks, so the smallest is the one with the fewest deflated bytes (the
 * first on a tie), and only that one is put together.
 */
function finishPng(
  before: Uint8Array[],
  streams: TrialStream[],
  deflated: Uint8Array[][],
): Uint8Array {
  const best = smallest(deflated.map((blocks) => blocks.reduce((sum, b) => sum + b.length, 0)));
  const stream = zlibStream(deflated[best]!, adler32(streams[best]!.filtered));
  return concatenate([
    PNG_SIGNATURE,
    ...before,
    ...idatChunks(stream),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** The smallest bit depth whose 2^depth indices cover the palette. */
export function paletteBitDepth(paletteSize: number): 1 | 2 | 4 | 8 {
  if (paletteSize <= 2) return 1;
  if (paletteSize <= 4) return 2;
  if (paletteSize <= 16) return 4;
  return 8;
}

function checkImage(image: IndexedImage): void {
  const { width, height, palette, channels, indices, paletteSize } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid image size ${width}×${height}`);
  }
  if (width > 0x7fffffff || height > 0x7fffffff) throw new RangeError('image too large for PNG');
  if (channels !== 3 && channels !== 4) throw new RangeError(`invalid channel count ${channels}`);
  if (
    !Number.isInteger(paletteSize) ||
    paletteSize < 1 ||
    palette.length < paletteSize * channels
  ) {
    throw new RangeError(`invalid palette of ${paletteSize} entries`);
  }
  if (indices.length !== width * height) {
    throw new RangeError(`expected ${width * height} indices, got ${indices.length}`);
  }
  for (let p = 0; p < indices.length; p++) {
    if (indices[p]! >= paletteSize) {
      throw new RangeError(`pixel ${p} refers to palette entry ${indices[p]} of ${paletteSize}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Colour type 3: palette

function pendingPaletteImage(
  image: IndexedImage,
  chosenTrials: readonly CompressionTrial[] | undefined,
): PendingPng {
  const { width, height, paletteSize } = image;
  const ordered = translucentFirst(image.palette, image.channels, paletteSize);
  const bitDepth = paletteBitDepth(paletteSize);
  const trials = chosenTrials ?? PALETTE_TRIALS[bitDepth];
  const rows = packIndexRows(image, ordered.remap, bitDepth);

  const plte = new Uint8Array(paletteSize * 3);
  for (let entry = 0; entry < paletteSize; entry++) {
    plte.set(ordered.rgba.subarray(entry * 4, entry * 4 + 3), entry * 3);
  }
  const trns = new Uint8Array(ordered.translucentCount);
  for (let entry = 0; entry < trns.length; entry++) trns[entry] = ordered.rgba[entry * 4 + 3]!;

  const before = [
    chunk('IHDR', headerData(width, height, bitDepth, COLOUR_TYPE_PALETTE)),
    chunk('PLTE', plte),
  ];
  if (trns.length > 0) before.push(chunk('tRNS', trns));
  // Filters work on whole bytes: for packed depths the "pixel" a filter looks back to is a byte.
  return { before, rows, bytesPerPixel: 1, trials };
}

/** Packs the remapped indices into scanlines, most significant bits first, rows byte-aligned. */
function packIndexRows(image: IndexedImage, remap: Uint16Array, bitDepth: number): Scanlines {
  const { width, height, indices } = image;
  const rowBytes = Math.ceil((width * bitDepth) / 8);
  const data = new Uint8Array(rowBytes * height);
  const perByte = 8 / bitDepth;
  for (let y = 0; y < height; y++) {
    const rowStart = y * rowBytes;
    const pixelStart = y * width;
    if (bitDepth === 8) {
      for (let x = 0; x < width; x++) data[rowStart + x] = remap[indices[pixelStart + x]!]!;
      continue;
    }
    for (let x = 0; x < width; x++) {
      const shift = 8 - bitDepth * ((x % perByte) + 1);
      data[rowStart + Math.floor(x / perByte)]! |= remap[indices[pixelStart + x]!]! << shift;
    }
  }
  return { data, rowBytes, height };
}

// ---------------------------------------------------------------------------------------------
// Colour types 2 and 6: truecolour

function pendingTruecolourImage(
  image: IndexedImage,
  trials: readonly CompressionTrial[],
): PendingPng {
  const { width, height, palette, channels, indices, paletteSize } = image;
  const withAlpha = channels === 4 && hasTranslucentEntry(palette, paletteSize);
  const outChannels = withAlpha ? 4 : 3;
  const data = new Uint8Array(width * height * outChannels);
  for (let p = 0; p < indices.length; p++) {
    const entry = indices[p]! * channels;
    for (let c = 0; c < outChannels; c++) data[p * outChannels + c] = palette[entry + c]!;
  }
  const colourType = withAlpha ? COLOUR_TYPE_RGBA : COLOUR_TYPE_RGB;
  const rows: Scanlines = { data, rowBytes: width * outChannels, height };
  return {
    before: [chunk('IHDR', headerData(width, height, 8, colourType))],
    rows,
    bytesPerPixel: outChannels,
    trials,
  };
}

function hasTranslucentEntry(palette: Uint8Array, paletteSize: number): boolean {
  for (let entry = 0; entry < paletteSize; entry++) if (palette[entry * 4 + 3] !== 255) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Filtering and compression

export interface Scanlines {
  /** Unfiltered rows, `rowBytes` each, no filter-type bytes. */
  data: Uint8Array;
  rowBytes: number;
  height: number;
}

/** One trial's stream to be: its filtered bytes, and the deflate blocks they are cut into. */
interface TrialStream {
  filtered: Uint8Array;
  blocks: DeflateBlock[];
}

/** The streams of the trials, the rows filtered once per filter. */
function trialStreams(
  rows: Scanlines,
  bytesPerPixel: number,
  trials: readonly CompressionTrial[],
): TrialStream[] {
  const filteredBy = new Map<FilterChoice, Uint8Array>();
  return trials.map((trial) => {
    let filtered = filteredBy.get(trial.filter);
    if (!filtered) {
      filtered = filterScanlines(rows, bytesPerPixel, trial.filter);
      filteredBy.set(trial.filter, filtered);
    }
    return { filtered, blocks: deflateBlocks(filtered, trial) };
  });
}

/** The middle block of a stream long enough to choose its trial by a sample, or -1. */
function sampleBlockIndex({ rows }: PendingPng): number {
  const blocks = blockCount((rows.rowBytes + 1) * rows.height);
  return blocks > SAMPLE_ABOVE_BLOCKS ? Math.floor(blocks / 2) : -1;
}

/**
 * Block `index` of the trial's stream, exactly as `deflateBlocks` cuts it, from only the rows it
 * and its dictionary hold: filtering a row needs nothing but that row and the one above it.
 */
function sampleBlock(pending: PendingPng, trial: CompressionTrial, index: number): DeflateBlock {
  const { rows, bytesPerPixel } = pending;
  const stride = rows.rowBytes + 1;
  const length = stride * rows.height;
  const { from, start, end } = blockBounds(index, length);
  const firstRow = Math.floor(from / stride);
  const rowCount = Math.ceil(end / stride) - firstRow;
  const part = filterScanlines(rows, bytesPerPixel, trial.filter, firstRow, rowCount);
  const at = (offset: number) => offset - firstRow * stride;
  return deflateBlock(
    part.subarray(at(start), at(end)),
    part.subarray(at(from), at(start)),
    trial,
    end === length,
  );
}

/**
 * Streams are deflated in blocks of this many input bytes, pigz's default: each block is primed
 * with the 32 KiB before it as its dictionary, so matches still reach back a whole window, and
 * ends on a byte boundary (a sync flush), so the raw blocks join into one stream. The blocks can
 * then be compressed at the same time, which pays on photos of any size: the 48 PNGs of 12 photos
 * (8 from CQ100, 4 shared ones) at 16, 64, 256 and 1024 colours, every trial deflated whole,
 * took 2.8–3.1 s to encode on 2 cores in 128 KiB blocks against 4.1–4.3 s in blocks of 1 MiB
 * (3.0–3.1 s in 256 KiB, 2.8–2.9 s in 64 KiB), for 0.04 % more bytes (0.015 %, 0.09 %). A stream
 * of one block is exactly zlib's.
 * The size is fixed, whatever the cores, so that the bytes are the same on every machine.
 */
export const DEFLATE_BLOCK_BYTES = 1 << 17;
/** Deflate's window: the most a match reaches back. */
const WINDOW_BYTES = 1 << 15;

interface DeflateBlock {
  input: Uint8Array;
  options: ZlibOptions;
}

function deflateBlocks(filtered: Uint8Array, trial: CompressionTrial): DeflateBlock[] {
  const { length } = filtered;
  return Array.from({ length: blockCount(length) }, (_, index) => {
    const { from, start, end } = blockBounds(index, length);
    return deflateBlock(
      filtered.subarray(start, end),
      filtered.subarray(from, start),
      trial,
      end === length,
    );
  });
}

/** Blocks in a stream of `length` filtered bytes: at least one, even for an empty stream. */
function blockCount(length: number): number {
  return Math.max(1, Math.ceil(length / DEFLATE_BLOCK_BYTES));
}

/** Where block `index` of a stream starts and ends, and where its dictionary starts. */
function blockBounds(index: number, length: number): { from: number; start: number; end: number } {
  const start = index * DEFLATE_BLOCK_BYTES;
  return {
    from: Math.max(0, start - WINDOW_BYTES),
    start,
    end: Math.min(length, start + DEFLATE_BLOCK_BYTES),
  };
}

/** A block of the stream: its bytes, primed with the bytes before it (none for the first). */
function deflateBlock(
  input: Uint8Array,
  dictionary: Uint8Array,
  trial: CompressionTrial,
  last: boolean,
): DeflateBlock {
  const options: ZlibOptions = {
    level: 9,
    memLevel: trial.memLevel,
    strategy: trial.strategy,
    windowBits: 15,
    finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
  };
  if (dictionary.length > 0) options.dictionary = dictionary;
  return { input, options };
}

function deflateBlockNow(block: DeflateBlock): Uint8Array {
  return deflateRawSync(block.input, block.options);
}

const deflateRawOnPool = promisify(deflateRaw);

function deflateBlockLater(block: DeflateBlock): Promise<Uint8Array> {
  return deflateRawOnPool(block.input, block.options);
}

/**
 * A zlib stream (RFC 1950) around raw deflate blocks: the header zlib writes at level 9 with a
 * 32 KiB window (method 8, window 2^15, level flag 3, check bits), and the Adler-32 of the input.
 */
function zlibStream(blocks: Uint8Array[], checksum: number): Uint8Array {
  const length = blocks.reduce((total, block) => total + block.length, 0);
  const out = new Uint8Array(2 + length + 4);
  out[0] = 0x78;
  out[1] = 0xda;
  let offset = 2;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  new DataView(out.buffer).setUint32(offset, checksum);
  return out;
}

/** Bytes summed before the sums are reduced: the most that keeps them under 2^32 (zlib's NMAX). */
const ADLER_RUN = 5552;
const ADLER_BASE = 65521;

/** Adler-32 (RFC 1950 §8.2), the zlib stream's checksum of the uncompressed bytes. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += ADLER_RUN) {
    const end = Math.min(bytes.length, start + ADLER_RUN);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= ADLER_BASE;
    b %= ADLER_BASE;
  }
  return ((b << 16) | a) >>> 0;
}

const FILTER_NONE = 0;
const FILTER_SUB = 1;
const FILTER_UP = 2;
const FILTER_AVERAGE = 3;
const FILTER_PAETH = 4;

/**
 * Prefixes every row with its filter type and filters it (PNG spec §9); or only `rowCount` rows
 * from `firstRow` on, as they are in the whole.
 */
export function filterScanlines(
  rows: Scanlines,
  bytesPerPixel: number,
  choice: FilterChoice,
  firstRow = 0,
  rowCount = rows.height - firstRow,
): Uint8Array {
  const { data, rowBytes } = rows;
  const out = new Uint8Array((rowBytes + 1) * rowCount);
  const zeroRow = new Uint8Array(rowBytes);
  const candidates = Array.from({ length: 5 }, () => new Uint8Array(rowBytes));
  for (let y = firstRow; y < firstRow + rowCount; y++) {
    const row = data.subarray(y * rowBytes, (y + 1) * rowBytes);
    const above = y === 0 ? zeroRow : data.subarray((y - 1) * rowBytes, y * rowBytes);
    const target = (y - firstRow) * (rowBytes + 1);
    if (choice === 'none') {
      out[target] = FILTER_NONE;
      out.set(row, target + 1);
      continue;
    }
    let bestType = FILTER_NONE;
    let bestCost = Infinity;
    for (let type = FILTER_NONE; type <= FILTER_PAETH; type++) {
      applyFilter(type, row, above, bytesPerPixel, candidates[type]!);
      const cost = signedSum(candidates[type]!, bestCost);
      if (cost < bestCost) {
        bestCost = cost;
        bestType = type;
      }
    }
    out[target] = bestType;
    out.set(candidates[bestType]!, target + 1);
  }
  return out;
}

function applyFilter(
  type: number,
  row: Uint8Array,
  above: Uint8Array,
  bpp: number,
  out: Uint8Array,
): void {
  const length = row.length;
  switch (type) {
    case FILTER_NONE:
      out.set(row);
      return;
    case FILTER_SUB:
      for (let i = 0; i < length; i++) out[i] = row[i]! - (i >= bpp ? row[i - bpp]! : 0);
      return;
    case FILTER_UP:
      for (let i = 0; i < length; i++) out[i] = row[i]! - above[i]!;
      return;
    case FILTER_AVERAGE:
      for (let i = 0; i < length; i++) {
        const left = i >= bpp ? row[i - bpp]! : 0;
        out[i] = row[i]! - ((left + above[i]!) >> 1);
      }
      return;
    default:
      for (let i = 0; i < length; i++) {
        const left = i >= bpp ? row[i - bpp]! : 0;
        const upperLeft = i >= bpp ? above[i - bpp]! : 0;
        out[i] = row[i]! - paethPredictor(left, above[i]!, upperLeft);
      }
  }
}

function paethPredictor(left: number, up: number, upperLeft: number): number {
  const estimate = left + up - upperLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpperLeft = Math.abs(estimate - upperLeft);
  if (toLeft <= toUp && toLeft <= toUpperLeft) return left;
  return toUp <= toUpperLeft ? up : upperLeft;
}

/** The spec's heuristic: bytes read as signed, magnitudes summed; stops once past `limit`. */
function signedSum(bytes: Uint8Array, limit: number): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) {
    const value = bytes[i]!;
    sum += value < 128 ? value : 256 - value;
    if (sum >= limit) return sum;
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Chunks

const COLOUR_TYPE_RGB = 2;
const COLOUR_TYPE_PALETTE = 3;
const COLOUR_TYPE_RGBA = 6;
/** IDAT data is split so that no chunk gets near the 2^31 − 1 byte limit. */
const IDAT_CHUNK_BYTES = 1 << 24;

function headerData(width: number, height: number, bitDepth: number, colourType: number) {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data[8] = bitDepth;
  data[9] = colourType;
  // compression method 0 (deflate), filter method 0 (adaptive), interlace method 0 (none)
  return data;
}

function idatChunks(stream: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < stream.length || start === 0; start += IDAT_CHUNK_BYTES) {
    chunks.push(chunk('IDAT', stream.subarray(start, start + IDAT_CHUNK_BYTES)));
  }
  return chunks;
}

/** length, type, data, CRC-32 of type and data (PNG spec §5.3). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concatenate(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
