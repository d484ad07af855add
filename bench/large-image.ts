/**
 * The large-image measurement, run by bench/run.ts in a child process of its own so that its
 * peak memory is its own: a photo resized in memory to about 24 megapixels, quantized and encoded
 * at each colour count. Prints one JSON object per line as each step finishes, so that a parent
 * that stops it after a time budget still has everything done so far.
 *
 * Each count is measured twice: in this thread (the core alone), then as the app and the CLI run
 * it, on the quantize pool, whose free threads share its passes over the pixels (threads started
 * beforehand, as in a running app; the image is new to them). The encoding is measured in this
 * thread too, then as the app and the CLI encode, with the deflate blocks on libuv's threads.
 *
 *   node --require tsx/cjs bench/large-image.ts PHOTO [MEGAPIXELS=24] [COLOURS=16,256]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { BLOCK_PIXELS } from '../src-core/quantize/pixel-pass';
import { quantize, type QuantizeResult, type RawImage } from '../src-core/quantize/quantize';
import { rawPixels } from '../src-main/services/image-decode';
import { encodeIndexedPng, encodeIndexedPngAsync } from '../src-main/services/png-writer';
import { defaultThreadCount, QuantizePool } from '../src-main/threads/quantize-pool';
import { repoRoot } from './bench-util';

/** Peak resident memory of this process so far, MB (maxRSS is in kilobytes). */
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const print = (record: object) => process.stdout.write(`${JSON.stringify(record)}\n`);

async function main(): Promise<void> {
  const [photo, megapixelsText = '24', coloursText = '16,256'] = process.argv.slice(2);
  if (!photo) throw new Error('usage: large-image.ts PHOTO [MEGAPIXELS] [COLOURS]');
  const megapixels = Number(megapixelsText);

  // As in the worker: libvips' operation cache would only hold memory we never reuse.
  sharp.cache(false);
  const started = performance.now();
  const metadata = await sharp(photo).metadata();
  const scale = Math.sqrt((megapixels * 1e6) / (metadata.width! * metadata.height!));
  const width = Math.round(metadata.width! * scale);
  const height = Math.round(metadata.height! * scale);
  const image = await rawPixels(
    sharp(photo).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }),
    3,
  );
  print({
    event: 'image',
    width,
    height,
    seconds: (performance.now() - started) / 1000,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    peakMb: peakMb(),
  });

  for (const colours of coloursText.split(',').map(Number)) {
    const quantizeStart = performance.now();
    const result = quantize(image, { colours });
    const encodeStart = performance.now();
    const png = encodeIndexedPng({ ...result, width, height });
    const done = performance.now();
    // As the app and the CLI encode: the deflate blocks on libuv's threads.
    const blocksPng = await encodeIndexedPngAsync({ ...result, width, height });
    const blocksDone = performance.now();
    print({
      event: 'result',
      colours,
      quantizeSeconds: (encodeStart - quantizeStart) / 1000,
      encodeSeconds: (done - encodeStart) / 1000,
      parallelEncodeSeconds: (blocksDone - done) / 1000,
      parallelEncodeSame: Buffer.from(blocksPng).equals(Buffer.from(png)),
      iterations: result.iterations,
      mse: result.mse,
      bytes: png.length,
      peakMb: peakMb(),
    });
    await onThePool(image, colours, result);
  }
}

async function onThePool(image: RawImage, colours: number, here: QuantizeResult): Promise<void> {
  const script = join(repoRoot, 'app/main/quantize-thread.js');
  if (!existsSync(script)) return;
  const pool = new QuantizePool({ script, size: defaultThreadCount() });
  try {
    const small = { ...image, data: image.data.slice(0, 64 * 64 * 3), width: 64, height: 64 };
    await Promise.all(
      Array.from({ length: pool.size }, () => pool.run({ image: small, options: {}, colours: 2 })),
    );
    const fresh = { ...image, data: image.data.slice() }; // new to the threads
    const started = performance.now();
    const outcome = await pool.run({ image: fresh, options: {}, colours, encode: true });
    const seconds = (performance.now() - started) / 1000;
    const { result } = outcome;
    const same =
      result.mse === here.mse &&
      result.inertia === here.inertia &&
      Buffer.from(result.palette).equals(Buffer.from(here.palette)) &&
      Buffer.from(result.indices.buffer).equals(Buffer.from(here.indices.buffer));
    print({
      event: 'pool',
      colours,
      threads: pool.size,
      seconds,
      threadSeconds: outcome.milliseconds / 1000,
      quantizeSeconds: result.milliseconds / 1000,
      blocks: 2 * Math.ceil((image.width * image.height) / BLOCK_PIXELS), // bin and remap
      blocksHelped: outcome.blocksHelped,
      same,
      peakMb: peakMb(),
    });
  } finally {
    await pool.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
