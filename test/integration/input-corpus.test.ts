/**
 * Every awkward input of the corpus through the real decoder: it opens with the right facts and
 * notes, or it is refused with a specific reason naming the file; an SVG never fetches anything.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src-main/services/errors';
import { decodeImage } from '../../src-main/services/image-decode';
import { tempDir } from '../helpers/images';
import { fixture } from '../helpers/paths';
import { makeInputCorpus, type InputCase } from '../helpers/input-corpus';

let server: Server;
let requestsSeen = 0;
let corpus: InputCase[] = [];

beforeAll(async () => {
  server = createServer((_request, response) => {
    requestsSeen++;
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  corpus = await makeInputCorpus(tempDir(), `http://127.0.0.1:${port}/pixel.png`);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the input corpus through decodeImage', () => {
  it('covers every case of the issue', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
  });

  it('opens or refuses each input as specified', async () => {
    for (const input of corpus) {
      const outcome = await decodeImage(input.path).then(
        (image) => ({ image }),
        (error: unknown) => ({ error }),
      );
      const { expect: wanted } = input;
      if (wanted.opens) {
        expect('image' in outcome, `${input.label} should open`).toBe(true);
        if (!('image' in outcome)) continue;
        const { image } = outcome;
        expect([image.width, image.height], input.label).toEqual([wanted.width, wanted.height]);
        expect(image.data.length, input.label).toBe(image.width * image.height * image.channels);
        if (wanted.format) expect(image.format, input.label).toBe(wanted.format);
        if (wanted.notes) expect(image.notes.join(' '), input.label).toMatch(wanted.notes);
      } else {
        expect('error' in outcome, `${input.label} should be refused`).toBe(true);
        if (!('error' in outcome)) continue;
        expect(outcome.error, input.label).toBeInstanceOf(UserFacingError);
        expect((outcome.error as UserFacingError).code, input.label).toBe(wanted.code);
        expect((outcome.error as UserFacingError).message, input.label).toMatch(wanted.message);
      }
    }
  });

  it('converts colour profiles, CMYK and 16-bit data to 8-bit sRGB values', async () => {
    const byName = (name: string) => corpus.find((c) => c.name === name)!.path;
    const firstPixel = async (name: string) =>
      Array.from((await decodeImage(byName(name))).data.subarray(0, 3));
    expect(await firstPixel('wide-gamut.png')).toEqual([255, 0, 0]); // stored as P3 (234, 51, 35)
    expect(await firstPixel('deep.png')).toEqual([200, 100, 50]);
    const cmyk = await firstPixel('print.jpg');
    cmyk.forEach((value, i) => expect(Math.abs(value - [200, 100, 50][i]!)).toBeLessThan(30));
    expect(await firstPixel('blink.gif')).toEqual([255, 0, 0]); // the first frame, not the second
    // An sRGB profile needs no conversion, so opening says nothing about it.
    expect((await decodeImage(fixture('china.jpg'))).notes).toEqual([]);
  });

  it('renders an SVG without fetching its external or local references', async () => {
    const svg = corpus.find((c) => c.name === 'external.svg')!;
    const image = await decodeImage(svg.path);
    expect(requestsSeen).toBe(0);
    // Only the green rectangle is drawn: neither the remote image nor local-secret.png (magenta).
    for (let p = 0; p < image.width * image.height; p++) {
      expect(Array.from(image.data.subarray(p * image.channels, p * image.channels + 3))).toEqual([
        0, 255, 0,
      ]);
    }
  });

  it('honours a smaller pixel limit', async () => {
    const ribbon = corpus.find((c) => c.name === 'ribbon.png')!;
    await expect(decodeImage(ribbon.path, { maxPixels: 10_000 })).rejects.toThrow(
      /ribbon\.png: 1 × 20000 is 20,000 pixels, over the limit of 10,000 pixels/,
    );
  });
});
