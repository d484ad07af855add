/**
 * Every palette format written, then read back; plus the byte layout each specification fixes.
 */
import { describe, expect, it } from 'vitest';
import { readAct, writeAct } from '../../../src-core/palette/act';
import { readAse, writeAse } from '../../../src-core/palette/ase';
import { PALETTE_EXPORTS, PALETTE_FORMATS, writePalette } from '../../../src-core/palette/formats';
import { readGpl, writeGpl } from '../../../src-core/palette/gpl';
import { readJascPal, writeJascPal } from '../../../src-core/palette/jasc-pal';
import { readPaintNet, writePaintNet } from '../../../src-core/palette/paintnet';
import {
  hexOf,
  paletteFromValues,
  parseHex,
  type Palette,
} from '../../../src-core/palette/palette';
import { swatchStrip } from '../../../src-core/palette/swatch';
import {
  readCss,
  readHexList,
  readJson,
  writeCss,
  writeHexList,
  writeJson,
} from '../../../src-core/palette/text-formats';
import { Random } from '../../../src-core/random/random';

function randomPalette(size: number, seed: number, withAlpha = false): Palette {
  const random = new Random(seed);
  const channels = withAlpha ? 4 : 3;
  const values = Array.from({ length: size * channels }, () => random.nextInt(256));
  const counts = Array.from({ length: size }, () => 1 + random.nextInt(1000));
  return paletteFromValues('china-16', values, channels, counts);
}

const rgbOf = (palette: Palette) => palette.entries.map((e) => [e.r, e.g, e.b]);
const text = (content: string | Uint8Array) => {
  expect(typeof content).toBe('string');
  return content as string;
};
const binary = (content: string | Uint8Array) => {
  expect(content).toBeInstanceOf(Uint8Array);
  return content as Uint8Array;
};

describe.each([2, 16, 256])('round trips with %i colours', (size) => {
  const palette = randomPalette(size, size);

  it('GIMP .gpl', () => {
    const back = readGpl(text(writeGpl(palette).content));
    expect(back.name).toBe('china-16');
    expect(rgbOf(back)).toEqual(rgbOf(palette));
  });

  it('Adobe .ase', () => {
    const back = readAse(binary(writeAse(palette).content));
    expect(back.name).toBe('china-16');
    expect(rgbOf(back)).toEqual(rgbOf(palette));
  });

  it('Adobe .act', () => {
    expect(rgbOf(readAct(binary(writeAct(palette).content)))).toEqual(rgbOf(palette));
  });

  it('JASC .pal', () => {
    expect(rgbOf(readJascPal(text(writeJascPal(palette).content)))).toEqual(rgbOf(palette));
  });

  it('Paint.NET .txt, hex list, CSS and JSON (with alpha)', () => {
    const translucent = randomPalette(size, size + 1, true);
    const withAlpha = (p: Palette) => p.entries.map((e) => [e.r, e.g, e.b, e.a]);
    expect(withAlpha(readPaintNet(text(writePaintNet(translucent).content)))).toEqual(
      withAlpha(translucent),
    );
    expect(withAlpha(readHexList(text(writeHexList(translucent).content)))).toEqual(
      withAlpha(translucent),
    );
    expect(withAlpha(readCss(text(writeCss(translucent).content)))).toEqual(withAlpha(translucent));
    const json = readJson(text(writeJson(translucent).content));
    expect(json.entries).toEqual(translucent.entries);
  });
});

describe('format details', () => {
  const palette = paletteFromValues('shop', [255, 0, 0, 0, 128, 255], 3, [3, 1]);

  it('GIMP: header, name, columns, aligned RGB then a name', () => {
    const lines = text(writeGpl(palette).content).split('\n');
    expect(lines.slice(0, 3)).toEqual(['GIMP Palette', 'Name: shop', 'Columns: 2']);
    expect(lines).toContain('255   0   0\t#ff0000');
    expect(() => readGpl('JASC-PAL\n')).toThrow(/not a GIMP palette/);
  });

  it('ASE: signature, version 1.0, block count, UTF-16 names, float RGB, normal colour type', () => {
    const bytes = binary(writeAse(palette).content);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('ASEF');
    expect([view.getUint16(4), view.getUint16(6)]).toEqual([1, 0]);
    expect(view.getUint32(8)).toBe(4); // group start, two colours, group end
    expect(view.getUint16(12)).toBe(0xc001);
    // The first colour block follows the group block: type, length, name "#ff0000" (7 chars + 0).
    const groupLength = view.getUint32(14);
    const colour = 18 + groupLength;
    expect(view.getUint16(colour)).toBe(0x0001);
    expect(view.getUint32(colour + 2)).toBe(2 + 8 * 2 + 4 + 12 + 2);
    expect(view.getUint16(colour + 6)).toBe(8);
    expect(
      String.fromCharCode(
        ...Array.from({ length: 7 }, (_, i) => view.getUint16(colour + 8 + i * 2)),
      ),
    ).toBe('#ff0000');
    const model = colour + 8 + 16;
    expect(String.fromCharCode(...bytes.subarray(model, model + 4))).toBe('RGB ');
    expect([
      view.getFloat32(model + 4),
      view.getFloat32(model + 8),
      view.getFloat32(model + 12),
    ]).toEqual([1, 0, 0]);
    expect(view.getUint16(model + 16)).toBe(2);
    expect(view.getUint16(bytes.length - 6)).toBe(0xc002);
    expect(() => readAse(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/ASEF/);
  });

  it('ACT: 772 bytes, count and transparent index at the end, at most 256 colours', () => {
    const transparent = paletteFromValues('t', [10, 20, 30, 255, 0, 0, 0, 0], 4);
    const bytes = binary(writeAct(transparent).content);
    expect(bytes.length).toBe(772);
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(768)).toBe(2);
    expect(view.getUint16(770)).toBe(1);
    expect(new DataView(binary(writeAct(palette).content).buffer).getUint16(770)).toBe(0xffff);
    expect(readAct(bytes).entries[1]!.a).toBe(0);
    expect(() => writeAct(randomPalette(257, 1))).toThrow(/at most 256/);
  });

  it('JASC: CRLF lines with header, version and count', () => {
    expect(text(writeJascPal(palette).content)).toBe(
      'JASC-PAL\r\n0100\r\n2\r\n255 0 0\r\n0 128 255\r\n',
    );
    expect(() => readJascPal('JASC-PAL\r\n0100\r\n3\r\n1 2 3\r\n')).toThrow(/fewer colours/);
  });

  it('Paint.NET: comments, then AARRGGBB', () => {
    const lines = text(writePaintNet(palette).content).trim().split('\r\n');
    expect(lines[0]).toBe('; paint.net Palette File');
    expect(lines.filter((l) => !l.startsWith(';'))).toEqual(['FFFF0000', 'FF0080FF']);
  });

  it('CSS: a :root rule with valid custom property names and shares', () => {
    const css = text(writeCss(paletteFromValues('1 Übersicht!', [1, 2, 3], 3, [5])).content);
    expect(css).toMatch(/:root \{\n {2}--palette-1-ubersicht-1: #010203; \/\* 100\.00 % \*\/\n\}/);
  });

  it('JSON: hex, rgb and the share of pixels per colour', () => {
    const document = JSON.parse(text(writeJson(palette).content)) as {
      colours: { hex: string; rgb: number[]; share: number; pixels: number }[];
    };
    expect(document.colours).toEqual([
      { hex: '#ff0000', rgb: [255, 0, 0], alpha: 255, pixels: 3, share: 0.75 },
      { hex: '#0080ff', rgb: [0, 128, 255], alpha: 255, pixels: 1, share: 0.25 },
    ]);
  });

  it('hex parsing accepts the usual spellings and refuses the rest', () => {
    expect(hexOf(parseHex('#abc')!)).toBe('#aabbcc');
    expect(hexOf(parseHex('AABBCC80')!)).toBe('#aabbcc80');
    expect(parseHex('#abcd')).toBeNull();
    expect(parseHex('red')).toBeNull();
    expect(() => readHexList('#00ff00\nnot-a-colour\n')).toThrow(/not a hex colour/);
  });

  it('every export format has a writer, plus the PNG swatch strip', () => {
    expect(PALETTE_EXPORTS).toEqual([
      'gpl',
      'ase',
      'act',
      'pal',
      'txt',
      'hex',
      'css',
      'json',
      'png',
    ]);
    for (const format of Object.keys(PALETTE_FORMATS) as (keyof typeof PALETTE_FORMATS)[]) {
      expect(writePalette(format, palette).extension).toBe(format);
    }
  });
});

describe('swatch strip', () => {
  it('lays out one square per colour, wrapping rows of 32', () => {
    const palette = randomPalette(40, 3);
    const strip = swatchStrip(palette, { size: 4 });
    expect([strip.width, strip.height, strip.channels]).toEqual([128, 8, 4]);
    const pixel = (x: number, y: number) =>
      Array.from(strip.data.subarray((y * 128 + x) * 4, (y * 128 + x) * 4 + 4));
    const entry = (i: number) => {
      const e = palette.entries[i]!;
      return [e.r, e.g, e.b, e.a];
    };
    expect(pixel(0, 0)).toEqual(entry(0));
    expect(pixel(127, 3)).toEqual(entry(31));
    expect(pixel(4 * 7 + 2, 6)).toEqual(entry(39));
    expect(pixel(127, 7)).toEqual([0, 0, 0, 0]); // no colour 64: left transparent
  });
});
