/**
 * The remap kernel (src-core/quantize/nearest-entry.ts): per-cell candidate lists must find exactly
 * the entry a plain loop finds, ties included, for integer palettes and fractional centres alike.
 */
import { describe, expect, it } from 'vitest';
import { buildHistogram } from '../../../src-core/quantize/histogram';
import {
  COLOUR_CELL_BITS,
  labelRgbPoints,
  NearestEntry,
  PIXEL_CELL_BITS,
} from '../../../src-core/quantize/nearest-entry';
import { Random } from '../../../src-core/random/random';
import { loadFixture, nearestByLoop } from './helpers';

function randomEntries(count: number, random: Random, fractional: boolean): Float64Array {
  const entries = new Float64Array(count * 3);
  for (let i = 0; i < entries.length; i++) {
    entries[i] = fractional ? random.next() * 255 : random.nextInt(256);
  }
  return entries;
}

/** Colours on a coarse lattice through the whole cube, its corners included, and random ones. */
function probeColours(random: Random): number[][] {
  const colours: number[][] = [];
  for (let r = 0; r < 256; r += 15) {
    for (let g = 0; g < 256; g += 15) for (let b = 0; b < 256; b += 15) colours.push([r, g, b]);
  }
  colours.push([255, 255, 255], [0, 0, 255], [255, 0, 0]);
  for (let i = 0; i < 3000; i++) {
    colours.push([random.nextInt(256), random.nextInt(256), random.nextInt(256)]);
  }
  return colours;
}

function expectSameAsLoop(entries: Float64Array, cellBits: number, random: Random): void {
  const search = new NearestEntry(entries, cellBits);
  let mismatches = 0;
  for (const [r, g, b] of probeColours(random)) {
    const expected = nearestByLoop(entries, r, g, b);
    const found = search.nearest(r, g, b);
    if (found !== expected.index || search.lastDistance !== expected.distance) mismatches++;
  }
  expect(mismatches).toBe(0);
}

describe('nearest entry through cell candidates', () => {
  for (const cellBits of [COLOUR_CELL_BITS, PIXEL_CELL_BITS]) {
    it(`matches a plain loop for 8-bit palettes of 1 to 1024 entries (${cellBits}-bit cells)`, () => {
      const random = new Random(cellBits);
      for (const k of [1, 2, 16, 256, 1024]) {
        expectSameAsLoop(randomEntries(k, random, false), cellBits, random);
      }
    });

    it(`matches a plain loop for fractional centres (${cellBits}-bit cells)`, () => {
      const random = new Random(10 + cellBits);
      for (const k of [3, 64, 700])
        expectSameAsLoop(randomEntries(k, random, true), cellBits, random);
    });
  }

  it('matches a plain loop on a dense lattice of colours, near every bound of the lists', () => {
    const random = new Random(21);
    for (const cellBits of [COLOUR_CELL_BITS, PIXEL_CELL_BITS]) {
      for (const fractional of [false, true]) {
        const entries = randomEntries(256, random, fractional);
        const search = new NearestEntry(entries, cellBits);
        let mismatches = 0;
        for (let r = 0; r < 256; r += 5) {
          for (let g = 0; g < 256; g += 5) {
            for (let b = 0; b < 256; b += 5) {
              if (search.nearest(r, g, b) !== nearestByLoop(entries, r, g, b).index) mismatches++;
            }
          }
        }
        expect(mismatches).toBe(0);
      }
    }
  });

  it('breaks ties as a plain loop does: the lowest index wins', () => {
    // Two copies of one entry, and two entries equally far from the colours between them.
    const entries = Float64Array.from([200, 0, 0, 10, 20, 30, 10, 20, 30, 12, 20, 30, 8, 20, 30]);
    const search = new NearestEntry(entries);
    expect(search.nearest(10, 20, 30)).toBe(1);
    expect(search.nearest(11, 20, 30)).toBe(1); // 1 away from entries 1, 2 and 3
    expect(search.nearest(9, 20, 30)).toBe(1); // 1 away from entries 1, 2 and 4
    expectSameAsLoop(entries, COLOUR_CELL_BITS, new Random(3));
    // The lower index lies outside the colour's cell, so it comes later in the cell's list.
    const across = Float64Array.from([20, 0, 0, 10, 0, 0]);
    expect(new NearestEntry(across, COLOUR_CELL_BITS).nearest(15, 0, 0)).toBe(0);
    expect(new NearestEntry(across, PIXEL_CELL_BITS).nearest(15, 0, 0)).toBe(0);
  });

  it("labels a photo's colours with their nearest centre, with the inertia and distances", async () => {
    const photo = await loadFixture('china.jpg');
    const histogram = buildHistogram(photo.data, 3);
    const points = {
      dim: 3,
      count: histogram.size,
      values: histogram.colours,
      weights: histogram.weights,
    };
    const centres = randomEntries(40, new Random(8), true);
    const labelled = labelRgbPoints(points, centres);
    let inertia = 0;
    let distanceSum = 0;
    for (let i = 0; i < points.count; i++) {
      const [r, g, b] = points.values.subarray(i * 3, i * 3 + 3);
      const expected = nearestByLoop(centres, r!, g!, b!);
      expect(labelled.labels[i]).toBe(expected.index);
      inertia += points.weights[i]! * expected.distance;
      distanceSum += points.weights[i]! * Math.sqrt(expected.distance);
    }
    expect(labelled.inertia).toBeCloseTo(inertia, 6);
    expect(labelled.distanceSum).toBeCloseTo(distanceSum, 6);
  });
});
