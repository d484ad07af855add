/** The API contract over the web shell's HTTP routes and its server-sent event stream. */
import type {
  ApiErrorReport,
  ImageInfo,
  JobEvent,
  JobId,
  PalettizeApi,
  PickedFile,
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
    onJobEvent: (listener) => {
      ensureEventStream();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportResult: async (result: ResultInfo) => {
      const link = document.createElement('a');
      link.href = `${result.viewUrl}?download=1`;
      link.download = result.suggestedName;
      document.body.append(link);
      link.click();
      link.remove();
      return { saved: true, location: result.suggestedName };
    },
  };
}

function jsonPost(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError({
      code: 'offline',
      message: 'Palettize is not reachable: is the web shell still running?',
    });
  }
  const body = (await response.json().catch(() => null)) as { error?: ApiErrorReport } | null;
  if (!response.ok) {
    throw new ApiError(
      body?.error ?? { code: 'internal', message: `Request failed (${response.status}).` },
    );
  }
  return body as T;
}
