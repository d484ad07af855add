/** palettize://app/… serves the built renderer; palettize://media/… the opened images and results. */
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import type { PalettizeService } from '../services/palettize-service';

/** Must run before the app is ready. */
export function registerPalettizeScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'palettize', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function servePalettizeProtocol(rendererDir: string, backend: PalettizeService): void {
  protocol.handle('palettize', (request) => {
    const file = fileFor(new URL(request.url), rendererDir, backend);
    return file
      ? net.fetch(pathToFileURL(file).toString())
      : new Response('Not found', { status: 404 });
  });
}

function fileFor(url: URL, rendererDir: string, backend: PalettizeService): string | undefined {
  if (url.host === 'app') {
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(rendererDir, relative));
    return file.startsWith(normalize(rendererDir) + sep) ? file : undefined; // no path escapes
  }
  const [kind, id] = url.pathname.split('/').filter(Boolean);
  if (url.host !== 'media' || !id) return undefined;
  if (kind === 'images') return backend.imageFile(id);
  if (kind === 'results') return backend.resultFile(id)?.path;
  return undefined;
}
