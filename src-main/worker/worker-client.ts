/**
 * One typed client for the clustering worker (Squoosh's worker bridge): it starts the worker
 * lazily, runs quantize jobs from a queue, a few at a time (`quantizeLanes`: the worker runs them
 * side by side on its threads), and cancels by AbortSignal: the caller is
 * answered at once, the worker is asked to stop, and a worker that does not let go of the job
 * within a grace period is killed and replaced, so a cancel always works however long the core
 * runs without yielding. After a crash (or the out-of-memory killer) it fails the jobs in flight
 * with a clear message and starts a fresh worker for the next request, waiting longer after each
 * crash of a worker that never came up. It does not know how the worker is launched: Electron and
 * the web shell each pass a launcher. In Electron (`rendererEvents`), quantize requests also carry
 * the job as the renderer knows it, and each result is settled so that the worker posts its done
 * event to the renderer only once it is taken in here (see job-events.ts).
 */
import { UserFacingError } from '../services/errors';
import { DEFAULT_MAX_PIXELS } from '../services/limits';
import type { PixelSample, QuantizeSettings, ResultFigures } from '../api/contract';
import type { ImageFacts, ResultRefs, WorkerReply, WorkerRequest } from './protocol';

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
  /** How long a cancelled job may keep the worker busy before the worker is replaced. Default 2 s. */
  cancelGraceMs?: number;
  /**
   * The worker posts job events to the renderer itself (Electron, over a renderer port): quantize
   * requests carry the job's ResultRefs and every result is settled. Off (the web shell, the CLI),
   * the messages are what they always were.
   */
  rendererEvents?: boolean;
  /**
   * Quantize jobs sent to the worker at once; the next queued job goes when one ends. Default 1:
   * one after another, in order. Hosts pass one per core (the worker has a thread for each).
   */
  quantizeLanes?: number;
}

/** No wait after one crash, then 0.25 s, 1 s, 4 s… up to 10 s while the worker keeps dying on start. */
export function defaultBackoff(crashes: number): number {
  return crashes <= 1 ? 0 : Math.min(10_000, 250 * 4 ** (crashes - 2));
}

export interface RequestOptions {
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
}

export interface QuantizeOptions extends RequestOptions {
  /** The job as the renderer knows it; sent to the worker only with `rendererEvents`. */
  job?: ResultRefs;
}

type RequestBody = DistributiveOmit<
  Exclude<WorkerRequest, { type: 'cancel' } | { type: 'settle' }>,
  'requestId'
>;

/** A request the worker is working on. */
interface InFlight {
  /** The caller's side; gone once the caller was answered (a cancel answers at once). */
  caller: {
    resolve(value: unknown): void;
    reject(error: Error): void;
    onProgress?: RequestOptions['onProgress'];
  } | null;
  /** Called when the worker is done with the request: it replied, or it is gone. */
  release(): void;
  /** The worker holds this request's done event for the renderer until it is settled. */
  settles: boolean;
  /** The kill timer of a cancelled request. */
  graceTimer?: ReturnType<typeof setTimeout>;
}

/** A request sent: the caller's answer, and when the worker is free of it. */
interface Sent {
  answer: Promise<unknown>;
  released: Promise<void>;
}

const CLOSING = 'Palettize is closing.';

export class WorkerClient {
  private channel: WorkerChannel | null = null;
  private readonly inFlight = new Map<number, InFlight>();
  private nextRequestId = 1;
  /** Quantize jobs sent and not yet let go of by the worker, and the jobs waiting for a lane. */
  private readonly lanes: Lanes;
  private disposed = false;
  /** Crashes since a worker last came up; reset by its "ready" message. */
  private crashesInARow = 0;
  private readonly backoff: (crashes: number) => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly cancelGraceMs: number;
  private readonly rendererEvents: boolean;

  constructor(
    private readonly launch: WorkerLauncher,
    options: SupervisorOptions = {},
  ) {
    this.backoff = options.backoff ?? defaultBackoff;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.cancelGraceMs = options.cancelGraceMs ?? 2000;
    this.rendererEvents = options.rendererEvents ?? false;
    this.lanes = new Lanes(options.quantizeLanes ?? 1);
  }

  /** The running worker's process id, or null when none runs. */
  get workerPid(): number | null {
    return this.channel?.pid ?? null;
  }

  /** Decodes an image and describes it. Not queued: it runs beside a quantize job. */
  inspect(
    path: string,
    limits: { displayName: string; maxPixels?: number },
    options: RequestOptions = {},
  ): Promise<ImageFacts> {
    const { displayName, maxPixels = DEFAULT_MAX_PIXELS } = limits;
    return this.ask(
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
    return this.ask({ type: 'preview', path, outputPath }, options) as Promise<{ bytes: number }>;
  }

  sample(path: string, count: number): Promise<PixelSample> {
    return this.ask({ type: 'sample', path, count }, {}) as Promise<PixelSample>;
  }

  losslessSize(path: string): Promise<{ bytes: number }> {
    return this.ask({ type: 'lossless-size', path }, {}) as Promise<{ bytes: number }>;
  }

  /**
   * Quantizes `inputPath` and writes the PNG to `outputPath`, once a lane is free: the worker has
   * let go of enough of the jobs queued before it (cancelled ones included).
   */
  quantize(
    inputPath: string,
    outputPath: string,
    settings: QuantizeSettings,
    options: QuantizeOptions = {},
  ): Promise<ResultFigures> {
    const body: RequestBody = { type: 'quantize', inputPath, outputPath, settings };
    if (this.rendererEvents && options.job) body.job = options.job;
    const sent = this.lanes.take().then(async () => {
      try {
        return await this.request(body, options);
      } catch (error) {
        this.lanes.free();
        throw error;
      }
    });
    sent.then(
      (request) => request.released.then(() => this.lanes.free()),
      () => undefined,
    );
    return sent.then((request) => request.answer) as Promise<ResultFigures>;
  }

  /** Stops the worker (its window closed); requests in flight fail, the next starts a new one. */
  stopWorker(reason = 'The image worker was stopped.'): void {
    this.killWorker(new UserFacingError('cancelled', reason));
  }

  /** Stops the worker for good; requests in flight and later fail. */
  dispose(): void {
    this.disposed = true;
    this.stopWorker(CLOSING);
  }

  private async ask(body: RequestBody, options: RequestOptions): Promise<unknown> {
    return (await this.request(body, options)).answer;
  }

  private async request(body: RequestBody, options: RequestOptions): Promise<Sent> {
    if (this.disposed) throw new UserFacingError('cancelled', CLOSING);
    if (options.signal?.aborted) throw cancelledError();
    const channel = await this.withWorker();
    if (options.signal?.aborted) throw cancelledError();
    return this.send(channel, body, options);
  }

  private send(channel: WorkerChannel, body: RequestBody, options: RequestOptions): Sent {
    const requestId = this.nextRequestId++;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const answer = new Promise<unknown>((resolve, reject) => {
      const entry: InFlight = {
        caller: { resolve, reject, onProgress: options.onProgress },
        release: () => {
          if (entry.graceTimer) clearTimeout(entry.graceTimer);
          options.signal?.removeEventListener('abort', abort);
          release();
        },
        settles: body.type === 'quantize' && body.job !== undefined,
      };
      const abort = () => this.cancel(channel, requestId);
      options.signal?.addEventListener('abort', abort, { once: true });
      this.inFlight.set(requestId, entry);
    });
    channel.send({ ...body, requestId } as WorkerRequest);
    return { answer, released };
  }

  /** Answers the caller now, asks the worker to stop, and replaces it if it does not in time. */
  private cancel(channel: WorkerChannel, requestId: number): void {
    const entry = this.inFlight.get(requestId);
    if (!entry?.caller) return;
    entry.caller.reject(cancelledError());
    entry.caller = null;
    channel.send({ type: 'cancel', requestId });
    entry.graceTimer = setTimeout(() => {
      if (this.inFlight.has(requestId) && this.channel === channel) {
        this.killWorker(
          new UserFacingError(
            'cancelled',
            'The image worker was restarted to stop a cancelled job. Try again.',
          ),
        );
      }
    }, this.cancelGraceMs);
  }

  /** The running worker, or a new one, after the backoff delay when it keeps crashing. */
  private async withWorker(): Promise<WorkerChannel> {
    if (this.channel) return this.channel;
    const delay = this.backoff(this.crashesInARow);
    if (delay > 0) await this.sleep(delay);
    if (this.disposed) throw new UserFacingError('cancelled', CLOSING);
    return this.channel ?? this.startWorker();
  }

  private startWorker(): WorkerChannel {
    const channel = this.launch();
    channel.onMessage((reply) => this.onReply(channel, reply));
    channel.onExit((code) => this.onExit(channel, code));
    this.channel = channel;
    return channel;
  }

  private onExit(channel: WorkerChannel, code: number | null): void {
    if (this.channel !== channel) return; // already replaced on purpose
    this.channel = null;
    this.crashesInARow++;
    this.endAll(
      new UserFacingError(
        'worker-crashed',
        `The image worker stopped unexpectedly (exit code ${code ?? 'unknown'}); the job was lost. Try again.`,
      ),
    );
  }

  /** Kills the worker on purpose: what was in flight fails with `reason`; no crash is counted. */
  private killWorker(reason: UserFacingError): void {
    const channel = this.channel;
    this.channel = null;
    this.endAll(reason);
    channel?.kill();
  }

  private onReply(channel: WorkerChannel, reply: WorkerReply): void {
    if (reply.type === 'ready') {
      this.crashesInARow = 0;
      return;
    }
    const entry = this.inFlight.get(reply.requestId);
    if (!entry) return;
    if (reply.type === 'progress') {
      entry.caller?.onProgress?.(reply.stage, reply.fraction);
      return;
    }
    this.inFlight.delete(reply.requestId);
    entry.release();
    if (reply.type === 'done') {
      const accepted = entry.caller !== null;
      entry.caller?.resolve(reply.value);
      // The caller takes the result in (registers it) in this task's microtasks, before this
      // process handles anything else; the renderer cannot ask for it before the worker, told
      // here, posts it. A result whose caller was already answered (cancelled) is dropped.
      if (entry.settles)
        channel.send({ type: 'settle', requestId: reply.requestId, publish: accepted });
    } else entry.caller?.reject(new UserFacingError(reply.error.code, reply.error.message));
  }

  /** The worker is gone: every request in flight ends, its caller (if still waiting) with `error`. */
  private endAll(error: Error): void {
    const entries = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const entry of entries) {
      entry.release();
      entry.caller?.reject(error);
    }
  }
}

/** A counting semaphore, first come first served. */
class Lanes {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly count: number) {}

  take(): Promise<void> {
    if (this.busy < this.count) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the lane to the next waiting job, or frees it. */
  free(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function cancelledError(): UserFacingError {
  return new UserFacingError('cancelled', 'Cancelled.');
}
