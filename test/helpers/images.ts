/** Image helpers for tests: decode with sharp, collect colours, make bad and large files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Random } from '../../src-core/random/random';
import { decodeToChannels } from '../../src-main/services/image-decode';

/** An image's pixels as 8-bit sRGB with `channels` channels (3 unless asked), as the app decodes it. */
export function decodeRgb(input: string | Uint8Array, channels: 3 | 4 = 3) {
  return decodeToChannels(input, channels);
}

/** The set of distinct colours, as hex strings. */
export function colourSet(data: Uint8Array, channels: number): Set<string> {
  const colours = new Set<string>();
  for (let i = 0; i < data.length; i += channels) {
    colours.add(
      '#' +
        Array.from(data.subarray(i, i + channels), (v) => v.toString(16).padStart(2, '0')).join(''),
    );
  }
  return colours;
}

export function tempDir(prefix = 'palettize-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The classic bad inputs: a zero-byte file and a text file named .png. */
export function writeBadInputs(dir: string): { empty: string; textAsPng: string } {
  const empty = join(dir, 'empty.png');
  const textAsPng = join(dir, 'notes.png');
  writeFileSync(empty, '');
  writeFileSync(textAsPng, 'This is a text file, not a PNG.\n');
  return { empty, textAsPng };
}

/** A noisy PNG with very many distinct colours: slow to quantize at high k (for cancel tests). */
export async function writeNoisyPng(path: string, width: number, height: number): Promise<void> {
  const random = new Random(99);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = random.nextInt(256);
  await sharp(data, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toFile(path);
}

/** 64×32 RGBA: left half opaque red, right half fully transparent (hiding varied colours), one 50 % blue pixel. */
export async function writeTranslucentPng(path: string): Promise<void> {
  const width = 64;
  const height = 32;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (x < width / 2) data.set([255, 0, 0, 255], i);
      else data.set([x * 4, y * 8, 77, 0], i);
    }
  }
  data.set([0, 0, 255, 128], 0);
  await sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toFile(path);
}

/**
 * A photo tiled and jittered (±12 per channel) to `width` × `height`: a stand-in for a very large
 * photo, with millions of distinct colours.
 */
export function tiledPhoto(
  photo: { data: Uint8Array; width: number; height: number },
  width: number,
  height: number,
): { data: Uint8Array; width: number; height: number; channels: 3 } {
  const data = new Uint8Array(width * height * 3);
  const random = new Random(5);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = ((y % photo.height) * photo.width + (x % photo.width)) * 3;
      for (let d = 0; d < 3; d++) {
        const v = photo.data[from + d]! + random.nextInt(25) - 12;
        data[(y * width + x) * 3 + d] = Math.min(255, Math.max(0, v));
      }
    }
  }
  return { data, width, height, channels: 3 };
}
