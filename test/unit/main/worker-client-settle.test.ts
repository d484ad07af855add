/**
 * The supervisor's part in the renderer port, with a fake worker: in Electron mode a quantize
 * request carries the job's refs and each result is settled (published when it was taken in,
 * dropped when the job had been cancelled first); otherwise the messages are what they were.
 */
import { describe, expect, it } from 'vitest';
import type { ResultFigures } from '../../../src-main/api/contract';
import type { ResultRefs, WorkerReply, WorkerRequest } from '../../../src-main/worker/protocol';
import {
  WorkerClient,
  type SupervisorOptions,
  type WorkerChannel,
} from '../../../src-main/worker/worker-client';

const refs: ResultRefs = {
  jobId: 'job-1',
  imageId: 'image-1',
  viewUrl: 'palettize://media/results/job-1',
  suggestedName: 'china-16.png',
};

const figures = { colours: 16, paletteSize: 16 } as ResultFigures;

class FakeWorker implements WorkerChannel {
  readonly pid = 1;
  readonly sent: WorkerRequest[] = [];
  private reply: (reply: WorkerReply) => void = () => undefined;
  send(request: WorkerRequest): void {
    this.sent.push(request);
  }
  onMessage(listener: (reply: WorkerReply) => void): void {
    this.reply = listener;
  }
  onExit(): void {}
  kill(): void {}
  answer(reply: WorkerReply): void {
    this.reply(reply);
  }
  /** The request id of the last quantize request. */
  get lastQuantize(): number {
    const quantize = this.sent.filter((request) => request.type === 'quantize');
    return quantize[quantize.length - 1]!.requestId;
  }
}

async function clientWith(options: SupervisorOptions = {}) {
  const worker = new FakeWorker();
  const client = new WorkerClient(() => worker, options);
  return { worker, client };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkerClient with renderer events (Electron)', () => {
  it('sends the refs and publishes the result once its caller has it', async () => {
    const { worker, client } = await clientWith({ rendererEvents: true });
    let takenIn = false;
    const answer = client
      .quantize('/in.png', '/out.png', { colours: 16, seed: 0 }, { job: refs })
      .then((value) => {
        takenIn = true;
        return value;
      });
    await tick();
    expect(worker.sent[0]).toMatchObject({ type: 'quantize', job: refs });
    const requestId = worker.lastQuantize;
    worker.answer({ type: 'done', requestId, value: figures });
    expect(await answer).toBe(figures);
    expect(takenIn).toBe(true);
    expect(worker.sent.filter((message) => message.type === 'settle')).toEqual([
      { type: 'settle', requestId, publish: true },
    ]);
  });

  it('drops the result of a job cancelled before the worker answered', async () => {
    const { worker, client } = await clientWith({ rendererEvents: true, cancelGraceMs: 60_000 });
    const controller = new AbortController();
    const answer = client.quantize(
      '/in.png',
      '/out.png',
      { colours: 16, seed: 0 },
      { job: refs, signal: controller.signal },
    );
    await tick();
    const requestId = worker.lastQuantize;
    controller.abort();
    await expect(answer).rejects.toMatchObject({ code: 'cancelled' });
    worker.answer({ type: 'done', requestId, value: figures }); // it had finished all the same
    expect(worker.sent.map((message) => message.type)).toEqual(['quantize', 'cancel', 'settle']);
    expect(worker.sent[2]).toEqual({ type: 'settle', requestId, publish: false });
  });

  it('settles nothing for a failure (the main process reports failures itself)', async () => {
    const { worker, client } = await clientWith({ rendererEvents: true });
    const answer = client.quantize('/in.png', '/out.png', { colours: 16, seed: 0 }, { job: refs });
    await tick();
    worker.answer({
      type: 'failed',
      requestId: worker.lastQuantize,
      error: { code: 'corrupt-image', message: 'Broken.' },
    });
    await expect(answer).rejects.toMatchObject({ code: 'corrupt-image' });
    expect(worker.sent.map((message) => message.type)).toEqual(['quantize']);
  });
});

describe('WorkerClient without renderer events (web shell, CLI, child process)', () => {
  it('sends the request as before, without refs, and no settle message', async () => {
    const { worker, client } = await clientWith();
    const answer = client.quantize('/in.png', '/out.png', { colours: 16, seed: 0 }, { job: refs });
    await tick();
    expect(worker.sent).toEqual([
      {
        type: 'quantize',
        requestId: worker.lastQuantize,
        inputPath: '/in.png',
        outputPath: '/out.png',
        settings: { colours: 16, seed: 0 },
      },
    ]);
    worker.answer({ type: 'done', requestId: worker.lastQuantize, value: figures });
    await answer;
    expect(worker.sent).toHaveLength(1);
  });
});
