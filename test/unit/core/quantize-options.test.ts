import { beforeAll, describe, expect, it } from 'vitest';
import { fromSpace, toSpace } from '../../../src-core/colour/colour-space';
import { buildHistogram } from '../../../src-core/quantize/histogram';
import { miniBatchSteps } from '../../../src-core/quantize/minibatch';
import {
  ALGORITHMS,
  COLOUR_SPACES,
  INITS,
  type QuantizeOptions,
} from '../../../src-core/quantize/options';
import { unweighted, type WeightedPoints } from '../../../src-core/quantize/points';
import {
  quantize,
  quantizeSteps,
  quantizeSweep,
  type QuantizeResult,
  type RawImage,
} from '../../../src-core/quantize/quantize';
import { runToEnd } from '../../../src-core/quantize/steps';
import { Random } from '../../../src-core/random/random';
import { boxBlur, crop, loadFixture, noiseImage, pixelMse, writtenPixels } from './helpers';

let photo: RawImage;
beforeAll(async () => {
  photo = crop(await loadFixture('china.jpg'), 160, 120, 160, 120);
});

function paletteSet(result: QuantizeResult): Set<string> {
  const set = new Set<string>();
  for (let e = 0; e < result.paletteSize; e++) {
    set.add(
      Array.from(result.palette.subarray(e * result.channels, (e + 1) * result.channels)).join(),
    );
  }
  return set;
}

function expectValid(result: QuantizeResult, image: RawImage, k: number): void {
  const distinct = buildHistogram(image.data, image.channels).size;
  expect(result.paletteSize).toBe(Math.min(k, distinct));
  expect(paletteSet(result).size).toBe(result.paletteSize); // no duplicate entry
  const used = new Uint32Array(result.paletteSize);
  for (const index of result.indices) used[index]!++;
  expect(Array.from(used)).toEqual(Array.from(result.counts));
  expect(Math.min(...used)).toBeGreaterThan(0); // no unused (empty) entry
  expect(pixelMse(writtenPixels(result), image.data)).toBeCloseTo(result.mse, 9);
}

describe('every algorithm, seeding and colour space', () => {
  const variants: Omit<QuantizeOptions, 'colours'>[] = [
    ...ALGORITHMS.map((algorithm) => ({ algorithm })),
    ...INITS.map((init) => ({ init })),
    ...INITS.map((init) => ({ algorithm: 'minibatch' as const, init })),
    ...COLOUR_SPACES.map((space) => ({ space })),
  ];
  for (const variant of variants) {
    it(`gives a full palette of distinct, used entries: ${JSON.stringify(variant)}`, () => {
      for (const k of [2, 24]) expectValid(quantize(photo, { colours: k, ...variant }), photo, k);
    });
  }

  it('reports what ran', () => {
    const result = quantize(photo, { colours: 8, algorithm: 'minibatch', space: 'oklab' });
    expect(result.algorithm).toBe('minibatch');
    expect(result.init).toBe('kmeans++');
    expect(result.space).toBe('oklab');
    expect(quantize(photo, { colours: 8 }).init).toBe('wu');
  });

  it('refines: k-means does better than wu, from whose boxes it starts', () => {
    const wu = quantize(photo, { colours: 16, algorithm: 'wu' });
    const kmeans = quantize(photo, { colours: 16 });
    expect(kmeans.inertia).toBeLessThan(wu.inertia);
    expect(kmeans.mse).toBeLessThan(wu.mse);
    expect(kmeans.iterations).toBeGreaterThan(0);
    expect(wu.iterations).toBe(0);
  });

  it('keeps the best of nInit runs', () => {
    const runs = [1, 2, 3].map((seed) => quantize(photo, { colours: 12, init: 'points', seed }));
    const best = quantize(photo, { colours: 12, init: 'points', seed: 1, nInit: 3 });
    expect(best.inertia).toBeLessThanOrEqual(runs[0]!.inertia);
    expect(best.inertia).toBeLessThanOrEqual(Math.min(...runs.map((r) => r.inertia)) * 1.05);
  });

  it('refuses impossible options', () => {
    expect(() => quantize(photo, { colours: 1 })).toThrow(RangeError);
    expect(() => quantize(photo, { colours: 1025 })).toThrow(RangeError);
    expect(() => quantize(photo, { colours: 4, ditherStrength: 2 })).toThrow(RangeError);
    expect(() =>
      quantize(photo, { colours: 4, algorithm: 'lloyd' as unknown as 'kmeans' }),
    ).toThrow(/algorithm/);
  });
});

describe('lossless when k covers every colour', () => {
  for (const space of COLOUR_SPACES) {
    for (const algorithm of ALGORITHMS) {
      it(`gives exactly the image's colours (${algorithm}, ${space})`, () => {
        const image = noiseImage(30, 20, 3, 7); // at most 27 colours
        const distinct = buildHistogram(image.data, 3).size;
        const result = quantize(image, { colours: 32, algorithm, space });
        expect(result.lossless).toBe(true);
        expect(result.paletteSize).toBe(distinct);
        expect(result.mse).toBe(0);
        expect(Array.from(writtenPixels(result))).toEqual(Array.from(image.data));
      });
    }
  }

  it('and k exactly the number of colours is lossless too', () => {
    const image = noiseImage(30, 20, 3, 8);
    const distinct = buildHistogram(image.data, 3).size;
    expect(quantize(image, { colours: distinct }).mse).toBe(0);
    expect(quantize(image, { colours: distinct - 1 }).mse).toBeGreaterThan(0);
  });
});

describe('reproducibility', () => {
  const cases: Omit<QuantizeOptions, 'colours'>[] = [
    {},
    { init: 'kmeans++' },
    { init: 'random' },
    { init: 'points', nInit: 2 },
    { algorithm: 'minibatch' },
    { algorithm: 'wu' },
    { space: 'lab', dither: 'fs' },
  ];
  for (const options of cases) {
    it(`gives the same output for the same seed, bit for bit: ${JSON.stringify(options)}`, () => {
      const a = quantize(photo, { colours: 20, seed: 11, ...options });
      const b = quantize(photo, { colours: 20, seed: 11, ...options });
      expect(Array.from(a.palette)).toEqual(Array.from(b.palette));
      expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
      expect(a.inertia).toBe(b.inertia);
      expect(a.mse).toBe(b.mse);
    });
  }

  it('depends on the seed when the seeding is random', () => {
    for (const options of [{ init: 'kmeans++' }, { algorithm: 'minibatch' }] as const) {
      const a = quantize(photo, { colours: 20, seed: 1, ...options });
      const b = quantize(photo, { colours: 20, seed: 2, ...options });
      expect(Array.from(a.palette)).not.toEqual(Array.from(b.palette));
    }
  });
});

describe('alpha', () => {
  let logo: RawImage;
  beforeAll(async () => {
    logo = await loadFixture('logo.png', true);
  });

  it('keeps an opaque RGBA image opaque', () => {
    const result = quantize(logo, { colours: 16 });
    expect(result.channels).toBe(4);
    const pixels = writtenPixels(result);
    for (let p = 3; p < pixels.length; p += 4) expect(pixels[p]).toBe(255);
  });

  it('gives fully transparent pixels one transparent entry, whatever colour they hide', () => {
    // Cut a transparent hole (hiding many colours) and a half-transparent band into the logo.
    const data = Uint8Array.from(logo.data);
    const { width } = logo;
    for (let y = 0; y < logo.height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        if (x < 120) data[o + 3] = 0;
        else if (x < 160) data[o + 3] = 128;
      }
    }
    const image: RawImage = { ...logo, data };
    for (const space of COLOUR_SPACES) {
      const result = quantize(image, { colours: 12, space, dither: 'fs' });
      const transparent: number[] = [];
      for (let e = 0; e < result.paletteSize; e++) {
        if (result.palette[e * 4 + 3] === 0) transparent.push(e);
      }
      expect(transparent).toEqual([0]); // one transparent entry, first in the palette
      expect(Array.from(result.palette.subarray(0, 4))).toEqual([0, 0, 0, 0]);
      for (let p = 0; p < result.indices.length; p++) {
        const alpha = data[p * 4 + 3]!;
        if (alpha === 0) expect(result.indices[p]).toBe(0);
        else expect(result.indices[p]).not.toBe(0); // no hole punched by carried error either
      }
      // The half-transparent band keeps about its alpha.
      const written = writtenPixels(result);
      for (let y = 0; y < image.height; y += 50) {
        const o = (y * width + 140) * 4 + 3;
        expect(Math.abs(written[o]! - 128)).toBeLessThanOrEqual(8);
      }
    }
  });
});

describe('colour spaces', () => {
  it('round-trip every 8-bit colour of a grid', () => {
    const grid: number[] = [];
    for (let r = 0; r < 256; r += 15)
      for (let g = 0; g < 256; g += 15) for (let b = 0; b < 256; b += 15) grid.push(r, g, b);
    grid.push(255, 255, 255, 0, 0, 0, 1, 2, 3);
    const colours = Float64Array.from(grid);
    for (const space of COLOUR_SPACES) {
      const back = fromSpace(toSpace(colours, 3, space), 3, space);
      for (let i = 0; i < colours.length; i++) expect(Math.round(back[i]!) + 0).toBe(colours[i]);
    }
  });

  it('map white and black where each space puts them', () => {
    const white = Float64Array.from([255, 255, 255, 255]);
    expect(Array.from(toSpace(white, 4, 'lab'), (v) => Math.round(v * 1000) / 1000 + 0)).toEqual([
      100, 0, 0, 100,
    ]);
    const oklab = toSpace(white, 4, 'oklab');
    expect(oklab[0]).toBeCloseTo(1, 4);
    expect(Math.abs(oklab[1]!)).toBeLessThan(1e-4);
    expect(Array.from(toSpace(Float64Array.from([0, 0, 0]), 3, 'oklab'))).toEqual([0, 0, 0]);
  });

  it('quantize in a perceptual space with centres converted back to 8 bits', () => {
    const srgb = quantize(photo, { colours: 16 });
    for (const space of ['oklab', 'lab'] as const) {
      const result = quantize(photo, { colours: 16, space });
      expectValid(result, photo, 16);
      // Perceptual distances are not what MSE measures, but the result stays close.
      expect(result.mse).toBeLessThan(srgb.mse * 1.6);
    }
  });
});

describe('Floyd–Steinberg dithering', () => {
  it('with strength 0 is no dithering at all', () => {
    const plain = quantize(photo, { colours: 8 });
    const zero = quantize(photo, { colours: 8, dither: 'fs', ditherStrength: 0 });
    expect(Array.from(zero.indices)).toEqual(Array.from(plain.indices));
    expect(zero.mse).toBe(plain.mse);
  });

  it('writes palette colours only, and counts them', () => {
    const result = quantize(photo, { colours: 8, dither: 'fs' });
    const palette = paletteSet(result);
    const pixels = writtenPixels(result);
    for (let p = 0; p < pixels.length; p += 3)
      expect(palette.has(`${pixels[p]},${pixels[p + 1]},${pixels[p + 2]}`)).toBe(true);
    const used = new Uint32Array(result.paletteSize);
    for (const index of result.indices) used[index]!++;
    expect(Array.from(used)).toEqual(Array.from(result.counts));
    expect(pixelMse(pixels, photo.data)).toBeCloseTo(result.mse, 9);
  });

  it('lowers the low-frequency error (what the eye sees from a distance)', () => {
    // A grey ramp with 4 colours: plain quantization bands it, dithering reproduces the ramp on
    // average. Measured on the middle half, inside the palette's range (beyond its darkest and
    // lightest entries no mixture can match the ramp, with or without dithering).
    const width = 128;
    const height = 32;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = Math.round((x / (width - 1)) * 255);
        data.set([v, v, v], (y * width + x) * 3);
      }
    }
    const image: RawImage = { data, width, height, channels: 3 };
    const middle = (pixels: Float64Array) =>
      pixels.filter((_, i) => {
        const x = Math.floor(i / 3) % width;
        const y = Math.floor(i / 3 / width);
        return x >= width / 4 && x < (3 * width) / 4 && y >= 3 && y < height - 3;
      });
    const lowError = (result: QuantizeResult) =>
      pixelMse(
        middle(boxBlur(writtenPixels(result), width, height, 3, 3)),
        middle(boxBlur(data, width, height, 3, 3)),
      );
    const plain = quantize(image, { colours: 4 });
    const half = quantize(image, { colours: 4, dither: 'fs', ditherStrength: 0.5 });
    const full = quantize(image, { colours: 4, dither: 'fs' });
    expect(lowError(full)).toBeLessThan(lowError(plain) * 0.1);
    expect(lowError(half)).toBeLessThan(lowError(plain) * 0.5);
    expect(lowError(full)).toBeLessThan(lowError(half));
    expect(full.mse).toBeGreaterThan(plain.mse); // the price: more error pixel by pixel
  });
});

describe('mini-batch k-means, as scikit-learn means it', () => {
  /** Four tight blobs of 2-D points with very different counts. */
  function blobs(): WeightedPoints {
    const random = new Random(3);
    const centres = [
      [0, 0],
      [20, 0],
      [0, 20],
      [20, 20],
    ];
    const values: number[] = [];
    const weights: number[] = [];
    centres.forEach(([x, y], b) => {
      for (let i = 0; i < 50; i++) {
        values.push(x! + random.next(), y! + random.next());
        weights.push(b + 1);
      }
    });
    return {
      dim: 2,
      count: 200,
      values: Float64Array.from(values),
      weights: Float64Array.from(weights),
    };
  }

  it('runs maxIter passes of batchSize pixels when nothing stops it early', () => {
    const points = blobs();
    const total = points.weights.reduce((a, b) => a + b, 0); // 500 pixels
    const seeds = Float64Array.from([0, 0, 20, 0, 0, 20, 20, 20]);
    const result = runToEnd(
      miniBatchSteps(points, seeds, new Random(1), {
        batchSize: 50,
        maxIter: 4,
        maxNoImprovement: 1e9,
      }),
    );
    expect(result.steps).toBe(Math.floor((4 * total) / 50));
    expect(result.iterations).toBe(4);
    expect(result.converged).toBe(false);
  });

  it('stops early when the smoothed inertia stops improving', () => {
    const points = blobs();
    const seeds = Float64Array.from([0, 0, 20, 0, 0, 20, 20, 20]);
    const result = runToEnd(
      miniBatchSteps(points, seeds, new Random(1), {
        batchSize: 20,
        maxIter: 100,
        maxNoImprovement: 3,
      }),
    );
    expect(result.converged).toBe(true);
    expect(result.steps).toBeLessThan(Math.floor((100 * 500) / 20));
  });

  it('moves a centre that gets (almost) nothing onto the data, unless reassignment is off', () => {
    const points = blobs();
    // Three centres on blobs, one far away from everything: it is never the nearest.
    const seeds = Float64Array.from([0, 0, 20, 0, 10, 20, 500, 500]);
    const stuck = runToEnd(
      miniBatchSteps(points, seeds, new Random(2), {
        batchSize: 32,
        maxIter: 5,
        reassignmentRatio: 0,
        maxNoImprovement: 1e9,
      }),
    );
    expect(Array.from(stuck.centres.subarray(6))).toEqual([500, 500]);
    const moved = runToEnd(
      miniBatchSteps(points, seeds, new Random(2), {
        batchSize: 32,
        maxIter: 5,
        maxNoImprovement: 1e9,
      }),
    );
    expect(moved.centres[6]!).toBeLessThan(25);
    expect(moved.centres[7]!).toBeLessThan(25);
  });

  it('draws pixels, so heavy colours pull the centres', () => {
    // Two points, one of weight 9 and one of weight 1, one centre: it settles near the weighted mean.
    const points: WeightedPoints = {
      dim: 1,
      count: 2,
      values: Float64Array.from([0, 10]),
      weights: Float64Array.from([9, 1]),
    };
    const result = runToEnd(
      miniBatchSteps(points, Float64Array.from([5]), new Random(4), {
        batchSize: 100,
        maxIter: 50,
        maxNoImprovement: 1e9,
      }),
    );
    expect(result.centres[0]!).toBeGreaterThan(0.5);
    expect(result.centres[0]!).toBeLessThan(1.5);
  });

  it('ends close to exact k-means on blobs', () => {
    const points = unweighted(blobs().values, 2);
    const result = quantize(photo, { colours: 16, algorithm: 'minibatch' });
    const exact = quantize(photo, { colours: 16 });
    expect(result.mse).toBeLessThan(exact.mse * 1.15);
    void points;
  });
});

describe('sweeps and steps', () => {
  it('gives the same results as one quantization per colour count', () => {
    const counts = [2, 8, 32];
    const sweep = quantizeSweep(photo, counts);
    counts.forEach((colours, n) => {
      const single = quantize(photo, { colours });
      expect(Array.from(sweep[n]!.palette)).toEqual(Array.from(single.palette));
      expect(sweep[n]!.mse).toBe(single.mse);
      expect(sweep[n]!.colours).toBe(colours);
    });
  });

  it('yields between short steps, stage by stage, and can be abandoned', () => {
    const stages: string[] = [];
    let last = -1;
    const steps = quantizeSteps(photo, { colours: 64 });
    let step = steps.next();
    while (!step.done) {
      stages.push(step.value.stage);
      expect(step.value.fraction).toBeGreaterThanOrEqual(last);
      last = step.value.fraction;
      step = steps.next();
    }
    expect(stages.length).toBeGreaterThan(5);
    const order = ['histogram', 'seed', 'refine', 'remap'];
    const firsts = order.map((s) => stages.indexOf(s));
    expect(firsts.every((at) => at >= 0)).toBe(true);
    expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
    expect(step.value.milliseconds).toBeGreaterThan(0);
    // Abandoning a run is just not asking for the next step.
    const abandoned = quantizeSteps(photo, { colours: 64 });
    abandoned.next();
    expect(abandoned.return(undefined as never).done).toBe(true);
  });

  it("measures wu's inertia and distortion against its palette, in each space", async () => {
    // An RGBA image with a transparent band (kept out of the clustering) and a translucent one.
    const logo = crop(await loadFixture('logo.png', true), 150, 150, 120, 90);
    for (let p = 0; p < logo.width * logo.height; p++) {
      const x = p % logo.width;
      if (x < 50) logo.data[p * 4 + 3] = x < 30 ? 0 : 128;
    }
    for (const image of [photo, logo]) {
      for (const space of COLOUR_SPACES) {
        const result = quantize(image, { colours: 24, algorithm: 'wu', space });
        const expected = againstPalette(image, result);
        expect(Math.abs(result.inertia / expected.inertia - 1)).toBeLessThan(1e-9);
        expect(Math.abs(result.distortion / expected.distortion - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('reports inertia and distortion consistent with each other', () => {
    const result = quantize(photo, { colours: 16 });
    const pixels = photo.width * photo.height;
    // Distortion is a mean distance, inertia a sum of squared distances: by Jensen, d² ≤ inertia/N.
    expect(result.distortion ** 2).toBeLessThanOrEqual(result.inertia / pixels);
    expect(result.distortion).toBeGreaterThan(0);
    expect(result.psnr).toBeCloseTo(10 * Math.log10((255 * 255) / result.mse), 9);
  });
});

/**
 * Inertia and distortion of the written pixels against their palette entries, pixel by pixel in
 * the result's space; fully transparent pixels (kept out of the clustering) count as distance 0.
 */
function againstPalette(image: RawImage, result: QuantizeResult) {
  const { channels, palette, indices, space } = result;
  const entries = toSpace(Float64Array.from(palette), channels, space);
  let inertia = 0;
  let distanceSum = 0;
  for (let p = 0; p < indices.length; p++) {
    const pixel = Float64Array.from(image.data.subarray(p * channels, (p + 1) * channels));
    if (channels === 4 && pixel[3] === 0) continue;
    const colour = toSpace(pixel, channels, space);
    let squared = 0;
    for (let d = 0; d < channels; d++)
      squared += (colour[d]! - entries[indices[p]! * channels + d]!) ** 2;
    inertia += squared;
    distanceSum += Math.sqrt(squared);
  }
  return { inertia, distortion: distanceSum / indices.length };
}
