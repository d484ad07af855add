/**
 * The clustering worker as a real child process: decode with sharp, quantize, write the PNG,
 * report clear errors, cancel, and come back after a crash.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResultFigures } from '../../src-main/api/contract';
import type { WorkerRequest } from '../../src-main/worker/protocol';
import { nodeWorkerLauncher } from '../../src-main/worker/node-launcher';
import { WorkerClient } from '../../src-main/worker/worker-client';
import {
  colourSet,
  decodeRgb,
  tempDir,
  writeBadInputs,
  writeNoisyPng,
  writeTranslucentPng,
} from '../helpers/images';
import { failureOf } from '../helpers/failures';
import { builtWorkerScript, fixture } from '../helpers/paths';

let client: WorkerClient;
let dir: string;

beforeEach(() => {
  client = new WorkerClient(nodeWorkerLauncher(builtWorkerScript()));
  dir = tempDir();
});

afterEach(() => client.dispose());

async function expectFailure(promise: Promise<unknown>, code: string, text: RegExp) {
  const error = await failureOf(promise);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(text);
}

describe('worker process', () => {
  it('writes a 16-colour PNG whose pixels use exactly the returned palette', async () => {
    const output = join(dir, 'china-16.png');
    const stages = new Set<string>();
    const figures = await client.quantize(
      fixture('china.jpg'),
      output,
      { colours: 16, seed: 0 },
      { onProgress: (stage) => stages.add(stage) },
    );
    expect(figures.paletteSize).toBe(16);
    expect(figures.palette).toHaveLength(16);

    const written = await decodeRgb(output);
    expect([...colourSet(written.data, 3)].sort()).toEqual([...figures.palette].sort());

    // The reported MSE is the error of the written pixels against the original.
    const original = await decodeRgb(fixture('china.jpg'));
    let squared = 0;
    for (let i = 0; i < original.data.length; i++)
      squared += (original.data[i]! - written.data[i]!) ** 2;
    expect(figures.mse).toBeCloseTo(squared / original.data.length, 6);
    expect(figures.pngBytes).toBeGreaterThan(1000);
    expect(stages.has('refine')).toBe(true);
  });

  it('describes an image it opens; alpha counts only when some pixel is see-through', async () => {
    // logo.png has an alpha channel, but every pixel is opaque.
    const logo = await client.inspect(fixture('logo.png'), { displayName: 'logo.png' });
    expect(logo).toMatchObject({ width: 500, height: 500, format: 'png', hasAlpha: false });
    expect(logo.distinctColours).toBeGreaterThan(100);

    const translucent = join(dir, 'translucent.png');
    await writeTranslucentPng(translucent);
    const facts = await client.inspect(translucent, { displayName: 'translucent.png' });
    expect(facts).toMatchObject({ width: 64, height: 32, hasAlpha: true, distinctColours: 3 });
  });

  it('keeps transparency in the written PNG', async () => {
    const translucent = join(dir, 'translucent.png');
    await writeTranslucentPng(translucent);
    const output = join(dir, 'translucent-4.png');
    const figures = await client.quantize(translucent, output, { colours: 4, seed: 0 });
    const written = await decodeRgb(output, 4);
    const withAlpha = figures.palette.map((hex) => (hex.length === 7 ? `${hex}ff` : hex));
    expect(colourSet(written.data, 4)).toEqual(new Set(withAlpha));
    expect(figures.palette).toContain('#00000000');
    expect(figures.mse).toBe(0);
  });

  it('writes more than 256 colours as an exact truecolour PNG', async () => {
    const small = join(dir, 'china-small.png');
    await sharp(fixture('china.jpg')).resize(200).png().toFile(small);
    const output = join(dir, 'china-300.png');
    const figures = await client.quantize(small, output, { colours: 300, seed: 0 });
    expect(figures.paletteSize).toBe(300);
    const written = await decodeRgb(output);
    expect(colourSet(written.data, 3)).toEqual(new Set(figures.palette));
    const original = await decodeRgb(small);
    let squared = 0;
    for (let i = 0; i < original.data.length; i++)
      squared += (original.data[i]! - written.data[i]!) ** 2;
    expect(figures.mse).toBeCloseTo(squared / original.data.length, 6);
  });

  it('gives a clear error for each bad file and keeps working', async () => {
    const { empty, textAsPng } = writeBadInputs(dir);
    await expectFailure(
      client.inspect(fixture('truncated.jpg'), { displayName: 'truncated.jpg' }),
      'corrupt-image',
      /truncated\.jpg.*truncated or corrupt/,
    );
    await expectFailure(
      client.inspect(empty, { displayName: 'empty.png' }),
      'empty-file',
      /empty\.png.*empty/,
    );
    await expectFailure(
      client.inspect(textAsPng, { displayName: 'notes.png' }),
      'unsupported-format',
      /notes\.png.*not an image format/,
    );
    await expectFailure(
      client.inspect(join(dir, 'missing.jpg'), { displayName: 'missing.jpg' }),
      'not-found',
      /missing\.jpg/,
    );
    const facts = await client.inspect(fixture('china.jpg'), { displayName: 'china.jpg' });
    expect(facts.width).toBe(640);
  });

  it('cancels a running job without writing its file, then runs the next', async () => {
    const noisy = join(dir, 'noisy.png');
    await writeNoisyPng(noisy, 1200, 900);
    const cancelledOutput = join(dir, 'cancelled.png');
    const controller = new AbortController();
    const cancelled = client.quantize(
      noisy,
      cancelledOutput,
      { colours: 1024, seed: 0 },
      {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    await expectFailure(cancelled, 'cancelled', /Cancelled/);

    const next = await client.quantize(fixture('china.jpg'), join(dir, 'next.png'), {
      colours: 4,
      seed: 0,
    });
    expect(next.paletteSize).toBe(4);
    expect(existsSync(cancelledOutput)).toBe(false);
  });

  it('replaces a worker that does not let go of a cancelled job in time', async () => {
    // A real worker that never hears the cancel (its channel drops it), so it keeps the job
    // whatever the machine's speed; a quick worker could otherwise beat even a grace of 0 ms.
    const launch = nodeWorkerLauncher(builtWorkerScript());
    const deafToCancel = () => {
      const channel = launch();
      return {
        get pid() {
          return channel.pid;
        },
        send: (request: WorkerRequest) => {
          if (request.type !== 'cancel') channel.send(request);
        },
        onMessage: channel.onMessage.bind(channel),
        onExit: channel.onExit.bind(channel),
        kill: channel.kill.bind(channel),
      };
    };
    const impatient = new WorkerClient(deafToCancel, { cancelGraceMs: 50 });
    try {
      const noisy = join(dir, 'noisy.png');
      await writeNoisyPng(noisy, 1200, 900);
      await impatient.inspect(noisy, { displayName: 'noisy.png' });
      const first = impatient.workerPid;
      const controller = new AbortController();
      const cancelled = impatient.quantize(
        noisy,
        join(dir, 'never.png'),
        { colours: 1024, seed: 0 },
        {
          signal: controller.signal,
          onProgress: () => controller.abort(),
        },
      );
      await expectFailure(cancelled, 'cancelled', /Cancelled/);
      // The next job waits until the worker is free of the cancelled one: here, replaced.
      const next = await impatient.quantize(fixture('china.jpg'), join(dir, 'next.png'), {
        colours: 4,
        seed: 0,
      });
      expect(next.paletteSize).toBe(4);
      expect(impatient.workerPid).not.toBe(first);
      expect(existsSync(join(dir, 'never.png'))).toBe(false);
    } finally {
      impatient.dispose();
    }
  });

  it('fails the job in flight when the worker dies, and the next job works', async () => {
    const noisy = join(dir, 'noisy.png');
    await writeNoisyPng(noisy, 1200, 900);
    let killed = false;
    const doomed = client.quantize(
      noisy,
      join(dir, 'doomed.png'),
      { colours: 1024, seed: 0 },
      {
        onProgress: () => {
          if (!killed) process.kill(client.workerPid!, 'SIGKILL'); // as the OOM killer would
          killed = true;
        },
      },
    );
    await expectFailure(doomed, 'worker-crashed', /stopped unexpectedly/);

    const next = await client.quantize(fixture('china.jpg'), join(dir, 'after.png'), {
      colours: 8,
      seed: 0,
    });
    expect(next.paletteSize).toBe(8);
  });

  it('runs jobs side by side on its threads with quantizeLanes, with the same results', async () => {
    const noisy = join(dir, 'noisy.png');
    await writeNoisyPng(noisy, 700, 500);
    const wide = new WorkerClient(nodeWorkerLauncher(builtWorkerScript()), { quantizeLanes: 2 });
    try {
      const events: string[] = [];
      const job = (on: WorkerClient, colours: number, log: string[]) =>
        on.quantize(
          noisy,
          join(dir, `lane-${colours}-${log.length}.png`),
          { colours, seed: 0, algorithm: 'wu' },
          { onProgress: () => log.push(`${colours} progress`) },
        );
      const side = await Promise.all(
        [1024, 1000].map((colours) =>
          job(wide, colours, events).then((figures) => {
            events.push(`${colours} done`);
            return figures;
          }),
        ),
      );
      expect(events.indexOf('1000 progress')).toBeLessThan(events.indexOf('1024 done'));
      const alone = [await job(client, 1024, []), await job(client, 1000, [])];
      const untimed = (figures: ResultFigures) => ({ ...figures, milliseconds: 0 });
      expect(side.map(untimed)).toEqual(alone.map(untimed));
    } finally {
      wide.dispose();
    }
  });

  it('runs queued jobs one after another, in order', async () => {
    const order: number[] = [];
    const jobs = [2, 3, 5].map((colours) =>
      client
        .quantize(fixture('china.jpg'), join(dir, `q${colours}.png`), { colours, seed: 0 })
        .then((figures) => order.push(figures.paletteSize)),
    );
    await Promise.all(jobs);
    expect(order).toEqual([2, 3, 5]);
  });
});
