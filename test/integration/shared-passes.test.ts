/**
 * One colour count of a very large photo on the quantize pool: its passes over the pixels are
 * shared with the pool's free threads (src-core/quantize/pixel-pass.ts), with a result bit for bit
 * that of `quantize` on this thread; and a helper that dies mid-pass costs time, not the result.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { quantize, type QuantizeResult, type RawImage } from '../../src-core/quantize/quantize';
import { QuantizePool } from '../../src-main/threads/quantize-pool';
import { decodeRgb, tiledPhoto } from '../helpers/images';
import { builtThreadScript, fixture, threadScriptWith } from '../helpers/paths';

let pool: QuantizePool | null = null;
let photo: RawImage;
let here: QuantizeResult;
const colours = 24;

beforeAll(async () => {
  // 2.2 megapixels, millions of distinct colours: the grid road, nine blocks per pass.
  photo = tiledPhoto(await decodeRgb(fixture('china.jpg')), 1600, 1400);
  here = quantize(photo, { colours });
}, 60_000);

afterEach(async () => {
  await pool?.dispose();
  pool = null;
});

/** Starts every thread of the pool (so that lent threads are ready at once) and lets them idle. */
async function warm(pool: QuantizePool): Promise<void> {
  const small: RawImage = {
    data: photo.data.slice(0, 300 * 300 * 3),
    width: 300,
    height: 300,
    channels: 3,
  };
  await Promise.all(
    Array.from({ length: pool.size }, (_, i) =>
      pool.run({ image: small, options: {}, colours: 2 + i }),
    ),
  );
  expect(pool.threadCount).toBe(pool.size);
}

function expectSameAsHere(result: QuantizeResult): void {
  expect(result.distinctColours).toBe(here.distinctColours);
  expect(result.palette).toEqual(here.palette);
  expect(result.counts).toEqual(here.counts);
  expect(Buffer.from(result.indices.buffer).equals(Buffer.from(here.indices.buffer))).toBe(true);
  expect([result.mse, result.inertia, result.distortion, result.iterations]).toEqual([
    here.mse,
    here.inertia,
    here.distortion,
    here.iterations,
  ]);
}

describe('passes over the pixels shared between threads', () => {
  it('gives one count of a large photo exactly the result of this thread, with help', async () => {
    expect(here.distinctColours).toBeGreaterThan(1 << 19);
    pool = new QuantizePool({ script: builtThreadScript(), size: 3 });
    await warm(pool);
    const outcome = await pool.run({ image: photo, options: {}, colours });
    expectSameAsHere(outcome.result);
    expect(outcome.blocksHelped).toBeGreaterThan(0);
  }, 60_000);

  it('lends no thread to a small photo, whose passes are not shared', async () => {
    pool = new QuantizePool({ script: builtThreadScript(), size: 2 });
    await warm(pool);
    const small = tiledPhoto(photo, 500, 400);
    const outcome = await pool.run({ image: small, options: {}, colours });
    expect(outcome.blocksHelped).toBe(0);
  }, 60_000);

  it('runs a pass again alone when a helper dies in the middle of a block', async () => {
    // A thread that, lent to a pass, claims a block and dies in it: the block is never done.
    const script = threadScriptWith(
      `if (message.type === 'help') { Atomics.add(message.pass.control, 0, 1); process.exit(3); }`,
    );
    pool = new QuantizePool({ script, size: 2 });
    await warm(pool);
    const outcome = await pool.run({ image: photo, options: {}, colours });
    expectSameAsHere(outcome.result);
    expect(outcome.blocksHelped).toBe(0);
  }, 60_000);
});
