/**
 * The worker supervisor with real processes: a worker that keeps dying on start is relaunched
 * with growing waits; once one comes up the count resets; a killed worker fails its job clearly
 * and the next job works; stopping the worker is not the end of the client.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeWorkerLauncher } from '../../src-main/worker/node-launcher';
import {
  defaultBackoff,
  WorkerClient,
  type WorkerLauncher,
} from '../../src-main/worker/worker-client';
import { failureOf } from '../helpers/failures';
import { tempDir } from '../helpers/images';
import { builtWorkerScript, fixture, repoRoot } from '../helpers/paths';

const crashOnStart = nodeWorkerLauncher(join(repoRoot, 'test/helpers/crash-on-start.mjs'));

describe('worker supervisor', () => {
  it('waits longer before each relaunch of a worker that keeps dying on start', async () => {
    const waits: number[] = [];
    const client = new WorkerClient(crashOnStart, { sleep: async (ms) => void waits.push(ms) });
    for (let attempt = 0; attempt < 5; attempt++) {
      const error = await failureOf(
        client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' }),
      );
      expect(error.code).toBe('worker-crashed');
      expect(error.message).toMatch(/stopped unexpectedly \(exit code 3\)/);
    }
    expect(waits).toEqual([250, 1000, 4000]);
    expect(defaultBackoff(20)).toBe(10_000);
    client.dispose();
  });

  it('resets the count once a worker comes up', async () => {
    const waits: number[] = [];
    let launches = 0;
    const real = nodeWorkerLauncher(builtWorkerScript());
    const flaky: WorkerLauncher = () => (++launches <= 2 ? crashOnStart() : real());
    const client = new WorkerClient(flaky, { sleep: async (ms) => void waits.push(ms) });
    await failureOf(client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' }));
    await failureOf(client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' }));
    expect((await client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' })).width).toBe(
      640,
    );
    expect(waits).toEqual([250]);

    // A crash of a worker that had come up is a first crash again: relaunch at once.
    process.kill(client.workerPid!, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' })).width).toBe(
      640,
    );
    expect(waits).toEqual([250]);
    client.dispose();
  });

  it('stops the worker without ending the client', async () => {
    const client = new WorkerClient(nodeWorkerLauncher(builtWorkerScript()));
    await client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' });
    const first = client.workerPid;
    expect(first).toBeGreaterThan(0);
    let stopped = false;
    const inFlight = client.quantize(
      fixture('china.jpg'),
      join(tempDir(), 'x.png'),
      { colours: 256, seed: 0 },
      {
        onProgress: () => {
          if (!stopped) client.stopWorker('The window closed.');
          stopped = true;
        },
      },
    );
    expect((await failureOf(inFlight)).message).toBe('The window closed.');
    expect(client.workerPid).toBeNull();
    const figures = await client.quantize(fixture('china.jpg'), join(tempDir(), 'y.png'), {
      colours: 4,
      seed: 0,
    });
    expect(figures.paletteSize).toBe(4);
    expect(client.workerPid).not.toBe(first);
    client.dispose();
    await expect(
      client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' }),
    ).rejects.toThrow(/closing/);
  });
});
