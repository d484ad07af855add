/**
 * A quantize pool thread's entry point (built to app/main/quantize-thread.js). It runs the core
 * pipeline for one colour count at a time and keeps the last image it prepared (histogram, Wu
 * partition), so that the next count of the same image starts from there.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { ImageQuantizer } from '../../src-core/quantize/quantize';
import { toErrorReport } from '../services/errors';
import { encodeIndexedPngAsync } from '../services/png-writer';
import type { PoolMessage, QuantizeTask, ThreadReply } from './protocol';
import { helpWith, PoolHelp } from './shared-passes';

/** Progress is posted at most this often; the pool's caller sees nothing finer anyway. */
const PROGRESS_INTERVAL_MS = 50;

let kept: { key: string; quantizer: ImageQuantizer } | null = null;

/** Free threads of the pool, lent for the passes over every pixel of the task under way. */
let currentTaskId = 0;
const help = new PoolHelp((pass) => post({ type: 'help-wanted', taskId: currentTaskId, pass }));

function quantizerFor(task: QuantizeTask): ImageQuantizer {
  if (kept?.key !== task.imageKey) {
    kept = null; // let the previous image's tables go before making the next ones
    kept = {
      key: task.imageKey,
      quantizer: new ImageQuantizer(task.image, task.options, task.mostColours, help),
    };
  }
  return kept.quantizer;
}

async function run(task: QuantizeTask): Promise<ThreadReply> {
  const { taskId } = task;
  currentTaskId = taskId;
  help.helpers = task.helpers;
  help.blocksHelped = 0;
  const started = performance.now();
  const steps = quantizerFor(task).steps(task.colours);
  let lastProgress = 0;
  let step = steps.next();
  while (!step.done) {
    const now = Date.now();
    if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
      lastProgress = now;
      post({ type: 'progress', taskId, ...step.value });
    }
    step = steps.next();
  }
  const result = step.value;
  const { width, height } = task.image;
  // Deflated in blocks, several at once on libuv's threads (the pool still counts this one busy).
  const png = task.encode ? await encodeIndexedPngAsync({ ...result, width, height }) : null;
  const milliseconds = performance.now() - started;
  return { type: 'done', taskId, result, png, milliseconds, blocksHelped: help.blocksHelped };
}

function post(reply: ThreadReply): void {
  const transfer: ArrayBuffer[] = [];
  if (reply.type === 'done') {
    for (const array of [reply.result.indices, reply.png]) {
      if (array && ownsItsBuffer(array)) transfer.push(array.buffer as ArrayBuffer);
    }
  }
  parentPort!.postMessage(reply, transfer);
}

/** Only a whole buffer moves; a view into a shared one (Node's Buffer pool) is copied. */
function ownsItsBuffer(array: ArrayBufferView): boolean {
  return (
    array.buffer instanceof ArrayBuffer &&
    array.byteOffset === 0 &&
    array.byteLength === array.buffer.byteLength
  );
}

if (!parentPort) {
  process.stderr.write('quantize-thread.js is started by Palettize, not by hand.\n');
  process.exit(2);
}
parentPort.on('message', (message: PoolMessage) => {
  if (message.type === 'help') {
    helpWith(message.pass);
    return;
  }
  const task = message;
  run(task).then(post, (error: unknown) => {
    // The core refuses options it cannot take with a RangeError that says which and why.
    const report =
      error instanceof RangeError
        ? { code: 'bad-request' as const, message: error.message }
        : toErrorReport(error);
    post({ type: 'failed', taskId: task.taskId, error: report });
  });
});
