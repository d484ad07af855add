/**
 * The message protocol between a host (Electron main or the web shell) and the clustering worker.
 * The same messages travel over Electron's utility-process port and over Node's child-process IPC.
 * Pixels never travel: requests carry file paths, and the worker reads and writes the files.
 */
import type { ErrorReport } from '../services/errors';
import type { PixelSample, QuantizeSettings, ResultFigures } from '../api/contract';

/** Facts about an image the worker has decoded. */
export interface ImageFacts {
  width: number;
  height: number;
  format: string;
  fileBytes: number;
  hasAlpha: boolean;
  distinctColours: number;
  /** What decoding changed (colour profile, bit depth, first frame only...). */
  notes: string[];
}

export interface InspectRequest {
  type: 'inspect';
  requestId: number;
  path: string;
  /** The name the user knows the file by, for error messages (an upload's path is a private one). */
  displayName: string;
  /** Largest width × height to decode. */
  maxPixels: number;
}

export interface QuantizeRequest {
  type: 'quantize';
  requestId: number;
  inputPath: string;
  outputPath: string;
  settings: QuantizeSettings;
}

/** Writes the decoded image as a PNG a browser can show (for TIFF, HEIF, SVG...). */
export interface PreviewRequest {
  type: 'preview';
  requestId: number;
  path: string;
  outputPath: string;
}

/** A seeded sample of an image's (or a written result's) pixels, for the scatter plots. */
export interface SampleRequest {
  type: 'sample';
  requestId: number;
  path: string;
  count: number;
}

/** The size of the image re-encoded as a lossless PNG (the second baseline of size comparisons). */
export interface LosslessSizeRequest {
  type: 'lossless-size';
  requestId: number;
  path: string;
}

export interface CancelRequest {
  type: 'cancel';
  requestId: number;
}

export type WorkerRequest =
  | InspectRequest
  | PreviewRequest
  | QuantizeRequest
  | SampleRequest
  | LosslessSizeRequest
  | CancelRequest;

/** What each request answers with. */
export interface WorkerAnswers {
  inspect: ImageFacts;
  preview: { bytes: number };
  sample: PixelSample;
  'lossless-size': { bytes: number };
  quantize: ResultFigures;
}

export type WorkerReply =
  | { type: 'progress'; requestId: number; stage: string; fraction: number }
  | { type: 'done'; requestId: number; value: WorkerAnswers[keyof WorkerAnswers] }
  | { type: 'failed'; requestId: number; error: ErrorReport }
  | { type: 'ready' };
