/**
 * Passes over the pixels shared between a driver and helpers (src-core/quantize/pixel-pass.ts):
 * whoever runs which block, the result is the same bit for bit. Here the "helper" runs in the same
 * thread, at the moment it is recruited, so that it takes every block before the driver takes one;
 * test/integration/shared-passes.test.ts does the same with real threads.
 */
import { describe, expect, it } from 'vitest';
import { fitPaletteToPixels } from '../../../src-core/quantize/grid-remap';
import { helpWithPass, type PixelPass } from '../../../src-core/quantize/pass-helper';
import { binPixelsSteps } from '../../../src-core/quantize/pixel-grid';
import {
  allBlocksDone,
  BLOCK_PIXELS,
  DONE_BLOCKS,
  HELPED_BLOCKS,
  NEXT_BLOCK,
  NO_HELP,
  type PassBase,
  type PassHelp,
} from '../../../src-core/quantize/pixel-pass';
import { runToEnd } from '../../../src-core/quantize/steps';
import { Random } from '../../../src-core/random/random';
import { noiseImage } from './helpers';

/** Help that runs `share` of the blocks (from the front) as a second participant, when recruited. */
function eagerHelp(share: number): PassHelp & { passes: PassBase[] } {
  const passes: PassBase[] = [];
  return {
    helpers: 2,
    passes,
    memory: (bytes) => new ArrayBuffer(bytes),
    recruit(pass) {
      passes.push(pass);
      // A helper that stops after `share` of the blocks: shorten the pass while it works.
      const { blocks } = pass;
      const stop = Math.round(blocks * share);
      Object.assign(pass, { blocks: stop });
      helpWithPass(pass as PixelPass);
      // Its last, failed claim moved the counter past `stop`: the driver goes on from there.
      Atomics.store(pass.control, NEXT_BLOCK, stop);
      Object.assign(pass, { blocks });
    },
    awaitBlocks: allBlocksDone,
  };
}

/** Whether two typed arrays hold the same bytes (toEqual is slow on millions of elements). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const bytes = (v: ArrayBufferView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return a.byteLength === b.byteLength && bytes(a).every((byte, i) => byte === bytes(b)[i]);
}

/** An image of several blocks, its last one short. */
const image = noiseImage(1000, Math.ceil((3.4 * BLOCK_PIXELS) / 1000), 256, 4);
const pixelCount = image.width * image.height;

describe('shared pixel passes', () => {
  it.each([1, 0.5])('bin the same grid when a helper does %s of the blocks', (share) => {
    const alone = runToEnd(binPixelsSteps(image.data, pixelCount, 5));
    const help = eagerHelp(share);
    const shared = runToEnd(binPixelsSteps(image.data, pixelCount, 5, help));
    const [pass] = help.passes;
    expect(pass!.blocks).toBe(4);
    expect(pass!.control[HELPED_BLOCKS]).toBe(Math.round(4 * share));
    expect(pass!.control[DONE_BLOCKS]).toBe(4); // no block done twice, none run again
    expect(sameBytes(shared.counts, alone.counts)).toBe(true);
    expect(sameBytes(shared.sums, alone.sums)).toBe(true);
    expect(shared.distinctColours).toBe(alone.distinctColours);
    expect(shared.distinctColours).toBeGreaterThan(100_000);
  });

  it.each([1, 0.5])('remap to the same entries and totals when a helper does %s', (share) => {
    const random = new Random(3);
    const k = 40;
    const centres = Float64Array.from({ length: k * 3 }, () => random.next() * 255);
    const cellCluster = Int32Array.from({ length: 1 << 15 }, () => random.nextInt(k));
    const fit = (help: PassHelp) =>
      runToEnd(
        fitPaletteToPixels({
          pixels: image.data,
          bits: 5,
          centres,
          cellCluster,
          capacity: k,
          help,
        }),
      );
    const alone = fit(NO_HELP);
    const help = eagerHelp(share);
    const shared = fit(help);
    expect(help.passes.length).toBeGreaterThan(0);
    expect(help.passes[0]!.control[HELPED_BLOCKS]).toBe(Math.round(4 * share));
    expect(help.passes[0]!.control[DONE_BLOCKS]).toBe(4);
    expect(sameBytes(shared.pixelEntry, alone.pixelEntry)).toBe(true);
    expect(shared.fit).toEqual(alone.fit);
    expect([shared.inertia, shared.distanceSum]).toEqual([alone.inertia, alone.distanceSum]);
  });

  it('runs a pass again alone when a helper is lost', () => {
    const alone = runToEnd(binPixelsSteps(image.data, pixelCount, 4));
    let waits = 0;
    const losing: PassHelp = {
      helpers: 1,
      memory: (bytes) => new ArrayBuffer(bytes),
      // A helper that claims a block and dies in it: the block is never done.
      recruit: (pass) => void Atomics.add(pass.control, 0, 1),
      awaitBlocks: () => (waits++, false),
    };
    const shared = runToEnd(binPixelsSteps(image.data, pixelCount, 4, losing));
    expect(waits).toBe(1);
    expect(sameBytes(shared.counts, alone.counts)).toBe(true);
    expect(shared.distinctColours).toBe(alone.distinctColours);
  });
});
