/**
 * Helpers the benchmarks share: where the data is, pixels in and out of sharp, error figures,
 * pngquant as a process, and plain-text tables.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import type { RawImage } from '../src-core/quantize/quantize';
import type { IndexedImage } from '../src-main/services/png-writer';

export const repoRoot = resolve(__dirname, '..');

/** The shared photos and data sets: ../shared beside the checkout, or $PALETTIZE_SHARED. */
export const sharedDir = resolve(process.env.PALETTIZE_SHARED ?? join(repoRoot, '..', 'shared'));

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** A lossless, quickly written PNG of raw pixels (what pngquant needs as input). */
export async function writeRawAsPng(image: RawImage, path: string): Promise<void> {
  const { data, width, height, channels } = image;
  await sharp(data, { raw: { width, height, channels } }).png({ compressionLevel: 1 }).toFile(path);
}

/** Mean squared error per channel value, 0–255 scale: what the core and the TSV report. */
export function meanSquaredError(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`size mismatch ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = a[i]! - b[i]!;
    sum += difference * difference;
  }
  return sum / a.length;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function geometricMean(values: number[]): number {
  if (values.length === 0) return NaN;
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

/** Wall time of a function, in seconds. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Wall time of a child process, in seconds; rejects when it fails. */
export function timedProcess(command: string, args: string[], timeoutMs = 600_000) {
  return new Promise<{ seconds: number; stdout: string }>((resolvePromise, reject) => {
    const started = performance.now();
    execFile(
      command,
      args,
      { timeout: timeoutMs, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const seconds = (performance.now() - started) / 1000;
        if (error)
          reject(new Error(`${command} failed: ${String(stderr || error.message).trim()}`));
        else resolvePromise({ seconds, stdout });
      },
    );
  });
}

/** Palette and indices of an image with few colours (a decoded pngquant result, say). */
export function indexPixels(image: RawImage): IndexedImage {
  const { data, width, height, channels } = image;
  const entries = new Map<number, number>();
  const palette: number[] = [];
  const indices = new Uint16Array(width * height);
  for (let p = 0; p < indices.length; p++) {
    let key = 0;
    for (let c = 0; c < channels; c++) key = key * 256 + data[p * channels + c]!;
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = entries.size;
      if (entry >= 1024) throw new Error('more than 1024 colours: not a quantized image');
      entries.set(key, entry);
      palette.push(...data.subarray(p * channels, p * channels + channels));
    }
    indices[p] = entry;
  }
  return {
    width,
    height,
    palette: Uint8Array.from(palette),
    channels,
    indices,
    paletteSize: entries.size,
  };
}

// ---------------------------------------------------------------------------------------------
// pngquant

export const PNGQUANT = process.env.PNGQUANT ?? 'pngquant';

/** pngquant's version, or null when it is not installed. */
export function pngquantVersion(): string | null {
  try {
    return execFileSync(PNGQUANT, ['--version'], { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    return null;
  }
}

/** pngquant as a user would run it, timed as a whole process. */
export function runPngquant(input: string, output: string, colours: number, flags: string[]) {
  return timedProcess(PNGQUANT, ['--force', ...flags, '--output', output, String(colours), input]);
}

// ---------------------------------------------------------------------------------------------
// Text output

export interface Column {
  title: string;
  width: number;
  /** Left-aligned text; numbers (the default) are right-aligned. */
  left?: boolean;
}

/** One row of a fixed-width table: rows print as they are measured, and still line up. */
export function formatRow(columns: readonly Column[], cells: readonly string[]): string {
  return cells
    .map((cell, i) =>
      columns[i]!.left ? cell.padEnd(columns[i]!.width) : cell.padStart(columns[i]!.width),
    )
    .join('  ')
    .trimEnd();
}

export const formatHeader = (columns: readonly Column[]) =>
  formatRow(
    columns,
    columns.map((column) => column.title),
  );

export const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '—';

export function log(text = ''): void {
  process.stdout.write(`${text}\n`);
}
