/**
 * Our PNG encoder: every file must decode (with sharp, i.e. libspng/libpng) to exactly the
 * quantized pixels, at the smallest bit depth, with a short tRNS and valid CRCs.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { quantize } from '../../../src-core/quantize/quantize';
import { Random } from '../../../src-core/random/random';
import { decodeImage, rawPixels } from '../../../src-main/services/image-decode';
import {
  adler32,
  DEFLATE_BLOCK_BYTES,
  encodeIndexedPng,
  encodeIndexedPngAsync,
  paletteBitDepth,
  PALETTE_TRIALS,
  type CompressionTrial,
  PNG_SIGNATURE,
  SAMPLE_ABOVE_BLOCKS,
  TRUECOLOUR_TRIALS,
  type IndexedImage,
} from '../../../src-main/services/png-writer';
import { readPngChunks } from '../../../src-main/services/png-reader';
import { fixture } from '../../helpers/paths';

/** A random palette and random indices: the worst case for compression, the best for coverage. */
function randomIndexedImage(
  paletteSize: number,
  channels: 3 | 4,
  width: number,
  height: number,
  seed = 7,
): IndexedImage {
  const random = new Random(seed);
  const palette = new Uint8Array(paletteSize * channels);
  for (let i = 0; i < palette.length; i++) palette[i] = random.nextInt(256);
  const indices = new Uint16Array(width * height);
  for (let p = 0; p < indices.length; p++) indices[p] = random.nextInt(paletteSize);
  // Every entry used at least once, so a decoder has the whole palette to get right.
  for (let entry = 0; entry < Math.min(paletteSize, indices.length); entry++)
    indices[entry] = entry;
  return { width, height, palette, channels, indices, paletteSize };
}

function expandPixels(image: IndexedImage, channels: 3 | 4 = image.channels): Uint8Array {
  const pixels = new Uint8Array(image.indices.length * channels);
  for (let p = 0; p < image.indices.length; p++) {
    const entry = image.indices[p]! * image.channels;
    for (let c = 0; c < channels; c++) {
      pixels[p * channels + c] = c < image.channels ? image.palette[entry + c]! : 255;
    }
  }
  return pixels;
}

function decodePng(png: Uint8Array, channels: 3 | 4) {
  return rawPixels(sharp(png), channels);
}

function header(png: Uint8Array) {
  const ihdr = readPngChunks(png)[0]!;
  expect(ihdr.type).toBe('IHDR');
  const view = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, ihdr.data.byteLength);
  return {
    width: view.getUint32(0),
    height: view.getUint32(4),
    bitDepth: ihdr.data[8],
    colourType: ihdr.data[9],
    interlace: ihdr.data[12],
  };
}

const chunkTypes = (png: Uint8Array) => readPngChunks(png).map((chunk) => chunk.type);

/** The zlib stream of a PNG: its IDAT chunks' data, joined. */
const idatStream = (png: Uint8Array) =>
  Buffer.concat(
    readPngChunks(png)
      .filter((chunk) => chunk.type === 'IDAT')
      .map((chunk) => chunk.data),
  );

describe('encodeIndexedPng: palette images', () => {
  it.each([
    [2, 1],
    [4, 2],
    [16, 4],
    [256, 8],
    [3, 2],
    [5, 4],
    [17, 8],
  ])('%i colours: bit depth %i, decodes to the exact pixels', async (paletteSize, bitDepth) => {
    // 37 px wide: rows do not end on a byte boundary at 1, 2 and 4 bits.
    const image = randomIndexedImage(paletteSize, 3, 37, 23);
    const png = encodeIndexedPng(image);
    expect(header(png)).toEqual({ width: 37, height: 23, bitDepth, colourType: 3, interlace: 0 });
    expect(chunkTypes(png)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    expect(readPngChunks(png)[1]!.data.length).toBe(paletteSize * 3);
    const decoded = await decodePng(png, 3);
    expect(decoded.width).toBe(37);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });

  it('picks the smallest bit depth for every palette size', () => {
    expect([1, 2, 3, 4, 5, 16, 17, 256].map(paletteBitDepth)).toEqual([1, 1, 2, 2, 4, 4, 8, 8]);
  });

  it('writes a one-pixel, one-colour image', async () => {
    const image: IndexedImage = {
      width: 1,
      height: 1,
      palette: Uint8Array.of(10, 20, 30),
      channels: 3,
      indices: Uint16Array.of(0),
      paletteSize: 1,
    };
    const png = encodeIndexedPng(image);
    expect(header(png).bitDepth).toBe(1);
    expect(Array.from((await decodePng(png, 3)).data)).toEqual([10, 20, 30]);
  });

  it('round-trips a real photo quantized by the core', async () => {
    const photo = await decodeImage(fixture('china.jpg'));
    const result = quantize(photo, { colours: 16 });
    const image = { ...result, width: photo.width, height: photo.height };
    const png = encodeIndexedPng(image);
    expect(header(png).bitDepth).toBe(4);
    const decoded = await decodePng(png, 3);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });

  it('keeps the smallest of its compression trials', () => {
    const photoLike = randomIndexedImage(2, 3, 64, 64);
    const sizes = PALETTE_TRIALS[1].map((trial) =>
      encodeIndexedPng(photoLike, { trials: [trial] }),
    );
    expect(sizes.length).toBeGreaterThan(1);
    const smallest = Math.min(...sizes.map((png) => png.length));
    expect(encodeIndexedPng(photoLike).length).toBe(smallest);

    // Random noise compresses the same with every trial; diagonal bands do not, and there the
    // second trial (the minimum-sum filter) wins: keeping the first or the last would show.
    const indices = Uint16Array.from({ length: 64 * 64 }, (_, p) => ((p % 64) + (p >> 6)) >> 2);
    const bands: IndexedImage = { ...photoLike, indices: indices.map((band) => band & 1) };
    const trialPngs = PALETTE_TRIALS[1].map((trial) =>
      encodeIndexedPng(bands, { trials: [trial] }),
    );
    const lengths = trialPngs.map((png) => png.length);
    expect(lengths[1]).toBeLessThan(Math.min(lengths[0]!, lengths[2]!));
    expect(Buffer.from(encodeIndexedPng(bands)).equals(Buffer.from(trialPngs[1]!))).toBe(true);
  });
});

describe('encodeIndexedPng: transparency', () => {
  it('puts translucent entries first, keeps tRNS short and every pixel right', async () => {
    // Entries 0, 2 and 4 opaque; 1 and 3 translucent (fully and half).
    const palette = Uint8Array.of(
      ...[200, 10, 10, 255],
      ...[0, 0, 0, 0],
      ...[10, 200, 10, 255],
      ...[10, 10, 200, 128],
      ...[90, 90, 90, 255],
    );
    const indices = new Uint16Array(30 * 10);
    for (let p = 0; p < indices.length; p++) indices[p] = (p * 7 + Math.floor(p / 30)) % 5;
    const image: IndexedImage = {
      width: 30,
      height: 10,
      palette,
      channels: 4,
      indices,
      paletteSize: 5,
    };
    const png = encodeIndexedPng(image);
    const chunks = readPngChunks(png);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
    expect(Array.from(chunks[2]!.data)).toEqual([0, 128]);
    // The caller's order among opaque entries survives: translucent ones moved in front of it.
    expect(Array.from(chunks[1]!.data)).toEqual([
      ...[0, 0, 0],
      ...[10, 10, 200],
      ...[200, 10, 10],
      ...[10, 200, 10],
      ...[90, 90, 90],
    ]);
    const decoded = await decodePng(png, 4);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });

  it('writes no tRNS when an RGBA palette is all opaque', () => {
    const image = randomIndexedImage(4, 4, 8, 8);
    for (let entry = 0; entry < 4; entry++) image.palette[entry * 4 + 3] = 255;
    expect(chunkTypes(encodeIndexedPng(image))).not.toContain('tRNS');
  });

  it('round-trips a translucent photo quantized by the core', async () => {
    // test/fixtures/logo.png turns out fully opaque, so give a photo an alpha ramp instead:
    // transparent on the left, opaque on the right.
    const photo = await decodeImage(fixture('china.jpg'));
    const [width, height] = [200, 120];
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const source = (y * photo.width + x) * 3;
        rgba.set(photo.data.subarray(source, source + 3), (y * width + x) * 4);
        rgba[(y * width + x) * 4 + 3] = Math.min(255, Math.floor((x * 512) / width));
      }
    }
    const result = quantize({ data: rgba, width, height, channels: 4 }, { colours: 32 });
    const image = { ...result, width, height };
    const png = encodeIndexedPng(image);
    const trns = readPngChunks(png).find((chunk) => chunk.type === 'tRNS');
    const translucent = Array.from({ length: result.paletteSize }, (_, e) => e).filter(
      (entry) => result.palette[entry * 4 + 3]! < 255,
    );
    expect(translucent.length).toBeGreaterThan(0);
    expect(translucent.length).toBeLessThan(result.paletteSize);
    // tRNS lists exactly the translucent entries: trailing opaque ones are left out.
    expect(trns!.data.length).toBe(translucent.length);
    expect(Math.max(...trns!.data)).toBeLessThan(255);
    const decoded = await decodePng(png, 4);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });
});

describe('encodeIndexedPng: truecolour above 256 colours', () => {
  it('writes 8-bit RGB that decodes to the exact pixels', async () => {
    const image = randomIndexedImage(300, 3, 40, 30);
    const png = encodeIndexedPng(image);
    expect(header(png)).toMatchObject({ bitDepth: 8, colourType: 2 });
    expect(chunkTypes(png)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const decoded = await decodePng(png, 3);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });

  it('writes 8-bit RGBA when some entry is translucent', async () => {
    const image = randomIndexedImage(1024, 4, 50, 40);
    const png = encodeIndexedPng(image);
    expect(header(png)).toMatchObject({ bitDepth: 8, colourType: 6 });
    const decoded = await decodePng(png, 4);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });

  it('drops an all-opaque alpha channel', () => {
    const image = randomIndexedImage(400, 4, 20, 20);
    for (let entry = 0; entry < 400; entry++) image.palette[entry * 4 + 3] = 255;
    expect(header(encodeIndexedPng(image)).colourType).toBe(2);
  });

  it('decodes right with every filter choice', async () => {
    const image = randomIndexedImage(500, 3, 33, 17);
    for (const filter of ['none', 'minsum'] as const) {
      const trial = { filter, strategy: constants.Z_DEFAULT_STRATEGY, memLevel: 9 };
      const decoded = await decodePng(encodeIndexedPng(image, { trials: [trial] }), 3);
      expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
    }
  });
});

describe('deflate blocks', () => {
  it('deflates a large image in blocks: same bytes from both encoders, the exact pixels', async () => {
    // A photo at 8 bits per pixel: 427 rows of 641 filtered bytes, three blocks.
    const photo = await decodeImage(fixture('china.jpg'));
    const result = quantize(photo, { colours: 256, algorithm: 'wu' });
    const image = { ...result, width: photo.width, height: photo.height };
    expect((image.width + 1) * image.height).toBeGreaterThan(2 * DEFLATE_BLOCK_BYTES);
    const png = encodeIndexedPng(image);
    const inParallel = await encodeIndexedPngAsync(image);
    expect(Buffer.from(inParallel).equals(Buffer.from(png))).toBe(true);
    const decoded = await decodePng(png, 3);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);

    // Not zlib's single stream, but as small within 0.1 %: each block sees the window before it.
    const stream = idatStream(png);
    const single = deflateSync(inflateSync(stream), { level: 9, memLevel: 7, windowBits: 15 });
    expect(stream.equals(single)).toBe(false);
    expect(Math.abs(stream.length / single.length - 1)).toBeLessThan(0.001);
  });

  it("chooses a long stream's trial by its middle block, and keeps that block", async () => {
    // 1024 colours, truecolour: 427 rows of 1921 filtered bytes, seven blocks.
    const photo = await decodeImage(fixture('china.jpg'));
    const result = quantize(photo, { colours: 1024, algorithm: 'wu' });
    const image = { ...result, width: photo.width, height: photo.height };
    const blocks = Math.ceil(((image.width * 3 + 1) * image.height) / DEFLATE_BLOCK_BYTES);
    expect(blocks).toBeGreaterThan(SAMPLE_ABOVE_BLOCKS);
    const [none, minsum] = TRUECOLOUR_TRIALS as [CompressionTrial, CompressionTrial];
    const alone = (trial: CompressionTrial) =>
      Buffer.from(encodeIndexedPng(image, { trials: [trial] }));
    // On a photo the unfiltered stream is much the smaller, whichever trial comes first.
    expect(alone(minsum).length).toBeGreaterThan(1.1 * alone(none).length);
    for (const trials of [
      [none, minsum],
      [minsum, none],
    ]) {
      const png = Buffer.from(encodeIndexedPng(image, { trials }));
      expect(png.equals(alone(none))).toBe(true);
      expect(Buffer.from(await encodeIndexedPngAsync(image, { trials })).equals(png)).toBe(true);
    }
    // Two filtered trials: the winner's sample block, filtered from its own rows only, goes into
    // its stream, which must then be byte for byte that trial's own.
    const filtered = [minsum, { ...minsum, memLevel: 8 }];
    const png = Buffer.from(encodeIndexedPng(image, { trials: filtered }));
    expect(filtered.some((trial) => png.equals(alone(trial)))).toBe(true);
    const decoded = await decodePng(png, 3);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });

  it('samples packed palette rows too: one of its trials whole, the exact pixels', async () => {
    // 1 bit per pixel: 800 rows of 502 filtered bytes, four blocks, three trials.
    const image = randomIndexedImage(2, 3, 4001, 800);
    for (let p = 0; p < image.indices.length; p++) {
      const [x, y] = [p % image.width, Math.floor(p / image.width)];
      image.indices[p] = (Math.floor(x / 13) + Math.floor(y / 7)) & 1;
    }
    expect(Math.ceil((502 * 800) / DEFLATE_BLOCK_BYTES)).toBeGreaterThan(SAMPLE_ABOVE_BLOCKS);
    const png = Buffer.from(encodeIndexedPng(image));
    expect(Buffer.from(await encodeIndexedPngAsync(image)).equals(png)).toBe(true);
    const alone = PALETTE_TRIALS[1].map((trial) =>
      Buffer.from(encodeIndexedPng(image, { trials: [trial] })),
    );
    expect(alone.some((single) => single.equals(png))).toBe(true);
    const decoded = await decodePng(png, 3);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expandPixels(image)))).toBe(true);
  });

  it('writes a stream of one block exactly as zlib does', async () => {
    const photo = await decodeImage(fixture('china.jpg'));
    const result = quantize(photo, { colours: 256, algorithm: 'wu' });
    // The top rows of the photo, as many as one block holds (a filter-type byte each).
    const height = Math.floor(DEFLATE_BLOCK_BYTES / (photo.width + 1));
    const png = await encodeIndexedPngAsync({
      ...result,
      indices: result.indices.subarray(0, photo.width * height),
      width: photo.width,
      height,
    });
    const stream = idatStream(png);
    expect(inflateSync(stream).length).toBeLessThan(DEFLATE_BLOCK_BYTES);
    const zlibs = deflateSync(inflateSync(stream), { level: 9, memLevel: 7, windowBits: 15 });
    expect(stream.equals(zlibs)).toBe(true);
  });

  it('checksums with Adler-32 as zlib does', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    const random = new Random(11);
    // Long enough for the sums to be reduced many times; all 255s make them grow fastest.
    for (const fill of ['random', 'ones'] as const) {
      const bytes = new Uint8Array(100_003);
      for (let i = 0; i < bytes.length; i++) bytes[i] = fill === 'ones' ? 255 : random.nextInt(256);
      const stream = deflateSync(bytes);
      expect(adler32(bytes)).toBe(stream.readUInt32BE(stream.length - 4));
    }
  });
});

describe('PNG structure', () => {
  it('starts with the signature, and every chunk has a valid CRC', () => {
    for (const paletteSize of [2, 200, 700]) {
      const png = encodeIndexedPng(randomIndexedImage(paletteSize, 4, 16, 16));
      expect(Array.from(png.subarray(0, 8))).toEqual(Array.from(PNG_SIGNATURE));
      const chunks = readPngChunks(png);
      expect(chunks.every((chunk) => chunk.crcValid)).toBe(true);
      expect(chunks.at(-1)).toMatchObject({ type: 'IEND', crc: 0xae426082 });
    }
  });

  it('notices a corrupted byte through the CRC', () => {
    const png = encodeIndexedPng(randomIndexedImage(16, 3, 16, 16));
    png[20] ^= 0xff; // inside IHDR's data
    expect(readPngChunks(png)[0]!.crcValid).toBe(false);
  });

  it('refuses indices outside the palette and inconsistent sizes', () => {
    const image = randomIndexedImage(4, 3, 4, 4);
    expect(() => encodeIndexedPng({ ...image, paletteSize: 3 })).toThrow(RangeError);
    expect(() => encodeIndexedPng({ ...image, width: 5 })).toThrow(RangeError);
    expect(() => encodeIndexedPng({ ...image, palette: new Uint8Array(6) })).toThrow(RangeError);
  });

  it('refuses what is not a PNG', () => {
    expect(() => readPngChunks(new Uint8Array(16))).toThrow(/signature/);
  });
});
