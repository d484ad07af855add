/**
 * The desktop IPC handlers, run without Electron: a fake sender URL stands in for Electron's
 * senderFrame. Untrusted senders and bad arguments are refused before the back end is touched.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageInfo, Outcome, ResultInfo } from '../../../src-main/api/contract';
import { createIpcHandlers, isTrustedSender } from '../../../src-main/desktop/ipc-handlers';
import { APP_ORIGIN, IPC } from '../../../src-main/desktop/ipc-channels';
import { PalettizeService } from '../../../src-main/services/palettize-service';
import { Session } from '../../../src-main/services/session';
import { nodeWorkerLauncher } from '../../../src-main/worker/node-launcher';
import { WorkerClient } from '../../../src-main/worker/worker-client';
import { tempDir } from '../../helpers/images';
import { builtWorkerScript, fixture } from '../../helpers/paths';

const trusted = `${APP_ORIGIN}/index.html`;
let saveTarget: string | null = null;
let exportFolder: string | null = null;
let replaceAnswer = false;
const replaceQuestions: string[][] = [];
const service = new PalettizeService(
  new WorkerClient(nodeWorkerLauncher(builtWorkerScript())),
  new Session(),
  {
    image: (id) => `palettize://media/images/${id}`,
    result: (id) => `palettize://media/results/${id}`,
  },
);
const handlers = createIpcHandlers(service, {
  chooseSavePath: async () => saveTarget,
  chooseFolder: async () => exportFolder,
  confirmReplace: async (_folder, names) => {
    replaceQuestions.push(names);
    return replaceAnswer;
  },
});
afterAll(() => service.dispose());

function call<T>(
  channel: string,
  sender: string | undefined,
  ...args: unknown[]
): Promise<Outcome<T>> {
  return handlers[channel]!(sender, args) as Promise<Outcome<T>>;
}

function expectRefused(outcome: Outcome<unknown>, message: RegExp) {
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) expect(outcome.error.message).toMatch(message);
}

describe('IPC sender checks', () => {
  it('trusts only frames of the app origin', () => {
    expect(isTrustedSender(trusted)).toBe(true);
    for (const url of [
      undefined,
      '',
      'https://evil.example/',
      'palettize://media/x',
      'file:///index.html',
      'palettize://app.evil/',
    ]) {
      expect(isTrustedSender(url)).toBe(false);
    }
  });

  it.each(Object.values(IPC))('%s refuses an untrusted sender', async (channel) => {
    expectRefused(await call(channel, 'https://evil.example/', '/etc/passwd'), /untrusted/);
  });
});

describe('IPC argument checks', () => {
  it('open needs an absolute path', async () => {
    for (const bad of [undefined, 42, 'relative/china.jpg', { path: '/x' }]) {
      expectRefused(await call(IPC.openPath, trusted, bad), /absolute path/);
    }
  });

  it('opens bytes of a file that is not on disk (a pasted image), and refuses bad ones', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('china.jpg')));
    const opened = await call<ImageInfo>(IPC.openBytes, trusted, 'pasted image.jpg', bytes.buffer);
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(opened.value).toMatchObject({ name: 'pasted image.jpg', width: 640 });
    const before = readdirSync(service.session.folder).length;
    expectRefused(
      await call(
        IPC.openBytes,
        trusted,
        'broken.png',
        new TextEncoder().encode('not a png').buffer,
      ),
      /broken\.png: it is not an image format/,
    );
    expect(readdirSync(service.session.folder).length).toBe(before); // no copy left behind
    expectRefused(await call(IPC.openBytes, trusted, '', bytes), /file name/);
    expectRefused(await call(IPC.openBytes, trusted, 'x.png', 'not bytes'), /file's bytes/);
  });

  it('start needs a known image id and valid settings', async () => {
    expectRefused(
      await call(IPC.startJob, trusted, '../../etc', { colours: 16 }),
      /invalid image id/,
    );
    expectRefused(await call(IPC.startJob, trusted, 'abc', { colours: 16 }), /no longer open/);
    const opened = await call<ImageInfo>(IPC.openPath, trusted, fixture('china.jpg'));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expectRefused(
      await call(IPC.startJob, trusted, opened.value.id, { colours: 5000 }),
      /between 2 and 1024/,
    );
    expectRefused(
      await call(IPC.startJob, trusted, opened.value.id, 'sixteen'),
      /must be an object/,
    );
  });

  it('cancel and export need a job id', async () => {
    expectRefused(await call(IPC.cancelJob, trusted, { id: 1 }), /invalid job id/);
    expectRefused(await call(IPC.exportResult, trusted, 'no-such-job'), /no longer exists/);
  });
});

describe('IPC happy path', () => {
  it('opens, quantizes and exports where the user chose', async () => {
    const opened = await call<ImageInfo>(IPC.openPath, trusted, fixture('china.jpg'));
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value).toMatchObject({ name: 'china.jpg', width: 640 });

    const done = new Promise<ResultInfo>((resolve, reject) => {
      const stop = service.onJobEvent((event) => {
        if (event.type === 'done') resolve(event.result);
        if (event.type === 'failed') reject(new Error(event.error.message));
        if (event.type !== 'progress') stop();
      });
    });
    const queue: (number | null)[] = [];
    const stopQueue = service.onQueueProgress((fraction) => queue.push(fraction));
    const started = await call<string>(IPC.startJob, trusted, opened.value.id, {
      colours: 8,
      seed: 1,
    });
    expect(started.ok).toBe(true);
    const result = await done;
    stopQueue();
    // The taskbar saw the job go from started to idle.
    expect(queue.at(-1)).toBeNull();
    expect(queue.some((fraction) => fraction !== null && fraction > 0)).toBe(true);

    // The user cancels the save dialog: nothing is written.
    saveTarget = null;
    expect(await call(IPC.exportResult, trusted, result.jobId)).toEqual({
      ok: true,
      value: { saved: false },
    });

    // The user picks a file that exists and confirms replacing it in the dialog.
    const target = join(tempDir(), 'mine.png');
    writeFileSync(target, 'old');
    saveTarget = target;
    const saved = await call(IPC.exportResult, trusted, result.jobId);
    expect(saved).toEqual({ ok: true, value: { saved: true, location: target } });
    expect(existsSync(target)).toBe(true);
    expect(readFileSync(target).length).toBe(result.pngBytes);

    // A palette goes where the user chose too, in the format asked for.
    const gpl = join(tempDir(), 'colours.gpl');
    saveTarget = gpl;
    expect(await call(IPC.exportPalette, trusted, result.jobId, 'gpl')).toEqual({
      ok: true,
      value: { saved: true, location: gpl },
    });
    expect(readFileSync(gpl, 'utf8')).toMatch(/^GIMP Palette\nName: china-8\n/);
    expectRefused(
      await call(IPC.exportPalette, trusted, result.jobId, 'exe'),
      /Unknown palette format/,
    );

    // Export all: the user cancels the folder, declines replacing, then agrees.
    const options = { paletteFormats: ['hex'], summary: ['csv'] };
    exportFolder = null;
    expect(await call(IPC.exportAll, trusted, [result.jobId], options)).toEqual({
      ok: true,
      value: { saved: false },
    });
    exportFolder = tempDir();
    writeFileSync(join(exportFolder, 'china-8.hex'), 'mine');
    replaceAnswer = false;
    expect(await call(IPC.exportAll, trusted, [result.jobId], options)).toEqual({
      ok: true,
      value: { saved: false },
    });
    expect(replaceQuestions).toEqual([['china-8.hex']]);
    expect(readFileSync(join(exportFolder, 'china-8.hex'), 'utf8')).toBe('mine');
    replaceAnswer = true;
    expect(await call(IPC.exportAll, trusted, [result.jobId], options)).toEqual({
      ok: true,
      value: { saved: true, location: exportFolder },
    });
    expect(readFileSync(join(exportFolder, 'china-8.hex'), 'utf8').trim().split('\n')).toHaveLength(
      8,
    );
    expect(existsSync(join(exportFolder, 'china-8.png'))).toBe(true);
    expect(readFileSync(join(exportFolder, 'china-summary.csv'), 'utf8')).toMatch(/^input,colours/);
    expectRefused(await call(IPC.exportAll, trusted, [], options), /list of results/);
    expectRefused(
      await call(IPC.exportAll, trusted, [result.jobId], { summary: ['xls'] }),
      /Unknown summary format/,
    );
  });
});
