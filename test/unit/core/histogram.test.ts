import { describe, expect, it } from 'vitest';
import {
  buildHistogram,
  buildHistogramSteps,
  nestedColourKey,
  type ColourHistogram,
} from '../../../src-core/quantize/histogram';
import { Random } from '../../../src-core/random/random';
import { loadFixture } from './helpers';

/** The colour pixel `p` counts as: its values, or transparent black for any fully transparent one. */
function seenColour(pixels: Uint8Array, p: number, channels: 3 | 4): string {
  const colour = Array.from(pixels.subarray(p * channels, (p + 1) * channels));
  if (channels === 4 && colour[3] === 0) colour.fill(0);
  return colour.join(',');
}

/** The distinct colours of the pixels by a plain Map, keyed by their values joined. */
function countByMap(pixels: Uint8Array, channels: 3 | 4): Map<string, number> {
  const counts = new Map<string, number>();
  for (let p = 0; p < pixels.length / channels; p++) {
    const key = seenColour(pixels, p, channels);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function colourAt(histogram: ColourHistogram, i: number): number[] {
  const { channels, colours } = histogram;
  return Array.from(colours.subarray(i * channels, (i + 1) * channels));
}

/** Every colour once with its count, and every pixel pointing at its own colour. */
function expectCounted(histogram: ColourHistogram, pixels: Uint8Array): void {
  const { channels, size, weights, pixelToColour } = histogram;
  const expected = countByMap(pixels, channels);
  expect(size).toBe(expected.size);
  for (let i = 0; i < size; i++) {
    const colour = colourAt(histogram, i).join(',');
    // One message for the first wrong colour: a diff of a million-entry map takes minutes.
    if (expected.get(colour) !== weights[i]) {
      expect.fail(`colour ${i} (${colour}) counted ${weights[i]}, not ${expected.get(colour)}`);
    }
    expected.delete(colour);
  }
  for (let p = 0; p < pixelToColour.length; p++) {
    const pointed = colourAt(histogram, pixelToColour[p]!).join(',');
    const pixel = seenColour(pixels, p, channels);
    if (pointed !== pixel) expect.fail(`pixel ${p} points at ${pointed}, not ${pixel}`);
  }
}

function expectInKeyOrder(histogram: ColourHistogram): void {
  for (let i = 1; i < histogram.size; i++) {
    const [r0, g0, b0] = colourAt(histogram, i - 1) as [number, number, number];
    const [r1, g1, b1] = colourAt(histogram, i) as [number, number, number];
    if (!(nestedColourKey(r0, g0, b0) < nestedColourKey(r1, g1, b1))) {
      expect.fail(`colours ${i - 1} and ${i} are out of order`);
    }
  }
}

describe('colour histogram', () => {
  it('numbers every 24-bit colour once: the nested key is a bit permutation', () => {
    const seen = new Uint8Array(1 << 24);
    for (let r = 0; r < 256; r++) {
      for (let g = 0; g < 256; g++) {
        for (let b = 0; b < 256; b++) seen[nestedColourKey(r, g, b)]++;
      }
    }
    expect(seen.every((n) => n === 1)).toBe(true);
    // Cells 16 values wide first, then the 8-wide halves inside them.
    expect(nestedColourKey(15, 15, 15)).toBeLessThan(nestedColourKey(0, 0, 16));
    expect(nestedColourKey(7, 7, 7)).toBeLessThan(nestedColourKey(0, 0, 8));
  });

  it("counts a photo's colours as a plain map does, in key order", async () => {
    const photo = await loadFixture('china.jpg');
    const histogram = buildHistogram(photo.data, 3);
    expectCounted(histogram, photo.data);
    expectInKeyOrder(histogram);
  });

  it('counts the corners of the cube and every bit position of the set', () => {
    // Keys 0, 31 and 32 (first and last bit of a word, first of the next), and the last colour.
    const colours = [
      [0, 0, 0],
      [0, 3, 7],
      [0, 4, 0],
      [255, 255, 255],
      [255, 255, 254],
      [128, 127, 129],
    ];
    expect(colours.slice(0, 3).map(([r, g, b]) => nestedColourKey(r!, g!, b!))).toEqual([
      0, 31, 32,
    ]);
    const random = new Random(5);
    const pixels = new Uint8Array(3 * 5000);
    for (let p = 0; p < 5000; p++) pixels.set(colours[random.nextInt(colours.length)]!, p * 3);
    const histogram = buildHistogram(pixels, 3);
    expectCounted(histogram, pixels);
    expectInKeyOrder(histogram);
  });

  it('counts millions of pixels over several steps, reporting progress', () => {
    const random = new Random(12);
    const pixels = new Uint8Array((1 << 20) * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = random.nextInt(64) * 4 + (i % 3);
    const steps = buildHistogramSteps(pixels, 3);
    const shares: number[] = [];
    let step = steps.next();
    for (; !step.done; step = steps.next()) shares.push(step.value);
    expect(shares.length).toBe(7);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(shares.at(-1)).toBeLessThan(1);
    expectCounted(step.value, pixels);
    expectInKeyOrder(step.value);
  });

  it('counts RGBA colours, every fully transparent pixel as transparent black', () => {
    const pixels = Uint8Array.from([
      ...[10, 20, 30, 255],
      ...[1, 2, 3, 0],
      ...[10, 20, 30, 128],
      ...[9, 9, 9, 0],
      ...[10, 20, 30, 255],
    ]);
    const histogram = buildHistogram(pixels, 4);
    expectCounted(histogram, pixels);
    // In order of first appearance.
    expect(Array.from(histogram.colours)).toEqual([10, 20, 30, 255, 0, 0, 0, 0, 10, 20, 30, 128]);
    expect(Array.from(histogram.weights)).toEqual([2, 2, 1]);
  });
});
