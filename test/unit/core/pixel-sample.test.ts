import { describe, expect, it } from 'vitest';
import { gatherPixels, samplePixelPositions } from '../../../src-core/sample/pixel-sample';

describe('samplePixelPositions', () => {
  it('draws the asked number of distinct, ascending, in-range positions', () => {
    const positions = samplePixelPositions(273_280, 10_000, 0);
    expect(positions.length).toBe(10_000);
    expect(new Set(positions).size).toBe(10_000);
    for (let i = 1; i < positions.length; i++)
      expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
    expect(positions[positions.length - 1]!).toBeLessThan(273_280);
  });

  it('is reproducible from its seed and spreads over the image', () => {
    expect(Array.from(samplePixelPositions(5000, 100, 3))).toEqual(
      Array.from(samplePixelPositions(5000, 100, 3)),
    );
    expect(Array.from(samplePixelPositions(5000, 100, 3))).not.toEqual(
      Array.from(samplePixelPositions(5000, 100, 4)),
    );
    const positions = samplePixelPositions(100_000, 10_000, 1);
    const firstHalf = positions.filter((p) => p < 50_000).length;
    expect(firstHalf).toBeGreaterThan(4_700);
    expect(firstHalf).toBeLessThan(5_300);
  });

  it('takes every pixel of a small image', () => {
    expect(Array.from(samplePixelPositions(5, 10))).toEqual([0, 1, 2, 3, 4]);
    expect(samplePixelPositions(9, 9).length).toBe(9);
  });
});

describe('gatherPixels', () => {
  it('picks each sampled pixel’s channels', () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(gatherPixels(data, 3, Uint32Array.from([0, 2])))).toEqual([1, 2, 3, 7, 8, 9]);
  });
});
