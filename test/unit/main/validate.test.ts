import { describe, expect, it } from 'vitest';
import { parseId, parseQuantizeSettings } from '../../../src-main/api/validate';
import { safeFileName } from '../../../src-main/services/palettize-service';

describe('parseQuantizeSettings', () => {
  it('accepts every whole colour count from 2 to 1024 and defaults the seed', () => {
    expect(parseQuantizeSettings({ colours: 2 })).toEqual({ colours: 2, seed: 0 });
    expect(parseQuantizeSettings({ colours: 1024, seed: 7 })).toEqual({ colours: 1024, seed: 7 });
  });

  it('keeps the optional choices it knows', () => {
    const settings = {
      colours: 64,
      seed: 3,
      algorithm: 'minibatch',
      init: 'kmeans++',
      space: 'oklab',
      dither: 'fs',
      ditherStrength: 0.5,
    };
    expect(parseQuantizeSettings(settings)).toEqual(settings);
    expect(parseQuantizeSettings({ colours: 8, junk: 'dropped' })).toEqual({ colours: 8, seed: 0 });
  });

  it.each([
    [{ colours: 8, algorithm: 'magic' }, /Unknown algorithm "magic": use kmeans, minibatch, wu/],
    [{ colours: 8, init: 1 }, /Unknown seeding/],
    [{ colours: 8, space: 'cmyk' }, /Unknown colour space/],
    [{ colours: 8, dither: 'ordered' }, /Unknown dithering/],
    [{ colours: 8, ditherStrength: 1.5 }, /strength/],
    [{ colours: 8, ditherStrength: Number.NaN }, /strength/],
  ])('refuses the unknown choice %j', (input, message) => {
    expect(() => parseQuantizeSettings(input)).toThrow(message);
  });

  it.each([
    [null, /object/],
    [{ colours: 1 }, /between 2 and 1024/],
    [{ colours: 1025 }, /between 2 and 1024/],
    [{ colours: 3.5 }, /whole number/],
    [{ colours: '16' }, /whole number/],
    [{ colours: 16, seed: -1 }, /seed/],
    [{ colours: 16, seed: 2 ** 32 }, /seed/],
  ])('refuses %j', (input, message) => {
    expect(() => parseQuantizeSettings(input)).toThrow(message);
  });
});

describe('parseId', () => {
  it('accepts issued ids and refuses anything path-like', () => {
    expect(parseId('0b6c1e2a-1d7f-4c5e-9a3b-2f1e0d9c8b7a', 'job id')).toBe(
      '0b6c1e2a-1d7f-4c5e-9a3b-2f1e0d9c8b7a',
    );
    for (const bad of ['', '../x', 'a/b', 'a'.repeat(65), 12, null]) {
      expect(() => parseId(bad, 'job id')).toThrow(/invalid job id/);
    }
  });
});

describe('safeFileName', () => {
  it('keeps one path segment of printable characters, at most 255', () => {
    expect(safeFileName('Sommer – Åre.jpg')).toBe('Sommer – Åre.jpg');
    expect(safeFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFileName('a\\b\u0000c\nd')).toBe('a_b_c_d');
    expect(safeFileName('x'.repeat(300))).toHaveLength(255);
    expect(safeFileName('')).toBe('image');
  });
});
