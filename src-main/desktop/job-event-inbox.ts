/**
 * The preload's side of job events: they arrive from the worker over the renderer port and from
 * the main process over IPC (failures, and everything while there is no port). Each is checked
 * (job-event-check.ts) and handed to the renderer's listeners as the fresh object the check made
 * (known fields only); nothing arrives for a job after its end (done or failed), so a job never
 * ends twice whatever the two channels do.
 * The port is kept here and never handed to the renderer; nothing is ever sent on it.
 *
 * No Node or Electron import: this runs in the sandboxed preload (bundled) and in Node's tests,
 * with a DOM MessagePort there and a worker_threads one here.
 */
import type { JobEvent } from '../api/contract';
import { checkJobEvent, type JobEventRules } from './job-event-check';

/** What the inbox needs of a port: the DOM's MessagePort and Node's both fit. */
export interface ReceivingPort {
  /** The listener gets a MessageEvent (typed loosely, so that both ports' typings fit). */
  addEventListener(type: 'message', listener: (event: object) => void): void;
  start(): void;
  close(): void;
}

export type JobEventSource = 'worker' | 'main';

export interface InboxOptions extends JobEventRules {
  /** Told about each event refused (for a console warning); the event is dropped. */
  onRefused?: (source: JobEventSource, reason: string) => void;
  /** How many ended jobs to remember. Default 4096. */
  endedKept?: number;
}

export class JobEventInbox {
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly ended = new Set<string>();
  private readonly endedKept: number;
  private port: ReceivingPort | null = null;

  constructor(private readonly options: InboxOptions) {
    this.endedKept = options.endedKept ?? 4096;
  }

  subscribe(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Listens on a new port from the worker, closing the one before (the worker was replaced). */
  usePort(port: ReceivingPort | undefined): void {
    this.closePort();
    if (!port) return;
    this.port = port;
    port.addEventListener('message', (message) => {
      if (this.port === port) this.receive((message as { data?: unknown }).data, 'worker');
    });
    port.start();
  }

  /** Checks an event and hands it to the listeners, unless its job has ended already. */
  receive(raw: unknown, source: JobEventSource): void {
    const checked = checkJobEvent(raw, this.options);
    if (!checked.ok) {
      this.options.onRefused?.(source, checked.reason);
      return;
    }
    const { event } = checked;
    if (this.ended.has(event.jobId)) return;
    if (event.type !== 'progress') this.remember(event.jobId);
    for (const listener of [...this.listeners]) {
      // A throwing listener must not keep the event from the others.
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  closePort(): void {
    const port = this.port;
    this.port = null;
    port?.close();
  }

  private remember(jobId: string): void {
    this.ended.add(jobId);
    if (this.ended.size > this.endedKept) this.ended.delete(this.ended.values().next().value!);
  }
}
