/**
 * The command line's words, checked: `palettize IMAGE… [options]` becomes a CliOptions or a
 * UsageError whose one-line message says what is wrong. Nothing here touches files.
 */
import { parseArgs } from 'node:util';
import { PALETTE_EXPORTS, type PaletteExport } from '../../src-core/palette/formats';
import {
  ALGORITHMS,
  COLOUR_SPACES,
  DEFAULT_COLOURS,
  DITHERS,
  INITS,
  MAX_COLOURS,
  MIN_COLOURS,
  SWEEP_COLOURS,
  type Algorithm,
  type ColourSpace,
  type Dither,
  type Init,
} from '../../src-core/quantize/options';
import { DEFAULT_MAX_PIXELS } from '../services/limits';

export const SUMMARIES = ['csv', 'json'] as const;
export type SummaryFormat = (typeof SUMMARIES)[number];

/** The algorithm the core runs when none is asked for (what the results report). */
export const DEFAULT_ALGORITHM: Algorithm = 'kmeans';

/** Quantizer settings the command line passes through; absent ones keep the core's defaults. */
export interface EngineSettings {
  algorithm?: Algorithm;
  init?: Init;
  space?: ColourSpace;
  dither?: Dither;
  ditherStrength?: number;
  seed?: number;
  nInit?: number;
  maxIter?: number;
  tol?: number;
}

export interface CliOptions {
  help: boolean;
  images: string[];
  /** Colour counts to produce, ascending, without repeats. */
  colours: number[];
  engine: EngineSettings;
  /** Folder to write PNGs into; absent: compute and report only. */
  outDir?: string;
  /** Replace existing output files. */
  force: boolean;
  /** One JSON object per result per line instead of a table. */
  json: boolean;
  /** Palette files to write beside each PNG (needs --out). */
  palettes: PaletteExport[];
  /** Summary tables to write per image (needs --out). */
  summaries: SummaryFormat[];
  /** Images with more pixels are refused before decoding. */
  maxPixels: number;
  /** Threads that quantize side by side; absent: one per core (up to 8). 1: no threads. */
  threads?: number;
}

/** A mistake in the command line: exit code 2 and this message on one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: palettize IMAGE… [options]

Quantizes each image to each colour count with k-means and reports size and error.

Colour counts (default ${DEFAULT_COLOURS}):
  --colours LIST         counts from ${MIN_COLOURS} to ${MAX_COLOURS}: 16, 2,4,8, 2-32 (every count), mixed
  --sweep                ${SWEEP_COLOURS.join(', ')}

Engine:
  --algorithm NAME       ${ALGORITHMS.join(' | ')} (default ${DEFAULT_ALGORITHM})
  --init NAME            ${INITS.join(' | ')}
  --space NAME           ${COLOUR_SPACES.join(' | ')}
  --dither NAME          ${DITHERS.join(' | ')} (fs: Floyd–Steinberg)
  --dither-strength X    0 to 1
  --seed N               0 to 4294967295 (results are reproducible)
  --n-init N             restarts, keeping the best (1 to 1000)
  --max-iter N           most iterations per run (1 to 100000)
  --tol X                relative convergence tolerance (0 or more)

Output:
  --out DIR              write DIR/<name>-<colours>.png (indexed PNG up to 256 colours,
                         truecolour above); without it, nothing is written
  --palette LIST         also write each result's palette: ${PALETTE_EXPORTS.join(',')}
                         (DIR/<name>-<colours>.<ext>; png is the swatch strip
                         DIR/<name>-<colours>-swatch.png; act holds at most 256 colours)
  --summary LIST         also write DIR/<name>-summary.csv and/or .json: colours, bytes,
                         ratio to the original, MSE, PSNR of every result
  --force                replace existing files in DIR
  --json                 one JSON object per result per line:
                         {"input","colours","algorithm","output","bytes","mse","psnr",
                          "iterations","milliseconds"}
  --max-pixels N         refuse images with more pixels, before decoding
                         (default ${DEFAULT_MAX_PIXELS})
  --threads N            colour counts quantized side by side on N threads (1 to 64;
                         default one per core, up to 8; 1: none). Each count's result
                         is the same whatever N is.
  -h, --help             this text

bytes is the PNG's size (written or not); mse is per channel value on the 0–255 scale;
milliseconds is the time to quantize and encode (decoding excluded).
Exit status: 0 when every result was produced, 1 when some image or file failed, 2 for a
bad command line.`;

const OPTION_SPEC = {
  colours: { type: 'string', multiple: true },
  sweep: { type: 'boolean' },
  algorithm: { type: 'string' },
  init: { type: 'string' },
  space: { type: 'string' },
  dither: { type: 'string' },
  'dither-strength': { type: 'string' },
  seed: { type: 'string' },
  'n-init': { type: 'string' },
  'max-iter': { type: 'string' },
  tol: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  palette: { type: 'string', multiple: true },
  summary: { type: 'string', multiple: true },
  'max-pixels': { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values, positionals } = parseWords(argv);
  const help = values.help ?? false;
  if (!help && positionals.length === 0) throw new UsageError('no image given');
  if (values.out !== undefined && values.out.trim() === '') {
    throw new UsageError('--out needs a folder name');
  }
  return {
    help,
    images: positionals,
    colours: colourCounts(values.colours, values.sweep ?? false),
    engine: engineSettings(values),
    outDir: values.out,
    force: values.force ?? false,
    json: values.json ?? false,
    ...sideFiles(values),
    maxPixels:
      wholeNumber('--max-pixels', values['max-pixels'], 1, Number.MAX_SAFE_INTEGER) ??
      DEFAULT_MAX_PIXELS,
    threads: wholeNumber('--threads', values.threads, 1, 64),
  };
}

/** --palette and --summary: comma-separated lists, and only with --out. */
function sideFiles(values: ParsedValues): {
  palettes: PaletteExport[];
  summaries: SummaryFormat[];
} {
  const palettes = listOf('--palette', values.palette, PALETTE_EXPORTS);
  const summaries = listOf('--summary', values.summary, SUMMARIES);
  for (const [option, list] of [
    ['--palette', palettes],
    ['--summary', summaries],
  ] as const) {
    if (list.length > 0 && values.out === undefined)
      throw new UsageError(`${option} needs --out DIR`);
  }
  return { palettes, summaries };
}

function listOf<T extends string>(
  option: string,
  lists: string[] | undefined,
  allowed: readonly T[],
): T[] {
  const chosen = new Set<T>();
  for (const item of (lists ?? []).flatMap((list) => list.split(','))) {
    const match = oneOf(option, item.trim(), allowed);
    if (match) chosen.add(match);
  }
  return [...chosen];
}

type ParsedValues = ReturnType<typeof parseWords>['values'];

function parseWords(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: OPTION_SPEC,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

/** node:util's messages are long and suggest things that do not apply; say it shortly. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/ambiguous/.test(message)) {
      return `${option} needs a value (write ${option}=VALUE for one that starts with "-")`;
    }
    if (/does not take/.test(message)) return `${option} does not take a value`;
    return `${option} needs a value`;
  }
  return message.split('\n')[0]!;
}

// ---------------------------------------------------------------------------------------------
// Colour counts

function colourCounts(lists: string[] | undefined, sweep: boolean): number[] {
  if (sweep && lists) throw new UsageError('give either --colours or --sweep, not both');
  if (sweep) return [...SWEEP_COLOURS];
  if (!lists) return [DEFAULT_COLOURS];
  const counts = new Set<number>();
  for (const list of lists) for (const count of parseColourList(list)) counts.add(count);
  return [...counts].sort((a, b) => a - b);
}

/** "16", "2,4,8", "2-1024" (every count in between) or any comma-separated mix of them. */
export function parseColourList(text: string): number[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new UsageError(`--colours: "${text}" has an empty item`);
  }
  return items.flatMap(parseColourItem);
}

function parseColourItem(item: string): number[] {
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
  if (range) {
    const from = colourCount(range[1]!);
    const to = colourCount(range[2]!);
    if (from > to) throw new UsageError(`--colours: the range ${item} runs backwards`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  if (!/^\d+$/.test(item)) {
    throw new UsageError(`--colours: "${item}" is not a colour count or a range like 2-16`);
  }
  return [colourCount(item)];
}

function colourCount(digits: string): number {
  const count = Number(digits);
  if (count < MIN_COLOURS || count > MAX_COLOURS) {
    throw new UsageError(`--colours: ${digits} is not between ${MIN_COLOURS} and ${MAX_COLOURS}`);
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Engine settings

function engineSettings(values: ParsedValues): EngineSettings {
  const engine: EngineSettings = {
    algorithm: oneOf('--algorithm', values.algorithm, ALGORITHMS),
    init: oneOf('--init', values.init, INITS),
    space: oneOf('--space', values.space, COLOUR_SPACES),
    dither: oneOf('--dither', values.dither, DITHERS),
    ditherStrength: decimal('--dither-strength', values['dither-strength'], 0, 1),
    seed: wholeNumber('--seed', values.seed, 0, 0xffffffff),
    nInit: wholeNumber('--n-init', values['n-init'], 1, 1000),
    maxIter: wholeNumber('--max-iter', values['max-iter'], 1, 100_000),
    tol: decimal('--tol', values.tol, 0, Infinity),
  };
  if (engine.dither === 'none' && engine.ditherStrength !== undefined) {
    throw new UsageError('--dither-strength needs dithering, but --dither is none');
  }
  // Absent settings are left out, so the core's own defaults apply.
  for (const key of Object.keys(engine) as (keyof EngineSettings)[]) {
    if (engine[key] === undefined) delete engine[key];
  }
  return engine;
}

function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((name) => name === value.toLowerCase());
  if (!match)
    throw new UsageError(`${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return match;
}

function wholeNumber(
  option: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return number;
}

function decimal(
  option: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  // Plain decimal notation only: Number() would also take "0x1", "" and "Infinity".
  const plain = /^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim());
  const number = plain ? Number(value) : NaN;
  if (!Number.isFinite(number) || number < min || number > max) {
    const range = max === Infinity ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(`${option} must be a number ${range}, not "${value}"`);
  }
  return number;
}
