/**
 * The message protocol between a host (Electron main or the web shell) and the clustering worker.
 * The same messages travel over Electron's utility-process port and over Node's child-process IPC.
 * Pixels never travel: requests carry file paths, and the worker reads and writes the files.
 */
import type { ErrorReport } from '../services/errors';
import type { PixelSample, QuantizeSettings, ResultFigures, ResultInfo } from '../api/contract';

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

/** What turns the worker's ResultFigures into the renderer's ResultInfo (and names its events). */
export type ResultRefs = Pick<ResultInfo, 'jobId' | 'imageId' | 'viewUrl' | 'suggestedName'>;

export interface QuantizeRequest {
  type: 'quantize';
  requestId: number;
  inputPath: string;
  outputPath: string;
  settings: QuantizeSettings;
  /**
   * Electron only: the job as the renderer knows it. With it, the worker posts the job's progress
   * on the renderer port, and its done event once the host settles it (SettleRequest).
   */
  job?: ResultRefs;
}

/**
 * Electron only: the host has taken in a quantize job's result (`publish`: the worker posts the
 * held done event on the renderer port) or dropped it (the job was cancelled first: it never
 * reaches the renderer). Sent once for every done reply to a request that carried `job`.
 */
export interface SettleRequest {
  type: 'settle';
  requestId: number;
  publish: boolean;
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
  | CancelRequest
  | SettleRequest;

/**
 * Electron only: the worker's end of a MessageChannelMain whose other end is in the renderer's
 * preload. It travels in the message event's `ports` (MessagePortMain cannot carry ArrayBuffers,
 * and nothing here needs to: only JobEvents go on it). Each one replaces the one before (a new
 * window, a reloaded page). The worker only posts on it and never listens: the renderer cannot
 * ask the worker for anything.
 */
export interface RendererPortMessage {
  type: 'renderer-port';
}

/** Everything a worker can receive. */
export type WorkerMessage = WorkerRequest | RendererPortMessage;

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
