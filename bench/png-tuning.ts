/**
 * How the PNG writer's compression trials were chosen: pngquant quantizes each photo, we decode
 * its PNG and re-encode the very same pixels with each trial alone, and compare sizes with
 * pngquant's file. The writer then keeps the smallest of its trials (PALETTE_TRIALS).
 *
 *   npx tsx bench/png-tuning.ts [COLOURS=2,4,16,64,256] [CQ100 sample size=8]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:zlib';
import {
  encodeIndexedPng,
  PALETTE_TRIALS,
  type CompressionTrial,
} from '../src-main/services/png-writer';
import {
  fixed,
  geometricMean,
  indexPixels,
  isDirectory,
  log,
  pngquantVersion,
  runPngquant,
  sharedDir,
  writeRawAsPng,
} from './bench-util';
import { decodeToChannels } from '../src-main/services/image-decode';

const CANDIDATES: Record<string, CompressionTrial> = {};
for (const memLevel of [9, 8, 7, 6, 5]) {
  CANDIDATES[`none/default/mem${memLevel}`] = {
    filter: 'none',
    strategy: constants.Z_DEFAULT_STRATEGY,
    memLevel,
  };
}
CANDIDATES['none/filtered/mem8'] = { filter: 'none', strategy: constants.Z_FILTERED, memLevel: 8 };
CANDIDATES['none/rle/mem9'] = { filter: 'none', strategy: constants.Z_RLE, memLevel: 9 };
CANDIDATES['minsum/default/mem9'] = {
  filter: 'minsum',
  strategy: constants.Z_DEFAULT_STRATEGY,
  memLevel: 9,
};
CANDIDATES['minsum/filtered/mem8'] = {
  filter: 'minsum',
  strategy: constants.Z_FILTERED,
  memLevel: 8,
};

async function main(): Promise<void> {
  if (!pngquantVersion()) {
    log('pngquant is not installed: nothing to compare with.');
    return;
  }
  const colourCounts = (process.argv[2] ?? '2,4,16,64,256').split(',').map(Number);
  const photos = samplePhotos(Number(process.argv[3] ?? 8));
  if (photos.length === 0) {
    log(`no photos under ${sharedDir}: nothing to measure.`);
    return;
  }
  const names = [...Object.keys(CANDIDATES), 'writer default (best of its trials)'];
  log(`our bytes / pngquant's (--speed 1 --nofs), same pixels, per trial: ${names.join(' | ')}`);
  const work = mkdtempSync(join(tmpdir(), 'palettize-png-tuning-'));
  const ratios = new Map<string, number[]>();
  try {
    for (const photo of photos) {
      const input = join(work, 'input.png');
      await writeRawAsPng(await decodeToChannels(photo, 3), input);
      for (const colours of colourCounts) {
        const output = join(work, 'pngquant.png');
        await runPngquant(input, output, colours, ['--speed', '1', '--nofs']);
        const theirs = readFileSync(output).length;
        const image = indexPixels(await decodeToChannels(output, 3));
        const trials = { ...CANDIDATES, 'writer default (best of its trials)': undefined };
        const cells: string[] = [];
        for (const [name, trial] of Object.entries(trials)) {
          const ours = encodeIndexedPng(image, trial ? { trials: [trial] } : {}).length;
          const list = ratios.get(name) ?? [];
          list.push(ours / theirs);
          ratios.set(name, list);
          cells.push(fixed(ours / theirs, 3));
        }
        log(`${photo.split('/').pop()} k=${colours}: ${cells.join(' ')}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log();
  log('our bytes / pngquant bytes on the same pixels (geometric mean, largest):');
  for (const [name, list] of ratios) {
    log(
      `  ${name.padEnd(36)} ×${fixed(geometricMean(list), 4)}  max ×${fixed(Math.max(...list), 3)}`,
    );
  }
  for (const [depth, trials] of Object.entries(PALETTE_TRIALS)) {
    const names = trials.map((t) => `${t.filter}/strategy ${t.strategy}/mem${t.memLevel}`);
    log(`writer trials at ${depth} bits: ${names.join(', ')}`);
  }
}

function samplePhotos(cq100Count: number): string[] {
  const photos: string[] = [];
  const imagesDir = join(sharedDir, 'images');
  if (isDirectory(imagesDir)) {
    for (const file of ['china.jpg', 'coffee.png', 'chelsea.png', 'rocket.jpg', 'logo.png']) {
      photos.push(join(imagesDir, file));
    }
  }
  const cq100Dir = join(sharedDir, 'datasets/CQ100/img');
  if (isDirectory(cq100Dir)) {
    const all = readdirSync(cq100Dir)
      .filter((file) => file.endsWith('.png'))
      .sort();
    const count = Math.min(cq100Count, all.length);
    for (let i = 0; i < count; i++) {
      photos.push(join(cq100Dir, all[Math.floor((i * all.length) / count)]!));
    }
  }
  return photos;
}

main().catch((error: unknown) => {
  process.stderr.write(`png-tuning: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
