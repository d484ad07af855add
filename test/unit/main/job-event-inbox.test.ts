/**
 * What the preload lets through to the renderer: every job event is checked field by field (the
 * worker that posts them decodes untrusted images), copied to a fresh object, and a job never
 * ends twice whichever channel its events take. The port is a real worker_threads one.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent, ResultInfo } from '../../../src-main/api/contract';
import { checkJobEvent } from '../../../src-main/desktop/job-event-check';
import { JobEventInbox, type JobEventSource } from '../../../src-main/desktop/job-event-inbox';
import { resultViewUrl } from '../../../src-main/desktop/ipc-channels';

const rules = { resultViewUrl };

const result: ResultInfo = {
  jobId: 'job-1',
  imageId: 'image-1',
  viewUrl: 'palettize://media/results/job-1',
  suggestedName: 'china-16.png',
  colours: 16,
  paletteSize: 3,
  palette: ['#102030', '#405060', '#00000000'],
  counts: [10, 5, 1],
  pngBytes: 1234,
  iterations: 7,
  converged: true,
  inertia: 12.5,
  mse: 3.25,
  psnr: null,
  milliseconds: 12.5,
};
const done: JobEvent = { type: 'done', jobId: 'job-1', result };
const progress: JobEvent = { type: 'progress', jobId: 'job-1', stage: 'refine', fraction: 0.5 };
const failed: JobEvent = {
  type: 'failed',
  jobId: 'job-2',
  error: { code: 'cancelled', message: 'Cancelled.' },
};

function refusal(raw: unknown): string | null {
  const checked = checkJobEvent(raw, rules);
  return checked.ok ? null : checked.reason;
}

const withResult = (change: Record<string, unknown>) => ({
  ...done,
  result: { ...result, ...change },
});

describe('checkJobEvent', () => {
  it('lets well-formed events through as fresh objects with the known fields only', () => {
    for (const event of [done, progress, failed]) {
      const checked = checkJobEvent(event, rules);
      expect(checked).toEqual({ ok: true, event });
      if (checked.ok) expect(checked.event).not.toBe(event);
    }
    const extra = checkJobEvent(
      { ...done, sneaky: 1, result: { ...result, html: '<img onerror>' } },
      rules,
    );
    expect(extra).toEqual({ ok: true, event: done });
  });

  it('accepts the edge values: a PSNR, a one-colour palette, progress 0 and 1', () => {
    expect(refusal(withResult({ psnr: 41.5 }))).toBeNull();
    expect(
      refusal(withResult({ paletteSize: 1, palette: ['#ffffff'], counts: [4], colours: 2 })),
    ).toBeNull();
    expect(refusal({ ...progress, fraction: 0 })).toBeNull();
    expect(refusal({ ...progress, fraction: 1 })).toBeNull();
  });

  it.each([
    ['not an object', 'done', /event is not an object/],
    ['an array', [done], /event is not an object/],
    ['an unknown type', { ...progress, type: 'finished' }, /unknown event type/],
    ['a job id that is a path', { ...progress, jobId: '../../etc' }, /bad job id/],
    ['a job id too long', { ...progress, jobId: 'a'.repeat(65) }, /bad job id/],
    ['an odd stage', { ...progress, stage: '<b>refine</b>' }, /bad stage/],
    ['a fraction above 1', { ...progress, fraction: 1.5 }, /bad fraction/],
    ['a NaN fraction', { ...progress, fraction: Number.NaN }, /bad fraction/],
    ['a fraction as text', { ...progress, fraction: '0.5' }, /bad fraction/],
    ['no result', { type: 'done', jobId: 'job-1' }, /result is not an object/],
    ['the result of another job', withResult({ jobId: 'job-9' }), /another job/],
    ['a view URL elsewhere', withResult({ viewUrl: 'https://example.com/x.png' }), /view URL/],
    [
      'the view URL of another result',
      withResult({ viewUrl: 'palettize://media/results/job-9' }),
      /view URL/,
    ],
    [
      'a palette entry that is no colour',
      withResult({ palette: ['red', '#000', '#fff'] }),
      /palette/,
    ],
    ['an empty palette', withResult({ palette: [], counts: [], paletteSize: 0 }), /palette/],
    [
      'more than 1024 colours',
      withResult({ palette: Array(1025).fill('#000000'), counts: Array(1025).fill(0) }),
      /palette/,
    ],
    ['counts not matching the palette', withResult({ counts: [1, 2] }), /counts/],
    ['a negative count', withResult({ counts: [1, -2, 3] }), /count/],
    ['a palette size not matching', withResult({ paletteSize: 4 }), /palette size/],
    ['a colour count out of range', withResult({ colours: 2048 }), /colours/],
    ['a fractional PNG size', withResult({ pngBytes: 1.5 }), /PNG size/],
    ['an infinite MSE', withResult({ mse: Number.POSITIVE_INFINITY }), /MSE/],
    ['a PSNR as text', withResult({ psnr: 'high' }), /psnr/],
    ['converged as a number', withResult({ converged: 1 }), /converged/],
    ['a bad image id', withResult({ imageId: 'a b' }), /image id/],
    ['an empty suggested name', withResult({ suggestedName: '' }), /suggested name/],
    ['a failure without a code', { ...failed, error: { message: 'x' } }, /error code/],
    ['a failure with an odd code', { ...failed, error: { code: 'Oops!', message: 'x' } }, /code/],
    ['a failure without a message', { ...failed, error: { code: 'internal' } }, /message/],
  ])('refuses %s', (_what, raw, reason) => {
    expect(refusal(raw)).toMatch(reason);
  });

  it('shortens a very long error message instead of refusing it', () => {
    const checked = checkJobEvent(
      { ...failed, error: { code: 'internal', message: 'x'.repeat(10_000) } },
      rules,
    );
    expect(checked.ok).toBe(true);
    if (checked.ok && checked.event.type === 'failed') {
      expect(checked.event.error.message).toHaveLength(2000);
      expect(checked.event.error.message.endsWith('…')).toBe(true);
    }
  });

  it('survives values that throw when read', () => {
    const hostile = Object.defineProperty({ jobId: 'job-1' }, 'type', {
      get() {
        throw new Error('boom');
      },
    });
    expect(refusal(hostile)).toBe('unreadable event');
  });
});

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function inboxWithLog() {
  const refused: [JobEventSource, string][] = [];
  const inbox = new JobEventInbox({
    resultViewUrl,
    onRefused: (source, reason) => refused.push([source, reason]),
  });
  const received: JobEvent[] = [];
  inbox.subscribe((event) => received.push(event));
  return { inbox, received, refused };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

describe('JobEventInbox', () => {
  it('hands checked events from the port and from the main process to every listener', async () => {
    const { inbox, received, refused } = inboxWithLog();
    const other: JobEvent[] = [];
    const stop = inbox.subscribe((event) => other.push(event));
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    inbox.usePort(port2);
    port1.postMessage(progress);
    port1.postMessage({ type: 'progress', jobId: 'job-1', stage: 'refine', fraction: 7 });
    port1.postMessage(done);
    await nextTurn();
    inbox.receive(failed, 'main');
    expect(received).toEqual([progress, done, failed]);
    expect(other).toEqual(received);
    expect(refused).toEqual([['worker', 'bad fraction']]);
    stop();
    inbox.receive({ ...failed, jobId: 'job-3' }, 'main');
    expect(other).toHaveLength(3);
    inbox.closePort();
  });

  it('lets nothing through for a job that has ended, whichever channel brings it', () => {
    const { inbox, received } = inboxWithLog();
    const cancelled: JobEvent = {
      type: 'failed',
      jobId: 'job-1',
      error: { code: 'cancelled', message: 'Cancelled.' },
    };
    inbox.receive(cancelled, 'main');
    inbox.receive(done, 'worker'); // the worker finished just as the cancel came
    inbox.receive(progress, 'worker');
    inbox.receive(cancelled, 'main');
    expect(received).toEqual([cancelled]);
  });

  it('forgets the oldest ended jobs beyond its limit', () => {
    const inbox = new JobEventInbox({ resultViewUrl, endedKept: 2 });
    const received: JobEvent[] = [];
    inbox.subscribe((event) => received.push(event));
    for (const jobId of ['a', 'b', 'c']) inbox.receive({ ...failed, jobId }, 'main');
    inbox.receive({ ...failed, jobId: 'a' }, 'main'); // forgotten: goes through again
    inbox.receive({ ...failed, jobId: 'c' }, 'main'); // remembered: dropped
    expect(received.map((event) => event.jobId)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('listens only to the newest port, and closes the one before', async () => {
    const { inbox, received } = inboxWithLog();
    const first = new MessageChannel();
    const second = new MessageChannel();
    ports.push(first.port1, first.port2, second.port1, second.port2);
    let firstClosed = false;
    first.port2.on('close', () => (firstClosed = true));
    inbox.usePort(first.port2);
    inbox.usePort(second.port2);
    first.port1.postMessage(progress);
    second.port1.postMessage(done);
    await nextTurn();
    expect(firstClosed).toBe(true);
    expect(received).toEqual([done]);
    inbox.usePort(undefined); // a message without a port: none is kept
    second.port1.postMessage({ ...failed, jobId: 'job-5' });
    await nextTurn();
    expect(received).toEqual([done]);
  });

  it('one throwing listener does not keep the event from the others', async () => {
    const { inbox, received } = inboxWithLog();
    inbox.subscribe(() => {
      throw new Error('listener bug');
    });
    const last: JobEvent[] = [];
    inbox.subscribe((event) => last.push(event));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      inbox.receive(progress, 'worker');
      await nextTurn();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(received).toEqual([progress]);
    expect(last).toEqual([progress]);
    expect(String(uncaught[0])).toMatch(/listener bug/);
  });
});
