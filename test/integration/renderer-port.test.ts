/**
 * The desktop app's job events, put together as main.ts, main-window.ts and the preload do, but
 * without Electron (it cannot run here): the BUILT worker runs in a worker thread that looks to it
 * like a utility process (test/integration/utility-process-thread.mjs), the broker joins it to the
 * "window" with Node's MessageChannel, and the window's side is the preload's JobEventInbox.
 * Checked: progress and results come over the port, not from the main process; a result is
 * registered before the renderer hears of it; cancels and crashes are reported by the main process
 * once; a worker restarted after a crash gets a new port and the window with it.
 */
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageInfo, JobEvent, ResultInfo } from '../../src-main/api/contract';
import { imageViewUrl, resultViewUrl } from '../../src-main/desktop/ipc-channels';
import { JobEventInbox } from '../../src-main/desktop/job-event-inbox';
import {
  relayedByMain,
  RendererPortBroker,
  type PortEndpoint,
} from '../../src-main/desktop/renderer-port-broker';
import { PalettizeService } from '../../src-main/services/palettize-service';
import { Session } from '../../src-main/services/session';
import type { RendererPortMessage, WorkerReply } from '../../src-main/worker/protocol';
import {
  WorkerClient,
  type WorkerChannel,
  type WorkerLauncher,
} from '../../src-main/worker/worker-client';
import { tempDir, writeTranslucentPng } from '../helpers/images';
import { builtWorkerScript, fixture, repoRoot } from '../helpers/paths';

const threadScript = join(repoRoot, 'test/integration/utility-process-thread.mjs');

/** Like utility-launcher.ts: each new worker gets its end of a fresh port from the broker. */
function threadLauncher(
  broker: RendererPortBroker<MessagePort>,
  threads: Worker[],
): WorkerLauncher {
  const script = builtWorkerScript();
  return (): WorkerChannel => {
    const thread = new Worker(threadScript, { workerData: { script } });
    threads.push(thread);
    const portMessage: RendererPortMessage = { type: 'renderer-port' };
    const endpoint = broker.attachWorker((port) =>
      thread.postMessage({ data: portMessage, ports: [port] }, [port]),
    );
    thread.once('exit', () => endpoint.detach());
    return {
      send: (request) => thread.postMessage({ data: request }),
      onMessage: (listener) => thread.on('message', (reply: WorkerReply) => listener(reply)),
      onExit: (listener) => thread.on('exit', (code) => listener(code)),
      kill: () => void thread.terminate(),
    };
  };
}

interface Desktop {
  service: PalettizeService;
  threads: Worker[];
  /** What the renderer's listeners got, in order. */
  received: JobEvent[];
  /** What the main process relayed itself. */
  relayed: JobEvent[];
  /** Ports the window was given. */
  portsGiven: number;
  /** Per done event: what the main process had registered when the renderer heard of it. */
  registeredWhenDone: { heard: ResultInfo; registered: ResultInfo | undefined }[];
  refused: string[];
  dispose(): void;
}

function desktop(): Desktop {
  const broker = new RendererPortBroker<MessagePort>(() => new MessageChannel());
  const threads: Worker[] = [];
  const service = new PalettizeService(
    new WorkerClient(threadLauncher(broker, threads), { rendererEvents: true }),
    new Session(),
    { image: imageViewUrl, result: resultViewUrl },
  );
  const app: Desktop = {
    service,
    threads,
    received: [],
    relayed: [],
    portsGiven: 0,
    registeredWhenDone: [],
    refused: [],
    dispose: () => {
      inbox.closePort();
      service.dispose();
    },
  };
  // The preload.
  const inbox = new JobEventInbox({
    resultViewUrl,
    onRefused: (source, reason) => app.refused.push(`${source}: ${reason}`),
  });
  inbox.subscribe((event) => {
    app.received.push(event);
    if (event.type === 'done') {
      const registered = service.resultFile(event.jobId)?.info;
      app.registeredWhenDone.push({ heard: event.result, registered: structuredClone(registered) });
    }
  });
  // main-window.ts: a port for the loaded page; job events relayed only when they cannot come over it.
  const page: PortEndpoint = broker.attachWindow((port) => {
    app.portsGiven++;
    inbox.usePort(port);
  });
  service.onJobEvent((event) => {
    if (!relayedByMain(event, page.connected)) return;
    app.relayed.push(event);
    inbox.receive(structuredClone(event), 'main');
  });
  return app;
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ended = (app: Desktop, jobId: string) =>
  app.received.filter((event) => event.jobId === jobId && event.type !== 'progress');

let dir: string;
let app: Desktop;
let small: string;

beforeEach(async () => {
  dir = tempDir();
  small = join(dir, 'small.png');
  await sharp(fixture('china.jpg')).resize(160).png().toFile(small);
  app = desktop();
});

afterEach(() => app.dispose());

describe('job events over the renderer port (desktop shape, without Electron)', () => {
  it('a sweep: progress and results come over the port, each registered first', async () => {
    const image: ImageInfo = await app.service.openImage(small);
    const translucent = join(dir, 'translucent.png');
    await writeTranslucentPng(translucent);
    const clear = await app.service.openImage(translucent);
    const jobs = [2, 4, 16, 64, 256, 1024].map((colours) =>
      app.service.startJob(image.id, { colours, seed: 0 }),
    );
    jobs.push(app.service.startJob(clear.id, { colours: 4, seed: 0, dither: 'fs' }));
    await until(() => jobs.every((jobId) => ended(app, jobId).length > 0), 'the sweep');

    expect(app.refused).toEqual([]);
    expect(app.relayed).toEqual([]); // nothing came through the main process
    expect(app.portsGiven).toBe(1);
    for (const jobId of jobs) {
      const events = app.received.filter((event) => event.jobId === jobId);
      expect(events.at(-1)?.type).toBe('done');
      expect(events.filter((event) => event.type === 'done')).toHaveLength(1);
      expect(events.some((event) => event.type === 'progress')).toBe(true);
    }
    expect(app.registeredWhenDone).toHaveLength(jobs.length);
    for (const { heard, registered } of app.registeredWhenDone) expect(registered).toEqual(heard);
    const last = [...app.received].reverse().find((event) => event.type === 'done');
    expect(last?.type === 'done' && last.result).toMatchObject({
      imageId: clear.id,
      viewUrl: resultViewUrl(jobs.at(-1)!),
      suggestedName: 'translucent-4.png',
    });
  });

  it('a cancel is reported once, by the main process, and the next job still works', async () => {
    const image = await app.service.openImage(fixture('china.jpg'));
    const jobId = app.service.startJob(image.id, { colours: 1024, seed: 0 });
    await until(
      () => app.received.some((event) => event.jobId === jobId && event.type === 'progress'),
      'the first progress',
    );
    app.service.cancelJob(jobId);
    await until(() => ended(app, jobId).length > 0, 'the cancel');
    expect(ended(app, jobId)).toEqual([
      { type: 'failed', jobId, error: { code: 'cancelled', message: 'Cancelled.' } },
    ]);
    expect(app.relayed.map((event) => event.type)).toEqual(['failed']);

    const next = app.service.startJob(image.id, { colours: 8, seed: 0 });
    await until(() => ended(app, next).length > 0, 'the next job');
    expect(ended(app, next).map((event) => event.type)).toEqual(['done']);
    // The cancelled job's late news, if any came, never reached the renderer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ended(app, jobId)).toHaveLength(1);
  });

  it('after a crash, the main process reports it, and the new worker gets a new port', async () => {
    const image = await app.service.openImage(fixture('china.jpg'));
    const doomed = app.service.startJob(image.id, { colours: 1024, seed: 0 });
    await until(
      () => app.received.some((event) => event.jobId === doomed && event.type === 'progress'),
      'the first progress',
    );
    await app.threads[0]!.terminate(); // the worker dies (as after a crash in libvips)
    await until(() => ended(app, doomed).length > 0, 'the crash report');
    const [report] = ended(app, doomed);
    expect(report).toMatchObject({ type: 'failed', error: { code: 'worker-crashed' } });
    expect(app.relayed).toEqual([report]);

    const next = app.service.startJob(image.id, { colours: 8, seed: 0 });
    await until(() => ended(app, next).length > 0, 'the job on the new worker');
    expect(app.threads).toHaveLength(2);
    expect(app.portsGiven).toBe(2);
    expect(ended(app, next).map((event) => event.type)).toEqual(['done']);
    expect(app.relayed).toHaveLength(1); // the new result came over the new port
    expect(app.refused).toEqual([]);
  });
});
