/**
 * JASC palette (.pal), as Paint Shop Pro, Aseprite and many pixel-art tools read it: "JASC-PAL",
 * "0100", the colour count, then "R G B" per line, with CRLF line ends. No alpha.
 */
import type { Palette, PaletteEntry, PaletteFile } from './palette';

export function writeJascPal(palette: Palette): PaletteFile {
  const lines = ['JASC-PAL', '0100', String(palette.entries.length)];
  for (const entry of palette.entries) lines.push(`${entry.r} ${entry.g} ${entry.b}`);
  return { extension: 'pal', mimeType: 'text/plain', content: `${lines.join('\r\n')}\r\n` };
}

export function readJascPal(text: string, name = ''): Palette {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines[0] !== 'JASC-PAL') throw new Error('not a JASC palette: no "JASC-PAL" header');
  const count = Number(lines[2]);
  if (!Number.isInteger(count) || count < 0)
    throw new Error('not a JASC palette: bad colour count');
  const entries: PaletteEntry[] = lines.slice(3, 3 + count).map((line) => {
    const [r, g, b] = line.split(/\s+/).map(Number);
    if ([r, g, b].some((v) => v === undefined || !Number.isInteger(v) || v < 0 || v > 255)) {
      throw new Error(`not a JASC palette: bad colour line "${line}"`);
    }
    return { r: r!, g: g!, b: b!, a: 255, pixels: 0 };
  });
  if (entries.length !== count) throw new Error('not a JASC palette: fewer colours than announced');
  return { name, entries };
}
