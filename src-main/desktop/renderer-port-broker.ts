/**
 * Connects the renderer to the clustering worker with a message channel (Electron's
 * MessageChannelMain in the app, Node's MessageChannel in the tests): whenever a worker and a
 * loaded page are both there and not yet joined, it makes a new channel and gives one end to each.
 * So a worker started after a crash, a page reloaded or a window opened again each get a fresh
 * pair. It is generic over the port type and knows nothing of Electron.
 */
import type { JobEvent } from '../api/contract';

export interface ChannelPair<P> {
  port1: P;
  port2: P;
}

/** One side's place in the broker, as `attachWorker` and `attachWindow` hand it out. */
export interface PortEndpoint {
  /** True while this side holds a port whose other end is with the current other side. */
  readonly connected: boolean;
  /** This side is gone (the worker exited, the page unloaded); a later attach reconnects. */
  detach(): void;
}

interface Side<P> {
  deliver(port: P): void;
  /** The channel this side was last given, 0 for none. */
  channel: number;
}

export class RendererPortBroker<P> {
  private worker: Side<P> | null = null;
  private window: Side<P> | null = null;
  private channels = 0;

  constructor(private readonly createChannel: () => ChannelPair<P>) {}

  /** A worker process started; `deliver` hands it its end (port1). Replaces any earlier worker. */
  attachWorker(deliver: (port: P) => void): PortEndpoint {
    const side: Side<P> = { deliver, channel: 0 };
    this.worker = side;
    this.connect();
    return this.endpoint(
      side,
      () => this.worker,
      () => (this.worker = null),
    );
  }

  /** A page loaded and can take a port; `deliver` hands it its end (port2). Replaces any earlier one. */
  attachWindow(deliver: (port: P) => void): PortEndpoint {
    const side: Side<P> = { deliver, channel: 0 };
    this.window = side;
    this.connect();
    return this.endpoint(
      side,
      () => this.window,
      () => (this.window = null),
    );
  }

  private endpoint(side: Side<P>, current: () => Side<P> | null, clear: () => void): PortEndpoint {
    const connected = () => {
      const other = side === this.worker ? this.window : this.worker;
      return current() === side && side.channel !== 0 && other?.channel === side.channel;
    };
    return {
      get connected() {
        return connected();
      },
      detach: () => {
        if (current() === side) clear();
      },
    };
  }

  private connect(): void {
    const { worker, window } = this;
    if (!worker || !window) return;
    const { port1, port2 } = this.createChannel();
    const channel = ++this.channels;
    try {
      worker.deliver(port1);
      window.deliver(port2);
      worker.channel = window.channel = channel;
    } catch {
      // Either side could not take its port: not connected, so the main process relays events.
      worker.channel = window.channel = 0;
    }
  }
}

/**
 * Whether the main process sends a job event to a window itself: every event when the window has
 * no port to the worker; with a port, only failures (progress and results come over the port,
 * while failures are mostly decided in the main process: a cancel, a crashed or replaced worker).
 */
export function relayedByMain(event: JobEvent, windowHasPort: boolean): boolean {
  return !windowHasPort || event.type === 'failed';
}
