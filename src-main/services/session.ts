/**
 * What one running back end knows: the images the user opened and the results made from them.
 * Results (and web uploads) live in a private temporary folder removed on close; the user's own
 * files are only ever read.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import type { ImageInfo, ResultInfo } from '../api/contract';

export interface OpenedImage {
  info: ImageInfo;
  /** Where the pixels are read from. */
  path: string;
  /** Where the renderer's copy for display is, when the original is not browser-viewable. */
  previewPath: string | null;
  /** Size of the original as a lossless PNG, once asked for. */
  losslessPngBytes?: Promise<number>;
}

export interface FinishedResult {
  info: ResultInfo;
  path: string;
}

export class Session {
  readonly folder = mkdtempSync(join(tmpdir(), 'palettize-'));
  private readonly images = new Map<string, OpenedImage>();
  private readonly results = new Map<string, FinishedResult>();

  newId(): string {
    return randomUUID();
  }

  /** A fresh private path for a file with this name (an upload, a preview). */
  privatePath(id: string, name: string): string {
    const { ext } = parse(name);
    const safeExt = /^\.[a-z0-9]{1,5}$/i.test(ext) ? ext.toLowerCase() : '';
    return join(this.folder, `${id}${safeExt}`);
  }

  resultPath(jobId: string): string {
    return join(this.folder, `result-${jobId}.png`);
  }

  addImage(image: OpenedImage): void {
    this.images.set(image.info.id, image);
  }

  image(id: string): OpenedImage | undefined {
    return this.images.get(id);
  }

  addResult(result: FinishedResult): void {
    this.results.set(result.info.jobId, result);
  }

  result(jobId: string): FinishedResult | undefined {
    return this.results.get(jobId);
  }

  dispose(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}
