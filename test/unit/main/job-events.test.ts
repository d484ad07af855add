/**
 * The worker's side of the renderer port: the events it builds from a job's replies, and when it
 * posts them (progress at once, done only once the host settles it), tried on a real
 * worker_threads MessageChannel so that every event goes through structured cloning.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent, ResultFigures } from '../../../src-main/api/contract';
import {
  doneEventOf,
  portSink,
  progressEventOf,
  RendererEvents,
  resultInfoOf,
  type EventSink,
} from '../../../src-main/worker/job-events';
import type { QuantizeRequest, ResultRefs } from '../../../src-main/worker/protocol';

const refs: ResultRefs = {
  jobId: 'job-1',
  imageId: 'image-1',
  viewUrl: 'palettize://media/results/job-1',
  suggestedName: 'china-16.png',
};

const figures: ResultFigures = {
  colours: 16,
  paletteSize: 2,
  palette: ['#102030', '#405060'],
  counts: [10, 5],
  pngBytes: 1234,
  iterations: 7,
  converged: true,
  inertia: 12.5,
  mse: 3.25,
  psnr: 43.0,
  milliseconds: 12,
};

function quantizeRequest(requestId: number, job?: ResultRefs): QuantizeRequest {
  return {
    type: 'quantize',
    requestId,
    inputPath: '/in.png',
    outputPath: '/out.png',
    settings: { colours: 16, seed: 0 },
    job,
  };
}

/** A real channel: the worker's sink on one end, what the renderer's end received on the other. */
const opened: MessagePort[] = [];
function channel(): { sink: EventSink; received: JobEvent[]; settled(): Promise<void> } {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  const received: JobEvent[] = [];
  let arrived: (() => void) | null = null;
  port2.on('message', (event: JobEvent | 'sentinel') => {
    if (event === 'sentinel') arrived?.();
    else received.push(event);
  });
  // Messages keep their order: once a sentinel posted now arrives, everything before it has.
  // (A closed port takes no sentinel: then a short wait does.)
  const settled = () =>
    new Promise<void>((resolve) => {
      arrived = resolve;
      port1.postMessage('sentinel');
      setTimeout(resolve, 200);
    });
  return { sink: portSink(port1), received, settled };
}

afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

describe('job events built by the worker', () => {
  it('makes the same ResultInfo as the main process did: figures plus the refs', () => {
    expect(resultInfoOf(figures, refs)).toEqual({ ...figures, ...refs });
    expect(doneEventOf(refs, figures)).toEqual({
      type: 'done',
      jobId: 'job-1',
      result: { ...figures, ...refs },
    });
    expect(progressEventOf(refs, 'refine', 0.5)).toEqual({
      type: 'progress',
      jobId: 'job-1',
      stage: 'refine',
      fraction: 0.5,
    });
  });

  it('ignores the refs of another shape: only the four known fields are copied', () => {
    const sneaky = { ...refs, palette: ['#ffffff'] } as ResultRefs;
    expect(resultInfoOf(figures, sneaky).palette).toEqual(figures.palette);
  });
});

describe('RendererEvents', () => {
  it('posts progress at once and the done event only when the host publishes it', async () => {
    const events = new RendererEvents();
    const { sink, received, settled } = channel();
    events.attach(sink);
    const request = quantizeRequest(1, refs);
    events.progress(request, 'seed', 0.1);
    events.progress(request, 'refine', 0.6);
    events.finished(request, figures);
    expect(events.waiting).toBe(1);
    await settled();
    expect(received.map((event) => event.type)).toEqual(['progress', 'progress']);

    events.settle(1, true);
    await settled();
    expect(received).toHaveLength(3);
    expect(received[2]).toEqual({ type: 'done', jobId: 'job-1', result: { ...figures, ...refs } });
    expect(events.waiting).toBe(0);
  });

  it('drops a done event the host did not take in (the job was cancelled first)', async () => {
    const events = new RendererEvents();
    const { sink, received, settled } = channel();
    events.attach(sink);
    events.finished(quantizeRequest(2, refs), figures);
    events.settle(2, false);
    events.settle(2, true); // a second settle finds nothing
    await settled();
    expect(received).toEqual([]);
    expect(events.waiting).toBe(0);
  });

  it('does nothing for a request without refs (Node child-process mode)', async () => {
    const events = new RendererEvents();
    const { sink, received, settled } = channel();
    events.attach(sink);
    const request = quantizeRequest(3);
    events.progress(request, 'refine', 0.5);
    events.finished(request, figures);
    events.settle(3, true);
    await settled();
    expect(received).toEqual([]);
    expect(events.waiting).toBe(0);
  });

  it('without a port, holds nothing back and posts nothing', () => {
    const events = new RendererEvents();
    expect(events.attached).toBe(false);
    const request = quantizeRequest(4, refs);
    events.progress(request, 'refine', 0.5);
    events.finished(request, figures);
    events.settle(4, true);
    expect(events.waiting).toBe(0);
  });

  it('a new port replaces the old one, which is closed', async () => {
    const events = new RendererEvents();
    const first = channel();
    const second = channel();
    let closed = 0;
    events.attach({ post: first.sink.post, close: () => (closed++, first.sink.close()) });
    events.progress(quantizeRequest(5, refs), 'seed', 0);
    events.attach(second.sink);
    expect(closed).toBe(1);
    events.finished(quantizeRequest(5, refs), figures);
    events.settle(5, true);
    await first.settled();
    expect(first.received.map((event) => event.type)).toEqual(['progress']);
    expect(second.received.map((event) => event.type)).toEqual(['done']);
  });

  it('a port that throws is dropped without failing the job', () => {
    const events = new RendererEvents();
    let posts = 0;
    events.attach({
      post: () => {
        posts++;
        throw new Error('port is gone');
      },
      close: () => {
        throw new Error('already closed');
      },
    });
    expect(() => events.progress(quantizeRequest(6, refs), 'seed', 0)).not.toThrow();
    expect(events.attached).toBe(false);
    events.progress(quantizeRequest(6, refs), 'refine', 0.5);
    expect(posts).toBe(1);
  });
});
