/**
 * The PNG swatch strip: the palette as a row of squares (wrapping onto more rows for large
 * palettes), as an indexed image (one index per pixel into the palette, plus a transparent filler
 * for the unused squares of the last row); the host encodes it as PNG.
 */
import type { RawImage } from '../quantize/quantize';
import type { Palette } from './palette';

export interface SwatchLayout {
  /** Side of one square, pixels. Default 32. */
  size?: number;
  /** Squares per row. Default: all on one row up to 32, then rows of 32. */
  perRow?: number;
}

export interface IndexedSwatches {
  width: number;
  height: number;
  /** RGBA entries: the palette's, then one transparent filler. */
  palette: Uint8Array;
  paletteSize: number;
  channels: 4;
  indices: Uint16Array;
}

export function swatchIndexed(palette: Palette, layout: SwatchLayout = {}): IndexedSwatches {
  const size = layout.size ?? 32;
  const count = palette.entries.length;
  const perRow = layout.perRow ?? Math.max(1, Math.min(count, 32));
  const rows = Math.max(1, Math.ceil(count / perRow));
  const width = perRow * size;
  const height = rows * size;
  const filler = count; // transparent, after the palette's own entries
  const values = new Uint8Array((count + 1) * 4);
  palette.entries.forEach((entry, i) => values.set([entry.r, entry.g, entry.b, entry.a], i * 4));
  const indices = new Uint16Array(width * height).fill(filler);
  for (let i = 0; i < count; i++) {
    const left = (i % perRow) * size;
    const top = Math.floor(i / perRow) * size;
    for (let y = top; y < top + size; y++)
      indices.fill(i, y * width + left, y * width + left + size);
  }
  return { width, height, palette: values, paletteSize: count + 1, channels: 4, indices };
}

/** The same strip as RGBA pixels. */
export function swatchStrip(palette: Palette, layout: SwatchLayout = {}): RawImage {
  const swatches = swatchIndexed(palette, layout);
  const data = new Uint8Array(swatches.indices.length * 4);
  swatches.indices.forEach((index, p) =>
    data.set(swatches.palette.subarray(index * 4, index * 4 + 4), p * 4),
  );
  return { data, width: swatches.width, height: swatches.height, channels: 4 };
}
