/**
 * Adobe Colour Table (.act), as Photoshop's "Save for Web" and indexed-colour mode read it:
 * 256 RGB triplets (768 bytes), then the number of colours and the index of the transparent
 * colour (0xFFFF when none) as big-endian 16-bit numbers. Holds at most 256 colours; a partly
 * transparent entry counts as opaque, a fully transparent one becomes the transparent index.
 */
import type { Palette, PaletteEntry, PaletteFile } from './palette';

export const ACT_MAX_COLOURS = 256;
const NO_TRANSPARENCY = 0xffff;

export function writeAct(palette: Palette): PaletteFile {
  if (palette.entries.length > ACT_MAX_COLOURS) {
    throw new Error(
      `An .act colour table holds at most ${ACT_MAX_COLOURS} colours, not ${palette.entries.length}.`,
    );
  }
  const bytes = new Uint8Array(772);
  palette.entries.forEach((entry, i) => bytes.set([entry.r, entry.g, entry.b], i * 3));
  const transparent = palette.entries.findIndex((entry) => entry.a === 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(768, palette.entries.length);
  view.setUint16(770, transparent >= 0 ? transparent : NO_TRANSPARENCY);
  return { extension: 'act', mimeType: 'application/octet-stream', content: bytes };
}

export function readAct(bytes: Uint8Array, name = ''): Palette {
  if (bytes.length !== 768 && bytes.length !== 772) {
    throw new Error(`not an .act colour table: ${bytes.length} bytes, not 768 or 772`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.length === 772 ? view.getUint16(768) || ACT_MAX_COLOURS : ACT_MAX_COLOURS;
  const transparent = bytes.length === 772 ? view.getUint16(770) : NO_TRANSPARENCY;
  const entries: PaletteEntry[] = [];
  for (let i = 0; i < Math.min(count, ACT_MAX_COLOURS); i++) {
    const [r, g, b] = [bytes[i * 3]!, bytes[i * 3 + 1]!, bytes[i * 3 + 2]!];
    entries.push({ r, g, b, a: i === transparent ? 0 : 255, pixels: 0 });
  }
  return { name, entries };
}
