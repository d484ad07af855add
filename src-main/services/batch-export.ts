/**
 * "Export all": every result of a sweep as PNGs, palettes in the chosen formats, and a summary,
 * named `<image>-<k>.<ext>`. Written into a folder (the desktop app) without replacing anything
 * unless the user agreed, or packed into one ZIP (the web shell).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PaletteExportFormat, ResultInfo } from '../api/contract';
import { fileExists, writeFileAtomic } from './atomic-file';
import { UserFacingError } from './errors';
import { paletteFile } from './palette-export';
import { summaryCsv, summaryJson, type SummaryRow } from './summary';
import { writeZip, type ZipEntry } from './zip-writer';

export type SummaryFormat = 'csv' | 'json';

export interface BatchResult {
  info: ResultInfo;
  /** The result's PNG file. */
  path: string;
  /** Its original's name and size, for the summary. */
  original: { name: string; fileBytes: number };
}

export interface BatchRequest {
  /** Finished results, in the order to list them (at least one). */
  results: BatchResult[];
  paletteFormats: PaletteExportFormat[];
  summary: SummaryFormat[];
}

/** A file of the batch: its name, and how to make its bytes. */
export interface BatchFile {
  name: string;
  bytes(): Promise<Uint8Array>;
}

export function batchFiles(request: BatchRequest): BatchFile[] {
  const files: BatchFile[] = [];
  for (const { info, path } of request.results) {
    files.push({ name: info.suggestedName, bytes: () => readFile(path) });
    for (const format of request.paletteFormats) {
      if (format === 'act' && info.paletteSize > 256) continue; // .act holds 256 colours at most
      const name = format === 'png' ? swatchName(info) : `${baseName(info)}.${format}`;
      files.push({ name, bytes: async () => (await paletteFile(info, format)).bytes });
    }
  }
  const rows = request.results.map(({ info, original }) => summaryRow(original, info));
  const stem = batchName(request);
  for (const format of request.summary) {
    const text = format === 'csv' ? summaryCsv(rows) : summaryJson(rows);
    files.push({
      name: `${stem}-summary.${format}`,
      bytes: async () => new TextEncoder().encode(text),
    });
  }
  return files;
}

/**
 * Writes the batch into `folder`. Without `overwrite`, nothing is written when any file exists:
 * the error lists them so that the app can ask the user first.
 */
export async function writeBatchToFolder(
  files: BatchFile[],
  folder: string,
  options: { overwrite: boolean; onProgress?: (done: number, total: number) => void },
): Promise<string[]> {
  if (!options.overwrite) {
    const existing = await existingNames(files, folder);
    if (existing.length > 0) {
      throw new UserFacingError(
        'write-failed',
        `${existing.length} of the files already exist in ${folder} (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}).`,
      );
    }
  }
  const written: string[] = [];
  for (const file of files) {
    const target = join(folder, file.name);
    await writeFileAtomic(target, await file.bytes(), { overwrite: options.overwrite });
    written.push(target);
    options.onProgress?.(written.length, files.length);
  }
  return written;
}

/** The names of the batch that already exist in `folder`. */
export async function existingNames(files: BatchFile[], folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) if (await fileExists(join(folder, file.name))) found.push(file.name);
  return found;
}

export async function batchZip(files: BatchFile[]): Promise<Uint8Array> {
  const entries: ZipEntry[] = [];
  for (const file of files) entries.push({ name: file.name, bytes: await file.bytes() });
  return writeZip(entries);
}

/** `<image>` of the first result: what the summary and the ZIP are named after. */
export function batchName(request: BatchRequest): string {
  return (request.results[0]?.original.name ?? 'palettize').replace(/\.[^.]*$/, '');
}

function summaryRow(original: BatchResult['original'], info: ResultInfo): SummaryRow {
  return {
    input: original.name,
    colours: info.colours,
    paletteSize: info.paletteSize,
    output: info.suggestedName,
    bytes: info.pngBytes,
    ratio: info.pngBytes / original.fileBytes,
    mse: info.mse,
    psnr: info.psnr,
    iterations: info.iterations,
    milliseconds: info.milliseconds,
  };
}

function baseName(info: ResultInfo): string {
  return info.suggestedName.replace(/\.png$/i, '');
}

function swatchName(info: ResultInfo): string {
  return `${baseName(info)}-swatch.png`;
}
