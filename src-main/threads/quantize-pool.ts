/**
 * A pool of worker threads that quantize (Squoosh's worker bridge, for threads): one typed client,
 * threads started lazily up to the pool's size, a queue, cancel by AbortSignal (the thread running
 * the task is terminated at once, and a fresh one started when next needed), and a thread that
 * crashes fails only its own task and is replaced.
 *
 * Several colour counts of one image run side by side on the threads. Each thread keeps the image
 * it prepared last (histogram, Wu partition), and a free thread takes the queued task of its own
 * image first, so a sweep prepares each image about once per thread. Results are bit for bit those
 * of `quantize` in one thread: every count is computed whole on one thread.
 *
 * One count of a very large photo is computed on one thread too, but its passes over every pixel
 * (binning, remapping) are shared: the thread asks for help, and the pool lends it the threads that
 * are free, which take blocks of the pass from shared memory (src-core/quantize/pixel-pass.ts). The
 * result is the same bit for bit. A helper that dies makes its driver run the pass again alone.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { QuantizeOptions } from '../../src-core/quantize/options';
import type { QuantizeResult, RawImage } from '../../src-core/quantize/quantize';
import { UserFacingError } from '../services/errors';
import type { PixelPass } from '../../src-core/quantize/pass-helper';
import type { HelpRequest, QuantizeTask, ThreadReply } from './protocol';
import { allBlocksDone } from '../../src-core/quantize/pixel-pass';
import { abandonPass, markHelperLost } from './shared-passes';

/** Most threads a pool starts by default, however many cores there are. */
const MOST_THREADS = 8;

/**
 * Below this many pixels, starting threads (tens of milliseconds each) costs more than they save:
 * such images are quantized on the caller's thread.
 */
export const PARALLEL_MIN_PIXELS = 1 << 16;

/** One thread per core, up to MOST_THREADS. */
export function defaultThreadCount(): number {
  return Math.max(1, Math.min(availableParallelism(), MOST_THREADS));
}

/**
 * From this many pixels, even one colour count profits from threads: its passes over the pixels
 * are shared (binning and remapping take most of its time).
 */
export const SHARED_PASS_MIN_PIXELS = 1 << 21;

/** Whether `tasks` colour counts of an image of `pixels` pixels are worth spreading over threads. */
export function profitsFromThreads(pixels: number, tasks: number, threads: number): boolean {
  if (threads < 2 || pixels < PARALLEL_MIN_PIXELS) return false;
  return tasks > 1 || pixels >= SHARED_PASS_MIN_PIXELS;
}

export interface PoolOptions {
  /** The built thread script (app/main/quantize-thread.js). */
  script: string;
  /** Threads to start at most. Default: one per core, up to 8. */
  size?: number;
}

/** One colour count of one image. */
export interface PoolTask {
  image: RawImage;
  /** Every option but the colour count. */
  options: Omit<QuantizeOptions, 'colours'>;
  colours: number;
  /** The largest count asked of this image in the same run (default: `colours`). */
  mostColours?: number;
  /** Also encode the PNG on the thread (the caller's thread stays free). */
  encode?: boolean;
}

export interface TaskOptions {
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
}

export interface PoolOutcome {
  result: QuantizeResult;
  /** The PNG, when the task asked for it. */
  png: Uint8Array | null;
  /** The thread's time on the task: quantizing, and encoding when asked. */
  milliseconds: number;
  /** Blocks of the task's passes over the pixels that lent threads did (0: none lent or needed). */
  blocksHelped: number;
}

interface Pending {
  message: QuantizeTask;
  options: TaskOptions;
  resolve(outcome: PoolOutcome): void;
  reject(error: Error): void;
  /** Detaches the abort listener. */
  detach(): void;
  /** The passes its thread shared, stopped if the task ends early. */
  passes: PixelPass[];
}

/** A place for one thread: empty until needed, and empty again after a crash or a cancel. */
interface Slot {
  thread: Worker | null;
  /** The image key the thread holds prepared. */
  imageKey: string | null;
  running: Pending | null;
  /** Passes of other threads this thread was lent to, still under way. */
  helping: PixelPass[];
}

export class QuantizePool {
  readonly size: number;
  private readonly script: string;
  private readonly slots: Slot[];
  private queue: Pending[] = [];
  private nextTaskId = 1;
  private disposed = false;

  constructor(options: PoolOptions) {
    this.script = options.script;
    this.size = Math.max(1, options.size ?? defaultThreadCount());
    this.slots = Array.from({ length: this.size }, emptySlot);
  }

  /** Threads running now (started and not yet ended). */
  get threadCount(): number {
    return this.slots.filter((slot) => slot.thread !== null).length;
  }

  /** Quantizes one colour count on a thread; rejects with code 'cancelled' when aborted. */
  run(task: PoolTask, options: TaskOptions = {}): Promise<PoolOutcome> {
    if (this.disposed) return Promise.reject(closedError());
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    const message: QuantizeTask = {
      type: 'quantize',
      taskId: this.nextTaskId++,
      imageKey: imageKeyOf(task.image, task.options),
      image: sharedImage(task.image),
      options: task.options,
      colours: task.colours,
      mostColours: task.mostColours ?? task.colours,
      encode: task.encode ?? false,
      helpers: this.size - 1,
    };
    return new Promise<PoolOutcome>((resolve, reject) => {
      const abort = () => this.cancel(pending);
      const pending: Pending = {
        message,
        options,
        resolve,
        reject,
        detach: () => options.signal?.removeEventListener('abort', abort),
        passes: [],
      };
      options.signal?.addEventListener('abort', abort, { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Ends every thread; queued and running tasks fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const waiting = [...this.queue, ...this.slots.flatMap((slot) => slot.running ?? [])];
    this.queue = [];
    const ending = this.slots.map((slot) => vacate(slot)?.terminate());
    for (const pending of waiting) settle(pending, closedError());
    await Promise.all(ending);
  }

  /**
   * Gives free threads work: first each free thread that holds a queued task's image prepared
   * takes that task, then the other free threads take the queue in order.
   */
  private pump(): void {
    const free = () => this.slots.filter((slot) => !slot.running);
    for (const slot of free()) {
      const own = this.queue.findIndex((p) => p.message.imageKey === slot.imageKey);
      if (own >= 0) this.start(slot, this.queue.splice(own, 1)[0]!);
    }
    for (const slot of free()) {
      const next = this.queue.shift();
      if (!next) return;
      this.start(slot, next);
    }
  }

  private start(slot: Slot, pending: Pending): void {
    slot.thread ??= this.startThread(slot);
    slot.running = pending;
    slot.imageKey = pending.message.imageKey;
    slot.thread.ref(); // a task in flight keeps the process alive; an idle thread does not
    slot.thread.postMessage(pending.message);
  }

  private startThread(slot: Slot): Worker {
    const thread = new Worker(this.script);
    thread.on('message', (reply: ThreadReply) => this.onReply(slot, thread, reply));
    thread.on('error', (error) => this.onThreadEnd(slot, thread, describeCrash(error)));
    thread.on('exit', (code) => this.onThreadEnd(slot, thread, describeExit(code)));
    return thread;
  }

  private onReply(slot: Slot, thread: Worker, reply: ThreadReply): void {
    const pending = slot.running;
    if (slot.thread !== thread || !pending || pending.message.taskId !== reply.taskId) return;
    if (reply.type === 'progress') {
      pending.options.onProgress?.(reply.stage, reply.fraction);
      return;
    }
    if (reply.type === 'help-wanted') {
      this.lendFreeThreads(slot, pending, reply.pass);
      return;
    }
    slot.running = null;
    thread.unref();
    if (reply.type === 'done') {
      pending.detach();
      const { result, png, milliseconds, blocksHelped } = reply;
      pending.resolve({ result, png, milliseconds, blocksHelped });
    } else settle(pending, new UserFacingError(reply.error.code, reply.error.message));
    this.pump();
  }

  /**
   * Lends every free thread (starting it if need be) to a thread's pass over the pixels. A thread
   * busy with a task of its own is not lent: with a sweep under way, every core already works.
   */
  private lendFreeThreads(driver: Slot, pending: Pending, pass: PixelPass): void {
    pending.passes.push(pass);
    const request: HelpRequest = { type: 'help', pass };
    for (const slot of this.slots) {
      if (slot === driver || slot.running) continue;
      if (!slot.thread) {
        slot.thread = this.startThread(slot);
        slot.thread.unref(); // a lent thread does not keep the process alive
      }
      slot.helping = slot.helping.filter((other) => !allBlocksDone(other));
      slot.helping.push(pass);
      slot.thread.postMessage(request);
    }
  }

  /** The thread died: its task fails, and a fresh thread takes the next one. */
  private onThreadEnd(slot: Slot, thread: Worker, error: UserFacingError): void {
    if (slot.thread !== thread) return; // already replaced on purpose
    const pending = slot.running;
    vacate(slot);
    if (pending) settle(pending, error);
    if (!this.disposed) this.pump();
  }

  private cancel(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = this.slots.find((s) => s.running === pending);
    // The core does not stop mid-step on its own: ending the thread is the one sure way.
    if (slot) void vacate(slot)?.terminate();
    settle(pending, cancelledError());
    this.pump();
  }
}

function emptySlot(): Slot {
  return { thread: null, imageKey: null, running: null, helping: [] };
}

/**
 * Empties a slot (its next task starts a fresh thread) and returns the thread it held. The drivers
 * it was helping are told, and so are the helpers of the task it was running: their pass stops.
 */
function vacate(slot: Slot): Worker | null {
  const thread = slot.thread;
  for (const pass of slot.helping) if (!allBlocksDone(pass)) markHelperLost(pass);
  for (const pass of slot.running?.passes ?? []) abandonPass(pass);
  Object.assign(slot, emptySlot());
  return thread;
}

function settle(pending: Pending, error: Error): void {
  pending.detach();
  pending.reject(error);
}

// -------------------------------------------------------------------------------------------------

const sharedCopies = new WeakMap<Uint8Array, Uint8Array>();
const imageIds = new WeakMap<Uint8Array, number>();
let nextImageId = 1;

/**
 * The image with its pixels on a SharedArrayBuffer, which every thread reads in place; copied
 * once per pixel array.
 */
export function sharedImage(image: RawImage): RawImage {
  const { data } = image;
  if (data.buffer instanceof SharedArrayBuffer) return image;
  let shared = sharedCopies.get(data);
  if (!shared) {
    shared = new Uint8Array(new SharedArrayBuffer(data.length));
    shared.set(data);
    sharedCopies.set(data, shared);
  }
  return { data: shared, width: image.width, height: image.height, channels: image.channels };
}

/** Names an image's preparation: the pixel array it came from, and the options it was made with. */
function imageKeyOf(image: RawImage, options: Omit<QuantizeOptions, 'colours'>): string {
  let id = imageIds.get(image.data);
  if (id === undefined) imageIds.set(image.data, (id = nextImageId++));
  const sorted = Object.fromEntries(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${id} ${JSON.stringify(sorted)}`;
}

function cancelledError(): UserFacingError {
  return new UserFacingError('cancelled', 'Cancelled.');
}

function closedError(): UserFacingError {
  return new UserFacingError('cancelled', 'The quantize threads were stopped.');
}

function describeCrash(error: Error): UserFacingError {
  const reason =
    (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? 'it ran out of memory'
      : error.message.split('\n')[0];
  return new UserFacingError(
    'worker-crashed',
    `A quantize thread stopped (${reason}); the job was lost. Try again.`,
  );
}

function describeExit(code: number): UserFacingError {
  return new UserFacingError(
    'worker-crashed',
    `A quantize thread stopped unexpectedly (exit code ${code}); the job was lost. Try again.`,
  );
}
