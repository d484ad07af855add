/**
 * The desktop app's IPC handlers, as plain functions so that they run and are tested without
 * Electron. Each checks its sender (only our own renderer, served from APP_ORIGIN) and its
 * arguments, and answers an Outcome so that the renderer gets the error's code and message.
 */
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { writeFileAtomic } from '../services/atomic-file';
import { toErrorReport, UserFacingError } from '../services/errors';
import type { PalettizeService } from '../services/palettize-service';
import type { ExportOutcome, ImageInfo, JobId, Outcome } from '../api/contract';
import { APP_ORIGIN, IPC } from './ipc-channels';
import { parseId } from '../api/validate';

export interface DesktopDialogs {
  /** Asks where to save; null when the user cancels. The native dialog confirms replacing a file. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
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
    [IPC.startJob]: guarded(async ([imageId, settings]): Promise<JobId> =>
      service.startJob(parseId(imageId, 'image id'), settings),
    ),
    [IPC.cancelJob]: guarded(async ([jobId]) => {
      service.cancelJob(parseId(jobId, 'job id'));
      return null;
    }),
    [IPC.exportResult]: guarded(async ([jobId]): Promise<ExportOutcome> => {
      const result = service.resultFile(parseId(jobId, 'job id'));
      if (!result) throw new UserFacingError('not-found', 'That result no longer exists.');
      const target = await dialogs.chooseSavePath(result.info.suggestedName);
      if (!target) return { saved: false };
      // The save dialog asked before replacing an existing file: that is the user's consent.
      await writeFileAtomic(target, await readFile(result.path), { overwrite: true });
      return { saved: true, location: target };
    }),
  };
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
