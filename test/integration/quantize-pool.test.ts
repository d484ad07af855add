/**
 * The quantize pool with real worker threads (the built app/main/quantize-thread.js): results bit
 * for bit those of `quantize` on this thread, tasks side by side, a queue, cancel by abort, and a
 * thread that dies fails only its own task.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { quantize, type RawImage } from '../../src-core/quantize/quantize';
import { Random } from '../../src-core/random/random';
import { encodeIndexedPng } from '../../src-main/services/png-writer';
import { QuantizePool } from '../../src-main/threads/quantize-pool';
import { failureOf } from '../helpers/failures';
import { decodeRgb } from '../helpers/images';
import { builtThreadScript, fixture, threadScriptWith } from '../helpers/paths';

let pool: QuantizePool | null = null;

afterEach(async () => {
  await pool?.dispose();
  pool = null;
});

function noise(width: number, height: number): RawImage {
  const random = new Random(7);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = random.nextInt(256);
  return { data, width, height, channels: 3 };
}

describe('quantize pool', () => {
  it('gives each count exactly what quantize gives on this thread, PNG included', async () => {
    const china = await decodeRgb(fixture('china.jpg'));
    pool = new QuantizePool({ script: builtThreadScript(), size: 2 });
    const runs = [
      { algorithm: 'wu', counts: [2, 16, 300, 64] },
      { algorithm: 'kmeans', counts: [3, 40, 300] },
    ] as const;
    for (const { algorithm, counts } of runs) {
      const options = { algorithm, seed: 3 };
      const outcomes = await Promise.all(
        counts.map((colours) =>
          pool!.run({ image: china, options, colours, mostColours: 300, encode: true }),
        ),
      );
      for (const [i, colours] of counts.entries()) {
        const here = quantize(china, { ...options, colours });
        const { result, png } = outcomes[i]!;
        expect(result.palette).toEqual(here.palette);
        expect(result.indices).toEqual(here.indices);
        expect(result.counts).toEqual(here.counts);
        expect([result.mse, result.inertia, result.iterations]).toEqual([
          here.mse,
          here.inertia,
          here.iterations,
        ]);
        const ownPng = encodeIndexedPng({ ...here, width: china.width, height: china.height });
        expect(png).toEqual(ownPng);
      }
    }
  });

  it('runs tasks side by side, one per thread, and queues the rest', async () => {
    const image = noise(700, 500);
    pool = new QuantizePool({ script: builtThreadScript(), size: 2 });
    const events: string[] = [];
    const task = (name: string, colours: number) =>
      pool!
        .run(
          { image, options: { algorithm: 'wu' }, colours },
          { onProgress: () => events.push(`${name} progress`) },
        )
        .then(() => events.push(`${name} done`));
    await Promise.all([task('a', 1024), task('b', 1000), task('c', 900)]);
    const done = (name: string) => events.indexOf(`${name} done`);
    const firstProgress = (name: string) => events.indexOf(`${name} progress`);
    // a and b start at once; c waits for a thread to come free.
    expect(firstProgress('b')).toBeLessThan(done('a'));
    expect(firstProgress('a')).toBeLessThan(done('b'));
    expect(firstProgress('c')).toBeGreaterThan(Math.min(done('a'), done('b')));
    expect(pool.threadCount).toBe(2);
  });

  it('cancels a running task at once and a queued one before it starts', async () => {
    const image = noise(1200, 900);
    pool = new QuantizePool({ script: builtThreadScript(), size: 1 });
    const running = new AbortController();
    const queued = new AbortController();
    let queuedProgress = 0;
    const first = pool.run(
      { image, options: {}, colours: 1024 },
      { signal: running.signal, onProgress: () => running.abort() },
    );
    const second = pool.run(
      { image, options: {}, colours: 1000 },
      { signal: queued.signal, onProgress: () => queuedProgress++ },
    );
    const failures = [failureOf(first), failureOf(second)];
    queued.abort();
    expect((await failures[0]!).code).toBe('cancelled');
    expect((await failures[1]!).code).toBe('cancelled');
    expect(queuedProgress).toBe(0);
    expect(pool.threadCount).toBe(0); // the busy thread was ended, not left to finish
    const next = await pool.run({ image: noise(300, 200), options: {}, colours: 4 });
    expect(next.result.paletteSize).toBe(4);
  });

  it('fails only the task whose thread dies, and starts a fresh thread for the next', async () => {
    // A thread that dies on a 13-colour task, as a crashing native module or the OOM killer would.
    const script = threadScriptWith('if (message.colours === 13) process.exit(3);');
    pool = new QuantizePool({ script, size: 1 });
    const image = noise(300, 200);
    const doomed = await failureOf(pool.run({ image, options: {}, colours: 13 }));
    expect(doomed.code).toBe('worker-crashed');
    expect(doomed.message).toMatch(/exit code 3/);
    const next = await pool.run({ image, options: {}, colours: 12 });
    expect(next.result.paletteSize).toBe(12);
  });

  it('reports a bad task as a clear failure and keeps its thread', async () => {
    pool = new QuantizePool({ script: builtThreadScript(), size: 1 });
    const image = noise(300, 200);
    const failure = await failureOf(pool.run({ image, options: {}, colours: 5000 }));
    expect(failure.code).toBe('bad-request');
    expect(failure.message).toBe('The colour count must be between 2 and 1024.');
    expect((await pool.run({ image, options: {}, colours: 3 })).result.paletteSize).toBe(3);
    expect(pool.threadCount).toBe(1);
  });

  it('fails what is still queued or running when disposed', async () => {
    pool = new QuantizePool({ script: builtThreadScript(), size: 1 });
    const image = noise(1200, 900);
    const failures = [1024, 1000].map((colours) =>
      failureOf(pool!.run({ image, options: {}, colours })),
    );
    await pool.dispose();
    for (const failure of failures) expect((await failure).code).toBe('cancelled');
    expect((await failureOf(pool.run({ image, options: {}, colours: 4 }))).code).toBe('cancelled');
  });
});
