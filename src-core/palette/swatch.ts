/**
 * The PNG swatch strip: the palette as a row of squares (wrapping onto more rows for large
 * palettes), as pixels; the host encodes them as PNG.
 */
import type { RawImage } from '../quantize/quantize';
import type { Palette } from './palette';

export interface SwatchLayout {
  /** Side of one square, pixels. Default 32. */
  size?: number;
  /** Squares per row. Default: all on one row up to 32, then rows of 32. */
  perRow?: number;
}

export function swatchStrip(palette: Palette, layout: SwatchLayout = {}): RawImage {
  const size = layout.size ?? 32;
  const count = Math.max(1, palette.entries.length);
  const perRow = layout.perRow ?? Math.min(count, 32);
  const rows = Math.ceil(count / perRow);
  const width = perRow * size;
  const height = rows * size;
  const data = new Uint8Array(width * height * 4);
  palette.entries.forEach((entry, i) => {
    const left = (i % perRow) * size;
    const top = Math.floor(i / perRow) * size;
    for (let y = top; y < top + size; y++) {
      for (let x = left; x < left + size; x++)
        data.set([entry.r, entry.g, entry.b, entry.a], (y * width + x) * 4);
    }
  });
  return { data, width, height, channels: 4 };
}
