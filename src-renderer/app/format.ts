/** How figures are written for people. */

const bytesFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** "196,653 bytes (192 KiB)" */
export function formatBytes(bytes: number): string {
  const exact = `${bytesFormat.format(bytes)} bytes`;
  if (bytes < 1024) return exact;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${exact} (${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]})`;
}

/** "28 % of the original" */
export function formatRatio(part: number, whole: number): string {
  if (whole <= 0) return '';
  const percent = (100 * part) / whole;
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)} % of the original`;
}

export function formatPsnr(psnr: number | null): string {
  return psnr === null ? 'lossless' : `${psnr.toFixed(2)} dB`;
}
