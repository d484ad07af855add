/**
 * GIMP palette (.gpl), as GIMP and Inkscape read it: a "GIMP Palette" header, Name and Columns
 * lines, then one "R G B<TAB>name" line per colour. It has no alpha.
 */
import { hexOf, type Palette, type PaletteEntry, type PaletteFile } from './palette';

export function writeGpl(palette: Palette): PaletteFile {
  const columns = Math.min(16, Math.max(1, Math.ceil(Math.sqrt(palette.entries.length))));
  const lines = ['GIMP Palette', `Name: ${oneLine(palette.name)}`, `Columns: ${columns}`, '#'];
  for (const entry of palette.entries) {
    const rgb = [entry.r, entry.g, entry.b].map((v) => String(v).padStart(3, ' ')).join(' ');
    lines.push(`${rgb}\t${hexOf(entry, false)}`);
  }
  return { extension: 'gpl', mimeType: 'text/plain', content: `${lines.join('\n')}\n` };
}

export function readGpl(text: string): Palette {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'GIMP Palette')
    throw new Error('not a GIMP palette: no "GIMP Palette" header');
  let name = '';
  const entries: PaletteEntry[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('Name:')) name = line.slice(5).trim();
    const match = /^\s*(\d{1,3})\s+(\d{1,3})\s+(\d{1,3})(\s|$)/.exec(line);
    if (match) entries.push({ r: +match[1]!, g: +match[2]!, b: +match[3]!, a: 255, pixels: 0 });
  }
  return { name, entries };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
