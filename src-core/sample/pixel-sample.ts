/**
 * A seeded random sample of pixel positions, as the colour-compression workflow plots it
 * (10,000 pixels drawn without replacement). The same seed and image size give the same positions,
 * so the sample of a result lines up pixel for pixel with the sample of its original.
 */
import { Random } from '../random/random';

export const DEFAULT_SAMPLE_SIZE = 10_000;
export const DEFAULT_SAMPLE_SEED = 0;

/** `count` distinct positions in [0, pixelCount), ascending; every position when count ≥ pixelCount. */
export function samplePixelPositions(
  pixelCount: number,
  count: number = DEFAULT_SAMPLE_SIZE,
  seed: number = DEFAULT_SAMPLE_SEED,
): Uint32Array {
  if (count >= pixelCount) return Uint32Array.from({ length: pixelCount }, (_, i) => i);
  const random = new Random(seed);
  const chosen = new Set<number>();
  // Floyd's algorithm: exactly `count` draws, no rejection loop, whatever the ratio.
  for (let j = pixelCount - count; j < pixelCount; j++) {
    const candidate = random.nextInt(j + 1);
    chosen.add(chosen.has(candidate) ? j : candidate);
  }
  return Uint32Array.from(chosen).sort();
}

/** The values of the pixels at `positions`, `channels` per pixel. */
export function gatherPixels(
  data: Uint8Array,
  channels: number,
  positions: Uint32Array,
): Uint8Array {
  const values = new Uint8Array(positions.length * channels);
  positions.forEach((position, i) => {
    for (let c = 0; c < channels; c++) values[i * channels + c] = data[position * channels + c]!;
  });
  return values;
}
