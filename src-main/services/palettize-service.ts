/**
 * The back end both hosts share: open an image, run quantize jobs, report their events, find
 * their files. Electron's IPC handlers and the web shell's HTTP routes are thin adapters over it.
 */
import { rm } from 'node:fs/promises';
import { basename, parse } from 'node:path';
import type {
  ApiErrorReport,
  ImageInfo,
  JobEvent,
  PixelSample,
  JobId,
  QuantizeSettings,
  ResultInfo,
} from '../api/contract';
import { parseId, parseQuantizeSettings, parseSampleSize } from '../api/validate';
import { resultInfoOf } from '../worker/job-events';
import type { ResultRefs } from '../worker/protocol';
import type { WorkerClient } from '../worker/worker-client';
import { toErrorReport, UserFacingError } from './errors';
import { DEFAULT_MAX_PIXELS } from './limits';
import type { BatchRequest } from './batch-export';
import { QueueProgress } from './queue-progress';
import { parsePaletteFormat, parseSummaryFormat } from './palette-export';
import type { Session } from './session';

/** How a host turns its files into URLs its renderer can load. */
export interface MediaUrls {
  image(imageId: string): string;
  result(jobId: string): string;
}

/** A name to show and to derive output names from: one path segment, at most 255 characters. */
export function safeFileName(name: string): string {
  const cleaned = Array.from(name, (char) =>
    char < ' ' || char === '/' || char === '\\' ? '_' : char,
  );
  return cleaned.join('').slice(0, 255) || 'image';
}

/** Formats every browser shows in an <img>; others get a PNG preview. */
const BROWSER_VIEWABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'avif']);

export interface ServiceLimits {
  /** Images with more pixels are refused before decoding. Default DEFAULT_MAX_PIXELS (100 MP). */
  maxPixels?: number;
}

export class PalettizeService {
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly queueListeners = new Set<(fraction: number | null) => void>();
  private readonly queue = new QueueProgress();
  private readonly running = new Map<JobId, AbortController>();
  private readonly maxPixels: number;

  constructor(
    private readonly worker: WorkerClient,
    readonly session: Session,
    private readonly urls: MediaUrls,
    limits: ServiceLimits = {},
  ) {
    this.maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  }

  /** Decodes the file at `path` in the worker and registers it; `displayName` is what the user sees. */
  async openImage(path: string, displayName: string = basename(path)): Promise<ImageInfo> {
    const facts = await this.worker.inspect(path, { displayName, maxPixels: this.maxPixels });
    const id = this.session.newId();
    const info: ImageInfo = { id, name: displayName, ...facts, viewUrl: this.urls.image(id) };
    const previewPath = BROWSER_VIEWABLE.has(facts.format) ? null : await this.preview(path, id);
    this.session.addImage({ info, path, previewPath });
    return info;
  }

  /**
   * Opens an image that is not a file of the user's (a web upload, a pasted image, the sample):
   * `write` puts its bytes at a private path first; the copy is removed if it cannot be opened.
   */
  async openCopy(name: string, write: (path: string) => Promise<void>): Promise<ImageInfo> {
    const displayName = safeFileName(name);
    const path = this.session.privatePath(this.session.newId(), displayName);
    try {
      await write(path);
      return await this.openImage(path, displayName);
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  /** Validates the request, queues the job and returns its id; the outcome arrives as events. */
  startJob(imageId: string, rawSettings: unknown): JobId {
    const image = this.session.image(imageId);
    if (!image) throw new UserFacingError('bad-request', 'That image is no longer open.');
    const settings = parseQuantizeSettings(rawSettings);
    const jobId = this.session.newId();
    const controller = new AbortController();
    this.running.set(jobId, controller);
    this.queue.started(jobId);
    void this.run(jobId, image.info, image.path, settings, controller.signal);
    return jobId;
  }

  cancelJob(jobId: string): void {
    this.running.get(jobId)?.abort();
  }

  onJobEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to the progress of all queued jobs together (0..1, null when idle). */
  onQueueProgress(listener: (fraction: number | null) => void): () => void {
    this.queueListeners.add(listener);
    return () => this.queueListeners.delete(listener);
  }

  /** Checks an "export all" request: known results, known formats. */
  batchRequest(jobIds: unknown, options: unknown): BatchRequest {
    if (!Array.isArray(jobIds) || jobIds.length === 0 || jobIds.length > 4096) {
      throw new UserFacingError('bad-request', 'Export all needs the list of results to export.');
    }
    const { paletteFormats = [], summary = [] } = (options ?? {}) as Record<string, unknown>;
    if (!Array.isArray(paletteFormats) || !Array.isArray(summary)) {
      throw new UserFacingError(
        'bad-request',
        'Export all needs lists of palette and summary formats.',
      );
    }
    const results = jobIds.map((jobId) => {
      const result = this.session.result(parseId(jobId, 'job id'));
      if (!result) throw new UserFacingError('not-found', 'A result to export no longer exists.');
      const image = this.session.image(result.info.imageId);
      const original = {
        name: image?.info.name ?? result.info.suggestedName,
        fileBytes: image?.info.fileBytes ?? 0,
      };
      return { ...result, original };
    });
    return {
      results,
      paletteFormats: [...new Set(paletteFormats.map(parsePaletteFormat))],
      summary: [...new Set(summary.map(parseSummaryFormat))],
    };
  }

  /** A seeded sample of an image's or a result's pixels (the same positions for both). */
  async samplePixels(target: unknown, count: unknown): Promise<PixelSample> {
    const size = parseSampleSize(count);
    const { imageId, jobId } = (
      typeof target === 'object' && target !== null ? target : {}
    ) as Record<string, unknown>;
    if (imageId !== undefined) {
      const image = this.session.image(parseId(imageId, 'image id'));
      if (!image) throw new UserFacingError('not-found', 'That image is no longer open.');
      return this.worker.sample(image.path, size);
    }
    const result = this.session.result(parseId(jobId, 'job id'));
    if (!result) throw new UserFacingError('not-found', 'That result no longer exists.');
    return this.worker.sample(result.path, size);
  }

  /** Bytes of the original as a lossless PNG, measured once per image. */
  measureLosslessPng(imageId: unknown): Promise<number> {
    const image = this.session.image(parseId(imageId, 'image id'));
    if (!image)
      return Promise.reject(new UserFacingError('not-found', 'That image is no longer open.'));
    image.losslessPngBytes ??= this.worker.losslessSize(image.path).then((answer) => answer.bytes);
    image.losslessPngBytes.catch(() => (image.losslessPngBytes = undefined));
    return image.losslessPngBytes;
  }

  /** The file to show for an image: its preview, or the original. */
  imageFile(imageId: string): string | undefined {
    const image = this.session.image(imageId);
    return image ? (image.previewPath ?? image.path) : undefined;
  }

  resultFile(jobId: string): { path: string; info: ResultInfo } | undefined {
    return this.session.result(jobId);
  }

  /** The worker's process id (for diagnostics and crash tests), or null when none runs. */
  get workerPid(): number | null {
    return this.worker.workerPid;
  }

  /** Stops the worker without closing the back end (a window closed); the next job starts one. */
  stopWorker(): void {
    for (const controller of this.running.values()) controller.abort();
    this.worker.stopWorker('The window closed.');
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.worker.dispose();
    this.session.dispose();
  }

  private async run(
    jobId: JobId,
    image: ImageInfo,
    inputPath: string,
    settings: QuantizeSettings,
    signal: AbortSignal,
  ): Promise<void> {
    const outputPath = this.session.resultPath(jobId);
    // The worker builds the renderer's events from these too, in the desktop app.
    const job: ResultRefs = {
      jobId,
      imageId: image.id,
      viewUrl: this.urls.result(jobId),
      suggestedName: `${parse(image.name).name}-${settings.colours}.png`,
    };
    try {
      const figures = await this.worker.quantize(inputPath, outputPath, settings, {
        signal,
        onProgress: (stage, fraction) => this.emit({ type: 'progress', jobId, stage, fraction }),
        job,
      });
      const info: ResultInfo = resultInfoOf(figures, job);
      this.session.addResult({ info, path: outputPath });
      this.emit({ type: 'done', jobId, result: info });
    } catch (error) {
      this.emit({ type: 'failed', jobId, error: toErrorReport(error) as ApiErrorReport });
    } finally {
      this.running.delete(jobId);
    }
  }

  /** A PNG copy for display of a format browsers cannot show (TIFF, HEIF, SVG...). */
  private async preview(path: string, id: string): Promise<string> {
    const previewPath = this.session.privatePath(`${id}-preview`, 'preview.png');
    await this.worker.preview(path, previewPath);
    return previewPath;
  }

  private emit(event: JobEvent): void {
    if (event.type === 'progress') this.queue.progressed(event.jobId, event.fraction);
    else this.queue.ended(event.jobId);
    for (const listener of this.listeners) listener(event);
    const fraction = this.queue.fraction;
    for (const listener of this.queueListeners) listener(fraction);
  }
}
