/**
 * The `palettize` command: its option parsing as a function, and the built CLI
 * (app/main/cli.js) as a real process: exit codes, one-line errors, JSON lines, the table, and
 * files that are never overwritten without --force.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseColourList, UsageError } from '../../src-main/cli/options';
import { runCli, type CliIo } from '../../src-main/cli/run';
import { readPngChunks } from '../../src-main/services/png-reader';
import { encodeIndexedPng } from '../../src-main/services/png-writer';
import { decodeImage } from '../../src-main/services/image-decode';
import { quantize } from '../../src-core/quantize/quantize';
import { readAse } from '../../src-core/palette/ase';
import { readGpl } from '../../src-core/palette/gpl';
import { hexOf } from '../../src-core/palette/palette';
import { readJson } from '../../src-core/palette/text-formats';
import { colourSet, decodeRgb, tempDir, tiledPhoto } from '../helpers/images';
import { makeInputCorpus } from '../helpers/input-corpus';
import { fixture, repoRoot } from '../helpers/paths';
import { runNodeAs, userRefusedByReadOnly, type ChildUser } from '../helpers/unprivileged';

const china = fixture('china.jpg');
const truncated = fixture('truncated.jpg');

type Run = Awaited<ReturnType<typeof runNodeAs>>;

function builtCli(): string {
  const script = join(repoRoot, 'app/main/cli.js');
  if (!existsSync(script)) {
    throw new Error(
      'app/main/cli.js is missing: run `npm run build` before the integration tests.',
    );
  }
  return script;
}

function palettize(...args: string[]): Promise<Run> {
  return palettizeWithNode([], ...args);
}

/** The built CLI with options for Node itself (`--require` a hook, say). */
function palettizeWithNode(nodeOptions: string[], ...args: string[]): Promise<Run> {
  return runNodeAs({}, [...nodeOptions, builtCli(), ...args]);
}

/** The built CLI run as `user`. */
function palettizeAs(user: ChildUser, ...args: string[]): Promise<Run> {
  return runNodeAs(user, [builtCli(), ...args]);
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const jsonLines = (text: string) =>
  lines(text).map((line) => JSON.parse(line) as Record<string, unknown>);

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no UsageError for ${argv.join(' ')}`);
}

describe('option parsing', () => {
  it('reads single counts, lists, ranges and mixes, sorted without repeats', () => {
    expect(parseColourList('16')).toEqual([16]);
    expect(parseColourList('2,4,8')).toEqual([2, 4, 8]);
    expect(parseColourList('2-6')).toEqual([2, 3, 4, 5, 6]);
    expect(parseColourList('2-1024')).toHaveLength(1023);
    expect(parseCliArgs(['a.jpg', '--colours', '8,2-4,4', '--colours', '16']).colours).toEqual([
      2, 3, 4, 8, 16,
    ]);
  });

  it('defaults to 16 colours, and --sweep gives the powers of two up to 1024', () => {
    expect(parseCliArgs(['a.jpg']).colours).toEqual([16]);
    expect(parseCliArgs(['a.jpg', '--sweep']).colours).toEqual([
      2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
    ]);
  });

  it('passes every engine setting through, and leaves absent ones out', () => {
    const options = parseCliArgs([
      'a.jpg',
      ...['--algorithm', 'minibatch', '--init', 'kmeans++', '--space', 'oklab'],
      ...['--dither', 'fs', '--dither-strength', '0.75', '--seed', '42'],
      ...['--n-init', '3', '--max-iter', '50', '--tol', '1e-5'],
    ]);
    expect(options.engine).toEqual({
      algorithm: 'minibatch',
      init: 'kmeans++',
      space: 'oklab',
      dither: 'fs',
      ditherStrength: 0.75,
      seed: 42,
      nInit: 3,
      maxIter: 50,
      tol: 1e-5,
    });
    expect(parseCliArgs(['a.jpg']).engine).toEqual({});
  });

  it('reads images, --out, --force and --json', () => {
    expect(parseCliArgs(['a.jpg', 'b.png', '--out', 'dir', '--force', '--json'])).toMatchObject({
      images: ['a.jpg', 'b.png'],
      outDir: 'dir',
      force: true,
      json: true,
      help: false,
    });
  });

  it.each([
    [['a.jpg', '--colours', '1'], /--colours: 1 is not between 2 and 1024/],
    [['a.jpg', '--colours', '1025'], /1025/],
    [['a.jpg', '--colours', '8-4'], /backwards/],
    [['a.jpg', '--colours', '2,,4'], /empty item/],
    [['a.jpg', '--colours', 'sixteen'], /not a colour count/],
    [['a.jpg', '--colours', '4.5'], /not a colour count/],
    [['a.jpg', '--colours', '4', '--sweep'], /not both/],
    [['a.jpg', '--algorithm', 'median-cut'], /--algorithm must be one of kmeans, minibatch, wu/],
    [['a.jpg', '--init', 'forgy'], /--init/],
    [['a.jpg', '--space', 'hsv'], /--space/],
    [['a.jpg', '--dither', 'atkinson'], /--dither/],
    [['a.jpg', '--dither-strength', '1.5'], /--dither-strength must be a number from 0 to 1/],
    [['a.jpg', '--dither-strength', 'lots'], /--dither-strength/],
    [['a.jpg', '--dither', 'none', '--dither-strength', '0.5'], /needs dithering/],
    [['a.jpg', '--seed', '-1'], /--seed/],
    [['a.jpg', '--seed', '4294967296'], /--seed must be a whole number from 0 to 4294967295/],
    [['a.jpg', '--seed', '1.5'], /--seed/],
    [['a.jpg', '--n-init', '0'], /--n-init/],
    [['a.jpg', '--max-iter', '0x10'], /--max-iter/],
    [['a.jpg', '--tol=-0.1'], /--tol must be a number 0 or more, not "-0.1"/],
    [['a.jpg', '--tol', '-0.1'], /--tol needs a value \(write --tol=VALUE/],
    [['a.jpg', '--tol', 'Infinity'], /--tol/],
    [['a.jpg', '--out', ''], /--out needs a folder/],
    [['a.jpg', '--frobnicate'], /unknown option --frobnicate/],
    [['a.jpg', '--seed'], /--seed needs a value/],
    [['a.jpg', '--json=yes'], /--json does not take a value/],
    [['a.jpg', '--threads', '0'], /--threads must be a whole number from 1 to 64/],
    [[], /no image given/],
  ])('refuses %j', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });

  it('reads --threads, and leaves the thread count to the machine without it', () => {
    expect(parseCliArgs(['a.jpg', '--threads', '3']).threads).toBe(3);
    expect(parseCliArgs(['a.jpg']).threads).toBeUndefined();
  });

  it('accepts enum values in any case', () => {
    expect(parseCliArgs(['a.jpg', '--algorithm', 'WU', '--space', 'OkLab']).engine).toEqual({
      algorithm: 'wu',
      space: 'oklab',
    });
  });
});

describe('the built CLI', () => {
  it('prints usage for --help and exits 0', async () => {
    const run = await palettize('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: palettize IMAGE… \[options\]/);
    expect(run.stdout).toMatch(/--dither-strength/);
    expect(run.stderr).toBe('');
  });

  it.each([
    [['--colours', '0']],
    [['--colours', '2-1025']],
    [['--algorithm', 'octree']],
    [['--tol', 'abc']],
    [['--wat']],
  ])('exits 2 with one stderr line for a bad option: %j', async (args) => {
    const run = await palettize(china, ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^palettize: .+ \(see palettize --help\)\n$/);
  });

  it('exits 2 without any image', async () => {
    const run = await palettize('--colours', '4');
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(['palettize: no image given (see palettize --help)']);
  });

  it('prints one JSON object per result, computing without writing when --out is absent', async () => {
    const dir = tempDir();
    const run = await palettize(china, '--colours', '2,4', '--json', '--seed', '3');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = jsonLines(run.stdout);
    expect(results).toHaveLength(2);
    for (const [i, result] of results.entries()) {
      expect(Object.keys(result)).toEqual([
        'input',
        'colours',
        'algorithm',
        'output',
        'bytes',
        'mse',
        'psnr',
        'iterations',
        'milliseconds',
      ]);
      expect(result).toMatchObject({
        input: china,
        colours: [2, 4][i],
        algorithm: 'kmeans',
        output: null,
      });
      expect(result.bytes).toBeGreaterThan(1000);
      expect(result.mse).toBeGreaterThan(0);
      expect(result.psnr).toBeGreaterThan(10);
      expect(Number.isInteger(result.iterations)).toBe(true);
      expect(result.milliseconds).toBeGreaterThan(0);
    }
    expect(readdirSync(dir)).toEqual([]);

    // bytes without --out is the size the written file has.
    const written = await palettize(
      china,
      '--colours',
      '2,4',
      '--json',
      '--seed',
      '3',
      '--out',
      dir,
    );
    expect(written.code).toBe(0);
    for (const [i, result] of jsonLines(written.stdout).entries()) {
      expect(result.output).toBe(join(dir, `china-${[2, 4][i]}.png`));
      expect(readFileSync(result.output as string).length).toBe(result.bytes);
      expect(result.bytes).toBe(results[i]!.bytes);
      expect(result.mse).toBe(results[i]!.mse);
    }
  });

  it('writes indexed PNGs at the smallest bit depth that decode to at most k colours', async () => {
    const dir = tempDir();
    const run = await palettize(china, '--colours', '2,16', '--out', dir);
    expect(run.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['china-16.png', 'china-2.png']);
    for (const [k, bitDepth] of [
      [2, 1],
      [16, 4],
    ]) {
      const png = readFileSync(join(dir, `china-${k}.png`));
      const ihdr = readPngChunks(new Uint8Array(png))[0]!;
      expect([ihdr.data[8], ihdr.data[9]]).toEqual([bitDepth, 3]);
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([640, 427]);
      expect(colourSet(new Uint8Array(data), info.channels).size).toBeLessThanOrEqual(k!);
    }
  });

  it('prints a readable table without --json', async () => {
    const run = await palettize(china, '--colours', '2,4');
    expect(run.code).toBe(0);
    const table = lines(run.stdout);
    expect(table[0]).toBe(china);
    expect(table[1]).toMatch(/colours\s+bytes\s+mse\s+psnr dB\s+iter\s+ms\s+output/);
    expect(table[2]).toMatch(/^\s+2\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s+\(not written\)$/);
    expect(table[3]).toMatch(/^\s+4\s/);
    expect(run.stderr).toBe('');
  });

  it('gives the same results and files on threads as in one thread, reported in order', async () => {
    const outputs = [tempDir(), tempDir()];
    const runs = await Promise.all(
      ['2', '1'].map((threads, i) =>
        palettize(
          china,
          '--colours',
          '2,3,16,300',
          '--algorithm',
          'wu',
          '--threads',
          threads,
          '--json',
          '--out',
          outputs[i]!,
        ),
      ),
    );
    const [threaded, single] = runs.map((run) => {
      expect(run.code).toBe(0);
      return jsonLines(run.stdout).map((line) => {
        expect(line.milliseconds).toBeGreaterThan(0);
        const file = readFileSync(line.output as string);
        return { ...line, milliseconds: 0, output: basename(line.output as string), file };
      });
    });
    expect(jsonLines(runs[0]!.stdout).map((line) => line.colours)).toEqual([2, 3, 16, 300]);
    expect(threaded).toEqual(single);
  });

  it('gives each count in one thread what quantize gives for it alone', async () => {
    // The counts of an image share one quantizer (histogram, Wu partition, colour tree): the
    // screening of small counts and the exact runs must not depend on the counts run before.
    const dir = tempDir();
    const run = await palettize(
      china,
      '--colours',
      '3,16,40',
      '--threads',
      '1',
      '--json',
      '--out',
      dir,
    );
    expect(run.code).toBe(0);
    const image = await decodeImage(china);
    for (const line of jsonLines(run.stdout)) {
      const alone = quantize(image, { colours: line.colours as number });
      const png = encodeIndexedPng({ ...alone, width: image.width, height: image.height });
      expect(line.mse).toBeCloseTo(alone.mse, 4);
      expect(line.iterations).toBe(alone.iterations);
      expect(Buffer.compare(readFileSync(line.output as string), png)).toBe(0);
    }
  });

  it('gives one count of a large photo, whose pixel passes threads share, the one-thread file', async () => {
    const dir = tempDir();
    const photo = tiledPhoto(await decodeRgb(china), 1600, 1400); // 2.2 MP: on the pool
    const input = join(dir, 'large.png');
    await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toFile(input);
    const outputs = [tempDir(), tempDir()];
    const runs = await Promise.all(
      ['2', '1'].map((threads, i) =>
        palettize(input, '--colours', '24', '--threads', threads, '--json', '--out', outputs[i]!),
      ),
    );
    const [shared, single] = runs.map((run) => {
      expect(run.code).toBe(0);
      const [line] = jsonLines(run.stdout);
      return { ...line, milliseconds: 0, file: readFileSync(line!.output as string) };
    });
    expect(shared!.file.length).toBeGreaterThan(1000);
    expect({ ...shared, output: '' }).toEqual({ ...single, output: '' });
  }, 60_000);

  it('never overwrites without --force, and replaces with it', async () => {
    const dir = tempDir();
    const target = join(dir, 'china-2.png');
    writeFileSync(target, 'precious');
    const refused = await palettize(china, '--colours', '2,4', '--out', dir);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)).toEqual([
      `palettize: Cannot write ${target}: the file exists (add --force to replace it).`,
    ]);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    // The other colour count still ran.
    expect(existsSync(join(dir, 'china-4.png'))).toBe(true);

    const forced = await palettize(china, '--colours', '2', '--out', dir, '--force', '--json');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe('');
    const png = readFileSync(target);
    expect(png.length).toBe(jsonLines(forced.stdout)[0]!.bytes);
    expect((await sharp(png).metadata()).width).toBe(640);
    // Only the results are left: no temporary files.
    expect(readdirSync(dir).sort()).toEqual(['china-2.png', 'china-4.png']);
  });

  it('exits 1 with one line when the output folder is missing or not a folder', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such-folder');
    const run = await palettize(china, '--colours', '2', '--out', missing);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([
      `palettize: Cannot write to ${missing}: the folder does not exist.`,
    ]);

    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const notFolder = await palettize(china, '--colours', '2', '--out', file);
    expect(notFolder.code).toBe(1);
    expect(lines(notFolder.stderr)).toEqual([
      `palettize: Cannot write to ${file}: it is not a folder.`,
    ]);
  });

  it('exits 1 with one line when the output folder is read-only', async (context) => {
    const user = userRefusedByReadOnly();
    if (!user) return context.skip('run as root, and nobody cannot read the repository');
    const dir = tempDir();
    chmodSync(dir, 0o555);
    try {
      const run = await palettizeAs(user, china, '--colours', '2', '--out', dir);
      expect(run.code).toBe(1);
      expect(lines(run.stderr)).toEqual([`palettize: Cannot write to ${dir}: permission denied.`]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('runs every image when one is bad, reports it on one line and exits 1', async () => {
    const dir = tempDir();
    const copy = join(dir, 'copy.jpg');
    copyFileSync(china, copy);
    const missing = join(dir, 'missing.png');
    const run = await palettize(china, truncated, copy, missing, '--colours', '2', '--json');
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout).map((result) => result.input)).toEqual([china, copy]);
    expect(lines(run.stderr)).toEqual([
      `palettize: Cannot open ${truncated}: the file is truncated or corrupt (premature end of JPEG image).`,
      `palettize: Cannot open ${missing}: the file does not exist or cannot be read.`,
    ]);
  });

  it('refuses a second image whose results would have the same names', async () => {
    const dir = tempDir();
    const twin = join(dir, 'china.png');
    copyFileSync(china, twin);
    const run = await palettize(china, twin, '--colours', '2', '--json');
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toHaveLength(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/same names as/);
  });

  it('opens a plain PNG without loading sharp, and a JPEG with it, to the same result', async () => {
    const dir = tempDir();
    const png = join(dir, 'china.png');
    await sharp(china).png().toFile(png);
    // Says at exit whether any of sharp's modules was loaded.
    const hook = join(dir, 'report-sharp.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => process.stderr.write('sharp loaded: ' + " +
        "Object.keys(require.cache).some((path) => /node_modules[\\\\/]sharp[\\\\/]/.test(path)) + '\\n'));\n",
    );
    const run = (input: string) =>
      palettizeWithNode(['--require', hook], input, '--colours', '8', '--json');
    const [fromPng, fromJpeg] = [await run(png), await run(china)];
    expect(fromPng.code, fromPng.stderr).toBe(0);
    expect(fromJpeg.code, fromJpeg.stderr).toBe(0);
    expect(fromPng.stderr).toContain('sharp loaded: false');
    expect(fromJpeg.stderr).toContain('sharp loaded: true');
    const [a, b] = [jsonLines(fromPng.stdout)[0]!, jsonLines(fromJpeg.stdout)[0]!];
    expect([a.mse, a.iterations]).toEqual([b.mse, b.iterations]);
  });

  it('reports the algorithm asked for', async () => {
    const run = await palettize(china, '--colours', '2', '--json', '--algorithm', 'kmeans');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ algorithm: 'kmeans', colours: 2 });
  });
});

describe('runCli in process', () => {
  function collector(stderrIsTerminal: boolean) {
    const out = { stdout: '', stderr: '' };
    const io: CliIo = {
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
      stderrIsTerminal,
    };
    return { out, io };
  }

  it('draws a progress line on a terminal and clears it before each result', async () => {
    const { out, io } = collector(true);
    expect(await runCli([china, '--colours', '2,3', '--json'], io)).toBe(0);
    expect(jsonLines(out.stdout)).toHaveLength(2);
    expect(out.stderr).toContain(`[1/2] ${china}: 2 colours…`);
    expect(out.stderr).toContain(`[2/2] ${china}: 3 colours…`);
    expect(out.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('draws no progress line when stderr is not a terminal', async () => {
    const { out, io } = collector(false);
    expect(await runCli([china, '--colours', '2,3', '--json'], io)).toBe(0);
    expect(out.stderr).toBe('');
  });
});

describe('palettes, summaries and limits (issue 4)', () => {
  it('writes each palette format and the summaries beside the PNGs', async () => {
    const dir = tempDir();
    const run = await palettize(
      china,
      '--colours',
      '4,8',
      '--out',
      dir,
      '--palette',
      'gpl,ase',
      '--palette',
      'json,png',
      '--summary',
      'csv,json',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'china-4.png',
        'china-4.gpl',
        'china-4.ase',
        'china-4.json',
        'china-4-swatch.png',
        'china-8.png',
        'china-8.gpl',
        'china-8.ase',
        'china-8.json',
        'china-8-swatch.png',
        'china-summary.csv',
        'china-summary.json',
      ].sort(),
    );
    // The palette files hold the PNG's own colours.
    const png = await sharp(join(dir, 'china-8.png')).raw().toBuffer({ resolveWithObject: true });
    const pngColours = colourSet(new Uint8Array(png.data), png.info.channels);
    const gpl = readGpl(readFileSync(join(dir, 'china-8.gpl'), 'utf8'));
    expect(gpl.name).toBe('china-8');
    expect(new Set(gpl.entries.map((entry) => hexOf(entry)))).toEqual(pngColours);
    expect(readAse(new Uint8Array(readFileSync(join(dir, 'china-8.ase')))).entries).toHaveLength(8);
    const shares = readJson(readFileSync(join(dir, 'china-8.json'), 'utf8')).entries.map(
      (e) => e.pixels,
    );
    expect(shares.reduce((a, b) => a + b, 0)).toBe(640 * 427);
    expect((await sharp(join(dir, 'china-8-swatch.png')).metadata()).width).toBe(8 * 32);

    const summary = JSON.parse(readFileSync(join(dir, 'china-summary.json'), 'utf8')) as {
      colours: number;
      bytes: number;
      ratio: number;
    }[];
    expect(summary.map((row) => row.colours)).toEqual([4, 8]);
    const printed = jsonLines(run.stdout);
    expect(summary.map((row) => row.bytes)).toEqual(printed.map((line) => line.bytes));
    expect(summary[0]!.ratio).toBeCloseTo((printed[0]!.bytes as number) / 196_653, 6);
    const csv = readFileSync(join(dir, 'china-summary.csv'), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^input,colours,paletteSize,output,bytes,ratio,mse,psnr/);
  });

  it('never overwrites a palette or a summary without --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'china-4.gpl'), 'mine');
    const refused = await palettize(china, '--colours', '4', '--out', dir, '--palette', 'gpl');
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)).toEqual([
      `palettize: Cannot write ${join(dir, 'china-4.gpl')}: the file exists (add --force to replace it).`,
    ]);
    expect(readFileSync(join(dir, 'china-4.gpl'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'china-4.png'))).toBe(false);

    writeFileSync(join(dir, 'china-summary.csv'), 'mine');
    const summary = await palettize(china, '--colours', '2', '--out', dir, '--summary', 'csv');
    expect(summary.code).toBe(1);
    expect(summary.stderr).toMatch(/china-summary\.csv: the file exists/);
    expect(readFileSync(join(dir, 'china-summary.csv'), 'utf8')).toBe('mine');

    const forced = await palettize(
      china,
      '--colours',
      '4',
      '--out',
      dir,
      '--palette',
      'gpl',
      '--summary',
      'csv',
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'china-4.gpl'), 'utf8')).toMatch(/^GIMP Palette/);
    expect(readFileSync(join(dir, 'china-summary.csv'), 'utf8')).toMatch(/^input,/);
  });

  it('notes, without failing, that an .act cannot hold more than 256 colours', async () => {
    const dir = tempDir();
    const small = join(dir, 'small.png');
    await sharp(china).resize(120).png().toFile(small);
    const run = await palettize(small, '--colours', '16,300', '--out', dir, '--palette', 'act');
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toEqual([
      `palettize: note: ${join(dir, 'small-300.act')} not written: an .act colour table holds at most 256 colours.`,
    ]);
    expect(readFileSync(join(dir, 'small-16.act')).length).toBe(772);
  });

  it.each([
    [['--palette', 'gpl'], /--palette needs --out DIR/],
    [['--summary', 'csv'], /--summary needs --out DIR/],
    [
      ['--out', '.', '--palette', 'bmp'],
      /--palette must be one of gpl, ase, act, pal, txt, hex, css, json, png, not "bmp"/,
    ],
    [['--out', '.', '--summary', 'xls'], /--summary must be one of csv, json/],
    [['--max-pixels', '0'], /--max-pixels must be a whole number/],
  ])('exits 2 for %j', async (args, message) => {
    const run = await palettize(china, ...args);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('refuses an image over --max-pixels with one line naming it and the limit', async () => {
    const run = await palettize(china, '--colours', '2', '--max-pixels', '100000', '--json');
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `palettize: Cannot open ${china}: 640 × 427 is 273,280 pixels, over the limit of 100,000 pixels.`,
    ]);
  });

  it('gives each input of the corpus the specified behaviour, and goes on after bad ones', async () => {
    const corpus = await makeInputCorpus(tempDir(), 'http://127.0.0.1:9/never.png');
    const run = await palettize(...corpus.map((input) => input.path), '--colours', '2', '--json');
    expect(run.code).toBe(1); // some inputs are bad
    const opened = corpus.filter((input) => input.expect.opens);
    const refused = corpus.filter((input) => !input.expect.opens);
    expect(jsonLines(run.stdout).map((line) => line.input)).toEqual(
      opened.map((input) => input.path),
    );
    const errors = lines(run.stderr);
    expect(errors).toHaveLength(refused.length);
    refused.forEach((input, i) => {
      if (input.expect.opens) return;
      expect(errors[i]).toContain(input.path);
      expect(errors[i]).toMatch(
        new RegExp(input.expect.message.source.split(': ').slice(1).join(': ')),
      );
    });
  });
});
