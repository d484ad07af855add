/**
 * The clustering worker's entry point. It runs as an Electron utility process (messages on
 * process.parentPort) or as a Node child process (process.send), with the same protocol, and
 * handles requests concurrently; a host sends at most one quantize job at a time.
 */
import { toErrorReport } from '../services/errors';
import type { CancelRequest, WorkerReply, WorkerRequest } from './protocol';
import {
  inspect,
  losslessSize,
  quantizeToPng,
  samplePixels,
  writePreview,
  type JobControl,
} from './quantize-job';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(reply: WorkerReply): void {
  if (parentPort) parentPort.postMessage(reply);
  else process.send?.(reply);
}

function onRequest(listener: (request: WorkerRequest) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as WorkerRequest));
  else process.on('message', (message) => listener(message as WorkerRequest));
}

const cancelled = new Set<number>();
const PROGRESS_INTERVAL_MS = 50;

function answer(request: Exclude<WorkerRequest, CancelRequest>, control: JobControl) {
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
      return quantizeToPng(request, control);
  }
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'cancel') {
    cancelled.add(request.requestId);
    return;
  }
  const { requestId } = request;
  let lastProgress = 0;
  const control = {
    isCancelled: () => cancelled.has(requestId),
    progress(stage: string, fraction: number) {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      send({ type: 'progress', requestId, stage, fraction });
    },
  };
  try {
    const value = await answer(request, control);
    send({ type: 'done', requestId, value });
  } catch (error) {
    send({ type: 'failed', requestId, error: toErrorReport(error) });
  } finally {
    cancelled.delete(requestId);
  }
}

onRequest((request) => void handle(request));
// A host without an IPC channel (someone ran the file by hand) gets nothing to talk to.
if (!parentPort && !process.send) {
  process.stderr.write('worker.js is started by Palettize, not by hand.\n');
  process.exit(2);
}
send({ type: 'ready' });
