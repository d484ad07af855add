/**
 * The web shell over real HTTP with the real worker: uploads, jobs and their events, downloads,
 * errors, and the guards (loopback host, same origin, no path escapes).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageInfo, JobEvent, PixelSample } from '../../src-main/api/contract';
import { startWebShell, type WebShell } from '../../src-main/web/server';
import { nodeWorkerLauncher } from '../../src-main/worker/node-launcher';
import sharp from 'sharp';
import { readAct } from '../../src-core/palette/act';
import { readAse } from '../../src-core/palette/ase';
import { readGpl } from '../../src-core/palette/gpl';
import { readJascPal } from '../../src-core/palette/jasc-pal';
import { readPaintNet } from '../../src-core/palette/paintnet';
import { hexOf } from '../../src-core/palette/palette';
import { readCss, readHexList, readJson } from '../../src-core/palette/text-formats';
import { tempDir } from '../helpers/images';
import { readZip } from '../helpers/zip';
import { makeInputCorpus } from '../helpers/input-corpus';
import { builtRendererDir, builtWorkerScript, fixture } from '../helpers/paths';

let shell: WebShell;

beforeAll(async () => {
  shell = await startWebShell({
    port: 0,
    rendererDir: builtRendererDir,
    launchWorker: nodeWorkerLauncher(builtWorkerScript()),
  });
});

afterAll(() => shell.close());

const url = (path: string) => new URL(path, shell.url).toString();

async function upload(name: string, body: Uint8Array | string): Promise<Response> {
  return fetch(url('/api/images'), {
    method: 'POST',
    headers: {
      'x-file-name': encodeURIComponent(name),
      'content-type': 'application/octet-stream',
    },
    body,
  });
}

/** Uploads a fixture and returns the opened image. */
async function openFixture(name: string): Promise<ImageInfo> {
  return (await (await upload(name, readFileSync(fixture(name)))).json()) as ImageInfo;
}

/** POSTs a job; returns the raw response. */
function postJob(imageId: string, settings: unknown): Promise<Response> {
  return fetch(url('/api/jobs'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imageId, settings }),
  });
}

/** Starts a job and returns its id. */
async function startJob(imageId: string, settings: unknown): Promise<string> {
  return ((await (await postJob(imageId, settings)).json()) as { jobId: string }).jobId;
}

/** Collects server-sent job events until `until` says stop. */
async function collectEvents(start: () => Promise<void>, until: (event: JobEvent) => boolean) {
  const controller = new AbortController();
  const response = await fetch(url('/api/events'), { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: JobEvent[] = [];
  await start();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const frames = buffer.split('\n\n');
    buffer = frames.pop()!;
    const parsed = frames
      .filter((f) => f.startsWith('data: '))
      .map((f) => JSON.parse(f.slice(6)) as JobEvent);
    events.push(...parsed);
    if (parsed.some(until)) break;
  }
  controller.abort();
  return events;
}

/** A raw request, to send headers fetch() will not let us forge (Host). */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  const { port } = new URL(shell.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web shell', () => {
  it('serves the renderer with a strict content security policy', async () => {
    const response = await fetch(url('/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('opens an upload, runs a job with progress, and serves the result', async () => {
    const response = await upload('china.jpg', readFileSync(fixture('china.jpg')));
    expect(response.status).toBe(200);
    const image = (await response.json()) as ImageInfo;
    expect(image).toMatchObject({
      name: 'china.jpg',
      width: 640,
      height: 427,
      format: 'jpeg',
      fileBytes: 196653,
    });

    const view = await fetch(url(image.viewUrl));
    expect(Buffer.from(await view.arrayBuffer()).equals(readFileSync(fixture('china.jpg')))).toBe(
      true,
    );

    let jobId = '';
    const events = await collectEvents(
      async () => {
        jobId = await startJob(image.id, { colours: 16, seed: 0 });
      },
      (event) => event.type !== 'progress',
    );
    const mine = events.filter((event) => event.jobId === jobId);
    expect(mine.some((event) => event.type === 'progress')).toBe(true);
    const done = mine.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.result).toMatchObject({ paletteSize: 16, suggestedName: 'china-16.png' });

    const png = await fetch(url(`${done.result.viewUrl}?download=1`));
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toContain('china-16.png');
    expect((await png.arrayBuffer()).byteLength).toBe(done.result.pngBytes);
  });

  it('downloads the palette in every format, each readable back', async () => {
    const image = await openFixture('china.jpg');
    let jobId = '';
    const events = await collectEvents(
      async () => {
        jobId = await startJob(image.id, { colours: 8, seed: 0 });
      },
      (event) => event.type === 'done',
    );
    const done = events.find((e) => e.type === 'done' && e.jobId === jobId);
    if (done?.type !== 'done') throw new Error('no result');
    const palette = done.result.palette;

    const get = async (format: string) => {
      const response = await fetch(url(`/api/results/${jobId}/palette/${format}`));
      expect(response.status, format).toBe(200);
      return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
    };
    const asText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const readers: Record<string, (bytes: Uint8Array) => string[]> = {
      gpl: (b) => readGpl(asText(b)).entries.map((e) => hexOf(e)),
      ase: (b) => readAse(b).entries.map((e) => hexOf(e)),
      act: (b) => readAct(b).entries.map((e) => hexOf(e)),
      pal: (b) => readJascPal(asText(b)).entries.map((e) => hexOf(e)),
      txt: (b) => readPaintNet(asText(b)).entries.map((e) => hexOf(e)),
      hex: (b) => readHexList(asText(b)).entries.map((e) => hexOf(e)),
      css: (b) => readCss(asText(b)).entries.map((e) => hexOf(e)),
      json: (b) => readJson(asText(b)).entries.map((e) => hexOf(e)),
    };
    for (const [format, read] of Object.entries(readers)) {
      const { response, bytes } = await get(format);
      expect(response.headers.get('content-disposition'), format).toContain(`china-8.${format}`);
      expect(read(bytes), format).toEqual(palette);
    }
    const json = JSON.parse(asText((await get('json')).bytes)) as { colours: { share: number }[] };
    expect(json.colours.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 4);

    const swatch = await get('png');
    expect(swatch.response.headers.get('content-disposition')).toContain('china-8-swatch.png');
    const { width, height } = await sharp(swatch.bytes).metadata();
    expect([width, height]).toEqual([8 * 32, 32]);

    const unknown = await fetch(url(`/api/results/${jobId}/palette/bmp`));
    expect(unknown.status).toBe(400);

    // Scatter-plot samples: the same 10,000 positions in the original and in the result.
    const original = (await (
      await fetch(url(`/api/images/${image.id}/sample?count=10000`))
    ).json()) as PixelSample;
    const reduced = (await (
      await fetch(url(`/api/results/${jobId}/sample?count=10000`))
    ).json()) as PixelSample;
    expect(original.values).toHaveLength(30_000);
    expect(reduced.values).toHaveLength(30_000);
    const hex = (values: number[], i: number) =>
      '#' +
      values
        .slice(i * 3, i * 3 + 3)
        .map((v) => v.toString(16).padStart(2, '0'))
        .join('');
    const paletteSet = new Set(palette);
    const distance = (a: number[], i: number, entry: string) =>
      [0, 1, 2].reduce(
        (sum, c) => sum + (a[i * 3 + c]! - parseInt(entry.slice(1 + 2 * c, 3 + 2 * c), 16)) ** 2,
        0,
      );
    for (let i = 0; i < 10_000; i++) {
      const mapped = hex(reduced.values, i);
      expect(paletteSet.has(mapped)).toBe(true);
      // Each sampled pixel of the result is its original pixel's nearest palette entry.
      const nearest = Math.min(...palette.map((entry) => distance(original.values, i, entry)));
      expect(distance(original.values, i, mapped)).toBe(nearest);
    }
    expect((await fetch(url(`/api/images/${image.id}/sample?count=0`))).status).toBe(400);

    // Export all, as one ZIP: the PNG, the palettes asked for, the summary.
    const zip = await fetch(url(`/api/export-all.zip?jobs=${jobId}&palettes=gpl,png&summary=csv`));
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-disposition')).toContain('china-palettize.zip');
    const names = [...(await readZip(new Uint8Array(await zip.arrayBuffer()))).keys()].sort();
    expect(names).toEqual([
      'china-8-swatch.png',
      'china-8.gpl',
      'china-8.png',
      'china-summary.csv',
    ]);
    expect((await fetch(url(`/api/export-all.zip?jobs=nope&palettes=gpl`))).status).toBe(404);
    expect((await fetch(url(`/api/images/${image.id}/sample?count=abc`))).status).toBe(400);
  });

  it('measures the original as a lossless PNG, once', async () => {
    const image = await openFixture('china.jpg');
    const measure = async () =>
      (
        (await (await fetch(url(`/api/images/${image.id}/lossless-size`))).json()) as {
          bytes: number;
        }
      ).bytes;
    const bytes = await measure();
    const decoded = await sharp(fixture('china.jpg')).raw().toBuffer({ resolveWithObject: true });
    const direct = await sharp(decoded.data, { raw: decoded.info })
      .png({ compressionLevel: 9 })
      .toBuffer();
    // A real PNG of every pixel: bigger than the JPEG, within reach of sharp's own best effort.
    expect(bytes).toBeGreaterThan(196_653);
    expect(bytes).toBeLessThan(direct.length * 1.05);
    expect(await measure()).toBe(bytes);
  });

  it('refuses bad uploads with the file name and the reason, and keeps no copy', async () => {
    const before = readdirSync(shell.service.session.folder).length;
    const cases: [string, Uint8Array | string, RegExp][] = [
      [
        'truncated.jpg',
        readFileSync(fixture('truncated.jpg')),
        /truncated\.jpg: the file is truncated or corrupt/,
      ],
      ['empty.png', '', /empty\.png: the file is empty/],
      ['notes.png', 'just text\n', /notes\.png: it is not an image format/],
    ];
    for (const [name, body, message] of cases) {
      const response = await upload(name, body);
      expect(response.status).toBe(422);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toMatch(message);
    }
    expect(readdirSync(shell.service.session.folder).length).toBe(before);
    expect((await upload('china.jpg', readFileSync(fixture('china.jpg')))).status).toBe(200);
  });

  it('opens or refuses every input of the corpus, as the decoder does', async () => {
    const corpus = await makeInputCorpus(tempDir(), 'http://127.0.0.1:9/never.png');
    for (const input of corpus) {
      const response = await upload(input.name, readFileSync(input.path));
      const body = (await response.json()) as ImageInfo & {
        error?: { code: string; message: string };
      };
      if (input.expect.opens) {
        expect(response.status, input.label).toBe(200);
        expect([body.width, body.height], input.label).toEqual([
          input.expect.width,
          input.expect.height,
        ]);
        expect(body.name, input.label).toBe(input.name);
        if (input.expect.notes)
          expect(body.notes.join(' '), input.label).toMatch(input.expect.notes);
      } else {
        expect(response.status, input.label).toBeGreaterThanOrEqual(400);
        expect(body.error?.code, input.label).toBe(input.expect.code);
        expect(body.error?.message, input.label).toMatch(input.expect.message);
      }
    }
  });

  it('rejects invalid job settings with a clear message', async () => {
    const image = await openFixture('china.jpg');
    for (const settings of [
      { colours: 1 },
      { colours: 2000 },
      { colours: 16.5 },
      { colours: 16, seed: -1 },
    ]) {
      expect((await postJob(image.id, settings)).status).toBe(400);
    }
    const unknown = await postJob('no-such-image', { colours: 4 });
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /no longer open/,
    );
  });

  it('survives its worker being killed mid-job, and serves two clients at once', async () => {
    const image = await openFixture('china.jpg');
    const start = (colours: number) => startJob(image.id, { colours, seed: 0 });
    let doomed = '';
    const events = await collectEvents(
      async () => {
        doomed = await start(1024);
      },
      (event) => {
        if (event.jobId === doomed && event.type === 'progress') {
          void fetch(url('/api/health'))
            .then((r) => r.json() as Promise<{ workerPid: number }>)
            .then(({ workerPid }) => process.kill(workerPid, 'SIGKILL'))
            .catch(() => undefined);
        }
        return event.jobId === doomed && event.type !== 'progress';
      },
    );
    const last = events.filter((event) => event.jobId === doomed).at(-1)!;
    expect(last.type).toBe('failed');
    if (last.type === 'failed') {
      expect(last.error.code).toBe('worker-crashed');
      expect(last.error.message).toMatch(/stopped unexpectedly/);
    }

    // Two clients, each with its own event stream, start jobs at the same time: both finish.
    let jobs: string[] = [];
    // Each stream stops once it has seen both jobs done, in whichever order they finish (they run
    // side by side, so the second may finish first).
    const untilBothDone = () => {
      const done = new Set<string>();
      return (event: JobEvent) => {
        if (event.type === 'done') done.add(event.jobId);
        return jobs.length === 2 && jobs.every((id) => done.has(id));
      };
    };
    const [first, second] = await Promise.all([
      collectEvents(async () => {
        jobs = await Promise.all([start(4), start(6)]);
      }, untilBothDone()),
      collectEvents(async () => undefined, untilBothDone()),
    ]);
    for (const stream of [first, second]) {
      for (const jobId of jobs) {
        expect(stream.some((event) => event.jobId === jobId && event.type === 'done')).toBe(true);
      }
    }
  });

  it('answers only its own loopback host and origin, and never leaves the renderer folder', async () => {
    const { port } = new URL(shell.url);
    expect(await rawGet('/api/health', { host: `127.0.0.1:${port}` })).toBe(200);
    expect(await rawGet('/api/health', { host: `evil.example:${port}` })).toBe(403);
    expect(
      await rawGet('/api/health', { host: `127.0.0.1:${port}`, origin: 'http://evil.example' }),
    ).toBe(403);
    expect(await rawGet('/../../package.json', { host: `127.0.0.1:${port}` })).toBe(404);
    expect(await rawGet('/%2e%2e/%2e%2e/package.json', { host: `127.0.0.1:${port}` })).toBe(404);
    expect(shell.server.address()).toMatchObject({ address: '127.0.0.1' });
  });
});
