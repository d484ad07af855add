/**
 * The desktop app's IPC handlers, as plain functions so that they run and are tested without
 * Electron. Each checks its sender (only our own renderer, served from APP_ORIGIN) and its
 * arguments, and answers an Outcome so that the renderer gets the error's code and message.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { writeFileAtomic } from '../services/atomic-file';
import { toErrorReport, UserFacingError } from '../services/errors';
import { batchFiles, existingNames, writeBatchToFolder } from '../services/batch-export';
import { paletteFile, parsePaletteFormat } from '../services/palette-export';
import type { PalettizeService } from '../services/palettize-service';
import type { ExportOutcome, ImageInfo, JobId, Outcome } from '../api/contract';
import { APP_ORIGIN, IPC } from './ipc-channels';
import { parseId } from '../api/validate';

/** Largest image a renderer may hand over as bytes (a pasted image, the sample). */
export const MAX_OPEN_BYTES = 512 * 2 ** 20;

export interface DesktopDialogs {
  /** Asks where to save; null when the user cancels. The native dialog confirms replacing a file. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Asks for a folder to export into; null when the user cancels. */
  chooseFolder(): Promise<string | null>;
  /** Asks whether to replace these existing files; true only when the user agrees. */
  confirmReplace(folder: string, names: string[]): Promise<boolean>;
}

/** Asks where to save and writes there; the dialog asked before replacing a file: that is consent. */
async function saveWithDialog(
  dialogs: DesktopDialogs,
  suggestedName: string,
  bytes: () => Promise<Uint8Array>,
): Promise<ExportOutcome> {
  const target = await dialogs.chooseSavePath(suggestedName);
  if (!target) return { saved: false };
  await writeFileAtomic(target, await bytes(), { overwrite: true });
  return { saved: true, location: target };
}

type Handler = (senderUrl: string | undefined, args: unknown[]) => Promise<Outcome<unknown>>;

export function createIpcHandlers(
  service: PalettizeService,
  dialogs: DesktopDialogs,
): Record<string, Handler> {
  return {
    [IPC.openPath]: guarded(async ([path]): Promise<ImageInfo> => {
      if (typeof path !== 'string' || !isAbsolute(path)) {
        throw new UserFacingError('bad-request', 'Open needs the absolute path of a file.');
      }
      return service.openImage(path, basename(path));
    }),
    // A pasted image or the bundled sample: no file on disk, so its bytes come over IPC.
    [IPC.openBytes]: guarded(async ([name, bytes]): Promise<ImageInfo> => {
      if (typeof name !== 'string' || name.length === 0 || name.length > 255) {
        throw new UserFacingError('bad-request', 'Open needs the file name.');
      }
      if (
        !(bytes instanceof ArrayBuffer || bytes instanceof Uint8Array) ||
        bytes.byteLength > MAX_OPEN_BYTES
      ) {
        throw new UserFacingError(
          'bad-request',
          `Open takes the file's bytes, at most ${MAX_OPEN_BYTES / 2 ** 20} MiB.`,
        );
      }
      const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
      return service.openCopy(name, (path) => writeFile(path, data, { flag: 'wx' }));
    }),
    [IPC.startJob]: guarded(async ([imageId, settings]): Promise<JobId> =>
      service.startJob(parseId(imageId, 'image id'), settings),
    ),
    [IPC.cancelJob]: guarded(async ([jobId]) => {
      service.cancelJob(parseId(jobId, 'job id'));
      return null;
    }),
    [IPC.exportResult]: guarded(async ([jobId]): Promise<ExportOutcome> => {
      const result = existingResult(service, jobId);
      return saveWithDialog(dialogs, result.info.suggestedName, () => readFile(result.path));
    }),
    [IPC.exportAll]: guarded(async ([jobIds, options]): Promise<ExportOutcome> => {
      const files = batchFiles(service.batchRequest(jobIds, options));
      const folder = await dialogs.chooseFolder();
      if (!folder) return { saved: false };
      const existing = await existingNames(files, folder);
      const overwrite = existing.length > 0;
      if (overwrite && !(await dialogs.confirmReplace(folder, existing))) return { saved: false };
      await writeBatchToFolder(files, folder, { overwrite });
      return { saved: true, location: folder };
    }),
    [IPC.samplePixels]: guarded(async ([target, count]) => service.samplePixels(target, count)),
    [IPC.measureLosslessPng]: guarded(async ([imageId]) => service.measureLosslessPng(imageId)),
    [IPC.exportPalette]: guarded(async ([jobId, format]): Promise<ExportOutcome> => {
      const result = existingResult(service, jobId);
      const file = await paletteFile(result.info, parsePaletteFormat(format));
      return saveWithDialog(dialogs, file.fileName, async () => file.bytes);
    }),
  };
}

function existingResult(service: PalettizeService, jobId: unknown) {
  const result = service.resultFile(parseId(jobId, 'job id'));
  if (!result) throw new UserFacingError('not-found', 'That result no longer exists.');
  return result;
}

/** True for frames of our own renderer. */
export function isTrustedSender(senderUrl: string | undefined): boolean {
  return typeof senderUrl === 'string' && senderUrl.startsWith(`${APP_ORIGIN}/`);
}

function guarded<T>(handler: (args: unknown[]) => Promise<T>): Handler {
  return async (senderUrl, args) => {
    try {
      if (!isTrustedSender(senderUrl)) {
        throw new UserFacingError('bad-request', 'IPC from an untrusted frame was refused.');
      }
      return { ok: true, value: await handler(args) };
    } catch (error) {
      return { ok: false, error: toErrorReport(error) };
    }
  };
}
