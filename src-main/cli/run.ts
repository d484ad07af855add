/**
 * Running the command line: decode each image once, quantize it to each colour count (no worker
 * process: there is no UI to keep responsive), encode the PNG, write it when asked, and report
 * every result in the order asked. Several counts of an image large enough to profit run side by
 * side on worker threads (`src-main/threads`); otherwise, and with `--threads 1`, in this thread.
 * A failing image or file is reported on one stderr line and the others still run; the exit status
 * says whether anything failed.
 */
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ImageQuantizer, type QuantizeResult } from '../../src-core/quantize/quantize';
import { profitsFromThreads, QuantizePool } from '../threads/quantize-pool';
import { fileExists, writeFileAtomic } from '../services/atomic-file';
import { UserFacingError, firstLine } from '../services/errors';
import { decodeImage, type DecodedImage } from '../services/image-decode';
import { ACT_MAX_COLOURS } from '../../src-core/palette/act';
import type { PaletteExport } from '../../src-core/palette/formats';
import { paletteFromValues } from '../../src-core/palette/palette';
import { paletteFileOf } from '../services/palette-export';
import { encodeIndexedPngAsync } from '../services/png-writer';
import { summaryCsv, summaryJson, type SummaryRow } from '../services/summary';
import {
  DEFAULT_ALGORITHM,
  parseCliArgs,
  USAGE,
  UsageError,
  type CliOptions,
  type EngineSettings,
} from './options';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Where the command line talks to; a real process or a test's collector. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: only then is a progress line worth drawing. */
  stderrIsTerminal: boolean;
}

/** One line of the report: what --json prints. */
export interface ResultLine {
  input: string;
  colours: number;
  algorithm: string;
  /** The file written, or null without --out. */
  output: string | null;
  bytes: number;
  mse: number;
  /** null for an exact copy (infinite PSNR, which JSON cannot hold). */
  psnr: number | null;
  iterations: number;
  milliseconds: number;
}

/** What the process running the command line offers besides its streams. */
export interface CliHost {
  /** The built thread script (app/main/quantize-thread.js); without it, no threads are used. */
  threadScript?: string;
}

/** Runs `palettize …argv` and returns its exit status. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  host: CliHost = {},
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`palettize: ${error.message} (see palettize --help)\n`);
    return EXIT_USAGE;
  }
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  const reporter = new Reporter(io, options);
  if (options.outDir !== undefined) {
    const problem = await outputFolderProblem(options.outDir);
    if (problem) {
      io.stderr(`palettize: ${problem}\n`);
      return EXIT_FAILED;
    }
  }
  let failed = false;
  const stems = new Map<string, string>();
  const pool = threadPool(options, host);
  reporter.start(options.images.length * options.colours.length);
  try {
    for (const input of options.images) {
      const clash = claimStem(stems, input);
      if (clash) {
        reporter.failure(clash);
        reporter.skip(options.colours.length);
        failed = true;
        continue;
      }
      if (!(await processImage(input, options, reporter, pool))) failed = true;
    }
  } finally {
    await pool?.dispose();
  }
  reporter.finish();
  return failed ? EXIT_FAILED : EXIT_OK;
}

/**
 * The pool, when the host can start threads. It starts none until an image profits from them
 * (`profitsFromThreads`: several counts, more than one thread, a large enough image).
 */
function threadPool(options: CliOptions, host: CliHost): QuantizePool | null {
  if (!host.threadScript) return null;
  return new QuantizePool({ script: host.threadScript, size: options.threads });
}

/** All colour counts of one image; false when something failed. */
async function processImage(
  input: string,
  options: CliOptions,
  reporter: Reporter,
  pool: QuantizePool | null,
): Promise<boolean> {
  let image: DecodedImage;
  try {
    await refuseExisting(summaryPaths(input, options), options);
    image = await decodeImage(input, { displayName: input, maxPixels: options.maxPixels });
  } catch (error) {
    reporter.failure(describeError(error));
    reporter.skip(options.colours.length);
    return false;
  }
  let ok = true;
  const rows: SummaryRow[] = [];
  const compute = computer(image, options, pool);
  const produceOne = (colours: number) => produce(input, colours, options, reporter, compute);
  // On threads every count starts now and the pool queues them; results are still reported in order.
  const started = new Map<number, ReturnType<typeof produceOne>>();
  if (compute.parallel) {
    for (const colours of options.colours) {
      const work = produceOne(colours);
      work.catch(() => undefined); // reported when its turn comes
      started.set(colours, work);
    }
  }
  for (const colours of options.colours) {
    reporter.progress(input, colours);
    try {
      const { line, paletteSize } = await (started.get(colours) ?? produceOne(colours));
      reporter.result(line);
      rows.push(summaryRow(line, paletteSize, image.fileBytes));
    } catch (error) {
      reporter.failure(describeError(error));
      ok = false;
    }
  }
  try {
    await writeSummaries(input, rows, options);
  } catch (error) {
    reporter.failure(describeError(error));
    ok = false;
  }
  return ok;
}

/** DIR/<name>-summary.<ext> for each --summary format. */
function summaryPaths(input: string, options: CliOptions): string[] {
  if (options.outDir === undefined) return [];
  const dir = options.outDir;
  return options.summaries.map((format) => join(dir, `${stemOf(input)}-summary.${format}`));
}

async function writeSummaries(
  input: string,
  rows: SummaryRow[],
  options: CliOptions,
): Promise<void> {
  const paths = summaryPaths(input, options);
  for (const [i, format] of options.summaries.entries()) {
    const text = format === 'csv' ? summaryCsv(rows) : summaryJson(rows);
    await writeFileAtomic(paths[i]!, new TextEncoder().encode(text), { overwrite: options.force });
  }
}

function summaryRow(line: ResultLine, paletteSize: number, originalBytes: number): SummaryRow {
  return {
    input: line.input,
    colours: line.colours,
    paletteSize,
    output: line.output ?? '',
    bytes: line.bytes,
    ratio: line.bytes / originalBytes,
    mse: line.mse,
    psnr: line.psnr,
    iterations: line.iterations,
    milliseconds: line.milliseconds,
  };
}

/** Without --force, refuses before any work when one of `paths` exists. */
async function refuseExisting(paths: string[], options: CliOptions): Promise<void> {
  if (options.force) return;
  for (const path of paths) {
    if (await fileExists(path)) {
      throw new UserFacingError(
        'write-failed',
        `Cannot write ${path}: the file exists (add --force to replace it).`,
      );
    }
  }
}

/** One colour count quantized and encoded, and the time that took. */
interface Computed {
  result: QuantizeResult;
  png: Uint8Array;
  milliseconds: number;
}

type Compute = ((colours: number) => Promise<Computed>) & { parallel: boolean };

/** Quantizes and encodes counts of one image: on the pool when that profits, else right here. */
function computer(image: DecodedImage, options: CliOptions, pool: QuantizePool | null): Compute {
  const pixels = image.width * image.height;
  const counts = options.colours;
  if (pool && profitsFromThreads(pixels, counts.length, pool.size)) {
    const mostColours = Math.max(...counts);
    const onThread = async (colours: number): Promise<Computed> => {
      const task = { image, options: options.engine, colours, mostColours, encode: true };
      const { result, png, milliseconds } = await pool.run(task);
      return { result, png: png!, milliseconds };
    };
    return Object.assign(onThread, { parallel: true });
  }
  // One quantizer for all the counts, as a thread keeps one: they share the histogram, Wu's
  // partition and the colour tree, and each result is still exactly `quantize`'s for its count.
  let quantizer: ImageQuantizer | null = null;
  const here = async (colours: number): Promise<Computed> => {
    const started = performance.now();
    quantizer ??= new ImageQuantizer(image, options.engine, Math.max(...counts));
    const result = quantizer.quantize(colours);
    const png = await encodeIndexedPngAsync({
      ...result,
      width: image.width,
      height: image.height,
    });
    return { result, png, milliseconds: performance.now() - started };
  };
  return Object.assign(here, { parallel: false });
}

async function produce(
  input: string,
  colours: number,
  options: CliOptions,
  reporter: Reporter,
  compute: Compute,
): Promise<{ line: ResultLine; paletteSize: number }> {
  const name = `${stemOf(input)}-${colours}`;
  const output = options.outDir === undefined ? null : join(options.outDir, `${name}.png`);
  const palettes =
    options.outDir === undefined ? [] : paletteTargets(options.outDir, name, options.palettes);
  // Checked before the work so a refusal costs nothing; writeFileAtomic still refuses atomically.
  await refuseExisting([...(output ? [output] : []), ...palettes.map((p) => p.path)], options);
  const { result, png, milliseconds } = await compute(colours);
  if (output) await writeFileAtomic(output, png, { overwrite: options.force });
  await writePalettes(name, result, palettes, options, reporter);
  const line = resultLine(input, colours, options.engine, output, png.length, result, milliseconds);
  return { line, paletteSize: result.paletteSize };
}

interface PaletteTarget {
  format: PaletteExport;
  path: string;
}

function paletteTargets(dir: string, name: string, formats: PaletteExport[]): PaletteTarget[] {
  return formats.map((format) => ({
    format,
    path: join(dir, format === 'png' ? `${name}-swatch.png` : `${name}.${format}`),
  }));
}

async function writePalettes(
  name: string,
  result: QuantizeResult,
  targets: PaletteTarget[],
  options: CliOptions,
  reporter: Reporter,
): Promise<void> {
  const palette = paletteFromValues(name, result.palette, result.channels, result.counts);
  for (const { format, path } of targets) {
    if (format === 'act' && result.paletteSize > ACT_MAX_COLOURS) {
      reporter.note(
        `${path} not written: an .act colour table holds at most ${ACT_MAX_COLOURS} colours.`,
      );
      continue;
    }
    const file = await paletteFileOf(palette, format);
    await writeFileAtomic(path, file.bytes, { overwrite: options.force });
  }
}

function resultLine(
  input: string,
  colours: number,
  engine: EngineSettings,
  output: string | null,
  bytes: number,
  result: QuantizeResult,
  milliseconds: number,
): ResultLine {
  return {
    input,
    colours,
    algorithm: engine.algorithm ?? DEFAULT_ALGORITHM,
    output,
    bytes,
    mse: round(result.mse, 4),
    psnr: Number.isFinite(result.psnr) ? round(result.psnr, 4) : null,
    iterations: result.iterations,
    milliseconds: round(milliseconds, 1),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

// ---------------------------------------------------------------------------------------------
// Files

/** `photos/china.jpg` → `china`: the start of every output name. */
function stemOf(input: string): string {
  const name = basename(input);
  return name.slice(0, name.length - extname(name).length) || name;
}

/** Two inputs called china.jpg and china.png would write the same files: refuse the second. */
function claimStem(stems: Map<string, string>, input: string): string | null {
  const stem = stemOf(input);
  const earlier = stems.get(stem);
  if (earlier !== undefined && resolve(earlier) !== resolve(input)) {
    return `Skipping ${input}: its results would have the same names as ${earlier}'s (${stem}-N.png).`;
  }
  if (earlier !== undefined) return `Skipping ${input}: it was already given.`;
  stems.set(stem, input);
  return null;
}

/** Why nothing can be written into `dir`, or null when it looks writable. */
async function outputFolderProblem(dir: string): Promise<string | null> {
  try {
    if (!(await stat(dir)).isDirectory()) return `Cannot write to ${dir}: it is not a folder.`;
  } catch {
    return `Cannot write to ${dir}: the folder does not exist.`;
  }
  try {
    await access(dir, fsConstants.W_OK | fsConstants.X_OK);
  } catch {
    return `Cannot write to ${dir}: permission denied.`;
  }
  return null;
}

function describeError(error: unknown): string {
  if (error instanceof UserFacingError) return firstLine(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${firstLine(message)}`;
}

// ---------------------------------------------------------------------------------------------
// Reporting

const TABLE_COLUMNS: readonly { title: string; width: number; cell(line: ResultLine): string }[] = [
  { title: 'colours', width: 7, cell: (line) => String(line.colours) },
  { title: 'bytes', width: 10, cell: (line) => String(line.bytes) },
  { title: 'mse', width: 10, cell: (line) => line.mse.toFixed(2) },
  { title: 'psnr dB', width: 8, cell: (line) => (line.psnr === null ? '∞' : line.psnr.toFixed(2)) },
  { title: 'iter', width: 5, cell: (line) => String(line.iterations) },
  { title: 'ms', width: 9, cell: (line) => line.milliseconds.toFixed(0) },
];

/** Prints results as they come (a table or JSON lines) and a progress line on a terminal. */
class Reporter {
  private total = 0;
  /** Results started or skipped so far. */
  private position = 0;
  private progressShown = false;
  private currentInput: string | null = null;

  constructor(
    private readonly io: CliIo,
    private readonly options: CliOptions,
  ) {}

  start(total: number): void {
    this.total = total;
  }

  progress(input: string, colours: number): void {
    // One result needs no progress line; several on a terminal get one, redrawn in place.
    this.position++;
    if (!this.io.stderrIsTerminal || this.total < 2) return;
    this.io.stderr(`\r\x1b[K[${this.position}/${this.total}] ${input}: ${colours} colours…`);
    this.progressShown = true;
  }

  result(line: ResultLine): void {
    this.clearProgress();
    if (this.options.json) {
      this.io.stdout(`${JSON.stringify(line)}\n`);
      return;
    }
    if (this.currentInput !== line.input) {
      const gap = this.currentInput === null ? '' : '\n';
      this.currentInput = line.input;
      const titles = this.tableRow(TABLE_COLUMNS.map((column) => column.title));
      this.io.stdout(`${gap}${line.input}\n${titles}  output\n`);
    }
    const cells = TABLE_COLUMNS.map((column) => column.cell(line));
    this.io.stdout(`${this.tableRow(cells)}  ${line.output ?? '(not written)'}\n`);
  }

  failure(message: string): void {
    this.clearProgress();
    this.io.stderr(`palettize: ${message}\n`);
  }

  /** Something worth knowing that is not a failure. */
  note(message: string): void {
    this.clearProgress();
    this.io.stderr(`palettize: note: ${message}\n`);
  }

  /** Results that will not come (their image failed): progress counts them as done. */
  skip(count: number): void {
    this.position += count;
  }

  finish(): void {
    this.clearProgress();
  }

  private tableRow(cells: string[]): string {
    return cells.map((cell, i) => cell.padStart(TABLE_COLUMNS[i]!.width)).join('  ');
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.io.stderr('\r\x1b[K');
    this.progressShown = false;
  }
}
