/**
 * Tests of a read-only folder, whoever runs them. Root writes wherever it likes, so a folder made
 * read-only refuses only other users, and CI runs the suite as root: there the code under test
 * runs in a child process as `nobody`, which the folder does refuse.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** Who a child process runs as: this process's own user, or `nobody`'s ids. */
export type ChildUser = { uid?: number; gid?: number };

/** Debian's `nobody` and `nogroup`. */
const NOBODY = { uid: 65534, gid: 65534 };

let checked: ChildUser | null | undefined;

/**
 * The user a read-only folder refuses: this process's own unless it is root; `nobody` when it
 * is root and `nobody` can read the repository (a clone in root's home, say, is out of its
 * reach); null when neither.
 */
export function userRefusedByReadOnly(): ChildUser | null {
  if (checked !== undefined) return checked;
  if (process.getuid?.() !== 0) return (checked = {});
  try {
    const probe = `require('node:fs').accessSync(${JSON.stringify(join(repoRoot, 'package.json'))})`;
    execFileSync(process.execPath, ['-e', probe], { ...NOBODY, stdio: 'ignore' });
    return (checked = NOBODY);
  } catch {
    return (checked = null);
  }
}

/** Runs Node with `args` as `user`, from the repository; its exit code and output. */
export function runNodeAs(
  user: ChildUser,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { ...user, cwd: repoRoot, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
