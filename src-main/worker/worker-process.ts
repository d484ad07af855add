/**
 * The clustering worker's entry point. It runs as an Electron utility process (messages on
 * process.parentPort) or as a Node child process (process.send), with the same protocol, and
 * handles requests concurrently: quantize jobs run side by side on its pool of threads (as many as
 * the host sends at once; the host sends one per core). In Electron it may also be handed a port
 * to the renderer, on which it posts the jobs' events (job-events.ts).
 */
import { join } from 'node:path';
import type { ResultFigures } from '../api/contract';
import { toErrorReport } from '../services/errors';
import { portSink, RendererEvents, type PostablePort } from './job-events';
import { QuantizePool } from '../threads/quantize-pool';
import type {
  CancelRequest,
  SettleRequest,
  WorkerMessage,
  WorkerReply,
  WorkerRequest,
} from './protocol';
import {
  inspect,
  losslessSize,
  quantizeToPng,
  samplePixels,
  writePreview,
  type JobControl,
} from './quantize-job';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports?: PostablePort[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(reply: WorkerReply): void {
  if (parentPort) parentPort.postMessage(reply);
  else process.send?.(reply);
}

function onMessage(listener: (message: WorkerMessage, ports: PostablePort[]) => void): void {
  if (parentPort) {
    parentPort.on('message', (event) => listener(event.data as WorkerMessage, event.ports ?? []));
  } else process.on('message', (message) => listener(message as WorkerMessage, []));
}

const cancellers = new Map<number, AbortController>();
/** The threads quantize jobs run on, started when the first job comes. */
let pool: QuantizePool | null = null;
const rendererEvents = new RendererEvents();
const PROGRESS_INTERVAL_MS = 50;

function answer(
  request: Exclude<WorkerRequest, CancelRequest | SettleRequest>,
  control: JobControl,
) {
  switch (request.type) {
    case 'inspect':
      return inspect(request);
    case 'preview':
      return writePreview(request);
    case 'sample':
      return samplePixels(request);
    case 'lossless-size':
      return losslessSize(request);
    case 'quantize':
      pool ??= new QuantizePool({ script: join(__dirname, 'quantize-thread.js') });
      return quantizeToPng(request, control, pool);
  }
}

async function handle(message: WorkerMessage, ports: PostablePort[]): Promise<void> {
  if (message.type === 'renderer-port') {
    if (ports[0]) rendererEvents.attach(portSink(ports[0]));
    return;
  }
  const request = message;
  if (request.type === 'cancel') {
    cancellers.get(request.requestId)?.abort();
    return;
  }
  if (request.type === 'settle') {
    rendererEvents.settle(request.requestId, request.publish);
    return;
  }
  const { requestId } = request;
  let lastProgress = 0;
  const abort = new AbortController();
  cancellers.set(requestId, abort);
  const control = {
    signal: abort.signal,
    progress(stage: string, fraction: number) {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      send({ type: 'progress', requestId, stage, fraction });
      if (request.type === 'quantize') rendererEvents.progress(request, stage, fraction);
    },
  };
  try {
    const value = await answer(request, control);
    if (request.type === 'quantize') rendererEvents.finished(request, value as ResultFigures);
    send({ type: 'done', requestId, value });
  } catch (error) {
    send({ type: 'failed', requestId, error: toErrorReport(error) });
  } finally {
    cancellers.delete(requestId);
  }
}

onMessage((message, ports) => void handle(message, ports));
// A host without an IPC channel (someone ran the file by hand) gets nothing to talk to.
if (!parentPort && !process.send) {
  process.stderr.write('worker.js is started by Palettize, not by hand.\n');
  process.exit(2);
}
send({ type: 'ready' });
