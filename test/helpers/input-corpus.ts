/**
 * The corpus of awkward inputs from issue 4, made on the fly in a folder: each case says what
 * Palettize must do with it, open it (with which notes) or refuse it (with which code and words).
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { Random } from '../../src-core/random/random';
import { fixture } from './paths';

export type Expectation =
  | {
      opens: true;
      width: number;
      height: number;
      format?: string;
      notes?: RegExp;
      hasAlpha?: boolean;
    }
  | { opens: false; code: string; message: RegExp };

export interface InputCase {
  label: string;
  path: string;
  /** The name the user sees (a file's own name). */
  name: string;
  expect: Expectation;
}

const solid = (width: number, height: number, rgb: [number, number, number]) =>
  sharp({
    create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  });

/** One PNG chunk, length and checksum included. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG whose header claims `width` × `height` but whose pixels were never made. */
export function headerOnlyPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, adaptive filters, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(64))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Two-frame animated GIF: red then blue. */
async function animatedGif(): Promise<Buffer> {
  const frames = Buffer.alloc(8 * 16 * 4);
  for (let p = 0; p < 8 * 16; p++) frames.set(p < 64 ? [255, 0, 0, 255] : [0, 0, 255, 255], p * 4);
  return sharp(frames, { raw: { width: 8, height: 16, channels: 4, pageHeight: 8 } })
    .gif({ delay: [100, 100], loop: 0 })
    .toBuffer();
}

export async function makeInputCorpus(dir: string, externalUrl: string): Promise<InputCase[]> {
  const cases: InputCase[] = [];
  const add = async (
    name: string,
    label: string,
    content: Buffer | string,
    expect: Expectation,
  ) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    cases.push({ label, path, name, expect });
  };

  const truncated = join(dir, 'truncated.jpg');
  copyFileSync(fixture('truncated.jpg'), truncated);
  cases.push({
    label: 'truncated JPEG',
    path: truncated,
    name: 'truncated.jpg',
    expect: {
      opens: false,
      code: 'corrupt-image',
      message: /truncated\.jpg: the file is truncated or corrupt/,
    },
  });
  await add('empty.jpg', 'zero bytes', '', {
    opens: false,
    code: 'empty-file',
    message: /empty\.jpg: the file is empty/,
  });
  const random = new Random(5);
  await add(
    'noise.png',
    'random bytes',
    Buffer.from(Array.from({ length: 4096 }, () => random.nextInt(256))),
    {
      opens: false,
      code: 'unsupported-format',
      message: /noise\.png: it is not an image format/,
    },
  );
  await add('text.png', 'text named .png', 'Dear diary,\n', {
    opens: false,
    code: 'unsupported-format',
    message: /text\.png: it is not an image format/,
  });
  await add('really-a-png.jpg', 'wrong extension', await solid(10, 6, [1, 2, 3]).png().toBuffer(), {
    opens: true,
    width: 10,
    height: 6,
    format: 'png',
  });
  await add('dot.png', '1×1 image', await solid(1, 1, [200, 10, 10]).png().toBuffer(), {
    opens: true,
    width: 1,
    height: 1,
  });
  await add('ribbon.png', '1×20000 image', await solid(1, 20000, [9, 90, 200]).png().toBuffer(), {
    opens: true,
    width: 1,
    height: 20000,
  });
  await add('bomb.png', 'over the pixel limit (header only)', headerOnlyPng(20000, 20000), {
    opens: false,
    code: 'too-large',
    message: /bomb\.png: 20000 × 20000 is 400 megapixels, over the limit of 100 megapixels/,
  });
  await add(
    'deep.png',
    '16-bit PNG',
    await solid(8, 8, [200, 100, 50]).toColourspace('rgb16').png().toBuffer(),
    {
      opens: true,
      width: 8,
      height: 8,
      notes: /reduced to 8 bits/,
    },
  );
  await add(
    'grey.png',
    'greyscale',
    await solid(8, 8, [90, 90, 90]).toColourspace('b-w').png().toBuffer(),
    {
      opens: true,
      width: 8,
      height: 8,
      notes: /Greyscale converted to sRGB/,
    },
  );
  await add(
    'print.jpg',
    'CMYK JPEG',
    await solid(8, 8, [200, 100, 50]).toColourspace('cmyk').jpeg().toBuffer(),
    {
      opens: true,
      width: 8,
      height: 8,
      notes: /CMYK converted to sRGB/,
    },
  );
  await add(
    'wide-gamut.png',
    'Display P3 profile',
    await solid(8, 8, [255, 0, 0]).withIccProfile('p3').png().toBuffer(),
    {
      opens: true,
      width: 8,
      height: 8,
      notes: /colour profile.* converted to sRGB/,
    },
  );
  await add('blink.gif', 'animated GIF', await animatedGif(), {
    opens: true,
    width: 8,
    height: 8,
    notes: /only the first of 2 frames/,
  });
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20">' +
    '<rect width="30" height="20" fill="#00ff00"/>' +
    `<image href="${externalUrl}" x="0" y="0" width="30" height="20"/>` +
    '<image href="local-secret.png" x="0" y="0" width="30" height="20"/>' +
    '</svg>';
  writeFileSync(join(dir, 'local-secret.png'), await solid(30, 20, [255, 0, 255]).png().toBuffer());
  await add('external.svg', 'SVG referencing an external URL and a local file', svg, {
    opens: true,
    width: 30,
    height: 20,
    format: 'svg',
    notes: /external references ignored/,
  });
  await add(
    'Sommer Ferien – Åre.png',
    'path with spaces and non-ASCII letters',
    await solid(5, 5, [1, 1, 1]).png().toBuffer(),
    {
      opens: true,
      width: 5,
      height: 5,
    },
  );
  return cases;
}
