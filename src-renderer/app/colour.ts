/** Small colour helpers for swatches and plots (palette entries arrive as #rrggbb[aa]). */

import { parseHex } from '../../src-core/palette/palette';

export type Rgb = readonly [number, number, number];

export function rgbOfHex(hex: string): Rgb {
  const entry = parseHex(hex);
  return entry ? [entry.r, entry.g, entry.b] : [0, 0, 0];
}

/** Hue (0..360), saturation and lightness (0..1) of an 8-bit colour. */
export function hslOf([r, g, b]: Rgb): { hue: number; saturation: number; lightness: number } {
  const [red, green, blue] = [r / 255, g / 255, b / 255];
  const max = Math.max(red, green, blue);
  const min = Math.min(red, green, blue);
  const lightness = (max + min) / 2;
  const chroma = max - min;
  if (chroma === 0) return { hue: 0, saturation: 0, lightness };
  const saturation = chroma / (1 - Math.abs(2 * lightness - 1));
  let hue: number;
  if (max === red) hue = ((green - blue) / chroma) % 6;
  else if (max === green) hue = (blue - red) / chroma + 2;
  else hue = (red - green) / chroma + 4;
  return { hue: (hue * 60 + 360) % 360, saturation, lightness };
}

/** Chromatic colours round the hue circle (dark to light within a hue), then greys dark to light. */
export function compareByHue(a: string, b: string): number {
  const first = hslOf(rgbOfHex(a));
  const second = hslOf(rgbOfHex(b));
  const firstGrey = first.saturation < 0.12 ? 1 : 0;
  const secondGrey = second.saturation < 0.12 ? 1 : 0;
  if (firstGrey !== secondGrey) return firstGrey - secondGrey;
  if (!firstGrey) {
    // Hues in 15° bands, so that shades of one hue stay together.
    const band = Math.floor(first.hue / 15) - Math.floor(second.hue / 15);
    if (band !== 0) return band;
  }
  return first.lightness - second.lightness;
}

/** Black or white, whichever reads better on `hex`. */
export function inkFor(hex: string): '#000' | '#fff' {
  const [r, g, b] = rgbOfHex(hex);
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#000' : '#fff';
}
