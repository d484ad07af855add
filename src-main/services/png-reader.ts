/**
 * A reader for the plain PNGs that need nothing of libvips: 8-bit RGB or RGBA, or palette images
 * of 1 to 8 bits, not interlaced, with no colour profile, no EXIF orientation and no animation.
 * Their pixels are the stored bytes, so this gives exactly what sharp gives for them; opening one
 * this way spares loading sharp (about 40 ms of a command-line run, as much as decoding).
 *
 * Anything else, and anything irregular (a bad checksum, a short or overlong stream, an unknown
 * filter, an index past the palette), is not read here: `readPlainPng` returns null and the
 * caller hands the file to sharp, which decodes it or names what is wrong, as it always did.
 */
import { crc32, inflateSync } from 'node:zlib';
import { PNG_SIGNATURE } from './png-writer';

const RGB = 2;
const PALETTE = 3;
const RGBA = 6;

/**
 * Ancillary chunks that leave the pixels as stored (libvips ignores gamma and chromaticities;
 * `sRGB` says they are sRGB already). Any other chunk sends the file to sharp: `iCCP` (a profile
 * to convert from), `eXIf` (an orientation), `acTL` (an animation), and those not known here.
 */
const HARMLESS = new Set([
  'tEXt',
  'zTXt',
  'iTXt',
  'pHYs',
  'tIME',
  'bKGD',
  'sRGB',
  'gAMA',
  'cHRM',
  'sBIT',
  'hIST',
  'sPLT',
]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

export interface PlainPng extends PngHeader {
  /** The pixels, `channels` bytes each: RGB for RGB and opaque palettes, else RGBA. */
  data: Uint8Array;
  channels: 3 | 4;
}

/**
 * The pixels of a plain PNG, or null when the file is not one (see the module comment).
 * `checkSize` sees the header's size before anything is inflated, and may throw to refuse it.
 */
export function readPlainPng(
  bytes: Uint8Array,
  checkSize: (width: number, height: number) => void = () => {},
): PlainPng | null {
  const chunks = readChunks(bytes);
  if (!chunks) return null;
  const header = plainHeader(chunks);
  if (!header) return null;
  const palette = paletteOf(chunks, header);
  if (header.colourType === PALETTE && !palette) return null;
  checkSize(header.width, header.height);
  const rows = inflateRows(chunks, header);
  if (!rows) return null;
  const samples = unfilter(rows, header);
  if (!samples) return null;
  if (!palette) return { ...header, data: samples, channels: header.colourType === RGBA ? 4 : 3 };
  const pixels = expandPalette(samples, header, palette);
  return pixels && { ...header, ...pixels };
}

/** The chunks before IEND, if every checksum is right and the file is whole; else null. */
function readChunks(bytes: Uint8Array): PngChunk[] | null {
  let chunks: PngChunk[];
  try {
    chunks = readPngChunks(bytes);
  } catch {
    return null; // not a PNG, or cut short
  }
  const end = chunks.findIndex((chunk) => chunk.type === 'IEND');
  if (end < 0 || chunks.some((chunk) => !chunk.crcValid)) return null;
  return chunks.slice(0, end);
}

/** The header, if the chunks are those of a plain PNG. */
function plainHeader(chunks: PngChunk[]): PngHeader | null {
  const first = chunks[0];
  if (!first || first.type !== 'IHDR' || first.data.length !== 13) return null;
  const ihdr = new DataView(first.data.buffer, first.data.byteOffset, 13);
  const header = {
    width: ihdr.getUint32(0),
    height: ihdr.getUint32(4),
    bitDepth: first.data[8]!,
    colourType: first.data[9]!,
  };
  const [compression, filtering, interlace] = first.data.subarray(10, 13);
  if (compression !== 0 || filtering !== 0 || interlace !== 0) return null;
  if (header.width === 0 || header.height === 0) return null;
  const plainSamples =
    header.colourType === PALETTE
      ? [1, 2, 4, 8].includes(header.bitDepth)
      : (header.colourType === RGB || header.colourType === RGBA) && header.bitDepth === 8;
  if (!plainSamples) return null;
  const known = chunks.slice(1).every(({ type }) => isPlainChunk(type, header.colourType));
  return known && idatRunIsWhole(chunks) ? header : null;
}

function isPlainChunk(type: string, colourType: number): boolean {
  if (type === 'IDAT' || HARMLESS.has(type)) return true;
  // A colour key on an RGB image would add an alpha channel: sharp's work.
  return colourType === PALETTE && (type === 'PLTE' || type === 'tRNS');
}

/** The IDAT chunks follow one another, as the format requires. */
function idatRunIsWhole(chunks: PngChunk[]): boolean {
  const types = chunks.map((chunk) => (chunk.type === 'IDAT' ? 'I' : '-')).join('');
  return /^-*I+-*$/.test(types);
}

interface Palette {
  /** RGBA per entry; entries without a tRNS value are opaque. */
  rgba: Uint8Array;
  size: number;
  opaque: boolean;
}

function paletteOf(chunks: PngChunk[], header: PngHeader): Palette | null {
  if (header.colourType !== PALETTE) return null;
  const plte = chunks.find((chunk) => chunk.type === 'PLTE')?.data;
  const size = plte ? plte.length / 3 : 0;
  if (!plte || !Number.isInteger(size) || size < 1 || size > 1 << header.bitDepth) return null;
  const alpha = chunks.find((chunk) => chunk.type === 'tRNS')?.data ?? new Uint8Array(0);
  if (alpha.length > size) return null;
  const rgba = new Uint8Array(size * 4).fill(255);
  for (let e = 0; e < size; e++) rgba.set(plte.subarray(e * 3, e * 3 + 3), e * 4);
  for (let e = 0; e < alpha.length; e++) rgba[e * 4 + 3] = alpha[e]!;
  return { rgba, size, opaque: alpha.every((value) => value === 255) };
}

/** Bytes per row (without its filter byte), and the filter's step: bytes per whole pixel. */
function rowLayout(header: PngHeader): { rowBytes: number; step: number } {
  const samplesPerPixel = header.colourType === RGBA ? 4 : header.colourType === RGB ? 3 : 1;
  const bits = samplesPerPixel * header.bitDepth;
  return { rowBytes: Math.ceil((header.width * bits) / 8), step: Math.max(1, bits >> 3) };
}

/** The inflated stream, if it holds exactly the rows the header announces. */
function inflateRows(chunks: PngChunk[], header: PngHeader): Uint8Array | null {
  const { rowBytes } = rowLayout(header);
  const expected = (rowBytes + 1) * header.height;
  const stream = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  try {
    // One byte of room to tell an overlong stream from an exact one.
    const rows = inflateSync(stream, { maxOutputLength: expected + 1 });
    return rows.length === expected ? rows : null;
  } catch {
    return null; // truncated or damaged: sharp names the fault
  }
}

/**
 * Undoes the row filters in place order (PNG spec, section 9): returns the samples, or null for
 * an unknown filter. A loop per filter type, so each stays a small loop the JIT optimises early.
 */
function unfilter(rows: Uint8Array, header: PngHeader): Uint8Array | null {
  const { rowBytes, step } = rowLayout(header);
  const out = new Uint8Array(rowBytes * header.height);
  const zeros = new Uint8Array(rowBytes);
  for (let y = 0; y < header.height; y++) {
    const filter = rows[y * (rowBytes + 1)];
    const line = rows.subarray(y * (rowBytes + 1) + 1, (y + 1) * (rowBytes + 1));
    const row = out.subarray(y * rowBytes, (y + 1) * rowBytes);
    const above = y > 0 ? out.subarray((y - 1) * rowBytes, y * rowBytes) : zeros;
    if (filter === 0) row.set(line);
    else if (filter === 1) unfilterSub(line, row, step);
    else if (filter === 2) unfilterUp(line, row, above);
    else if (filter === 3) unfilterAverage(line, row, above, step);
    else if (filter === 4) unfilterPaeth(line, row, above, step);
    else return null;
  }
  return out;
}

function unfilterSub(line: Uint8Array, row: Uint8Array, step: number): void {
  for (let x = 0; x < step; x++) row[x] = line[x]!;
  for (let x = step; x < row.length; x++) row[x] = line[x]! + row[x - step]!;
}

function unfilterUp(line: Uint8Array, row: Uint8Array, above: Uint8Array): void {
  for (let x = 0; x < row.length; x++) row[x] = line[x]! + above[x]!;
}

function unfilterAverage(line: Uint8Array, row: Uint8Array, above: Uint8Array, step: number): void {
  for (let x = 0; x < step; x++) row[x] = line[x]! + (above[x]! >> 1);
  for (let x = step; x < row.length; x++) row[x] = line[x]! + ((row[x - step]! + above[x]!) >> 1);
}

function unfilterPaeth(line: Uint8Array, row: Uint8Array, above: Uint8Array, step: number): void {
  // With no left neighbour, Paeth's predictor is the byte above.
  for (let x = 0; x < step; x++) row[x] = line[x]! + above[x]!;
  for (let x = step; x < row.length; x++) {
    const a = row[x - step]!;
    const b = above[x]!;
    const c = above[x - step]!;
    const pa = Math.abs(b - c);
    const pb = Math.abs(a - c);
    const pc = Math.abs(a + b - 2 * c);
    row[x] = line[x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
  }
}

/** Palette indices (packed high bits first) to RGB, or RGBA when some entry is translucent. */
function expandPalette(
  samples: Uint8Array,
  header: PngHeader,
  palette: Palette,
): { data: Uint8Array; channels: 3 | 4 } | null {
  const { width, height, bitDepth } = header;
  const { rowBytes } = rowLayout(header);
  const channels = palette.opaque ? 3 : 4;
  const data = new Uint8Array(width * height * channels);
  const perByte = 8 / bitDepth;
  const mask = (1 << bitDepth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = samples[y * rowBytes + Math.floor(x / perByte)]!;
      const shift = 8 - bitDepth * ((x % perByte) + 1);
      const entry = (byte >> shift) & mask;
      if (entry >= palette.size) return null;
      const p = (y * width + x) * channels;
      for (let d = 0; d < channels; d++) data[p + d] = palette.rgba[entry * 4 + d]!;
    }
  }
  return { data, channels };
}

// ---------------------------------------------------------------------------------------------
// Chunks, as stored (also for the tests and tools that look into PNGs)

export interface PngChunk {
  type: string;
  data: Uint8Array;
  /** The CRC stored in the file. */
  crc: number;
  /** Whether the stored CRC matches the chunk's type and data. */
  crcValid: boolean;
}

/** Splits a PNG into its chunks; throws on a missing signature or a chunk that overruns the file. */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (png[i] !== PNG_SIGNATURE[i]) throw new Error('not a PNG: bad signature');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw new Error(`truncated chunk header at byte ${offset}`);
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new Error(`chunk at byte ${offset} overruns the file`);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const crc = view.getUint32(offset + 8 + length);
    chunks.push({
      type,
      data: png.subarray(offset + 8, offset + 8 + length),
      crc,
      crcValid: crc32(png.subarray(offset + 4, offset + 8 + length)) === crc,
    });
    offset = end;
  }
  return chunks;
}
