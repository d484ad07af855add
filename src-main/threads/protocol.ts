/**
 * What the quantize pool and its threads say to each other (structured clone over MessagePort).
 * An image travels as a view on a SharedArrayBuffer, so every thread reads the same pixels and
 * nothing is copied.
 */
import type { QuantizeOptions } from '../../src-core/quantize/options';
import type { PixelPass } from '../../src-core/quantize/pass-helper';
import type { QuantizeResult, RawImage } from '../../src-core/quantize/quantize';
import type { ErrorReport } from '../services/errors';

export interface QuantizeTask {
  type: 'quantize';
  taskId: number;
  /** Names the image and its preparation: a thread keeps the prepared image under this key. */
  imageKey: string;
  image: RawImage;
  /** Every option but the colour count (the same for every task of one key). */
  options: Omit<QuantizeOptions, 'colours'>;
  colours: number;
  /** The largest count that tasks of this key will ask for (sizes the shared Wu partition). */
  mostColours: number;
  /** Also encode the result as a PNG, on the thread. */
  encode: boolean;
  /** Other threads the pool could lend to share a pass over the pixels (0: none). */
  helpers: number;
}

/** Asks a free thread to help with another thread's pass over the pixels (shared memory). */
export interface HelpRequest {
  type: 'help';
  pass: PixelPass;
}

export type PoolMessage = QuantizeTask | HelpRequest;

export type ThreadReply =
  | { type: 'progress'; taskId: number; stage: string; fraction: number }
  /** The task's thread is starting a pass over the pixels that free threads can share. */
  | { type: 'help-wanted'; taskId: number; pass: PixelPass }
  | {
      type: 'done';
      taskId: number;
      result: QuantizeResult;
      png: Uint8Array | null;
      /** Time spent on the task: quantizing, and encoding when asked. */
      milliseconds: number;
      /** Blocks of its passes over the pixels that other threads did. */
      blocksHelped: number;
    }
  | { type: 'failed'; taskId: number; error: ErrorReport };
