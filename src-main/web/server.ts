/**
 * The web shell: the same back end as the desktop app, served over HTTP on 127.0.0.1 only, with
 * the built renderer. It reads no file the user did not upload, answers only requests addressed to
 * its own loopback host (no DNS rebinding) and from its own origin (no cross-site requests).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import type { JobEvent } from '../api/contract';
import { parseId } from '../api/validate';
import { UserFacingError } from '../services/errors';
import { batchFiles, batchName, batchZip } from '../services/batch-export';
import { paletteFile, parsePaletteFormat } from '../services/palette-export';
import { PalettizeService } from '../services/palettize-service';
import { Session } from '../services/session';
import { defaultThreadCount } from '../threads/quantize-pool';
import { WorkerClient, type WorkerLauncher } from '../worker/worker-client';
import { readJson, saveBody, sendError, sendFile, sendJson } from './http-helpers';

export interface WebShellOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Folder of the built renderer (app/renderer). */
  rendererDir: string;
  launchWorker: WorkerLauncher;
  /** Largest upload accepted. Default 1 GiB. */
  maxUploadBytes?: number;
  /** Images with more pixels are refused before decoding. Default 100 megapixels. */
  maxPixels?: number;
}

export interface WebShell {
  url: string;
  server: Server;
  service: PalettizeService;
  close(): Promise<void>;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const session = new Session();
  const service = new PalettizeService(
    new WorkerClient(options.launchWorker, { quantizeLanes: defaultThreadCount() }),
    session,
    {
      image: (id) => `/api/images/${id}/view`,
      result: (jobId) => `/api/results/${jobId}/image.png`,
    },
    { maxPixels: options.maxPixels },
  );
  const eventStreams = new Set<ServerResponse>();
  service.onJobEvent((event) => broadcast(eventStreams, event));

  const server = createServer((request, response) => {
    setSecurityHeaders(response);
    route(request, response).catch((error: unknown) => sendError(response, error));
  });

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isAddressedToUs(request, server)) {
      sendJson(response, 403, {
        error: { code: 'bad-request', message: 'Forbidden host or origin.' },
      });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = request.method ?? 'GET';

    if (parts[0] !== 'api') return serveRenderer(response, options.rendererDir, url.pathname);
    const route = `${method} /${parts
      .slice(1)
      .map((p, i) => (isIdSlot(parts, i + 1) ? ':id' : isFormatSlot(parts, i + 1) ? ':format' : p))
      .join('/')}`;
    switch (route) {
      case 'GET /health':
        return sendJson(response, 200, { ok: true, workerPid: service.workerPid });
      case 'GET /events':
        return openEventStream(request, response, eventStreams);
      case 'POST /images':
        return sendJson(response, 200, await openUpload(request, service, options.maxUploadBytes));
      case 'GET /images/:id/view': {
        const file = service.imageFile(parseId(parts[2], 'image id'));
        if (!file) throw new UserFacingError('not-found', 'No such image.');
        return sendFile(response, file, { 'cache-control': 'no-store' });
      }
      case 'GET /images/:id/sample':
        return sendJson(
          response,
          200,
          await service.samplePixels({ imageId: parts[2] }, url.searchParams.get('count')),
        );
      case 'GET /results/:id/sample':
        return sendJson(
          response,
          200,
          await service.samplePixels({ jobId: parts[2] }, url.searchParams.get('count')),
        );
      case 'GET /export-all.zip': {
        const list = (name: string) =>
          (url.searchParams.get(name) ?? '').split(',').filter(Boolean);
        const batch = service.batchRequest(list('jobs'), {
          paletteFormats: list('palettes'),
          summary: list('summary'),
        });
        const zip = await batchZip(batchFiles(batch));
        response.writeHead(200, {
          'content-type': 'application/zip',
          'content-length': String(zip.length),
          'content-disposition': contentDisposition(`${batchName(batch)}-palettize.zip`),
          'cache-control': 'no-store',
        });
        response.end(zip);
        return;
      }
      case 'GET /images/:id/lossless-size':
        return sendJson(response, 200, { bytes: await service.measureLosslessPng(parts[2]) });
      case 'POST /jobs': {
        const body = (await readJson(request)) as { imageId?: unknown; settings?: unknown };
        const jobId = service.startJob(parseId(body.imageId, 'image id'), body.settings);
        return sendJson(response, 200, { jobId });
      }
      case 'POST /jobs/:id/cancel':
        service.cancelJob(parseId(parts[2], 'job id'));
        return sendJson(response, 200, { ok: true });
      case 'GET /results/:id/image.png': {
        const result = service.resultFile(parseId(parts[2], 'job id'));
        if (!result) throw new UserFacingError('not-found', 'No such result.');
        const headers: Record<string, string> = { 'cache-control': 'no-store' };
        if (url.searchParams.has('download')) {
          headers['content-disposition'] = contentDisposition(result.info.suggestedName);
        }
        return sendFile(response, result.path, headers);
      }
      case 'GET /results/:id/palette/:format': {
        const result = service.resultFile(parseId(parts[2], 'job id'));
        if (!result) throw new UserFacingError('not-found', 'No such result.');
        const file = await paletteFile(result.info, parsePaletteFormat(parts[4]));
        response.writeHead(200, {
          'content-type': file.mimeType,
          'content-length': String(file.bytes.length),
          'content-disposition': contentDisposition(file.fileName),
          'cache-control': 'no-store',
        });
        response.end(file.bytes);
        return;
      }
      default:
        return sendJson(response, 404, {
          error: { code: 'not-found', message: `No route ${route}` },
        });
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    service,
    close: async () => {
      for (const stream of eventStreams) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      service.dispose();
    },
  };
}

/** The format in /results/:id/palette/:format */
function isFormatSlot(parts: string[], index: number): boolean {
  return index === 4 && parts[1] === 'results' && parts[3] === 'palette';
}

/** Path segments that hold an id: /images/:id/..., /jobs/:id/..., /results/:id/... */
function isIdSlot(parts: string[], index: number): boolean {
  return index === 2 && ['images', 'jobs', 'results'].includes(parts[1] ?? '');
}

async function openUpload(request: IncomingMessage, service: PalettizeService, maxBytes = 2 ** 30) {
  let name: string;
  try {
    name = decodeURIComponent(String(request.headers['x-file-name'] ?? 'image'));
  } catch {
    throw new UserFacingError('bad-request', 'The file name is not valid.');
  }
  return service.openCopy(name, (path) => saveBody(request, path, maxBytes));
}

function openEventStream(
  request: IncomingMessage,
  response: ServerResponse,
  streams: Set<ServerResponse>,
) {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  streams.add(response);
  request.on('close', () => streams.delete(response));
}

function broadcast(streams: Set<ServerResponse>, event: JobEvent): void {
  const frame = `data: ${JSON.stringify(event)}\n\n`;
  for (const stream of streams) stream.write(frame);
}

async function serveRenderer(response: ServerResponse, rendererDir: string, pathname: string) {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).slice(1);
  const file = normalize(join(rendererDir, relative));
  if (!file.startsWith(normalize(rendererDir) + sep)) {
    throw new UserFacingError('not-found', 'Not found.');
  }
  try {
    await sendFile(response, file, { 'cache-control': 'no-cache' });
  } catch {
    throw new UserFacingError('not-found', `Not found: ${pathname}`);
  }
}

function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('cross-origin-opener-policy', 'same-origin');
  response.setHeader('cross-origin-resource-policy', 'same-origin');
}

/** Only requests to our own loopback address, and only from our own pages. */
function isAddressedToUs(request: IncomingMessage, server: Server): boolean {
  const { port } = server.address() as AddressInfo;
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(request.headers.host ?? '')) return false;
  const origin = request.headers.origin;
  return origin === undefined || allowedHosts.some((host) => origin === `http://${host}`);
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
