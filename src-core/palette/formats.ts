/** Every palette format Palettize exports, by the name users and the CLI use for it. */
import { writeAct } from './act';
import { writeAse } from './ase';
import { writeGpl } from './gpl';
import { writeJascPal } from './jasc-pal';
import { writePaintNet } from './paintnet';
import type { Palette, PaletteFile } from './palette';
import { writeCss, writeHexList, writeJson } from './text-formats';

export const PALETTE_FORMATS = {
  gpl: { label: 'GIMP palette (.gpl)', write: writeGpl },
  ase: { label: 'Adobe Swatch Exchange (.ase)', write: writeAse },
  act: { label: 'Adobe Colour Table (.act)', write: writeAct },
  pal: { label: 'JASC palette (.pal)', write: writeJascPal },
  txt: { label: 'Paint.NET palette (.txt)', write: writePaintNet },
  hex: { label: 'Hex list (.hex)', write: writeHexList },
  css: { label: 'CSS custom properties (.css)', write: writeCss },
  json: { label: 'JSON with shares (.json)', write: writeJson },
} as const satisfies Record<string, { label: string; write: (palette: Palette) => PaletteFile }>;

/** Text and binary formats; the PNG swatch strip ('png') is made by the host from swatchStrip(). */
export type PaletteFormat = keyof typeof PALETTE_FORMATS;
export type PaletteExport = PaletteFormat | 'png';

export const PALETTE_EXPORTS: readonly PaletteExport[] = [
  ...(Object.keys(PALETTE_FORMATS) as PaletteFormat[]),
  'png',
];

export function isPaletteExport(name: string): name is PaletteExport {
  return (PALETTE_EXPORTS as readonly string[]).includes(name);
}

export function writePalette(format: PaletteFormat, palette: Palette): PaletteFile {
  return PALETTE_FORMATS[format].write(palette);
}
