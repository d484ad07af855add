/**
 * Stage 5 of the pipeline: writing. A quantized image becomes a PNG through sharp: indexed
 * (palette) for up to 256 colours, truecolour above, at maximum compression.
 */
import sharp from 'sharp';
import type { QuantizeResult, RawImage } from '../../src-core/quantize/quantize';

/** Expands palette indices back to interleaved pixels (what the PNG must decode to). */
export function expandPixels(result: QuantizeResult): Uint8Array {
  const { palette, indices, channels } = result;
  const pixels = new Uint8Array(indices.length * channels);
  for (let p = 0; p < indices.length; p++) {
    const entry = indices[p]! * channels;
    for (let c = 0; c < channels; c++) pixels[p * channels + c] = palette[entry + c]!;
  }
  return pixels;
}

export async function encodeQuantizedPng(
  result: QuantizeResult,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const pixels = expandPixels(result);
  const image = sharp(pixels, { raw: { width, height, channels: result.channels } });
  const png =
    result.paletteSize <= 256
      ? image.png({
          palette: true,
          colours: Math.max(2, result.paletteSize),
          dither: 0,
          quality: 100,
          effort: 10,
          compressionLevel: 9,
        })
      : image.png({ compressionLevel: 9, adaptiveFiltering: true, effort: 10 });
  const buffer = await png.toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** A lossless PNG of decoded pixels (previews, and the lossless baseline of size comparisons). */
export async function encodePlainPng(image: RawImage): Promise<Uint8Array> {
  const { data, width, height, channels } = image;
  const buffer = await sharp(data, { raw: { width, height, channels } })
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}
