/**
 * `npm run bench`: Palettize against pngquant and scikit-learn, on the shared photos and a CQ100
 * sample, in one run on this machine.
 *
 *  1. per image and colour count: our time, pngquant's, both MSEs and both PNG sizes
 *  2. the whole sweep 2…1024 on china.jpg, in this thread and on the quantize threads
 *  3. our MSE against scikit-learn's KMeans (mse8 in ../shared/reference)
 *  4. a 24-megapixel image: time and peak memory (child process)
 *  5. the CLI as a process against `pngquant --speed 4`, one 256-colour PNG per file, on china.jpg
 *     and on CQ100 photos and photos 1920 pixels wide
 *  6. the speed targets on the CQ100 sample at k = 256, with the default kmeans and with wu
 *
 * Whatever is missing (../shared, pngquant, the built CLI) is skipped with a message.
 *   npm run bench -- [--ks 16,64,256] [--cq100 8] [--large-budget 120] [--cli-photos 12] [--quick]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Algorithm } from '../src-core/quantize/options';
import { ImageQuantizer, quantize, type RawImage } from '../src-core/quantize/quantize';
import {
  decodeImage,
  decodeToChannels,
  rawPixels,
  type DecodedImage,
} from '../src-main/services/image-decode';
import { encodeIndexedPng, encodeIndexedPngAsync } from '../src-main/services/png-writer';
import { defaultThreadCount, QuantizePool } from '../src-main/threads/quantize-pool';
import {
  fixed,
  formatHeader,
  formatRow,
  geometricMean,
  indexPixels,
  isDirectory,
  log,
  meanSquaredError,
  median,
  pngquantVersion,
  repoRoot,
  runPngquant,
  sharedDir,
  timed,
  timedProcess,
  writeRawAsPng,
  type Column,
} from './bench-util';

const SWEEP = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

interface Settings {
  ks: number[];
  cq100: number;
  largeBudgetSeconds: number;
  largeColours: number[];
  sweep: boolean;
  large: boolean;
  /** Files of each size for the CLI against pngquant (besides china.jpg). */
  cliPhotos: number;
}

function readSettings(): Settings {
  const { values } = parseArgs({
    options: {
      ks: { type: 'string', default: '16,64,256' },
      cq100: { type: 'string', default: '8' },
      'large-budget': { type: 'string', default: '120' },
      'large-colours': { type: 'string', default: '16,256' },
      'no-sweep': { type: 'boolean', default: false },
      'no-large': { type: 'boolean', default: false },
      'cli-photos': { type: 'string', default: '12' },
      quick: { type: 'boolean', default: false },
    },
  });
  const numbers = (text: string) => text.split(',').map(Number);
  const quick = values.quick;
  return {
    ks: quick ? [16, 64] : numbers(values.ks),
    cq100: quick ? 2 : Number(values.cq100),
    largeBudgetSeconds: quick ? 30 : Number(values['large-budget']),
    largeColours: numbers(values['large-colours']),
    sweep: !values['no-sweep'] && !quick,
    large: !values['no-large'],
    cliPhotos: quick ? 1 : Number(values['cli-photos']),
  };
}

interface Photo {
  name: string;
  path: string;
  /** Shared test photo (the size target is over these), a CQ100 sample, or a photo 1920 wide. */
  set: 'shared' | 'cq100' | 'fixture' | 'large';
}

/** One measured (image, k): ours and, when pngquant ran, its figures. */
interface Measurement {
  photo: Photo;
  colours: number;
  ourSeconds: number;
  ourMse: number;
  ourBytes: number;
  pngquant?: { seconds: number; mse: number; bytes: number; reencodedBytes: number };
}

async function main(): Promise<void> {
  const started = performance.now();
  const settings = readSettings();
  const pngquant = pngquantVersion();
  const work = mkdtempSync(join(tmpdir(), 'palettize-bench-'));
  log(`Palettize bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model}),`);
  log(`${(totalmem() / 2 ** 30).toFixed(0)} GB, pngquant ${pngquant ?? 'not installed'}`);
  if (!pngquant) log('pngquant is not installed: its columns stay empty (apt install pngquant).');
  try {
    const photos = collectPhotos(settings.cq100);
    const measurements = await compareWithPngquant(photos, settings.ks, pngquant, work);
    const sweep = settings.sweep ? await orSkip(() => sweepChina(photos), []) : [];
    await orSkip(() => compareWithScikitLearn([...measurements, ...sweep]), undefined);
    if (settings.large) await orSkip(() => largeImage(settings), undefined);
    await orSkip(() => cliAgainstPngquant(photos, pngquant, work, settings), undefined);
    await orSkip(() => speedTargets(photos, measurements, settings), undefined);
    log();
    log(`bench done in ${fixed((performance.now() - started) / 1000, 0)} s.`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One section failing (a core in the middle of a change, say) leaves the others to run. */
async function orSkip<T>(section: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await section();
  } catch (error) {
    log(`   failed: ${(error as Error).message.split('\n')[0]}`);
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// The images

function collectPhotos(cq100Count: number): Photo[] {
  const photos: Photo[] = [];
  const imagesDir = join(sharedDir, 'images');
  if (isDirectory(imagesDir)) {
    for (const file of readdirSync(imagesDir).sort()) {
      if (/\.(png|jpe?g|webp|tiff?)$/i.test(file)) {
        photos.push({ name: file, path: join(imagesDir, file), set: 'shared' });
      }
    }
  } else {
    log(`${imagesDir} not found: using the test fixture china.jpg only.`);
    photos.push({
      name: 'china.jpg',
      path: join(repoRoot, 'test/fixtures/china.jpg'),
      set: 'fixture',
    });
  }
  const cq100Dir = join(sharedDir, 'datasets/CQ100/img');
  if (cq100Count > 0 && isDirectory(cq100Dir)) {
    const all = readdirSync(cq100Dir)
      .filter((file) => file.endsWith('.png'))
      .sort();
    for (const file of evenlySpaced(all, cq100Count)) {
      photos.push({ name: `CQ100/${file}`, path: join(cq100Dir, file), set: 'cq100' });
    }
  } else if (cq100Count > 0) {
    log(`${cq100Dir} not found: no CQ100 sample.`);
  }
  return photos;
}

/**
 * `count` items evenly spaced through `items` (in alphabetical order): a fixed sample, the same on
 * every run.
 */
function evenlySpaced<T>(items: T[], count: number): T[] {
  const n = Math.min(count, items.length);
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

// ---------------------------------------------------------------------------------------------
// 1. Ours against pngquant

const TABLE: Column[] = [
  { title: 'image', width: 32, left: true },
  { title: 'k', width: 4 },
  { title: 'ours s', width: 7 },
  { title: 'pq s', width: 6 },
  { title: 'time×', width: 6 },
  { title: 'ours MSE', width: 9 },
  { title: 'pq MSE', width: 9 },
  { title: 'ours bytes', width: 10 },
  { title: 'pq bytes', width: 9 },
  { title: 'bytes×', width: 6 },
  { title: 'enc×', width: 6 },
];

async function compareWithPngquant(
  photos: Photo[],
  ks: number[],
  pngquant: string | null,
  work: string,
): Promise<Measurement[]> {
  log();
  log(`1. Ours (k-means, in process: quantize + our PNG writer, deflating on libuv's threads as`);
  log(
    `   the CLI and the app do) against pngquant as a process (--speed 1 --nofs), k = ${ks.join(', ')}.`,
  );
  log(`   MSE of each written PNG against the decoded original, per channel value. time× and`);
  log(`   bytes× are ours / pngquant's; enc× is our writer re-encoding pngquant's own pixels /`);
  log(`   pngquant's file (the encoder alone).`);
  log();
  log(formatHeader(TABLE));
  const measurements: Measurement[] = [];
  for (const photo of photos) {
    let image: DecodedImage;
    try {
      image = await decodeImage(photo.path);
    } catch (error) {
      log(`${photo.name}: skipped (${(error as Error).message})`);
      continue;
    }
    const input = join(work, `${basename(photo.name, extname(photo.name))}.png`);
    if (pngquant) await writeRawAsPng(image, input);
    for (const colours of ks) {
      try {
        const measurement = await measure(photo, image, colours, pngquant ? input : null, work);
        measurements.push(measurement);
        log(formatRow(TABLE, tableCells(measurement)));
      } catch (error) {
        log(`${photo.name} k=${colours}: failed (${(error as Error).message.split('\n')[0]})`);
      }
    }
  }
  summarise(measurements);
  return measurements;
}

async function measure(
  photo: Photo,
  image: DecodedImage,
  colours: number,
  pngquantInput: string | null,
  work: string,
): Promise<Measurement> {
  // Encoded as the CLI and the app encode: the deflate blocks on libuv's threads.
  const ours = await timed(async () => {
    const result = quantize(image, { colours });
    return {
      result,
      png: await encodeIndexedPngAsync({ ...result, width: image.width, height: image.height }),
    };
  });
  // Measured on the file, exactly as pngquant's is: decode and compare with the original.
  const ourMse = await mseOfPng(ours.value.png, image);
  if (Math.abs(ourMse - ours.value.result.mse) > 1e-6 * Math.max(1, ourMse)) {
    log(`  warning: the core reports MSE ${ours.value.result.mse}, the written PNG has ${ourMse}`);
  }
  const measurement: Measurement = {
    photo,
    colours,
    ourSeconds: ours.seconds,
    ourMse,
    ourBytes: ours.value.png.length,
  };
  if (pngquantInput && colours <= 256) {
    const output = join(work, `pngquant-${colours}.png`);
    const { seconds } = await runPngquant(pngquantInput, output, colours, [
      '--speed',
      '1',
      '--nofs',
    ]);
    const file = readFileSync(output);
    const pixels = await decodeToChannels(file, image.channels);
    measurement.pngquant = {
      seconds,
      mse: meanSquaredError(pixels.data, image.data),
      bytes: file.length,
      reencodedBytes: encodeIndexedPng(indexPixels(pixels)).length,
    };
  }
  return measurement;
}

function tableCells(m: Measurement): string[] {
  const pq = m.pngquant;
  return [
    m.photo.name,
    String(m.colours),
    fixed(m.ourSeconds, 3),
    pq ? fixed(pq.seconds, 3) : '—',
    pq ? fixed(m.ourSeconds / pq.seconds, 2) : '—',
    fixed(m.ourMse, 2),
    pq ? fixed(pq.mse, 2) : '—',
    String(m.ourBytes),
    pq ? String(pq.bytes) : '—',
    pq ? fixed(m.ourBytes / pq.bytes, 3) : '—',
    pq ? fixed(pq.reencodedBytes / pq.bytes, 3) : '—',
  ];
}

function summarise(measurements: Measurement[]): void {
  const compared = measurements.filter((m) => m.pngquant);
  log();
  if (compared.length === 0) {
    log(`summary: ${measurements.length} runs, nothing to compare with (no pngquant).`);
    return;
  }
  const ratio = (pick: (m: Measurement) => [number, number]) => (m: Measurement) => {
    const [ours, theirs] = pick(m);
    return ours / theirs;
  };
  const time = ratio((m) => [m.ourSeconds, m.pngquant!.seconds]);
  const mse = ratio((m) => [m.ourMse, m.pngquant!.mse]);
  const bytes = ratio((m) => [m.ourBytes, m.pngquant!.bytes]);
  const encoder = ratio((m) => [m.pngquant!.reencodedBytes, m.pngquant!.bytes]);
  const worst = (list: Measurement[], of: (m: Measurement) => number) => {
    const top = list.reduce((a, b) => (of(b) > of(a) ? b : a));
    return `${fixed(of(top), 3)} (${top.photo.name} k=${top.colours})`;
  };
  const shared = compared.filter((m) => m.photo.set !== 'cq100');
  log(
    `summary over ${compared.length} runs (geometric means of ours/pngquant): ` +
      `time ×${fixed(geometricMean(compared.map(time)), 2)}, ` +
      `MSE ×${fixed(geometricMean(compared.map(mse)), 3)}, ` +
      `PNG bytes ×${fixed(geometricMean(compared.map(bytes)), 3)} (largest ${worst(compared, bytes)}), ` +
      `encoder alone ×${fixed(geometricMean(compared.map(encoder)), 3)} (largest ${worst(compared, encoder)}).`,
  );
  if (shared.length > 0) {
    log(
      `PNG size target over the shared photos (${shared.length} runs): ` +
        `bytes ×${fixed(geometricMean(shared.map(bytes)), 3)}, largest ${worst(shared, bytes)}; ` +
        `encoder alone ×${fixed(geometricMean(shared.map(encoder)), 3)}, largest ${worst(shared, encoder)}.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The sweep

async function sweepChina(
  photos: Photo[],
  algorithm: Algorithm = 'kmeans',
): Promise<Measurement[]> {
  const photo = photos.find((p) => p.name === 'china.jpg');
  log();
  if (!photo) {
    log('2. Sweep: china.jpg not found, skipped.');
    return [];
  }
  log(
    `${algorithm === 'kmeans' ? '2. The' : '   The'} whole sweep ${SWEEP[0]}…${SWEEP.at(-1)} ` +
      `on china.jpg with ${algorithm} (quantize + encode, in process, one quantizer for all ` +
      `counts, deflate blocks on libuv's threads)`,
  );
  const image = await decodeImage(photo.path);
  const measurements: Measurement[] = [];
  const cells: string[] = [];
  // As the CLI and the pool's threads run a sweep: the counts share the image's preparation.
  const quantizer = new ImageQuantizer(image, { algorithm }, SWEEP.at(-1));
  for (const colours of SWEEP) {
    const { value, seconds } = await timed(async () => {
      const result = quantizer.quantize(colours);
      return {
        result,
        png: await encodeIndexedPngAsync({ ...result, width: image.width, height: image.height }),
      };
    });
    measurements.push({
      photo,
      colours,
      ourSeconds: seconds,
      ourMse: value.result.mse,
      ourBytes: value.png.length,
    });
    cells.push(`${colours}: ${fixed(seconds, 2)} s`);
  }
  const total = measurements.reduce((sum, m) => sum + m.ourSeconds, 0);
  log(`   ${cells.join(', ')}`);
  log(`   sweep total: ${fixed(total, 2)} s`);
  await sweepOnThreads(image, algorithm, measurements);
  return measurements;
}

/**
 * The same sweep as the CLI and the app run it: every count queued at once on the quantize pool
 * (one thread per core), wall time from the first task to the last PNG. The results must be the
 * ones measured in this thread.
 */
async function sweepOnThreads(
  image: DecodedImage,
  algorithm: Algorithm,
  inProcess: Measurement[],
): Promise<void> {
  const script = join(repoRoot, 'app/main/quantize-thread.js');
  if (!existsSync(script)) {
    log('   on threads: app/main/quantize-thread.js is missing (npm run build), skipped.');
    return;
  }
  const pool = new QuantizePool({ script, size: defaultThreadCount() });
  try {
    const mostColours = SWEEP.at(-1)!;
    const run = (pixels: RawImage) =>
      Promise.all(
        SWEEP.map((colours) =>
          pool.run({ image: pixels, options: { algorithm }, colours, mostColours, encode: true }),
        ),
      );
    await run(image); // starts the threads, as a running app or a long CLI run has them
    // A copy of the pixels is a new image to the threads: they prepare it again, as for a photo
    // just opened, rather than reuse what the first run made.
    const { value: outcomes, seconds } = await timed(() =>
      run({ ...image, data: image.data.slice() }),
    );
    const same = outcomes.every(
      (outcome, i) =>
        outcome.result.mse === inProcess[i]!.ourMse &&
        outcome.png!.length === inProcess[i]!.ourBytes,
    );
    log(
      `   on ${pool.size} threads (started): ${fixed(seconds, 2)} s wall time, ` +
        `×${fixed(inProcess.reduce((sum, m) => sum + m.ourSeconds, 0) / seconds, 2)} faster; ` +
        `results ${same ? 'identical to' : 'DIFFERENT from'} the in-process ones.`,
    );
  } finally {
    await pool.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Against scikit-learn

async function compareWithScikitLearn(
  measurements: Measurement[],
  algorithm: Algorithm = 'kmeans',
): Promise<void> {
  const tsv = join(sharedDir, 'reference/peers-on-shared-images.tsv');
  log();
  if (!existsSync(tsv)) {
    log(`3. scikit-learn reference: ${tsv} not found, skipped.`);
    return;
  }
  const reference = readReference(tsv);
  log(
    `${algorithm === 'kmeans' ? '3. Our' : `   ${algorithm}'s`} MSE / scikit-learn ` +
      'KMeans(k, n_init=1) mse8 (its centres rounded to 8 bits)',
  );
  const pairs: { name: string; colours: number; ratio: number }[] = [];
  const seen = new Set<string>();
  for (const m of measurements) {
    const key = `${m.photo.name}\t${m.colours}`;
    const sklearn = reference.get(key);
    if (sklearn === undefined || seen.has(key)) continue;
    seen.add(key);
    const mse = await sameInputMse(m, algorithm);
    pairs.push({ name: m.photo.name, colours: m.colours, ratio: mse / sklearn });
  }
  if (pairs.length === 0) {
    log('   no measured (image, k) is in the reference table.');
    return;
  }
  pairs.sort((a, b) => a.name.localeCompare(b.name) || a.colours - b.colours);
  const byImage = new Map<string, string[]>();
  for (const pair of pairs) {
    const list = byImage.get(pair.name) ?? [];
    list.push(`${pair.colours}: ${fixed(pair.ratio, 3)}`);
    byImage.set(pair.name, list);
  }
  for (const [name, list] of byImage) log(`   ${name.padEnd(12)} ${list.join(', ')}`);
  const worst = pairs.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  log(
    `   geometric mean ×${fixed(geometricMean(pairs.map((p) => p.ratio)), 4)} over ${pairs.length} (image, k); ` +
      `worst ×${fixed(worst.ratio, 3)} (${worst.name} k=${worst.colours}).`,
  );
}

/**
 * Our MSE on the pixels scikit-learn saw. PIL's convert('RGB') ignores embedded ICC profiles,
 * while our decoder converts to sRGB (rocket.jpg's profile moves its pixels by an MSE of ~69),
 * so a photo whose raw values differ from our decoding is quantized again from its raw values.
 */
async function sameInputMse(m: Measurement, algorithm: Algorithm): Promise<number> {
  let raw = rawPixelsCache.get(m.photo.path);
  if (raw === undefined) {
    const pils = await rawPixels(sharp(m.photo.path, { ignoreIcc: true }), 3);
    const ours = await decodeImage(m.photo.path);
    const same = ours.channels === 3 && Buffer.from(ours.data).equals(pils.data);
    raw = same ? null : pils;
    rawPixelsCache.set(m.photo.path, raw);
    if (raw) {
      log(
        `   (${m.photo.name}: its ICC profile changes its pixels; quantized again from the raw values PIL reads)`,
      );
    }
  }
  return raw ? quantize(raw, { colours: m.colours, algorithm }).mse : m.ourMse;
}

/** Per photo: null when our decoding equals the raw values, else the raw pixels. */
const rawPixelsCache = new Map<string, RawImage | null>();

function readReference(path: string): Map<string, number> {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = head!.split('\t');
  const image = columns.indexOf('image');
  const colours = columns.indexOf('colours');
  const mse8 = columns.indexOf('sklearn_kmeans_mse8');
  const reference = new Map<string, number>();
  for (const row of rows) {
    const cells = row.split('\t');
    reference.set(`${cells[image]}\t${cells[colours]}`, Number(cells[mse8]));
  }
  return reference;
}

// ---------------------------------------------------------------------------------------------
// 4. A 24-megapixel image

async function largeImage(settings: Settings): Promise<void> {
  const dir = join(sharedDir, 'datasets/unsplash-1920');
  log();
  const photo = isDirectory(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jpg'))
        .sort()[0]
    : undefined;
  if (!photo) {
    log(`4. 24 MP: no photo in ${dir}, skipped.`);
    return;
  }
  log(
    `4. 24 MP: ${photo} resized in memory, k = ${settings.largeColours.join(', ')}, ` +
      `in a child process (peak RSS includes Node, sharp and the 72 MB of pixels); ` +
      `budget ${settings.largeBudgetSeconds} s.`,
  );
  const records = await runWithBudget(
    [
      '--require',
      'tsx/cjs',
      join(repoRoot, 'bench/large-image.ts'),
      join(dir, photo),
      '24',
      settings.largeColours.join(','),
    ],
    settings.largeBudgetSeconds,
    (record) => {
      if (record.event === 'image') {
        log(
          `   ${record.width}×${record.height} made in ${fixed(record.seconds as number, 2)} s; ` +
            `RSS ${fixed(record.rssMb as number, 0)} MB`,
        );
      } else if (record.event === 'pool') {
        log(
          `   k=${record.colours} on the pool of ${record.threads} threads: quantize ` +
            `${fixed(record.quantizeSeconds as number, 2)} s, with encoding ` +
            `${fixed(record.threadSeconds as number, 2)} s, wall ${fixed(record.seconds as number, 2)} s; ` +
            `${record.blocksHelped} of about ${record.blocks} pixel blocks done by lent threads; ` +
            `result ${record.same ? 'identical to' : 'DIFFERENT from'} the one above; ` +
            `peak RSS ${fixed(record.peakMb as number, 0)} MB`,
        );
      } else {
        log(
          `   k=${record.colours}: quantize ${fixed(record.quantizeSeconds as number, 2)} s ` +
            `(${record.iterations} iterations), encode ${fixed(record.encodeSeconds as number, 2)} s ` +
            `(${fixed(record.parallelEncodeSeconds as number, 2)} s with its deflate blocks on ` +
            `libuv's threads, ${record.parallelEncodeSame ? 'same' : 'DIFFERENT'} bytes), ` +
            `${record.bytes} bytes, MSE ${fixed(record.mse as number, 2)}, ` +
            `peak RSS ${fixed(record.peakMb as number, 0)} MB`,
        );
      }
    },
  );
  const finished = new Set(records.filter((r) => r.event === 'result').map((r) => r.colours));
  for (const colours of settings.largeColours) {
    if (!finished.has(colours) && records.stopped) {
      log(
        `   k=${colours}: not finished within the ${settings.largeBudgetSeconds} s budget ` +
          `(stopped; peak RSS by then ${records.stoppedPeakMb ?? '?'} MB).`,
      );
    }
  }
}

type LargeRecord = Record<string, unknown>;

/** Runs a Node child, hands each JSON line to `onRecord`, and stops it after `budgetSeconds`. */
function runWithBudget(
  args: string[],
  budgetSeconds: number,
  onRecord: (record: LargeRecord) => void,
): Promise<LargeRecord[] & { stopped?: boolean; stoppedPeakMb?: number }> {
  return new Promise((resolvePromise) => {
    const records: LargeRecord[] & { stopped?: boolean; stoppedPeakMb?: number } = [];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const record = JSON.parse(buffered.slice(0, newline)) as LargeRecord;
        buffered = buffered.slice(newline + 1);
        records.push(record);
        onRecord(record);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
    const timer = setTimeout(() => {
      records.stopped = true;
      records.stoppedPeakMb = peakOfProcess(child.pid);
      child.kill('SIGKILL');
    }, budgetSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !records.stopped) log(`   failed: ${errors.trim().split('\n')[0]}`);
      resolvePromise(records);
    });
  });
}

/** Peak resident memory of a running process in MB, from /proc (Linux); undefined elsewhere. */
function peakOfProcess(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return kilobytes ? Math.round(Number(kilobytes) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// 5. The CLI as a process

/** The files the CLI is timed on: china.jpg, and photos of the two larger sizes when present. */
function cliPhotos(photos: Photo[], perSize: number): Photo[] {
  const china = photos.filter((p) => p.name === 'china.jpg');
  const cq100 = evenlySpaced(
    photos.filter((p) => p.set === 'cq100'),
    perSize,
  );
  const largeDir = join(sharedDir, 'datasets/unsplash-1920');
  const large = isDirectory(largeDir)
    ? readdirSync(largeDir)
        .filter((file) => /\.jpe?g$/i.test(file))
        .sort()
        .map((file): Photo => ({
          name: `unsplash/${file}`,
          path: join(largeDir, file),
          set: 'large',
        }))
    : [];
  return [...china, ...cq100, ...evenlySpaced(large, perSize)];
}

interface CliRun {
  seconds: number;
  mse: number;
}

/**
 * One 256-colour PNG per file, each tool as a whole process (start, read, quantize, write), the
 * median of 3 runs: the CLI with the default and with `wu`, and `pngquant --speed 4` as users run
 * it (with its default dithering). The files range from 0.27 to 2.5 megapixels, since the fixed
 * costs (starting Node, V8 optimising the code while it runs) weigh most on the smallest.
 */
async function cliAgainstPngquant(
  photos: Photo[],
  pngquant: string | null,
  work: string,
  settings: Settings,
): Promise<void> {
  log();
  const cli = join(repoRoot, 'app/main/cli.js');
  if (!existsSync(cli)) {
    log('5. CLI process: app/main/cli.js is missing (npm run bench builds it first), skipped.');
    return;
  }
  const files = cliPhotos(photos, settings.cliPhotos);
  if (!pngquant || files.length === 0) {
    log('5. CLI process against pngquant: needs pngquant and the shared photos, skipped.');
    return;
  }
  log('5. One 256-colour PNG per file, whole process each (start, read, quantize, write), median');
  log(
    '   of 3 runs: the CLI with kmeans (the default) and wu, pngquant --speed 4 with its default',
  );
  log("   dithering. MSE of each written PNG against the input; ratio× is our time / pngquant's.");
  log();
  log(formatHeader(CLI_TABLE));
  const ratios = new Map<string, { kmeans: number; wu: number }[]>();
  for (const photo of files) {
    let row: CliRow;
    try {
      row = await timeCliOnFile(photo, cli, work);
    } catch (error) {
      log(`${photo.name}: failed (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    const { kmeans, wu, pngquant: theirs } = row;
    const set = photo.set === 'fixture' ? 'shared' : photo.set;
    const group = ratios.get(set) ?? [];
    group.push({ kmeans: kmeans.seconds / theirs.seconds, wu: wu.seconds / theirs.seconds });
    ratios.set(set, group);
    log(formatRow(CLI_TABLE, cliCells(photo.name, row)));
  }
  log();
  for (const [set, group] of ratios) {
    const mean = (key: 'kmeans' | 'wu') => fixed(geometricMean(group.map((r) => r[key])), 2);
    const met = (key: 'kmeans' | 'wu') => group.filter((r) => r[key] <= 1).length;
    log(
      `   ${CLI_SETS[set]}, ${group.length} file(s): time × pngquant kmeans ×${mean('kmeans')}, ` +
        `wu ×${mean('wu')}; no slower on ${met('kmeans')} and ${met('wu')}.`,
    );
  }
}

interface CliRow {
  megapixels: number;
  kmeans: CliRun;
  wu: CliRun;
  pngquant: CliRun;
}

/** One file through the CLI (the default, then `wu`) and through pngquant, each as users run it. */
async function timeCliOnFile(photo: Photo, cli: string, work: string): Promise<CliRow> {
  const image = await decodeImage(photo.path);
  const name = basename(photo.name, extname(photo.name));
  const input = join(work, `cli-${name}.png`);
  await writeRawAsPng(image, input);
  const ours = async (algorithm: Algorithm): Promise<CliRun> => {
    const outDir = join(work, `cli-${algorithm}`);
    mkdirSync(outDir, { recursive: true });
    const args = [cli, input, '--colours', '256', '--algorithm', algorithm];
    const run = await repeat(() =>
      timedProcess(process.execPath, [...args, '--out', outDir, '--force']),
    );
    const mse = await mseOfPng(readFileSync(join(outDir, `cli-${name}-256.png`)), image);
    return { seconds: run.seconds, mse };
  };
  const kmeans = await ours('kmeans');
  const wu = await ours('wu');
  const output = join(work, 'pngquant-speed4.png');
  const theirs = await repeat(() => runPngquant(input, output, 256, ['--speed', '4']));
  return {
    megapixels: (image.width * image.height) / 1e6,
    kmeans,
    wu,
    pngquant: { seconds: theirs.seconds, mse: await mseOfPng(readFileSync(output), image) },
  };
}

const CLI_SETS: Record<string, string> = {
  shared: 'china.jpg',
  cq100: 'CQ100 (768×512)',
  large: 'unsplash (1920 wide)',
};

const CLI_TABLE: Column[] = [
  { title: 'file', width: 33, left: true },
  { title: 'MP', width: 4 },
  { title: 'kmeans s', width: 8 },
  { title: 'wu s', width: 5 },
  { title: 'pq s', width: 5 },
  { title: 'km×', width: 5 },
  { title: 'wu×', width: 4 },
  { title: 'MSE km', width: 6 },
  { title: 'MSE wu', width: 6 },
  { title: 'MSE pq', width: 6 },
];

function cliCells(name: string, { megapixels, kmeans, wu, pngquant: pq }: CliRow): string[] {
  return [
    name,
    fixed(megapixels, 2),
    fixed(kmeans.seconds, 3),
    fixed(wu.seconds, 3),
    fixed(pq.seconds, 3),
    fixed(kmeans.seconds / pq.seconds, 2),
    fixed(wu.seconds / pq.seconds, 2),
    fixed(kmeans.mse, 2),
    fixed(wu.mse, 2),
    fixed(pq.mse, 2),
  ];
}

/** The MSE of a written PNG against the image it was made from: decoded, as any reader sees it. */
async function mseOfPng(png: Uint8Array, image: DecodedImage): Promise<number> {
  const pixels = await decodeToChannels(png, image.channels);
  return meanSquaredError(pixels.data, image.data);
}

/**
 * Median time of three runs, or of one when a run takes over 10 s (the budget is minutes), with
 * the last run's other figures.
 */
async function repeat<T extends { seconds: number }>(run: () => Promise<T>) {
  let last = await run();
  const times = [last.seconds];
  while (times.length < 3 && times[0]! < 10) {
    last = await run();
    times.push(last.seconds);
  }
  return { ...last, seconds: median(times), runs: times.length };
}

// ---------------------------------------------------------------------------------------------
// 6. The speed targets, with the exact default and with the fast algorithm

async function speedTargets(
  photos: Photo[],
  measurements: Measurement[],
  settings: Settings,
): Promise<void> {
  const sample = photos.filter((p) => p.set === 'cq100');
  log();
  log('6. Speed targets: quantize + remap only (no encode), one core, k = 256 on the CQ100 sample');
  log('   (768×512), with the default kmeans (exact, to its fixed point) and with wu (Wu + 8-bit');
  log('   polish), median of 3 runs each; MSE against pngquant --speed 1 --nofs from');
  log('   section 1 where it ran.');
  const rows: { kmeans: number; wu: number }[] = [];
  for (const photo of sample) {
    const image = await decodeImage(photo.path);
    const kmeans = await repeat(() => timed(() => quantize(image, { colours: 256 })));
    const wu = await repeat(() => timed(() => quantize(image, { colours: 256, algorithm: 'wu' })));
    rows.push({ kmeans: kmeans.seconds, wu: wu.seconds });
    const pq = measurements.find((m) => m.photo === photo && m.colours === 256)?.pngquant;
    log(
      `   ${photo.name.padEnd(30)} kmeans ${fixed(kmeans.seconds * 1000, 0)} ms ` +
        `(MSE ${fixed(kmeans.value.mse, 2)}), wu ${fixed(wu.seconds * 1000, 0)} ms ` +
        `(MSE ${fixed(wu.value.mse, 2)})${pq ? `, pngquant MSE ${fixed(pq.mse, 2)}` : ''}`,
    );
  }
  if (rows.length > 0) {
    log(
      `   median: kmeans ${fixed(median(rows.map((r) => r.kmeans)) * 1000, 0)} ms, ` +
        `wu ${fixed(median(rows.map((r) => r.wu)) * 1000, 0)} ms (target 100 ms).`,
    );
  }
  if (settings.sweep) {
    const sweep = await sweepChina(photos, 'wu');
    await compareWithScikitLearn(sweep, 'wu');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
