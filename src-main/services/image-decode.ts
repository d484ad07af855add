/**
 * Decoding images with sharp: the only place that turns a file into pixels. It auto-orients from
 * EXIF, converts to sRGB, keeps alpha only when some pixel is not opaque, and turns every libvips
 * complaint into an error that names the file and the reason.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import type { RawImage } from '../../src-core/quantize/quantize';
import { UserFacingError, firstLine } from './errors';

/** Images with more pixels are refused before decoding (decompression bombs). */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export interface DecodedImage extends RawImage {
  /** The container format sharp found (jpeg, png, webp...). */
  format: string;
  /** Size of the file in bytes. */
  fileBytes: number;
  /** True when some pixel is not fully opaque. */
  hasAlpha: boolean;
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
    const source = sharp(path, { failOn: 'truncated', limitInputPixels: maxPixels });
    const metadata = await source.metadata();
    const { data, info } = await source
      .rotate()
      .toColourspace('srgb')
      .raw()
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
    };
  } catch (error) {
    throw describeDecodeError(name, error);
  }
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
    return new UserFacingError('too-large', `Cannot open ${name}: the image has too many pixels.`);
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
