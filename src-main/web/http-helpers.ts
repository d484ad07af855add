/** Small helpers for the web shell's HTTP handling: JSON bodies, replies, files, limits. */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { toErrorReport, UserFacingError } from '../services/errors';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** Replies with the error as `{ error: { code, message } }` and a status that fits its code. */
export function sendError(response: ServerResponse, error: unknown): void {
  const report = toErrorReport(error);
  const status =
    report.code === 'bad-request' || report.code === 'too-large'
      ? 400
      : report.code === 'not-found'
        ? 404
        : report.code === 'internal' || report.code === 'worker-crashed'
          ? 500
          : 422;
  if (response.headersSent) response.destroy();
  else sendJson(response, status, { error: report });
}

export async function readJson(request: IncomingMessage, limitBytes = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new UserFacingError('bad-request', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new UserFacingError('bad-request', 'Request body is not valid JSON.');
  }
}

/** Streams the request body into `path`, refusing bodies over `limitBytes`. */
export async function saveBody(
  request: IncomingMessage,
  path: string,
  limitBytes: number,
): Promise<void> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limitBytes) request.destroy(tooLarge(limitBytes));
  });
  await pipeline(request, createWriteStream(path, { flags: 'wx' }));
}

function tooLarge(limitBytes: number): UserFacingError {
  return new UserFacingError(
    'too-large',
    `The file is larger than the web shell accepts (${Math.round(limitBytes / 2 ** 20)} MiB).`,
  );
}

export async function sendFile(
  response: ServerResponse,
  path: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const info = await stat(path);
  response.writeHead(200, {
    'content-type': contentTypeOf(path),
    'content-length': String(info.size),
    ...headers,
  });
  await pipeline(createReadStream(path), response);
}
