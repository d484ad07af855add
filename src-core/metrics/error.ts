/** Error figures on the 0–255 scale, as the colour-compression workflow reports them. */

/** Mean squared error per channel value: squared error summed over pixels and channels ÷ their count. */
export function meanSquaredError(
  squaredError: number,
  pixelCount: number,
  channels: number,
): number {
  const values = pixelCount * channels;
  return values === 0 ? 0 : squaredError / values;
}

/** Peak signal-to-noise ratio in dB for 8-bit data; Infinity for an exact copy. */
export function psnr(mse: number): number {
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
