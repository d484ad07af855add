/**
 * Paint.NET palette (.txt): ";" comment lines, then one colour per line as 8 hex digits AARRGGBB.
 * Paint.NET shows the first 96 colours of a palette; the file keeps them all.
 */
import type { Palette, PaletteEntry, PaletteFile } from './palette';

export const PAINT_NET_SHOWN_COLOURS = 96;

export function writePaintNet(palette: Palette): PaletteFile {
  const hex = (v: number) => v.toString(16).padStart(2, '0').toUpperCase();
  const lines = [
    '; paint.net Palette File',
    `; ${palette.name.replace(/[\r\n]+/g, ' ')}, ${palette.entries.length} colours`,
    '; Colors are written as 8 hexadecimal digits: AARRGGBB',
    ...palette.entries.map((e) => `${hex(e.a)}${hex(e.r)}${hex(e.g)}${hex(e.b)}`),
  ];
  return { extension: 'txt', mimeType: 'text/plain', content: `${lines.join('\r\n')}\r\n` };
}

export function readPaintNet(text: string, name = ''): Palette {
  const entries: PaletteEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    if (!/^[0-9a-f]{8}$/i.test(line))
      throw new Error(`not a Paint.NET palette: bad line "${line}"`);
    const byte = (i: number) => parseInt(line.slice(i, i + 2), 16);
    entries.push({ a: byte(0), r: byte(2), g: byte(4), b: byte(6), pixels: 0 });
  }
  return { name, entries };
}
