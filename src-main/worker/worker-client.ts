/**
 * One typed client for the clustering worker (Squoosh's worker bridge): it starts the worker
 * lazily, runs quantize jobs one at a time in a queue, cancels by AbortSignal, and after a crash
 * fails the jobs in flight with a clear message and starts a fresh worker for the next request.
 * It does not know how the worker is launched: Electron and the web shell each pass a launcher.
 */
import { UserFacingError } from '../services/errors';
import { DEFAULT_MAX_PIXELS } from '../services/image-decode';
import type { PixelSample, QuantizeSettings, ResultFigures } from '../api/contract';
import type { ImageFacts, WorkerReply, WorkerRequest } from './protocol';

/** A running worker, whichever process API started it. */
export interface WorkerChannel {
  send(request: WorkerRequest): void;
  onMessage(listener: (reply: WorkerReply) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type WorkerLauncher = () => WorkerChannel;

export interface RequestOptions {
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: RequestOptions['onProgress'];
}

export class WorkerClient {
  private channel: WorkerChannel | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  /** The tail of the queue of quantize jobs: each waits for the one before it. */
  private queueTail: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly launch: WorkerLauncher) {}

  /** Decodes an image and describes it. Not queued: it runs beside a quantize job. */
  inspect(
    path: string,
    limits: { displayName: string; maxPixels?: number },
    options: RequestOptions = {},
  ): Promise<ImageFacts> {
    const { displayName, maxPixels = DEFAULT_MAX_PIXELS } = limits;
    return this.request(
      { type: 'inspect', path, displayName, maxPixels },
      options,
    ) as Promise<ImageFacts>;
  }

  /** Writes a browser-viewable PNG of the image at `path` to `outputPath`. */
  preview(
    path: string,
    outputPath: string,
    options: RequestOptions = {},
  ): Promise<{ bytes: number }> {
    return this.request({ type: 'preview', path, outputPath }, options) as Promise<{
      bytes: number;
    }>;
  }

  sample(path: string, count: number): Promise<PixelSample> {
    return this.request({ type: 'sample', path, count }, {}) as Promise<PixelSample>;
  }

  losslessSize(path: string): Promise<{ bytes: number }> {
    return this.request({ type: 'lossless-size', path }, {}) as Promise<{ bytes: number }>;
  }

  /** Quantizes `inputPath` and writes the PNG to `outputPath`, after the jobs queued before it. */
  quantize(
    inputPath: string,
    outputPath: string,
    settings: QuantizeSettings,
    options: RequestOptions = {},
  ): Promise<ResultFigures> {
    const run = async () => {
      options.signal?.throwIfAborted();
      return this.request({ type: 'quantize', inputPath, outputPath, settings }, options);
    };
    const job = this.queueTail.then(run, run);
    this.queueTail = job.catch(() => undefined);
    return job.catch((error: unknown) => {
      throw options.signal?.aborted ? cancelledError() : error;
    }) as Promise<ResultFigures>;
  }

  /** Stops the worker; requests in flight fail. A later request starts a new worker. */
  dispose(): void {
    this.disposed = true;
    this.stopWorker(new UserFacingError('cancelled', 'Palettize is closing.'));
  }

  /** Kills the worker as a crash would (used to test recovery). */
  killWorker(): void {
    this.channel?.kill();
  }

  private request(
    body: DistributiveOmit<Exclude<WorkerRequest, { type: 'cancel' }>, 'requestId'>,
    options: RequestOptions,
  ): Promise<unknown> {
    if (this.disposed)
      return Promise.reject(new UserFacingError('cancelled', 'Palettize is closing.'));
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    const requestId = this.nextRequestId++;
    const channel = this.ensureWorker();
    return new Promise((resolve, reject) => {
      const abort = () => {
        if (!this.pending.delete(requestId)) return;
        channel.send({ type: 'cancel', requestId });
        reject(cancelledError());
      };
      options.signal?.addEventListener('abort', abort, { once: true });
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          options.signal?.removeEventListener('abort', abort);
          fn(value);
        };
      this.pending.set(requestId, {
        resolve: settle(resolve),
        reject: settle(reject),
        onProgress: options.onProgress,
      });
      channel.send({ ...body, requestId } as WorkerRequest);
    });
  }

  private ensureWorker(): WorkerChannel {
    if (this.channel) return this.channel;
    const channel = this.launch();
    channel.onMessage((reply) => this.onReply(reply));
    channel.onExit((code) => {
      if (this.channel !== channel) return;
      this.channel = null;
      this.failAll(
        new UserFacingError(
          'worker-crashed',
          `The image worker stopped unexpectedly (exit code ${code ?? 'unknown'}); the job was lost. Try again.`,
        ),
      );
    });
    this.channel = channel;
    return channel;
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'ready') return;
    const pending = this.pending.get(reply.requestId);
    if (!pending) return; // cancelled or already failed
    if (reply.type === 'progress') {
      pending.onProgress?.(reply.stage, reply.fraction);
      return;
    }
    this.pending.delete(reply.requestId);
    if (reply.type === 'done') pending.resolve(reply.value);
    else pending.reject(new UserFacingError(reply.error.code, reply.error.message));
  }

  private stopWorker(error: Error): void {
    const channel = this.channel;
    this.channel = null;
    this.failAll(error);
    channel?.kill();
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(error);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function cancelledError(): UserFacingError {
  return new UserFacingError('cancelled', 'Cancelled.');
}
