/** The API contract over the web shell's HTTP routes and its server-sent event stream. */
import type {
  ApiErrorReport,
  ExportOutcome,
  ImageInfo,
  JobEvent,
  JobId,
  PalettizeApi,
  PickedFile,
  PixelSample,
  ResultInfo,
} from '../../src-main/api/contract';
import { ApiError } from './api-error';

export function createWebApi(): PalettizeApi {
  const listeners = new Set<(event: JobEvent) => void>();
  let events: EventSource | null = null;

  const ensureEventStream = () => {
    if (events) return;
    events = new EventSource('/api/events');
    events.onmessage = (message) => {
      const event = JSON.parse(message.data as string) as JobEvent;
      for (const listener of listeners) listener(event);
    };
  };

  return {
    host: 'web',
    openImage: (file: PickedFile) =>
      call<ImageInfo>('/api/images', {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
        },
        body: file as unknown as Blob,
      }),
    startJob: async (imageId, settings) => {
      ensureEventStream();
      const { jobId } = await call<{ jobId: JobId }>('/api/jobs', jsonPost({ imageId, settings }));
      return jobId;
    },
    cancelJob: async (jobId) => {
      await call(`/api/jobs/${encodeURIComponent(jobId)}/cancel`, jsonPost({}));
    },
    // A browser has no application menu and opens nothing by itself.
    onCommand: () => () => undefined,
    onHostOpen: () => () => undefined,
    onJobEvent: (listener) => {
      ensureEventStream();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportAll: async (results, options) => {
      const query = new URLSearchParams({
        jobs: results.map((result) => result.jobId).join(','),
        palettes: options.paletteFormats.join(','),
        summary: options.summary.join(','),
      });
      return downloadChecked(`/api/export-all.zip?${query}`, 'palettize.zip');
    },
    samplePixels: (target, count) =>
      call<PixelSample>(
        'imageId' in target
          ? `/api/images/${encodeURIComponent(target.imageId)}/sample?count=${count}`
          : `/api/results/${encodeURIComponent(target.jobId)}/sample?count=${count}`,
        { method: 'GET' },
      ),
    measureLosslessPng: async (imageId) =>
      (
        await call<{ bytes: number }>(`/api/images/${encodeURIComponent(imageId)}/lossless-size`, {
          method: 'GET',
        })
      ).bytes,
    exportResult: async (result: ResultInfo) =>
      download(`${result.viewUrl}?download=1`, result.suggestedName),
    exportPalette: async (result, format) =>
      downloadChecked(
        `/api/results/${encodeURIComponent(result.jobId)}/palette/${format}`,
        `${result.suggestedName.replace(/\.png$/i, '')}.${format}`,
      ),
  };
}

/** A browser download: the browser's own settings decide where it goes and ask about names. */
function download(url: string, fileName: string): ExportOutcome {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  return { saved: true, location: `${fileName} (your downloads)` };
}

/** The file name a response suggests in its Content-Disposition header. */
function fileNameOf(response: Response): string | null {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  return encoded ? decodeURIComponent(encoded[1]!) : null;
}

function jsonPost(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

async function request(url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError({
      code: 'offline',
      message: 'Palettize is not reachable: is the web shell still running?',
    });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: ApiErrorReport } | null;
    throw new ApiError(
      body?.error ?? { code: 'internal', message: `Request failed (${response.status}).` },
    );
  }
  return response;
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  return (await (await request(url, init)).json()) as T;
}

/**
 * Fetches a file first, so that a refusal (e.g. .act over 256 colours) shows as an error message
 * rather than as a broken download, then hands the bytes to the browser's download.
 */
async function downloadChecked(url: string, fallbackName: string): Promise<ExportOutcome> {
  const response = await request(url);
  const name = fileNameOf(response) ?? fallbackName;
  const blobUrl = URL.createObjectURL(await response.blob());
  try {
    return download(blobUrl, name);
  } finally {
    setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  }
}
