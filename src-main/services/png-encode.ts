/**
 * Stage 5 of the pipeline: writing. A quantized image becomes a PNG with our own writer
 * (png-writer.ts); sharp encodes the other PNGs (previews, the lossless baseline, swatches).
 */
import { encodeIndexedPngAsync } from './png-writer';
import { loadSharp } from './sharp-loader';
import type { QuantizeResult, RawImage } from '../../src-core/quantize/quantize';

/**
 * The result as a PNG that decodes to exactly its pixels: indexed at the smallest bit depth up to
 * 256 colours, truecolour above (our own writer: sharp's palette mode would quantize again).
 */
export function encodeQuantizedPng(
  result: QuantizeResult,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const { palette, paletteSize, channels, indices } = result;
  return encodeIndexedPngAsync({ width, height, palette, paletteSize, channels, indices });
}

/** A lossless PNG of decoded pixels (previews, and the lossless baseline of size comparisons). */
export async function encodePlainPng(image: RawImage): Promise<Uint8Array> {
  const { data, width, height, channels } = image;
  const sharp = await loadSharp();
  const buffer = await sharp(data, { raw: { width, height, channels } })
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}
