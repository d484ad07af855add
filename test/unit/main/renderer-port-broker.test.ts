/**
 * The broker joins the window and the worker with a fresh channel whenever either is new (a worker
 * restarted after a crash, a reloaded page); and the main process relays a job event itself only
 * when it cannot come over the port.
 */
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src-main/api/contract';
import {
  relayedByMain,
  RendererPortBroker,
  type ChannelPair,
} from '../../../src-main/desktop/renderer-port-broker';

/** Channels as labelled pairs: channel n is ports n.1 and n.2. */
function labelledBroker() {
  let made = 0;
  const broker = new RendererPortBroker<string>((): ChannelPair<string> => {
    made++;
    return { port1: `${made}.1`, port2: `${made}.2` };
  });
  return { broker, made: () => made };
}

describe('RendererPortBroker', () => {
  it('makes a channel once both a worker and a page are there, one end each', () => {
    const { broker, made } = labelledBroker();
    const toWindow: string[] = [];
    const toWorker: string[] = [];
    const page = broker.attachWindow((port) => toWindow.push(port));
    expect(made()).toBe(0);
    expect(page.connected).toBe(false);
    const worker = broker.attachWorker((port) => toWorker.push(port));
    expect([toWorker, toWindow]).toEqual([['1.1'], ['1.2']]);
    expect(page.connected).toBe(true);
    expect(worker.connected).toBe(true);
  });

  it('gives the page a new port when a new worker starts (after a crash)', () => {
    const { broker } = labelledBroker();
    const toWindow: string[] = [];
    const page = broker.attachWindow((port) => toWindow.push(port));
    const first = broker.attachWorker(() => undefined);
    first.detach(); // the worker crashed
    expect(page.connected).toBe(false);
    const second = broker.attachWorker(() => undefined);
    expect(toWindow).toEqual(['1.2', '2.2']);
    expect(page.connected).toBe(true);
    first.detach(); // the old worker's late exit changes nothing
    expect(second.connected).toBe(true);
    expect(page.connected).toBe(true);
  });

  it('gives the worker a new port when the page reloads, and none while it is away', () => {
    const { broker } = labelledBroker();
    const toWorker: string[] = [];
    const worker = broker.attachWorker((port) => toWorker.push(port));
    const first = broker.attachWindow(() => undefined);
    first.detach(); // reloading
    expect(worker.connected).toBe(false);
    expect(first.connected).toBe(false);
    const second = broker.attachWindow(() => undefined);
    expect(toWorker).toEqual(['1.1', '2.1']);
    expect(second.connected).toBe(true);
    expect(first.connected).toBe(false);
  });

  it('a window replaced by another (macOS: a window opened again) is no longer connected', () => {
    const { broker } = labelledBroker();
    broker.attachWorker(() => undefined);
    const old = broker.attachWindow(() => undefined);
    const current = broker.attachWindow(() => undefined);
    expect(old.connected).toBe(false);
    expect(current.connected).toBe(true);
    old.detach();
    expect(current.connected).toBe(true);
  });

  it('is not connected when a side could not take its port', () => {
    const { broker } = labelledBroker();
    broker.attachWorker(() => undefined);
    const page = broker.attachWindow(() => {
      throw new Error('the page is gone');
    });
    expect(page.connected).toBe(false);
  });
});

describe('relayedByMain', () => {
  const progress: JobEvent = { type: 'progress', jobId: 'j', stage: 'refine', fraction: 0.5 };
  const failed: JobEvent = { type: 'failed', jobId: 'j', error: { code: 'x', message: 'x' } };
  const done = { type: 'done', jobId: 'j' } as JobEvent;

  it('relays everything to a window without a port, and only failures to one with a port', () => {
    expect([progress, done, failed].map((event) => relayedByMain(event, false))).toEqual([
      true,
      true,
      true,
    ]);
    expect([progress, done, failed].map((event) => relayedByMain(event, true))).toEqual([
      false,
      false,
      true,
    ]);
  });
});
