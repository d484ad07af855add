/**
 * Stage 4b of the pipeline: Floyd–Steinberg error diffusion (R. W. Floyd and L. Steinberg, 1976),
 * with a serpentine scan (rows alternate direction, which avoids the diagonal "worms" of a
 * one-way scan). Each pixel takes the palette entry nearest to its colour plus the error carried
 * from its neighbours, and passes on its own error × `strength`: 7/16 ahead, 3/16, 5/16 and 1/16
 * to the row below. The error is carried in sRGB (the values written); "nearest" is measured in
 * the clustering's colour space.
 *
 * Fully transparent pixels keep the transparent entry and neither take nor pass on error: their
 * colour is invisible, and a transparent hole must stay a hole. Conversely, carried error never
 * turns a visible pixel into the fully transparent entry (a hole punched into the image).
 */
import { toSpace } from '../colour/colour-space';
import { CentreTree } from './centre-tree';
import type { ColourHistogram } from './histogram';
import type { ColourSpace } from './options';

export interface DitherInput {
  width: number;
  height: number;
  histogram: ColourHistogram;
  /** The ordered palette, `size * channels` 8-bit values. */
  palette: Uint8Array;
  size: number;
  /** Undithered palette index of every pixel: the starting guess of each search. */
  plain: Uint16Array;
  space: ColourSpace;
  /** 0 (no diffusion: the undithered result) to 1 (full Floyd–Steinberg). */
  strength: number;
}

export interface DitherResult {
  indices: Uint16Array;
  /** Sum over pixels and channels of the squared error of the written values. */
  squaredError: number;
}

/** Rows between two yields: a few milliseconds of work. */
const ROWS_PER_YIELD = 64;

export function* ditherSteps(input: DitherInput): Generator<number, DitherResult> {
  const { width, height, histogram, palette, size, plain, space, strength } = input;
  const { channels, colours, pixelToColour } = histogram;
  // The entries a visible pixel may take: all but a fully transparent one.
  const visible: number[] = [];
  for (let e = 0; e < size; e++) if (channels === 3 || palette[e * 4 + 3] > 0) visible.push(e);
  const visibleWork = toSpace(
    Float64Array.from(
      visible.flatMap((e) => Array.from(palette.subarray(e * channels, (e + 1) * channels))),
    ),
    channels,
    space,
  );
  const positionInVisible = new Int32Array(size).fill(-1);
  visible.forEach((e, v) => (positionInVisible[e] = v));
  const tree = new CentreTree(channels, Math.max(1, visible.length));
  tree.build(visibleWork, visible.length);
  const indices = new Uint16Array(width * height);
  // Error carried into the current row and the next, with a pixel of margin on each side.
  let current = new Float64Array((width + 2) * channels);
  let below = new Float64Array((width + 2) * channels);
  const value = new Float64Array(channels);
  const valueWork = new Float64Array(channels);
  let squaredError = 0;

  for (let y = 0; y < height; y++) {
    const leftToRight = y % 2 === 0;
    const step = leftToRight ? 1 : -1;
    for (let n = 0; n < width; n++) {
      const x = leftToRight ? n : width - 1 - n;
      const p = y * width + x;
      const colour = pixelToColour[p];
      const carried = (x + 1) * channels;
      if (channels === 4 && colours[colour * 4 + 3] === 0) {
        indices[p] = plain[p]; // transparent: the transparent entry, no error in or out
        continue;
      }
      let moved = false;
      for (let c = 0; c < channels; c++) {
        const v = colours[colour * channels + c] + current[carried + c];
        value[c] = v < 0 ? 0 : v > 255 ? 255 : v;
        if (value[c] !== colours[colour * channels + c]) moved = true;
      }
      let entry = plain[p];
      if (moved && visible.length > 0) {
        toSpace(value, channels, space, valueWork);
        entry = visible[tree.nearest(valueWork, 0, positionInVisible[entry], visibleWork)];
      }
      indices[p] = entry;
      for (let c = 0; c < channels; c++) {
        const written = palette[entry * channels + c];
        const original = colours[colour * channels + c];
        squaredError += (original - written) * (original - written);
        const error = (value[c] - written) * strength;
        if (error === 0) continue;
        current[carried + step * channels + c] += (error * 7) / 16;
        below[carried - step * channels + c] += (error * 3) / 16;
        below[carried + c] += (error * 5) / 16;
        below[carried + step * channels + c] += error / 16;
      }
    }
    const swap = current;
    current = below;
    below = swap;
    below.fill(0);
    if ((y + 1) % ROWS_PER_YIELD === 0) yield (y + 1) / height;
  }
  return { indices, squaredError };
}
