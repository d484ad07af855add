/** How figures are written for people. */

const wholeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** "196,653" */
export function formatCount(value: number): string {
  return wholeFormat.format(value);
}

/** "196,653 bytes (192 KiB)" */
export function formatBytes(bytes: number): string {
  const exact = `${formatCount(bytes)} bytes`;
  if (bytes < 1024) return exact;
  return `${exact} (${formatShortBytes(bytes)})`;
}

/** "192 KiB", "1.4 MiB", "623 B": for axes and tight spaces. */
export function formatShortBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "28 %", "4.1 %" */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const percent = (100 * part) / whole;
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)} %`;
}

/** "28 % of the original" */
export function formatRatio(part: number, whole: number): string {
  if (whole <= 0) return '';
  return `${formatPercent(part, whole)} of the original`;
}

export function formatPsnr(psnr: number | null): string {
  return psnr === null ? 'lossless' : `${psnr.toFixed(2)} dB`;
}

export function formatMse(mse: number): string {
  return mse.toFixed(2);
}

/** "492 ms", "12.4 s" */
export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000
    ? `${Math.round(milliseconds)} ms`
    : `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 2 : 1)} s`;
}

/** "16 colours", "1 colour" */
export function formatColours(count: number): string {
  return `${formatCount(count)} colour${count === 1 ? '' : 's'}`;
}
