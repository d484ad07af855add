/**
 * The job events the worker posts straight to the renderer in the desktop app (over a
 * MessageChannelMain port, not relayed by the main process), and the one function both the worker
 * and the main process use to build a ResultInfo, so the two can never disagree.
 *
 * Who delivers what, when the renderer has a port:
 *   - progress: the worker, as it goes;
 *   - done: the worker, but only once the main process has taken the result in and says so (a
 *     SettleRequest). The result is then registered before the renderer can ask for its image or
 *     export it, and a job the main process already answered as cancelled never shows up as done;
 *   - failed: the main process, which decides most failures itself (a cancel answered at once, a
 *     queued job cancelled, a crashed or replaced worker, closing).
 * Plain code with no Node or Electron import: the tests drive it with worker_threads ports.
 */
import type { JobEvent, ResultFigures, ResultInfo } from '../api/contract';
import type { QuantizeRequest, ResultRefs } from './protocol';

export function resultInfoOf(figures: ResultFigures, refs: ResultRefs): ResultInfo {
  return {
    ...figures,
    jobId: refs.jobId,
    imageId: refs.imageId,
    viewUrl: refs.viewUrl,
    suggestedName: refs.suggestedName,
  };
}

export function progressEventOf(refs: ResultRefs, stage: string, fraction: number): JobEvent {
  return { type: 'progress', jobId: refs.jobId, stage, fraction };
}

export function doneEventOf(refs: ResultRefs, figures: ResultFigures): JobEvent {
  return { type: 'done', jobId: refs.jobId, result: resultInfoOf(figures, refs) };
}

/** Where the worker's job events go: the renderer's port (or, in tests, a fake). */
export interface EventSink {
  post(event: JobEvent): void;
  close(): void;
}

/** What a sink needs of a port: Electron's MessagePortMain and Node's MessagePort both fit. */
export interface PostablePort {
  postMessage(message: unknown): void;
  close(): void;
}

/** Posts on a port; never starts it, so nothing the other end sends is ever read. */
export function portSink(port: PostablePort): EventSink {
  return { post: (event) => port.postMessage(event), close: () => port.close() };
}

/**
 * The worker's side: the current sink (none in Node's child-process mode, where nothing here
 * does anything), and the done events waiting for the host to settle them.
 */
export class RendererEvents {
  private sink: EventSink | null = null;
  private readonly held = new Map<number, JobEvent>();

  /** Uses a new sink (a new port), closing the one before. */
  attach(sink: EventSink): void {
    const previous = this.sink;
    this.sink = sink;
    if (previous) closeQuietly(previous);
  }

  get attached(): boolean {
    return this.sink !== null;
  }

  /** How many done events wait for their settle message. */
  get waiting(): number {
    return this.held.size;
  }

  progress(request: QuantizeRequest, stage: string, fraction: number): void {
    if (request.job) this.post(progressEventOf(request.job, stage, fraction));
  }

  /** Keeps the done event of a job the host will settle (it carried `job`). */
  finished(request: QuantizeRequest, figures: ResultFigures): void {
    if (request.job) this.held.set(request.requestId, doneEventOf(request.job, figures));
  }

  /** The host took the result in (`publish`) or dropped it: post the held event, or forget it. */
  settle(requestId: number, publish: boolean): void {
    const event = this.held.get(requestId);
    this.held.delete(requestId);
    if (event && publish) this.post(event);
  }

  private post(event: JobEvent): void {
    if (!this.sink) return;
    try {
      this.sink.post(event);
    } catch {
      // A broken port must not fail the job: main still has the outcome; drop the port.
      const broken = this.sink;
      this.sink = null;
      closeQuietly(broken);
    }
  }
}

function closeQuietly(sink: EventSink): void {
  try {
    sink.close();
  } catch {
    // already closed
  }
}
