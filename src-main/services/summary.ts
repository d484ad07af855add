/**
 * The summary of a set of results (the PNG size comparison of the colour-compression workflow):
 * one row per result with its colours, bytes, ratio to the original, MSE and PSNR, as CSV or JSON.
 */

export interface SummaryRow {
  input: string;
  colours: number;
  paletteSize: number;
  output: string;
  bytes: number;
  /** PNG bytes ÷ the original file's bytes. */
  ratio: number;
  mse: number;
  /** null when the result is an exact copy (infinite PSNR). */
  psnr: number | null;
  iterations: number;
  milliseconds: number;
}

const COLUMNS: (keyof SummaryRow)[] = [
  'input',
  'colours',
  'paletteSize',
  'output',
  'bytes',
  'ratio',
  'mse',
  'psnr',
  'iterations',
  'milliseconds',
];

export function summaryCsv(rows: SummaryRow[]): string {
  const lines = [
    COLUMNS.join(','),
    ...rows.map((row) => COLUMNS.map((column) => csvField(row[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function summaryJson(rows: SummaryRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
