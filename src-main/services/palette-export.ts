/**
 * Palette files for a finished result, in every export format: the text and binary formats come
 * from src-core/palette, the swatch strip is encoded here as a PNG.
 */
import { isPaletteExport, writePalette } from '../../src-core/palette/formats';
import { parseHex, type Palette } from '../../src-core/palette/palette';
import { swatchIndexed } from '../../src-core/palette/swatch';
import type { PaletteExportFormat, ResultInfo } from '../api/contract';
import { UserFacingError } from './errors';
import { encodeIndexedPng } from './png-writer';

export interface ExportFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

export function parsePaletteFormat(input: unknown): PaletteExportFormat {
  if (typeof input !== 'string' || !isPaletteExport(input)) {
    throw new UserFacingError('bad-request', `Unknown palette format: ${String(input)}.`);
  }
  return input;
}

export function parseSummaryFormat(input: unknown): 'csv' | 'json' {
  if (input === 'csv' || input === 'json') return input;
  throw new UserFacingError(
    'bad-request',
    `Unknown summary format: ${String(input)} (use csv or json).`,
  );
}

/** The result's palette as named entries with their pixel counts. */
export function paletteOfResult(result: ResultInfo): Palette {
  const name = result.suggestedName.replace(/\.png$/i, '');
  const entries = result.palette.map((hex, i) => ({
    ...parseHex(hex)!,
    pixels: result.counts[i] ?? 0,
  }));
  return { name, entries };
}

export function paletteFile(result: ResultInfo, format: PaletteExportFormat): Promise<ExportFile> {
  return paletteFileOf(paletteOfResult(result), format);
}

/** A palette as a file; its name is the palette's name with the format's ending. */
export async function paletteFileOf(
  palette: Palette,
  format: PaletteExportFormat,
): Promise<ExportFile> {
  if (format === 'png') {
    return {
      fileName: `${palette.name}-swatch.png`,
      mimeType: 'image/png',
      bytes: encodeIndexedPng(swatchIndexed(palette)),
    };
  }
  let file;
  try {
    file = writePalette(format, palette);
  } catch (error) {
    // A format's own limit, e.g. .act holds at most 256 colours.
    throw new UserFacingError('bad-request', (error as Error).message);
  }
  const bytes =
    typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content;
  return { fileName: `${palette.name}.${file.extension}`, mimeType: file.mimeType, bytes };
}
