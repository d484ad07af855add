/** Plain-text palettes for the web: a hex list, CSS custom properties, and JSON with shares. */
import {
  hexOf,
  parseHex,
  sharesOf,
  type Palette,
  type PaletteEntry,
  type PaletteFile,
} from './palette';

/** One "#rrggbb" (or "#rrggbbaa") per line. */
export function writeHexList(palette: Palette): PaletteFile {
  const lines = palette.entries.map((entry) => hexOf(entry));
  return { extension: 'hex', mimeType: 'text/plain', content: `${lines.join('\n')}\n` };
}

export function readHexList(text: string, name = ''): Palette {
  const entries = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith(';') && !line.startsWith('//'))
    .map((line) => {
      const entry = parseHex(line);
      if (!entry) throw new Error(`not a hex colour: "${line}"`);
      return entry;
    });
  return { name, entries };
}

/** A :root rule with one custom property per colour: --<name>-1 … --<name>-k. */
export function writeCss(palette: Palette): PaletteFile {
  const prefix = cssIdentifier(palette.name);
  const shares = sharesOf(palette);
  const lines = palette.entries.map((entry, i) => {
    const share = shares[i]! > 0 ? ` /* ${(shares[i]! * 100).toFixed(2)} % */` : '';
    return `  --${prefix}-${i + 1}: ${hexOf(entry)};${share}`;
  });
  const header = `/* ${palette.name.replace(/\*\//g, '')}: ${palette.entries.length} colours, most used first */`;
  return {
    extension: 'css',
    mimeType: 'text/css',
    content: `${header}\n:root {\n${lines.join('\n')}\n}\n`,
  };
}

export function readCss(text: string, name = ''): Palette {
  const entries: PaletteEntry[] = [];
  for (const match of text.matchAll(/--[\w-]+\s*:\s*(#[0-9a-f]{3,8})\s*;/gi)) {
    const entry = parseHex(match[1]!);
    if (entry) entries.push(entry);
  }
  return { name, entries };
}

export interface JsonPaletteEntry {
  hex: string;
  rgb: [number, number, number];
  alpha: number;
  pixels: number;
  /** Share of the image's pixels, 0..1. */
  share: number;
}

export interface JsonPalette {
  name: string;
  colours: JsonPaletteEntry[];
}

export function writeJson(palette: Palette): PaletteFile {
  const shares = sharesOf(palette);
  const document: JsonPalette = {
    name: palette.name,
    colours: palette.entries.map((entry, i) => ({
      hex: hexOf(entry),
      rgb: [entry.r, entry.g, entry.b],
      alpha: entry.a,
      pixels: entry.pixels,
      share: Number(shares[i]!.toFixed(6)),
    })),
  };
  return {
    extension: 'json',
    mimeType: 'application/json',
    content: `${JSON.stringify(document, null, 2)}\n`,
  };
}

export function readJson(text: string): Palette {
  const document = JSON.parse(text) as JsonPalette;
  if (!Array.isArray(document.colours))
    throw new Error('not a Palettize JSON palette: no "colours" list');
  return {
    name: String(document.name ?? ''),
    entries: document.colours.map((c) => ({
      r: c.rgb[0],
      g: c.rgb[1],
      b: c.rgb[2],
      a: c.alpha,
      pixels: c.pixels,
    })),
  };
}

/** A CSS identifier from a palette name: letters, digits and dashes, never starting with a digit. */
function cssIdentifier(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents, split off by NFKD
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return /^[a-z_]/.test(cleaned) ? cleaned : `palette-${cleaned || 'colours'}`;
}
