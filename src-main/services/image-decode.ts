/**
 * Decoding images: the only place that turns a file into pixels. It auto-orients from EXIF,
 * converts to 8-bit sRGB (through the embedded ICC profile; CMYK and greyscale too), keeps alpha
 * only when some pixel is not opaque, takes the first frame of an animation, refuses images over
 * the pixel limit from their header before decoding, and turns every libvips complaint into an
 * error that names the file and the reason.
 *
 * sharp does all of that. Plain PNGs, whose stored bytes are already the answer, are read by
 * `png-reader.ts` instead, with the same pixels, and sharp is loaded only when a file needs it.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Metadata, Sharp } from 'sharp';
import type { RawImage } from '../../src-core/quantize/quantize';
import { UserFacingError, firstLine } from './errors';
import { readPlainPng } from './png-reader';
import { PNG_SIGNATURE } from './png-writer';
import { loadSharp } from './sharp-loader';

import { DEFAULT_MAX_PIXELS } from './limits';

export { DEFAULT_MAX_PIXELS };

export interface DecodedImage extends RawImage {
  /** The container format sharp found (jpeg, png, webp...). */
  format: string;
  /** Size of the file in bytes. */
  fileBytes: number;
  /** True when some pixel is not fully opaque. */
  hasAlpha: boolean;
  /** What decoding changed that a person may want to know ("16-bit channels reduced to 8 bits"). */
  notes: string[];
}

export interface DecodeOptions {
  /** Name to use in error messages. Default: the file's own name. */
  displayName?: string;
  /** Largest accepted width × height. Default DEFAULT_MAX_PIXELS. */
  maxPixels?: number;
}

export async function decodeImage(
  path: string,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const name = options.displayName ?? basename(path);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const fileBytes = await fileSize(path, name);
  try {
    const head = await readHead(path);
    if (startsLikePng(head)) {
      const plain = await readPlainPngFile(path, name, maxPixels, fileBytes);
      if (plain) return plain;
    }
    const sharp = await loadSharp();
    // SVG is read from memory: with no base location, librsvg cannot resolve external references.
    const input = looksLikeSvg(head) ? await readFile(path) : path;
    // The header alone gives the size: refuse a decompression bomb before any pixel is decoded.
    const metadata = await sharp(input, { limitInputPixels: false }).metadata();
    refuseOverLimit(name, metadata.width, metadata.height, maxPixels);
    const source = sharp(input, { failOn: 'truncated', limitInputPixels: maxPixels, pages: 1 });
    const { data, info } = await source
      .rotate()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const pixels = toRgbOrRgba(
      new Uint8Array(data.buffer, data.byteOffset, data.length),
      info.channels,
    );
    return {
      ...pixels,
      width: info.width,
      height: info.height,
      format: metadata.format ?? 'unknown',
      fileBytes,
      hasAlpha: pixels.channels === 4,
      notes: conversionNotes(metadata),
    };
  } catch (error) {
    throw error instanceof UserFacingError ? error : describeDecodeError(name, error);
  }
}

/**
 * The pixels of an image file or buffer with exactly `channels` channels, oriented and in sRGB as
 * `decodeImage` gives them, without its limits and notes: for the tests and the benchmark, which
 * compare written files with their sources and need a fixed channel count.
 */
export async function decodeToChannels(
  input: string | Uint8Array,
  channels: 3 | 4,
): Promise<RawImage> {
  const sharp = await loadSharp();
  return rawPixels(sharp(input).rotate().toColourspace('srgb'), channels);
}

/**
 * A plain PNG read without sharp (`png-reader.ts`), as `decodeImage` gives it; null when the file
 * needs sharp. Its header's size is checked against the limit before anything is inflated.
 */
async function readPlainPngFile(
  path: string,
  name: string,
  maxPixels: number,
  fileBytes: number,
): Promise<DecodedImage | null> {
  const bytes = await readFile(path);
  const png = readPlainPng(bytes, (width, height) =>
    refuseOverLimit(name, width, height, maxPixels),
  );
  if (!png) return null;
  const pixels = toRgbOrRgba(png.data, png.channels);
  return {
    ...pixels,
    width: png.width,
    height: png.height,
    format: 'png',
    fileBytes,
    hasAlpha: pixels.channels === 4,
    notes: [],
  };
}

/** The 8-bit pixels a sharp pipeline gives, with exactly `channels` channels. */
export async function rawPixels(image: Sharp, channels: 3 | 4): Promise<RawImage> {
  const { data, info } = await (channels === 4 ? image.ensureAlpha() : image.removeAlpha())
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels,
  };
}

/** The header's size, checked before any pixel is decoded (decompression bombs). */
function refuseOverLimit(
  name: string,
  width: number | undefined,
  height: number | undefined,
  maxPixels: number,
): void {
  if (!width || !height) return;
  if (width * height <= maxPixels) return;
  throw new UserFacingError(
    'too-large',
    `Cannot open ${name}: ${width} × ${height} is ${pixelCount(width * height)}, over the limit of ${pixelCount(maxPixels)}.`,
  );
}

/** "400 megapixels", "2.5 megapixels", "20,000 pixels" */
function pixelCount(pixels: number): string {
  if (pixels < 1e6) return `${pixels.toLocaleString('en')} pixels`;
  const megapixels = pixels / 1e6;
  return `${Number.isInteger(megapixels) || megapixels >= 10 ? Math.round(megapixels) : megapixels.toFixed(1)} megapixels`;
}

function conversionNotes(metadata: Metadata): string[] {
  const notes: string[] = [];
  if ((metadata.pages ?? 1) > 1) {
    notes.push(
      `Animated or multi-page ${metadata.format?.toUpperCase()}: only the first of ${metadata.pages} frames is used.`,
    );
  }
  if (metadata.space === 'cmyk') notes.push('CMYK converted to sRGB.');
  else if (metadata.space === 'b-w' || metadata.space === 'grey16')
    notes.push('Greyscale converted to sRGB.');
  else if (metadata.icc && !isSrgbProfile(metadata.icc)) {
    notes.push(`Embedded colour profile${profileName(metadata.icc)} converted to sRGB.`);
  }
  if (['ushort', 'short', 'uint', 'int', 'float', 'double'].includes(metadata.depth ?? 'uchar')) {
    notes.push('High bit depth reduced to 8 bits per channel.');
  }
  if (metadata.format === 'svg')
    notes.push('SVG rasterised at its own size; external references ignored.');
  return notes;
}

/** The profile's description: the ASCII text of its 'desc' tag (ICC v2), when there is one. */
function profileDescription(icc: Buffer): string | null {
  const text = icc.toString('latin1');
  const match = /desc\0{4}.{4}([\x20-\x7e]{2,64})\0/s.exec(text);
  return match ? match[1]! : null;
}

/** An sRGB profile changes nothing worth a note. */
function isSrgbProfile(icc: Buffer): boolean {
  return /sRGB/i.test(profileDescription(icc) ?? '');
}

function profileName(icc: Buffer): string {
  const name = profileDescription(icc);
  return name ? ` (${name})` : '';
}

/** The first bytes of the file, to tell what it is (whatever its name says). */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** True when the file starts like SVG/XML text. */
function looksLikeSvg(head: Buffer): boolean {
  const text = head.toString('utf8').trimStart().toLowerCase();
  return text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'));
}

function startsLikePng(head: Buffer): boolean {
  return head.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

async function fileSize(path: string, name: string): Promise<number> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UserFacingError(
      'not-found',
      `Cannot open ${name}: the file does not exist or cannot be read.`,
    );
  }
  if (size === 0)
    throw new UserFacingError('empty-file', `Cannot open ${name}: the file is empty (0 bytes).`);
  return size;
}

/** sharp gives 3 or 4 channels after toColourspace('srgb'); opaque alpha is dropped. */
function toRgbOrRgba(data: Uint8Array, channels: number): { data: Uint8Array; channels: 3 | 4 } {
  if (channels === 3) return { data, channels: 3 };
  if (channels !== 4) throw new Error(`unexpected channel count ${channels}`);
  let opaque = true;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) {
      opaque = false;
      break;
    }
  }
  if (!opaque) return { data, channels: 4 };
  const rgb = new Uint8Array((data.length / 4) * 3);
  for (let p = 0, q = 0; p < data.length; p += 4, q += 3) {
    rgb[q] = data[p]!;
    rgb[q + 1] = data[p + 1]!;
    rgb[q + 2] = data[p + 2]!;
  }
  return { data: rgb, channels: 3 };
}

function describeDecodeError(name: string, error: unknown): UserFacingError {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(message)) {
    return new UserFacingError(
      'unsupported-format',
      `Cannot open ${name}: it is not an image format Palettize can read (or not an image at all).`,
    );
  }
  if (/pixel limit/i.test(message)) {
    return new UserFacingError(
      'too-large',
      `Cannot open ${name}: the image has more pixels than the limit.`,
    );
  }
  if (/heif|hevc|unsupported codec/i.test(message)) {
    return new UserFacingError(
      'unsupported-format',
      `Cannot open ${name}: this HEIF/HEIC image uses a codec this build cannot decode (${decoderDetail(message)}).`,
    );
  }
  if (/corrupt|premature|truncat|bogus|invalid|damaged|read error|bad /i.test(message)) {
    return new UserFacingError(
      'corrupt-image',
      `Cannot open ${name}: the file is truncated or corrupt (${decoderDetail(message)}).`,
    );
  }
  return new UserFacingError('corrupt-image', `Cannot open ${name}: ${decoderDetail(message)}.`);
}

/** The decoder's own words, without libvips' prefixes: "premature end of JPEG image". */
function decoderDetail(message: string): string {
  const lines = message
    .split('\n')
    .map((line) =>
      line
        .replace(/^Input (file|buffer) has corrupt header:\s*/i, '')
        .replace(/^\w+:\s*/, '')
        .trim(),
    )
    .filter(Boolean);
  return lines[0] ?? firstLine(message);
}
