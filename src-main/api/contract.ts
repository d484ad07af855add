/**
 * The one API the renderer uses. Two hosts implement it: Electron (preload + main + utility
 * process) and the web shell (HTTP on 127.0.0.1 + a child process). The renderer imports these
 * types only, never code, so it cannot tell which host is behind it.
 *
 * Everything here is plain data that survives structured cloning and JSON.
 */

export type HostKind = 'electron' | 'web';
export type ImageId = string;
export type JobId = string;

import type { Algorithm, ColourSpace, Dither, Init } from '../../src-core/quantize/options';

// The engine's own choices (src-core/quantize/options.ts), under the names the UI uses.
export type { Algorithm, ColourSpace };
export type Seeding = Init;
export type Dithering = Dither;

/** What the user asks of one quantization. Limits live in src-core/quantize/options. */
export interface QuantizeSettings {
  /** Palette size to aim for, 2..1024. */
  colours: number;
  /** Seed of the random generator: the same seed gives the same result. */
  seed: number;
  /** kmeans (exact, default), minibatch (scikit-learn's MiniBatchKMeans) or wu (fast, deterministic). */
  algorithm?: Algorithm;
  /** How k-means starts: wu (default), kmeans++, random (Gaussian) or points (random pixels). */
  init?: Seeding;
  /** Where distances are measured: srgb (default, what MSE measures), oklab or lab. */
  space?: ColourSpace;
  /** none (default) or fs (Floyd–Steinberg). */
  dither?: Dithering;
  /** Floyd–Steinberg strength, 0..1 (default 1). */
  ditherStrength?: number;
}

/** An image the back end has opened and decoded. */
export interface ImageInfo {
  id: ImageId;
  /** File name as the user knows it. */
  name: string;
  width: number;
  height: number;
  /** Container format (jpeg, png, webp...). */
  format: string;
  /** Size of the file in bytes. */
  fileBytes: number;
  hasAlpha: boolean;
  distinctColours: number;
  /** What opening changed, for people: "CMYK converted to sRGB.", "only the first of 12 frames"... */
  notes: string[];
  /** A URL the renderer can put in an <img> to show the image. */
  viewUrl: string;
}

/** The figures of one quantized result. */
export interface ResultFigures {
  /** The colour count that was asked for. */
  colours: number;
  /** Palette entries actually used (fewer when the image has fewer colours). */
  paletteSize: number;
  /** Palette as #rrggbb (opaque) or #rrggbbaa, most used first. */
  palette: string[];
  /** Pixels using each palette entry, in palette order. */
  counts: number[];
  /** Size of the written PNG in bytes. */
  pngBytes: number;
  iterations: number;
  converged: boolean;
  /** k-means objective of the float centres (0–255 scale). */
  inertia: number;
  /** Mean squared error of the written pixels, per channel value (0–255 scale). */
  mse: number;
  /** PSNR in dB; null for an exact copy (infinite). */
  psnr: number | null;
  /** Time spent clustering and remapping, milliseconds. */
  milliseconds: number;
}

export interface ResultInfo extends ResultFigures {
  jobId: JobId;
  imageId: ImageId;
  /** A URL the renderer can put in an <img>. */
  viewUrl: string;
  /** The file name offered when exporting, e.g. china-16.png. */
  suggestedName: string;
}

export interface ApiErrorReport {
  /** A stable machine-readable reason (corrupt-image, unsupported-format, cancelled...). */
  code: string;
  /** One sentence for a person, naming the file and the reason. */
  message: string;
}

export type JobEvent =
  | { type: 'progress'; jobId: JobId; stage: string; fraction: number }
  | { type: 'done'; jobId: JobId; result: ResultInfo }
  | { type: 'failed'; jobId: JobId; error: ApiErrorReport };

/** A file the user picked or dropped (a DOM File satisfies it). */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Pixels drawn at seeded random positions: the same positions for an image and its results. */
export interface PixelSample {
  /** 3 (RGB) or 4 (RGBA) values per pixel. */
  channels: 3 | 4;
  /** The sampled pixels' values, 0..255, pixel after pixel. */
  values: number[];
}

/** What to sample: an opened image, or a finished result. */
export type SampleTarget = { imageId: ImageId } | { jobId: JobId };

/** What "export all" writes besides each result's PNG. */
export interface ExportAllOptions {
  /** Palette files to write for every result. */
  paletteFormats: PaletteExportFormat[];
  /** Summary tables of all results (colours, bytes, ratio, MSE, PSNR). */
  summary: ('csv' | 'json')[];
}

export type ExportOutcome = { saved: true; location: string } | { saved: false };

/** Palette file formats, as the CLI names them; 'png' is the swatch strip. */
export type PaletteExportFormat =
  'gpl' | 'ase' | 'act' | 'pal' | 'txt' | 'hex' | 'css' | 'json' | 'png';

/** What the application menu (and the renderer's own controls) can ask the UI to do. */
export type AppCommand =
  | 'open'
  | 'save-result'
  | 'export-palette'
  | 'export-all'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-fit'
  | 'zoom-actual'
  | 'toggle-split'
  | 'toggle-theme'
  | 'show-shortcuts'
  | 'show-about';

/** An error thrown by any method below carries the report's message; `code` is on the error. */
export interface PalettizeApi {
  readonly host: HostKind;
  /** Opens, decodes and describes an image. Rejects with a clear message for bad files. */
  openImage(file: PickedFile): Promise<ImageInfo>;
  /** Starts quantizing; progress and the outcome arrive as job events. */
  startJob(imageId: ImageId, settings: QuantizeSettings): Promise<JobId>;
  /** Stops a job; it then ends with a failed event whose code is 'cancelled'. */
  cancelJob(jobId: JobId): Promise<void>;
  /** Listens to the application menu's commands (the desktop app; never fires in a browser). */
  onCommand(listener: (command: AppCommand) => void): () => void;
  /**
   * Listens to images the host opened itself (the File menu, a file association, a second launch,
   * recent documents): each arrives opened, or with the reason it could not be.
   */
  onHostOpen(listener: (outcome: Outcome<ImageInfo>) => void): () => void;
  /** Listens to every job's events; returns the function that stops listening. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /** Saves a result's PNG where the user chooses (a save dialog, or a browser download). */
  exportResult(result: ResultInfo): Promise<ExportOutcome>;
  /** A seeded sample of `count` pixels (10,000 in the scatter plots) of an image or a result. */
  samplePixels(target: SampleTarget, count: number): Promise<PixelSample>;
  /** Size in bytes of the original re-encoded as a lossless PNG. */
  measureLosslessPng(imageId: ImageId): Promise<number>;
  /** Saves a result's palette in a format where the user chooses. */
  exportPalette(result: ResultInfo, format: PaletteExportFormat): Promise<ExportOutcome>;
  /**
   * Saves every given result (a sweep) at once: PNGs, palettes and summaries, into a folder the
   * user chooses (asking before replacing files), or as one ZIP download in a browser.
   */
  exportAll(results: ResultInfo[], options: ExportAllOptions): Promise<ExportOutcome>;
}

/** What crosses Electron's IPC: every call answers an outcome instead of throwing, so the error's code survives. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiErrorReport };

/** What the preload script exposes as `window.palettizeBridge`; the renderer wraps it into a PalettizeApi. */
export interface ElectronBridge {
  openFile(file: PickedFile): Promise<Outcome<ImageInfo>>;
  startJob(imageId: ImageId, settings: QuantizeSettings): Promise<Outcome<JobId>>;
  cancelJob(jobId: JobId): Promise<Outcome<null>>;
  exportResult(jobId: JobId): Promise<Outcome<ExportOutcome>>;
  exportPalette(jobId: JobId, format: PaletteExportFormat): Promise<Outcome<ExportOutcome>>;
  exportAll(jobIds: JobId[], options: ExportAllOptions): Promise<Outcome<ExportOutcome>>;
  onCommand(listener: (command: AppCommand) => void): () => void;
  onHostOpen(listener: (outcome: Outcome<ImageInfo>) => void): () => void;
  samplePixels(target: SampleTarget, count: number): Promise<Outcome<PixelSample>>;
  measureLosslessPng(imageId: ImageId): Promise<Outcome<number>>;
  /**
   * Job events, each checked by the preload before it gets here: progress and results straight
   * from the worker over a port (not relayed by the main process), failures from the main process.
   */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
}
