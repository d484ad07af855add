/**
 * Adobe Swatch Exchange (.ase), as Photoshop, Illustrator and InDesign read it. Big-endian:
 * "ASEF", version 1.0, a block count, then one colour block per swatch: type 0x0001, block length,
 * the name as UTF-16BE with a terminating 0 (length counted in UTF-16 units, terminator included),
 * the model "RGB ", three float32 from 0 to 1, and the colour type (2 = normal).
 * The palette is wrapped in a group (0xC001 … 0xC002) named after it. No alpha.
 */
import { hexOf, type Palette, type PaletteEntry, type PaletteFile } from './palette';
import { ByteReader, ByteWriter } from './bytes';

const GROUP_START = 0xc001;
const GROUP_END = 0xc002;
const COLOUR = 0x0001;
const NORMAL_COLOUR = 2;

export function writeAse(palette: Palette): PaletteFile {
  const out = new ByteWriter();
  out.ascii('ASEF');
  out.u16(1);
  out.u16(0);
  out.u32(palette.entries.length + 2);
  block(out, GROUP_START, (body) => utf16Name(body, palette.name));
  for (const entry of palette.entries) {
    block(out, COLOUR, (body) => {
      utf16Name(body, hexOf(entry, false));
      body.ascii('RGB ');
      for (const value of [entry.r, entry.g, entry.b]) body.f32(value / 255);
      body.u16(NORMAL_COLOUR);
    });
  }
  block(out, GROUP_END, () => undefined);
  return { extension: 'ase', mimeType: 'application/octet-stream', content: out.bytes() };
}

export function readAse(bytes: Uint8Array): Palette {
  const input = new ByteReader(bytes);
  if (input.ascii(4) !== 'ASEF') throw new Error('not an ASE file: no ASEF signature');
  input.skip(4); // version
  const blocks = input.u32();
  let name = '';
  const entries: PaletteEntry[] = [];
  for (let b = 0; b < blocks; b++) {
    const type = input.u16();
    const length = input.u32();
    const end = input.offset + length;
    if (type === GROUP_START) name = readUtf16Name(input);
    if (type === COLOUR) {
      readUtf16Name(input);
      const model = input.ascii(4);
      if (model !== 'RGB ') throw new Error(`unsupported ASE colour model ${model}`);
      const [r, g, b2] = [input.f32(), input.f32(), input.f32()].map((v) => Math.round(v * 255));
      entries.push({ r: r!, g: g!, b: b2!, a: 255, pixels: 0 });
    }
    input.offset = end;
  }
  return { name, entries };
}

function block(out: ByteWriter, type: number, writeBody: (body: ByteWriter) => void): void {
  const body = new ByteWriter();
  writeBody(body);
  const bytes = body.bytes();
  out.u16(type);
  out.u32(bytes.length);
  out.append(bytes);
}

function utf16Name(out: ByteWriter, name: string): void {
  out.u16(name.length + 1);
  for (let i = 0; i < name.length; i++) out.u16(name.charCodeAt(i));
  out.u16(0);
}

function readUtf16Name(input: ByteReader): string {
  const units = input.u16();
  let name = '';
  for (let i = 0; i < units; i++) {
    const unit = input.u16();
    if (unit !== 0) name += String.fromCharCode(unit);
  }
  return name;
}
