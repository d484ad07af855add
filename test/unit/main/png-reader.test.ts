/**
 * The plain-PNG reader: every PNG it takes gives the same pixels as sharp, with every row filter
 * and bit depth; every other PNG, and every damaged one, it leaves to sharp (null).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { Random } from '../../../src-core/random/random';
import { rawPixels } from '../../../src-main/services/image-decode';
import { readPlainPng, readPngChunks } from '../../../src-main/services/png-reader';
import { encodeIndexedPng, PNG_SIGNATURE } from '../../../src-main/services/png-writer';
import { headerOnlyPng, pngChunk } from '../../helpers/input-corpus';

/** Smooth gradients with noise, so that every filter has something to predict. */
function photoLike(width: number, height: number, channels: 3 | 4, seed = 3): Uint8Array {
  const random = new Random(seed);
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let d = 0; d < channels; d++) {
        const base = d === 3 ? 128 + 100 * Math.sin(x / 5) : (x * (d + 1) * 7 + y * 11) % 256;
        pixels[(y * width + x) * channels + d] = Math.max(
          0,
          Math.min(255, base + random.nextInt(9) - 4),
        );
      }
    }
  }
  return pixels;
}

/**
 * An 8-bit RGB(A) PNG whose row y uses filter y % 5 (PNG spec, section 9), so that every filter
 * and the first row's special cases are met; written here, decoded by sharp as the reference.
 */
function pngWithEveryFilter(pixels: Uint8Array, width: number, height: number, channels: 3 | 4) {
  const stride = width * channels;
  const rows = new Uint8Array((stride + 1) * height);
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : pixels[y * stride + x]!);
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    rows[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const [a, b, c] = [at(x - channels, y), at(x, y - 1), at(x - channels, y - 1)];
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rows[y * (stride + 1) + 1 + x] = (at(x, y) - predicted) & 255;
    }
  }
  return assemble(width, height, 8, channels === 4 ? 6 : 2, [pngChunk('IDAT', deflateSync(rows))]);
}

function assemble(
  width: number,
  height: number,
  bitDepth: number,
  colourType: number,
  chunks: Buffer[],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([bitDepth, colourType, 0, 0, 0], 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    ...chunks,
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** The PNG with `extra` chunks put right after IHDR. */
function withChunks(png: Uint8Array, ...extra: Buffer[]): Buffer {
  const afterHeader = 8 + 12 + 13;
  return Buffer.concat([png.subarray(0, afterHeader), ...extra, png.subarray(afterHeader)]);
}

async function sharpPixels(png: Uint8Array) {
  const { channels } = await sharp(png).metadata();
  return rawPixels(sharp(png), channels === 4 ? 4 : 3);
}

async function expectSameAsSharp(png: Uint8Array): Promise<void> {
  const ours = readPlainPng(png);
  expect(ours).not.toBeNull();
  const reference = await sharpPixels(png);
  expect([ours!.width, ours!.height, ours!.channels]).toEqual([
    reference.width,
    reference.height,
    reference.channels,
  ]);
  expect(Buffer.compare(Buffer.from(ours!.data), Buffer.from(reference.data))).toBe(0);
}

describe('readPlainPng', () => {
  it('reads 8-bit RGB and RGBA with each of the five row filters as sharp does', async () => {
    const [width, height] = [37, 23];
    const random = new Random(9);
    for (const channels of [3, 4] as const) {
      // Values 0..3 make Paeth's ties common, where the order of its tests decides.
      const fewValues = Uint8Array.from({ length: width * height * channels }, () =>
        random.nextInt(4),
      );
      for (const pixels of [photoLike(width, height, channels), fewValues]) {
        await expectSameAsSharp(pngWithEveryFilter(pixels, width, height, channels));
      }
    }
  });

  it("reads sharp's own PNGs, split over several IDAT chunks, as sharp does", async () => {
    const pixels = photoLike(300, 200, 3);
    const png = await sharp(pixels, { raw: { width: 300, height: 200, channels: 3 } })
      .png({ compressionLevel: 9, adaptiveFiltering: true })
      .toBuffer();
    const idat = readPngChunks(png).filter((chunk) => chunk.type === 'IDAT');
    const split = assemble(300, 200, 8, 2, [
      pngChunk('IDAT', idat[0]!.data.subarray(0, 100)),
      pngChunk('IDAT', idat[0]!.data.subarray(100)),
      ...idat.slice(1).map((chunk) => pngChunk('IDAT', chunk.data)),
    ]);
    await expectSameAsSharp(png);
    await expectSameAsSharp(split);
  });

  it('reads palette PNGs of 1, 2, 4 and 8 bits, opaque or not, as sharp does', async () => {
    const random = new Random(5);
    for (const paletteSize of [2, 3, 4, 16, 200]) {
      for (const channels of [3, 4] as const) {
        // An odd width: the last byte of each row is partly padding at 1, 2 and 4 bits.
        const [width, height] = [13, 7];
        const palette = Uint8Array.from({ length: paletteSize * channels }, () =>
          random.nextInt(256),
        );
        const indices = Uint16Array.from({ length: width * height }, (_, p) => p % paletteSize);
        const png = encodeIndexedPng({ width, height, palette, paletteSize, channels, indices });
        await expectSameAsSharp(png);
      }
    }
  });

  it('takes gamma, chromaticity and text chunks as sharp does: the stored bytes', async () => {
    const pixels = photoLike(16, 8, 3);
    const png = await sharp(pixels, { raw: { width: 16, height: 8, channels: 3 } })
      .png()
      .toBuffer();
    const gamma = Buffer.alloc(4);
    gamma.writeUInt32BE(100_000); // 1.0: a decoder that applied it would brighten every pixel
    const chromaticities = Buffer.alloc(32);
    [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000].forEach((value, i) =>
      chromaticities.writeUInt32BE(value, i * 4),
    );
    const tagged = withChunks(
      png,
      pngChunk('gAMA', gamma),
      pngChunk('cHRM', chromaticities),
      pngChunk('tEXt', Buffer.from('Comment\0made in a test', 'latin1')),
    );
    await expectSameAsSharp(tagged);
    expect(Array.from(readPlainPng(tagged)!.data)).toEqual(Array.from(pixels));
  });

  it('leaves to sharp the PNGs whose pixels need converting or orienting', async () => {
    const pixels = photoLike(16, 8, 3);
    const image = () => sharp(pixels, { raw: { width: 16, height: 8, channels: 3 } });
    const plain = await image().png().toBuffer();
    const keyed = Buffer.from([0, 1, 0, 2, 0, 3]);
    const needsSharp = {
      interlaced: await image().png({ progressive: true }).toBuffer(),
      sixteenBit: await image().toColourspace('rgb16').png().toBuffer(),
      greyscale: await image().toColourspace('b-w').png().toBuffer(),
      profile: await image().withIccProfile('p3').png().toBuffer(),
      orientation: await image().withMetadata({ orientation: 6 }).png().toBuffer(),
      colourKey: withChunks(plain, pngChunk('tRNS', keyed)),
      animation: withChunks(plain, pngChunk('acTL', Buffer.alloc(8))),
      unknownChunk: withChunks(plain, pngChunk('prVt', Buffer.from('private'))),
    };
    expect(readPlainPng(plain)).not.toBeNull();
    for (const [name, png] of Object.entries(needsSharp)) {
      expect(readPlainPng(png), name).toBeNull();
    }
  });

  it('leaves damaged PNGs to sharp, which names the fault', () => {
    const [width, height] = [9, 4];
    const rows = new Uint8Array((width * 3 + 1) * height);
    const good = assemble(width, height, 8, 2, [pngChunk('IDAT', deflateSync(rows))]);
    expect(readPlainPng(good)).not.toBeNull();

    const flipped = Buffer.from(good);
    flipped[8 + 25 + 10] = flipped[8 + 25 + 10]! ^ 1; // a byte of the IDAT data: its CRC fails
    const overlong = assemble(width, height, 8, 2, [
      pngChunk('IDAT', deflateSync(Buffer.concat([rows, Buffer.alloc(1)]))),
    ]);
    const short = assemble(width, height, 8, 2, [pngChunk('IDAT', deflateSync(rows.subarray(1)))]);
    const badFilter = Buffer.from(rows);
    badFilter[0] = 5;
    const unknownFilter = assemble(width, height, 8, 2, [pngChunk('IDAT', deflateSync(badFilter))]);
    const pastPalette = assemble(2, 1, 8, 3, [
      pngChunk('PLTE', Buffer.from([1, 2, 3])),
      pngChunk('IDAT', deflateSync(Buffer.from([0, 0, 1]))),
    ]);
    const damaged = {
      flipped,
      cutShort: good.subarray(0, good.length - 20),
      overlong,
      short,
      unknownFilter,
      pastPalette,
      noSignature: good.subarray(8),
    };
    for (const [name, png] of Object.entries(damaged)) {
      expect(readPlainPng(png), name).toBeNull();
    }
  });

  it('shows the size to the caller before inflating anything', () => {
    const bomb = headerOnlyPng(100_000, 100_000);
    const seen: number[] = [];
    expect(() =>
      readPlainPng(bomb, (width, height) => {
        seen.push(width, height);
        throw new Error('too large');
      }),
    ).toThrow('too large');
    expect(seen).toEqual([100_000, 100_000]);
  });
});
