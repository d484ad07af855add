/** A palette as exporters see it: named, 8-bit entries with their pixel counts. */

export interface PaletteEntry {
  r: number;
  g: number;
  b: number;
  /** 255 = opaque, 0 = fully transparent. */
  a: number;
  /** Pixels of the image that use this entry (0 when unknown). */
  pixels: number;
}

export interface Palette {
  /** Shown by design tools; usually `<image>-<k>`. */
  name: string;
  entries: PaletteEntry[];
}

/** A file's worth of palette: text (written as UTF-8) or bytes. */
export interface PaletteFile {
  extension: string;
  mimeType: string;
  content: string | Uint8Array;
}

/** Builds a palette from interleaved 8-bit values (3 or 4 per entry) and optional counts. */
export function paletteFromValues(
  name: string,
  values: ArrayLike<number>,
  channels: 3 | 4,
  counts?: ArrayLike<number>,
): Palette {
  const entries: PaletteEntry[] = [];
  for (let i = 0; i * channels < values.length; i++) {
    const at = i * channels;
    entries.push({
      r: values[at]!,
      g: values[at + 1]!,
      b: values[at + 2]!,
      a: channels === 4 ? values[at + 3]! : 255,
      pixels: counts ? counts[i]! : 0,
    });
  }
  return { name, entries };
}

/** "#rrggbb", or "#rrggbbaa" when the entry is not opaque. */
export function hexOf(entry: PaletteEntry, withAlpha = entry.a !== 255): string {
  const parts = withAlpha ? [entry.r, entry.g, entry.b, entry.a] : [entry.r, entry.g, entry.b];
  return `#${parts.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Parses "#rgb", "#rrggbb" or "#rrggbbaa" (the # optional); null when it is not a colour. */
export function parseHex(text: string): PaletteEntry | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(text.trim());
  if (!match) return null;
  let digits = match[1]!;
  if (digits.length === 3) digits = [...digits].map((d) => d + d).join('');
  const byte = (i: number) => parseInt(digits.slice(i, i + 2), 16);
  return { r: byte(0), g: byte(2), b: byte(4), a: digits.length === 8 ? byte(6) : 255, pixels: 0 };
}

/** Share of the image's pixels per entry, 0..1 (all 0 when counts are unknown). */
export function sharesOf(palette: Palette): number[] {
  const total = palette.entries.reduce((sum, e) => sum + e.pixels, 0);
  return palette.entries.map((e) => (total > 0 ? e.pixels / total : 0));
}
