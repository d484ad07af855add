import { beforeAll, describe, expect, it } from 'vitest';
import { quantize, type RawImage } from '../../../src-core/quantize/quantize';
import { loadFixture, pixelMse, writtenPixels } from './helpers';

/**
 * scikit-learn's KMeans (k-means++, one init, its centres rounded to 8 bits) on china.jpg, MSE of
 * the written pixels on the 0–255 scale: `sklearn_kmeans_mse8` of the peers' reference table.
 */
const SKLEARN_MSE8: Record<number, number> = { 16: 118.193, 64: 37.461, 256: 14.356 };

describe('quality on china.jpg against scikit-learn KMeans', () => {
  let china: RawImage;
  beforeAll(async () => {
    china = await loadFixture('china.jpg');
  });

  for (const [colours, reference] of Object.entries(SKLEARN_MSE8)) {
    it(`k = ${colours}: MSE within 2 % of ${reference}`, () => {
      const result = quantize(china, { colours: Number(colours) });
      // The figure is measured on the written pixels, not taken on trust.
      expect(pixelMse(writtenPixels(result), china.data)).toBeCloseTo(result.mse, 6);
      expect(result.mse).toBeLessThanOrEqual(1.02 * reference);
    });
  }
});
