/**
 * One typed client for the clustering worker (Squoosh's worker bridge): it starts the worker
 * lazily, runs quantize jobs one at a time in a queue, cancels by AbortSignal, and after a crash
 * (or the out-of-memory killer) fails the jobs in flight with a clear message and starts a fresh
 * worker for the next request, waiting longer after each crash of a worker that never came up.
 * It does not know how the worker is launched: Electron and the web shell each pass a launcher.
 */
import { UserFacingError } from '../services/errors';
import { DEFAULT_MAX_PIXELS } from '../services/image-decode';
import type { PixelSample, QuantizeSettings, ResultFigures } from '../api/contract';
import type { ImageFacts, WorkerReply, WorkerRequest } from './protocol';

/** A running worker, whichever process API started it. */
export interface WorkerChannel {
  /** The process id, once known. */
  readonly pid?: number;
  send(request: WorkerRequest): void;
  onMessage(listener: (reply: WorkerReply) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type WorkerLauncher = () => WorkerChannel;

export interface SupervisorOptions {
  /** Milliseconds to wait before relaunching after `crashes` crashes in a row. */
  backoff?: (crashes: number) => number;
  /** How to wait (tests pass one that records the delays). */
  sleep?: (milliseconds: number) => Promise<void>;
}

/** No wait after one crash, then 0.25 s, 1 s, 4 s… up to 10 s while the worker keeps dying on start. */
export function defaultBackoff(crashes: number): number {
  return crashes <= 1 ? 0 : Math.min(10_000, 250 * 4 ** (crashes - 2));
}

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
  /** Crashes since a worker last came up; reset by its "ready" message. */
  private crashesInARow = 0;
  private readonly backoff: (crashes: number) => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;

  constructor(
    private readonly launch: WorkerLauncher,
    options: SupervisorOptions = {},
  ) {
    this.backoff = options.backoff ?? defaultBackoff;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The running worker's process id, or null when none runs. */
  get workerPid(): number | null {
    return this.channel?.pid ?? null;
  }

  /** Stops the worker (its window closed); requests in flight fail, the next starts a new one. */
  stopWorker(reason = 'The image worker was stopped.'): void {
    const channel = this.channel;
    this.channel = null;
    this.failAll(new UserFacingError('cancelled', reason));
    channel?.kill();
  }

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

  /** Stops the worker for good; requests in flight and later fail. */
  dispose(): void {
    this.disposed = true;
    this.stopWorker('Palettize is closing.');
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
    return this.withWorker().then((channel) => this.send(channel, body, options));
  }

  private send(
    channel: WorkerChannel,
    body: DistributiveOmit<Exclude<WorkerRequest, { type: 'cancel' }>, 'requestId'>,
    options: RequestOptions,
  ): Promise<unknown> {
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    const requestId = this.nextRequestId++;
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

  /** The running worker, or a new one, after the backoff delay when it keeps crashing. */
  private async withWorker(): Promise<WorkerChannel> {
    if (this.channel) return this.channel;
    const delay = this.backoff(this.crashesInARow);
    if (delay > 0) await this.sleep(delay);
    if (this.disposed) throw new UserFacingError('cancelled', 'Palettize is closing.');
    return this.channel ?? this.startWorker();
  }

  private startWorker(): WorkerChannel {
    const channel = this.launch();
    channel.onMessage((reply) => this.onReply(reply));
    channel.onExit((code) => {
      if (this.channel !== channel) return;
      this.channel = null;
      this.crashesInARow++;
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
    if (reply.type === 'ready') {
      this.crashesInARow = 0;
      return;
    }
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
