/**
 * Writing files so that a crash, a full disk or a kill never leaves a half-written file where a
 * good one was: write a temporary file beside the target, flush it, then rename it into place.
 */
import { randomBytes } from 'node:crypto';
import { access, link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserFacingError } from './errors';

export interface WriteOptions {
  /** Replace an existing file. Without it, an existing target is an error and stays untouched. */
  overwrite?: boolean;
}

export async function writeFileAtomic(
  target: string,
  data: Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(temporary, target);
    } else {
      await linkWithoutReplacing(temporary, target);
    }
  } catch (error) {
    throw describeWriteError(target, error);
  } finally {
    await rm(temporary, { force: true }).catch(() => undefined); // nothing to clean if it was never made
  }
}

/** link() fails with EEXIST instead of replacing: no race between a check and the rename. */
async function linkWithoutReplacing(temporary: string, target: string): Promise<void> {
  try {
    await link(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTSUP' && code !== 'EPERM' && code !== 'EXDEV') throw error;
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (await fileExists(target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    await rename(temporary, target);
  }
}

/** True when something exists at `path` (a file, a folder, a link). */
export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function describeWriteError(target: string, error: unknown): UserFacingError {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    EEXIST: 'a file with that name already exists (choose to replace it, or another name)',
    ENOENT: 'the folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the folder is read-only',
    ENOSPC: 'the disk is full',
    EISDIR: 'a folder has that name',
    ENOTDIR: 'part of the path is not a folder',
  };
  const reason =
    (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
  return new UserFacingError('write-failed', `Cannot write ${target}: ${reason}.`);
}
